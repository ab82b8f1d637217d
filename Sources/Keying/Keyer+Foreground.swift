import BacklotCore

extension Keyer {
    /// The exact unmix `F = B + (I − B) / α`, blended where alpha is tiny with a smooth field of it weighted
    /// by alpha² (solid pixels speak loudest), which also fills it where alpha is 0 so edges never fringe to black.
    /// The field sees colours up to `ceiling` only, so one hot pixel cannot spread into its neighbours.
    static func foreground(alpha: [Float], rgb: [[Float]], backing: GridField, frame: Frame, ceiling: Float) -> [[Float]] {
        let (n, w) = (frame.count, frame.width)
        var fg = (0..<3).map { _ in [Float](parallelRepeating: 0, count: n) }
        ([alpha] + rgb).withPlanePointers { p in
            fg.withMutablePlanePointers { out in
                backing.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let bk = sample(y)
                        for c in 0..<3 {
                            let (a, src, b, o) = (p[0].pointer + y * w, p[c + 1].pointer + y * w, bk[c], out[c].pointer + y * w)
                            for x in 0..<w where a[x] > 0 {
                                o[x] = Swift.max(0, b[x] + (src[x] - b[x]) / Swift.max(a[x], 1e-3))
                            }
                        }
                    }
                }
            }
        }
        let weight = Planes.make(n, schedule: frame.schedule) { alpha[$0] * alpha[$0] }
        let nearby = PushPull.gridField(rgb: clamped(fg, to: ceiling, schedule: frame.schedule) ?? fg, weight: weight,
                                        width: frame.width, height: frame.height, cell: 2 * frame.cell, schedule: frame.schedule)
        var (r, g, b) = (fg[0], fg[1], fg[2])
        fg = []
        [alpha].withPlanePointers { a in
            r.withUnsafeMutableBufferPointer { rb in
            g.withUnsafeMutableBufferPointer { gb in
            b.withUnsafeMutableBufferPointer { bb in
                let planes = [rb.baseAddress!, gb.baseAddress!, bb.baseAddress!].map { UncheckedPointer($0) }
                nearby.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let near = sample(y)
                        for x in 0..<w {
                            let i = y * w + x
                            let t = Float.smoothstep(0.02, 0.5, a[0].pointer[i])
                            guard t < 1 else { continue }
                            for c in 0..<3 { planes[c].pointer[i] = t * planes[c].pointer[i] + (1 - t) * near[c][x] }
                        }
                    }
                }
            }}}
        }
        fg = [r, g, b]
        return fg
    }
}
