import BacklotCore
import Metrics

/// How close a look comes to a graded reference: CIEDE2000 between the look's grade of the plate and the
/// reference, both as display light in Rec.709 (colour channels found by name, straight colour).
public enum LookEvaluation {
    /// Mean and 95th percentile over every `step`-th pixel of every `step`-th row.
    public static func deltaE(_ look: any LookPredictor, plate: Image, graded: Image, step: Int = 1) throws(GradingError) -> (mean: Double, p95: Double) {
        guard plate.width == graded.width, plate.height == graded.height else {
            throw GradingError("the graded reference is \(graded.width)x\(graded.height), its plate \(plate.width)x\(plate.height)")
        }
        let predicted = try LookTransform(look).apply(plate)
        var reference = graded
        reference.unpremultiply()
        guard let (pr, pg, pb) = LookSpace.colourPlanes(predicted), let (r, g, b) = LookSpace.colourPlanes(reference) else {
            throw GradingError("a graded reference needs three colour channels (this one has \(graded.channelNames.joined(separator: ", ")))")
        }
        let toRec709 = reference.colorSpace.conversionMatrix(to: .linearRec709)
        let m = (0..<3).flatMap { row in (0..<3).map { Float(toRec709[row, $0]) } }
        let (x, y, z) = (reference.planes[r], reference.planes[g], reference.planes[b])
        var planes = [[Float]](repeating: [Float](repeating: 0, count: reference.planeSize), count: 3)
        for i in 0..<reference.planeSize {
            planes[0][i] = m[0] * x[i] + m[1] * y[i] + m[2] * z[i]
            planes[1][i] = m[3] * x[i] + m[4] * y[i] + m[5] * z[i]
            planes[2][i] = m[6] * x[i] + m[7] * y[i] + m[8] * z[i]
        }
        return DeltaE2000.summary([predicted.planes[pr], predicted.planes[pg], predicted.planes[pb]], planes,
                                  width: plate.width, height: plate.height, step: max(1, step))
    }
}
