import BacklotCore
import Foundation

/// Reads and writes still images in any supported format, chosen by extension and checked by content.
public enum ImageIO {
    /// Reads `path` into a linear float image.
    ///
    /// EXR keeps its channels, windows and colour space; PNG, TIFF (integer) and JPEG are decoded from sRGB
    /// to linear Rec.709 with straight alpha; DPX from the curve its header names (through FFmpeg).
    public static func read(_ path: String) throws(ImageFileError) -> Image {
        try InputFile.check(path)
        if DPX.sniff(path: path) { return try DPX.read(path) }
        guard let sniffed = ImageFormat.sniff(path: path) else {
            let expected = ImageFormat(path: path).map { "not a valid \($0.rawValue.uppercased()) file" }
            throw ImageFileError(path, (expected ?? "unknown image format") + " (unrecognised file signature)")
        }
        switch sniffed {
        case .exr: return try EXR.read(path)
        default: return try RasterCodec.read(path, format: sniffed)
        }
    }

    /// Writes `image` to `path` in the format its extension names, via a temporary file and a rename.
    ///
    /// Each format gets its convention: EXR colour premultiplied (straight colour is premultiplied as it is
    /// stored, without a copy) unless `options.exrAlpha` asks for straight; integer formats straight colour,
    /// sRGB-encoded unless `options.srgbTransfer` is false.
    ///
    /// - Returns: What the user should know about the file written (samples clamped to the half range).
    @discardableResult
    public static func write(_ image: Image, to path: String, options: WriteOptions = WriteOptions()) throws -> WriteReport {
        guard let format = ImageFormat(path: path) else {
            throw ImageFileError(path, "unknown output format (use .exr, .png, .tif or .jpg)")
        }
        switch format {
        case .exr:
            let sampleType = options.resolvedSampleType(for: .exr)
            if image.alpha == .straight, options.exrAlpha == .premultiplied, let a = image.alphaIndex {
                // Colour and alpha as two layers: the colour is multiplied by alpha as it is stored.
                let alphaName = image.channelNames[a]
                let colour = image.selecting(image.channelNames.filter { $0 != alphaName })!
                let clamped = try EXR.write(layers: [colour, image.selecting([alphaName])!], to: path, sampleType: sampleType,
                                            compression: options.compression, attributes: options.attributes,
                                            premultiplyingBy: alphaName)
                return WriteReport(clampedSamples: clamped)
            }
            var image = image
            if options.exrAlpha == .straight { image.unpremultiply() }
            return WriteReport(clampedSamples: try EXR.write(image, to: path, sampleType: sampleType,
                                                             compression: options.compression, attributes: options.attributes))
        default:
            try RasterCodec.write(image, to: path, format: format, options: options)
            return WriteReport()
        }
    }
}

/// What a write did that the user should know.
public struct WriteReport: Sendable, Equatable {
    /// Samples beyond ±65504 stored as ±65504 in half-float channels (they would have become infinity).
    public var clampedSamples = 0

    public init(clampedSamples: Int = 0) { self.clampedSamples = clampedSamples }
}
