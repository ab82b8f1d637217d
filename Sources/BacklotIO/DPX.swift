import BacklotCore
import Foundation

/// Reads DPX stills (film scans and camera exports): the header is parsed and checked here (size, layout,
/// curve, and that the file holds the pixel data it declares); the picture is decoded by FFmpeg's decoder.
///
/// The transfer curve comes from the file's first image element: linear, Cineon printing density / log,
/// or a video curve (Rec. 709); an unspecified curve is taken as linear, as the file holds it.
public enum DPX {
    /// What a DPX file holds, for `backlot info`.
    public struct Info: Sendable {
        public var header: DPXHeader
        public var channels: [String]
    }

    /// Whether `path` is a readable file that starts with a DPX signature (either byte order).
    public static func sniffs(_ path: String) -> Bool {
        (try? InputFile.check(path)) != nil && sniff(path: path)
    }

    /// Whether the file starts with a DPX signature (either byte order).
    static func sniff(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        return head == Array("SDPX".utf8) || head == Array("XPDS".utf8)
    }

    /// The checked header of `path`.
    public static func header(_ path: String) throws(ImageFileError) -> DPXHeader {
        let size = try InputFile.check(path)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImageFileError(path, "cannot be opened") }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 2048)) ?? Data())
        do { return try DPXHeader(bytes: bytes, fileSize: size) } catch { throw ImageFileError(path, error.text) }
    }

    /// Inspects `path` for `backlot info`: the header's fields, after decoding the picture to be sure of them.
    public static func inspect(_ path: String) throws(ImageFileError) -> Info {
        let image = try read(path)
        return Info(header: try header(path), channels: image.channelNames)
    }

    /// Reads `path` into a linear float image.
    static func read(_ path: String) throws(ImageFileError) -> Image {
        let header = try header(path)
        try MemoryBudget.check(width: header.width, height: header.height, bytesPerPixel: 4 * 4 * 2, path: path, what: "reading it")
        var video = try VideoFile(probing: path, kind: "DPX file")
        video.transfer = header.transfer
        let reader = try VideoReader(video, first: 0, count: 1)
        defer { reader.close() }
        let image: Image?
        do { image = try reader.next() } catch {
            let detail = error.problem.range(of: "(ffmpeg").map { " " + String(error.problem[$0.lowerBound...]) } ?? ""
            throw ImageFileError(path, "damaged DPX file: its picture cannot be decoded" + detail)
        }
        guard let image else { throw ImageFileError(path, "damaged DPX file: it holds no picture") }
        return image
    }
}
