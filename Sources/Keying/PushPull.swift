/// Scattered-data interpolation on a grid by push–pull (a pyramid of normalised averages).
///
/// Cells with weight keep (close to) their own value; empty regions are filled smoothly from their
/// surroundings, at whatever scale the nearest data lives. Cost is linear in the number of cells.
enum PushPull {
    /// Fills `planes` (each `width * height`, values already multiplied by `weight`) where weight is low.
    ///
    /// - Parameters:
    ///   - weightedPlanes: Σ weight·value per cell, one array per channel.
    ///   - weights: Σ weight per cell (a cell with weight ≥ 1 is fully trusted).
    /// - Returns: The filled values per channel.
    static func fill(weightedPlanes: [[Float]], weights: [Float], width: Int, height: Int) -> [[Float]] {
        let channels = weightedPlanes.count
        // Pull: build the pyramid of sums.
        var levels: [(planes: [[Float]], weights: [Float], w: Int, h: Int)] = [(weightedPlanes, weights, width, height)]
        while levels.last!.w > 1 || levels.last!.h > 1 {
            let prev = levels.last!
            let w = (prev.w + 1) / 2, h = (prev.h + 1) / 2
            var ws = [Float](repeating: 0, count: w * h)
            var ps = [[Float]](repeating: [Float](repeating: 0, count: w * h), count: channels)
            for y in 0..<prev.h {
                for x in 0..<prev.w {
                    let i = y * prev.w + x, o = (y / 2) * w + x / 2
                    ws[o] += prev.weights[i]
                    for c in 0..<channels { ps[c][o] += prev.planes[c][i] }
                }
            }
            // Normalise partially so coarse levels stay in the units of one cell.
            for o in 0..<(w * h) where ws[o] > 1 {
                let k = 1 / ws[o]
                for c in 0..<channels { ps[c][o] *= k }
                ws[o] = 1
            }
            levels.append((ps, ws, w, h))
        }
        // Push: from the coarsest level down, blend each level's own data over the upsampled coarser result.
        var values = levels.last!.planes.map { plane in plane.map { $0 / max(levels.last!.weights[0], 1e-12) } }
        if levels.last!.weights[0] <= 0 { values = values.map { $0.map { _ in 0 } } }
        for l in stride(from: levels.count - 2, through: 0, by: -1) {
            let level = levels[l], coarse = levels[l + 1]
            var next = [[Float]](repeating: [Float](repeating: 0, count: level.w * level.h), count: channels)
            for y in 0..<level.h {
                // Bilinear sample of the coarse level at this cell's centre.
                let fy = max(0, min(Float(coarse.h - 1), (Float(y) + 0.5) / 2 - 0.5))
                let y0 = Int(fy), y1 = min(y0 + 1, coarse.h - 1), ty = fy - Float(y0)
                for x in 0..<level.w {
                    let fx = max(0, min(Float(coarse.w - 1), (Float(x) + 0.5) / 2 - 0.5))
                    let x0 = Int(fx), x1 = min(x0 + 1, coarse.w - 1), tx = fx - Float(x0)
                    let i = y * level.w + x
                    let w = level.weights[i]
                    let trust = min(w, 1)
                    for c in 0..<channels {
                        let v = values[c]
                        let top = v[y0 * coarse.w + x0] * (1 - tx) + v[y0 * coarse.w + x1] * tx
                        let bottom = v[y1 * coarse.w + x0] * (1 - tx) + v[y1 * coarse.w + x1] * tx
                        let up = top * (1 - ty) + bottom * ty
                        let own = w > 0 ? level.planes[c][i] / w : up
                        next[c][i] = trust * own + (1 - trust) * up
                    }
                }
            }
            values = next
        }
        return values
    }
}
