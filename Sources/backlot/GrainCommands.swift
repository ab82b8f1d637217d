import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Grain
import Pipeline
import Production

/// `backlot regrain`: adds a camera's grain, as a production's box learned it, to clean pictures.
struct RegrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrain",
        abstract: "Add a camera's grain, as a production learned it, to clean pictures (CG, paint, fills).",
        usage: "backlot regrain <show> <input> --output <output> [<options>]",
        discussion: """
            The grain is the latest `grain` model of the camera at the ISO in the production's box (`backlot \
            production learn --only grain`): each channel's noise at each brightness, how it clumps (its \
            noise power spectrum) and how the channels' noise moves together. New grain with that spectrum is \
            made for every frame (from --seed and the frame number: a rerun gives the same grain) and scaled by \
            the noise the camera has at each pixel's brightness. Pictures are linear light, as the camera's \
            EXRs are; premultiplied colour gets grain in proportion to its alpha.

            \(GrainRun.choosing)

            Examples:
              backlot regrain MYSHOW cg.####.exr --camera "ALEXA 35" --iso 800 -o g.####.exr
              backlot regrain MYSHOW fill.exr --camera "VENICE 2" -o fill_grained.exr
            """)

    @OptionGroup var common: GrainRun

    @Option(parsing: .unconditional, help: "Seed of the grain (each frame's grain is made from it and the frame number).")
    var seed = TypedNumber(1)

    func validate() throws {
        try common.validate()
        _ = try OptionCheck.seed(seed, "--seed")
    }

    func run() throws {
        let seed = try OptionCheck.seed(seed, "--seed")
        try common.run(verb: "regrain", describe: { "regrained with \($0) (seed \(seed))" }) { model in
            GrainOperation(.regrain(GrainSynthesis(model), seed: seed))
        }
    }
}

/// `backlot degrain`: takes a camera's grain, as a production's box learned it, out of its plates.
struct DegrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrain",
        abstract: "Take a camera's grain, as a production learned it, out of its plates.",
        usage: "backlot degrain <show> <input> --output <output> [<options>]",
        discussion: """
            The grain is the latest `grain` model of the plate's camera at its ISO in the production's box \
            (`backlot production learn --only grain`). Each channel is filtered in overlapping 32-pixel blocks \
            in the frequency domain: the model says how much noise power each frequency holds at the block's \
            brightness, and a Wiener filter keeps what rises above it (a first pass estimates the clean \
            picture, a second filters with that estimate). Fine detail below the grain's level goes with it: \
            degrain to key, track or paint, and put the grain back with `backlot regrain` afterwards.

            \(GrainRun.choosing)

            Examples:
              backlot degrain MYSHOW A001_C002.####.exr -o clean/A001_C002.####.exr
              backlot degrain MYSHOW plate.exr --camera "ALEXA 35" --iso 1600 -o plate_clean.exr
            """)

    @OptionGroup var common: GrainRun

    func validate() throws { try common.validate() }

    func run() throws {
        try common.run(verb: "degrain", describe: { "degrained with \($0)" }) { model in GrainOperation(.degrain(Degrain(model))) }
    }
}

/// What `regrain` and `degrain` share: the box, the pictures, the camera and ISO, and the run itself.
struct GrainRun: ParsableArguments {
    static let choosing = """
        The camera is --camera, else the one the picture's daily was catalogued with, else the one its EXR \
        header names (cameraModel); the ISO likewise (--iso, the catalog, isoSpeed). A camera whose grain was \
        learned at one ISO only needs no ISO; a box with one grain model needs neither. Sequences and videos \
        run through the frame pipeline: --skip-existing resumes, and no output overwrites an input or one of \
        the production's dailies.
        """

    @Argument(help: "The production's name (or the path of its box folder).")
    var show: String

    @Argument(help: "Pictures: an image file, a sequence pattern or a video.")
    var input: String

    @Option(name: .shortAndLong, help: "Output: an image file, or a sequence pattern for a sequence or a video.")
    var output: String

    @Option(help: "Use this camera's grain (as `production models` names it).")
    var camera: String?

    @Option(help: "At this ISO (a number, as the dailies' headers give it).")
    var iso: String?

    @Option(help: "The folder the production's box is in (default: $BACKLOT_ROOT, else the current folder).")
    var root: String?

    @OptionGroup(title: "Frames")
    var frames: ShotOptions

    @OptionGroup var out: OutputOptions

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !show.isEmpty else { throw ValidationError("the production name is empty") }
        guard !input.isEmpty, !output.isEmpty else { throw ValidationError("the \(input.isEmpty ? "input" : "output") path is empty") }
        if root?.isEmpty == true { throw ValidationError("--root is empty: give a folder") }
        if camera?.isEmpty == true { throw ValidationError("--camera is empty: give a camera's name") }
        _ = try normalisedISO()
        try frames.validate(input: input)
        try out.validate(output: output, for: input, noun: "input", example: "out.####.exr")
    }

    /// `--iso` as the catalog writes ISOs: a positive whole number without decimals ("800").
    func normalisedISO() throws -> String? {
        guard let iso else { return nil }
        guard let value = Double(iso.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 1, value <= 1_000_000 else {
            throw ValidationError("--iso '\(iso)' is not an ISO (a number from 1 to 1000000, such as 800)")
        }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    func run(verb: String, describe: (String) -> String, operation: (GrainModel) -> GrainOperation) throws {
        let box = try Box.open(Box.location(of: show, root: root ?? Box.defaultRoot))
        let catalog = try Catalog(box: box)
        let source = try FrameSource.open(input, firstFrame: frames.firstFrame)
        if case .still(let path) = source.kind, !FileManager.default.fileExists(atPath: path) { throw ImageFileError(path, "file not found") }
        let file: String?
        if case .video(let video, _) = source.kind { file = video.path } else { file = source.frames.first.flatMap(source.path(of:)) }
        let shot = try Shot(name: input, source: source, frames: frames.frameRange())
        let location: Outputs<GrainOperation.Pass>.File.Location = SequencePattern(output).map { .pattern($0) } ?? .file(output)
        let choice: GrainChoice
        do {
            choice = try box.grain(forShotFile: file, camera: camera, iso: try normalisedISO(), catalog: catalog)
        } catch {
            // A picture that cannot be read is the problem to tell, not whose grain it has.
            if let file { _ = try ImageFileInfo.inspect(file) }
            throw error
        }
        let model = try GrainModel.read(choice.path)
        var options = try out.writeOptions()
        options.attributes["backlot:grain"] = describe("the grain of \(choice.subject) v\(choice.version) of \(box.manifest.name)")
        let plan = try Plan(shot: shot, outputs: Outputs(files: [.init(.image, location, options: options)]),
                            missing: frames.missing, skipExisting: frames.skipExisting)
        let written = plan.steps.filter(\.writesFiles).flatMap { plan.outputs.paths(stem: $0.stem, frame: $0.frame) }
        if let taken = try catalog.catalogued(among: written) {
            throw ImageFileError(taken, "is one of \(box.manifest.name)'s dailies or graded references: choose another output")
        }
        if frames.dryRun {
            plan.listing(verb: verb).forEach { print($0) }
            return
        }
        let events = TerminalEvents(quiet: quiet, logLines: shot.frames.count > 1)
        events.send(.note("using the grain of \(choice.subject) (v\(choice.version), \(choice.reason)) of \(box.manifest.name)"
                          + (choice.stale ? "; its dailies changed since it was learned: run `backlot production learn --only grain`" : "")))
        try ShotRunner(plan: plan, operation: operation(model), events: events).run()
    }
}
