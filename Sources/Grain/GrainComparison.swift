import BacklotCore

/// How close one grain model is to another measured on other frames (a held-out check), and how far white
/// noise of the same variance would be: the figures a learned grain model is judged by.
public struct GrainComparison: Sendable, Equatable {
    /// The largest relative difference of the noise power spectra's band means, over channels and bands.
    public let bandError: Double
    /// The same for white noise of the same variance (a flat spectrum).
    public let whiteBandError: Double
    /// The median relative difference of the noise variance at the reference's measured levels.
    public let levelError: Double

    /// `model` against `reference` (channels matched by name; those the reference lacks are left out).
    public init(_ model: GrainModel, against reference: GrainModel) {
        var bands: [Double] = [], white: [Double] = [], levels: [Double] = []
        for (r, name) in reference.channels.enumerated() {
            guard let m = model.channels.firstIndex(of: name) else { continue }
            let truth = NoiseSpectrum.bands(reference.spectrum[r], size: reference.blockSize)
            let learned = NoiseSpectrum.bands(model.spectrum[m], size: model.blockSize)
            for (l, t) in zip(learned, truth) where t > 0 {
                bands.append(abs(Double(l / t) - 1))
                white.append(abs(Double(1 / t) - 1))
            }
            for (level, v) in zip(reference.levels[r], reference.variance[r]) where v > 0 {
                levels.append(abs(Double(model.variance(channel: m, at: level) / v) - 1))
            }
        }
        bandError = bands.max() ?? .nan
        whiteBandError = white.max() ?? .nan
        levelError = levels.isEmpty ? .nan : levels.sorted()[levels.count / 2]
    }

    /// The figures under the names a model's quality is recorded with.
    public var figures: [String: Double] {
        ["heldOutBandError": bandError, "whiteBandError": whiteBandError, "heldOutLevelError": levelError].filter { $0.value.isFinite }
    }
}
