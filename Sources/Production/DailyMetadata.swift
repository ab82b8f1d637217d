import BacklotIO
import Foundation

/// What a daily's headers say: size, frame rate, colour space, codec, camera, ISO (EXR attributes, ffprobe).
struct DailyMetadata: Sendable {
    var width: Int?, height: Int?, frameCount: Int?
    var frameRate: String?, colourSpace: String?, codec: String?, camera: String?, iso: String?

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
                m.frameRate = attribute(["framesPerSecond"], of: header)
                m.camera = camera(of: header)
                m.iso = iso(of: header)
            }
        } catch {
            // (The reader's message names the file already.)
            throw ProductionError("\(error) (not a readable daily)")
        }
        return m
    }

    /// The first of `names` (in that order) the header has, its value unquoted; nil when none, or empty.
    static func attribute(_ names: [String], of header: EXRHeader) -> String? {
        for name in names {
            guard let a = header.attributes.first(where: { $0.name == name }) else { continue }
            let v = a.value
            // (A string attribute's value is shown quoted: the quotes are not part of it.)
            let value = a.type == "string" && v.count >= 2 && v.hasPrefix("\"") && v.hasSuffix("\"") ? String(v.dropFirst().dropLast()) : v
            if !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        return nil
    }

    /// The ISO an EXR header gives (OpenEXR's `isoSpeed`, else an `exposureIndex` or `iso` attribute), a
    /// whole number written without decimals ("800"); nil when none or not a positive number.
    static func iso(of header: EXRHeader) -> String? {
        guard let text = attribute(["isoSpeed", "exposureIndex", "iso", "ISO"], of: header),
              let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0, value < 1e7 else { return nil }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The camera an EXR header names: its model (`cameraModel`), else `camera`, else its make.
    static func camera(of header: EXRHeader) -> String? { attribute(["cameraModel", "camera", "cameraMake"], of: header) }
}
