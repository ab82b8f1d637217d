import BacklotCore
import Foundation
import Keying
import Synth
import Testing

/// Smoke, glass, subjects outside the hint, clean plates, shadows on the screen, letterboxes and plates
/// without a screen: the see-through generators' plates and hand-made ones.
@Suite struct SeeThroughTests {
    func plate(_ scene: SynthScene, seed: UInt64 = 3) -> SynthPlate {
        PlateGenerator.make(SynthSettings(width: 480, height: 270, seed: seed, scene: scene))
    }

    /// Mean of `values` over the pixels where `mask` holds, and how many there were.
    func mean(_ values: [Float], where mask: (Int) -> Bool) -> (Float, Int) {
        var sum: Float = 0, count = 0
        for i in values.indices where mask(i) { sum += values[i]; count += 1 }
        return (count > 0 ? sum / Float(count) : 0, count)
    }

    @Test func thinSmokeIsThinAndNotGreen() throws {
        let p = plate(.smokeVolume)
        let result = try Keyer.key(p.composite, hint: p.hint)
        let truth = p.alpha.planes[0], alpha = result.alpha.planes[0], fg = result.foreground.planes
        // Thin smoke over the screen: the plumes' faint parts, away from the person (whose truth is 1).
        let thin: (Int) -> Bool = { truth[$0] > 0.1 && truth[$0] < 0.45 }
        let (keyed, count) = mean(alpha, where: thin)
        let (real, _) = mean(truth, where: thin)
        #expect(count > 500)
        #expect(keyed < 0.6, "thin smoke (true alpha \(real)) keyed at \(keyed)")
        #expect(abs(keyed - real) < 0.12, "thin smoke (true alpha \(real)) keyed at \(keyed)")
        // Its colour is the smoke's (grey), not the screen's.
        let (greenExcess, _) = mean(fg[1].indices.map { fg[1][$0] - max(fg[0][$0], fg[2][$0]) }, where: { thin($0) && alpha[$0] > 0.05 })
        #expect(greenExcess < 0.03, "thin smoke keeps a green cast of \(greenExcess)")
    }

    @Test func tintedBottlesAreNotOpaque() throws {
        let p = plate(.tintedGlass)
        let result = try Keyer.key(p.composite, hint: p.hint)
        let truth = p.alpha.planes[0]
        let glass: (Int) -> Bool = { truth[$0] > 0.2 && truth[$0] < 0.55 }
        let (keyed, count) = mean(result.alpha.planes[0], where: glass)
        #expect(count > 500)
        #expect(keyed < 0.8, "tinted glass of true alpha 0.2–0.55 keyed at \(keyed)")
        // The highlight above 1 survives in the foreground.
        #expect(result.foreground.planes[0].max()! > 1)
    }

    @Test func blurredObjectsOutsideTheHintAreKept() throws {
        let p = plate(.outsideHint)
        let hint = p.hint.planes[0]
        let w = p.hint.width, h = p.hint.height
        // Far from the hint: at least 40 pixels from any of it.
        let near = Blur.box(hint.map { $0 > 0.5 ? 1 : 0 }, width: w, height: h, radius: 40)
        let truth = p.alpha.planes[0]
        let outside: (Int) -> Bool = { near[$0] == 0 && truth[$0] > 0.3 }
        let result = try Keyer.key(p.composite, hint: p.hint)
        let (keyed, count) = mean(result.alpha.planes[0], where: outside)
        let (real, _) = mean(truth, where: outside)
        #expect(count > 200, "the scene has blurred objects outside the hint")
        // Kept (the build before dropped them: alpha 0), though still keyed thinner than they are.
        #expect(keyed > 0.45 * real, "objects outside the hint (true alpha \(real)) keyed at \(keyed)")
    }

