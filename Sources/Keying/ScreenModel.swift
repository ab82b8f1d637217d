import BacklotCore

/// What the keyer found out about the screen: its key channel, its typical colour and how much of the plate
/// it covers. (The backing colour behind every pixel lives only while a plate is keyed.)
public struct ScreenModel: Sendable {
    /// 1 for green, 2 for blue (or the dominant channel of a custom colour).
    public let keyChannel: Int
    /// The typical (median) screen colour.
    public let colour: SIMD3<Float>
    /// Fraction of pixels that looked like screen.
    public let screenFraction: Float

    /// The two channels that are not `key`.
    static func others(of key: Int) -> (Int, Int) { key == 1 ? (0, 2) : key == 2 ? (0, 1) : (1, 2) }

    /// The key difference: how much the key channel exceeds the larger of the other two.
    @inline(__always)
    static func difference(_ r: Float, _ g: Float, _ b: Float, key: Int) -> Float {
        switch key {
        case 1: return g - Swift.max(r, b)
        case 2: return b - Swift.max(r, g)
        default: return r - Swift.max(g, b)
        }
    }
}

/// Everything the later stages need from the screen model.
struct ScreenFit {
    let key: Int
    let colour: SIMD3<Float>
    /// The backing colour behind every pixel (R, G, B), kept on its coarse grid: read it row by row.
    let backing: GridField
    /// Fraction of pixels taken as pure screen.
    let fraction: Float
    /// The standard deviation of the key-difference alpha over pure screen (robust: median absolute deviation).
    let noise: Float
    /// Where a clean plate gave the backing: how far it was moved to line up with the plate.
    var cleanOffset: (dx: Int, dy: Int)? = nil
}

/// Finds the screen and models its colour across the frame.
enum ScreenEstimator {
    /// Detects the screen and fits the backing in two passes: first from screen-hued pixels outside the hint,
    /// then adding every pixel that unmixes to pure screen against that backing (gaps in hair, inside the
    /// hint). With a `clean` plate (the empty screen), the backing is that plate, registered and matched to
    /// this one. Returns nil when the plate shows no screen: less than 2% of what the hint leaves (of the whole
    /// plate without one) is screen.
    static func fit(rgb: [[Float]], hint: [Float]?, clean: [[Float]]? = nil, setting: KeyerSettings.Screen, frame: Frame) -> ScreenFit? {
        guard let found = firstPass(rgb: rgb, hint: hint, setting: setting, frame: frame) else { return nil }
        if let clean {
            let offset = CleanPlate.offset(clean: clean, plate: rgb, screen: found.weight, frame: frame)
            let fitted = CleanPlate.backing(clean: clean, plate: rgb, screen: found.weight, offset: offset, frame: frame)
            var fit = finish(rgb: rgb, key: found.key, colour: found.colour, backing: fitted, screenWeight: found.weight, frame: frame)
            fit.cleanOffset = offset
            return fit
        }
        let screenWeight = secondPass(rgb: rgb, found: found, frame: frame)
        return finish(rgb: rgb, key: found.key, colour: found.colour, backing: backing(rgb: rgb, screenWeight: screenWeight, frame: frame),
                      screenWeight: screenWeight, frame: frame)
    }

    /// The pixels that are clearly screen (1: screen-hued, of the screen's own chroma) and the rest (0), by the
    /// first pass of `fit`, with the screen's typical colour; nil when the plate shows no screen.
    static func screenPixels(rgb: [[Float]], setting: KeyerSettings.Screen, frame: Frame) -> (key: Int, colour: SIMD3<Float>, weight: [Float])? {
        guard let found = firstPass(rgb: rgb, hint: nil, setting: setting, frame: frame) else { return nil }
        return (found.key, found.colour, found.weight)
    }

    /// What the first pass finds: the key channel, the screen's typical colour, the loosely screen-hued pixels
    /// (`candidates`) and, of those, the ones outside the hint with the screen's own chroma (`weight`).
    struct FirstPass { let key: Int, colour: SIMD3<Float>, candidates: [Float], weight: [Float] }

