import ArgumentParser
import BacklotCore
import BacklotIO

/// `backlot info`: what a file or a sequence holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what an image file, a sequence or a video holds: size, windows, channels, types, compression, frames.",
        discussion: """
            For OpenEXR files every header attribute is listed the way exrheader prints it. For a sequence \
            (plate.####.exr, plate.%04d.exr, plate.@@@@.exr) the frame range found on disk is reported, with \
            any gaps, followed by the first frame's details. For a video (read through FFmpeg) the codec, size, \
            frame count and rate, and the colour matrix and range it is decoded with; for a DPX scan its bit \
            depth and transfer curve.

            Examples:
              backlot info plate.exr
              backlot info clip.mov
              backlot info scan.0001.dpx
              backlot info shot/plate.####.exr
              backlot info shot/plate.####.exr --frames 1001-1010
            """)

    @Argument(help: "An image file (EXR, PNG, TIFF, JPEG, DPX), a sequence pattern or a video.")
    var input: String

    @Option(parsing: .unconditional, help: "Frames to check in a sequence, e.g. 1001-1100, 1001-1100x2, 1,5,9. Default: all found on disk.")
    var frames: String?

    func validate() throws {
        guard !input.isEmpty else { throw ValidationError("the input path is empty") }
        _ = try frames.map(ShotOptions.parseFrames)
    }

    func run() throws {
        var first = input
        if let pattern = SequencePattern(input) {
            let range = try frames.map(ShotOptions.parseFrames)
            let seq = try ImageSequence(pattern: pattern, range: range)
            print("sequence     \(seq.pattern.pattern)")
            print("frames       \(seq.range) (\(seq.frames.count) frame\(seq.frames.count == 1 ? "" : "s"))")
            if !seq.gaps.isEmpty {
                print("missing      \(FrameRange(frames: seq.gaps)) (\(seq.gaps.count) frame\(seq.gaps.count == 1 ? "" : "s"))")
            }
            first = seq.path(frame: seq.frames[0])
        } else if frames != nil {
            throw ValidationError("--frames needs a sequence pattern such as plate.####.exr, not a single file")
        }
        if VideoFile.isVideo(first) {
            print(InfoCommand.describe(try VideoFile(probing: first)))
        } else if DPX.sniffs(first) {
            print(InfoCommand.describe(try DPX.inspect(first), path: first))
        } else {
            print(InfoCommand.describe(try ImageFileInfo.inspect(first)))
        }
    }

    static func describe(_ video: VideoFile) -> String {
        let seconds = Double(video.frameCount) / video.frameRate.framesPerSecond
        return [
            "file         \(video.path)",
            "format       video, \(video.codec) (\(video.pixelFormat))",
            "size         \(video.width)x\(video.height)",
            "frames       \(video.frameCount) at \(video.frameRate) fps (\(String(format: "%.2f", seconds)) s)",
            "channels     R, G, B\(video.hasAlpha ? ", A" : "")",
            "colour       \(video.matrix) matrix, \(video.range == "pc" ? "full" : "video") range; decoded to linear from \(video.transfer.rawValue)",
        ].joined(separator: "\n")
    }

    static func describe(_ dpx: DPX.Info, path: String) -> String {
        [
            "file         \(path)",
            "format       DPX, \(dpx.header.bitDepth)-bit, \(dpx.header.bigEndian ? "big" : "little")-endian, descriptor \(dpx.header.descriptor)",
            "size         \(dpx.header.width)x\(dpx.header.height)",
            "channels     \(dpx.channels.joined(separator: ", "))",
            "colour       \(dpx.header.transfer.rawValue) in the file, decoded to linear",
        ].joined(separator: "\n")
    }

    static func describe(_ info: ImageFileInfo) -> String {
        var lines: [String] = ["file         \(info.path)"]
        let kind: String
        switch info.format {
        case .exr:
            let h = info.exrHeader!
            kind = "OpenEXR, " + (h.tileSize.map { "tiled \($0.width)x\($0.height)" } ?? "scanline")
                + (h.partCount > 1 ? ", \(h.partCount) parts (part 0 shown)" : "")
        case .png: kind = "PNG"
        case .tiff: kind = "TIFF"
        case .jpeg: kind = "JPEG"
        }
        lines.append("format       \(kind)")
        lines.append("size         \(info.dataWindow.width)x\(info.dataWindow.height)")
        lines.append("data window  \(info.dataWindow)")
        lines.append("display      \(info.displayWindow)")
        let channels = info.channels.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")
        lines.append("channels     \(channels)")
        if let c = info.compression { lines.append("compression  \(c.name) (\(c))") }
        let transfer = info.srgbEncoded ? "sRGB-encoded in the file, decoded to linear" : "linear"
        lines.append("colour       \(info.colorSpace.name), \(transfer)")
        if let h = info.exrHeader {
            lines.append("attributes")
            for a in h.attributes {
                let value = a.value.replacingOccurrences(of: "\n", with: "\n  ")
                lines.append("  \(a.name) (type \(a.type)):" + (value.hasPrefix("\n") ? value : " " + value))
            }
        }
        return lines.joined(separator: "\n")
    }
}
