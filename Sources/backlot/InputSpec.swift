import ArgumentParser
import BacklotCore
import BacklotIO

/// A command-line input: one image file, or a sequence pattern with its frames.
enum InputSpec {
    case file(String)
    case sequence(ImageSequence)

    /// Resolves `path` (a pattern when it holds `#`, `@` or `%0Nd`) with an optional frame spec.
    init(path: String, frames: String?) throws {
        if let pattern = SequencePattern(path) {
            let range = try frames.map { spec throws(FrameRangeError) in try FrameRange(parsing: spec) }
            self = .sequence(try ImageSequence(pattern: pattern, range: range))
        } else {
            if frames != nil {
                throw ValidationError("--frames needs a sequence pattern such as plate.####.exr, not a single file")
            }
            self = .file(path)
        }
    }

    /// `(frame, path)` for every image; a single file has no frame number.
    var items: [(frame: Int?, path: String)] {
        switch self {
        case .file(let path): [(nil, path)]
        case .sequence(let seq): seq.frames.map { ($0, seq.path(frame: $0)) }
        }
    }
}

/// Options shared by commands that write images.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Sample type: 8 or 16 (integer, PNG/TIFF), half or float (EXR/TIFF). Default: half for EXR, 8 otherwise.",
        valueName: "depth"))
    var depth: String?

    @Option(name: .long, help: "EXR compression: none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa, dwab.")
    var compression: String = "piz"

    @Flag(name: .long, help: "Store integer samples linearly instead of sRGB-encoded (not the convention).")
    var linear = false

    func writeOptions() throws -> WriteOptions {
        guard let compression = EXRCompression(name: compression) else {
            throw ValidationError("unknown compression '\(compression)' (use none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa or dwab)")
        }
        var sample: SampleType?
        switch depth?.lowercased() {
        case nil: sample = nil
        case "8": sample = .uint8
        case "16": sample = .uint16
        case "half", "16f": sample = .half
        case "float", "32", "32f": sample = .float
        case let other?: throw ValidationError("unknown depth '\(other)' (use 8, 16, half or float)")
        }
        return WriteOptions(sampleType: sample, compression: compression, srgbTransfer: !linear)
    }
}
