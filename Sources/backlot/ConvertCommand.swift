import ArgumentParser
import BacklotCore
import BacklotIO

/// `backlot convert`: change format, bit depth, transfer, compression or colour space; sequences too.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert images or sequences between EXR, PNG, TIFF and JPEG.",
        discussion: """
            The output format follows the output's extension. Colour is handled in linear light: PNG, JPEG and
            integer TIFF are sRGB-encoded on the way out and decoded on the way in; EXR is linear and its colour
            premultiplied by alpha, so alpha is premultiplied or unpremultiplied as needed.

            Examples:
              backlot convert plate.png plate.exr --depth float --compression zip
              backlot convert shot.####.exr review.####.png
              backlot convert shot.%04d.exr shot_acescg.%04d.exr --frames 1001-1050 --colorspace acescg
            """)

    @Argument(help: "Input file or sequence pattern.")
    var input: String

    @Argument(help: "Output file or sequence pattern (a pattern when the input is a sequence).")
    var output: String

    @Option(help: "Frames of a sequence to convert, e.g. 1001-1100, 1001-1100x2. Default: all found on disk.")
    var frames: String?

    @Option(help: "Convert colour to this linear space: rec709 (Linear Rec.709 / sRGB primaries) or acescg.")
    var colorspace: String?

    @OptionGroup var out: OutputOptions

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        if SequencePattern.isPattern(input) != SequencePattern.isPattern(output) {
            throw ValidationError("input and output must both be sequence patterns, or both single files")
        }
    }

    func run() throws {
        let spec = try InputSpec(path: input, frames: frames)
        let options = try out.writeOptions()
        var target: ColorSpace?
        if let name = colorspace {
            guard let cs = ColorSpace.named(name) else {
                throw ValidationError("unknown colour space '\(name)' (use rec709 or acescg)")
            }
            target = cs
        }
        let outPattern = SequencePattern(output)
        let items = spec.items
        let progress = ProgressBar(quiet: quiet)
        progress.begin("convert", total: items.count)
        defer { progress.end() }
        for (k, item) in items.enumerated() {
            var image = try ImageIO.read(item.path)
            // A 3x3 matrix commutes with premultiplication, so alpha needs no care here.
            if let target { image.convert(to: target) }
            let dest = item.frame.flatMap { outPattern?.path(frame: $0) } ?? output
            try ImageIO.write(image, to: dest, options: options)
            progress.update(completed: k + 1, note: dest)
        }
    }
}
