/// OpenEXR compression methods (values are `Imf::Compression`).
public enum EXRCompression: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0, rle = 1, zips = 2, zip = 3, piz = 4, pxr24 = 5, b44 = 6, b44a = 7, dwaa = 8, dwab = 9

    /// Parses `none`, `zip`, `zips`, `piz`, `dwaa`, … (case-insensitive).
    public init?(name: String) {
        guard let c = EXRCompression.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = c
    }

    /// The short name used on the command line.
    public var name: String {
        switch self {
        case .none: "none"
        case .rle: "rle"
        case .zips: "zips"
        case .zip: "zip"
        case .piz: "piz"
        case .pxr24: "pxr24"
        case .b44: "b44"
        case .b44a: "b44a"
        case .dwaa: "dwaa"
        case .dwab: "dwab"
        }
    }

    /// How `exrheader` names it.
    public var description: String {
        switch self {
        case .none: "none"
        case .rle: "run-length encoding"
        case .zips: "zip, individual scanlines"
        case .zip: "zip, multi-scanline blocks"
        case .piz: "piz"
        case .pxr24: "pxr24"
        case .b44: "b44"
        case .b44a: "b44a"
        case .dwaa: "dwa, small scanline blocks"
        case .dwab: "dwa, medium scanline blocks"
        }
    }

    /// Whether it loses information (mattes should avoid these).
    public var isLossy: Bool { [.pxr24, .b44, .b44a, .dwaa, .dwab].contains(self) }
}
