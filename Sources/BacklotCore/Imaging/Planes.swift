/// Planar helpers shared by image operations: every plane is `[Float]`, row-major, `width * height`.
public enum Planes {
    /// A new plane with `body(i)` at every index (no zero-fill first: every sample is written exactly once).
    ///
    /// Inlinable, so that `body` is inlined into the caller's loop in other modules too (it runs per sample).
    @inlinable
    public static func make(_ count: Int, schedule: Schedule = .automatic, _ body: (Int) -> Float) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { buf, initialised in
            let p = UncheckedPointer(buf.baseAddress!)
            schedule.forChunks(count) { range in
                for i in range { (p.pointer + i).initialize(to: body(i)) }
            }
            initialised = count
        }
    }

    /// Area-average downsample by an integer `factor` (cells at the right and bottom edges average what
    /// they have).
    public static func downsample(
        _ p: [Float], width: Int, height: Int, factor: Int, schedule: Schedule = .automatic
    ) -> (plane: [Float], width: Int, height: Int) {
        guard factor > 1 else { return (p, width, height) }
        let w = (width + factor - 1) / factor, h = (height + factor - 1) / factor
        var out = [Float](repeating: 0, count: w * h)
        p.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!))
                let d = UncheckedPointer(dst.baseAddress!)
                schedule.forRows(h, width: w * factor) { rows in
                    for gy in rows {
                        let y0 = gy * factor, y1 = min(height, y0 + factor)
                        for gx in 0..<w {
                            let x0 = gx * factor, x1 = min(width, x0 + factor)
                            var sum: Float = 0
                            for y in y0..<y1 { for x in x0..<x1 { sum += s.pointer[y * width + x] } }
                            d.pointer[gy * w + gx] = sum / Float((y1 - y0) * (x1 - x0))
                        }
                    }
                }
            }
        }
        return (out, w, h)
    }

    /// Bilinear upsample of a grid made by `downsample(factor:)` back to `width` x `height` (cell centres
    /// aligned with the centres of the pixels they average).
    public static func upsample(
        _ g: [Float], gridWidth gw: Int, gridHeight gh: Int, factor: Int, width: Int, height: Int,
        schedule: Schedule = .automatic
    ) -> [Float] {
        guard factor > 1 else { return g }
        return GridField(grids: [g], gridWidth: gw, gridHeight: gh, cell: factor, width: width, height: height)
            .planes(schedule: schedule)[0]
    }
}

extension Float {
    /// Hermite smoothstep between `e0` and `e1`.
    @inlinable
    public static func smoothstep(_ e0: Float, _ e1: Float, _ x: Float) -> Float {
        let t = Swift.min(Swift.max((x - e0) / (e1 - e0), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
