import ArgumentParser
import Foundation
import Production

extension ProductionCommand {
    struct LearnModels: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "learn",
            abstract: "Learn the box's models from its dailies: each setup's clean plate, each camera's look and grain.",
            discussion: """
                screens: for each setup with a screen, its clean plate — the backing colour of the empty screen, \
                learned across all its takes (up to --frames frames spread over them): in each frame the clear \
                screen, registered to the first frame by a whole-pixel shift (a camera nudged between takes) and \
                matched in exposure; a robust mean per pixel; what no frame shows is interpolated. Every fifth \
                frame is held out and measured against it. `backlot key --production SHOW` keys that setup's \
                shots with it. A setup without a screen (a location) is skipped with a note.

                look: for each camera with graded references (`production ingest --graded`), a 33³ LUT from its \
                plates (in ACEScct) to the references (display values, sRGB transfer), fitted by least squares \
                through the LUT's own interpolation and kept smooth where the pairs have no colours. Every fifth \
                pair (of five or more) is held out and measured in ΔE2000, beside per-channel curves and a \
                Reinhard colour transfer fitted on the same pairs. `backlot look SHOW PLATE` grades with it; \
                the .cube file is the LUT for Resolve, Nuke and OpenColorIO.

                grain: for each camera at each ISO (as the dailies' headers name them: cameraModel, isoSpeed), up \
                to 16 runs of three neighbouring frames, cut into 32-pixel blocks. Where nothing moved, the \
                difference of two frames is pure grain, textured picture or not; a frame alone (a still, or a \
                camera that moved) gives its flat blocks less a fitted plane. Blocks that are not grain alone are \
                left out: far noisier than the level most blocks of their brightness agree on, not Gaussian, \
                their power bunched in the lowest frequencies, or, over three frames, differences that do not \
                correlate as still grain's do. The rest give each channel's noise variance per brightness, the \
                noise power spectrum (how the grain clumps) and the channels' correlation. Every fifth run (of \
                five or more) is held out and measured on its own. `backlot regrain` and `backlot degrain` use \
                it. Brightnesses the dailies show only moving may be missing or less exact.

                Each model is a file in the box's models/ (an EXR, a .cube or a .grain.json naming the box, and a JSON lineage: \
                the box, the frames and their SHA-256, the code, the quality figures), registered in the catalog \
                once complete. A model learned from exactly what its subject has now is up to date and is not \
                learned again (--force does); after ingesting more takes or references, learn makes a new version.
                """)

        @OptionGroup var box: BoxOptions

        @Option(help: "What to learn (comma-separated): screens, look, grain.")
        var only: String = ModelKind.allCases.map(\.rawValue).joined(separator: ",")

        @Option(parsing: .unconditional, help: "At most this many frames per setup (graded pairs per camera), spread over its takes.")
        var frames = TypedNumber(100)

        @Flag(help: "Learn again even models that are up to date.")
        var force = false

        @Flag(help: "No progress bar.")
        var quiet = false

        func kinds() throws -> [ModelKind] {
            try only.split(separator: ",", omittingEmptySubsequences: false).map { name in
                guard let kind = ModelKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--only: unknown model '\(name)' (use \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return kind
            }
        }

        func validate() throws {
            _ = try kinds()
            _ = try OptionCheck.integer(frames, "--frames", in: 2...100_000, unit: "frames")
        }

        func run() throws {
            let opened = try Box.open(box.location)
            let catalog = try Catalog(box: opened)
            let outcomes = try Learn.run(try kinds(), box: opened, catalog: catalog,
                                         maxFrames: try OptionCheck.integer(frames, "--frames", in: 2...100_000, unit: "frames"),
                                         force: force, events: TerminalEvents(quiet: quiet, logLines: true))
            if outcomes.isEmpty { print("\(opened.manifest.name): nothing to learn from yet (ingest dailies, and --graded references for looks)") }
            for o in outcomes {
                if let file = o.file {
                    let q = o.quality
                    let learned = "\(o.kind.rawValue) \(o.subject): learned \((file as NSString).lastPathComponent) from \(Int(q["trainedOn"] ?? 0))"
                    switch o.kind {
                    case .screens:
                        print("\(learned) frames, " + String(format: "%.1f%% of the screen seen", 100 * (q["coverage"] ?? 0))
                              + (q["heldOutError"].map { String(format: ", %.2f%% from %d held-out frames", 100 * $0, Int(q["heldOut"] ?? 0)) } ?? ""))
                    case .look:
                        let measured = q["heldOutDeltaE"].map { lut in
                            String(format: "; mean ΔE2000 on %d held-out frames %.2f (95th percentile %.2f), per-channel curves %.2f, Reinhard %.2f",
                                   Int(q["heldOut"] ?? 0), lut, q["heldOutDeltaE95"] ?? 0, q["curvesDeltaE"] ?? 0, q["reinhardDeltaE"] ?? 0)
                        }
                        print("\(learned) graded frames" + (measured ?? "; fewer than 5 pairs: none held out to measure it on"))
                    case .grain:
                        let sigma = ["R", "G", "B"].compactMap { c in q["sigmaMidGrey\(c)"].map { String(format: "%@ %.4f", c, $0) } }.joined(separator: ", ")
                        let measured = q["heldOutBandError"].map { band in
                            String(format: "; on %d held-out runs, spectrum bands within %.1f%% (white noise: %.0f%%), noise level within %.1f%%",
                                   Int(q["heldOut"] ?? 0), 100 * band, 100 * (q["whiteBandError"] ?? 0), 100 * (q["heldOutLevelError"] ?? 0))
                        }
                        print("\(learned) runs of frames, noise at mid grey \(sigma)" + (measured ?? "; fewer than 5 runs: none held out to measure it on"))
                    }
                } else {
                    print("\(o.kind.rawValue) \(o.subject): skipped (\(o.skipped ?? "nothing to learn"))")
                }
            }
        }
    }

    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the box's models: kind, subject, version, frames trained on, quality, and whether stale.")

        @OptionGroup var box: BoxOptions

        @Flag(help: "Print one JSON object (schema backlot.production-models).")
        var json = false

        func run() throws {
            let opened = try Box.open(box.location)
            let models = try Catalog(box: opened).models()
            if json {
                struct Listing: Encodable { let schema = "backlot.production-models", version = 1; let box: String; let models: [ModelInfo] }
                try ProductionCommand.printJSON(Listing(box: opened.manifest.id, models: models))
                return
            }
            print("\(opened.manifest.name): \(models.count) model\(models.count == 1 ? "" : "s")")
            for m in models {
                let figures = m.quality.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4g", $0.value))" }.joined(separator: ", ")
                print("  \(m.kind) \(m.subject) v\(m.version)\(m.stale ? " (stale: its dailies changed)" : ""): \(m.file), "
                      + "trained on \(m.trainedOn) frames; \(figures)")
            }
        }
    }
}
