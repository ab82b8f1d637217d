import BacklotCore
import Foundation

/// Measures a camera's grain on its dailies, frame pair by frame pair, into a `GrainModel`.
///
/// The picture is cut into 32-pixel blocks. Where the camera is locked off, the difference of two
/// neighbouring frames (divided by √2) is pure noise wherever nothing moved, textured or flat, so each
/// block's residual is that; where the whole frame changed (a moving camera) or only one frame is given, it
/// is the frame less a plane fitted to the block, which is noise only where the picture is flat. Blocks whose
/// residual is far noisier than the noise level most blocks agree on at their brightness (something moved,
/// or texture) or far quieter (clipped), whose brightness is far from any the still picture shows, whose
/// residual is not Gaussian (a moving edge in part of it) or has its power bunched in the lowest frequencies
/// (a soft moving shape), are left out; the rest give the noise variance per channel and brightness, the shape of the noise power
/// spectrum and the channels' correlation.
public struct GrainMeasurement: Sendable {
    /// The side of the blocks, and of the spectra, in pixels.
    public static let blockSize = 32
    /// Brightness bins: half a stop wide, from 2⁻¹⁴ to 2⁶.
    static let binsPerStop: Float = 2, lowestStop: Float = -14, binCount = 40
    /// A block is kept when its residual's variance is within these multiples of the reference for its
    /// brightness (see `reference`).
    static let accepted: ClosedRange<Float> = 0.3...2.0
    /// ... and its share of power in the lowest frequency band within this factor of the usual share ...
    static let lowShare: Float = 1.5
    /// ... and its variance at most this many times its robust variance (for Gaussian noise in 32-pixel
    /// blocks, the ratio is 1 ± 0.07, under 1.18 in 99 blocks of 100).
    static let tails: Float = 1.35
    /// ... and, given a third frame, the correlation of its two differences within this range (-½ ± 0.14).
    static let stillCorrelation: ClosedRange<Float> = -0.64 ... -0.36
    /// A brightness bin needs this many kept blocks to give a noise level (a few stray ones do not).
    static let minimumBlocks = 8

    /// The colour channels measured (R, G, B when the pictures have them, else every channel but alpha).
    public private(set) var channels: [String] = []
    /// Blocks kept, and the frame pairs and single frames they came from.
    public private(set) var blocks = 0, temporalPairs = 0, spatialFrames = 0
    var count: [[Int]] = [], sumLevel: [[Double]] = [], sumVariance: [[Double]] = []
    var spectrumSum: [[Double]] = [], spectrumVariance: [Double] = [], cross: [[Double]] = []

    public init() {}

