import Metrics
import Testing

@Suite struct MetricsTests {
    let w = 40, h = 30

    func disc(_ radius: Float, soft: Bool = false) -> [Float] {
        (0..<(w * h)).map { i in
            let dx = Float(i % w) - 20, dy = Float(i / w) - 15
            let d = (dx * dx + dy * dy).squareRoot() - radius
            return soft ? min(max(0.5 - d / 3, 0), 1) : (d < 0 ? 1 : 0)
        }
    }

    @Test func perfectKeyScoresZeroErrorAndHighPSNR() {
        let a = disc(8, soft: true)
        let fg = [[Float]](repeating: [Float](repeating: 0.5, count: w * h), count: 3)
        let bg = [[Float]](repeating: [Float](repeating: 0.1, count: w * h), count: 3)
        let s = Metrics.score(alpha: a, foreground: fg, trueAlpha: a, trueForeground: fg, newBackground: bg, width: w, height: h)
        #expect(s.sad == 0 && s.bandMSE == 0 && s.gradient == 0 && s.connectivity == 0 && s.foregroundMSE == 0)
        #expect(s.recompositePSNR == 99)
    }

    @Test func sadAndBandCountTheDifference() {
        let truth = disc(8), ours = disc(9)
        let fg = [[Float]](repeating: [Float](repeating: 0.5, count: w * h), count: 3)
        let s = Metrics.score(alpha: ours, foreground: fg, trueAlpha: truth, trueForeground: fg, newBackground: fg, width: w, height: h)
        let differing = zip(ours, truth).filter { $0 != $1 }.count
        #expect(abs(s.sad - Double(differing) / 1000) < 1e-9)
        #expect(s.bandMSE > 0)
        #expect(s.gradient > 0)
    }

    @Test func foregroundErrorIsWeightedByTrueAlpha() {
        let truth = disc(8)
        let fgTrue = [[Float]](repeating: [Float](repeating: 0.5, count: w * h), count: 3)
        var fg = fgTrue
        // An error where the truth is transparent does not count; one inside does.
        fg[0][0] = 5
        let outside = Metrics.score(alpha: truth, foreground: fg, trueAlpha: truth, trueForeground: fgTrue, newBackground: fgTrue, width: w, height: h)
        #expect(outside.foregroundMSE == 0)
        fg[0][15 * w + 20] = 0.8
        let inside = Metrics.score(alpha: truth, foreground: fg, trueAlpha: truth, trueForeground: fgTrue, newBackground: fgTrue, width: w, height: h)
        let solid = truth.reduce(0, +)
        #expect(abs(inside.foregroundMSE - Double(0.3 * 0.3 / 3) / Double(solid)) < 1e-7)
    }

    @Test func connectivityPunishesDetachedSpecks() {
        let truth = disc(8)
        var specks = truth
        for k in 0..<6 { specks[2 * w + 2 + k * 5] = 1 }   // islands far from the subject
        let fg = [[Float]](repeating: [Float](repeating: 0.5, count: w * h), count: 3)
        let s = Metrics.score(alpha: specks, foreground: fg, trueAlpha: truth, trueForeground: fg, newBackground: fg, width: w, height: h)
        #expect(s.connectivity > 0)
        #expect(Metrics.connectivityError(truth, truth, width: w, height: h) == 0)
    }
}
