import Foundation

/// The ACEScct transfer (Academy S-2016-001): a logarithmic encoding of scene-linear light with a linear toe,
/// the usual input space of grading LUTs. 0.18 encodes to ≈ 0.4135; 1.0 decodes to ≈ 222.9 linear.
public enum ACEScct {
    /// Scene-linear → ACEScct.
    @inlinable
    public static func encode(_ linear: Float) -> Float {
        linear <= 0.007_812_5 ? 10.540_237_7 * linear + 0.072_905_534 : (log2f(linear) + 9.72) / 17.52
    }

    /// ACEScct → scene-linear.
    @inlinable
    public static func decode(_ encoded: Float) -> Float {
        encoded <= 0.155_251_141 ? (encoded - 0.072_905_534) / 10.540_237_7 : exp2f(encoded * 17.52 - 9.72)
    }
}
