import BacklotIO
import Foundation

/// What a daily's headers say: size, frame rate, colour space, codec, camera (EXR attributes, ffprobe).
struct DailyMetadata: Sendable {
    var width: Int?, height: Int?, frameCount: Int?
    var frameRate: String?, colourSpace: String?, codec: String?, camera: String?

    /// Read from the daily's first file (a video's probe gives its frame count too).
    static func read(_ daily: ScannedDaily) throws(ProductionError) -> DailyMetadata {
        guard let first = daily.files.first?.path else { return DailyMetadata() }
        var m = DailyMetadata()
        do {
            if daily.kind == .video {
                let video = try VideoFile(probing: first)
                (m.width, m.height, m.frameCount) = (video.width, video.height, video.frameCount)
                (m.frameRate, m.codec) = (video.frameRate.description, video.codec)
                return m
            }
            let info = try ImageFileInfo.inspect(first)
            (m.width, m.height) = (info.displayWindow.width, info.displayWindow.height)
            m.colourSpace = info.colorSpace.name
            m.codec = info.format.rawValue
            if let header = info.exrHeader {
                // (A string attribute's value is shown quoted: the quotes are not part of it.)
                let value = { (names: [String]) -> String? in
                    guard let a = header.attributes.first(where: { names.contains($0.name) }) else { return nil }
                    let v = a.value
                    return a.type == "string" && v.count >= 2 && v.hasPrefix("\"") && v.hasSuffix("\"") ? String(v.dropFirst().dropLast()) : v
                }
                m.frameRate = value(["framesPerSecond"])
                m.camera = value(["cameraModel", "camera", "cameraMake"])
            }
        } catch {
            // (The reader's message names the file already.)
            throw ProductionError("\(error) (not a readable daily)")
        }
        return m
    }
}