    /// Dark smoke over a screen with a hot spot, inside the hint: a darkened screen that is not a shadow (the
    /// hint says something is there) and not a solid (it unmixes to a grey), so its alpha is its density, read
    /// against the hot spot the screen has behind it (not the dimmer screen around it).
    @Test func darkSmokeInsideTheHintIsItsDensity() throws {
        let (w, h) = (320, 180)
        var plate = [[Float]](repeating: [Float](repeating: 0, count: w * h), count: 3)
        var hint = [Float](repeating: 0, count: w * h)
        let green: SIMD3<Float> = [0.06, 0.38, 0.09], smoke: SIMD3<Float> = [0.03, 0.03, 0.033]
        let inside: (Int, Int) -> Bool = { x, y in (110..<210).contains(x) && (50..<130).contains(y) }
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                let (u, v) = (Float(x) / Float(w) * 2 - 1, Float(y) / Float(h) * 2 - 1)
                let light = 1.15 - 0.35 * (u * u + v * v)
                let a: Float = inside(x, y) ? 0.35 : 0
                hint[i] = (90..<230).contains(x) && (30..<150).contains(y) ? 1 : 0
                for c in 0..<3 { plate[c][i] = a * smoke[c] + (1 - a) * green[c] * light }
            }
        }
        func image(_ planes: [[Float]], _ names: [String]) -> Image {
            Image(planes: planes, channels: names, dataWindow: PixelWindow(width: w, height: h),
                  displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: nil)
        }
        let result = try Keyer.key(image(plate, ["R", "G", "B"]), hint: image([hint], ["Y"]))
        let (keyed, count) = mean(result.alpha.planes[0], where: { inside($0 % w, $0 / w) })
        #expect(count == 8000)
        #expect(abs(keyed - 0.35) < 0.05, "dark smoke of density 0.35 keyed at \(keyed)")
    }

    /// A screen with strong fine folds behind a large grey veil: interpolated from around the veil the folds
    /// are lost; a clean plate knows them.
    @Test func aCleanPlateImprovesAnUnevenScreen() throws {
        let (w, h) = (320, 180)
        var screen = [[Float]](repeating: [Float](repeating: 0, count: w * h), count: 3)
        var plate = screen, truth = [Float](repeating: 0, count: w * h)
        let green: SIMD3<Float> = [0.06, 0.38, 0.09], veil: SIMD3<Float> = [0.5, 0.5, 0.5]
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                let fold = 1 + 0.3 * sinf(Float(x) / 5 + Float(y) / 9)
                let a: Float = (100..<220).contains(x) && (40..<140).contains(y) ? 0.35 : 0
                truth[i] = a
                for c in 0..<3 {
                    screen[c][i] = green[c] * fold
                    plate[c][i] = a * veil[c] + (1 - a) * screen[c][i]
                }
            }
        }
        func image(_ planes: [[Float]]) -> Image {
            Image(planes: planes, channels: ["R", "G", "B"], dataWindow: PixelWindow(width: w, height: h),
                  displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: nil)
        }
        func error(_ r: KeyResult) -> Float { zip(r.alpha.planes[0], truth).map { abs($0 - $1) }.reduce(0, +) }
        let without = error(try Keyer.key(image(plate)))
        // The clean plate was shot with the camera nudged by a few pixels: it is lined up first.
        let nudged = screen.map { plane in (0..<(w * h)).map { i in plane[(i / w) * w + min(w - 1, i % w + 3)] } }
        let cleanResult = try Keyer.key(image(plate), cleanPlate: image(nudged))
        let with = error(cleanResult)
        #expect(with < 0.4 * without, "SAD with the clean plate \(with), without \(without)")
        #expect(cleanResult.notes.contains { $0.contains("clean plate moved by") })
        let small = Image(planes: [[0], [0], [0]], channels: ["R", "G", "B"], dataWindow: PixelWindow(width: 1, height: 1),
                          displayWindow: PixelWindow(width: 1, height: 1), colorSpace: .linearRec709, alpha: nil)
        #expect(throws: KeyError.self) { try Keyer.key(image(plate), cleanPlate: small) }
    }

    @Test func shadowsOnTheScreenAreScreenWithTheirOwnPass() throws {
        let p = plate(.screenShadow, seed: 1)
        let result = try Keyer.key(p.composite, hint: p.hint, shadowPass: true)
        let shadow = try #require(result.shadow).planes[0]
        let truth = p.alpha.planes[0], alpha = result.alpha.planes[0]
        // Where the screen is clearly darker than around it (the truth's background knows; vignetting varies
        // too slowly to count) and nothing is in front.
        let bg = p.background.planes[1]
        let around = Morphology.grow(bg, width: p.alpha.width, height: p.alpha.height, by: 30)
        let shaded: (Int) -> Bool = { truth[$0] == 0 && bg[$0] < 0.7 * around[$0] }
        let (matte, count) = mean(alpha, where: shaded)
        let (density, _) = mean(shadow, where: shaded)
        #expect(count > 300)
        #expect(matte < 0.05, "a shadow on the screen is keyed at \(matte)")
        #expect(density > 0.08, "the shadow pass says \(density) where the screen is in shadow")
        let (clear, _) = mean(shadow, where: { truth[$0] == 0 && bg[$0] > 0.97 * around[$0] })
        #expect(clear < 0.02 && clear < density / 4, "the shadow pass says \(clear) on lit screen, \(density) in shadow")
    }

    @Test func letterboxBarsAreTransparentAndSaid() throws {
        var p = plate(.solid).composite
        for c in 0..<3 { for i in 0..<(20 * p.width) { p.planes[c][i] = 0; p.planes[c][p.planeSize - 1 - i] = 0 } }
        let result = try Keyer.key(p)
        #expect(result.alpha.planes[0].prefix(20 * p.width).allSatisfy { $0 == 0 })
        #expect(result.alpha.planes[0].suffix(20 * p.width).allSatisfy { $0 == 0 })
        #expect(result.notes.contains { $0.contains("black borders (20 rows at the top, 20 rows at the bottom)") })
        var strict = KeyerSettings()
        strict.strict = true
        #expect(throws: KeyError.self) { try Keyer.key(p, settings: strict) }
    }

    @Test func aPlateWithoutAScreenIsSaidNotKeyedIntoPatches() throws {
        // A natural background: browns, greys and foliage greens varying over the frame.
        let (w, h) = (320, 180)
        let noise = ValueNoise(seed: 9)
        var planes = [[Float]](repeating: [Float](repeating: 0, count: w * h), count: 3)
        for i in 0..<(w * h) {
            let (x, y) = (Float(i % w) / 40, Float(i / w) / 40)
            let t = 0.5 + 0.5 * noise.fractal(x, y, octaves: 4)
            let foliage: SIMD3<Float> = [0.05, 0.12, 0.03], bark: SIMD3<Float> = [0.2, 0.12, 0.07], sky: SIMD3<Float> = [0.5, 0.55, 0.6]
            let c = t < 0.5 ? foliage + (bark - foliage) * (2 * t) : bark + (sky - bark) * (2 * t - 1)
            for k in 0..<3 { planes[k][i] = c[k] }
        }
        let image = Image(planes: planes, channels: ["R", "G", "B"], dataWindow: PixelWindow(width: w, height: h),
                          displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: nil)
        var hintPlane = [Float](repeating: 0, count: w * h)
        for i in hintPlane.indices where (120..<200).contains(i % w) && i / w > 60 { hintPlane[i] = 1 }
        let hint = Image(planes: [hintPlane], channels: ["Y"], dataWindow: PixelWindow(width: w, height: h),
                         displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: nil)
        let result = try Keyer.key(image, hint: hint)
        #expect(result.notes.contains { $0.contains("no green screen found") })
        // Nothing far outside the hint becomes subject.
        #expect(result.alpha.planes[0].indices.allSatisfy { hintPlane[$0] > 0.5 || result.alpha.planes[0][$0] < 0.5 })
        var strict = KeyerSettings()
        strict.strict = true
        #expect(throws: KeyError.self) { try Keyer.key(image, hint: hint, settings: strict) }
    }
}
