import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Keying
import Pipeline

/// `backlot key`: straight foreground and linear alpha from a screen plate and a coarse hint.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Key a green- or blue-screen plate: straight foreground, linear alpha, premultiplied RGBA.",
        discussion: """
            Writes, for every frame and named after the plate (frame numbers kept): DIR/rgba/STEM.exr, \
            premultiplied linear RGBA (what a compositor reads straight in); DIR/fg/STEM.exr, the straight \
            (unpremultiplied) linear foreground with its alpha; DIR/matte/STEM.exr, the alpha alone (always \
            lossless); DIR/comp/STEM.png, an 8-bit sRGB preview over a checkerboard or --comp-colour. EXR \
            passes are linear, keep values above 1.0 and name their colour space in the header.

            The hint is a rough black-and-white mask (white = subject) of any size and bit depth; it may be tens \
            of pixels too large or too small, blurry or blocky. Without --hint, Backlot makes its own from the \
            screen colour. The hint resolves ambiguity near the subject; it crops nothing: smoke, blur or hair \
            clearly seen outside it are keyed (only --garbage removes things for sure). Garbage and core mattes \
            are white where they apply. Hints, mattes and the clean plate may be one image for the whole shot, a \
            sequence or a video.

            See-through subjects (smoke, fog, tinted glass, nets) get fractional alpha and their own colour. \
            Shadows cast on the screen are screen (alpha 0); --passes shadow writes their density to DIR/shadow/. \
            Black letterbox bars are keyed transparent and a plate without a screen is keyed from the hint alone, \
            each with a note (--strict refuses them). A clean plate (--clean-plate) gives the exact screen \
            behind the subject: best on an uneven screen. With --production SHOW, the clean plate is the one \
            the production's box learned for the shot's setup (`backlot production learn`); a shot the box has \
            not catalogued, or a setup with none learned, is keyed without it, with a note.

            A sequence pattern or a video is keyed as one shot: frames are read, keyed and written at the same \
            time, with memory bounded whatever the shot's length. Video is decoded through ffmpeg at full bit \
            depth to linear light and numbered from --start-frame. Temporal steadying (--temporal) stops noise \
            flicker without smearing motion; every frame depends only on its neighbours in the source, so \
            --frames chunks give the same files anywhere. A CorridorKey shot folder (Input/ or Input.mp4, \
            AlphaHint/) is keyed into its Output/FG, Matte, Processed and Comp folders; a folder of shot \
            folders is keyed shot by shot with a summary.

            Examples:
              backlot key plate.exr --hint roto.png --output keyed
              backlot key shot/plate.####.exr --hint shot/hint.####.png \\
                  --output keyed --frames 1001-1010
              backlot key clip.mov --hint hint.png --output keyed \\
                  --prores keyed/key.mov --review keyed/review.mp4
              backlot key shot/plate.%04d.exr --output keyed --skip-existing
              backlot key Shots/Shot_010
              backlot key plate.png --screen blue --passes rgba,comp --output out
            """)

    @Argument(help: ArgumentHelp(
        "The plate: an image (EXR linear; PNG, TIFF, JPEG sRGB; DPX), a sequence pattern (plate.####.exr, %04d, @@@@), a video (.mov, .mp4, .mxf …), a CorridorKey shot folder, or a folder of shot folders.",
        valueName: "plate"))
    var plate: String

    @Option(help: "Coarse alpha hint: an image for every frame, a pattern matching the plate's frames, or a video.")
    var hint: String?

    @Option(name: .shortAndLong, help: "Output folder (default for CorridorKey shots: SHOT/Output).")
    var output: String?

    @OptionGroup(title: "Frames")
    var frames: ShotOptions

    @Option(parsing: .unconditional, help: "Temporal steadying against noise flicker: frames on each side averaged where nothing moves (0 turns it off).")
    var temporal = TypedNumber(1)

    @Option(help: "Also write the straight foreground with alpha as a ProRes 4444 .mov (Rec. 709).")
    var prores: String?

    @Option(help: "Also write the comp preview as an H.264 file for review.")
    var review: String?

    @Option(parsing: .unconditional, help: "Frame rate of --prores and --review for image sequences, e.g. 24, 25 or 23.976 (a video keeps its own).")
    var fps: String = "24"

    @Option(help: "Passes to write, comma-separated: rgba, fg, matte, comp, shadow (the density of shadows on the screen, which the matte leaves out).")
    var passes: String = "rgba,fg,matte,comp"

    @Flag(help: "EXR sample type: 16-bit half (default) or 32-bit float.")
    var depth: ExrDepth = .half

    @Option(help: "EXR compression of rgba and fg: none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa, dwab (the matte stays lossless).")
    var compression: String = "piz"

    @OptionGroup(title: "Keyer")
    var keyer: KeyerOptions

    @Option(help: "Garbage matte (white = may be subject, black = always screen): an image, a sequence or a video.")
    var garbage: String?

    @Option(help: "Core (holdout) matte (white = always subject): an image, a sequence or a video.")
    var core: String?

    @Option(help: "Clean plate: the empty screen shot with the same camera (a still, or a sequence or video matching the plate's frames); used as the backing behind the subject, lined up with the plate when the camera moved slightly.")
    var cleanPlate: String?

    @Option(help: "A production (its name in $BACKLOT_ROOT, else the current folder, or its box folder): key with the clean plate its box learned for the shot's setup (`backlot production learn`).")
    var production: String?

    @Option(parsing: .unconditional, help: "Background of the comp preview, linear R,G,B (default: a checkerboard).")
    var compColour: String?

    @Flag(help: "Write only the comp preview, quickly.")
    var preview = false

    @Flag(help: "Print the time of each stage of each frame to stderr.")
    var timings = false

    @Flag(name: .shortAndLong, help: "No progress bar or notes.")
    var quiet = false

    enum ExrDepth: String, EnumerableFlag {
        case half, float
    }

    func validate() throws {
        guard !plate.isEmpty else {
            throw ValidationError("the plate path is empty: give an image, a sequence pattern, a video or a shot folder")
        }
        _ = try temporalRadius()
        try frames.validate(input: plate)
        for (name, path) in [("--output", output), ("--prores", prores), ("--review", review), ("--hint", hint),
                             ("--garbage", garbage), ("--core", core), ("--clean-plate", cleanPlate),
                             ("--production", production)] where path?.isEmpty == true {
            throw ValidationError("\(name) is empty: give a path")
        }
        if cleanPlate != nil && production != nil {
            throw ValidationError("--clean-plate and --production both give a clean plate: give one")
        }
        _ = try passList()
        _ = try frameRate()
        _ = try exrCompression()
        _ = try compBackground()
        if let prores, PathName.pathExtension(prores).lowercased() != "mov" {
            throw ValidationError("--prores writes a QuickTime file: give it a .mov name")
        }
        if let review, !["mp4", "mov"].contains(PathName.pathExtension(review).lowercased()) {
            throw ValidationError("--review writes H.264: give it a .mp4 or .mov name")
        }
    }

    func passList() throws -> [KeyPass] {
        if preview { return [.comp] }
        do { return try KeyPass.list(parsing: passes) } catch { throw ValidationError("--passes: \(error.message)") }
    }

    func frameRate() throws -> FrameRate {
        do { return try FrameRate(parsing: fps) } catch { throw ValidationError("--fps: \(error.message)") }
    }

    func exrCompression() throws -> EXRCompression {
        guard let c = EXRCompression(name: compression) else {
            throw ValidationError("unknown compression '\(compression)' (use none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa or dwab)")
        }
        return c
    }

    func temporalRadius() throws -> Int {
        try OptionCheck.integer(temporal, "--temporal", in: 0...4, unit: "frames each side")
    }

    func compBackground() throws -> SIMD3<Float>? {
        guard let compColour else { return nil }
        return try OptionCheck.rgb(compColour, "--comp-colour", in: 0...64)
    }

    func run() throws {
        let operation = KeyOperation(settings: try keyer.settings(), temporalRadius: try temporalRadius(),
                                     compBackground: try compBackground())
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: plate, isDirectory: &isDir), isDir.boolValue else {
            guard let output else { throw ValidationError("--output is required (except for CorridorKey shot folders)") }
            let source = try FrameSource.open(plate, firstFrame: frames.firstFrame)
            let hints = try hint.map { try FrameSource.open($0, firstFrame: frames.firstFrame) }
            var shotInputs = try inputs(hint: hints)
            if let learned = try productionCleanPlate(for: source, events: TerminalEvents(quiet: quiet)) {
                shotInputs[KeyOperation.Input.cleanPlate] = learned
            }
            try key(try Shot(name: plate, source: source, frames: frames.frameRange(), inputs: shotInputs),
                    with: operation, into: output, layout: .standard)
            return
        }
        if hint != nil { throw ValidationError("--hint does not apply to CorridorKey shot folders (their hints are in AlphaHint/)") }
        let folder = plate.hasSuffix("/") && plate.count > 1 ? String(plate.dropLast()) : plate
        if CorridorKeyShot.isShot(folder) {
            let corridor = try CorridorKeyShot(folder: folder, firstFrame: frames.firstFrame)
            try key(try corridorShot(corridor), with: operation, into: output ?? "\(folder)/Output", layout: .corridorKey)
            return
        }
        // In a batch, each shot gets its own video files, in its own output folder.
        for (name, path) in [("--prores", prores), ("--review", review)] where path?.contains("/") == true {
            throw ValidationError("\(name) names a file written in each shot's output folder when keying a folder of shots: give a name without a folder")
        }
        let folders = CorridorKeyShot.shots(in: folder)
        guard !folders.isEmpty else {
            throw ImageFileError(plate, "is a folder but neither a CorridorKey shot (Input/ or Input.mp4) nor a folder of them")
        }
        let reports = ShotBatch.run(folders, name: { PathName.lastComponent($0) }, events: TerminalEvents(quiet: quiet)) { path in
            let corridor = try CorridorKeyShot(folder: path, firstFrame: frames.firstFrame)
            let out = output.map { "\($0)/\(corridor.name)" } ?? "\(path)/Output"
            return try key(try corridorShot(corridor), with: operation, into: out, layout: .corridorKey, task: "key \(corridor.name)",
                           videoFolder: out)
        }
        guard !frames.dryRun else { return }
        print(ShotReport.table(reports))
        if reports.contains(where: { $0.failure != nil }) { throw ExitCode(1) }
    }

    /// The shot of a CorridorKey folder, with the garbage and core mattes given.
    private func corridorShot(_ corridor: CorridorKeyShot) throws -> Shot {
        var shotInputs = try inputs(hint: corridor.hint)
        if let learned = try productionCleanPlate(for: corridor.input, events: TerminalEvents(quiet: quiet)) {
            shotInputs[KeyOperation.Input.cleanPlate] = learned
        }
        return try Shot(name: corridor.name, source: corridor.input, frames: frames.frameRange(), inputs: shotInputs)
    }

    /// The shot's inputs besides the plate, by the roles the keyer reads.
    private func inputs(hint: FrameSource?) throws -> [String: FrameSource] {
        var inputs: [String: FrameSource] = [:]
        inputs[KeyOperation.Input.hint] = hint
        inputs[KeyOperation.Input.garbage] = try garbage.map { try FrameSource.open($0, firstFrame: frames.firstFrame) }
        inputs[KeyOperation.Input.core] = try core.map { try FrameSource.open($0, firstFrame: frames.firstFrame) }
        inputs[KeyOperation.Input.cleanPlate] = try cleanPlate.map { try FrameSource.open($0, firstFrame: frames.firstFrame) }
        return inputs
    }

    /// Keys `shot` into `output` (or lists what it would do, with --dry-run).
    ///
    /// - Parameter videoFolder: In a batch, where video outputs named without a folder go (each shot's own).
    @discardableResult
    private func key(_ shot: Shot, with operation: KeyOperation, into output: String, layout: KeyLayout, task: String = "key",
                     videoFolder: String? = nil) throws -> RunSummary {
        func place(_ path: String) -> String { videoFolder != nil && !path.contains("/") ? "\(videoFolder!)/\(path)" : path }
        var videos: [Outputs<KeyPass>.Video] = []
        if let prores { videos.append(.init(.fg, path: place(prores), kind: .prores4444)) }
        if let review { videos.append(.init(.comp, path: place(review), kind: .h264Preview)) }
        let outputs = Outputs.key(into: output, passes: try passList(), layout: layout, sampleType: depth == .float ? .float : .half,
                                  compression: try exrCompression(), videos: videos, frameRate: try frameRate())
        let plan = try Plan(shot: shot, outputs: outputs, radius: operation.radius, missing: frames.missing,
                            skipExisting: frames.skipExisting)
        if frames.dryRun {
            plan.listing(verb: "key").forEach { print($0) }
            return RunSummary()
        }
        let events = TerminalEvents(quiet: quiet, logLines: shot.frames.count > 1, timings: timings)
        return try ShotRunner(plan: plan, operation: operation, events: events, task: task).run()
    }
}