    private static func firstPass(rgb: [[Float]], hint: [Float]?, setting: KeyerSettings.Screen, frame: Frame) -> FirstPass? {
        let n = frame.count
        let detected = detect(rgb: rgb, hint: hint, setting: setting)
        let key = detected.key
        let others = ScreenModel.others(of: key)
        let c = detected.colour
        let greenness = c[key] > 0 ? Swift.max(0.05, (c[key] - Swift.max(c[others.0], c[others.1])) / c[key]) : 0.5
        // Candidates: clearly screen-hued (any brightness, so markers, seams and shadows count).
        let candidates = rgb.withPlanePointers { p in
            let (r, g, b) = (p[0].pointer, p[1].pointer, p[2].pointer)
            return Planes.make(n, schedule: frame.schedule) { i in
                let k = key == 1 ? g[i] : key == 2 ? b[i] : r[i]
                return k > 1e-4 && ScreenModel.difference(r[i], g[i], b[i], key: key) > 0.85 * greenness * k ? 1 : 0
            }
        }
        guard detected.fraction >= 0.005 else { return nil }
        // Of those, the ones with the screen's own chroma: thin smoke and glass are screen-hued too, but not that.
        let chroma = ScreenChroma.consistent(rgb: rgb, candidates: candidates, key: key, frame: frame)
        // First pass: such pixels outside the hint.
        let screenWeight = ([candidates, chroma] + [hint ?? []]).withPlanePointers { p in
            let (cand, ch, h) = (p[0].pointer, p[1].pointer, p[2].pointer)
            let hasHint = hint != nil
            return Planes.make(n, schedule: frame.schedule) { i in
                (hasHint && h[i] >= 0.5) ? 0 : cand[i] * ch[i]
            }
        }
        let outside = hint.map { h in h.reduce(0) { $0 + ($1 < 0.5 ? 1 : 0) } } ?? Float(n)
        guard screenWeight.reduce(0, +) >= 0.02 * outside, outside > 0 else { return nil }
        return FirstPass(key: key, colour: c, candidates: candidates, weight: screenWeight)
    }

