import BacklotCore
import Foundation

/// What `ffprobe` says about the first video stream of a file, and how Backlot decodes it to linear light.
public struct VideoFile: Sendable, Hashable {
    /// The file.
    public let path: String
    public let width: Int
    public let height: Int
    /// Number of frames in the stream.
    public let frameCount: Int
    /// The stream's frame rate (`r_frame_rate`, exact: 24000/1001, not 23.976).
    public let frameRate: FrameRate
    /// The codec's short name (`prores`, `h264`, …).
    public let codec: String
    /// FFmpeg's pixel format (`yuv422p10le`, …).
    public let pixelFormat: String
    /// Whether the stream carries alpha.
    public let hasAlpha: Bool
    /// The YUV matrix swscale converts with (`bt709`, `bt601`, `bt2020`).
    public let matrix: String
    /// `tv` (limited) or `pc` (full) range.
    public let range: String
    /// The transfer curve decoded to linear.
    public internal(set) var transfer: TransferCurve

    /// File extensions read as video.
    public static let extensions: Set<String> = ["mov", "mp4", "m4v", "mxf", "mkv", "avi", "webm", "mpg", "mts", "y4m"]

    /// Whether `path` names a video file by its extension.
    public static func isVideo(_ path: String) -> Bool {
        extensions.contains(PathName.pathExtension(path).lowercased())
    }

    /// Probes `path` with ffprobe.
    public init(probing path: String, kind: String = "video file") throws(ImageFileError) {
        try InputFile.check(path, kind: kind)
        let entries = "stream=codec_name,width,height,pix_fmt,color_range,color_space,color_transfer,r_frame_rate,nb_frames"
        func probe(countPackets: Bool) throws(ImageFileError) -> [String: Any] {
            let data = try FFmpeg.output("ffprobe", ["-v", "error", "-select_streams", "v:0"]
                + (countPackets ? ["-count_packets", "-show_entries", entries + ",nb_read_packets"] : ["-show_entries", entries])
                + ["-of", "json", path], for: path, kind: kind)
            guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let streams = json["streams"] as? [[String: Any]], let stream = streams.first else {
                throw ImageFileError(path, "damaged, truncated or not a \(kind): ffprobe finds no picture stream in it")
            }
            return stream
        }
        var stream = try probe(countPackets: false)
        if Int(stream["nb_frames"] as? String ?? "") == nil { stream = try probe(countPackets: true) }
        guard let w = stream["width"] as? Int, let h = stream["height"] as? Int, w > 0, h > 0 else {
            throw ImageFileError(path, "damaged or truncated \(kind): ffprobe finds no picture size in it")
        }
        guard let frames = Int(stream["nb_frames"] as? String ?? "") ?? Int(stream["nb_read_packets"] as? String ?? ""),
              frames > 0 else {
            throw ImageFileError(path, "damaged or truncated \(kind): ffprobe finds no frames in it")
        }
        self.path = path
        width = w
        height = h
        frameCount = frames
        frameRate = (try? FrameRate(parsing: stream["r_frame_rate"] as? String ?? "")) ?? .film
        codec = stream["codec_name"] as? String ?? "unknown"
        let format = stream["pix_fmt"] as? String ?? "unknown"
        pixelFormat = format
        hasAlpha = format.hasPrefix("yuva") || format.contains("rgba") || format.contains("bgra")
            || format.hasPrefix("gbrap") || format.hasPrefix("argb") || format.hasPrefix("abgr") || format.hasPrefix("ya")
        let isRGB = format.hasPrefix("gbr") || format.hasPrefix("rgb") || format.hasPrefix("bgr")
            || format.hasPrefix("argb") || format.hasPrefix("abgr")
        switch stream["color_space"] as? String ?? "" {
        case "bt709": matrix = "bt709"
        case "smpte170m", "bt470bg": matrix = "bt601"
        case "bt2020nc", "bt2020c": matrix = "bt2020"
        case "smpte240m": matrix = "smpte240m"
        default: matrix = h >= 720 ? "bt709" : "bt601"
        }
        switch stream["color_range"] as? String ?? "" {
        case "pc": range = "pc"
        case "tv": range = "tv"
        default: range = format.hasPrefix("yuvj") || isRGB ? "pc" : "tv"
        }
        switch stream["color_transfer"] as? String ?? "" {
        case "linear": transfer = .linear
        case "iec61966-2-1": transfer = .srgb
        case "bt709", "smpte170m", "bt2020-10", "bt2020-12", "bt470bg": transfer = .rec709
        default: transfer = isRGB ? .srgb : .rec709
        }
    }

}
