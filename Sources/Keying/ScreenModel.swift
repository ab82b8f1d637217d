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

    /// The two channels that are not the key channel.
    public var otherChannels: (Int, Int) { keyChannel == 1 ? (0, 2) : keyChannel == 2 ? (0, 1) : (1, 2) }

    /// The key difference: how much the key channel exceeds the larger of the other two.
    @inline(__always)
    static func difference(_ r: Float, _ g: Float, _ b: Float, key: Int) -> Float {
        switch key {
        case 1: return g - Swift.max(r, b)
        case 2: return b - Swift.max(r, g)
        default: return r - Swift.max(g, b)
        }
    }

    func difference(_ c: SIMD3<Float>) -> Float { ScreenModel.difference(c.x, c.y, c.z, key: keyChannel) }
}

/// Finds the screen and models its colour across the frame.
enum ScreenEstimator {
    /// Picks the key channel and typical screen colour from pixels the hint says are background.
    static func detect(rgb: [[Float]], hint: [Float]?, setting: KeyerSettings.Screen) -> (key: Int, colour: SIMD3<Float>, fraction: Float) {
        let n = rgb[0].count
        let stride = max(1, n / 200_000)
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
        let n = width * height
        let gw = (width + cell - 1) / cell, gh = (height + cell - 1) / cell
        var sums = [[Float]](repeating: [Float](repeating: 0, count: gw * gh), count: 3)
        var weights = [Float](repeating: 0, count: gw * gh)
        // Per-cell weighted sums (a cell is trusted fully when a quarter of it is screen).
        let wm = Planes.downsample(screenWeight, width: width, height: height, factor: cell)
        for c in 0..<3 {
            let weighted = Planes.make(n) { rgb[c][$0] * screenWeight[$0] }
            let g = Planes.downsample(weighted, width: width, height: height, factor: cell)
            sums[c] = g.plane
        }
        for i in 0..<(gw * gh) {
            let w = wm.plane[i]
            let trust: Float = min(1, w * 4)
            weights[i] = trust
            for c in 0..<3 { sums[c][i] = w > 0 ? sums[c][i] / w * trust : 0 }
        }
        let filled = PushPull.fill(weightedPlanes: sums, weights: weights, width: gw, height: gh)
        return filled.map { Planes.upsample($0, gridWidth: gw, gridHeight: gh, factor: cell, width: width, height: height) }
    }
}
