import BacklotCore
import Testing
@testable import Synth

@Suite struct PlateGeneratorTests {
    @Test func sameSeedSamePlateOtherSeedOtherPlate() {
        let a = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 4, scene: .mixed))
        let b = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 4, scene: .mixed))
        let c = PlateGenerator.make(SynthSettings(width: 96, height: 54, seed: 5, scene: .mixed))
        #expect(a.composite.planes == b.composite.planes)
        #expect(a.hint.planes == b.hint.planes)
        #expect(a.composite.planes != c.composite.planes)
    }

    @Test(arguments: SynthScene.allCases)
    func truthIsConsistentWithTheCompositingEquation(_ scene: SynthScene) {
        // Without noise, composite = alpha * (fg + spill) + (1 - alpha) * bg, and spill only adds screen colour.
        let plate = PlateGenerator.make(SynthSettings(width: 240, height: 135, seed: 2, scene: scene, noise: 0))
        let n = plate.alpha.planeSize
        let key = plate.settings.screenColor == .green ? 1 : 2
        // Glass refracts: behind it the camera sees the screen displaced, which no (alpha, fg) pair over the
        // truth's background can say.
        let refracts = [SynthScene.tintedGlass, .clearPane].contains(scene)
        var fractional = 0
        for i in 0..<n {
            let a = plate.alpha.planes[0][i]
            #expect(a >= 0 && a <= 1)
            if a > 0.02 && a < 0.98 { fractional += 1 }
            if refracts && a > 0 { continue }
            for c in 0..<3 {
                let truth = a * plate.foreground.planes[c][i] + (1 - a) * plate.background.planes[c][i]
                let seen = plate.composite.planes[c][i]
                if c == key { #expect(seen >= truth - 1e-4) } else { #expect(abs(seen - truth) < 1e-4) }
            }
        }
        #expect(fractional > n / 500, "a keying plate needs semi-transparent pixels")
    }

    @Test func hintIsCoarseButOnTheSubject() {
        for style in HintStyle.usual {
            let plate = PlateGenerator.make(SynthSettings(width: 320, height: 180, seed: 1, scene: .hair), hintStyle: style)
            let alpha = plate.alpha.planes[0], hint = plate.hint.planes[0]
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
        for i in 0..<n where spill.alpha.planes[0][i] > 0.99 {
            excess += spill.composite.planes[1][i] - spill.foreground.planes[1][i]
        }
        #expect(excess > 1, "the subject is visibly green-spilled in the plate but not in the truth")
        let dark = PlateGenerator.make(SynthSettings(width: 200, height: 112, seed: 3, scene: .darkNoisy))
        let normal = PlateGenerator.make(SynthSettings(width: 200, height: 112, seed: 3, scene: .mixed))
        #expect(dark.background.planes.joined().reduce(0, +) < normal.background.planes.joined().reduce(0, +) * 0.4)
        let blue = PlateGenerator.make(SynthSettings(width: 64, height: 36, seed: 3, scene: .blueScreen))
        #expect(blue.background[10, 10, 2] > blue.background[10, 10, 1])
    }

    @Test func theLowResolutionHintMissesWhatASegmenterMisses() {
        let plate = PlateGenerator.make(SynthSettings(width: 480, height: 270, seed: 1, scene: .outsideHint))
        let alpha = plate.alpha.planes[0], hint = plate.hint.planes[0]
        // Visible subject (alpha > 0.2) that the hint leaves out: strands and blurred objects.
        let missed = alpha.indices.filter { alpha[$0] > 0.2 && hint[$0] < 0.5 }.count
        #expect(missed > 2000, "\(missed)")
        // The screen-shadow scene's shadows are in the background, not the alpha.
        let shadow = PlateGenerator.make(SynthSettings(width: 240, height: 135, seed: 1, scene: .screenShadow, noise: 0))
        let lit = shadow.background.planes[1].max()!
        #expect(shadow.background.planes[1].indices.contains { shadow.background.planes[1][$0] < 0.6 * lit && shadow.alpha.planes[0][$0] == 0 })
    }

    @Test func scalesToAnySize() {
        let tiny = PlateGenerator.make(SynthSettings(width: 1, height: 1, seed: 1, scene: .mixed))
        #expect(tiny.composite.width == 1)
        let odd = PlateGenerator.make(SynthSettings(width: 37, height: 211, seed: 1, scene: .netting))
        #expect(odd.alpha.width == 37 && odd.alpha.height == 211)
    }
}
