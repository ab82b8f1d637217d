/// How the colour channels of an image relate to its alpha channel.
public enum AlphaState: String, Sendable, Hashable {
    /// The image has no alpha channel.
    case none
    /// Colour is independent of alpha (PNG, TIFF and JPEG convention; Backlot's straight foreground pass).
    case straight
    /// Colour has been multiplied by alpha (OpenEXR convention).
    case premultiplied
}
