import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Metrics
import Synth

/// `backlot score`: matting metrics of a key against a synthetic plate's ground truth.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a key against the ground truth written by `backlot synth`.",
        discussion: """
            A single frame is scored by SAD, band MSE, gradient and connectivity errors of the alpha, the \
            foreground's MSE and the PSNR of a re-composite over another backdrop. With a sequence pattern (a \
            shot written by `backlot synth --shot`) it scores temporal coherence: dtSSD (flicker against the true \
            motion), dtSSD on static pixels, and the mean SAD per frame.

            The truth's files are found through the folder's truth/manifest.json. With --json, one object is \
            printed, named by its schema (backlot.score or backlot.shot-score) and version.

            Examples:
              backlot score --truth plates/hair --alpha keyed/matte/plate.exr \\
                  --fg keyed/fg/plate.exr
              backlot score --truth shots/walk --alpha 'keyed/matte/plate.####.exr' --json
            """)

    @Option(help: "Folder written by `backlot synth` (it holds truth/manifest.json).")
    var truth: String

    @Option(help: "The key's alpha (its A channel, or its first).")
    var alpha: String

    @Option(help: "The key's straight foreground (R, G, B); not used for sequences.")
    var fg: String?

    @Flag(help: "Print one JSON object instead of a line.")
    var json = false

    func validate() throws {
        for (name, path) in [("--truth", truth), ("--alpha", alpha), ("--fg", fg ?? "-")] where path.isEmpty {
            throw ValidationError("\(name) is empty: give a path")
        }
    }

    func run() throws {
        let manifest = try SynthTruth.read(folder: truth)
        if let pattern = SequencePattern(alpha) {
            try scoreShot(pattern, manifest: manifest)
            return
        }
        guard let fg else { throw ValidationError("--fg is needed to score a single frame") }
        guard manifest.kind == .plate else {
            throw ImageFileError(truth, "holds a shot: score it with a sequence pattern such as --alpha 'matte/plate.####.exr'")
        }
        let truthAlpha = manifest.path(manifest.alpha, in: truth), truthFG = manifest.path(manifest.foreground, in: truth)
        let backdrop = manifest.path(manifest.newBackground, in: truth)
        let trueAlpha = try ImageIO.read(truthAlpha)
        let trueFG = try ImageIO.read(truthFG)
        let newBG = try ImageIO.read(backdrop)
        let a = try ImageIO.read(alpha)
        var f = try ImageIO.read(fg)
        guard a.width == trueAlpha.width, a.height == trueAlpha.height, f.width == a.width, f.height == a.height else {
            throw ImageFileError(alpha, "size \(a.width)x\(a.height) does not match the truth's \(trueAlpha.width)x\(trueAlpha.height)")
        }
        f.unpremultiply()
        let score = Metrics.score(
            alpha: a.planes[a.channelIndex("A") ?? 0], foreground: try rgb(f, fg), trueAlpha: trueAlpha.planes[0],
            trueForeground: try rgb(trueFG, truthFG), newBackground: try rgb(newBG, backdrop), width: a.width, height: a.height)
        if json {
            print(String(decoding: try SchemaFile.encode(score), as: UTF8.self))
        } else {
            print(String(format: "SAD %.3f  band MSE %.5f  gradient %.3f  connectivity %.3f  fg MSE %.5f  recomposite PSNR %.2f dB",
                         score.sad, score.bandMSE, score.gradient, score.connectivity, score.foregroundMSE, score.recompositePSNR))
        }
    }

    /// The R, G and B planes of an image read from `path`.
    private func rgb(_ image: Image, _ path: String) throws -> [[Float]] {
        try ["R", "G", "B"].map { name in
            guard let c = image.channelIndex(name) else { throw ImageFileError(path, "has no \(name) channel") }
            return image.planes[c]
        }
    }

    /// dtSSD and mean SAD of a keyed shot against the shot's true alpha sequence.
    func scoreShot(_ pattern: SequencePattern, manifest: SynthTruth) throws {
        guard manifest.kind == .shot, let truthPattern = SequencePattern(manifest.path(manifest.alpha, in: truth)) else {
            throw ImageFileError(truth, "holds a single plate, not a shot: score one frame with --alpha and --fg")
        }
        let sequence = try ImageSequence(pattern: pattern)
        var scorer = TemporalScorer()
        for f in sequence.frames {
            let a = try ImageIO.read(sequence.path(frame: f))
            let t = try ImageIO.read(truthPattern.path(frame: f))
            guard a.width == t.width, a.height == t.height else {
                throw ImageFileError(sequence.path(frame: f), "size \(a.width)x\(a.height) does not match the truth's \(t.width)x\(t.height)")
            }
            scorer.add(alpha: a.planes[a.channelIndex("A") ?? 0], truth: t.planes[0])
        }
        let score = scorer.score
        if json {
            print(String(decoding: try SchemaFile.encode(score), as: UTF8.self))
        } else {
            print(String(format: "dtSSD %.4f  static dtSSD %.4f  mean SAD %.3f  frames %d", score.dtSSD, score.staticDtSSD,
                         score.meanSAD, score.frames))
        }
    }
}
