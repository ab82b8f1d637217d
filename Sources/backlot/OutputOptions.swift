import ArgumentParser
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
