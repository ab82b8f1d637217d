/// Scattered-data interpolation on a grid by push–pull (a pyramid of normalised averages).
///
/// Cells with weight keep (close to) their own value; empty regions are filled smoothly from their
/// surroundings, at whatever scale the nearest data lives. Cost is linear in the number of cells.
public enum PushPull {
    /// Fills `planes` (each `width * height`, values already multiplied by `weight`) where weight is low.
    ///
    /// - Parameters:
    ///   - weightedPlanes: Σ weight·value per cell, one array per channel.
    ///   - weights: Σ weight per cell (a cell with weight ≥ 1 is fully trusted).
    /// - Returns: The filled values per channel.
    public static func fill(weightedPlanes: [[Float]], weights: [Float], width: Int, height: Int) -> [[Float]] {
        let channels = weightedPlanes.count
        /// One pyramid level: `channels` planes side by side, and the weights.
        struct Level { var planes: [Float]; var weights: [Float]; let w: Int; let h: Int }
        // Pull: build the pyramid of sums.
        var levels = [Level(planes: weightedPlanes.flatMap { $0 }, weights: weights, w: width, h: height)]
        while levels.last!.w > 1 || levels.last!.h > 1 {
            let prev = levels.last!
            let w = (prev.w + 1) / 2, h = (prev.h + 1) / 2, m = w * h, pm = prev.w * prev.h
            var ws = [Float](repeating: 0, count: m)
            var ps = [Float](repeating: 0, count: channels * m)
            prev.weights.withUnsafeBufferPointer { pw in
            prev.planes.withUnsafeBufferPointer { pp in
            ws.withUnsafeMutableBufferPointer { ow in
            ps.withUnsafeMutableBufferPointer { op in
                for y in 0..<prev.h {
                    let row = y * prev.w, orow = (y / 2) * w
                    for x in 0..<prev.w {
                        let i = row + x, o = orow + x / 2
                        ow[o] += pw[i]
                        for c in 0..<channels { op[c * m + o] += pp[c * pm + i] }
                    }
                }
                // Normalise partially so coarse levels stay in the units of one cell.
                for o in 0..<m where ow[o] > 1 {
                    let k = 1 / ow[o]
                    for c in 0..<channels { op[c * m + o] *= k }
                    ow[o] = 1
                }
            }}}}
            levels.append(Level(planes: ps, weights: ws, w: w, h: h))
        }
        // Push: from the coarsest level down, blend each level's own data over the upsampled coarser result.
        let top = levels.last!
        var values = (0..<channels).map { c in top.weights[0] > 0 ? top.planes[c] / top.weights[0] : 0 }
        for l in stride(from: levels.count - 2, through: 0, by: -1) {
            let level = levels[l], coarse = levels[l + 1]
            let m = level.w * level.h, cm = coarse.w * coarse.h
            var next = [Float](repeating: 0, count: channels * m)
            level.weights.withUnsafeBufferPointer { lw in
            level.planes.withUnsafeBufferPointer { lp in
            values.withUnsafeBufferPointer { v in
            next.withUnsafeMutableBufferPointer { out in
                for y in 0..<level.h {
                    // Bilinear sample of the coarse level at this cell's centre.
                    let fy = max(0, min(Float(coarse.h - 1), (Float(y) + 0.5) / 2 - 0.5))
                    let y0 = Int(fy), y1 = min(y0 + 1, coarse.h - 1), ty = fy - Float(y0)
                    for x in 0..<level.w {
                        let fx = max(0, min(Float(coarse.w - 1), (Float(x) + 0.5) / 2 - 0.5))
                        let x0 = Int(fx), x1 = min(x0 + 1, coarse.w - 1), tx = fx - Float(x0)
                        let i = y * level.w + x
                        let w = lw[i]
                        let trust = min(w, 1)
                        for c in 0..<channels {
                            let base = c * cm
                            let topRow = v[base + y0 * coarse.w + x0] * (1 - tx) + v[base + y0 * coarse.w + x1] * tx
                            let bottom = v[base + y1 * coarse.w + x0] * (1 - tx) + v[base + y1 * coarse.w + x1] * tx
                            let up = topRow * (1 - ty) + bottom * ty
                            let own = w > 0 ? lp[c * m + i] / w : up
                            out[c * m + i] = trust * own + (1 - trust) * up
                        }
                    }
                }
            }}}}
            values = next
        }
        let n = width * height
        return (0..<channels).map { c in Array(values[(c * n)..<((c + 1) * n)]) }
    }

