import BacklotCore

/// Pairs of colours a look is learned from: each a plate pixel as the look's input (ACEScct) and the graded
/// reference's display value at the same place.
public struct LookSamples: Sendable {
    /// Three values per sample: inputs (ACEScct) and outputs (display values).
    public private(set) var inputs: [Float] = [], outputs: [Float] = []
    /// How many pairs of colours there are.
    public var count: Int { inputs.count / 3 }

    public init() {}

    /// Adds every `step`-th pixel of every `step`-th row of a plate and its graded reference, which must be
    /// the same size. Pixels that are not finite are left out.
    public mutating func add(plate: Image, graded: Image, step: Int = 1) throws(GradingError) {
        guard plate.width == graded.width, plate.height == graded.height else {
            throw GradingError("the graded reference is \(graded.width)x\(graded.height), its plate \(plate.width)x\(plate.height)")
        }
        guard let (pr, pg, pb) = LookSpace.colourPlanes(plate), let (gr, gg, gb) = LookSpace.colourPlanes(graded) else {
            throw GradingError("a plate and its graded reference need three colour channels each")
        }
        var plate = plate, graded = graded
        plate.unpremultiply()
        graded.unpremultiply()
        let m = LookSpace.toAP1(from: plate.colorSpace)
        let toRec709 = graded.colorSpace.conversionMatrix(to: .linearRec709)
        let n = (0..<3).flatMap { r in (0..<3).map { c in Float(toRec709[r, c]) } }
        let (p, g) = (plate.planes, graded.planes)
        let step = max(1, step)
        for y in stride(from: 0, to: plate.height, by: step) {
            for x in stride(from: 0, to: plate.width, by: step) {
                let i = y * plate.width + x
                let input = LookSpace.input(p[pr][i], p[pg][i], p[pb][i], matrix: m)
                let (r, gg0, b) = (g[gr][i], g[gg][i], g[gb][i])
                let out = SIMD3(LookSpace.display(n[0] * r + n[1] * gg0 + n[2] * b), LookSpace.display(n[3] * r + n[4] * gg0 + n[5] * b),
                                LookSpace.display(n[6] * r + n[7] * gg0 + n[8] * b))
                guard (0..<3).allSatisfy({ input[$0].isFinite && out[$0].isFinite }) else { continue }
                inputs += [input.x, input.y, input.z]
                outputs += [out.x, out.y, out.z]
            }
        }
    }

    /// Sample `k`'s look input (ACEScct) and its graded display value.
    public func input(_ k: Int) -> SIMD3<Float> { SIMD3(inputs[3 * k], inputs[3 * k + 1], inputs[3 * k + 2]) }
    public func output(_ k: Int) -> SIMD3<Float> { SIMD3(outputs[3 * k], outputs[3 * k + 1], outputs[3 * k + 2]) }
}

/// Why a look could not be learned or applied, in a sentence for a person.
public struct GradingError: BacklotError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
