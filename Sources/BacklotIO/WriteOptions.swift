import BacklotCore

/// How samples are stored in a file.
public enum SampleType: String, Sendable, CaseIterable {
    /// 8-bit unsigned integer (PNG, TIFF, JPEG).
    case uint8
    /// 16-bit unsigned integer (PNG, TIFF).
    case uint16
    /// 16-bit float (EXR).
    case half
    /// 32-bit float (EXR, TIFF).
    case float
    /// 32-bit unsigned integer (EXR ID channels; read as float).
    case uint32
}

/// Options for writing an image file. Defaults suit each format: half PIZ for EXR, 8-bit sRGB elsewhere.
public struct WriteOptions: Sendable {
    /// The sample type; `nil` picks the format's default (half for EXR, 8-bit otherwise).
    public var sampleType: SampleType?
    /// EXR compression.
    public var compression: EXRCompression
    /// Whether integer samples carry the sRGB curve (true, the convention) or are linear.
    public var srgbTransfer: Bool
    /// Extra EXR attributes, as strings; OpenEXR's standard numeric ones (`isoSpeed`, `expTime`, `aperture`,
    /// `focus`) are written as floats when their text is a number.
    public var attributes: [String: String]
    /// zlib level for PNG (speed over size by default).
    public var pngLevel: Int32
    /// JPEG quality 1–100.
    public var jpegQuality: Int32
    /// How EXR stores colour that has alpha: `.premultiplied` (the OpenEXR convention) or `.straight` (a
    /// straight foreground pass, tagged `alphaMode "straight"` in the header).
    public var exrAlpha: AlphaState

    public init(
        sampleType: SampleType? = nil, compression: EXRCompression = .piz, srgbTransfer: Bool = true,
        attributes: [String: String] = [:], pngLevel: Int32 = 3, jpegQuality: Int32 = 92,
        exrAlpha: AlphaState = .premultiplied
    ) {
        self.sampleType = sampleType
        self.compression = compression
        self.srgbTransfer = srgbTransfer
        self.attributes = attributes
        self.pngLevel = pngLevel
        self.jpegQuality = jpegQuality
        self.exrAlpha = exrAlpha
    }

    /// The sample type used for `format`.
    public func resolvedSampleType(for format: ImageFormat) -> SampleType {
        switch (format, sampleType) {
        case (.exr, .float): .float
        case (.exr, _): .half
        case (.png, .uint16), (.tiff, .uint16): .uint16
        case (.tiff, .float), (.tiff, .half): .float
        case (.png, .float), (.png, .half): .uint16
        default: .uint8
        }
    }
}
