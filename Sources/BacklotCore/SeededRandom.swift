/// A small, fast, seeded generator (SplitMix64): the same seed gives the same plate on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    /// A stateless 64-bit hash (SplitMix64's finaliser), for per-pixel noise that parallel loops can share.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        Float.random(in: range, using: &self)
    }

    /// Standard normal (Box–Muller).
    public mutating func gaussian() -> Float {
        let u = max(Float.random(in: 0..<1, using: &self), 1e-7)
        let v = Float.random(in: 0..<1, using: &self)
        return (-2 * logf(u)).squareRoot() * cosf(2 * .pi * v)
    }

    /// A standard-normal value determined by `seed` and `index` alone.
    @inlinable
    public static func gaussian(seed: UInt64, index: UInt64) -> Float {
        let h1 = mix(seed ^ mix(index &* 2 &+ 1))
        let h2 = mix(h1 ^ 0xD6E8_FEB8_6659_FD93)
        let u = max(Float(h1 >> 40) / Float(1 << 24), 1e-7)
        let v = Float(h2 >> 40) / Float(1 << 24)
        return (-2 * logf(u)).squareRoot() * cosf(2 * .pi * v)
    }
}

import Foundation
