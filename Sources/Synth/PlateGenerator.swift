import BacklotCore
import Foundation

/// Builds synthetic green- and blue-screen plates with exact ground truth.
///
/// Everything is composed in linear light: elements are layered back to front into a premultiplied
/// foreground, spill is added to what the camera sees (not to the truth), the screen goes behind, and
/// sensor noise is added last. The same settings always give the same plate.
public enum PlateGenerator {
    /// Synthesises the plate described by `settings`.
    public static func make(_ settings: SynthSettings, hintStyle: HintStyle? = nil) -> SynthPlate {
        let w = max(1, settings.width), h = max(1, settings.height)
        var rng = SeededRandom(seed: settings.seed &* 0x2545_F491_4F6C_DD1D ^ UInt64(SynthScene.allCases.firstIndex(of: settings.scene)!))
        let screenColour = settings.screenColor
        let background = Screen.render(width: w, height: h, colour: screenColour, rng: &rng)

        var canvas = Canvas(width: w, height: h)
        let stage = Stage(width: w, height: h, rng: rng)
        var spill: Float = 0.12
        var exposure: Float = 1
        var noise = settings.noise
        var builder = stage
        var extras = SceneExtras()
        switch settings.scene {
        case .solid: builder.solids(&canvas)
        case .hair: builder.person(&canvas, hairDensity: 1.0)
        case .motionBlur: builder.moving(&canvas)
        case .glass: builder.glass(&canvas)
        case .smoke: builder.smoke(&canvas)
        case .netting: builder.netting(&canvas)
        case .spill:
            builder.person(&canvas, hairDensity: 0.6)
            builder.solids(&canvas, count: 3)
            spill = 0.45
        case .darkNoisy:
            builder.person(&canvas, hairDensity: 0.6)
            builder.solids(&canvas, count: 2)
            exposure = 0.22
            noise *= 2.5
        case .blueScreen, .mixed:
            builder.person(&canvas, hairDensity: 0.7)
            builder.solids(&canvas, count: 2)
            builder.glass(&canvas, small: true)
            builder.netting(&canvas, small: true)
            builder.smoke(&canvas, small: true)
            builder.moving(&canvas, count: 1)
        default:
            extras = builder.seeThrough(settings.scene, into: &canvas, screen: screenColour.nominal)
        }
        rng = builder.rng
        return capture(canvas, background: background, settings: settings, spill: spill, exposure: exposure,
                       noise: noise, noiseSeed: rng.next(), rng: &rng, hintStyle: hintStyle ?? extras.hintStyle, extras: extras)
    }

    /// Frame `frame` (from 0) of a synthetic shot of `frames` frames, camera locked off: a person with hair
    /// swaying gently (a few pixels, sub-pixel steps, as a standing subject does) and a motion-blurred object
    /// crossing the frame, with fresh sensor noise in every frame. The hint is a coarse roto of each frame.
    public static func shotFrame(_ settings: SynthSettings, frame: Int, of frames: Int,
                                 hintStyle: HintStyle = .roto) -> SynthPlate {
        let w = max(1, settings.width), h = max(1, settings.height)
        var rng = SeededRandom(seed: settings.seed &* 0x9E37_79B9_7F4A_7C15)
        let background = Screen.render(width: w, height: h, colour: settings.screenColor, rng: &rng)
        var canvas = Canvas(width: w, height: h)
        var stage = Stage(width: w, height: h, rng: rng)
        var person = Canvas(width: w, height: h)
        stage.person(&person, hairDensity: 0.8)
        let t = Float(frame), s = Float(h) / 1080
        canvas.add(person.shifted(by: SIMD2(2.5 * s * sinf(2 * .pi * t / 40), 1.2 * s * sinf(2 * .pi * t / 57))))
        stage.crossing(&canvas, at: Float(frame) / Float(max(1, frames)), shutter: 0.5 / Float(max(1, frames)))
        rng = stage.rng
        let noiseSeed = rng.next() &+ UInt64(frame) &* 0x632B_E59B_D9B4_E019
        return capture(canvas, background: background, settings: settings, spill: 0.12, exposure: 1,
                       noise: settings.noise, noiseSeed: noiseSeed, rng: &rng, hintStyle: hintStyle)
    }

