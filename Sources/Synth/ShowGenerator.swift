import BacklotCore
import Foundation

/// Renders the takes of a `ShowPlan`: every frame a pure function of the plan, the take and the frame.
public enum ShowGenerator {
    /// The true background of `setup` as its first take frames it, at exposure 1: the clean screen (or, on
    /// location, the backdrop).
    public static func background(of setup: ShowPlan.Setup, in plan: ShowPlan) -> Image {
        image(stage(setup, plan).crop(dx: 0, dy: 0), ["R", "G", "B"], plan)
    }

    /// The truth of `setup`'s grain: its background, and a flat mid-grey card, each with its camera's grain at
    /// its ISO (a grain the dailies never had: its own seed).
    public static func grainTruth(of setup: ShowPlan.Setup, in plan: ShowPlan) -> (grained: Image, greyCard: Image) {
        guard let camera = plan.camera(named: setup.camera) else { preconditionFailure("a setup of a camera the plan does not have") }
        let clean = background(of: setup, in: plan).planes
        let seed = SeededRandom.mix(plan.seed ^ 0x6A41_4E00 ^ UInt64(plan.setups.firstIndex(of: setup) ?? 0))
        let (field, card) = (camera.grain.field(width: plan.width, height: plan.height, seed: seed),
                             camera.grain.field(width: plan.width, height: plan.height, seed: seed &+ 1))
        func grained(_ planes: [[Float]], _ noise: [[Float]]) -> [[Float]] {
            (0..<3).map { c in
                zip(planes[c], noise[c]).map { v, z in v + camera.grain.variance(channel: c, at: v, iso: setup.iso).squareRoot() * z }
            }
        }
        let grey = [[Float]](repeating: [Float](repeating: 0.18, count: plan.width * plan.height), count: 3)
        return (image(grained(clean, field), ["R", "G", "B"], plan), image(grained(grey, card), ["R", "G", "B"], plan))
    }

    /// A take ready to render frame by frame (its background and subject are made once).
    public static func take(_ take: ShowPlan.Take, in plan: ShowPlan) -> TakeRenderer {
        guard let setup = plan.setup(named: take.setup), let camera = plan.camera(named: setup.camera) else {
            preconditionFailure("a take of a setup or camera the plan does not have")
        }
        let index = UInt64(plan.takes.firstIndex(of: take) ?? 0)
        let background = stage(setup, plan).crop(dx: take.offset[0], dy: take.offset[1])
        var rng = SeededRandom(seed: SeededRandom.mix(plan.seed &+ 0x51ED_2701 &* (index + 1)))
        var person = Canvas(width: plan.width, height: plan.height)
        var stage = Stage(width: plan.width, height: plan.height, rng: rng)
        // Wardrobe keeps the screens' colours off the cast: teal, red or grey shirts.
        stage.person(&person, hairDensity: 0.8, shirts: [1, 4, 5])
        // What else is on the stage, drifting the other way: smoke on the green stage, a glass on the blue one.
        var props = Canvas(width: plan.width, height: plan.height)
        switch setup.screen {
        case "green": stage.smoke(&props, small: true)
        case "blue": stage.glass(&props, small: true)
        default: break
        }
        rng = stage.rng
        return TakeRenderer(plan: plan, setup: setup, camera: camera, exposure: take.exposure,
                            background: background, person: person, props: props,
                            direction: index % 2 == 0 ? 1 : -1, noiseSeed: rng.next())
    }

