/// A 3D lookup table: `size`³ RGB entries over the unit cube, red changing fastest (the order `.cube` files
/// store them in), applied by trilinear interpolation with its input clamped to the cube (as OpenColorIO and
/// Resolve apply a `.cube` by default).
public struct Lut3D: Sendable, Equatable {
    /// Entries along each axis (2 or more; 33 is the usual grading size).
    public let size: Int
    /// `3 * size³` values: entry `(r, g, b)` at `3 * ((b * size + g) * size + r)`.
    public var values: [Float]

    /// A table from its values; nil unless there are exactly `3 * size³` of them and `size` is at least 2.
    public init?(size: Int, values: [Float]) {
        guard size >= 2, size <= 256, values.count == 3 * size * size * size else { return nil }
        self.size = size
        self.values = values
    }

    /// The table sampling `function` at each lattice point (`(r, g, b) / (size - 1)`).
    public init(size: Int, sampling function: (SIMD3<Float>) -> SIMD3<Float>) {
        precondition(size >= 2 && size <= 256, "a 3D LUT has 2 to 256 entries per axis")
        self.size = size
        let step = 1 / Float(size - 1)
        var values = [Float](repeating: 0, count: 3 * size * size * size)
        var k = 0
        for b in 0..<size {
            for g in 0..<size {
                for r in 0..<size {
                    let v = function(SIMD3(Float(r), Float(g), Float(b)) * step)
                    (values[k], values[k + 1], values[k + 2]) = (v.x, v.y, v.z)
                    k += 3
                }
            }
        }
        self.values = values
    }

    /// The table that changes nothing.
    public static func identity(size: Int) -> Lut3D { Lut3D(size: size) { $0 } }

    /// The entry at lattice point `(r, g, b)`.
    public func entry(_ r: Int, _ g: Int, _ b: Int) -> SIMD3<Float> {
        let k = 3 * ((b * size + g) * size + r)
        return SIMD3(values[k], values[k + 1], values[k + 2])
    }

    /// The table at `p`, trilinearly interpolated; `p` is clamped to the unit cube (NaN is taken as 0).
    @inlinable
    public func apply(_ p: SIMD3<Float>) -> SIMD3<Float> {
        values.withUnsafeBufferPointer { Lut3D.apply(p, table: $0, size: size) }
    }

    /// `apply` over a raw table, for hot loops that hold the buffer.
    @inlinable
    public static func apply(_ p: SIMD3<Float>, table: UnsafeBufferPointer<Float>, size: Int) -> SIMD3<Float> {
        let top = Float(size - 1)
        // One axis: the lower lattice index and the fraction above it (clamped; NaN goes to 0).
        func axis(_ v: Float) -> (Int, Float) {
            let q = v * top
            guard q > 0 else { return (0, 0) }
            guard q < top else { return (size - 2, 1) }
            let i = Int(q)
            return (i, q - Float(i))
        }
        let (ir, fr) = axis(p.x), (ig, fg) = axis(p.y), (ib, fb) = axis(p.z)
        let (sr, sg, sb) = (3, 3 * size, 3 * size * size)
        let base = ir * sr + ig * sg + ib * sb
        func at(_ k: Int) -> SIMD3<Float> { SIMD3(table[k], table[k + 1], table[k + 2]) }
        let c00 = at(base) + (at(base + sr) - at(base)) * fr
        let c10 = at(base + sg) + (at(base + sg + sr) - at(base + sg)) * fr
        let c01 = at(base + sb) + (at(base + sb + sr) - at(base + sb)) * fr
        let c11 = at(base + sb + sg) + (at(base + sb + sg + sr) - at(base + sb + sg)) * fr
        let c0 = c00 + (c10 - c00) * fg
        let c1 = c01 + (c11 - c01) * fg
        return c0 + (c1 - c0) * fb
    }
}
