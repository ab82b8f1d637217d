import BacklotCore
import Testing
@testable import Synth

@Suite struct PlateGeneratorTests {
    @Test func sameSeedSamePlateOtherSeedOtherPlate() {
        let a = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 4, scene: .mixed))
        let b = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 4, scene: .mixed))
        let c = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 5, scene: .mixed))
        #expect(a.composite.pixels == b.composite.pixels)
        #expect(a.hint.pixels == b.hint.pixels)
        #expect(a.composite.pixels != c.composite.pixels)
    }

    @Test(arguments: SynthScene.allCases)
    func truthIsConsistentWithTheCompositingEquation(_ scene: SynthScene) {
        // Without noise, composite = alpha * (fg + spill) + (1 - alpha) * bg, and spill only adds screen colour.
        let plate = PlateGenerator.make(SynthSettings(width: 240, height: 135, seed: 2, scene: scene, noise: 0))
        let n = plate.alpha.planeSize
        let key = plate.settings.screenColor == .green ? 1 : 2
        var fractional = 0
        for i in 0..<n {
            let a = plate.alpha.pixels[i]
            #expect(a >= 0 && a <= 1)
            if a > 0.02 && a < 0.98 { fractional += 1 }
            for c in 0..<3 {
                let truth = a * plate.foreground.pixels[c * n + i] + (1 - a) * plate.background.pixels[c * n + i]
                let seen = plate.composite.pixels[c * n + i]
                if c == key { #expect(seen >= truth - 1e-4) } else { #expect(abs(seen - truth) < 1e-4) }
            }
        }
        #expect(fractional > n / 500, "a keying plate needs semi-transparent pixels")
    }

    @Test func hintIsCoarseButOnTheSubject() {
        for style in HintStyle.allCases {
            let plate = PlateGenerator.make(SynthSettings(width: 320, height: 180, seed: 1, scene: .hair), hintStyle: style)
            let alpha = plate.alpha.pixels, hint = plate.hint.pixels
            var agree = 0, wrongInside = 0, wrongOutside = 0
            for i in alpha.indices {
                let h = hint[i] > 0.5, a = alpha[i] > 0.5
                if h == a { agree += 1 } else if h { wrongOutside += 1 } else { wrongInside += 1 }
            }
            // Mostly right, but wrong in both directions (too large and too small in places).
            #expect(Double(agree) / Double(alpha.count) > 0.85, "\(style)")
            #expect(wrongInside > 0 && wrongOutside > 0, "\(style)")
        }
    }

    @Test func spillAndDarkPlatesDifferAsDescribed() {
        let spill = PlateGenerator.make(SynthSettings(width: 200, height: 112, seed: 3, scene: .spill, noise: 0))
        let n = spill.alpha.planeSize
        var excess: Float = 0
        for i in 0..<n where spill.alpha.pixels[i] > 0.99 {
            excess += spill.composite.pixels[n + i] - spill.foreground.pixels[n + i]
        }
        #expect(excess > 1, "the subject is visibly green-spilled in the plate but not in the truth")
        let dark = PlateGenerator.make(SynthSettings(width: 200, height: 112, seed: 3, scene: .darkNoisy))
        let normal = PlateGenerator.make(SynthSettings(width: 200, height: 112, seed: 3, scene: .mixed))
        #expect(dark.background.pixels.reduce(0, +) < normal.background.pixels.reduce(0, +) * 0.4)
        let blue = PlateGenerator.make(SynthSettings(width: 64, height: 36, seed: 3, scene: .blueScreen))
        #expect(blue.background[10, 10, 2] > blue.background[10, 10, 1])
    }

    @Test func scalesToAnySize() {
        let tiny = PlateGenerator.make(SynthSettings(width: 1, height: 1, seed: 1, scene: .mixed))
        #expect(tiny.composite.width == 1)
        let odd = PlateGenerator.make(SynthSettings(width: 37, height: 211, seed: 1, scene: .netting))
        #expect(odd.alpha.width == 37 && odd.alpha.height == 211)
    }
}
