import BacklotCore
import Testing

/// Every fast kernel of the shared image tools against its naive reference (`NaiveKernels.swift`), under
/// several schedules: the result must match the reference and must not depend on the schedule at all.
@Suite struct ImagingKernelTests {
    static let schedules = ScheduleTests.schedules
    /// Odd sizes, a single row and column, and a frame wider than a column strip of the vertical blur.
    static let sizes = [(1, 1), (17, 9), (300, 5), (5, 300), (513, 40)]

    /// Runs `kernel` under every schedule; all runs must agree bit for bit. Returns the serial result.
    func scheduleIndependent(_ kernel: (Schedule) -> [Float]) -> [Float] {
        let results = Self.schedules.map(kernel)
        for (schedule, result) in zip(Self.schedules, results).dropFirst() {
            #expect(result == results[0], "the result changes with the schedule (\(schedule))")
        }
        return results[0]
    }

    @Test(arguments: sizes)
    func boxBlur(_ size: (Int, Int)) {
        let (w, h) = size
        let p = testPlane(w, h)
        for r in [1, 3, 7] {
            let fast = scheduleIndependent { Blur.box(p, width: w, height: h, radius: r, schedule: $0) }
            #expect(close(fast, Naive.box(p, w, h, r), 1e-4), "box r=\(r) \(w)x\(h)")
        }
    }

    @Test(arguments: sizes)
    func gaussianBlur(_ size: (Int, Int)) {
        let (w, h) = size
        let p = testPlane(w, h, seed: 2)
        for sigma: Float in [0.2, 1.5, 4] {
            let fast = scheduleIndependent { Blur.gaussian(p, width: w, height: h, sigma: sigma, schedule: $0) }
            #expect(close(fast, Naive.gaussian(p, w, h, sigma: sigma), 1e-4), "gaussian σ=\(sigma) \(w)x\(h)")
        }
    }

    @Test(arguments: sizes)
    func downsampleAndUpsample(_ size: (Int, Int)) {
        let (w, h) = size
        let p = testPlane(w, h, seed: 3)
        for f in [2, 3, 8] {
            let low = Planes.downsample(p, width: w, height: h, factor: f)
            let naiveLow = Naive.downsample(p, w, h, f)
            #expect(close(scheduleIndependent { Planes.downsample(p, width: w, height: h, factor: f, schedule: $0).plane }, naiveLow))
            let up = scheduleIndependent {
                Planes.upsample(low.plane, gridWidth: low.width, gridHeight: low.height, factor: f, width: w, height: h, schedule: $0)
            }
            #expect(close(up, Naive.field(naiveLow, low.width, low.height, cell: f, w, h)), "upsample ×\(f) \(w)x\(h)")
        }
    }

    @Test func gridFieldRowsMatchTheReference() {
        let (gw, gh, cell, w, h) = (7, 5, 6, 40, 27)
        let grids = [testPlane(gw, gh, seed: 4), testPlane(gw, gh, seed: 5)]
        let field = GridField(grids: grids, gridWidth: gw, gridHeight: gh, cell: cell, width: w, height: h)
        for c in 0..<2 {
            let planes = scheduleIndependent { field.planes(schedule: $0)[c] }
            #expect(close(planes, Naive.field(grids[c], gw, gh, cell: cell, w, h)))
        }
    }

