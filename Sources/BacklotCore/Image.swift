/// A linear-light floating-point image with any number of named channels.
///
/// Layout: planar Float32, one array per channel (`planes[c]`), row-major, origin top-left: pixel `(x, y)`
/// of a plane sits at `y * width + x`, where `(0, 0)` is the top-left corner of the *data window*. The
/// display window (the frame) may be larger (a crop) or smaller (overscan) than the data window, exactly as
/// in OpenEXR. Planes are separate arrays so that channels can be selected, added or handed on without
/// copying pixels (arrays share their storage until one is changed).
///
/// Colour channels hold scene-linear values in `colorSpace`; transfer curves (sRGB) are applied only when
/// reading or writing integer file formats. `alpha` says whether colour is straight or premultiplied.
public struct Image: Sendable {
    /// Channel names in plane order, e.g. `["R", "G", "B", "A"]`, `["Y"]` or `["matte.A"]`.
    public var channelNames: [String]
    /// The samples, one array of `width * height` per channel, in `channelNames` order.
    public var planes: [[Float]]
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
        self.init(planes: channels.map { _ in [Float](parallelRepeating: value, count: width * height) }, channels: channels,
                  dataWindow: window, displayWindow: window, colorSpace: colorSpace, alpha: alpha)
    }

    /// Creates an image from one array per channel (kept as they are, not copied).
    ///
    /// Every plane must hold `dataWindow.width * dataWindow.height` samples.
    public init(
        planes: [[Float]], channels: [String], dataWindow: PixelWindow, displayWindow: PixelWindow,
        colorSpace: ColorSpace = .linearRec709, alpha: AlphaState? = nil
    ) {
        precondition(!dataWindow.isEmpty, "data window must hold at least one pixel")
        let n = dataWindow.width * dataWindow.height
        precondition(planes.count == channels.count && planes.allSatisfy { $0.count == n },
                     "planes do not match the data window and channel count")
        self.channelNames = channels
        self.planes = planes
        self.dataWindow = dataWindow
        self.displayWindow = displayWindow
        self.colorSpace = colorSpace
        self.alpha = alpha ?? (channels.contains(where: Image.isAlphaName) && channels.count > 1 ? .premultiplied : .none)
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
        get { planes[c][y * width + x] }
        set { planes[c][y * width + x] = newValue }
    }

    /// A new image holding only the named channels, in the given order (planes shared, not copied).
    public func selecting(_ names: [String]) -> Image? {
        if names == channelNames { return self }
        var picked: [[Float]] = []
        for name in names {
            guard let c = channelIndex(name) else { return nil }
            picked.append(planes[c])
        }
        let keepsAlpha = names.contains(where: Image.isAlphaName) && names.count > 1
        return Image(planes: picked, channels: names, dataWindow: dataWindow, displayWindow: displayWindow,
                     colorSpace: colorSpace, alpha: keepsAlpha ? alpha : AlphaState.none)
    }

    /// Whether a channel name denotes alpha: `A`, `a` or a layered `layer.A`.
    public static func isAlphaName(_ name: String) -> Bool {
        name == "A" || name == "a" || name.hasSuffix(".A")
    }
}
