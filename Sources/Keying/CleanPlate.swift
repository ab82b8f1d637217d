import BacklotCore

/// A shot of the empty screen (as Keylight and IBK users supply), used as the backing behind every pixel.
///
/// It is registered to the plate by a whole-pixel translation (a camera nudged between the two takes),
/// matched in exposure channel by channel over the screen the plate shows, and lightly smoothed against its
/// own grain; the screen's wrinkles, seams and falloff are then known exactly where the subject hides them.
enum CleanPlate {
    /// The furthest a clean plate is searched for, as a fraction of the plate's height.
    static let searchFraction: Float = 0.05

    /// The offset `(dx, dy)` that best lines `clean` up with `plate` over the pixels where `screen` is 1: the
    /// clean plate's pixel `(x − dx, y − dy)` shows what the plate's `(x, y)` shows. Coarse to fine over
    /// luminance, each normalised by its median over the screen. With `cleanScreen`, only the pixels where the
    /// clean image also shows screen are compared (it is a frame with a subject of its own).
    static func offset(clean: [[Float]], plate: [[Float]], screen: [Float], cleanScreen: [Float]? = nil, frame: Frame) -> (dx: Int, dy: Int) {
        let (w, h) = (frame.width, frame.height)
        func luma(_ p: [[Float]]) -> [Float] {
            p.withPlanePointers { c in
                Planes.make(w * h, schedule: frame.schedule) { 0.2126 * c[0].pointer[$0] + 0.7152 * c[1].pointer[$0] + 0.0722 * c[2].pointer[$0] }
            }
        }
        let (lp, lc) = (luma(plate), luma(clean))
        let reach = Swift.max(2, Int(searchFraction * Float(h)))
        var best = (dx: 0, dy: 0)
        // Levels: a factor that leaves the search ±6 steps wide at the coarsest, then ±2 steps at each finer one.
        var factors: [Int] = []
        var f = 1
        while reach / f > 6 { f *= 2 }
        while f >= 1 { factors.append(f); f /= 2 }
        for (level, factor) in factors.enumerated() {
            let p = Planes.downsample(lp, width: w, height: h, factor: factor, schedule: frame.schedule)
            let c = Planes.downsample(lc, width: w, height: h, factor: factor, schedule: frame.schedule)
            let m = Planes.downsample(screen, width: w, height: h, factor: factor, schedule: frame.schedule).plane
            let v = cleanScreen.map { Planes.downsample($0, width: w, height: h, factor: factor, schedule: frame.schedule).plane }
            let (valid, hasValid) = (v ?? [], v != nil)
            let steps = level == 0 ? Swift.max(1, reach / factor) : 2
            let centre = (dx: best.dx / factor, dy: best.dy / factor)
            var bestError = Float.infinity
            let stride = Swift.max(1, p.width * p.height / 60_000)
            // (The normalising medians need far fewer samples than the search.)
            let sparse = Swift.max(1, p.width * p.height / 8_000)
            let scaleP = 1 / Swift.max(Keyer.median(Swift.stride(from: 0, to: m.count, by: sparse).filter { m[$0] > 0.9 }.map { p.plane[$0] }), 1e-6)
            let scaleC = 1 / Swift.max(Keyer.median(Swift.stride(from: 0, to: m.count, by: sparse)
                .filter { (hasValid ? valid : m)[$0] > 0.9 }.map { c.plane[$0] }), 1e-6)
            for dy in (centre.dy - steps)...(centre.dy + steps) {
                for dx in (centre.dx - steps)...(centre.dx + steps) {
                    var error: Float = 0, count: Float = 0
                    for i in Swift.stride(from: 0, to: m.count, by: stride) where m[i] > 0.9 {
                        let x = i % p.width - dx, y = i / p.width - dy
                        guard x >= 0, y >= 0, x < p.width, y < p.height, !hasValid || valid[y * p.width + x] > 0.9 else { continue }
                        error += abs(p.plane[i] * scaleP - c.plane[y * p.width + x] * scaleC)
                        count += 1
                    }
                    guard count > 50 else { continue }
                    if error / count < bestError { bestError = error / count; best = (dx * factor, dy * factor) }
                }
            }
        }
        return best
    }

    /// The backing from a clean plate: moved by `offset` (edges repeat), matched in exposure to the plate over
    /// `screen`, and averaged over the cells of the keyer's grid (which also averages its grain away).
    static func backing(clean: [[Float]], plate: [[Float]], screen: [Float], offset: (dx: Int, dy: Int), frame: Frame) -> GridField {
        let (w, h, n) = (frame.width, frame.height, frame.count)
        let moved = clean.map { plane in
            Planes.make(n, schedule: frame.schedule) { i in
                let x = Swift.min(Swift.max(i % w - offset.dx, 0), w - 1), y = Swift.min(Swift.max(i / w - offset.dy, 0), h - 1)
                return plane[y * w + x]
            }
        }
        let stride = Swift.max(1, n / 60_000)
        var size = (width: 0, height: 0)
        let grids = (0..<3).map { c -> [Float] in
            let ratios = Swift.stride(from: 0, to: n, by: stride).filter { screen[$0] > 0 && moved[c][$0] > 1e-5 }
                .map { plate[c][$0] / moved[c][$0] }
            let gain = ratios.count > 100 ? Keyer.median(ratios) : 1
            let grid = Planes.downsample(moved[c], width: w, height: h, factor: frame.cell, schedule: frame.schedule)
            size = (grid.width, grid.height)
            return grid.plane.map { $0 * gain }
        }
        return GridField(grids: grids, gridWidth: size.width, gridHeight: size.height, cell: frame.cell, width: w, height: h)
    }
}