    /// A setup's background over a margin wide enough for any camera nudge, so each take can be cut from it.
    private static func stage(_ setup: ShowPlan.Setup, _ plan: ShowPlan) -> Backdrop {
        let margin = max(1, Int((4 * Float(plan.height) / 1080).rounded()))
        let (w, h) = (plan.width + 2 * margin, plan.height + 2 * margin)
        let seed = SeededRandom.mix(plan.seed ^ UInt64(plan.setups.firstIndex(of: setup) ?? 0) &* 0x9E37_79B9)
        var rng = SeededRandom(seed: seed)
        let planes: [[Float]]
        if let screen = setup.screen.flatMap(ScreenColor.init(rawValue:)) {
            planes = Screen.render(width: w, height: h, colour: screen, unevenness: 2.5, rng: &rng)
        } else {
            // A location: the textured backdrop, half desaturated and warmed (brick, sand, a street), never screen-hued.
            let backdrop = PlateGenerator.newBackground(width: w, height: h, rng: &rng)
            let warm: [Float] = [1.1, 1.0, 0.8]
            planes = (0..<3).map { c in
                (0..<(w * h)).map { i in
                    let luma = 0.2126 * backdrop[0][i] + 0.7152 * backdrop[1][i] + 0.0722 * backdrop[2][i]
                    return 0.5 * backdrop[c][i] + 0.5 * luma * warm[c]
                }
            }
        }
        return Backdrop(planes: planes, width: w, margin: margin, plan: plan)
    }

    static func image(_ planes: [[Float]], _ names: [String], _ plan: ShowPlan) -> Image {
        Image(planes: planes, channels: names, dataWindow: PixelWindow(width: plan.width, height: plan.height),
              displayWindow: PixelWindow(width: plan.width, height: plan.height), colorSpace: .linearRec709, alpha: Optional.none)
    }

    /// A background larger than the frame by `margin` on every side.
    private struct Backdrop {
        let planes: [[Float]], width: Int, margin: Int, plan: ShowPlan

        /// The frame a camera nudged by `(dx, dy)` sees: its `(x, y)` is the unnudged frame's `(x - dx, y - dy)`.
        func crop(dx: Int, dy: Int) -> [[Float]] {
            let (w, h) = (plan.width, plan.height)
            let (ox, oy) = (margin - max(-margin, min(margin, dx)), margin - max(-margin, min(margin, dy)))
            return planes.map { plane in
                var out = [Float](repeating: 0, count: w * h)
                for y in 0..<h { for x in 0..<w { out[y * w + x] = plane[(y + oy) * width + x + ox] } }
                return out
            }
        }
    }
}

/// One take of a synthetic show, rendered a frame at a time.
public struct TakeRenderer: Sendable {
    let plan: ShowPlan, setup: ShowPlan.Setup, camera: ShowPlan.Camera, exposure: Float
    let background: [[Float]], person: Canvas, props: Canvas
    let direction: Float, noiseSeed: UInt64

    /// Frame `k` (from 0) of the take: the subject walks a third of the frame across, in front of the props
    /// drifting a fifth of it the other way; fresh noise every frame.
    public func frame(_ k: Int) -> SynthPlate {
        let n = max(1, plan.framesPerTake - 1)
        let t = Float(k) / Float(n) - 0.5
        let s = Float(plan.height) / 1080
        var canvas = props.shifted(by: SIMD2(-direction * t * 0.2 * Float(plan.width), 0))
        canvas.add(person.shifted(by: SIMD2(direction * t * 0.34 * Float(plan.width), 3 * s * sinf(Float(k) * 0.7))))
        let screen = setup.screen.flatMap(ScreenColor.init(rawValue:)) ?? .green
        let settings = SynthSettings(width: plan.width, height: plan.height, seed: plan.seed, scene: .hair, screen: screen,
                                     noise: camera.grain.sigma[1])
        var rng = SeededRandom(seed: noiseSeed &+ UInt64(k))
        return PlateGenerator.capture(canvas, background: background, settings: settings, spill: setup.screen == nil ? 0 : 0.12,
                                      exposure: exposure, noise: camera.grain.sigma[1], noiseSeed: noiseSeed &+ UInt64(k) &* 0x632B_E59B_D9B4_E019,
                                      rng: &rng, hintStyle: .roto, grain: (camera.grain, setup.iso))
    }
}
