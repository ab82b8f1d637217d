import ArgumentParser
import BacklotCore
import BacklotIO

/// Options of commands that write images in a format of the user's choice.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Sample type: 8 or 16 (integer: PNG, TIFF, 8 only for JPEG), half or float (EXR, TIFF). Default: half for EXR, 8 otherwise.",
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

extension OutputOptions {
    /// Checks an image output against its input (`noun`: what the command calls it): a sequence pattern when
    /// the input is a sequence or a video and a single file otherwise, a known format, and a `--depth` that
    /// format can hold.
    func validate(output: String, for input: String, noun: String = "input", example: String = "out.####.exr") throws {
        let moving = SequencePattern.isPattern(input) || VideoFile.isVideo(input)
        if moving != SequencePattern.isPattern(output) {
            throw ValidationError(moving ? "the output must be a sequence pattern such as \(example) when the \(noun) is a sequence or a video"
                                         : "the \(noun) is a single image: give a single output file, not a pattern")
        }
        guard let format = ImageFormat(path: output) else {
            throw ValidationError("unknown output format '\(output)' (use .exr, .png, .tif or .jpg)")
        }
        if let depth = try writeOptions().sampleType, !format.sampleTypes.contains(depth) {
            let names = format.sampleTypes.map { ["uint8": "8", "uint16": "16"][$0.rawValue] ?? $0.rawValue }
            throw ValidationError("--depth \(self.depth ?? "") cannot be written as \(format.rawValue.uppercased()) (use \(names.joined(separator: " or ")))")
        }
    }
}
