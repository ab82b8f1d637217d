import BacklotCore
import Foundation

/// Reads DPX stills (film scans and camera exports) through FFmpeg's DPX decoder.
///
/// The transfer curve comes from the file's first image element: linear, Cineon printing density / log,
/// or a video curve (Rec. 709); an unspecified curve is taken as linear, as the file holds it.
enum DPX {
    /// Whether the file starts with a DPX signature (either byte order).
    static func sniff(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        return head == Array("SDPX".utf8) || head == Array("XPDS".utf8)
    }

    /// Reads `path` into a linear float image.
    static func read(_ path: String) throws(ImageFileError) -> Image {
        var video = try VideoFile(probing: path)
        video.transfer = transfer(path)
        let reader = try VideoReader(video, first: 0, count: 1)
        defer { reader.close() }
        guard let image = try reader.next() else { throw ImageFileError(path, "not a valid DPX file (no picture)") }
        return image
    }

    /// The transfer characteristic byte of image element 1 (offset 801).
    private static func transfer(_ path: String) -> TransferCurve {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .linear }
        defer { try? handle.close() }
        try? handle.seek(toOffset: 801)
        guard let byte = try? handle.read(upToCount: 1)?.first else { return .linear }
        switch byte {
        case 1, 3: return .cineon          // printing density, logarithmic
        case 5, 6, 7, 8, 9, 10: return .rec709  // SMPTE 274M, Rec. 709, BT.601, NTSC, PAL
        default: return .linear
        }
    }
}
