import ArgumentParser
import BacklotCore
import BacklotIO

/// `backlot info`: what a file or a sequence holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what an image file or sequence holds: size, windows, channels, types, compression, frames.",
        discussion: """
            For OpenEXR files every header attribute is listed the way exrheader prints it. For a sequence \
            (plate.####.exr, plate.%04d.exr, plate.@@@@.exr) the frame range found on disk is reported, with \
            any gaps, followed by the first frame's details.

            Examples:
              backlot info plate.exr
              backlot info shot/plate.####.exr
              backlot info shot/plate.####.exr --frames 1001-1010
            """)

    @Argument(help: "An image file or a sequence pattern.")
    var input: String

    @Option(help: "Frames to check in a sequence, e.g. 1001-1100, 1001-1100x2, 1,5,9. Default: all found on disk.")
    var frames: String?

    func run() throws {
        var first = input
        if let pattern = SequencePattern(input) {
            let range = try frames.map { spec throws(FrameRangeError) in try FrameRange(parsing: spec) }
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
        let info = try ImageFileInfo.inspect(first)
        print(InfoCommand.describe(info))
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
