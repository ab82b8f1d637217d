import BacklotCore

/// What the keyer knows about the screen: its key channel, its typical colour and the backing colour
/// behind every pixel (a clean plate interpolated from the visible screen into the subject).
public struct ScreenModel: Sendable {
    /// 1 for green, 2 for blue (or the dominant channel of a custom colour).
    public let keyChannel: Int
    /// The typical (median) screen colour.
    public let colour: SIMD3<Float>
    /// Backing colour per pixel: three planes, `width * height` each.
    public var backing: [[Float]]
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

/// Everything the later stages need from the screen model, per pixel.
struct ScreenFit {
    let key: Int
    let colour: SIMD3<Float>
    /// The key difference of every pixel.
    let difference: [Float]
    /// Backing colour planes.
    let backing: [[Float]]
    /// The key difference of the backing.
    let backingDifference: [Float]
    /// 1 where the pixel was taken as pure screen.
    let screenWeight: [Float]
    let fraction: Float
}

/// Finds the screen and models its colour across the frame.
enum ScreenEstimator {
    /// Detects the screen and fits the backing in two passes: first from screen-hued pixels outside the hint,
    /// then adding every pixel that unmixes to pure screen against that backing (gaps in hair, inside the
    /// hint). Returns nil when the plate shows no screen.
    static func fit(rgb: [[Float]], hint: [Float]?, setting: KeyerSettings.Screen, frame: Frame) -> ScreenFit? {
        let n = frame.count
        let detected = detect(rgb: rgb, hint: hint, setting: setting)
        let key = detected.key
        let others = ScreenModel.others(of: key)
        let diff = differences(rgb, key: key)
        let c = detected.colour
        let greenness = c[key] > 0 ? Swift.max(0.05, (c[key] - Swift.max(c[others.0], c[others.1])) / c[key]) : 0.5
        // Screen pixels: clearly screen-hued (any brightness, so markers and seams count) and outside the hint.
        var screenWeight = [rgb[key], diff, hint ?? []].withPlanePointers { p in
            let (k, d, h) = (p[0], p[1], p[2])
            let hasHint = hint != nil
            return Planes.make(n) { i in
                if hasHint && h.pointer[i] >= 0.5 { return 0 }
                return k.pointer[i] > 1e-4 && d.pointer[i] > 0.85 * greenness * k.pointer[i] ? 1 : 0
            }
        }
        guard detected.fraction >= 0.005, screenWeight.reduce(0, +) / Float(n) >= 0.001 else { return nil }
        // First pass: only the backing's key difference is needed, read straight off the grid.
        let first = PushPull.gridField(rgb: rgb, weight: screenWeight, width: frame.width, height: frame.height, cell: frame.cell)
        var dB = [Float](repeating: 0, count: n)
        dB.withUnsafeMutableBufferPointer { buf in
            let d = UncheckedPointer(buf.baseAddress!)
            let w = frame.width
            first.forRows { rows, sample in
                for y in rows {
                    let b = sample(y)
                    for x in 0..<w { d.pointer[y * w + x] = ScreenModel.difference(b[0][x], b[1][x], b[2][x], key: key) }
                }
            }
        }
        screenWeight = [rgb[key], diff, dB, screenWeight].withPlanePointers { p in
            let (k, d, db, sw) = (p[0], p[1], p[2], p[3])
            return Planes.make(n) { i in
                let hued = k.pointer[i] > 1e-4 && d.pointer[i] > 0.85 * greenness * k.pointer[i]
                return hued && d.pointer[i] > 0.97 * db.pointer[i] ? 1 : sw.pointer[i]
            }
        }
        let backing = self.backing(rgb: rgb, screenWeight: screenWeight, width: frame.width, height: frame.height, cell: frame.cell)
        dB = differences(backing, key: key)
        return ScreenFit(key: key, colour: c, difference: diff, backing: backing, backingDifference: dB,
                         screenWeight: screenWeight, fraction: screenWeight.reduce(0, +) / Float(n))
    }

    /// The key difference of every pixel of three colour planes.
    static func differences(_ rgb: [[Float]], key: Int) -> [Float] {
        rgb.withPlanePointers { p in
            let (r, g, b) = (p[0], p[1], p[2])
            return Planes.make(rgb[0].count) { ScreenModel.difference(r.pointer[$0], g.pointer[$0], b.pointer[$0], key: key) }
        }
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

    /// Interpolates the backing colour from the pixels where `screenWeight` is 1, on a grid of `cell` pixels.
    static func backing(rgb: [[Float]], screenWeight: [Float], width: Int, height: Int, cell: Int) -> [[Float]] {
        PushPull.field(rgb: rgb, weight: screenWeight, width: width, height: height, cell: cell)
    }
}