    /// The first pass's screen and the pixels (inside the hint too: gaps in hair) that unmix to pure screen
    /// against the backing it gives. (Smoke and glass do not: they lower the key difference.)
    private static func secondPass(rgb: [[Float]], found: FirstPass, frame: Frame) -> [Float] {
        let (n, w, key) = (frame.count, frame.width, found.key)
        let first = backing(rgb: rgb, screenWeight: found.weight, frame: frame)
        return (rgb + [found.weight, found.candidates]).withPlanePointers { p in
            let (r, g, b, sw, cand) = (p[0].pointer, p[1].pointer, p[2].pointer, p[3].pointer, p[4].pointer)
            var out = [Float](parallelRepeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { buf in
                let o = UncheckedPointer(buf.baseAddress!)
                first.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let bk = sample(y)
                        for x in 0..<w {
                            let i = y * w + x
                            let d = ScreenModel.difference(r[i], g[i], b[i], key: key)
                            let dB = ScreenModel.difference(bk[0][x], bk[1][x], bk[2][x], key: key)
                            o.pointer[i] = cand[i] > 0 && d > 0.99 * dB ? 1 : sw[i]
                        }
                    }
                }
            }
            return out
        }
    }

    /// The fit with the noise of alpha over pure screen, from a sparse sample.
    private static func finish(rgb: [[Float]], key: Int, colour c: SIMD3<Float>, backing fitted: GridField, screenWeight: [Float],
                               frame: Frame) -> ScreenFit {
        let (n, w) = (frame.count, frame.width)
        let floor = 0.02 * Swift.max(c[key], 1e-3)
        var samples: [Float] = []
        for i in stride(from: 0, to: n, by: Swift.max(1, n / 30_000)) where screenWeight[i] > 0 {
            let (x, y) = (i % w, i / w)
            let dB = ScreenModel.difference(fitted.value(x: x, y: y, channel: 0), fitted.value(x: x, y: y, channel: 1),
                                            fitted.value(x: x, y: y, channel: 2), key: key)
            samples.append(1 - ScreenModel.difference(rgb[0][i], rgb[1][i], rgb[2][i], key: key) / Swift.max(dB, floor))
        }
        let centre = Keyer.median(samples)
        let noise = samples.isEmpty ? 0.01 : 1.4826 * Keyer.median(samples.map { abs($0 - centre) })
        return ScreenFit(key: key, colour: c, backing: fitted, fraction: screenWeight.reduce(0, +) / Float(n), noise: noise)
    }

    /// Picks the key channel and typical screen colour from pixels the hint says are background.
    static func detect(rgb: [[Float]], hint: [Float]?, setting: KeyerSettings.Screen) -> (key: Int, colour: SIMD3<Float>, fraction: Float) {
        let n = rgb[0].count
        // Thirty thousand samples fix the medians well enough; more only cost sorting time.
        let stride = max(1, n / 30_000)
        var samples: [[SIMD3<Float>]] = [[], [], []]
        var considered = 0
        for i in Swift.stride(from: 0, to: n, by: stride) {
            if let hint, hint[i] >= 0.5 { continue }
            considered += 1
            let c = SIMD3(rgb[0][i], rgb[1][i], rgb[2][i])
            guard c.x.isFinite, c.y.isFinite, c.z.isFinite else { continue }
            for k in 1...2 {
                let d = ScreenModel.difference(c.x, c.y, c.z, key: k)
                if d > 0.25 * c[k] && c[k] > 1e-4 { samples[k].append(c) }
            }
        }
        var key: Int
        switch setting {
        case .green: key = 1
        case .blue: key = 2
        case .rgb(let r, let g, let b):
            let c = SIMD3(r, g, b)
            key = c.y >= c.x && c.y >= c.z ? 1 : c.z >= c.x ? 2 : 0
            let fraction = Float(samples[key == 0 ? 1 : key].count) / Float(max(1, considered))
            return (key, c, fraction)
        case .auto:
            key = samples[1].count >= samples[2].count ? 1 : 2
        }
        let chosen = samples[key]
        let fraction = Float(chosen.count) / Float(max(1, considered))
        guard !chosen.isEmpty else {
            return (key, key == 1 ? [0.1, 0.4, 0.1] : [0.1, 0.1, 0.4], 0)
        }
        func median(_ values: [Float]) -> Float { values.sorted()[values.count / 2] }
        let colour = SIMD3(median(chosen.map(\.x)), median(chosen.map(\.y)), median(chosen.map(\.z)))
        return (key, colour, fraction)
    }

    /// Interpolates the backing colour from the pixels where `screenWeight` is 1, on a grid of `cell` pixels:
    /// the screen's broad shading (a quadratic trend per channel) plus what is left of it, interpolated by
    /// push–pull. Behind a large subject, smoke or glass the backing then keeps the screen's hot spot and
    /// fall-off instead of flattening to the average of the screen around it.
    static func backing(rgb: [[Float]], screenWeight: [Float], frame: Frame) -> GridField {
        var cells = PushPull.cellMeans(rgb: rgb, weight: screenWeight, width: frame.width, height: frame.height, cell: frame.cell,
                                       schedule: frame.schedule)
        let (gw, gh) = (cells.width, cells.height)
        let trends = cells.planes.map { QuadraticSurface.fit($0, weights: cells.weights, width: gw, height: gh, weightedValues: true) }
        // Far from the screen (behind a subject filling the bottom of the frame) the trend is an extrapolation:
        // it is kept within (a tenth beyond) the range it takes where the screen is seen, so it can carry a hot
        // spot or a fall-off across a gap but never run off to black or glare behind the subject.
        var trend = [[Float]](repeating: [Float](repeating: 0, count: gw * gh), count: 3)
        for c in 0..<3 {
            var (low, high) = (Float.infinity, -Float.infinity)
            for y in 0..<gh {
                for x in 0..<gw {
                    let v = trends[c].value(x: x, y: y)
                    trend[c][y * gw + x] = v
                    if cells.weights[y * gw + x] > 0 { (low, high) = (Swift.min(low, v), Swift.max(high, v)) }
                }
            }
            guard low <= high else { continue }
            let margin = 0.1 * (high - low)
            for i in 0..<(gw * gh) {
                trend[c][i] = Swift.min(Swift.max(trend[c][i], low - margin), high + margin)
                cells.planes[c][i] -= cells.weights[i] * trend[c][i]
            }
        }
        var filled = PushPull.fill(weightedPlanes: cells.planes, weights: cells.weights, width: gw, height: gh)
        for c in 0..<3 { for i in 0..<(gw * gh) { filled[c][i] += trend[c][i] } }
        return GridField(grids: filled, gridWidth: gw, gridHeight: gh, cell: frame.cell, width: frame.width, height: frame.height)
    }
}
