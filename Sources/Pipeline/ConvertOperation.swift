import BacklotCore

/// The simplest operation: each frame as it is, optionally converted to another linear colour space. With the
/// pipeline around it, it converts stills, sequences and videos between formats, depths and compressions.
public struct ConvertOperation: FrameOperation {
    /// The one output: the converted frame.
    public enum Pass: Hashable, Sendable { case image }

    /// The linear colour space to convert to, or nil to keep the frame's own.
    public var colorSpace: ColorSpace?

    public init(colorSpace: ColorSpace? = nil) { self.colorSpace = colorSpace }

    public var name: String { "convert" }
    public var radius: Int { 0 }

    public func process(_ window: FrameWindow, passes: Set<Pass>) throws -> FrameResult<Pass> {
        var image = window.image
        // A 3x3 matrix commutes with premultiplication, so alpha needs no care here.
        if let colorSpace { image.convert(to: colorSpace) }
        return FrameResult(images: [.image: image])
    }
}