    /// Measures the grain of `frame`, with `next` (the following frame of the same shot) when there is one,
    /// and `then` (the frame after that) to tell still blocks from moving ones better: the differences of a
    /// still block's two pairs are correlated by exactly -½ (they share the middle frame's noise, with
    /// opposite signs) and equally strong; a moving block's are not.
    public mutating func add(_ frame: Image, next: Image?, then: Image? = nil) throws(GrainError) {
        let names = Self.colourChannels(frame)
        guard !names.isEmpty else { throw GrainError("a picture with no colour channels has no grain to measure") }
        if channels.isEmpty { start(names) }
        guard names == channels else {
            throw GrainError("a picture with channels \(names.joined(separator: ", ")) among pictures with \(channels.joined(separator: ", "))")
        }
        for other in [next, then].compactMap({ $0 }) where Self.colourChannels(other) != names || (other.width, other.height) != (frame.width, frame.height) {
            throw GrainError("frames of one shot differ in size or channels")
        }
        let n = Self.blockSize
        let (w, h) = (frame.width, frame.height)
        let a = names.map { frame.planes[frame.channelIndex($0)!] }
        let b = next.map { next in names.map { next.planes[next.channelIndex($0)!] } }
        let third = next == nil ? nil : then.map { then in names.map { then.planes[then.channelIndex($0)!] } }
        let origins = stride(from: 0, through: h - n, by: n).flatMap { y in stride(from: 0, through: w - n, by: n).map { (x: $0, y: y) } }
        guard !origins.isEmpty else { return }
        // Each block's brightness and residual variance per channel, both ways.
        func stats(_ o: (x: Int, y: Int), temporal: Bool) -> [(level: Float, variance: Float)] {
            (0..<names.count).map { c in
                let d = residual(a[c], temporal ? b?[c] : nil, o, width: w)
                var level: Float = 0
                for y in 0..<n { for x in 0..<n { level += a[c][(o.y + y) * w + o.x + x] + (b?[c][(o.y + y) * w + o.x + x] ?? a[c][(o.y + y) * w + o.x + x]) } }
                return (level / Float(2 * n * n), d.reduce(0) { $0 + $1 * $1 } / Float(n * n))
            }
        }
        let spatial = origins.map { stats($0, temporal: false) }
        var temporal = false, table = spatial
        if b != nil {
            let moving = origins.map { stats($0, temporal: true) }
            // A pair is measured by its difference unless the whole picture changed between its frames (a
            // moving camera): then even its quietest blocks differ more than its flattest blocks vary.
            let quiet = { (t: [[(level: Float, variance: Float)]]) in t.map { $0.map(\.variance).reduce(0, +) }.sorted()[t.count / 4] }
            if quiet(moving) <= 1.5 * quiet(spatial) { (temporal, table) = (true, moving) }
        }
        let references = (0..<names.count).map { c in Self.reference(table.map { $0[c] }) }
        // The blocks whose noise level fits, with each channel's periodogram and the channels' covariances.
        var candidates: [(k: Int, spectra: [[Float]], cross: [[Float]])] = []
        for (k, o) in origins.enumerated() {
            let ok = (0..<names.count).allSatisfy { c in
                let ref = references[c](table[k][c].level)
                return ref > 0 && Self.accepted.contains(table[k][c].variance / ref)
            }
            guard ok else { continue }
            let residuals = (0..<names.count).map { residual(a[$0], temporal ? b?[$0] : nil, o, width: w) }
            // Grain is Gaussian: a residual with heavier tails than that (a moving edge in part of the block,
            // texture) has a variance well above the square of its robust (median absolute) deviation.
            guard (0..<names.count).allSatisfy({ c in table[k][c].variance <= Self.tails * Self.robustVariance(residuals[c]) }) else { continue }
            if temporal, let b, let third {
                let still = (0..<names.count).allSatisfy { c in
                    let later = residual(b[c], third[c], o, width: w)
                    var (ab, bb) = (Float(0), Float(0))
                    for i in 0..<(n * n) { ab += residuals[c][i] * later[i]; bb += later[i] * later[i] }
                    let aa = table[k][c].variance * Float(n * n)
                    let ratio = bb / max(aa, 1e-30)
                    return Self.stillCorrelation.contains(ab / max((aa * bb).squareRoot(), 1e-30)) && ratio >= 0.7 && ratio <= 1 / 0.7
                }
                guard still else { continue }
            }
            let cross = (0..<names.count).map { c in
                (0..<names.count).map { j in
                    var s: Float = 0
                    for i in 0..<(n * n) { s += residuals[c][i] * residuals[j][i] }
                    return s / Float(n * n)
                }
            }
            candidates.append((k, residuals.map { NoiseSpectrum.periodogram($0, fft: fft) }, cross))
        }
        // Motion and texture left in a residual put their power in its lowest frequencies, grain does not:
        // a block whose share of power there is far from what most blocks have is left out too.
        let lowest = NoiseSpectrum.bandIndex(size: n).enumerated().filter { $0.element == 0 }.map(\.offset)
        let share = candidates.map { candidate in
            candidate.spectra.map { p in lowest.reduce(Float(0)) { $0 + p[$1] } / max(p.reduce(0, +), 1e-30) }
        }
        let usual = (0..<names.count).map { c in share.map { $0[c] }.sorted()[safe: share.count / 2] ?? 0 }
        var kept = 0
        for (index, candidate) in candidates.enumerated() {
            guard (0..<names.count).allSatisfy({ c in share[index][c] <= Self.lowShare * usual[c] && share[index][c] * Self.lowShare >= usual[c] }) else { continue }
            let k = candidate.k
            for c in 0..<names.count {
                let bin = Self.bin(table[k][c].level)
                count[c][bin] += 1
                sumLevel[c][bin] += Double(table[k][c].level)
                sumVariance[c][bin] += Double(table[k][c].variance)
                for (i, p) in candidate.spectra[c].enumerated() { spectrumSum[c][i] += Double(p) }
                spectrumVariance[c] += Double(table[k][c].variance)
                for j in 0..<names.count { cross[c][j] += Double(candidate.cross[c][j]) }
            }
            kept += 1
        }
        blocks += kept
        if temporal { temporalPairs += 1 } else { spatialFrames += 1 }
    }

