import Foundation
/// Naive references for the fast image kernels: each written from its definition, pixel by pixel, with no
/// attention to speed, so that the kernels can be checked against them.
enum Naive {
    static func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v, lo), hi) }

    /// Box blur: the mean over the window of radius `r` (edges repeat), horizontally then vertically.
    static func box(_ p: [Float], _ w: Int, _ h: Int, _ r: Int) -> [Float] {
        guard r > 0 else { return p }
        var tmp = p, out = p
        for y in 0..<h {
            for x in 0..<w { tmp[y * w + x] = (-r...r).map { p[y * w + clamp(x + $0, 0, w - 1)] }.reduce(0, +) / Float(2 * r + 1) }
        }
        for y in 0..<h {
            for x in 0..<w { out[y * w + x] = (-r...r).map { tmp[clamp(y + $0, 0, h - 1) * w + x] }.reduce(0, +) / Float(2 * r + 1) }
        }
        return out
    }

    /// Three boxes whose combined variance r(r+1) is nearest σ².
    static func gaussian(_ p: [Float], _ w: Int, _ h: Int, sigma: Float) -> [Float] {
        guard sigma > 0.3 else { return p }
        let r = max(1, Int((sigma * sigma + 0.25).squareRoot()))
        return box(box(box(p, w, h, r), w, h, r), w, h, r)
    }

    /// Mean of each `f` x `f` cell (partial cells at the edges average what they hold).
    static func downsample(_ p: [Float], _ w: Int, _ h: Int, _ f: Int) -> [Float] {
        let gw = (w + f - 1) / f, gh = (h + f - 1) / f
        var out = [Float](repeating: 0, count: gw * gh)
        for gy in 0..<gh {
            for gx in 0..<gw {
                var values: [Float] = []
                for y in (gy * f)..<min(h, gy * f + f) { for x in (gx * f)..<min(w, gx * f + f) { values.append(p[y * w + x]) } }
                out[gy * gw + gx] = values.reduce(0, +) / Float(values.count)
            }
        }
        return out
    }

    /// Bilinear interpolation between cell centres, clamped at the outer centres.
    static func field(_ g: [Float], _ gw: Int, _ gh: Int, cell: Int, _ w: Int, _ h: Int) -> [Float] {
        var out = [Float](repeating: 0, count: w * h)
        func coordinate(_ v: Int, _ n: Int) -> (Int, Int, Float) {
            let f = max(0, min(Float(n - 1), (Float(v) + 0.5) / Float(cell) - 0.5))
            return (Int(f), min(Int(f) + 1, n - 1), f - Float(Int(f)))
        }
        for y in 0..<h {
            let (y0, y1, ty) = coordinate(y, gh)
            for x in 0..<w {
                let (x0, x1, tx) = coordinate(x, gw)
                let left = g[y0 * gw + x0] + (g[y1 * gw + x0] - g[y0 * gw + x0]) * ty
                let right = g[y0 * gw + x1] + (g[y1 * gw + x1] - g[y0 * gw + x1]) * ty
                out[y * w + x] = left + (right - left) * tx
            }
        }
        return out
    }

    /// Push–pull: a pyramid of weighted sums (normalised where a cell's weight passes 1), then from the top
    /// down each cell blends its own mean over the bilinear sample of the level above by its trust min(w, 1).
    static func pushPull(_ planes: [[Float]], weights: [Float], _ w: Int, _ h: Int) -> [[Float]] {
        var levels: [(planes: [[Float]], weights: [Float], w: Int, h: Int)] = [(planes, weights, w, h)]
        while levels.last!.w > 1 || levels.last!.h > 1 {
            let prev = levels.last!
            let lw = (prev.w + 1) / 2, lh = (prev.h + 1) / 2
            var ws = [Float](repeating: 0, count: lw * lh)
            var ps = planes.map { _ in [Float](repeating: 0, count: lw * lh) }
            for y in 0..<prev.h {
                for x in 0..<prev.w {
                    ws[(y / 2) * lw + x / 2] += prev.weights[y * prev.w + x]
                    for c in ps.indices { ps[c][(y / 2) * lw + x / 2] += prev.planes[c][y * prev.w + x] }
                }
            }
            for o in ws.indices where ws[o] > 1 {
                for c in ps.indices { ps[c][o] *= 1 / ws[o] }
                ws[o] = 1
            }
            levels.append((ps, ws, lw, lh))
        }
        let top = levels.last!
        var values = top.planes.map { [top.weights[0] > 0 ? $0[0] / top.weights[0] : 0] }
        for l in stride(from: levels.count - 2, through: 0, by: -1) {
            let level = levels[l], coarse = levels[l + 1]
            var next = planes.map { _ in [Float](repeating: 0, count: level.w * level.h) }
            for y in 0..<level.h {
                let fy = max(0, min(Float(coarse.h - 1), (Float(y) + 0.5) / 2 - 0.5))
                let y0 = Int(fy), y1 = min(y0 + 1, coarse.h - 1), ty = fy - Float(y0)
                for x in 0..<level.w {
                    let fx = max(0, min(Float(coarse.w - 1), (Float(x) + 0.5) / 2 - 0.5))
                    let x0 = Int(fx), x1 = min(x0 + 1, coarse.w - 1), tx = fx - Float(x0)
                    let i = y * level.w + x, weight = level.weights[i]
                    for c in planes.indices {
                        let v = values[c]
                        let top = v[y0 * coarse.w + x0] * (1 - tx) + v[y0 * coarse.w + x1] * tx
                        let bottom = v[y1 * coarse.w + x0] * (1 - tx) + v[y1 * coarse.w + x1] * tx
                        let up = top * (1 - ty) + bottom * ty
                        let own = weight > 0 ? level.planes[c][i] / weight : up
                        next[c][i] = min(weight, 1) * own + (1 - min(weight, 1)) * up
                    }
                }
            }
            values = next
        }
        return values
    }

    /// Self-guided filter at full resolution from its definition (window means by the naive box).
    static func guided(_ p: [Float], _ w: Int, _ h: Int, radius r: Int, eps: Float) -> [Float] {
        let mean = box(p, w, h, r), meanSq = box(p.map { $0 * $0 }, w, h, r)
        let a = zip(mean, meanSq).map { m, s -> Float in let v = max(0, s - m * m); return v / (v + eps) }
        let b = zip(mean, a).map { $0 * (1 - $1) }
        let ma = box(a, w, h, r), mb = box(b, w, h, r)
        return p.indices.map { ma[$0] * p[$0] + mb[$0] }
    }

    /// Max (grow > 0) or min over the square of radius |grow| clipped to the frame.
    static func grow(_ p: [Float], _ w: Int, _ h: Int, by grow: Int) -> [Float] {
        let r = abs(grow)
        var out = p
        for y in 0..<h {
            for x in 0..<w {
                var values: [Float] = []
                for yy in max(0, y - r)...min(h - 1, y + r) { for xx in max(0, x - r)...min(w - 1, x + r) { values.append(p[yy * w + xx]) } }
                out[y * w + x] = grow > 0 ? values.max()! : values.min()!
            }
        }
        return out
    }
}

/// A reproducible plane of values in 0…1 with structure at several scales.
func testPlane(_ w: Int, _ h: Int, seed: UInt32 = 1) -> [Float] {
    var state = seed &* 2_654_435_761 | 1
    return (0..<(w * h)).map { i in
        state = state &* 1_664_525 &+ 1_013_904_223
        let x = Float(i % w), y = Float(i / w)
        return 0.5 + 0.3 * sin(x * 0.21 + y * 0.13) + 0.2 * (Float(state >> 8) / Float(1 << 24) - 0.5)
    }
}

/// Whether two planes agree within `tolerance` everywhere.
func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}
