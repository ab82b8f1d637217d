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
        let nearby = PushPull.field(rgb: fg, weight: weight, width: frame.width, height: frame.height, cell: frame.cell)
        for c in 0..<3 {
            fg[c] = Planes.make(n) { i in
                let t = Float.smoothstep(0.01, 0.2, alpha[i])
                return t * fg[c][i] + (1 - t) * nearby[c][i]
            }
        }
        return fg
    }
}
