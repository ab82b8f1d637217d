import BacklotCore

/// Matte clean-up by connected components: small islands dropped, small mostly-solid holes filled.
enum Islands {
    /// Sets to zero every 8-connected island of `alpha > threshold` smaller than `minArea` pixels.
    static func despeckle(
        _ alpha: inout [Float], width: Int, height: Int, minArea: Int, threshold: Float = 0.02, schedule: Schedule = .automatic
    ) -> Int {
        guard minArea > 0 else { return 0 }
        let islands = Components(alpha, width: width, height: height, threshold: threshold, schedule: schedule)
        var area = [Int](repeating: 0, count: islands.runCount)
        islands.forEachRun { _, run, root in area[root] += Int(run.y - run.x) }
        return islands.clear(&alpha) { area[$0] < minArea }
    }

    /// Sets to zero every 8-connected island of `alpha > low` in which no pixel reaches `high`: faint edges of
    /// smoke or blur attached to clear evidence stay, faint specks on their own go (hysteresis).
    static func keepAnchored(
        _ alpha: inout [Float], width: Int, height: Int, low: Float, high: Float, schedule: Schedule = .automatic
    ) -> Int {
        let islands = Components(alpha, width: width, height: height, threshold: low, schedule: schedule)
        var anchored = [Bool](repeating: false, count: islands.runCount)
        alpha.withUnsafeBufferPointer { a in
            islands.forEachRun { y, run, root in
                guard !anchored[root] else { return }
                for x in Int(run.x)..<Int(run.y) where a[y * width + x] >= high { anchored[root] = true; break }
            }
        }
        return islands.clear(&alpha) { !anchored[$0] }
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
                for side in 0..<4 {
                    let j: Int
                    switch side {
                    case 0: j = x > 0 ? i - 1 : -1
                    case 1: j = x + 1 < width ? i + 1 : -1
                    case 2: j = y > 0 ? i - width : -1
                    default: j = y + 1 < height ? i + width : -1
                    }
                    guard j >= 0, alpha[j] < 0.98 else { continue }
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

/// The 8-connected components of `alpha > threshold`, found on runs (horizontal spans above the threshold)
/// rather than pixels: runs of neighbouring rows that touch (diagonals included) are joined with union–find,
/// so the cost follows the number of runs, a small fraction of the pixels.
struct Components {
    let width: Int, height: Int
    /// Runs per row: start and end (exclusive) columns.
    private let rowRuns: [[SIMD2<Int32>]]
    /// Index of each row's first run; the root (component) of every run.
    private let firstRun: [Int]
    private let roots: [Int32]
    var runCount: Int { roots.count }

    init(_ alpha: [Float], width: Int, height: Int, threshold: Float, schedule: Schedule) {
        self.width = width
        self.height = height
        var rowRuns = [[SIMD2<Int32>]](repeating: [], count: height)
        alpha.withUnsafeBufferPointer { buf in
            let a = UncheckedPointer(UnsafeMutablePointer(mutating: buf.baseAddress!))
            rowRuns.withUnsafeMutableBufferPointer { runsBuf in
                let runs = UncheckedPointer(runsBuf.baseAddress!)
                schedule.forRows(height, width: width) { rows in
                    for y in rows {
                        var list: [SIMD2<Int32>] = []
                        let row = a.pointer + y * width
                        var x = 0
                        while x < width {
                            guard row[x] > threshold else { x += 1; continue }
                            let start = x
                            while x < width && row[x] > threshold { x += 1 }
                            list.append(SIMD2(Int32(start), Int32(x)))
                        }
                        (runs.pointer + y).pointee = list
                    }
                }
            }
        }
        var firstRun = [Int](repeating: 0, count: height + 1)
        for y in 0..<height { firstRun[y + 1] = firstRun[y] + rowRuns[y].count }
        let total = firstRun[height]
        var parent = [Int32](unsafeUninitializedCapacity: total) { buf, count in
            for i in 0..<total { buf[i] = Int32(i) }
            count = total
        }
        func find(_ i: Int32) -> Int32 {
            var r = i
            while parent[Int(r)] != r { r = parent[Int(r)] }
            var c = i
            while parent[Int(c)] != r { let next = parent[Int(c)]; parent[Int(c)] = r; c = next }
            return r
        }
        // Join runs of consecutive rows that overlap or touch diagonally.
        for y in 1..<Swift.max(1, height) {
            let above = rowRuns[y - 1], here = rowRuns[y]
            var j = 0
            for (k, run) in here.enumerated() {
                while j < above.count && above[j].y < run.x { j += 1 }   // ends before run.start - 1
                var m = j
                while m < above.count && above[m].x <= run.y {            // starts by run.end (diagonal)
                    let ra = find(Int32(firstRun[y - 1] + m)), rb = find(Int32(firstRun[y] + k))
                    if ra != rb { if ra < rb { parent[Int(rb)] = ra } else { parent[Int(ra)] = rb } }
                    m += 1
                }
            }
        }
        self.roots = (0..<total).map { find(Int32($0)) }
        self.rowRuns = rowRuns
        self.firstRun = firstRun
    }

    /// Calls `body(row, run, component)` for every run, row by row.
    func forEachRun(_ body: (Int, SIMD2<Int32>, Int) -> Void) {
        for y in 0..<height {
            for (k, run) in rowRuns[y].enumerated() { body(y, run, Int(roots[firstRun[y] + k])) }
        }
    }

    /// Zeroes the pixels of every component for which `remove` is true; returns how many.
    func clear(_ alpha: inout [Float], where remove: (Int) -> Bool) -> Int {
        var removed = 0
        alpha.withUnsafeMutableBufferPointer { a in
            forEachRun { y, run, root in
                guard remove(root) else { return }
                for x in Int(run.x)..<Int(run.y) { a[y * width + x] = 0 }
                removed += Int(run.y - run.x)
            }
        }
        return removed
    }
}