    /// The model of everything measured so far.
    public func model(camera: String, iso: String?) throws(GrainError) -> GrainModel {
        guard blocks > 0 else {
            throw GrainError("no still or flat regions were found to measure grain on")
        }
        let n = Self.blockSize
        var spectra: [[Float]] = [], levels: [[Float]] = [], variances: [[Float]] = [], affine: [[Float]] = []
        for c in channels.indices {
            var shape = spectrumSum[c].map { Float($0 / max(spectrumVariance[c], 1e-30)) }
            // The zero frequency is not measured (each block's mean is taken out): its neighbours' mean stands in.
            shape[0] = (shape[1] + shape[n] + shape[n - 1] + shape[n * (n - 1)]) / 4
            let mean = shape.reduce(0, +) / Float(n * n)
            shape = shape.map { $0 / max(mean, 1e-12) }
            // A block's variance misses the share of the noise its mean carried away.
            let kept = 1 - min(0.5, shape[0] / Float(n * n))
            let bins = (0..<Self.binCount).filter { count[c][$0] >= Self.minimumBlocks }
            guard !bins.isEmpty else { throw GrainError("too few still or flat regions of \(channels[c]) to measure its grain on") }
            levels.append(bins.map { Float(sumLevel[c][$0] / Double(count[c][$0])) })
            variances.append(bins.map { Float(sumVariance[c][$0] / Double(count[c][$0])) / kept })
            let fit = Self.affineFit(bins.indices.map { (levels[c][$0], variances[c][$0], Float(count[c][bins[$0]])) }) ?? (0, 0)
            affine.append([fit.a, fit.b])
            spectra.append(shape)
        }
        let correlation = channels.indices.map { c in
            channels.indices.map { j in c == j ? Float(1) : Float(cross[c][j] / max((cross[c][c] * cross[j][j]).squareRoot(), 1e-30)) }
        }
        let method = temporalPairs > 0 && spatialFrames > 0 ? "temporal and spatial" : temporalPairs > 0 ? "temporal" : "spatial"
        return GrainModel(camera: camera, iso: iso, channels: channels, levels: levels, variance: variances, affine: affine, blockSize: n,
                          spectrum: spectra, correlation: correlation, method: method)
    }

    // MARK: - Parts

    private let fft = FFT(size: GrainMeasurement.blockSize)

    private mutating func start(_ names: [String]) {
        let c = names.count, n = Self.blockSize
        channels = names
        count = Array(repeating: Array(repeating: 0, count: Self.binCount), count: c)
        sumLevel = Array(repeating: Array(repeating: 0, count: Self.binCount), count: c)
        sumVariance = sumLevel
        spectrumSum = Array(repeating: Array(repeating: 0, count: n * n), count: c)
        spectrumVariance = Array(repeating: 0, count: c)
        cross = Array(repeating: Array(repeating: 0, count: c), count: c)
    }

    /// The colour channels of `image`: R, G and B when it has them, else every channel but alpha.
    public static func colourChannels(_ image: Image) -> [String] {
        if ["R", "G", "B"].allSatisfy({ image.channelIndex($0) != nil }) { return ["R", "G", "B"] }
        return image.channelNames.filter { !Image.isAlphaName($0) }
    }

    static func bin(_ level: Float) -> Int {
        let stop = log2(max(level, 1e-12))
        return max(0, min(binCount - 1, Int(((stop - lowestStop) * binsPerStop).rounded(.down))))
    }

