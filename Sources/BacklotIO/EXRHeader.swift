import BacklotCore

/// What an OpenEXR file's header says, as `exrheader` reports it.
public struct EXRHeader: Sendable {
    /// One channel of the file.
    public struct Channel: Sendable, Equatable {
        public var name: String
        public var sampleType: SampleType
        public var xSampling: Int
        public var ySampling: Int

        /// The type as `exrheader` prints it.
        public var typeDescription: String {
            switch sampleType {
            case .half: "16-bit floating-point"
            case .float: "32-bit floating-point"
            case .uint32: "32-bit unsigned integer"
            default: sampleType.rawValue
            }
        }
    }

    /// One attribute, its type name and its value rendered as `exrheader` renders it.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var type: String
        public var value: String
    }

    public var dataWindow: PixelWindow
    public var displayWindow: PixelWindow
    /// Channels in the file's order (sorted by name).
    public var channels: [Channel]
    public var compression: EXRCompression
    /// Tile size when the file is tiled.
    public var tileSize: (width: Int, height: Int)?
    /// Number of parts (part 0 is read).
    public var partCount: Int
    /// The `chromaticities` attribute, when present.
    public var chromaticities: Chromaticities?
    /// Every attribute, sorted by name.
    public var attributes: [Attribute]

    /// The colour space the header implies (Rec.709 when no chromaticities are stored).
    public var colorSpace: ColorSpace {
        chromaticities.map(ColorSpace.matching) ?? .linearRec709
    }
}
