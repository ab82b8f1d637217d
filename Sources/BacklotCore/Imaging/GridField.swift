/// A smooth field stored on a coarse grid (one value per `cell` x `cell` pixels, per channel), read back at
/// full resolution one row at a time, so the full-resolution planes are never materialised.
///
/// Sampling is bilinear between cell centres (the centre of cell `g` lies at pixel `(g + 0.5)·cell − 0.5`),
/// clamped to the first and last centres; `Planes.upsample` reads a grid the same way.
public struct GridField: Sendable {
    /// One grid per channel, `gridWidth * gridHeight` each.
    public let grids: [[Float]]
    /// Cells across and down.
    public let gridWidth: Int, gridHeight: Int
    /// Pixels per cell side.
    public let cell: Int
    /// The full-resolution size the field is read at.
    public let width: Int, height: Int
    /// Column taps, the same on every row.
    private let x0s: [Int32], x1s: [Int32]
    private let txs: [Float]
    /// Runs of columns between the same two grid columns: `(first column, end, left tap, right tap)`.
    private let runs: [(start: Int, end: Int, x0: Int, x1: Int)]

    /// A field over `width` x `height` pixels from one grid per channel of `gridWidth` x `gridHeight` cells.
    public init(grids: [[Float]], gridWidth: Int, gridHeight: Int, cell: Int, width: Int, height: Int) {
        self.grids = grids
        self.gridWidth = gridWidth
        self.gridHeight = gridHeight
        self.cell = cell
        self.width = width
        self.height = height
        let inv = 1 / Float(cell)
        var x0s = [Int32](repeating: 0, count: width), x1s = x0s
        var txs = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let fx = max(0, min(Float(gridWidth - 1), (Float(x) + 0.5) * inv - 0.5))
            x0s[x] = Int32(fx)
            x1s[x] = Int32(min(Int(fx) + 1, gridWidth - 1))
            txs[x] = fx - Float(Int(fx))
        }
        self.x0s = x0s
        self.x1s = x1s
        self.txs = txs
        var runs: [(start: Int, end: Int, x0: Int, x1: Int)] = []
        for x in 0..<width {
            if let last = runs.last, last.x0 == Int(x0s[x]), last.x1 == Int(x1s[x]) { runs[runs.count - 1].end = x + 1 }
            else { runs.append((x, x + 1, Int(x0s[x]), Int(x1s[x]))) }
        }
        self.runs = runs
    }

    /// Writes row `y` of channel `c` at full resolution into `out` (`width` values).
    @inline(__always)
    public func row(_ y: Int, channel c: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let inv = 1 / Float(cell)
        let fy = max(0, min(Float(gridHeight - 1), (Float(y) + 0.5) * inv - 0.5))
        let y0 = Int(fy), y1 = min(y0 + 1, gridHeight - 1), ty = fy - Float(y0)
        grids[c].withUnsafeBufferPointer { g in
            let r0 = g.baseAddress! + y0 * gridWidth, r1 = g.baseAddress! + y1 * gridWidth
            for gx in 0..<gridWidth { scratch[gx] = r0[gx] + (r1[gx] - r0[gx]) * ty }
        }
        // Between two grid columns the ends are fixed: a run is one multiply-add per pixel, no gathers.
        txs.withUnsafeBufferPointer { at in
            runs.withUnsafeBufferPointer { runs in
                for run in runs {
                    let v0 = scratch[run.x0], d = scratch[run.x1] - v0
                    for x in run.start..<run.end { out[x] = v0 + d * at[x] }
                }
            }
        }
    }

    /// The field of channel `c` at pixel (`x`, `y`): the same value `row` gives there.
    public func value(x: Int, y: Int, channel c: Int) -> Float {
        let inv = 1 / Float(cell)
        let fy = max(0, min(Float(gridHeight - 1), (Float(y) + 0.5) * inv - 0.5))
        let y0 = Int(fy), y1 = min(y0 + 1, gridHeight - 1), ty = fy - Float(y0)
        let (x0, x1, tx) = (Int(x0s[x]), Int(x1s[x]), txs[x])
        let g = grids[c]
        let v0 = g[y0 * gridWidth + x0] + (g[y1 * gridWidth + x0] - g[y0 * gridWidth + x0]) * ty
        let v1 = g[y0 * gridWidth + x1] + (g[y1 * gridWidth + x1] - g[y0 * gridWidth + x1]) * ty
        return v0 + (v1 - v0) * tx
    }

    /// This field's channels followed by `other`'s (on the same grid), to be read together.
    public func appending(_ other: GridField) -> GridField {
        precondition(other.gridWidth == gridWidth && other.gridHeight == gridHeight && other.cell == cell
                     && other.width == width && other.height == height, "fields on different grids")
        return GridField(grids: grids + other.grids, gridWidth: gridWidth, gridHeight: gridHeight, cell: cell,
                         width: width, height: height)
    }

    /// Calls `body(rows, sample)` over bands of rows in parallel; `sample(y)` fills and returns one row
    /// buffer per channel (valid until the next call of `sample` in the same band).
    public func forRows(
        schedule: Schedule = .automatic, _ body: (Range<Int>, (Int) -> [UnsafeMutablePointer<Float>]) -> Void
    ) {
        let channels = grids.count
        schedule.forRows(height, width: width) { rows in
            let rowBuffers = (0..<channels).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: width) }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: gridWidth)
            defer {
                rowBuffers.forEach { $0.deallocate() }
                scratch.deallocate()
            }
            body(rows) { y in
                for c in 0..<channels { row(y, channel: c, into: rowBuffers[c], scratch: scratch) }
                return rowBuffers
            }
        }
    }

    /// The field at full resolution, one plane per channel.
    public func planes(schedule: Schedule = .automatic) -> [[Float]] {
        (0..<grids.count).map { c in
            [Float](unsafeUninitializedCapacity: width * height) { buf, initialised in
                let out = UncheckedPointer(buf.baseAddress!)
                schedule.forRows(height, width: width) { rows in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: gridWidth)
                    defer { scratch.deallocate() }
                    for y in rows { row(y, channel: c, into: out.pointer + y * width, scratch: scratch) }
                }
                initialised = width * height
            }
        }
    }
}
