import BacklotCore

extension Keyer {
    /// The exact unmix `F = B + (I − B) / α`, blended where alpha is tiny with a smooth field of it weighted
    /// by alpha² (solid pixels speak loudest), which also fills it where alpha is 0 so edges never fringe to black.
    static func foreground(alpha: [Float], rgb: [[Float]], backing: [[Float]], frame: Frame) -> [[Float]] {
        let n = frame.count
        var fg = (0..<3).map { c in
            Planes.make(n) { i in
                let a = alpha[i]
                return a > 0 ? Swift.max(0, backing[c][i] + (rgb[c][i] - backing[c][i]) / Swift.max(a, 1e-3)) : 0
            }
        }
        let weight = Planes.make(n) { alpha[$0] * alpha[$0] }
        let nearby = PushPull.gridField(rgb: fg, weight: weight, width: frame.width, height: frame.height, cell: frame.cell)
        let w = frame.width
        var (r, g, b) = (fg[0], fg[1], fg[2])
        fg = []
        [alpha].withPlanePointers { a in
            r.withUnsafeMutableBufferPointer { rb in
            g.withUnsafeMutableBufferPointer { gb in
            b.withUnsafeMutableBufferPointer { bb in
                let planes = [rb.baseAddress!, gb.baseAddress!, bb.baseAddress!].map { UncheckedPointer($0) }
                nearby.forRows { rows, sample in
                    for y in rows {
                        let near = sample(y)
                        for x in 0..<w {
                            let i = y * w + x
                            let t = Float.smoothstep(0.01, 0.2, a[0].pointer[i])
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