    @Test(arguments: [(1, 1), (5, 3), (33, 17), (64, 64)])
    func pushPullFill(_ size: (Int, Int)) {
        let (w, h) = size
        // Weights from empty through partial to more than 1, values only where there is weight.
        let weights = testPlane(w, h, seed: 6).map { $0 < 0.45 ? 0 : ($0 - 0.45) * 4 }
        let planes = (0..<3).map { c in zip(testPlane(w, h, seed: 7 + UInt32(c)), weights).map { $0 * $1 } }
        let fast = PushPull.fill(weightedPlanes: planes, weights: weights, width: w, height: h)
        let naive = Naive.pushPull(planes, weights: weights, w, h)
        for c in 0..<3 { #expect(close(fast[c], naive[c]), "channel \(c) \(w)x\(h)") }
    }

    @Test func pushPullGridFieldMatchesCellSumsThenFill() {
        let (w, h, cell) = (50, 31, 4)
        let rgb = (0..<3).map { testPlane(w, h, seed: 10 + UInt32($0)) }
        let weight = testPlane(w, h, seed: 13).map { $0 > 0.6 ? Float(1) : 0 }
        let (gw, gh) = ((w + cell - 1) / cell, (h + cell - 1) / cell)
        // Per cell: trust min(1, 4 · Σw / area) and the weighted mean times that trust.
        var sums = [[Float]](repeating: [Float](repeating: 0, count: gw * gh), count: 3)
        var trust = [Float](repeating: 0, count: gw * gh)
        for gy in 0..<gh {
            for gx in 0..<gw {
                var sw: Float = 0, s: [Float] = [0, 0, 0], area: Float = 0
                for y in (gy * cell)..<min(h, gy * cell + cell) {
                    for x in (gx * cell)..<min(w, gx * cell + cell) {
                        area += 1
                        sw += weight[y * w + x]
                        for c in 0..<3 { s[c] += rgb[c][y * w + x] * weight[y * w + x] }
                    }
                }
                let t = min(1, sw / area * 4)
                trust[gy * gw + gx] = t
                for c in 0..<3 { sums[c][gy * gw + gx] = sw > 0 ? s[c] * (t / sw) : 0 }
            }
        }
        let naive = Naive.pushPull(sums, weights: trust, gw, gh)
        for schedule in Self.schedules {
            let field = PushPull.gridField(rgb: rgb, weight: weight, width: w, height: h, cell: cell, schedule: schedule)
            for c in 0..<3 { #expect(close(field.grids[c], naive[c], 1e-4), "channel \(c), \(schedule)") }
        }
    }

    @Test(arguments: sizes)
    func guidedFilter(_ size: (Int, Int)) {
        let (w, h) = size
        let p = testPlane(w, h, seed: 14)
        let fast = scheduleIndependent { GuidedFilter.selfGuided(p, width: w, height: h, radius: 3, eps: 0.01, schedule: $0) }
        #expect(close(fast, Naive.guided(p, w, h, radius: 3, eps: 0.01), 1e-4))
        // The fast (subsampled) form: coefficients from the half-resolution plate, interpolated back.
        let sub = scheduleIndependent {
            GuidedFilter.selfGuided(p, width: w, height: h, radius: 4, eps: 0.01, subsample: 2, schedule: $0)
        }
        #expect(sub.count == p.count && sub.allSatisfy(\.isFinite))
        let flat = GuidedFilter.selfGuided([Float](repeating: 0.3, count: w * h), width: w, height: h, radius: 4, eps: 0.01, subsample: 2)
        #expect(close(flat, [Float](repeating: 0.3, count: w * h)), "a constant is kept")
    }

    @Test(arguments: sizes)
    func morphology(_ size: (Int, Int)) {
        let (w, h) = size
        let p = testPlane(w, h, seed: 15)
        for grow in [-3, -1, 2] {
            let fast = scheduleIndependent { Morphology.grow(p, width: w, height: h, by: grow, schedule: $0) }
            #expect(fast == Naive.grow(p, w, h, by: grow), "grow \(grow) \(w)x\(h)")
        }
    }

    @Test func resampleDoesNotDependOnTheSchedule() {
        let image = Image(planes: [testPlane(37, 23, seed: 16)], channels: ["Y"], dataWindow: PixelWindow(width: 37, height: 23),
                          displayWindow: PixelWindow(width: 37, height: 23))
        for (w, h) in [(12, 7), (80, 51)] {
            _ = scheduleIndependent { image.resized(width: w, height: h, schedule: $0).planes[0] }
        }
    }
}
