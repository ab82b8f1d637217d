import BacklotCore
import Foundation

/// Fits a smooth 3D LUT to sample pairs: least squares through the LUT's own trilinear interpolation, so
/// the table reproduces the samples as it will be applied, plus a penalty on its second differences along
/// each axis, which makes it smooth and carries it on into the parts of the cube no sample reaches.
/// Solved coarse to fine (9³, 17³, 33³ …), each level by conjugate gradients started from the one below:
/// where the pairs have no colours, the finer tables keep what the coarser, smoother ones found.
public enum LutFit {
    /// The fitted table; its entries are clamped to 0…1 (display values).
    /// - Parameter smoothness: The weight of the smoothness penalty (the integral over the cube of the squared
    ///   second derivatives along each axis; mixed derivatives are free) against the mean squared error (in
    ///   display values) of the samples, at the finest level; each coarser level weighs it 25 times more, so
    ///   that the coarse tables, which carry the look into colours no pair shows, are smooth, and the fine
    ///   ones follow the pairs closely. (Tuned on a held-out take of the synthetic show at 1080p, seed 1.)
    public static func fit(_ samples: LookSamples, size: Int = 33, smoothness: Double = 1e-10) throws(GradingError) -> Lut3D {
        guard samples.count >= 64 else { throw GradingError("too few usable pixels to learn a look from (\(samples.count))") }
        guard size >= 3, size <= 129, (size - 1) & (size - 2) == 0 else {
            throw GradingError("a fitted LUT has 2ⁿ+1 entries per axis, from 3 to 129 (\(size))")
        }
        var levels = [size]
        while let last = levels.last, last > 9 { levels.append((last - 1) / 2 + 1) }
        var mean = SIMD3<Float>.zero
        for k in 0..<samples.count { mean += samples.output(k) }
        var lut = Lut3D(size: levels.last!) { _ in mean / Float(samples.count) }
        for (coarser, level) in levels.enumerated().reversed() {
            let start = lut.size == level ? lut : Lut3D(size: level) { lut.apply($0) }
            lut = solve(NormalEquations(samples, size: level), from: start, smoothness: smoothness * pow(25, Double(coarser)))
        }
        lut.values = lut.values.map { min(max($0, 0), 1) }
        return lut
    }

    /// The data part of the normal equations at one size: for each lattice point, its coupling to its 27
    /// neighbours (through samples in the cells they share) and the samples' pull on it.
    struct NormalEquations {
        let size: Int
        var coupling: [Double], pull: [Double]

