import BacklotCore
import Testing

@Suite struct GuidedFilterTests {
    @Test func smoothsNoiseKeepsEdges() {
        let w = 64, h = 16
        var rng = SystemRandomNumberGenerator()
        let p = (0..<(w * h)).map { i -> Float in (i % w < 32 ? 0.2 : 0.9) + Float.random(in: -0.02...0.02, using: &rng) }
        let q = GuidedFilter.selfGuided(p, width: w, height: h, radius: 3, eps: 0.001)
        let noiseBefore = (0..<10).map { abs(p[8 * w + 10 + $0] - 0.2) }.reduce(0, +)
        let noiseAfter = (0..<10).map { abs(q[8 * w + 10 + $0] - 0.2) }.reduce(0, +)
        #expect(noiseAfter < noiseBefore * 0.6)
        #expect(q[8 * w + 29] < 0.3 && q[8 * w + 34] > 0.8)
    }
}
