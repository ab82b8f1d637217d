import BacklotCore
import Foundation

/// The grade a synthetic show's colourist gave one camera: from the plate's look input (ACEScct, AP1) to
/// display values (Rec.709 primaries, sRGB transfer). Exposure, white balance, saturation, a split tone that
/// pushes shadows and highlights apart in hue, and a filmic contrast curve: a smooth function that moves
/// each channel by the others, sampled into the show's true LUT (`lut`).
public struct ShowLook: Codable, Equatable, Sendable {
    /// Exposure in stops.
    public var exposure: Float
    /// Gains on red, green and blue (white balance).
    public var balance: [Float]
    /// 1 keeps saturation; below 1 lowers it.
    public var saturation: Float
    /// Gains on red, green and blue in the shadows and in the highlights (the split tone).
    public var shadows: [Float], highlights: [Float]
    /// The slope of the contrast curve at mid-grey (1: none).
    public var contrast: Float

    public init(exposure: Float, balance: [Float], saturation: Float, shadows: [Float], highlights: [Float], contrast: Float) {
        (self.exposure, self.balance, self.saturation, self.shadows, self.highlights, self.contrast)
            = (exposure, balance, saturation, shadows, highlights, contrast)
    }

    /// A warm teal-and-orange grade with low saturation, and a cool, saturated, contrasty one.
    public static let warm = ShowLook(exposure: 0.3, balance: [1.06, 1, 0.9], saturation: 0.8, shadows: [0.92, 1.02, 1.08],
                                      highlights: [1.06, 1, 0.9], contrast: 1.15)
    public static let cool = ShowLook(exposure: -0.1, balance: [0.94, 1.01, 1.08], saturation: 1.2, shadows: [1, 1.04, 0.98],
                                      highlights: [0.98, 1, 1.04], contrast: 1.35)

    static let fromAP1: [Double] = {
        let m = ColorSpace.acesCG.conversionMatrix(to: .linearRec709)
        return (0..<3).flatMap { r in (0..<3).map { c in m[r, c] } }
    }()

    /// The display value for one look input.
    public func grade(_ input: SIMD3<Float>) -> SIMD3<Float> {
        let ap1 = (0..<3).map { Double(ACEScct.decode(input[$0])) }
        let m = Self.fromAP1
        var rgb = (0..<3).map { r in (m[3 * r] * ap1[0] + m[3 * r + 1] * ap1[1] + m[3 * r + 2] * ap1[2]) * pow(2, Double(exposure)) * Double(balance[r]) }
        let luma = max(0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2], 0)
        let t = luma / (luma + 0.18)
        rgb = (0..<3).map { c in
            let saturated = luma + Double(saturation) * (rgb[c] - luma)
            return max(saturated, 0) * (Double(shadows[c]) * (1 - t) + Double(highlights[c]) * t)
        }
        // Filmic: x^c / (x^c + k), scaled so that white (1) stays below the top and mid-grey lands near 0.18.
        let c = Double(contrast), k = pow(0.18, c) * 3.6
        return SIMD3((0..<3).map { Float(SRGB.encode(Float(1.2 * pow(rgb[$0], c) / (pow(rgb[$0], c) + k)))) })
    }

    /// The grade sampled into a LUT (65 entries per axis: finer than the 33 a production learns).
    public func lut(size: Int = 65) -> Lut3D { Lut3D(size: size) { grade($0) } }
}
