/// An inclusive rectangle of pixel coordinates, as OpenEXR's `Box2i` (data window, display window).
///
/// `min` and `max` are both inside the window, so a 1920x1080 frame is `(0,0)-(1919,1079)`.
public struct PixelWindow: Hashable, Sendable, CustomStringConvertible {
    public var minX: Int
    public var minY: Int
    public var maxX: Int
    public var maxY: Int

    /// Creates a window from its inclusive corners.
    public init(minX: Int, minY: Int, maxX: Int, maxY: Int) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// A window of `width` x `height` pixels with its top-left corner at the origin.
    public init(width: Int, height: Int) {
        self.init(minX: 0, minY: 0, maxX: width - 1, maxY: height - 1)
    }

    /// Number of pixel columns.
    public var width: Int { maxX - minX + 1 }
    /// Number of pixel rows.
    public var height: Int { maxY - minY + 1 }
    /// Whether the window holds no pixel.
    public var isEmpty: Bool { maxX < minX || maxY < minY }

    /// `(minX, minY) - (maxX, maxY)`, the way `exrheader` prints a box.
    public var description: String { "(\(minX) \(minY)) - (\(maxX) \(maxY))" }
}
