import BacklotCore
import Foundation

/// The unmixing keyer: from a plate and an optional coarse hint to a straight foreground and a linear alpha.
///
/// Stages (each timed in `KeyResult.timings`):
/// 1. **Screen model** – find the screen colour and interpolate the backing behind every pixel from the
///    visible screen (push–pull over a grid), so vignetting, gradients and wrinkles are keyed away.
/// 2. **Unmix** – alpha from the key difference against the *local* backing; the hint only says where the
///    subject may be (far outside it needs clear evidence, deep inside it greenish colours still count as
///    solid), so colour can overrule a hint that covers a net or a veil.
/// 3. **Refine** – edge-aware smoothing against sensor noise, clips, despeckle, edge shift.
/// 4. **Foreground** – exact unmix `F = B + (I − B) / α`, blended towards nearby solid colour where α is tiny.
/// 5. **Despill** – the key channel limited by the other two, sparing colours that are green by nature.
public enum Keyer {
    /// Keys `plate` (linear RGB, any extra channels ignored) with an optional `hint` (one channel, 0…1).
    ///
    /// - Parameters:
    ///   - garbage: Optional garbage matte: where it is below 0.5 the result is screen (alpha 0).
    ///   - core: Optional core (holdout) matte: where it is above 0.5 the result is solid subject (alpha 1).
    public static func key(
        _ plate: Image, hint: Image? = nil, garbage: Image? = nil, core: Image? = nil,
        settings: KeyerSettings = KeyerSettings()
    ) throws(KeyError) -> KeyResult {
        var clock = StageClock()
        var notes: [String] = []
        guard let r = plate.channelIndex("R"), let g = plate.channelIndex("G"), let b = plate.channelIndex("B") else {
            throw KeyError("the plate has no R, G and B channels (it has \(plate.channelNames.joined(separator: ", ")))")
        }
        let w = plate.width, h = plate.height, n = w * h
        let scale = Float(h) / 1080
        // Copy the colour planes, replacing NaN, infinities and absurd negatives (counted per chunk, in parallel).
        let bad = Counter()
        var rgb = [r, g, b].map { c -> [Float] in
            plate.pixels.withUnsafeBufferPointer { src in
                let base = UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress! + c * n))
                var out = [Float](repeating: 0, count: n)
                out.withUnsafeMutableBufferPointer { dst in
                    let d = UncheckedPointer(dst.baseAddress!)
                    Parallel.forChunks(n) { range in
                        var found = 0
                        for i in range {
                            let v = base.pointer[i]
                            if v.isFinite && v >= -1 { d.pointer[i] = v } else { d.pointer[i] = v == .infinity ? 65504 : 0; found += 1 }
                        }
                        if found > 0 { bad.add(found) }
                    }
                }
                return out
            }
        }
        if bad.value > 0 { notes.append("replaced \(bad.value) NaN, infinite or strongly negative sample\(bad.value == 1 ? "" : "s") in the plate") }

        var hintPlane: [Float]?
        if let hint {
            var hi = hint
            if hi.width != w || hi.height != h {
                notes.append("hint is \(hi.width)x\(hi.height), resampled to the plate's \(w)x\(h)")
                hi = hi.resized(width: w, height: h)
            }
            let c = hi.channelCount == 1 ? 0 : (hi.channelNames.firstIndex { !Image.isAlphaName($0) } ?? 0)
            let source = hi.plane(c)
            var p = Planes.make(n) { source[$0].isFinite ? Swift.min(Swift.max(source[$0], 0), 1) : 0 }
            if settings.hintFeather > 0 { p = Blur.gaussian(p, width: w, height: h, sigma: settings.hintFeather / 2) }
            if settings.hintGrow != 0 {
                p = Filters.morph(p.map { $0 > 0.5 ? 1 : 0 }, width: w, height: h, grow: Int(settings.hintGrow.rounded()))
            }
            let covered = p.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
            if covered == 0 { notes.append("the hint is all black: keying from colour alone") }
            else if covered == n { notes.append("the hint is all white: keying from colour alone") }
            hintPlane = (covered == 0 || covered == n) ? nil : p
        }

        // 1. Screen model.
        let detected = ScreenEstimator.detect(rgb: rgb, hint: hintPlane, setting: settings.screen)
        let key = detected.key
        let others = ScreenModel.others(of: key)
        let diff = Planes.make(n) { ScreenModel.difference(rgb[0][$0], rgb[1][$0], rgb[2][$0], key: key) }
        let screenGreenness = detected.colour[key] > 0 ? Swift.max(0.05, (detected.colour[key] - Swift.max(detected.colour[others.0], detected.colour[others.1])) / detected.colour[key]) : 0.5
        let cell = Swift.max(2, Int((4 * scale).rounded()))
        // Screen pixels: clearly screen-hued (any brightness, so markers and seams count) and outside the hint.
        var screenWeight = Planes.make(n) { i in
            if let hintPlane, hintPlane[i] >= 0.5 { return 0 }
            let k = rgb[key][i]
            return k > 1e-4 && diff[i] > 0.85 * screenGreenness * k ? 1 : 0
        }
        var fraction = screenWeight.reduce(0, +) / Float(n)
        if detected.fraction < 0.005 || fraction < 0.001 {
            notes.append("no \(key == 1 ? "green" : key == 2 ? "blue" : "key-coloured") screen found in the plate: alpha follows the hint")
            let alpha = hintPlane ?? [Float](repeating: 1, count: n)
            let model = ScreenModel(keyChannel: key, colour: detected.colour, backing: rgb.map { $0.map { _ in 0 } }, screenFraction: 0)
            return KeyResult(foreground: image(rgb, ["R", "G", "B"], like: plate), alpha: image([alpha], ["A"], like: plate),
                             screen: model, timings: clock.stages, notes: notes)
        }
        var backing = ScreenEstimator.backing(rgb: rgb, screenWeight: screenWeight, width: w, height: h, cell: cell)
        // Second pass: anything that unmixes to pure screen against that backing joins it (gaps in hair, inside the hint).
        var dB = Planes.make(n) { ScreenModel.difference(backing[0][$0], backing[1][$0], backing[2][$0], key: key) }
        screenWeight = Planes.make(n) { i in
            let k = rgb[key][i]
            let hued = k > 1e-4 && diff[i] > 0.85 * screenGreenness * k
            return hued && diff[i] > 0.97 * dB[i] ? 1 : screenWeight[i]
        }
        fraction = screenWeight.reduce(0, +) / Float(n)
        backing = ScreenEstimator.backing(rgb: rgb, screenWeight: screenWeight, width: w, height: h, cell: cell)
        dB = Planes.make(n) { ScreenModel.difference(backing[0][$0], backing[1][$0], backing[2][$0], key: key) }
        let model = ScreenModel(keyChannel: key, colour: detected.colour, backing: backing, screenFraction: fraction)
        clock.mark("screen model")

        // 2. Unmix: alpha from the key difference against the local backing.
        let floor = 0.02 * Swift.max(detected.colour[key], 1e-3)
        var alpha = Planes.make(n) { i in
            let d = Swift.max(dB[i], floor)
            var a = 1 - diff[i] / d
            // A pixel much brighter than the screen behind it is mostly subject (an HDR highlight with a
            // tint of the key colour is not a transparent one): the foreground may not exceed 1.05x the
            // pixel's own luminance unless it stays below 1.
            let li = 0.2126 * rgb[0][i] + 0.7152 * rgb[1][i] + 0.0722 * rgb[2][i]
            let lb = 0.2126 * backing[0][i] + 0.7152 * backing[1][i] + 0.0722 * backing[2][i]
            if li > lb { a = Swift.max(a, (li - lb) / Swift.max(Swift.max(1.05 * li, 1) - lb, 1e-3)) }
            return Swift.min(Swift.max(a, 0), 1)
        }
        // Noise level of alpha on the screen (robust: median absolute deviation).
        var screenAlpha: [Float] = []
        let step = Swift.max(1, n / 100_000)
        for i in stride(from: 0, to: n, by: step) where screenWeight[i] > 0 { screenAlpha.append(1 - diff[i] / Swift.max(dB[i], floor)) }
        let centre = median(screenAlpha)
        let sigma = screenAlpha.isEmpty ? 0.01 : 1.4826 * median(screenAlpha.map { abs($0 - centre) })
        // Without a hint, make one from the colour evidence, as a user's quick roto would be: every region
        // the key difference calls mostly subject, with its gaps closed.
        let regionHint = hintPlane ?? autoHint(alpha: alpha, width: w, height: h, cell: cell)
        do {
            let hintPlane = regionHint
            let tolerance = settings.hintTolerance * scale
            let grid = Planes.downsample(hintPlane.map { $0 > 0.5 ? 1 : 0 }, width: w, height: h, factor: cell)
            let spread = Blur.gaussian(grid.plane, width: grid.width, height: grid.height, sigma: tolerance / 2 / Float(cell))
            let reach = Planes.upsample(spread, gridWidth: grid.width, gridHeight: grid.height, factor: cell, width: w, height: h)
            // Local mean and spread of alpha: a solid greenish surface is uniform, hair and nets are not.
            let window = Swift.max(1, Int(3 * scale))
            let smoothAlpha = Blur.box(alpha, width: w, height: h, radius: window)
            let smoothSquare = Blur.box(Planes.make(n) { alpha[$0] * alpha[$0] }, width: w, height: h, radius: window)
            let farClip = Swift.max(0.12, 4 * sigma)
            alpha = Planes.make(n) { i in
                let a = alpha[i]
                let near = Float.smoothstep(0.005, 0.03, reach[i])
                let core = Float.smoothstep(0.95, 0.99, reach[i])
                // Far outside the hint only clear evidence counts.
                var out = near * a + (1 - near) * (a > farClip ? a : 0)
                // Deep inside, uniform colours that merely lean towards the screen are solid. Smoke, glass and
                // veils are uniform too, but they add light to the screen behind them: a surface brighter than
                // its backing is left to the unmix.
                // (The variance sensor noise adds is taken out, so a noisy plate's surfaces still look uniform.)
                let spread = Swift.max(0, smoothSquare[i] - smoothAlpha[i] * smoothAlpha[i] - sigma * sigma).squareRoot()
                let li = 0.2126 * rgb[0][i] + 0.7152 * rgb[1][i] + 0.0722 * rgb[2][i]
                let lb = 0.2126 * backing[0][i] + 0.7152 * backing[1][i] + 0.0722 * backing[2][i]
                let solid = Float.smoothstep(0.15, 0.35, smoothAlpha[i]) * (1 - Float.smoothstep(0.06, 0.15, spread))
                    * (1 - Float.smoothstep(1.0, 1.15, li / Swift.max(lb, 1e-4)))
                out = Swift.max(out, core * solid)
                return out
            }
        }
        // Twice: pixels made solid by the first pass show the subject's colour to their neighbours in the second.
        for _ in 0..<2 {
            alpha = unmixAlongLocalForeground(alpha: alpha, rgb: rgb, backing: backing, width: w, height: h, cell: cell)
        }
        clock.mark("unmix")

        // 3. Refine.
        if settings.denoise > 0 && sigma > 0.004 {
            let radius = Swift.max(1, Int((2 * scale * settings.denoise).rounded()))
            let eps = Swift.max(1e-5, 4 * sigma * sigma * settings.denoise)
            let smoothed = Filters.guidedSelf(alpha, width: w, height: h, radius: radius, eps: eps, subsample: scale > 1.5 ? 2 : 1)
            alpha = Planes.make(n) { i in
                // Keep exact 0 and 1 where the unmix was certain.
                alpha[i] <= 0 || alpha[i] >= 1 ? alpha[i] : smoothed[i]
            }
        }
        let black = Swift.max(settings.clipBlack, 2.5 * sigma), white = Swift.min(settings.clipWhite, 1 - 2.5 * sigma)
        alpha = Planes.make(n) { i in
            let a = alpha[i]
            if a <= black { return 0 }
            if a >= white { return 1 }
            return a
        }
        if settings.edgeShift != 0 {
            alpha = Filters.morph(alpha, width: w, height: h, grow: Int(settings.edgeShift.rounded()))
        }
        let minArea = Int(Float(settings.despeckleArea) * Swift.max(1, scale * scale))
        _ = Filters.despeckle(&alpha, width: w, height: h, minArea: minArea)
        if let garbage {
            let m = mattePlane(garbage, width: w, height: h, name: "garbage matte", notes: &notes)
            alpha = Planes.make(n) { m[$0] < 0.5 ? 0 : alpha[$0] }
        }
        if let core {
            let m = mattePlane(core, width: w, height: h, name: "core matte", notes: &notes)
            alpha = Planes.make(n) { m[$0] > 0.5 ? 1 : alpha[$0] }
        }
        clock.mark("refine")

        // 4. Foreground: exact unmix, steadied where alpha is tiny by the colour of nearby solid pixels.
        // The exact unmix, then a smooth field of it weighted by alpha² (solid pixels speak loudest), which
        // steadies it where alpha is tiny and fills it where alpha is 0, so edges never fringe to black.
        var fg = (0..<3).map { c in
            Planes.make(n) { i in
                let a = alpha[i]
                return a > 0 ? Swift.max(0, backing[c][i] + (rgb[c][i] - backing[c][i]) / Swift.max(a, 1e-3)) : 0
            }
        }
        let weight = Planes.make(n) { alpha[$0] * alpha[$0] }
        let nearby = ScreenEstimator.backing(rgb: fg, screenWeight: weight, width: w, height: h, cell: cell)
        for c in 0..<3 {
            fg[c] = Planes.make(n) { i in
                let t = Float.smoothstep(0.01, 0.2, alpha[i])
                return t * fg[c][i] + (1 - t) * nearby[c][i]
            }
        }
        clock.mark("foreground")

        // 5. Despill.
        if settings.despillStrength > 0 {
            Despill.apply(&fg, alpha: alpha, backingDifference: dB, key: key, settings: settings)
        }
        clock.mark("despill")
        rgb = []
        return KeyResult(foreground: image(fg, ["R", "G", "B"], like: plate), alpha: image([alpha], ["A"], like: plate),
                         screen: model, timings: clock.stages, notes: notes)
    }

    private static func image(_ planes: [[Float]], _ names: [String], like plate: Image) -> Image {
        Image(dataWindow: plate.dataWindow, displayWindow: plate.displayWindow, channels: names,
              pixels: planes.flatMap { $0 }, colorSpace: plate.colorSpace, alpha: Optional.none)
    }

    /// Where nearby solid pixels show what the subject looks like, a pixel lying on the line from its backing
    /// to that colour is unmixed along that line. This recovers subjects whose colour leans towards the
    /// screen (olive, teal, green-tinted glass), which the key difference alone takes for transparency;
    /// pixels off the line (hair over a skin-coloured neighbour) keep their key-difference alpha.
    static func unmixAlongLocalForeground(alpha: [Float], rgb: [[Float]], backing: [[Float]], width w: Int, height h: Int, cell: Int) -> [Float] {
        let n = w * h
        // Seeds: solid pixels of ordinary brightness (a specular highlight says nothing about the surface).
        let solid = Planes.make(n) { i in
            alpha[i] >= 0.95 && Swift.max(rgb[0][i], rgb[1][i], rgb[2][i]) <= 1 ? 1 : 0
        }
        guard solid.contains(1) else { return alpha }
        let local = ScreenEstimator.backing(rgb: rgb, screenWeight: solid, width: w, height: h, cell: cell)
        return Planes.make(n) { i in
            let a = alpha[i]
            guard a < 0.995, a > 0 else { return a }
            let v = SIMD3(local[0][i] - backing[0][i], local[1][i] - backing[1][i], local[2][i] - backing[2][i])
            let u = SIMD3(rgb[0][i] - backing[0][i], rgb[1][i] - backing[1][i], rgb[2][i] - backing[2][i])
            let vv = (v * v).sum()
            guard vv > 1e-5 else { return a }
            let t = Swift.min(Swift.max((u * v).sum() / vv, 0), 1)
            let r = u - t * v
            let confidence = expf(-(r * r).sum() / (0.0225 * Swift.min(vv, 0.25)))
            return a + confidence * (t - a)
        }
    }

    /// A coarse subject mask from alpha alone: cells that are largely subject, closed over a few cells.
    static func autoHint(alpha: [Float], width w: Int, height h: Int, cell: Int) -> [Float] {
        let grid = Planes.downsample(Planes.make(w * h) { alpha[$0] > 0.3 ? 1 : 0 }, width: w, height: h, factor: cell)
        let closed = Blur.gaussian(grid.plane.map { $0 > 0.3 ? 1 : 0 }, width: grid.width, height: grid.height, sigma: 2)
        let mask = Planes.upsample(closed.map { $0 > 0.35 ? 1 : 0 }, gridWidth: grid.width, gridHeight: grid.height,
                                   factor: cell, width: w, height: h)
        return mask
    }

    /// The first non-alpha channel of a user matte (or its alpha if that is all it has), at the plate's size.
    private static func mattePlane(_ matte: Image, width: Int, height: Int, name: String, notes: inout [String]) -> [Float] {
        var m = matte
        if m.width != width || m.height != height {
            notes.append("\(name) is \(m.width)x\(m.height), resampled to the plate's \(width)x\(height)")
            m = m.resized(width: width, height: height)
        }
        let c = m.channelCount == 1 ? 0 : (m.alphaIndex ?? m.channelNames.firstIndex { !Image.isAlphaName($0) } ?? 0)
        return m.plane(c)
    }

    private static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        return values.sorted()[values.count / 2]
    }
}

/// A count shared by parallel chunks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ k: Int) { lock.withLock { total += k } }
    var value: Int { lock.withLock { total } }
}

/// Measures the wall time of consecutive stages.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var stages: [(stage: String, seconds: Double)] = []

    mutating func mark(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append((stage, Double(now - last) / 1e9))
        last = now
    }
}
