import BacklotCore

/// Which pixels have the *chroma* of clean screen, so that thin smoke, fog, tinted glass and faint blur are
/// never taken for screen (and absorbed into the backing) just because they are still mostly screen-hued.
///
/// The measure is the ratio of the larger non-key channel to the key channel, `m = max(o₁, o₂) / k`. The screen's
/// own unevenness (vignetting, gradients, wrinkles, seams and the shadows cast on it) changes its brightness,
/// not `m`; anything seen in front of it that is not more saturated than the screen raises `m`, whether it is
/// lighter or darker than the screen. The screen's `m` varies slowly, so a local reference is the low quantile
/// of `m` over large blocks (contamination only ever raises it), taken at the lowest of each block's
/// neighbours. `m` is compared averaged over 2×2 pixels at 1080p (4×4 at 4K): sensor noise averages out, thin
/// tape markers are diluted into the screen around them, a plume of smoke is not.
enum ScreenChroma {
    /// 1 where a pixel's (blurred) chroma is within tolerance of the local screen's, else 0.
    /// `candidates` (1 = loosely screen-hued) are the pixels the local reference is taken from.
    static func consistent(rgb: [[Float]], candidates: [Float], key: Int, frame: Frame) -> [Float] {
        let (w, h, n) = (frame.width, frame.height, frame.count)
        let (o1, o2) = ScreenModel.others(of: key)
        // The blur is an area average over a coarse grid (two pixels at 1080p): cheap, and what is compared.
        let f = Swift.max(1, Int((2 * frame.scale).rounded()))
        let coarse = rgb.map { Planes.downsample($0, width: w, height: h, factor: f, schedule: frame.schedule) }
        let cand = Planes.downsample(candidates, width: w, height: h, factor: f, schedule: frame.schedule).plane
        let (cw, ch) = (coarse[0].width, coarse[0].height)
        let ratio = Planes.make(cw * ch, schedule: frame.schedule) { i in
            Swift.min(Swift.max(coarse[o1].plane[i], coarse[o2].plane[i], 0) / Swift.max(coarse[key].plane[i], 1e-4), 4)
        }
        let grid = Frame(width: cw, height: ch, schedule: frame.schedule)
        let (reference, noise) = localReference(ratio, candidates: cand.map { $0 > 0.5 ? 1 : 0 }, block: Swift.max(8, Int(64 * frame.scale) / f),
                                                frame: grid)
        // Seven per cent of the screen's chroma, or three times its noise on a grainy or dark plate.
        let allowance = Swift.max(0.012, 3 * noise)
        let consistent = Planes.make(cw * ch, schedule: frame.schedule) { i in ratio[i] <= reference[i] * 1.07 + allowance ? 1 : 0 }
        guard f > 1 else { return consistent }
        return Planes.make(n, schedule: frame.schedule) { i in consistent[(i / w / f) * cw + (i % w) / f] }
    }

    /// The screen's chroma near every pixel: per block, the 30th percentile of `m` over candidate pixels; blocks
    /// with too few candidates take their neighbours'; then the lowest over each 3×3 block neighbourhood. With it,
    /// the noise of `m` over the screen, from the spread of its lower quantiles (which contamination never reaches).
    static func localReference(_ m: [Float], candidates: [Float], block: Int, frame: Frame) -> (reference: [Float], noise: Float) {
        let (w, h) = (frame.width, frame.height)
        let gw = (w + block - 1) / block, gh = (h + block - 1) / block
        var grid = [Float](repeating: .nan, count: gw * gh)
        var values: [Float] = [], spreads: [Float] = []
        for gy in 0..<gh {
            for gx in 0..<gw {
                values.removeAll(keepingCapacity: true)
                var seen = 0
                for y in Swift.stride(from: gy * block, to: Swift.min(h, (gy + 1) * block), by: 2) {
                    for x in Swift.stride(from: gx * block, to: Swift.min(w, (gx + 1) * block), by: 2) {
                        seen += 1
                        if candidates[y * w + x] > 0 { values.append(m[y * w + x]) }
                    }
                }
                guard values.count * 20 >= seen, !values.isEmpty else { continue }
                values.sort()
                grid[gy * gw + gx] = values[values.count * 3 / 10]
                // The 10th and 30th percentiles of a normal distribution lie 0.76 standard deviations apart.
                spreads.append((values[values.count * 3 / 10] - values[values.count / 10]) / 0.76)
            }
        }
        // Fill blocks without a reference from their neighbours, ring by ring.
        if grid.contains(where: { !$0.isNaN }) {
            while grid.contains(where: \.isNaN) {
                let before = grid
                for gy in 0..<gh {
                    for gx in 0..<gw where before[gy * gw + gx].isNaN {
                        var sum: Float = 0, count: Float = 0
                        for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                            let x = gx + dx, y = gy + dy
                            guard x >= 0, x < gw, y >= 0, y < gh, !before[y * gw + x].isNaN else { continue }
                            sum += before[y * gw + x]
                            count += 1
                        }
                        if count > 0 { grid[gy * gw + gx] = sum / count }
                    }
                }
            }
        } else {
            grid = [Float](repeating: 0.5, count: gw * gh)
        }
        var lowest = grid
        for gy in 0..<gh {
            for gx in 0..<gw {
                var v = grid[gy * gw + gx]
                for y in Swift.max(0, gy - 1)...Swift.min(gh - 1, gy + 1) {
                    for x in Swift.max(0, gx - 1)...Swift.min(gw - 1, gx + 1) { v = Swift.min(v, grid[y * gw + x]) }
                }
                lowest[gy * gw + gx] = v
            }
        }
        let reference = Planes.upsample(lowest, gridWidth: gw, gridHeight: gh, factor: block, width: w, height: h,
                                        schedule: frame.schedule)
        return (reference, Keyer.median(spreads))
    }
}
