import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Synth

/// `backlot synth`: write a synthetic plate with its exact ground truth.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic green/blue-screen plate with its exact ground truth.",
        usage: "backlot synth (--output <folder> | --production <folder>) [<options>]",
        discussion: """
            Writes, in the output folder: plate.exr (or .png, .tif), what the camera saw, linear (screen, \
            subject, spill, noise); hint.png, a coarse alpha hint like a quick roto or a low-resolution \
            segmentation; and the exact truth: truth/alpha.exr (the linear alpha), truth/fg.exr (the straight \
            foreground without spill), truth/rgba.exr (premultiplied), truth/background.exr (the clean screen), \
            truth/new_background.exr (another backdrop, for re-composite tests), and truth/manifest.json \
            (schema backlot.synth-truth), which names them all for `backlot score`.

            With --shot N, writes a moving shot of N frames numbered from 1001 instead: plate.####.exr (a person \
            with hair swaying gently and a motion-blurred object crossing the frame, fresh noise in every \
            frame), hint.####.png, truth/alpha.####.exr and truth/fg.####.exr.

            With --production FOLDER, writes a small synthetic production for `backlot production` to learn \
            from, with its exact truth: two cameras of different grain (ALEXA 35, VENICE 2, named in each EXR's \
            cameraModel, with the setup's ISO in isoSpeed), three setups (an uneven green stage, a blue stage, \
            a location without a screen) and \
            --takes takes of each of --frames frames, a subject walking across the frame, the camera nudged by a \
            few pixels and the exposure drifting between takes: dailies/<take>/<take>.####.exr; the hints and \
            the true alpha and foreground of every frame in truth/<take>/; each setup's true clean screen in \
            truth/setups/; each setup's true grain on its clean background and on a mid-grey card in \
            truth/grain/; and the plan of it all in truth/show.json (schema backlot.synth-show).

            Scenes: \(SynthScene.allCases.map(\.rawValue).joined(separator: ", ")); "all" writes every scene into \
            its own sub-folder. Plates are deterministic: the same seed gives the same plate.

            Examples:
              backlot synth --output plates/mixed
              backlot synth --scene hair --size 3840x2160 --seed 7 --output plates/hair4k
              backlot synth --scene all --output plates
              backlot synth --shot 48 --size 1920x1080 --output shots/walk
              backlot synth --production shows/demo --takes 3 --frames 12
            """)

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String?

    @Option(help: "Write a synthetic production (dailies and truth, see above) into this folder instead.")
    var production: String?

    @Option(parsing: .unconditional, help: "With --production: takes per setup.")
    var takes = TypedNumber(3)

    @Option(parsing: .unconditional, help: "With --production: frames per take (numbered from 1001).")
    var frames = TypedNumber(12)

    @Option(help: "What the plate shows (see above), or 'all'.")
    var scene: String = SynthScene.mixed.rawValue

    @Option(help: "Plate size, WIDTHxHEIGHT.")
    var size: String = "1920x1080"

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed = TypedNumber(1)

    @Option(help: "Screen colour: green or blue (default green; blue for the blue-screen scene).")
    var screen: String?

    @Option(help: "Hint style: roto, segmentation, blurred or lowres (default: chosen by the seed or the scene).")
    var hintStyle: String?

    @Option(help: "Plate file format: exr (linear half), png or tif (8-bit sRGB).")
    var format: String = "exr"

    @Option(parsing: .unconditional, help: "Write a moving shot of this many frames (numbered from 1001) instead of one plate.")
    var shot: TypedNumber?

    @Option(parsing: .unconditional, help: "Standard deviation of sensor noise at mid-grey, linear.")
    var noise = TypedNumber(Float(0.004))

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        switch (output, production) {
        case (nil, nil): throw ValidationError("give --output FOLDER (or --production FOLDER for a synthetic production)")
        case (.some, .some): throw ValidationError("give --output or --production, not both")
        case (let folder?, _) where folder.isEmpty: throw ValidationError("--output is empty: give a folder")
        case (_, let folder?) where folder.isEmpty: throw ValidationError("--production is empty: give a folder")
        default: break
        }
        _ = try OptionCheck.integer(takes, "--takes", in: 1...50, unit: "takes")
        _ = try OptionCheck.integer(frames, "--frames", in: 1...10_000, unit: "frames")
        _ = try parseSize(size)
        _ = try OptionCheck.number(noise, "--noise", in: 0...1)
        if let screen, ScreenColor(rawValue: screen) == nil { throw ValidationError("--screen must be green or blue (got '\(screen)')") }
        _ = try OptionCheck.seed(seed, "--seed")
        if let shot { try OptionCheck.integer(shot, "--shot", in: 1...10_000, unit: "frames") }
    }

    func run() throws {
        let (w, h) = try parseSize(size)
        let seed = try OptionCheck.seed(seed, "--seed")
        let noise = try OptionCheck.number(noise, "--noise", in: 0...1)
        if let production {
            let plan = ShowPlan(width: w, height: h, seed: seed, takes: try OptionCheck.integer(takes, "--takes", in: 1...50, unit: "takes"),
                                frames: try OptionCheck.integer(frames, "--frames", in: 1...10_000, unit: "frames"), noise: noise)
            try SynthShowWriter(plan: plan, folder: production, quiet: quiet).write()
            return
        }
        let output = self.output ?? "."
        if let shot {
            try writeShot(frames: try OptionCheck.integer(shot, "--shot", in: 1...10_000, unit: "frames"), seed: seed, noise: noise,
                          width: w, height: h)
            return
        }
        let scenes: [SynthScene]
        if scene == "all" {
            scenes = SynthScene.allCases
        } else if let s = SynthScene(rawValue: scene) {
            scenes = [s]
        } else {
            throw ValidationError("unknown scene '\(scene)' (use \(SynthScene.allCases.map(\.rawValue).joined(separator: ", ")) or all)")
        }
        let screenColour = try screen.map { name in
            guard let c = ScreenColor(rawValue: name) else { throw ValidationError("--screen must be green or blue (got '\(name)')") }
            return c
        }
        let style = try hintStyle.map { name in
            guard let s = HintStyle(rawValue: name) else { throw ValidationError("unknown hint style '\(name)' (use \(HintStyle.allCases.map(\.rawValue).joined(separator: ", ")))") }
            return s
        }
        guard ["exr", "png", "tif", "tiff"].contains(format) else { throw ValidationError("unknown format '\(format)' (use exr, png or tif)") }
        let events = TerminalEvents(quiet: quiet)
        events.send(.began(task: "synth", total: scenes.count))
        defer { events.send(.ended(task: "synth")) }
        for (k, s) in scenes.enumerated() {
            let folder = scenes.count > 1 ? output + "/" + s.rawValue : output
            let settings = SynthSettings(width: w, height: h, seed: seed, scene: s, screen: screenColour, noise: noise)
            let plate = PlateGenerator.make(settings, hintStyle: style)
            try SynthCommand.write(plate, to: folder, plateFormat: format)
            events.send(.advanced(task: "synth", completed: k + 1, total: scenes.count, item: folder, detail: ""))
        }
        if quiet == false { print("wrote \(scenes.count == 1 ? output : output + "/<scene>")/plate.\(format), hint.png and truth/") }
    }

    /// Writes a synthetic shot, two frames at a time.
    func writeShot(frames: Int, seed: UInt64, noise: Float, width: Int, height: Int) throws {
        let output = self.output ?? "."
        let settings = SynthSettings(width: width, height: height, seed: seed, scene: .hair, noise: noise)
        let events = TerminalEvents(quiet: quiet)
        events.send(.began(task: "synth shot", total: frames))
        defer { events.send(.ended(task: "synth shot")) }
        let errors = FirstError()
        let done = SharedCounter()
        let meta = ["backlot:synth": "shot seed \(seed) \(width)x\(height) \(frames) frames"]
        Schedule.automatic.forEach(frames) { k in
            guard errors.first == nil else { return }
            let plate = PlateGenerator.shotFrame(settings, frame: k, of: frames)
            let f = String(format: "%04d", 1001 + k)
            do {
                try ImageIO.write(plate.composite, to: "\(output)/plate.\(f).exr", options: WriteOptions(attributes: meta))
                try ImageIO.write(plate.hint, to: "\(output)/hint.\(f).png")
                try EXR.write(plate.alpha, to: "\(output)/truth/alpha.\(f).exr", sampleType: .float, compression: .zip, attributes: meta)
                try EXR.write(layers: [plate.foreground, plate.alpha], to: "\(output)/truth/fg.\(f).exr", sampleType: .half,
                              compression: .zip, attributes: meta)
                if k == 0 {
                    try ImageIO.write(plate.newBackground, to: "\(output)/truth/new_background.exr",
                                      options: WriteOptions(sampleType: .float, compression: .zip, attributes: meta))
                }
            } catch {
                errors.record(error)
            }
            events.send(.advanced(task: "synth shot", completed: done.add(), total: frames, item: "plate.\(f).exr", detail: ""))
        }
        if let error = errors.first { throw error }
        try SynthCommand.writeManifest(.shot(settings, frames: frames), to: output)
        if !quiet { print("wrote \(output)/plate.####.exr, hint.####.png and truth/ (frames 1001-\(1000 + frames))") }
    }

    /// Writes a plate set into `folder`.
    static func write(_ plate: SynthPlate, to folder: String, plateFormat: String = "exr") throws {
        let meta = ["backlot:synth": "\(plate.settings.scene.rawValue) seed \(plate.settings.seed) \(plate.settings.width)x\(plate.settings.height)"]
        try ImageIO.write(plate.composite, to: "\(folder)/plate.\(plateFormat)", options: WriteOptions(attributes: meta))
        try ImageIO.write(plate.hint, to: "\(folder)/hint.png")
        let lossless = WriteOptions(sampleType: .float, compression: .zip, attributes: meta)
        try EXR.write(plate.alpha, to: "\(folder)/truth/alpha.exr", sampleType: .float, compression: .zip, attributes: meta)
        try EXR.write(layers: [plate.foreground, plate.alpha], to: "\(folder)/truth/fg.exr", sampleType: .float,
                      compression: .zip, attributes: meta)
        try ImageIO.write(plate.premultipliedRGBA, to: "\(folder)/truth/rgba.exr", options: lossless)
        try ImageIO.write(plate.background, to: "\(folder)/truth/background.exr", options: lossless)
        try ImageIO.write(plate.newBackground, to: "\(folder)/truth/new_background.exr", options: lossless)
        try writeManifest(.plate(plate.settings, plateFormat: plateFormat), to: folder)
    }

    /// Writes the truth manifest that names every file (`truth/manifest.json`).
    static func writeManifest(_ truth: SynthTruth, to folder: String) throws {
        let data = try SchemaFile.encode(truth, pretty: true)
        try AtomicFile.write(to: "\(folder)/\(SynthTruth.manifestPath)") { temp in try data.write(to: URL(fileURLWithPath: temp)) }
    }
}

/// Parses `WIDTHxHEIGHT`.
func parseSize(_ text: String) throws -> (Int, Int) {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0, w <= 16384, h <= 16384 else {
        throw ValidationError("--size must be WIDTHxHEIGHT with each side between 1 and 16384 (got '\(text)')")
    }
    return (w, h)
}
