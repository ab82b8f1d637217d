import BacklotCore

import Foundation

/// Smooth seeded 2-D noise (value noise with smoothstep interpolation) and its fractal sum.
public struct ValueNoise: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    @inline(__always)
    private func lattice(_ x: Int, _ y: Int) -> Float {
        let h = SeededRandom.mix(seed ^ (UInt64(bitPattern: Int64(x)) &* 0x8CB9_2BA7_2F3D_8DD7)
                                 ^ (UInt64(bitPattern: Int64(y)) &* 0xD6E8_FEB8_6659_FD93))
        return Float(h >> 40) / Float(1 << 24) * 2 - 1
    }

    /// Noise in -1…1 at `(x, y)`, with features about 1 unit apart.
    public func value(_ x: Float, _ y: Float) -> Float {
        let fx = floorf(x), fy = floorf(y)
        let ix = Int(fx), iy = Int(fy)
        let tx = x - fx, ty = y - fy
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let a = lattice(ix, iy), b = lattice(ix + 1, iy)
        let c = lattice(ix, iy + 1), d = lattice(ix + 1, iy + 1)
        return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy
    }

    /// Fractal sum of `octaves` octaves, roughly in -1…1.
    public func fractal(_ x: Float, _ y: Float, octaves: Int = 4) -> Float {
        var sum: Float = 0, amp: Float = 0.5, f: Float = 1, norm: Float = 0
        for o in 0..<octaves {
            sum += amp * ValueNoise(seed: seed &+ UInt64(o) &* 977).value(x * f, y * f)
            norm += amp
            amp *= 0.5
            f *= 2.03
        }
        return sum / norm
    }
}
