import BacklotCore

/// The spaces a production's look lives between. Its LUT takes the camera plate in **ACEScct** (ACES AP1
/// primaries, ACEScct transfer: the usual input of grading LUTs, in Resolve as in OpenColorIO's ACES configs)
/// and gives **display values**: Rec.709 primaries with the sRGB transfer, as graded stills are delivered.
public enum LookSpace {
    /// The `.cube` comment that says what a look's LUT expects and gives.
    public static let description = "input: ACEScct (ACES AP1 primaries); output: display Rec.709 primaries, sRGB transfer"

    /// The row-major 3x3 matrix from linear `space` to linear AP1 (ACEScg).
    public static func toAP1(from space: ColorSpace) -> [Float] {
        let m = space.conversionMatrix(to: .acesCG)
        return (0..<3).flatMap { r in (0..<3).map { c in Float(m[r, c]) } }
    }

    /// The look's input for one linear colour, given the matrix to AP1.
    @inlinable
    public static func input(_ r: Float, _ g: Float, _ b: Float, matrix m: [Float]) -> SIMD3<Float> {
        SIMD3(ACEScct.encode(m[0] * r + m[1] * g + m[2] * b),
              ACEScct.encode(m[3] * r + m[4] * g + m[5] * b),
              ACEScct.encode(m[6] * r + m[7] * g + m[8] * b))
    }

    /// A display value (sRGB-encoded, clamped to 0…1) from linear display light.
    @inlinable
    public static func display(_ linear: Float) -> Float { SRGB.encode(min(max(linear, 0), 1)) }

    /// The R, G, B planes of `image` (by name, else its first three), or nil when it has fewer than three.
    public static func colourPlanes(_ image: Image) -> (Int, Int, Int)? {
        if let r = image.channelIndex("R"), let g = image.channelIndex("G"), let b = image.channelIndex("B") { return (r, g, b) }
        let colour = image.channelNames.indices.filter { $0 != image.alphaIndex }
        return colour.count >= 3 ? (colour[0], colour[1], colour[2]) : nil
    }
}

/// Something that predicts a graded display value from a plate's look input: a learned LUT, or one of the
/// baselines it is judged against.
public protocol LookPredictor: Sendable {
    /// The display value (sRGB-encoded, 0…1) for one ACEScct input.
    func predict(_ input: SIMD3<Float>) -> SIMD3<Float>
}

extension Lut3D: LookPredictor {
    public func predict(_ input: SIMD3<Float>) -> SIMD3<Float> { apply(input) }
}
