/// A linear-light floating-point image with any number of named channels.
///
/// Layout: planar Float32, row-major, origin top-left. Channel `c` occupies
/// `pixels[c * planeSize ..< (c + 1) * planeSize]`, and pixel `(x, y)` of a plane sits at `y * width + x`,
/// where `(0, 0)` is the top-left corner of the *data window*. The display window (the frame) may be larger
/// (a crop) or smaller (overscan) than the data window, exactly as in OpenEXR.
///
/// Colour channels hold scene-linear values in `colorSpace`; transfer curves (sRGB) are applied only when
/// reading or writing integer file formats. `alpha` says whether colour is straight or premultiplied.
public struct Image: Sendable {
    /// Channel names in plane order, e.g. `["R", "G", "B", "A"]`, `["Y"]` or `["matte.A"]`.
    public var channelNames: [String]
    /// All samples, one contiguous plane per channel (see the type's discussion for the layout).
    public var pixels: [Float]
    /// The rectangle of pixels this image holds, in the coordinates of the display window.
    public let dataWindow: PixelWindow
    /// The frame the image belongs to (OpenEXR's display window).
    public var displayWindow: PixelWindow
    /// The linear colour space of the colour channels.
    public var colorSpace: ColorSpace
    /// Whether colour is straight or premultiplied by alpha.
    public var alpha: AlphaState

    /// Creates an image filled with `value`.
    ///
    /// - Parameters:
    ///   - width: Columns of the data window (at least 1).
    ///   - height: Rows of the data window (at least 1).
    ///   - channels: Channel names in plane order.
    ///   - value: The initial value of every sample.
    public init(
        width: Int, height: Int, channels: [String], fill value: Float = 0,
        colorSpace: ColorSpace = .linearRec709, alpha: AlphaState? = nil
    ) {
        precondition(width > 0 && height > 0, "image size must be positive")
        let window = PixelWindow(width: width, height: height)
        self.init(
            dataWindow: window, displayWindow: window, channels: channels,
            pixels: [Float](repeating: value, count: width * height * channels.count),
            colorSpace: colorSpace, alpha: alpha)
    }

    /// Creates an image from existing planar samples.
    ///
    /// `pixels.count` must equal `dataWindow.width * dataWindow.height * channels.count`.
    public init(
        dataWindow: PixelWindow, displayWindow: PixelWindow, channels: [String], pixels: [Float],
        colorSpace: ColorSpace = .linearRec709, alpha: AlphaState? = nil
    ) {
        precondition(!dataWindow.isEmpty, "data window must hold at least one pixel")
        precondition(pixels.count == dataWindow.width * dataWindow.height * channels.count,
                     "pixel count does not match the data window and channel count")
        self.channelNames = channels
        self.pixels = pixels
        self.dataWindow = dataWindow
        self.displayWindow = displayWindow
        self.colorSpace = colorSpace
        self.alpha = alpha ?? (channels.contains(where: Image.isAlphaName) && channels.count > 1 ? .premultiplied : .none)
    }

    /// Creates an image from one array per channel (copied side by side into one buffer, in parallel).
    public init(
        planes: [[Float]], channels: [String], dataWindow: PixelWindow, displayWindow: PixelWindow,
        colorSpace: ColorSpace = .linearRec709, alpha: AlphaState? = nil
    ) {
        let n = dataWindow.width * dataWindow.height
        precondition(planes.count == channels.count && planes.allSatisfy { $0.count == n })
        let pixels = [Float](unsafeUninitializedCapacity: n * planes.count) { buf, initialised in
            let base = UncheckedPointer(buf.baseAddress!)
            Parallel.forEach(planes.count) { c in
                planes[c].withUnsafeBufferPointer { src in
                    (base.pointer + c * n).initialize(from: src.baseAddress!, count: n)
                }
            }
            initialised = n * planes.count
        }
        self.init(dataWindow: dataWindow, displayWindow: displayWindow, channels: channels, pixels: pixels,
                  colorSpace: colorSpace, alpha: alpha)
    }

    /// Columns of the data window.
    public var width: Int { dataWindow.width }
    /// Rows of the data window.
    public var height: Int { dataWindow.height }
    /// Samples in one channel plane (`width * height`).
    public var planeSize: Int { dataWindow.width * dataWindow.height }
    /// Number of channels.
    public var channelCount: Int { channelNames.count }

    /// The plane index of the channel called `name`, if present.
    public func channelIndex(_ name: String) -> Int? { channelNames.firstIndex(of: name) }

    /// The plane index of the alpha channel (`A`, or `*.A` for a layered name), if any.
    public var alphaIndex: Int? { channelNames.firstIndex(where: Image.isAlphaName) }

    /// The sample of channel `c` at data-window column `x`, row `y`.
    public subscript(x: Int, y: Int, c: Int) -> Float {
        get { pixels[c * planeSize + y * width + x] }
        set { pixels[c * planeSize + y * width + x] = newValue }
    }

    /// The samples of channel `c` as a contiguous array.
    public func plane(_ c: Int) -> [Float] {
        Array(pixels[c * planeSize ..< (c + 1) * planeSize])
    }

    /// Replaces the samples of channel `c`.
    public mutating func setPlane(_ c: Int, _ values: [Float]) {
        precondition(values.count == planeSize)
        pixels.replaceSubrange(c * planeSize ..< (c + 1) * planeSize, with: values)
    }

    /// A new image holding only the named channels, in the given order.
    public func selecting(_ names: [String]) -> Image? {
        if names == channelNames { return self }
        var planes: [Float] = []
        planes.reserveCapacity(planeSize * names.count)
        for name in names {
            guard let c = channelIndex(name) else { return nil }
            planes.append(contentsOf: pixels[c * planeSize ..< (c + 1) * planeSize])
        }
        var out = Image(dataWindow: dataWindow, displayWindow: displayWindow, channels: names,
                        pixels: planes, colorSpace: colorSpace)
        out.alpha = names.contains(where: Image.isAlphaName) && names.count > 1 ? alpha : .none
        return out
    }

    /// Whether a channel name denotes alpha: `A`, `a` or a layered `layer.A`.
    public static func isAlphaName(_ name: String) -> Bool {
        name == "A" || name == "a" || name.hasSuffix(".A")
    }
}
