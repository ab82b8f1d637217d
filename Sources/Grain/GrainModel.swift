import BacklotCore
import Foundation

/// A camera's grain at one ISO, as measured on its dailies: for each colour channel, the noise variance as a
/// function of the channel's linear intensity, the shape of its noise power spectrum (how the noise is
/// correlated in space: fine, coarse, streaky), and how the channels' noise is correlated with each other.
/// `GrainSynthesis` makes new grain from it; `Degrain` takes it out.
public struct GrainModel: Versioned, Equatable, Sendable {
    public static let schema = "backlot.grain"
    public static let version = 1

    /// The camera and ISO it was measured for (the ISO as the headers give it; nil when they give none).
    public var camera: String
    public var iso: String?
    /// The colour channels' names, in the order of every per-channel field.
    public var channels: [String]
    /// For each channel, the linear intensities the noise was measured at, ascending.
    public var levels: [[Float]]
    /// For each channel, the noise variance at each of `levels`.
    public var variance: [[Float]]
    /// For each channel, the line `[a, b]` (variance `a + b·v`) fitted to the levels: how the variance goes on
    /// beyond them.
    public var affine: [[Float]]
    /// The side of the square spectra, in pixels (a power of two).
    public var blockSize: Int
    /// For each channel, the noise power spectrum's shape: `blockSize`² values, row by row, frequency (0, 0)
    /// first (FFT order), with mean 1, so white noise is all ones; the noise's power at a frequency is the
    /// variance times this.
    public var spectrum: [[Float]]
    /// The correlation of the channels' noise (a symmetric matrix with ones on its diagonal).
    public var correlation: [[Float]]
    /// How it was measured: `temporal` (differences of neighbouring frames, where the picture is still) or
    /// `spatial` (flat regions of single frames).
    public var method: String
    /// The production box it was learned in (its id), when a box learned it: no other box uses it.
    public var owner: String?

    public init(camera: String, iso: String?, channels: [String], levels: [[Float]], variance: [[Float]], affine: [[Float]],
                blockSize: Int, spectrum: [[Float]], correlation: [[Float]], method: String) {
        (self.camera, self.iso, self.channels, self.levels, self.variance, self.affine) = (camera, iso, channels, levels, variance, affine)
        (self.blockSize, self.spectrum, self.correlation, self.method) = (blockSize, spectrum, correlation, method)
    }

    /// The noise variance of channel `c` at linear intensity `v`: interpolated linearly between the measured
    /// levels (shot and read noise make variance affine in intensity); beyond them, continued along the
    /// fitted line's slope (never below a tenth of the nearest level's variance).
    public func variance(channel c: Int, at v: Float) -> Float {
        let l = levels[c], s = variance[c], slope = affine[c][1]
        guard let first = l.first, let last = l.last else { return 0 }
        if v <= first { return max(s[0] + slope * (v - first), 0.1 * s[0]) }
        if v >= last { return s[s.count - 1] + slope * (v - last) }
        var hi = 1
        while l[hi] < v { hi += 1 }
        let t = (v - l[hi - 1]) / max(l[hi] - l[hi - 1], 1e-12)
        return s[hi - 1] + t * (s[hi] - s[hi - 1])
    }

    /// The standard deviation of channel `c`'s noise at linear intensity `v`.
    public func sigma(channel c: Int, at v: Float) -> Float { variance(channel: c, at: v).squareRoot() }

    /// Checks that the fields agree with each other (a model read from a file is checked before it is used).
    public func validate(source: String) throws(GrainError) {
        let n = channels.count
        guard n >= 1, levels.count == n, variance.count == n, affine.count == n, affine.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isFinite) && $0[1] >= 0 }),
              spectrum.count == n, correlation.count == n,
              correlation.allSatisfy({ $0.count == n }) else {
            throw GrainError("\(source): the grain model's channels, levels, spectra and correlations do not agree in number")
        }
        guard blockSize >= 4, blockSize <= 256, blockSize & (blockSize - 1) == 0,
              spectrum.allSatisfy({ $0.count == blockSize * blockSize && $0.allSatisfy { $0.isFinite && $0 >= 0 } }) else {
            throw GrainError("\(source): the grain model's spectra are not \(blockSize)×\(blockSize) non-negative values")
        }
        for c in 0..<n {
            guard !levels[c].isEmpty, levels[c].count == variance[c].count, zip(levels[c], levels[c].dropFirst()).allSatisfy({ $0 < $1 }),
                  levels[c].allSatisfy(\.isFinite), variance[c].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw GrainError("\(source): the grain model's noise levels of \(channels[c]) are not ascending finite values")
            }
        }
        guard correlation.joined().allSatisfy({ $0.isFinite && abs($0) <= 1.0001 }) else {
            throw GrainError("\(source): the grain model's channel correlations are not between -1 and 1")
        }
    }

    /// Reads a model written by `write(to:)`.
    public static func read(_ path: String) throws -> GrainModel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw GrainError("\(path): cannot be read (\(error.localizedDescription))")
        }
        let model = try SchemaFile.decode(GrainModel.self, from: data, source: path)
        try model.validate(source: path)
        return model
    }

    /// The model as JSON, its schema and version beside its fields.
    public func encoded() throws -> Data { try SchemaFile.encode(self) }
}

/// Why grain could not be measured, made or removed, in a sentence for a person.
public struct GrainError: BacklotError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
