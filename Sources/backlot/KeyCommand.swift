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

            Whole shots: a sequence pattern or a video is keyed in one pipeline (read, key and write overlap;
            memory stays bounded). Video is decoded through ffmpeg at full bit depth to linear light and numbered
            from --start-frame. Temporal steadying (--temporal) stops noise flicker without smearing motion; every
            frame depends only on its neighbours in the source, so --frames chunks are reproducible anywhere.
            A CorridorKey shot folder (Input/ or Input.mp4, AlphaHint/) is keyed into its Output/FG, Matte,
            Processed and Comp folders; a folder of shot folders is keyed shot by shot with a summary.

            Examples:
              backlot key plate.exr --hint roto.png --output keyed
              backlot key shot/plate.####.exr --hint shot/hint.####.png --output keyed --frames 1001-1010
              backlot key clip.mov --hint hint.png --output keyed --prores keyed/key.mov --review keyed/review.mp4
              backlot key shot/plate.%04d.exr --output keyed --skip-existing --missing hold
              backlot key Shots/Shot_010
              backlot key plate.png --screen blue --despill 0.7 --passes rgba,comp --float --output out
            """)

    @Argument(help: ArgumentHelp(
        "The plate: an image (EXR linear; PNG/TIFF/JPEG sRGB; DPX), a sequence pattern (plate.####.exr, %04d, @@@@), a video (.mov/.mp4/.mxf …), a CorridorKey shot folder, or a folder of shot folders.",
        valueName: "plate"))
    var plate: String

    @Option(help: "Coarse alpha hint: an image (for every frame), a pattern matching the plate's frames, or a video.")
    var hint: String?

    @Option(name: .shortAndLong, help: "Output folder (default for CorridorKey shots: SHOT/Output).")
    var output: String?

    @Option(help: "Frames to key, e.g. 1001-1100, 1001-1100x2 or 1-3,5,7-20:2 (default: the whole shot).")
    var frames: String?

    @Option(help: "Number of a video's first frame (outputs are numbered from it).")
    var startFrame: Int = 1001

    @Option(help: "A requested frame that is missing: error (stop and name it), skip, or hold (key the previous frame in its place).")
    var missing: Shot.MissingPolicy = .error

    @Option(help: "Temporal steadying against noise flicker: frames on each side averaged where nothing moves (0 = off).")
    var temporal: Int = 1

    @Option(help: "Also write the straight foreground with alpha as a ProRes 4444 .mov (Rec. 709).")
    var prores: String?

    @Option(help: "Also write the comp preview as an H.264 file for review.")
    var review: String?

    @Option(help: "Frame rate of --prores and --review for image sequences (a video keeps its own).")
    var fps: String = "24"

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
        guard (0...4).contains(temporal) else { throw ValidationError("--temporal must be between 0 and 4") }
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
        let garbageMatte = try garbage.map { try ImageIO.read($0) }
        let coreMatte = try core.map { try ImageIO.read($0) }

        // What to key: one plate, a sequence or video, a CorridorKey shot folder, or a folder of them.
        var isDir: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: plate, isDirectory: &isDir) && isDir.boolValue
        var shots: [(folder: String?, output: String)] = []
        let batch: Bool
        if isFolder {
            let plateFolder = plate.hasSuffix("/") && plate.count > 1 ? String(plate.dropLast()) : plate
            if CorridorKeyLayout.isShot(plateFolder) {
                shots = [(plateFolder, output ?? "\(plateFolder)/Output")]
                batch = false
            } else {
                let folders = CorridorKeyLayout.shots(in: plateFolder)
                guard !folders.isEmpty else {
                    throw ImageFileError(plate, "is a folder but neither a CorridorKey shot (Input/ or Input.mp4) nor a folder of them")
                }
                shots = folders.map { folder in
                    (folder, output.map { "\($0)/\((folder as NSString).lastPathComponent)" } ?? "\(folder)/Output")
                }
                batch = true
            }
            if hint != nil { throw ValidationError("--hint does not apply to CorridorKey shot folders (their hints are in AlphaHint/)") }
        } else {
            guard let output else { throw ValidationError("--output is required (except for CorridorKey shot folders)") }
            shots = [(nil, output)]
            batch = false
        }
        if let prores, (prores as NSString).pathExtension.lowercased() != "mov" {
            throw ValidationError("--prores writes a QuickTime file: give it a .mov name")
        }
        if let review, !["mp4", "mov"].contains((review as NSString).pathExtension.lowercased()) {
            throw ValidationError("--review writes H.264: give it a .mp4 or .mov name")
        }

        var rows: [(name: String, frames: Int, seconds: Double, status: String)] = []
        for (folder, out) in shots {
            do {
                let shot = try folder.map { try CorridorKeyLayout.shot($0, frames: frames, startFrame: startFrame) }
                    ?? Shot.make(plate: plate, frames: frames, hint: hint, startFrame: startFrame)
                var job = KeyJob(output: out, passes: passes, sampleType: depth == .float ? .float : .half,
                                 compression: compression, compBackground: background)
                if folder != nil { job.folders = CorridorKeyLayout.passFolders }
                // In a batch, video outputs named without a folder go into each shot's output folder.
                func videoPath(_ path: String?) -> String? {
                    guard let path else { return nil }
                    return batch && !path.contains("/") ? "\(out)/\(path)" : path
                }
                if !dryRun { try AtomicFile.ensureWritableFolder(out) }
                let progress = ProgressBar(quiet: quiet, logLines: shot.requested.count > 1)
                let runner = ShotRunner(shot: shot, job: job, settings: settings, garbage: garbageMatte, core: coreMatte,
                                        temporalRadius: temporal, missing: missing, skipExisting: skipExisting,
                                        prores: videoPath(prores), review: videoPath(review), fps: fps, progress: progress,
                                        progressLabel: batch ? "key \(shot.name)" : "key", quiet: quiet, timings: timings)
                if dryRun {
                    try runner.dryRun()
                    continue
                }
                let summary = try runner.run()
                rows.append((shot.name, summary.keyed, summary.seconds, summary.skipped > 0 ? "ok (\(summary.skipped) already done)" : "ok"))
            } catch {
                guard batch else { throw error }
                let message = (error as? BacklotError)?.message ?? "\(error)"
                FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
                rows.append(((folder.map { ($0 as NSString).lastPathComponent } ?? plate), 0, 0, "failed: \(message)"))
            }
        }
        if batch && !dryRun {
            print(String(format: "%-24@ %7@ %9@ %7@  %@", "shot" as NSString, "frames" as NSString, "seconds" as NSString,
                         "fps" as NSString, "status" as NSString))
            for row in rows {
                let fps = row.seconds > 0 ? Double(row.frames) / row.seconds : 0
                print(String(format: "%-24@ %7d %9.1f %7.2f  %@", row.name as NSString, row.frames, row.seconds, fps, row.status as NSString))
            }
            if rows.contains(where: { $0.status.hasPrefix("failed") }) { throw ExitCode(1) }
        }
    }
}
