import BacklotCore
import Foundation

/// The still-image file formats Backlot reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case exr, png, tiff, jpeg

    /// The format implied by a path's extension, if known.
    public init?(path: String) {
        switch PathName.pathExtension(path).lowercased() {
        case "exr": self = .exr
        case "png": self = .png
        case "tif", "tiff": self = .tiff
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }

    /// The sample types the format can store (TIFF stores half as 32-bit float).
    public var sampleTypes: [SampleType] {
        switch self {
        case .exr: [.half, .float]
        case .png: [.uint8, .uint16]
        case .tiff: [.uint8, .uint16, .half, .float]
        case .jpeg: [.uint8]
        }
    }

    /// The format whose magic number starts the file, if any.
    public static func sniff(path: String) -> ImageFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        if head.starts(with: [0x76, 0x2f, 0x31, 0x01]) { return .exr }
        if head.starts(with: [0x89, 0x50, 0x4e, 0x47]) { return .png }
        if head.starts(with: [0x49, 0x49, 0x2a, 0x00]) || head.starts(with: [0x4d, 0x4d, 0x00, 0x2a])
            || head.starts(with: [0x49, 0x49, 0x2b, 0x00]) || head.starts(with: [0x4d, 0x4d, 0x00, 0x2b]) { return .tiff }
        if head.starts(with: [0xff, 0xd8, 0xff]) { return .jpeg }
        return nil
    }
}
