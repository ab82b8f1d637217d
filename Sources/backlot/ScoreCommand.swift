import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Metrics

/// `backlot score`: matting metrics of a key against a synthetic plate's ground truth.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a key against ground truth written by `backlot synth` (SAD, band MSE, gradient, connectivity, foreground, re-composite PSNR).",
        discussion: """
            Examples:
              backlot score --truth plates/hair --alpha keyed/matte/plate.exr --fg keyed/fg/plate.exr
              backlot score --truth plates/hair --alpha keyed/matte/plate.exr --fg keyed/fg/plate.exr --json
              backlot score --truth shots/walk --alpha 'keyed/matte/plate.####.exr'

            With a sequence pattern (a shot written by `backlot synth --shot`), scores temporal coherence: dtSSD
            (flicker against the true motion) and the mean SAD per frame.
            """)

    @Option(help: "Folder written by `backlot synth` (holds truth/alpha.exr, truth/fg.exr, truth/new_background.exr).")
    var truth: String

    @Option(help: "The key's alpha (first channel, or A).")
    var alpha: String

    @Option(help: "The key's straight foreground (R, G, B); not used for sequences.")
    var fg: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        if let pattern = SequencePattern(alpha) {
            try scoreShot(pattern)
            return
        }
        guard let fg else { throw ValidationError("--fg is needed to score a single frame") }
        let trueAlpha = try ImageIO.read("\(truth)/truth/alpha.exr")
        let trueFG = try ImageIO.read("\(truth)/truth/fg.exr")
        let newBG = try ImageIO.read("\(truth)/truth/new_background.exr")
        let a = try ImageIO.read(alpha)
        var f = try ImageIO.read(fg)
        guard a.width == trueAlpha.width, a.height == trueAlpha.height, f.width == a.width, f.height == a.height else {
            throw ImageFileError(alpha, "size \(a.width)x\(a.height) does not match the truth's \(trueAlpha.width)x\(trueAlpha.height)")
        }
        if f.alpha == .premultiplied { f.unpremultiply() }
        func planes(_ image: Image, _ path: String) throws -> [[Float]] {
            try ["R", "G", "B"].map { name in
                guard let c = image.channelIndex(name) else { throw ImageFileError(path, "has no \(name) channel") }
                return image.planes[c]
            }
        }
        let alphaPlane = a.planes[a.channelIndex("A") ?? 0]
        let score = Metrics.score(
            alpha: alphaPlane, foreground: try planes(f, fg), trueAlpha: trueAlpha.planes[0],
            trueForeground: try planes(trueFG, "\(truth)/truth/fg.exr"), newBackground: try planes(newBG, "\(truth)/truth/new_background.exr"),
            width: a.width, height: a.height)
        if json {
            let data = try JSONEncoder().encode(score)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "SAD %.3f  band MSE %.5f  gradient %.3f  connectivity %.3f  fg MSE %.5f  recomposite PSNR %.2f dB",
                         score.sad, score.bandMSE, score.gradient, score.connectivity, score.foregroundMSE, score.recompositePSNR))
        }
    }

    /// dtSSD and mean SAD of a keyed shot against `truth/alpha.####.exr`.
    func scoreShot(_ pattern: SequencePattern) throws {
        let sequence = try ImageSequence(pattern: pattern)
        var scorer = TemporalScorer()
        for f in sequence.frames {
            let a = try ImageIO.read(sequence.path(frame: f))
            let truthPath = SequencePattern("\(truth)/truth/alpha.####.exr")!.path(frame: f)
            let t = try ImageIO.read(truthPath)
            guard a.width == t.width, a.height == t.height else {
                throw ImageFileError(sequence.path(frame: f), "size \(a.width)x\(a.height) does not match the truth's \(t.width)x\(t.height)")
            }
            scorer.add(alpha: a.planes[a.channelIndex("A") ?? 0], truth: t.planes[0])
        }
        let score = scorer.score
        if json {
            print(String(decoding: try JSONEncoder().encode(score), as: UTF8.self))
        } else {
            print(String(format: "dtSSD %.4f  static dtSSD %.4f  mean SAD %.3f  frames %d", score.dtSSD, score.staticDtSSD,
                         score.meanSAD, score.frames))
        }
    }
}
