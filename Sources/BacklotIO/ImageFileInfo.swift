import BacklotCore
import Foundation

/// What an image file holds, for `backlot info`.
public struct ImageFileInfo: Sendable {
    public var path: String
    public var format: ImageFormat
    public var dataWindow: PixelWindow
    public var displayWindow: PixelWindow
    /// Channel names with the sample type stored in the file.
    public var channels: [(name: String, type: SampleType)]
    /// EXR compression (nil for other formats).
    public var compression: EXRCompression?
    public var colorSpace: ColorSpace
    /// Whether integer samples are sRGB-encoded (true for PNG/JPEG/integer TIFF).
    public var srgbEncoded: Bool
    /// The full EXR header (nil for other formats).
    public var exrHeader: EXRHeader?

    /// Inspects `path`: reads the header of an EXR, decodes other formats.
    public static func inspect(_ path: String) throws(ImageFileError) -> ImageFileInfo {
        try InputFile.check(path)
        switch ImageFormat.sniff(path: path) {
        case .exr:
            let h = try EXR.header(path)
            return ImageFileInfo(path: path, format: .exr, dataWindow: h.dataWindow, displayWindow: h.displayWindow,
                                 channels: EXR.orderedChannelIndices(h.channels.map(\.name)).map { (h.channels[$0].name, h.channels[$0].sampleType) }, compression: h.compression,
                                 colorSpace: h.colorSpace, srgbEncoded: false, exrHeader: h)
        case let format?:
            let (image, stored) = try RasterCodec.readWithDepth(path, format: format)
            return ImageFileInfo(path: path, format: format, dataWindow: image.dataWindow, displayWindow: image.displayWindow,
                                 channels: image.channelNames.map { ($0, stored) }, compression: nil,
                                 colorSpace: image.colorSpace, srgbEncoded: stored != .float, exrHeader: nil)
        case nil:
            _ = try ImageIO.read(path)  // produces the precise error
            throw ImageFileError(path, "unknown image format")
        }
    }
}
