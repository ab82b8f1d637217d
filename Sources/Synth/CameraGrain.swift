import BacklotCore
import Foundation

/// A synthetic camera's true grain: how noisy each channel is at each brightness and ISO, how the noise
/// clumps in space (white noise plus a Gaussian-blurred share, the blur possibly wider one way than the
/// other) and how much the channels' noise moves together. Cameras of a synthetic show differ in all of it,
/// so that a learned grain model has something to tell apart.
public struct CameraGrain: Codable, Equatable, Sendable {
    /// Standard deviation of each channel's noise (R, G, B) at mid grey (0.18, linear) at the base ISO.
    public var sigma: [Float]
    /// The share of the variance at mid grey that is read noise (the same at every brightness); the rest is
    /// shot noise, whose variance grows with the brightness.
    public var readShare: Float
    /// The ISO the camera is rated at; the variance grows in proportion to the ISO above it.
    public var baseISO: Int
    /// The width of the grain's clumps (the Gaussian blur's standard deviation), horizontally and vertically, in pixels.
    public var clump: [Float]
    /// How much of the grain is white (each pixel on its own) rather than clumped: 0 all clumps, 1 all white.
    public var white: Float
    /// The correlation of the channels' noise (every pair alike).
    public var chroma: Float

    public init(sigma: [Float], readShare: Float, baseISO: Int, clump: [Float], white: Float, chroma: Float) {
        (self.sigma, self.readShare, self.baseISO, self.clump, self.white, self.chroma) = (sigma, readShare, baseISO, clump, white, chroma)
    }

    /// The variance of channel `c`'s noise at linear brightness `v` and `iso`.
    public func variance(channel c: Int, at v: Float, iso: Int) -> Float {
        sigma[c] * sigma[c] * Float(iso) / Float(baseISO) * (readShare + (1 - readShare) * max(v, 0) / 0.18)
    }

    /// The true noise power spectrum's shape (mean 1, FFT order) of a `size`² block, from the kernel.
    public func spectrum(size n: Int) -> [Float] {
        let k = kernel()
        let r = k.radius, side = 2 * r + 1
        return (0..<(n * n)).map { i in
            let (fy, fx) = (Float(i / n) / Float(n), Float(i % n) / Float(n))
            var re: Float = 0, im: Float = 0
            for y in 0..<side {
                for x in 0..<side {
                    let phase = -2 * Float.pi * (fx * Float(x - r) + fy * Float(y - r))
                    re += k.weights[y * side + x] * cosf(phase)
                    im += k.weights[y * side + x] * sinf(phase)
                }
            }
            return re * re + im * im
        }
    }

    /// Unit-variance grain of three channels, `width`×`height`, from `seed`: the kernel applied as its white
    /// part plus its Gaussian part, one axis at a time.
    public func field(width: Int, height: Int, seed: UInt64) -> [[Float]] {
        let (white, gx, gy, r) = parts()
        let (pw, ph) = (width + 2 * r, height + 2 * r)
        // Each field's seed a hash of the frame's: neighbouring frame seeds never share a field.
        let base = SeededRandom.mix(seed)
        let shared = (0..<(pw * ph)).map { SeededRandom.gaussian(seed: base, index: UInt64($0)) }
        let (own, common) = ((1 - chroma).squareRoot(), chroma.squareRoot())
        return (0..<3).map { c in
            let s = SeededRandom.mix(base &+ UInt64(c + 1))
            let noise = (0..<(pw * ph)).map { own * SeededRandom.gaussian(seed: s, index: UInt64($0)) + common * shared[$0] }
            // Across, over the padded rows; then down, into the frame.
            var across = [Float](repeating: 0, count: width * ph)
            for y in 0..<ph {
                for (k, w) in gx.enumerated() {
                    let from = y * pw + k
                    for x in 0..<width { across[y * width + x] += w * noise[from + x] }
                }
            }
            var out = [Float](repeating: 0, count: width * height)
            for y in 0..<height {
                for (k, w) in gy.enumerated() {
                    let from = (y + k) * width
                    for x in 0..<width { out[y * width + x] += w * across[from + x] }
                }
                for x in 0..<width { out[y * width + x] += white * noise[(y + r) * pw + x + r] }
            }
            return out
        }
    }

    /// The kernel's parts: the white weight and the Gaussian's two axes (their outer product the clumps),
    /// scaled together to unit energy, and their radius.
    func parts() -> (white: Float, x: [Float], y: [Float], radius: Int) {
        let r = max(1, Int((3 * max(clump[0], clump[1])).rounded(.up)))
        let axis = { (sigma: Float) -> [Float] in (-r...r).map { expf(-0.5 * Float($0 * $0) / (sigma * sigma)) } }
        var (gx, gy) = (axis(clump[0]), axis(clump[1]))
        let norm = (gx.reduce(0) { $0 + $1 * $1 } * gy.reduce(0) { $0 + $1 * $1 }).squareRoot()
        let clumped = (1 - white).squareRoot() / norm
        gx = gx.map { $0 * clumped.squareRoot() }
        gy = gy.map { $0 * clumped.squareRoot() }
        var w = white.squareRoot()
        // Unit energy: the white part adds to the centre tap of the clumps.
        let centre = gx[r] * gy[r]
        let energy = (1 - white) + 2 * w * centre + white
        let scale = 1 / energy.squareRoot()
        (gx, gy, w) = (gx.map { $0 * scale.squareRoot() }, gy.map { $0 * scale.squareRoot() }, w * scale)
        return (w, gx, gy, r)
    }

    /// The whole kernel, `(2 radius + 1)²` values row by row.
    func kernel() -> (weights: [Float], radius: Int) {
        let (w, gx, gy, r) = parts()
        let side = 2 * r + 1
        var k = (0..<(side * side)).map { gy[$0 / side] * gx[$0 % side] }
        k[r * side + r] += w
        return (k, r)
    }
}
