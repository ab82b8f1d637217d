/// A smooth trend over a grid: `c₀ + c₁x + c₂y + c₃x² + c₄xy + c₅y²`, fitted by weighted least squares.
///
/// The broad shading of a lit surface (a screen's hot spot and fall-off) is close to quadratic over the frame.
/// Interpolating what is left after taking it out carries that curvature into large regions with no samples,
/// where interpolating the values themselves would flatten it to the average of their border.
public struct QuadraticSurface: Sendable, Equatable {
    /// The coefficients, for coordinates normalised to −1…1 over the grid.
    public let coefficients: [Float]
    let width: Int, height: Int
    private let packed: SIMD8<Float>

    /// The flat surface 0 on a `width` × `height` grid.
    public init(width: Int, height: Int) {
        self.init(coefficients: [Float](repeating: 0, count: 6), width: width, height: height)
    }

    init(coefficients: [Float], width: Int, height: Int) {
        (self.coefficients, self.width, self.height) = (coefficients, width, height)
        packed = SIMD8(coefficients[0], coefficients[1], coefficients[2], coefficients[3], coefficients[4], coefficients[5], 0, 0)
    }

    /// The weighted least-squares fit through `values` (a `width` × `height` grid, row by row), each cell
    /// weighted by `weights` (0 = no sample). With too few samples to fix six coefficients, or samples that
    /// leave them undetermined (all on one line), it is the weighted mean, flat.
    ///
    /// - Parameter weightedValues: When true, `values` hold weight × value (as `PushPull.cellMeans` gives them).
    public static func fit(_ values: [Float], weights: [Float], width: Int, height: Int, weightedValues: Bool = false) -> QuadraticSurface {
        var normal = [Double](repeating: 0, count: 36), rhs = [Double](repeating: 0, count: 6)
        var total = 0.0, sum = 0.0, samples = 0
        let (sx, sy) = (2 / Double(Swift.max(width, 1)), 2 / Double(Swift.max(height, 1)))
        for y in 0..<height {
            let v = (Double(y) + 0.5) * sy - 1
            for x in 0..<width {
                let i = y * width + x
                let w = Double(weights[i])
                guard w > 0 else { continue }
                let value = weightedValues ? Double(values[i]) / w : Double(values[i])
                let u = (Double(x) + 0.5) * sx - 1
                let basis = SIMD8<Double>(1, u, v, u * u, u * v, v * v, 0, 0)
                for r in 0..<6 {
                    rhs[r] += w * basis[r] * value
                    for c in r..<6 { normal[r * 6 + c] += w * basis[r] * basis[c] }
                }
                total += w
                sum += w * value
                samples += 1
            }
        }
        guard total > 0 else { return QuadraticSurface(width: width, height: height) }
        let flat = QuadraticSurface(coefficients: [Float(sum / total), 0, 0, 0, 0, 0], width: width, height: height)
        guard samples >= 60 else { return flat }
        for r in 0..<6 { for c in 0..<r { normal[r * 6 + c] = normal[c * 6 + r] } }
        guard let solved = solve(normal, rhs, total: total) else { return flat }
        return QuadraticSurface(coefficients: solved.map { Float($0) }, width: width, height: height)
    }

    /// The surface at cell (`x`, `y`) of its grid.
    @inline(__always)
    public func value(x: Int, y: Int) -> Float {
        let u = (Float(x) + 0.5) * 2 / Float(width) - 1, v = (Float(y) + 0.5) * 2 / Float(height) - 1
        return (packed * SIMD8(1, u, v, u * u, u * v, v * v, 0, 0)).sum()
    }

    /// Gaussian elimination with partial pivoting; nil when the system is (nearly) singular.
    private static func solve(_ a: [Double], _ b: [Double], total: Double) -> [Double]? {
        var (m, r) = (a, b)
        for col in 0..<6 {
            var pivot = col
            for row in col..<6 where abs(m[row * 6 + col]) > abs(m[pivot * 6 + col]) { pivot = row }
            guard abs(m[pivot * 6 + col]) > 1e-9 * total else { return nil }
            if pivot != col {
                for c in 0..<6 { m.swapAt(col * 6 + c, pivot * 6 + c) }
                r.swapAt(col, pivot)
            }
            for row in (col + 1)..<6 {
                let f = m[row * 6 + col] / m[col * 6 + col]
                guard f != 0 else { continue }
                for c in col..<6 { m[row * 6 + c] -= f * m[col * 6 + c] }
                r[row] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: 6)
        for row in stride(from: 5, through: 0, by: -1) {
            var s = r[row]
            for c in (row + 1)..<6 { s -= m[row * 6 + c] * x[c] }
            x[row] = s / m[row * 6 + row]
        }
        return x
    }
}
