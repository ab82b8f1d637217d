import BacklotCore
import Keying
import Metrics
import Synth
import Testing

/// Temporal steadying on a moving synthetic shot: less flicker, no smear.
@Suite struct TemporalSteadyingTests {
    @Test func noiseEstimateFollowsTheTrueNoise() {
        for sigma: Float in [0.002, 0.01, 0.05] {
            let w = 200, h = 150
            let plane = (0..<(w * h)).map { i in 0.3 + sigma * SeededRandom.gaussian(seed: 7, index: UInt64(i)) }
            let estimate = TemporalSteadying.noiseSigma(plane, width: w, height: h)
            #expect(abs(estimate - sigma) < 0.1 * sigma, "σ \(sigma) estimated as \(estimate)")
        }
    }

    @Test func staticPixelsAreAveragedAndMovingOnesKept() {
        let w = 64, h = 64, n = w * h
        func frame(_ k: Int, edgeAt x0: Int) -> Image {
            var img = Image(width: w, height: h, channels: ["R", "G", "B"])
            for c in 0..<3 {
                for i in 0..<n {
                    let base: Float = (i % w) < x0 ? 0.8 : 0.2
                    img.planes[c][i] = base + 0.01 * SeededRandom.gaussian(seed: UInt64(k), index: UInt64(c * n + i))
                }
            }
            return img
        }
        // The edge moves 8 px between frames: where a neighbour differs, its value must not leak in
        // (a pixel may still be averaged with the neighbour that agrees with it).
        let centre = frame(1, edgeAt: 32)
        let out = TemporalSteadying.steady(centre, neighbours: [frame(0, edgeAt: 24), frame(2, edgeAt: 40)])
        var staticError = 0.0, staticBefore = 0.0
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                if x >= 24 && x < 40 {
                    let own: Float = x < 32 ? 0.8 : 0.2
                    #expect(abs(out.planes[0][i] - own) < 0.05, "moved pixel (\(x), \(y)) was blended: \(out.planes[0][i])")
                } else if x < 20 || x > 46 {
                    let truth: Float = x < 24 ? 0.8 : 0.2
                    staticError += Double((out.planes[0][i] - truth) * (out.planes[0][i] - truth))
                    staticBefore += Double((centre.planes[0][i] - truth) * (centre.planes[0][i] - truth))
                }
            }
        }
        // Three frames averaged: noise variance falls to about a third.
        #expect(staticError < 0.45 * staticBefore, "static noise \(staticError) vs \(staticBefore)")
    }

    @Test func steadiedShotFlickersLessWithoutLosingAccuracy() throws {
        let frames = 8
        let settings = SynthSettings(width: 320, height: 180, seed: 3, scene: .hair, noise: 0.01)
        let plates = (0..<frames).map { PlateGenerator.shotFrame(settings, frame: $0, of: frames) }
        var perFrame = TemporalScorer(), steadied = TemporalScorer()
        for k in 0..<frames {
            let neighbours = [k - 1, k + 1].filter { (0..<frames).contains($0) }.map { plates[$0].composite }
            let plain = try Keyer.key(plates[k].composite, hint: plates[k].hint)
            let steady = try Keyer.key(plates[k].composite, hint: plates[k].hint,
                                       steadied: TemporalSteadying.steady(plates[k].composite, neighbours: neighbours))
            perFrame.add(alpha: plain.alpha.planes[0], truth: plates[k].alpha.planes[0])
            steadied.add(alpha: steady.alpha.planes[0], truth: plates[k].alpha.planes[0])
        }
        let a = perFrame.score, b = steadied.score
        print("dtSSD per frame \(a.dtSSD) steadied \(b.dtSSD); SAD \(a.meanSAD) vs \(b.meanSAD)")
        #expect(b.dtSSD < 0.9 * a.dtSSD, "dtSSD \(b.dtSSD) vs per-frame \(a.dtSSD)")
        #expect(b.meanSAD < 1.05 * a.meanSAD, "SAD \(b.meanSAD) vs per-frame \(a.meanSAD)")
    }
}