    /// A smooth three-channel field interpolated on a grid of `cell` pixels from the pixels with weight
    /// (a cell is fully trusted when a quarter of its weight is present), filled by push–pull elsewhere, and
    /// kept on its grid (read it back row by row with `GridField.forRows`). Used for the screen's backing and
    /// for the colour of nearby subject.
    public static func gridField(
        rgb: [[Float]], weight screenWeight: [Float], width: Int, height: Int, cell: Int, schedule: Schedule = .automatic
    ) -> GridField {
        let cells = cellMeans(rgb: rgb, weight: screenWeight, width: width, height: height, cell: cell, schedule: schedule)
        let filled = fill(weightedPlanes: cells.planes, weights: cells.weights, width: cells.width, height: cells.height)
        return GridField(grids: filled, gridWidth: cells.width, gridHeight: cells.height, cell: cell, width: width, height: height)
    }

    /// The weighted mean colour of every cell of `cell` pixels, as `fill` takes it: each cell's trust (1 when a
    /// quarter of its pixels' weight is present) and its mean multiplied by that trust.
    ///
    /// - Parameter valueWeight: When given, the mean is weighted by it instead (trust still follows `weight`);
    ///   it must be 0 wherever `weight` is.
    public static func cellMeans(
        rgb: [[Float]], weight screenWeight: [Float], valueWeight: [Float]? = nil, width: Int, height: Int, cell: Int,
        schedule: Schedule = .automatic
    ) -> (planes: [[Float]], weights: [Float], width: Int, height: Int) {
        let gw = (width + cell - 1) / cell, gh = (height + cell - 1) / cell
        // Per-cell weighted sums in one pass over the frame (a cell is fully trusted when a quarter of it is screen).
        var sr = [Float](repeating: 0, count: gw * gh), sg = sr, sb = sr
        var weights = [Float](repeating: 0, count: gw * gh)
        rgb[0].withUnsafeBufferPointer { r in
        rgb[1].withUnsafeBufferPointer { g in
        rgb[2].withUnsafeBufferPointer { b in
        screenWeight.withUnsafeBufferPointer { wt in
        sr.withUnsafeMutableBufferPointer { s0 in
        sg.withUnsafeMutableBufferPointer { s1 in
        sb.withUnsafeMutableBufferPointer { s2 in
        weights.withUnsafeMutableBufferPointer { ws in
        (valueWeight ?? screenWeight).withUnsafeBufferPointer { vt in
            let src = [r.baseAddress!, g.baseAddress!, b.baseAddress!].map { UncheckedPointer(UnsafeMutablePointer(mutating: $0)) }
            let wp = UncheckedPointer(UnsafeMutablePointer(mutating: wt.baseAddress!))
            let vp = UncheckedPointer(UnsafeMutablePointer(mutating: vt.baseAddress!))
            let dst = [s0.baseAddress!, s1.baseAddress!, s2.baseAddress!].map { UncheckedPointer($0) }
            let wout = UncheckedPointer(ws.baseAddress!)
            schedule.forRows(gh, width: gw * cell) { rows in
                let (rp, gp, bp, w, vw) = (src[0].pointer, src[1].pointer, src[2].pointer, wp.pointer, vp.pointer)
                // Sums of one row of cells, filled a pixel row at a time (the frame is read in order; each
                // cell still adds its pixels row by row, left to right): weighted colour and weight, value weight.
                let sums = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: gw)
                let valueSums = UnsafeMutablePointer<Float>.allocate(capacity: gw)
                defer { sums.deallocate(); valueSums.deallocate() }
                for gy in rows {
                    let y0 = gy * cell, y1 = min(height, y0 + cell)
                    sums.initialize(repeating: .zero, count: gw)
                    valueSums.initialize(repeating: 0, count: gw)
                    for y in y0..<y1 {
                        let row = y * width
                        for gx in 0..<gw {
                            let x0 = gx * cell, x1 = min(width, x0 + cell)
                            var (t, tv) = (sums[gx], valueSums[gx])
                            for x in x0..<x1 {
                                let k = w[row + x]
                                // (A weight of 0 adds nothing: most pixels are skipped.)
                                guard k != 0 else { continue }
                                let v = vw[row + x]
                                t += SIMD4(rp[row + x] * v, gp[row + x] * v, bp[row + x] * v, k)
                                tv += v
                            }
                            (sums[gx], valueSums[gx]) = (t, tv)
                        }
                    }
                    for gx in 0..<gw {
                        let (tr, tg, tb, sw, sv) = (sums[gx].x, sums[gx].y, sums[gx].z, sums[gx].w, valueSums[gx])
                        let x0 = gx * cell, x1 = min(width, x0 + cell)
                        let o = gy * gw + gx
                        let area = Float((y1 - y0) * (x1 - x0))
                        let trust = min(1, sw / area * 4)
                        wout.pointer[o] = trust
                        let k = sv > 0 ? trust / sv : 0
                        dst[0].pointer[o] = tr * k
                        dst[1].pointer[o] = tg * k
                        dst[2].pointer[o] = tb * k
                    }
                }
            }
        }}}}}}}}}
        return ([sr, sg, sb], weights, gw, gh)
    }
}
