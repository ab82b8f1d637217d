import BacklotCore

extension CleanPlateLearner {
    /// A frame moved onto the first frame's framing and matched to its exposure: the first frame's pixel `i`
    /// shows `values[c][i]`, and is screen-hued in this frame where `screen` has its bit set (clear screen, of
    /// the screen's own chroma, where `clear` has).
    struct Placement {
        let offset: (dx: Int, dy: Int)
        let gain: SIMD3<Float>
        let screen: BitMask, clear: BitMask
        let values: [[Float]]
    }

    /// One bit per pixel.
    struct BitMask {
        private(set) var words: [UInt64]
        init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }
        subscript(i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        mutating func set(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    }

    /// `seen` registered to `reference` and matched in exposure to `target` (the reference frame itself, or a
    /// learned plate) over the screen both show.
    static func place(_ seen: Observation, on reference: Observation, reference target: [[Float]]?) -> Placement {
        let frame = seen.frame
        let (w, h) = (frame.width, frame.height)
        let offset = CleanPlate.offset(clean: seen.rgb, plate: reference.rgb, screen: reference.screen, cleanScreen: seen.screen,
                                       frame: frame)
        func bits(_ mask: [Float]) -> BitMask {
            var bits = BitMask(count: frame.count)
            for y in 0..<h {
                let sy = y - offset.dy
                guard sy >= 0, sy < h else { continue }
                for x in 0..<w {
                    let sx = x - offset.dx
                    if sx >= 0, sx < w, mask[sy * w + sx] > 0.5 { bits.set(y * w + x) }
                }
            }
            return bits
        }
        let (clear, hued) = (bits(seen.screen), bits(seen.hued))
        let raw = moved(seen.rgb, by: offset, gain: SIMD3(repeating: 1), frame: frame)
        let goal = target ?? reference.rgb
        let step = Swift.max(1, frame.count / 60_000)
        var gain = SIMD3<Float>(repeating: 1)
        for c in 0..<3 {
            let ratios = stride(from: 0, to: frame.count, by: step)
                .filter { i in clear[i] && (target.map { $0[c][i].isFinite } ?? (reference.screen[i] > 0.5)) && raw[c][i] > 1e-5 }
                .map { goal[c][$0] / raw[c][$0] }
            if ratios.count > 100 { gain[c] = Keyer.median(ratios) }
        }
        let values = raw.enumerated().map { c, plane in plane.map { $0 * gain[c] } }
        return Placement(offset: offset, gain: gain, screen: hued, clear: clear, values: values)
    }

    /// `rgb` moved by `offset` (edges repeat) and scaled by `gain`.
    static func moved(_ rgb: [[Float]], by offset: (dx: Int, dy: Int), gain: SIMD3<Float>, frame: Frame) -> [[Float]] {
        let (w, h) = (frame.width, frame.height)
        return rgb.enumerated().map { c, plane in
            var out = [Float](repeating: 0, count: frame.count)
            let g = gain[c]
            plane.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { o in
                    let (sp, op) = (UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!)), UncheckedPointer(o.baseAddress!))
                    frame.schedule.forRows(h, width: w) { rows in
                        for y in rows {
                            let from = Swift.min(Swift.max(y - offset.dy, 0), h - 1) * w
                            for x in 0..<w { op.pointer[y * w + x] = sp.pointer[from + Swift.min(Swift.max(x - offset.dx, 0), w - 1)] * g }
                        }
                    }
                }
            }
            return out
        }
    }

    /// Adds the placed frame's screen pixels to the running sums; with `first` (the first pass's median), only
    /// those within 3% or three noise deviations of it in every channel.
    static func accumulate(_ p: Placement, sums: inout [[Float]], counts: inout [Float], frame: Frame, tolerance first: [[Float]]?) {
        var noise = SIMD3<Float>(repeating: 0)
        if let first {
            let step = Swift.max(1, frame.count / 60_000)
            for c in 0..<3 {
                let residuals = stride(from: 0, to: frame.count, by: step).filter { p.screen[$0] && first[c][$0].isFinite }
                    .map { abs(p.values[c][$0] - first[c][$0]) }
                noise[c] = 1.4826 * Keyer.median(residuals)
            }
        }
        for i in 0..<frame.count where p.screen[i] {
            if let first {
                guard first[0][i].isFinite else { continue }
                var near = true
                for c in 0..<3 where abs(p.values[c][i] - first[c][i]) > Swift.max(0.03 * abs(first[c][i]), 3 * noise[c]) { near = false }
                guard near else { continue }
            }
            for c in 0..<3 { sums[c][i] += p.values[c][i] }
            counts[i] += 1
        }
    }

    /// The per-pixel median (channel by channel) of the placed frames that show clear screen there (so smoke or
    /// glass that lingers in a few of them is not taken), else, within four pixels (at 1080p) of such a pixel, of
    /// those that show anything screen-hued there (seams and markers are thin and never clear screen); NaN
    /// elsewhere (a patch that smoke covered in every frame is left to be interpolated, not learned as screen).
    static func medianPlate(_ placed: [Placement], frame: Frame) -> [[Float]] {
        let seenClear = Planes.make(frame.count, schedule: frame.schedule) { i in placed.contains { $0.clear[i] } ? 1 : 0 }
        let reach = Swift.max(2, Int((4 * frame.scale).rounded()))
        let nearClear = Morphology.grow(seenClear, width: frame.width, height: frame.height, by: reach, schedule: frame.schedule)
        return (0..<3).map { c in
            Planes.make(frame.count, schedule: frame.schedule) { i in
                // (A few values per pixel, sorted in place on the stack: no allocation per pixel.)
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Swift.max(1, placed.count)) { values in
                    var n = 0
                    for p in placed where p.clear[i] { values[n] = p.values[c][i]; n += 1 }
                    if n == 0 && nearClear[i] > 0 { for p in placed where p.screen[i] { values[n] = p.values[c][i]; n += 1 } }
                    guard n > 0 else { return .nan }
                    var sorted = UnsafeMutableBufferPointer(rebasing: values[0..<n])
                    sorted.sort()
                    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
                }
            }
        }
    }

    /// The mean where frames saw screen; interpolated (push–pull) where none did.
    static func mean(_ sums: [[Float]], _ counts: [Float], frame: Frame) -> [[Float]] {
        let weights = counts.map { Swift.min($0, 1) }
        let weighted = sums.map { plane in zip(plane, counts).map { $1 > 0 ? $0 / $1 : 0 } }
        let filled = PushPull.fill(weightedPlanes: weighted, weights: weights, width: frame.width, height: frame.height)
        return (0..<3).map { c in (0..<frame.count).map { counts[$0] > 0 ? weighted[c][$0] : filled[c][$0] } }
    }

    /// The median, over blocks of 16×16 pixels (at 1080p) seen in every pixel, of the mean relative difference
    /// of the channels of `sums / counts` from `learned`; nil when no block was seen whole.
    static func difference(_ sums: [[Float]], _ counts: [Float], from learned: [[Float]], frame: Frame) -> Float? {
        let (w, h) = (frame.width, frame.height)
        let b = Swift.max(8, Int((16 * frame.scale).rounded()))
        var d: [Float] = []
        for by in stride(from: 0, to: h - b + 1, by: b) {
            for bx in stride(from: 0, to: w - b + 1, by: b) {
                var seen = SIMD3<Float>(repeating: 0), plate = SIMD3<Float>(repeating: 0), complete = true
                for y in by..<(by + b) {
                    for x in bx..<(bx + b) {
                        let i = y * w + x
                        guard counts[i] > 0 else { complete = false; break }
                        seen += SIMD3(sums[0][i], sums[1][i], sums[2][i]) / counts[i]
                        plate += SIMD3(learned[0][i], learned[1][i], learned[2][i])
                    }
                    if !complete { break }
                }
                guard complete else { continue }
                let r: SIMD3<Float> = (seen - plate) / pointwiseMax(plate, SIMD3<Float>(repeating: 1e-4 * Float(b * b)))
                let sum: Float = abs(r.x) + abs(r.y) + abs(r.z)
                d.append(sum / 3)
            }
        }
        return d.isEmpty ? nil : Keyer.median(d)
    }
}
