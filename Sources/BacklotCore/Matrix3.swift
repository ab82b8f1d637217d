/// A row-major 3x3 matrix of `Double`, for colour-space conversions.
public struct Matrix3: Hashable, Sendable {
    /// The rows, top to bottom.
    public var rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    public init(rows r0: SIMD3<Double>, _ r1: SIMD3<Double>, _ r2: SIMD3<Double>) { rows = (r0, r1, r2) }

    public init(columns c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>) {
        rows = ([c0.x, c1.x, c2.x], [c0.y, c1.y, c2.y], [c0.z, c1.z, c2.z])
    }

    public static let identity = Matrix3(rows: [1, 0, 0], [0, 1, 0], [0, 0, 1])

    public static func diagonal(_ d: SIMD3<Double>) -> Matrix3 {
        Matrix3(rows: [d.x, 0, 0], [0, d.y, 0], [0, 0, d.z])
    }

    /// Element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        switch row {
        case 0: return rows.0[column]
        case 1: return rows.1[column]
        default: return rows.2[column]
        }
    }

    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        [(m.rows.0 * v).sum(), (m.rows.1 * v).sum(), (m.rows.2 * v).sum()]
    }

    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let c0 = a * SIMD3(b[0, 0], b[1, 0], b[2, 0])
        let c1 = a * SIMD3(b[0, 1], b[1, 1], b[2, 1])
        let c2 = a * SIMD3(b[0, 2], b[1, 2], b[2, 2])
        return Matrix3(columns: c0, c1, c2)
    }

    /// The inverse (the matrices used here are never singular).
    public var inverse: Matrix3 {
        let (a, b, c) = rows
        let c0 = SIMD3(b.y * c.z - b.z * c.y, b.z * c.x - b.x * c.z, b.x * c.y - b.y * c.x)
        let det = (a * c0).sum()
        let c1 = SIMD3(a.z * c.y - a.y * c.z, a.x * c.z - a.z * c.x, a.y * c.x - a.x * c.y)
        let c2 = SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        return Matrix3(rows: [c0.x, c1.x, c2.x], [c0.y, c1.y, c2.y], [c0.z, c1.z, c2.z]).scaled(1 / det)
    }

    func scaled(_ s: Double) -> Matrix3 { Matrix3(rows: rows.0 * s, rows.1 * s, rows.2 * s) }

    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.rows.0 == b.rows.0 && a.rows.1 == b.rows.1 && a.rows.2 == b.rows.2
    }

    public func hash(into hasher: inout Hasher) {
        for r in [rows.0, rows.1, rows.2] { hasher.combine(r) }
    }
}

extension Image {
    /// Converts the first three colour channels into `target`'s primaries, in place.
    public mutating func convert(to target: ColorSpace) {
        guard target != colorSpace, channelCount >= 3 else { colorSpace = target; return }
        let m = colorSpace.conversionMatrix(to: target)
        let k = (0..<3).flatMap { r in (0..<3).map { Float(m[r, $0]) } }
        let n = planeSize
        planes.withMutablePlanePointers { p in
            Schedule.automatic.forChunks(n) { range in
                let (pr, pg, pb) = (p[0].pointer, p[1].pointer, p[2].pointer)
                for i in range {
                    let r = pr[i], g = pg[i], b = pb[i]
                    pr[i] = k[0] * r + k[1] * g + k[2] * b
                    pg[i] = k[3] * r + k[4] * g + k[5] * b
                    pb[i] = k[6] * r + k[7] * g + k[8] * b
                }
            }
        }
        colorSpace = target
    }
}
