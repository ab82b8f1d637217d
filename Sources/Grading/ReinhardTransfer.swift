import BacklotCore
import Foundation

/// A baseline look: Reinhard et al.'s colour transfer (2001). The plates' and the graded references' colours
/// are taken to lαβ (log LMS, decorrelated), and each of the three axes is moved and scaled so that the plates'
/// mean and spread become the references'. It matches statistics, not pixels.
public struct ReinhardTransfer: LookPredictor {
    /// Mean and standard deviation of the plates' colours in lαβ, and of the references'.
    public let sourceMean: SIMD3<Double>, sourceDeviation: SIMD3<Double>
    public let targetMean: SIMD3<Double>, targetDeviation: SIMD3<Double>

    static let toLMS = Matrix3(rows: [0.3811, 0.5783, 0.0402], [0.1967, 0.7244, 0.0782], [0.0241, 0.1288, 0.8444])
    static let toLab = Matrix3(rows: [1 / 3.0.squareRoot(), 1 / 3.0.squareRoot(), 1 / 3.0.squareRoot()],
                               [1 / 6.0.squareRoot(), 1 / 6.0.squareRoot(), -2 / 6.0.squareRoot()],
                               [1 / 2.0.squareRoot(), -1 / 2.0.squareRoot(), 0])
    static let fromAP1 = ColorSpace.acesCG.conversionMatrix(to: .linearRec709)

    /// lαβ of a linear Rec.709 colour.
    static func lab(_ rgb: SIMD3<Double>) -> SIMD3<Double> {
        let lms = toLMS * rgb
        return toLab * SIMD3(log10(max(lms.x, 1e-5)), log10(max(lms.y, 1e-5)), log10(max(lms.z, 1e-5)))
    }

    /// The plate's linear Rec.709 colour from its look input.
    static func plate(_ input: SIMD3<Float>) -> SIMD3<Double> {
        fromAP1 * SIMD3(Double(ACEScct.decode(input.x)), Double(ACEScct.decode(input.y)), Double(ACEScct.decode(input.z)))
    }

    /// The transfer from the statistics of the samples' plates to those of their references.
    public static func fit(_ samples: LookSamples) throws(GradingError) -> ReinhardTransfer {
        guard samples.count >= 16 else { throw GradingError("too few usable pixels to fit a colour transfer (\(samples.count))") }
        var (s1, s2, t1, t2) = (SIMD3<Double>(), SIMD3<Double>(), SIMD3<Double>(), SIMD3<Double>())
        for k in 0..<samples.count {
            let s = lab(plate(samples.input(k)))
            let o = samples.output(k)
            let t = lab(SIMD3(SRGB.decode(Double(o.x)), SRGB.decode(Double(o.y)), SRGB.decode(Double(o.z))))
            (s1, s2, t1, t2) = (s1 + s, s2 + s * s, t1 + t, t2 + t * t)
        }
        let n = Double(samples.count)
        func deviation(_ sum: SIMD3<Double>, _ squares: SIMD3<Double>) -> SIMD3<Double> {
            let v = squares / n - (sum / n) * (sum / n)
            return SIMD3(max(v.x, 1e-12).squareRoot(), max(v.y, 1e-12).squareRoot(), max(v.z, 1e-12).squareRoot())
        }
        return ReinhardTransfer(sourceMean: s1 / n, sourceDeviation: deviation(s1, s2), targetMean: t1 / n, targetDeviation: deviation(t1, t2))
    }

    /// The plate's colour moved to the references' statistics, as a display value.
    public func predict(_ input: SIMD3<Float>) -> SIMD3<Float> {
        let moved = (Self.lab(Self.plate(input)) - sourceMean) / sourceDeviation * targetDeviation + targetMean
        let logLMS = Self.toLab.inverse * moved
        let rgb = Self.toLMS.inverse * SIMD3(pow(10, logLMS.x), pow(10, logLMS.y), pow(10, logLMS.z))
        return SIMD3(LookSpace.display(Float(rgb.x)), LookSpace.display(Float(rgb.y)), LookSpace.display(Float(rgb.z)))
    }
}
