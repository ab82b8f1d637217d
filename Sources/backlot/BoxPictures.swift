import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Pipeline
import Production

/// What the commands that work on pictures with one of a production's models share (`look`, `regrain`,
/// `degrain`): the box, the pictures and their frames, the output, the camera; and the run itself, through
/// the frame pipeline, never onto an input or one of the production's dailies or references.
struct BoxPictures: ParsableArguments {
    @Argument(help: "The production's name (or the path of its box folder).")
    var show: String

    @Argument(help: "Pictures: an image file, a sequence pattern or a video.")
    var input: String

    @Option(name: .shortAndLong, help: "Output: an image file, or a sequence pattern for a sequence or a video.")
    var output: String

    @Option(help: "Use this camera's model (as `production models` names it).")
    var camera: String?

    @Option(help: "The folder the production's box is in (default: $BACKLOT_ROOT, else the current folder).")
    var root: String?

    @OptionGroup(title: "Frames")
    var frames: ShotOptions

    @OptionGroup var out: OutputOptions

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate(example: String) throws {
        guard !show.isEmpty else { throw ValidationError("the production name is empty") }
        guard !input.isEmpty, !output.isEmpty else { throw ValidationError("the \(input.isEmpty ? "input" : "output") path is empty") }
        if root?.isEmpty == true { throw ValidationError("--root is empty: give a folder") }
        if camera?.isEmpty == true { throw ValidationError("--camera is empty: give a camera's name") }
        try frames.validate(input: input)
        try out.validate(output: output, for: input, noun: "input", example: example)
    }

    /// The model a command chose for the pictures: the operation it makes, the EXR attribute saying what was
    /// done, and the note the user reads.
    struct Choice<Operation: FrameOperation> {
        let operation: Operation
        let attribute: (name: String, value: String)
        let note: String
    }

    /// Opens the box and the pictures, asks `choose` for the model (given the box, its catalog, and the
    /// pictures' first file), plans the frames into `pass` and runs them (`verb` names the work in listings).
    func run<Operation: FrameOperation>(verb: String, pass: Operation.Pass,
                                        choose: (Box, Catalog, String?) throws -> Choice<Operation>) throws {
        let box = try Box.open(Box.location(of: show, root: root ?? Box.defaultRoot))
        let catalog = try Catalog(box: box)
        let source = try FrameSource.open(input, firstFrame: frames.firstFrame)
        if case .still(let path) = source.kind, !FileManager.default.fileExists(atPath: path) { throw ImageFileError(path, "file not found") }
        let file: String?
        if case .video(let video, _) = source.kind { file = video.path } else { file = source.frames.first.flatMap(source.path(of:)) }
        let shot = try Shot(name: input, source: source, frames: frames.frameRange())
        let choice: Choice<Operation>
        do {
            choice = try choose(box, catalog, file)
        } catch {
            // A picture that cannot be read is the problem to tell, not which model fits it.
            if let file { _ = try ImageFileInfo.inspect(file) }
            throw error
        }
        var options = try out.writeOptions()
        options.attributes[choice.attribute.name] = choice.attribute.value
        let location: Outputs<Operation.Pass>.File.Location = SequencePattern(output).map { .pattern($0) } ?? .file(output)
        let plan = try Plan(shot: shot, outputs: Outputs(files: [.init(pass, location, options: options)]),
                            missing: frames.missing, skipExisting: frames.skipExisting)
        // Nor does it replace anything the production shot or delivered.
        let written = plan.steps.filter(\.writesFiles).flatMap { plan.outputs.paths(stem: $0.stem, frame: $0.frame) }
        if let taken = try catalog.catalogued(among: written) {
            throw ImageFileError(taken, "is one of \(box.manifest.name)'s dailies or graded references: choose another output")
        }
        if frames.dryRun {
            plan.listing(verb: verb).forEach { print($0) }
            return
        }
        let events = TerminalEvents(quiet: quiet, logLines: shot.frames.count > 1)
        events.send(.note(choice.note))
        try ShotRunner(plan: plan, operation: choice.operation, events: events).run()
    }
}
