import Foundation

/// Temporal coherence of a matte sequence against ground truth (Erofeev et al. 2015, as video-matting papers use it).
public struct TemporalScore: Sendable, Codable, Equatable {
    /// dtSSD: the root-mean-square difference between the predicted and the true temporal alpha gradient
    /// (`(α_t − α_{t−1}) − (α*_t − α*_{t−1})`), ×100, averaged over consecutive frame pairs. Lower is steadier;
    /// flicker that the truth does not have raises it, motion the truth has does not.
    public var dtSSD: Double
    /// dtSSD over the pixels whose true alpha does not change between the two frames (RMS over those pixels):
    /// pure flicker, which real motion cannot explain.
    public var staticDtSSD: Double
    /// Mean alpha SAD per frame, in thousands (as `MattingScore.sad`), to show stability did not cost accuracy.
    public var meanSAD: Double
    /// Frames scored.
    public var frames: Int
}

/// Accumulates `TemporalScore` frame by frame, so a shot never has to be held in memory.
public struct TemporalScorer: Sendable {
    private var previous: (alpha: [Float], truth: [Float])?
    private var gradientSum = 0.0
    private var staticSum = 0.0
    private var pairs = 0
    private var sadSum = 0.0
    private var frames = 0

    public init() {}

    /// Adds the next frame's predicted and true alpha (same size every frame).
    public mutating func add(alpha: [Float], truth: [Float]) {
        precondition(alpha.count == truth.count)
        var sad = 0.0
        for i in alpha.indices { sad += Double(abs(alpha[i] - truth[i])) }
        sadSum += sad / 1000
        frames += 1
        if let previous {
            precondition(previous.alpha.count == alpha.count, "frames differ in size")
            var sum = 0.0, still = 0.0, stillCount = 0
            for i in alpha.indices {
                let e = Double((alpha[i] - previous.alpha[i]) - (truth[i] - previous.truth[i]))
                sum += e * e
                if truth[i] == previous.truth[i] { still += e * e; stillCount += 1 }
            }
            gradientSum += (sum / Double(max(1, alpha.count))).squareRoot() * 100
            staticSum += (still / Double(max(1, stillCount))).squareRoot() * 100
            pairs += 1
        }
        previous = (alpha, truth)
    }

    /// The score so far.
    public var score: TemporalScore {
        TemporalScore(dtSSD: pairs > 0 ? gradientSum / Double(pairs) : 0, staticDtSSD: pairs > 0 ? staticSum / Double(pairs) : 0,
                      meanSAD: frames > 0 ? sadSum / Double(frames) : 0,
                      frames: frames)
    }
}
