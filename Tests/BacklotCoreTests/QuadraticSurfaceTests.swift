import BacklotCore
import Testing

@Suite struct QuadraticSurfaceTests {
    /// A quadratic hot spot sampled only around a large hole is recovered inside the hole.
    @Test func recoversAQuadraticThroughAHole() {
        let (w, h) = (60, 40)
        let truth = { (x: Int, y: Int) -> Float in
            let u = (Float(x) + 0.5) * 2 / Float(w) - 1, v = (Float(y) + 0.5) * 2 / Float(h) - 1
            return 0.4 + 0.05 * u - 0.02 * v - 0.1 * u * u + 0.03 * u * v - 0.08 * v * v
        }
        var values = [Float](repeating: 0, count: w * h), weights = values
        for y in 0..<h {
            for x in 0..<w where abs(x - 30) > 15 || abs(y - 20) > 12 {
                values[y * w + x] = truth(x, y)
                weights[y * w + x] = 1
            }
        }
        let fit = QuadraticSurface.fit(values, weights: weights, width: w, height: h)
        #expect(abs(fit.value(x: 30, y: 20) - truth(30, 20)) < 1e-4)
        #expect(abs(fit.value(x: 5, y: 35) - truth(5, 35)) < 1e-4)
    }

    /// Values given multiplied by their weights (as `PushPull.cellMeans` holds them) fit the same.
    @Test func weightedValuesFitTheSame() {
        let (w, h) = (20, 20)
        var values = [Float](repeating: 0, count: w * h), weights = values
        for i in values.indices {
            weights[i] = Float(i % 3) / 2
            values[i] = weights[i] * (0.3 + 0.001 * Float(i % w))
        }
        let fit = QuadraticSurface.fit(values, weights: weights, width: w, height: h, weightedValues: true)
        #expect(abs(fit.value(x: 10, y: 3) - (0.3 + 0.001 * 10)) < 1e-4)
    }

    /// Too few samples, or samples on one line, give their mean, flat; none gives 0.
    @Test func degenerateSamplesGiveTheMean() {
        let (w, h) = (30, 30)
        var values = [Float](repeating: 0, count: w * h), weights = values
        for x in 0..<w { values[10 * w + x] = Float(x) / 100; weights[10 * w + x] = 1 }
        let line = QuadraticSurface.fit(values, weights: weights, width: w, height: h)
        #expect(abs(line.value(x: 0, y: 0) - 0.145) < 1e-4)
        #expect(abs(line.value(x: 29, y: 29) - 0.145) < 1e-4)
        let none = QuadraticSurface.fit(values, weights: [Float](repeating: 0, count: w * h), width: w, height: h)
        #expect(none.value(x: 3, y: 3) == 0)
    }
}
