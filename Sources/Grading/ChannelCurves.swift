import BacklotCore

/// A baseline look: one smooth curve per channel (red in → red out …), fitted by least squares with a
/// smoothness penalty, as a colourist's RGB curves would be. It cannot move one channel by another, so it
/// misses saturation and hue changes.
public struct ChannelCurves: LookPredictor {
    /// Knot values per channel over the ACEScct input 0…1, linearly interpolated.
    public let knots: [[Float]]

    /// The curves through `samples`: per channel, least squares over `count` knots plus a penalty of
    /// `smoothness` on their second differences.
    public static func fit(_ samples: LookSamples, knots count: Int = 64, smoothness: Double = 1e-6) throws(GradingError) -> ChannelCurves {
        guard samples.count >= 16 else { throw GradingError("too few usable pixels to fit curves (\(samples.count))") }
        guard count >= 2, count <= 4096 else { throw GradingError("curves have 2 to 4096 knots (\(count))") }
        let top = Float(count - 1)
        var curves: [[Float]] = []
        for ch in 0..<3 {
            var a = [Double](repeating: 0, count: count * count), b = [Double](repeating: 0, count: count)
            let scale = 1 / Double(samples.count)
            for k in 0..<samples.count {
                let q = min(max(samples.inputs[3 * k + ch], 0), 1) * top
                let i = min(Int(q), count - 2)
                let f = Double(q - Float(i))
                let w = [1 - f, f], y = Double(samples.outputs[3 * k + ch])
                for u in 0..<2 {
                    for v in 0..<2 { a[(i + u) * count + i + v] += scale * w[u] * w[v] }
                    b[i + u] += scale * w[u] * y
                }
            }
            let lambda = smoothness * Double(count - 1) * Double(count - 1) * Double(count - 1)
            for i in 1..<(count - 1) {
                let d = [(i - 1, 1.0), (i, -2.0), (i + 1, 1.0)]
                for (p, wp) in d { for (q, wq) in d { a[p * count + q] += lambda * wp * wq } }
            }
            curves.append(Self.solve(a, b, count).map(Float.init))
        }
        return ChannelCurves(knots: curves)
    }

    /// Each channel through its curve (input clamped to 0…1, output to display values).
    public func predict(_ input: SIMD3<Float>) -> SIMD3<Float> {
        var out = SIMD3<Float>()
        for ch in 0..<3 {
            let k = knots[ch], top = Float(k.count - 1)
            let q = min(max(input[ch].isNaN ? 0 : input[ch], 0), 1) * top
            let i = min(Int(q), k.count - 2)
            let f = q - Float(i)
            out[ch] = min(max(k[i] + (k[i + 1] - k[i]) * f, 0), 1)
        }
        return out
    }

    /// Solves the small dense system `a x = b` by Gaussian elimination with partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var a = a, b = b
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0 * n + col]) < abs(a[$1 * n + col]) } ?? col
            if pivot != col {
                for c in 0..<n { a.swapAt(col * n + c, pivot * n + c) }
                b.swapAt(col, pivot)
            }
            let d = a[col * n + col]
            guard abs(d) > 1e-300 else { continue }
            for row in (col + 1)..<n {
                let m = a[row * n + col] / d
                guard m != 0 else { continue }
                for c in col..<n { a[row * n + c] -= m * a[col * n + c] }
                b[row] -= m * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for c in (row + 1)..<n { s -= a[row * n + c] * x[c] }
            let d = a[row * n + row]
            x[row] = abs(d) > 1e-300 ? s / d : 0
        }
        return x
    }
}
