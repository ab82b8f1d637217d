import BacklotCore

/// Edge-aware and morphological filters used to refine the matte.
enum Filters {
    /// Self-guided filter (He et al.): smooths `p` where its local variance is below `eps`, keeps edges.
    ///
    /// With `subsample` > 1 the linear coefficients are found on a coarser grid and interpolated back
    /// (He and Sun's fast guided filter), which costs a fraction of the full-resolution filter.
    static func guidedSelf(_ p: [Float], width: Int, height: Int, radius: Int, eps: Float, subsample: Int = 1) -> [Float] {
        let n = width * height
        let f = Swift.max(1, subsample)
        let low = Planes.downsample(p, width: width, height: height, factor: f)
        let lowSquare = Planes.downsample(Planes.make(n) { p[$0] * p[$0] }, width: width, height: height, factor: f)
        let (lw, lh) = (low.width, low.height)
        let r = Swift.max(1, radius / f)
        let mean = Blur.box(low.plane, width: lw, height: lh, radius: r)
        let meanSq = Blur.box(lowSquare.plane, width: lw, height: lh, radius: r)
        var a = [Float](repeating: 0, count: lw * lh), b = a
        for i in 0..<(lw * lh) {
            let v = Swift.max(0, meanSq[i] - mean[i] * mean[i])
            let k = v / (v + eps)
            a[i] = k
            b[i] = mean[i] * (1 - k)
        }
        var ma = Blur.box(a, width: lw, height: lh, radius: r)
        var mb = Blur.box(b, width: lw, height: lh, radius: r)
        if f > 1 {
            ma = Planes.upsample(ma, gridWidth: lw, gridHeight: lh, factor: f, width: width, height: height)
            mb = Planes.upsample(mb, gridWidth: lw, gridHeight: lh, factor: f, width: width, height: height)
        }
        return Planes.make(n) { ma[$0] * p[$0] + mb[$0] }
    }

    /// Grey-scale dilation (`grow` > 0) or erosion (`grow` < 0) with a square of radius |grow|.
    static func morph(_ p: [Float], width: Int, height: Int, grow: Int) -> [Float] {
        guard grow != 0 else { return p }
        let r = abs(grow)
        let pick: (Float, Float) -> Float = grow > 0 ? { Swift.max($0, $1) } : { Swift.min($0, $1) }
        var tmp = p
        tmp.withUnsafeMutableBufferPointer { t in
            let tp = UncheckedPointer(t.baseAddress!)
            Parallel.forRows(height, width: width) { rows in
                for y in rows {
                    for x in 0..<width {
                        var v = p[y * width + x]
                        for k in Swift.max(0, x - r)...Swift.min(width - 1, x + r) { v = pick(v, p[y * width + k]) }
                        tp.pointer[y * width + x] = v
                    }
                }
            }
        }
        return Planes.make(width * height) { i in
            let x = i % width, y = i / width
            var v = tmp[i]
            for k in Swift.max(0, y - r)...Swift.min(height - 1, y + r) { v = pick(v, tmp[k * width + x]) }
            return v
        }
    }

    /// Sets to zero every 8-connected island of `alpha > threshold` smaller than `minArea` pixels.
    static func despeckle(_ alpha: inout [Float], width: Int, height: Int, minArea: Int, threshold: Float = 0.02) -> Int {
        guard minArea > 0 else { return 0 }
        let n = width * height
        var parent = [Int32](repeating: -1, count: n)
        func find(_ i: Int32) -> Int32 {
            var r = i
            while parent[Int(r)] != r { r = parent[Int(r)] }
            var c = i
            while parent[Int(c)] != r { let next = parent[Int(c)]; parent[Int(c)] = r; c = next }
            return r
        }
        func union(_ a: Int32, _ b: Int32) {
            let ra = find(a), rb = find(b)
            if ra != rb { if ra < rb { parent[Int(rb)] = ra } else { parent[Int(ra)] = rb } }
        }
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                guard alpha[i] > threshold else { continue }
                parent[i] = Int32(i)
                if x > 0, parent[i - 1] >= 0 { union(Int32(i), Int32(i - 1)) }
                if y > 0 {
                    let up = i - width
                    if parent[up] >= 0 { union(Int32(i), Int32(up)) }
                    if x > 0, parent[up - 1] >= 0 { union(Int32(i), Int32(up - 1)) }
                    if x + 1 < width, parent[up + 1] >= 0 { union(Int32(i), Int32(up + 1)) }
                }
            }
        }
        var area = [Int32](repeating: 0, count: n)
        for i in 0..<n where parent[i] >= 0 { area[Int(find(Int32(i)))] += 1 }
        var removed = 0
        for i in 0..<n where parent[i] >= 0 && Int(area[Int(parent[i])]) < minArea {
            alpha[i] = 0
            removed += 1
        }
        return removed
    }

    /// Sets to 1 every enclosed 4-connected hole of partial alpha (0 < α < 0.98) smaller than `maxArea` pixels
    /// whose mean alpha is above `minMean`: speckles inside a solid subject, not the gaps between hair strands
    /// (whose alpha is low), nor anything touching the screen (α = 0) or the frame's edge. Only partial-alpha
    /// pixels are visited, so the cost follows the subject's edges, not the frame.
    static func fillHoles(_ alpha: inout [Float], width: Int, height: Int, maxArea: Int, minMean: Float = 0.8) -> Int {
        guard maxArea > 0 else { return 0 }
        let n = width * height
        var visited = [Bool](repeating: false, count: n)
        var stack: [Int] = [], members: [Int] = []
        var filled = 0
        for start in 0..<n where alpha[start] > 0 && alpha[start] < 0.98 && !visited[start] {
            stack.append(start)
            visited[start] = true
            members.removeAll(keepingCapacity: true)
            var sum: Float = 0, enclosed = true
            while let i = stack.popLast() {
                members.append(i)
                sum += alpha[i]
                let x = i % width, y = i / width
                if x == 0 || y == 0 || x == width - 1 || y == height - 1 || members.count > maxArea { enclosed = false }
                for j in [x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1, y > 0 ? i - width : -1, y + 1 < height ? i + width : -1]
                where j >= 0 && alpha[j] < 0.98 {
                    if alpha[j] <= 0 { enclosed = false; continue }
                    if !visited[j] {
                        visited[j] = true
                        stack.append(j)
                    }
                }
            }
            if enclosed && sum / Float(members.count) > minMean {
                for i in members { alpha[i] = 1 }
                filled += members.count
            }
        }
        return filled
    }
}