        init(_ samples: LookSamples, size: Int) {
            self.size = size
            let points = size * size * size
            let threads = max(1, min(Schedule.automatic.threads, samples.count / 10_000 + 1))
            let parts = SharedResults<([Double], [Double])>(count: threads)
            let scale = 1 / Double(samples.count)
            Schedule.automatic.forEach(threads) { t in
                var coupling = [Double](repeating: 0, count: points * 27), pull = [Double](repeating: 0, count: points * 3)
                let range = (samples.count * t / threads)..<(samples.count * (t + 1) / threads)
                let top = Float(size - 1)
                coupling.withUnsafeMutableBufferPointer { coupling in
                    pull.withUnsafeMutableBufferPointer { pull in
                        var corner = SIMD8<Int>(), weight = SIMD8<Double>()
                        for k in range {
                            let x = samples.input(k), y = samples.output(k)
                            let q = x.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 1)) * top
                            let i = SIMD3<Int>(min(Int(q.x), size - 2), min(Int(q.y), size - 2), min(Int(q.z), size - 2))
                            let f = q - SIMD3<Float>(Float(i.x), Float(i.y), Float(i.z))
                            for c in 0..<8 {
                                let (dx, dy, dz) = (c & 1, (c >> 1) & 1, c >> 2)
                                corner[c] = (i.z + dz) * size * size + (i.y + dy) * size + i.x + dx
                                weight[c] = Double((dx == 1 ? f.x : 1 - f.x) * (dy == 1 ? f.y : 1 - f.y) * (dz == 1 ? f.z : 1 - f.z))
                            }
                            for a in 0..<8 {
                                let wa = weight[a] * scale
                                guard wa != 0 else { continue }
                                let row = corner[a] * 27
                                for b in 0..<8 {
                                    let o = ((b >> 2) - (a >> 2) + 1) * 9 + (((b >> 1) & 1) - ((a >> 1) & 1) + 1) * 3 + (b & 1) - (a & 1) + 1
                                    coupling[row + o] += wa * weight[b]
                                }
                                pull[corner[a] * 3] += wa * Double(y.x)
                                pull[corner[a] * 3 + 1] += wa * Double(y.y)
                                pull[corner[a] * 3 + 2] += wa * Double(y.z)
                            }
                        }
                    }
                }
                parts.set(t, (coupling, pull))
            }
            var coupling = [Double](repeating: 0, count: points * 27), pull = [Double](repeating: 0, count: points * 3)
            for part in parts.values {
                guard let part else { continue }
                for k in coupling.indices { coupling[k] += part.0[k] }
                for k in pull.indices { pull[k] += part.1[k] }
            }
            (self.coupling, self.pull) = (coupling, pull)
        }
    }

    /// Conjugate gradients (Jacobi-preconditioned) on the normal equations plus the smoothness penalty, for
    /// each channel, from `start`.
    static func solve(_ equations: NormalEquations, from start: Lut3D, smoothness: Double) -> Lut3D {
        let n = equations.size, points = n * n * n
        // The penalty approximates ∫|∂²f/∂x²|² + … over the cube: each squared second difference over h⁴,
        // times the cell volume h³ (h = 1/(n-1)), so one weight means the same at every level.
        let w = smoothness * Double(n - 1)
        func coordinates(_ v: Int) -> (Int, Int, Int) { (v % n, (v / n) % n, v / (n * n)) }
        func multiply(_ x: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: points)
            equations.coupling.withUnsafeBufferPointer { c in
                x.withUnsafeBufferPointer { x in
                    out.withUnsafeMutableBufferPointer { out in
                        for k in 0..<n {
                            for j in 0..<n {
                                for i in 0..<n {
                                    let v = (k * n + j) * n + i
                                    var s = 0.0
                                    for dz in max(-1, -k)...min(1, n - 1 - k) {
                                        for dy in max(-1, -j)...min(1, n - 1 - j) {
                                            let row = v * 27 + (dz + 1) * 9 + (dy + 1) * 3 + 1
                                            let at = v + dz * n * n + dy * n
                                            for dx in max(-1, -i)...min(1, n - 1 - i) { s += c[row + dx] * x[at + dx] }
                                        }
                                    }
                                    // The smoothness penalty's part, second differences along each axis.
                                    for (p, e) in [(i, 1), (j, n), (k, n * n)] {
                                        if p + 1 <= n - 2 { s += w * (x[v] - 2 * x[v + e] + x[v + 2 * e]) }
                                        if p >= 1 && p <= n - 2 { s -= 2 * w * (x[v - e] - 2 * x[v] + x[v + e]) }
                                        if p >= 2 { s += w * (x[v - 2 * e] - 2 * x[v - e] + x[v]) }
                                    }
                                    out[v] = s
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        var diagonal = (0..<points).map { v -> Double in
            let (i, j, k) = coordinates(v)
            var d = equations.coupling[v * 27 + 13]
            for p in [i, j, k] { d += w * ((p + 1 <= n - 2 ? 1 : 0) + (p >= 1 && p <= n - 2 ? 4 : 0) + (p >= 2 ? 1 : 0)) }
            return d
        }
        diagonal = diagonal.map { $0 > 0 ? 1 / $0 : 1 }
        var values = start.values
        for ch in 0..<3 {
            var x = (0..<points).map { Double(start.values[3 * $0 + ch]) }
            let b = (0..<points).map { equations.pull[3 * $0 + ch] }
            let ax = multiply(x)
            var r = (0..<points).map { b[$0] - ax[$0] }
            var z = (0..<points).map { r[$0] * diagonal[$0] }
            var p = z
            var rz = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
            let goal = 1e-20 * max(b.reduce(0) { $0 + $1 * $1 }, 1e-30)
            for _ in 0..<(n <= 9 ? 600 : 200) {
                guard r.reduce(0, { $0 + $1 * $1 }) > goal else { break }
                let ap = multiply(p)
                let pap = zip(p, ap).reduce(0) { $0 + $1.0 * $1.1 }
                guard pap > 0 else { break }
                let alpha = rz / pap
                for v in 0..<points { x[v] += alpha * p[v]; r[v] -= alpha * ap[v]; z[v] = r[v] * diagonal[v] }
                let next = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
                let beta = next / rz
                rz = next
                for v in 0..<points { p[v] = z[v] + beta * p[v] }
            }
            for v in 0..<points { values[3 * v + ch] = Float(x[v]) }
        }
        return Lut3D(size: n, values: values)!
    }
}