    /// A block's noise: `(a - b)/√2` less its mean, or without `b`, `a` less the plane fitted to it.
    private func residual(_ a: [Float], _ b: [Float]?, _ o: (x: Int, y: Int), width w: Int) -> [Float] {
        let n = Self.blockSize
        var d = [Float](repeating: 0, count: n * n)
        if let b {
            for y in 0..<n { for x in 0..<n { d[y * n + x] = (a[(o.y + y) * w + o.x + x] - b[(o.y + y) * w + o.x + x]) * 0.70710678 } }
            let mean = d.reduce(0, +) / Float(n * n)
            return d.map { $0 - mean }
        }
        for y in 0..<n { for x in 0..<n { d[y * n + x] = a[(o.y + y) * w + o.x + x] } }
        let mean = d.reduce(0, +) / Float(n * n)
        let centre = Float(n - 1) / 2
        var sx: Float = 0, sy: Float = 0, ss: Float = 0
        for y in 0..<n {
            for x in 0..<n {
                let (cx, cy) = (Float(x) - centre, Float(y) - centre)
                sx += d[y * n + x] * cx; sy += d[y * n + x] * cy; ss += cx * cx
            }
        }
        let (gx, gy) = (sx / ss, sy / ss)
        for y in 0..<n { for x in 0..<n { d[y * n + x] -= mean + gx * (Float(x) - centre) + gy * (Float(y) - centre) } }
        return d
    }

    /// The variance of Gaussian noise that has the median absolute deviation of `d` (1.4826² MAD²).
    static func robustVariance(_ d: [Float]) -> Float {
        let sorted = d.sorted()
        let median = sorted[sorted.count / 2]
        let deviations = d.map { abs($0 - median) }.sorted()
        let mad = 1.4826 * deviations[deviations.count / 2]
        return mad * mad
    }

    /// The reference variance at each brightness for one channel's blocks, from the lower quartile of the
    /// variances in each brightness bin with enough blocks: the line (variance affine in brightness, as shot
    /// and read noise make it) that most blocks' bins agree with, found by trying the line through every two
    /// bins (a bin of moving picture alone, far above it, does not drag it), then fitted to the bins that
    /// agree. 0 (no block is kept) more than a stop beyond the brightnesses of those bins.
    static func reference(_ blocks: [(level: Float, variance: Float)]) -> (Float) -> Float {
        var byBin = [Int: [(level: Float, variance: Float)]]()
        for b in blocks { byBin[bin(b.level), default: []].append(b) }
        let points = byBin.values.filter { $0.count >= 6 }.map { members -> (m: Float, q: Float, n: Float) in
            let sorted = members.map(\.variance).sorted()
            return (members.map(\.level).reduce(0, +) / Float(members.count), sorted[sorted.count / 4], Float(members.count))
        }
        guard !points.isEmpty else { return { _ in 0 } }
        func agrees(_ p: (m: Float, q: Float, n: Float), _ a: Float, _ b: Float) -> Bool {
            let f = a + b * p.m
            return f > 0 && p.q >= 0.75 * f && p.q <= 1.33 * f
        }
        var candidates = points.map { (a: $0.q, b: Float(0)) }
        for i in points.indices {
            for j in points.indices where points[j].m > points[i].m * 1.05 {
                let b = (points[j].q - points[i].q) / (points[j].m - points[i].m)
                if b >= 0 { candidates.append((points[i].q - b * points[i].m, b)) }
            }
        }
        let best = candidates.max { x, y in
            points.filter { agrees($0, x.a, x.b) }.reduce(0) { $0 + $1.n } < points.filter { agrees($0, y.a, y.b) }.reduce(0) { $0 + $1.n }
        }!
        let inliers = points.filter { agrees($0, best.a, best.b) }
        let (a, b) = affineFit(inliers.map { ($0.m, $0.q, $0.n) }) ?? (best.a, best.b)
        let low = (inliers.map(\.m).min() ?? 0) / 2, high = (inliers.map(\.m).max() ?? 0) * 2
        return { level in level >= low && level <= high ? max(a + b * level, 1e-12) : 0 }
    }

    /// The weighted least-squares line `a + b·x` through `(x, y, weight)` points, its slope at least 0; nil
    /// when the points are empty.
    static func affineFit(_ points: [(Float, Float, Float)]) -> (a: Float, b: Float)? {
        let w = points.reduce(0) { $0 + Double($1.2) }
        guard w > 0 else { return nil }
        let mx = points.reduce(0) { $0 + Double($1.0 * $1.2) } / w, my = points.reduce(0) { $0 + Double($1.1 * $1.2) } / w
        let sxx = points.reduce(0) { $0 + Double($1.2) * (Double($1.0) - mx) * (Double($1.0) - mx) }
        let sxy = points.reduce(0) { $0 + Double($1.2) * (Double($1.0) - mx) * (Double($1.1) - my) }
        let b = sxx > 0 ? max(0, sxy / sxx) : 0
        return (Float(my - b * mx), Float(b))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