    /// What the camera records of `canvas` in front of `background`: spill near the subject's edges, then
    /// shot and read noise (white, or `grain` at an ISO); with the exact truth and a coarse hint.
    static func capture(_ canvas: Canvas, background: [[Float]], settings: SynthSettings, spill: Float, exposure: Float,
                        noise: Float, noiseSeed: UInt64, rng: inout SeededRandom, hintStyle: HintStyle?,
                        extras: SceneExtras = SceneExtras(), grain: (grain: CameraGrain, iso: Int)? = nil) -> SynthPlate {
        let w = canvas.width, h = canvas.height
        let screenColour = settings.screenColor
        let n = w * h
        let alpha = canvas.alpha.map { min(max($0, 0), 1) }
        var fg = [[Float]](repeating: [Float](repeating: 0, count: n), count: 3)
        let premult = [canvas.red, canvas.green, canvas.blue]
        for c in 0..<3 {
            for i in 0..<n where alpha[i] > 1e-6 { fg[c][i] = premult[c][i] / alpha[i] * exposure }
        }
        var bg = background.map { $0.map { $0 * exposure } }
        if let shadow = extras.shadow { bg = bg.map { plane in zip(plane, shadow).map { $0 * $1 } } }
        // What is seen through glass: the backing displaced (bilinear), where the scene refracts it.
        let seenBackground = extras.displacement.map { displaced(bg, by: $0, width: w, height: h) } ?? bg

        // Spill: screen light bouncing onto the subject, strongest near its edges.
        let proximity = Blur.gaussian(alpha, width: w, height: h, sigma: 30 * Float(h) / 1080)
        let key = screenColour == .green ? 1 : 2
        let others = [0, 1, 2].filter { $0 != key }
        var seen = fg
        for i in 0..<n where alpha[i] > 0 {
            let excess = max(0, bg[key][i] - max(bg[others[0]][i], bg[others[1]][i]))
            seen[key][i] += spill * (0.35 + 0.65 * (1 - proximity[i])) * excess
        }

        // What the camera records, plus shot and read noise: white, or the camera's own grain.
        var composite = (0..<3).map { _ in [Float](repeating: 0, count: n) }
        let field = grain.map { $0.grain.field(width: w, height: h, seed: noiseSeed) }
        for c in 0..<3 {
            for i in 0..<n {
                let v = alpha[i] * seen[c][i] + (1 - alpha[i]) * seenBackground[c][i]
                if let grain, let field {
                    composite[c][i] = v + grain.grain.variance(channel: c, at: v, iso: grain.iso).squareRoot() * field[c][i]
                } else {
                    let sigma = noise * (0.5 + (max(v, 0) / 0.18).squareRoot() * 0.5)
                    composite[c][i] = v + sigma * SeededRandom.gaussian(seed: noiseSeed, index: UInt64(c * n + i))
                }
            }
        }
        let style = hintStyle ?? HintStyle.usual[Int(rng.next() % 3)]
        let hint = Hint.make(alpha: extras.hintAlpha.map { $0.map { min(max($0, 0), 1) } } ?? alpha, width: w, height: h,
                             style: style, rng: &rng)

        func image(_ planes: [[Float]], _ names: [String]) -> Image {
            Image(planes: planes, channels: names, dataWindow: PixelWindow(width: w, height: h),
                  displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: Optional.none)
        }
        return SynthPlate(
            composite: image(composite, ["R", "G", "B"]),
            foreground: image(fg, ["R", "G", "B"]),
            alpha: image([alpha], ["A"]),
            background: image(bg, ["R", "G", "B"]),
            hint: image([hint], ["Y"]),
            newBackground: image(newBackground(width: w, height: h, rng: &rng), ["R", "G", "B"]),
            settings: settings)
    }

    /// A colourful textured backdrop for re-composites.
    static func newBackground(width: Int, height: Int, rng: inout SeededRandom) -> [[Float]] {
        let noise = ValueNoise(seed: rng.next())
        let s = Float(height) / 1080
        let a = SIMD3<Float>(rng.uniform(0.05...0.6), rng.uniform(0.05...0.6), rng.uniform(0.05...0.6))
        let b = SIMD3<Float>(rng.uniform(0.05...0.6), rng.uniform(0.05...0.6), rng.uniform(0.05...0.6))
        let n = width * height
        var out = (0..<3).map { _ in [Float](repeating: 0, count: n) }
        for y in 0..<height {
            for x in 0..<width {
                let t = Float(x) / Float(max(1, width - 1))
                let m = 1 + 0.4 * noise.fractal(Float(x) / (80 * s), Float(y) / (80 * s), octaves: 3)
                let c = (a * (1 - t) + b * t) * m
                let i = y * width + x
                out[0][i] = c.x
                out[1][i] = c.y
                out[2][i] = c.z
            }
        }
        return out
    }

    /// `planes` sampled `displacement` pixels away (bilinear, clamped at the frame's edges).
    static func displaced(_ planes: [[Float]], by displacement: (dx: [Float], dy: [Float]), width w: Int, height h: Int) -> [[Float]] {
        var out = planes
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                let (ddx, ddy) = (displacement.dx[i], displacement.dy[i])
                guard ddx != 0 || ddy != 0 else { continue }
                let sx = min(max(Float(x) + ddx, 0), Float(w - 1)), sy = min(max(Float(y) + ddy, 0), Float(h - 1))
                let x0 = Int(sx), y0 = Int(sy), x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
                let fx = sx - Float(x0), fy = sy - Float(y0)
                for c in 0..<planes.count {
                    let p = planes[c]
                    let top = p[y0 * w + x0] * (1 - fx) + p[y0 * w + x1] * fx
                    let bottom = p[y1 * w + x0] * (1 - fx) + p[y1 * w + x1] * fx
                    out[c][i] = top * (1 - fy) + bottom * fy
                }
            }
        }
        return out
    }
}
