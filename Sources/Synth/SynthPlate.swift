import BacklotCore

/// A synthetic keying plate and its exact ground truth, all in linear Rec.709.
public struct SynthPlate: Sendable {
    /// What the camera saw: `alpha * spilledForeground + (1 - alpha) * background`, plus sensor noise (RGB).
    public var composite: Image
    /// The true straight (unpremultiplied) foreground colour, without spill (RGB; 0 where alpha is 0).
    public var foreground: Image
    /// The true linear alpha (one channel, `A`).
    public var alpha: Image
    /// The clean screen behind the subject (RGB).
    public var background: Image
    /// A coarse hint mask like a user's quick roto or a low-resolution segmentation (one channel, `Y`).
    public var hint: Image
    /// A different background to re-composite over when scoring (RGB).
    public var newBackground: Image
    /// The settings that made it.
    public var settings: SynthSettings

    /// The true premultiplied RGBA (what a perfect keyer writes as its `rgba` pass).
    public var premultipliedRGBA: Image {
        var out = foreground
        out.channelNames = ["R", "G", "B", "A"]
        out.planes += alpha.planes
        out.alpha = .straight
        out.premultiply()
        return out
    }
}
