import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Grading
import Pipeline
import Production

/// `backlot look`: grades plates with the look a production's box learned for their camera.
struct LookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "look",
        abstract: "Grade plates with the look a production learned for their camera (its 3D LUT).",
        usage: "backlot look <show> <plate> --output <output> [<options>]",
        discussion: """
            The look is the camera's latest `look` model in the production's box (`backlot production learn`, \
            from graded references ingested with `production ingest --graded`). The camera is --camera, else \
            the one the plate's daily was catalogued with, else the one its EXR header names, else the box's \
            only look.

            The look's LUT takes the plate in ACEScct and gives display values (Rec.709 primaries, sRGB \
            transfer): PNG, JPEG and TIFF outputs hold those values; EXR holds the same picture as linear \
            display light. The LUT itself is the model's .cube file (`backlot production models` lists it): \
            Resolve, Nuke and OpenColorIO read it, given ACEScct input.

            Sequences and videos run through the frame pipeline, as `backlot convert` does: --skip-existing \
            resumes, a missing frame stops the run before any work unless --missing says otherwise, and no \
            output overwrites an input.

            Examples:
              backlot look MYSHOW A001_C002.####.exr -o graded/A001_C002.####.png
              backlot look MYSHOW plate.exr --camera "VENICE 2" -o plate_graded.png
            """)

    @Argument(help: "The production's name (or the path of its box folder).")
    var show: String

    @Argument(help: "Plate: an image file, a sequence pattern or a video.")
    var plate: String

    @Option(name: .shortAndLong, help: "Output: an image file, or a sequence pattern for a sequence or a video.")
    var output: String

    @Option(help: "Use this camera's look (as `production models` names it).")
    var camera: String?

    @Option(help: "The folder the production's box is in (default: $BACKLOT_ROOT, else the current folder).")
    var root: String?

    @OptionGroup(title: "Frames")
    var frames: ShotOptions

    @OptionGroup var out: OutputOptions

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !show.isEmpty else { throw ValidationError("the production name is empty") }
        guard !plate.isEmpty, !output.isEmpty else { throw ValidationError("the \(plate.isEmpty ? "plate" : "output") path is empty") }
        if root?.isEmpty == true { throw ValidationError("--root is empty: give a folder") }
        if camera?.isEmpty == true { throw ValidationError("--camera is empty: give a camera's name") }
        try frames.validate(input: plate)
        try out.validate(output: output, for: plate, noun: "plate", example: "out.####.png")
    }

    func run() throws {
        let box = try Box.open(Box.location(of: show, root: root ?? Box.defaultRoot))
        let catalog = try Catalog(box: box)
        let source = try FrameSource.open(plate, firstFrame: frames.firstFrame)
        if case .still(let path) = source.kind, !FileManager.default.fileExists(atPath: path) { throw ImageFileError(path, "file not found") }
        let file: String?
        if case .video(let video, _) = source.kind { file = video.path } else { file = source.frames.first.flatMap(source.path(of:)) }
        let shot = try Shot(name: plate, source: source, frames: frames.frameRange())
        let location: Outputs<LookOperation.Pass>.File.Location = SequencePattern(output).map { .pattern($0) } ?? .file(output)
        let choice: LookChoice
        do {
            choice = try box.look(forShotFile: file, camera: camera, catalog: catalog)
        } catch {
            // A plate that cannot be read is the problem to tell, not which camera it is.
            if let file { _ = try ImageFileInfo.inspect(file) }
            throw error
        }
        // EXR says what it holds: display light, graded with this look.
        var options = try out.writeOptions()
        options.attributes["backlot:look"] = "display-referred (Rec.709 primaries, linear): \(choice.camera) look v\(choice.version) of \(box.manifest.name)"
        let plan = try Plan(shot: shot, outputs: Outputs(files: [.init(.image, location, options: options)]),
                            missing: frames.missing, skipExisting: frames.skipExisting)
        // Nor does it replace anything the production shot or delivered.
        let written = plan.steps.filter(\.writesFiles).flatMap { plan.outputs.paths(stem: $0.stem, frame: $0.frame) }
        if let taken = try catalog.catalogued(among: written) {
            throw ImageFileError(taken, "is one of \(box.manifest.name)'s dailies or graded references: choose another output")
        }
        let lut = try CubeFile.read(choice.path).lut
        if frames.dryRun {
            plan.listing(verb: "grade").forEach { print($0) }
            return
        }
        let events = TerminalEvents(quiet: quiet, logLines: shot.frames.count > 1)
        events.send(.note("using the look of \(choice.camera) (v\(choice.version), \(choice.reason)) of \(box.manifest.name)"
                          + (choice.stale ? "; its camera's graded references or their plates changed since it was learned: run `backlot production learn`" : "")))
        try ShotRunner(plan: plan, operation: LookOperation(lut), events: events).run()
    }
}
