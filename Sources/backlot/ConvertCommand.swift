import ArgumentParser
import BacklotCore
import BacklotIO
import Pipeline

/// `backlot convert`: change format, bit depth, transfer, compression or colour space of stills, sequences
/// and videos.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert images, sequences and videos to EXR, PNG, TIFF or JPEG.",
        usage: "backlot convert <input> <output> [<options>]",
        discussion: """
            The output format follows the output's extension. Colour is handled in linear light: PNG, JPEG and \
            integer TIFF are sRGB-encoded on the way out and decoded on the way in; EXR is linear and its colour \
            premultiplied by alpha, so alpha is premultiplied or unpremultiplied as needed. Video is decoded \
            through ffmpeg to linear light, numbered from --start-frame.

            Sequences and videos run through the same frame pipeline as `backlot key`: the next frame is read \
            while this one is written, --skip-existing resumes an interrupted run, a missing frame stops the run \
            before any work unless --missing says otherwise, and files appear under their final names only when \
            complete. An output never overwrites an input.

            Examples:
              backlot convert plate.png plate.exr --depth float --compression zip
              backlot convert shot.####.exr review.####.png
              backlot convert clip.mov frames/clip.####.exr --frames 1001-1050
              backlot convert shot.%04d.exr acescg/shot.%04d.exr --colorspace acescg
            """)

    @Argument(help: "Input: an image file, a sequence pattern or a video.")
    var input: String

    @Argument(help: "Output: an image file, or a sequence pattern when the input is a sequence or a video.")
    var output: String

    @OptionGroup(title: "Frames")
    var frames: ShotOptions

    @Option(help: "Convert colour to this linear space: rec709 (Linear Rec.709 / sRGB primaries) or acescg.")
    var colorspace: String?

    @OptionGroup var out: OutputOptions

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !input.isEmpty, !output.isEmpty else { throw ValidationError("the \(input.isEmpty ? "input" : "output") path is empty") }
        try frames.validate(input: input)
        try out.validate(output: output, for: input)
        _ = try colorSpace()
    }

    func colorSpace() throws -> ColorSpace? {
        guard let name = colorspace else { return nil }
        guard let space = ColorSpace.named(name) else { throw ValidationError("unknown colour space '\(name)' (use rec709 or acescg)") }
        return space
    }

    func run() throws {
        let source = try FrameSource.open(input, firstFrame: frames.firstFrame)
        let shot = try Shot(name: input, source: source, frames: frames.frameRange())
        let location: Outputs<ConvertOperation.Pass>.File.Location = SequencePattern(output).map { .pattern($0) } ?? .file(output)
        let outputs = Outputs(files: [.init(.image, location, options: try out.writeOptions())])
        let plan = try Plan(shot: shot, outputs: outputs, missing: frames.missing, skipExisting: frames.skipExisting)
        if frames.dryRun {
            plan.listing(verb: "convert").forEach { print($0) }
            return
        }
        let events = TerminalEvents(quiet: quiet, logLines: shot.frames.count > 1)
        try ShotRunner(plan: plan, operation: ConvertOperation(colorSpace: try colorSpace()), events: events).run()
    }
}
