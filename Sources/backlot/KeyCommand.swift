import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Keying

/// `backlot key`: straight foreground and linear alpha from a screen plate and a coarse hint.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Key a green- or blue-screen plate: straight foreground, linear alpha, premultiplied RGBA.",
        discussion: """
            Writes, per frame, named after the plate (frame numbers kept):
              DIR/rgba/STEM.exr    premultiplied linear RGBA (what a compositor reads straight in)
              DIR/fg/STEM.exr      straight (unpremultiplied) linear foreground RGB plus A
              DIR/matte/STEM.exr   the alpha alone (channel A, always lossless)
              DIR/comp/STEM.png    an 8-bit sRGB preview over a checkerboard (or --comp-colour)
            EXR passes are linear, keep values above 1.0 and say their colour space in the header.

            The hint is a rough black-and-white mask (white = subject) of any size and bit depth; it may be
            tens of pixels too large or too small, blurry or blocky. Without --hint, the screen colour alone is
            used. Garbage and core mattes are white where they apply.

            Examples:
              backlot key plate.exr --hint roto.png --output keyed
              backlot key shot/plate.####.exr --hint shot/hint.####.png --output keyed --frames 1001-1010
              backlot key plate.png --screen blue --despill 0.7 --passes rgba,comp --float --output out
            """)

    @Argument(help: "The plate: EXR (linear), PNG/TIFF/JPEG (sRGB), or a sequence pattern.")
    var plate: String

    @Option(help: "Coarse alpha hint: an image, or a pattern matching the plate's frames.")
    var hint: String?

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Option(help: "Frames of a sequence to key, e.g. 1001-1100 or 1001-1100x2 (default: all on disk).")
    var frames: String?

    @Option(help: "Passes to write, comma-separated: rgba, fg, matte, comp.")
    var passes: String = "rgba,fg,matte,comp"

    @Flag(help: "EXR sample type: 16-bit half (default) or 32-bit float.")
    var depth: ExrDepth = .half

    @Option(help: "EXR compression for rgba and fg: none, zip, zips, piz, dwaa, … (matte stays lossless).")
    var compression: String = "piz"

    @Option(help: "Screen colour: auto, green, blue, or linear R,G,B.")
    var screen: String = "auto"

    @Option(help: "Despill strength, 0 (off) to 1 (full).")
    var despill: Float = 1

    @Option(help: "Despill limit: max (gentle, keeps yellows, teals, skin) or average (stronger).")
    var despillLimit: String = "max"

    @Flag(help: "Put the luminance despill removes back as grey.")
    var despillLuminance = false

    @Option(help: "Drop matte islands smaller than this many pixels (at 1080p; scaled with the plate). 0 = off.")
    var despeckle: Int = 400

    @Option(help: "Garbage matte image (white = may be subject; black = always screen).")
    var garbage: String?

    @Option(help: "Core (holdout) matte image (white = always subject).")
    var core: String?

    @Option(help: "Grow (+) or shrink (-) the hint by this many pixels.")
    var hintGrow: Float = 0

    @Option(help: "Feather (blur) the hint by this many pixels.")
    var hintFeather: Float = 0

    @Option(help: "Alpha at or below this becomes 0.")
    var clipBlack: Float = 0

    @Option(help: "Alpha at or above this becomes 1.")
    var clipWhite: Float = 1

    @Option(help: "Shrink (-) or grow (+) the final matte edge by this many pixels.")
    var edge: Float = 0

    @Option(help: "Background of the comp preview, linear R,G,B (default: checkerboard).")
    var compColour: String?

    @Flag(help: "Write only the comp preview, quickly.")
    var preview = false

    @Flag(help: "Skip frames whose passes all exist already (resume an interrupted shot).")
    var skipExisting = false

    @Flag(help: "List the frames that would be keyed and where their passes go, and stop.")
    var dryRun = false

    @Flag(help: "Print the time of each stage to stderr.")
    var timings = false

    @Flag(name: .shortAndLong, help: "No progress bar or notes.")
    var quiet = false

    enum ExrDepth: String, EnumerableFlag {
        case half, float
    }

    func validate() throws {
        guard (0...1).contains(despill) else { throw ValidationError("--despill must be between 0 and 1") }
        guard despeckle >= 0 else { throw ValidationError("--despeckle must be 0 or more") }
        guard clipBlack < clipWhite else { throw ValidationError("--clip-black must be below --clip-white") }
        _ = try passList()
        _ = try keyerSettings()
    }

    func passList() throws -> Set<String> {
        if preview { return ["comp"] }
        let list = passes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known: Set<String> = ["rgba", "fg", "matte", "comp"]
        if let bad = list.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown pass '\(bad)' (use rgba, fg, matte, comp)")
        }
        guard !list.isEmpty else { throw ValidationError("--passes names no pass") }
        return Set(list)
    }

    func keyerSettings() throws -> KeyerSettings {
        var s = KeyerSettings()
        switch screen.lowercased() {
        case "auto": s.screen = .auto
        case "green": s.screen = .green
        case "blue": s.screen = .blue
        default:
            let v = screen.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard v.count == 3, v.allSatisfy({ $0 >= 0 && $0.isFinite }), v.max()! > 0 else {
                throw ValidationError("unknown screen colour '\(screen)' (use auto, green, blue or linear R,G,B such as 0.1,0.5,0.1)")
            }
            s.screen = .rgb(v[0], v[1], v[2])
        }
        guard let limit = KeyerSettings.DespillLimit(rawValue: despillLimit) else {
            throw ValidationError("unknown despill limit '\(despillLimit)' (use max or average)")
        }
        s.despillStrength = despill
        s.despillLimit = limit
        s.despillPreservesLuminance = despillLuminance
        s.despeckleArea = despeckle
        s.hintGrow = hintGrow
        s.hintFeather = hintFeather
        s.clipBlack = clipBlack
        s.clipWhite = clipWhite
        s.edgeShift = edge
        return s
    }

    func run() throws {
        let settings = try keyerSettings()
        let passes = try passList()
        guard let compression = EXRCompression(name: compression) else {
            throw ValidationError("unknown compression '\(compression)'")
        }
        var background: SIMD3<Float>?
        if let compColour {
            let v = compColour.split(separator: ",").compactMap { Float($0) }
            guard v.count == 3 else { throw ValidationError("--comp-colour needs linear R,G,B such as 0.18,0.18,0.18") }
            background = SIMD3(v[0], v[1], v[2])
        }
        let spec = try InputSpec(path: plate, frames: frames)
        let hintPattern = hint.flatMap { SequencePattern($0) }
        let garbageMatte = try garbage.map { try ImageIO.read($0) }
        let coreMatte = try core.map { try ImageIO.read($0) }
        if !dryRun { try AtomicFile.ensureWritableFolder(output) }
        let job = KeyJob(output: output, passes: passes, sampleType: depth == .float ? .float : .half,
                         compression: compression, compBackground: background)

        var items = spec.items
        if skipExisting {
            // A frame counts as done only when every final file is in place (they are renamed in when complete).
            items = items.filter { item in !job.outputs(stem: KeyJob.stem(of: item.path)).allSatisfy(FileManager.default.fileExists) }
        }
        if dryRun {
            for item in items {
                print("\(item.path) -> \(job.outputs(stem: KeyJob.stem(of: item.path)).joined(separator: ", "))")
            }
            print("\(items.count) frame\(items.count == 1 ? "" : "s") to key")
            return
        }
        let progress = ProgressBar(quiet: quiet, logLines: items.count > 1)
        progress.begin("key", total: items.count)
        defer { progress.end() }
        for (k, item) in items.enumerated() {
            var clock = Date()
            let plateImage = try ImageIO.read(item.path)
            var hintImage: Image?
            if let hint {
                let path = item.frame.flatMap { hintPattern?.path(frame: $0) } ?? hint
                hintImage = try ImageIO.read(path)
            }
            let readTime = Date().timeIntervalSince(clock)
            let result: KeyResult
            do {
                result = try Keyer.key(plateImage, hint: hintImage, garbage: garbageMatte, core: coreMatte, settings: settings)
            } catch {
                throw ImageFileError(item.path, error.message)
            }
            clock = Date()
            try job.write(result, stem: KeyJob.stem(of: item.path))
            let writeTime = Date().timeIntervalSince(clock)
            if !quiet {
                for note in result.notes { FileHandle.standardError.write(Data("note: \(item.path): \(note)\n".utf8)) }
            }
            if timings {
                let stages = [("read", readTime)] + result.timings.map { ($0.stage, $0.seconds) } + [("write", writeTime)]
                let total = stages.reduce(0) { $0 + $1.1 }
                let line = stages.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("timings: \(item.path): \(line); total \(String(format: "%.3f", total)) s\n".utf8))
            }
            progress.update(completed: k + 1, note: KeyJob.stem(of: item.path))
        }
    }
}
