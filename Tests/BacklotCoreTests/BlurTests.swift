import BacklotCore
import Testing

@Suite struct BlurTests {
    /// The plain definition: average over the clamped window.
    func naiveBox(_ p: [Float], _ w: Int, _ h: Int, _ r: Int) -> [Float] {
        func at(_ x: Int, _ y: Int) -> Float { p[min(max(y, 0), h - 1) * w + min(max(x, 0), w - 1)] }
        var tmp = p, out = p
        for y in 0..<h { for x in 0..<w { tmp[y * w + x] = (-r...r).map { at(x + $0, y) }.reduce(0, +) / Float(2 * r + 1) } }
        func tat(_ x: Int, _ y: Int) -> Float { tmp[min(max(y, 0), h - 1) * w + x] }
        for y in 0..<h { for x in 0..<w { out[y * w + x] = (-r...r).map { tat(x, y + $0) }.reduce(0, +) / Float(2 * r + 1) } }
        return out
    }

    @Test(arguments: [(1, 1, 1), (17, 9, 2), (300, 5, 4), (5, 300, 7), (513, 40, 3)])
    func boxMatchesNaiveReference(_ size: (Int, Int, Int)) {
        let (w, h, r) = size
        var rng = SystemRandomNumberGenerator()
        let p = (0..<(w * h)).map { _ in Float.random(in: 0...1, using: &rng) }
        let fast = Blur.box(p, width: w, height: h, radius: r)
        let slow = naiveBox(p, w, h, r)
        for (a, b) in zip(fast, slow) { #expect(abs(a - b) < 1e-4) }
    }

    @Test func gaussianKeepsConstantsAndSpreadsAnImpulse() {
        let flat = Blur.gaussian([Float](repeating: 0.3, count: 400), width: 20, height: 20, sigma: 3)
        #expect(flat.allSatisfy { abs($0 - 0.3) < 1e-5 })
        var impulse = [Float](repeating: 0, count: 101 * 101)
        impulse[50 * 101 + 50] = 1
        let g = Blur.gaussian(impulse, width: 101, height: 101, sigma: 6)
        #expect(abs(g.reduce(0, +) - 1) < 1e-3)
        // Variance along x close to sigma^2.
        var v: Float = 0
        for y in 0..<101 { for x in 0..<101 { v += g[y * 101 + x] * Float((x - 50) * (x - 50)) } }
        #expect(abs(v.squareRoot() - 6) < 0.5)
    }
}
