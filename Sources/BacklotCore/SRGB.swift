import Foundation

/// The sRGB transfer curve (IEC 61966-2-1), exact piecewise formula.
///
/// Backlot works in linear light; this curve is applied only where 8/16-bit integer files are read or
/// written (PNG, JPEG, integer TIFF, previews).
public enum SRGB {
    /// Linear light → sRGB-encoded value. Negative input is mirrored; values above 1 continue the curve.
    @inlinable
    public static func encode(_ linear: Float) -> Float {
        if linear < 0 { return -encode(-linear) }
        return linear <= 0.0031308 ? 12.92 * linear : 1.055 * powf(linear, 1 / 2.4) - 0.055
    }

    /// sRGB-encoded value → linear light.
    @inlinable
    public static func decode(_ encoded: Float) -> Float {
        if encoded < 0 { return -decode(-encoded) }
        return encoded <= 0.04045 ? encoded / 12.92 : powf((encoded + 0.055) / 1.055, 2.4)
    }

    /// Linear values of every code of an n-bit integer encoding (`0...maxCode`).
    public static func decodeTable(maxCode: Int) -> [Float] {
        (0...maxCode).map { Float(decode(Double($0) / Double(maxCode))) }
    }

    /// The exact decode in double precision.
    public static func decode(_ encoded: Double) -> Double {
        encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
    }
}

/// Quantises linear values to sRGB-encoded integer codes, exactly as `round(encode(x) * maxCode)`
/// but with a table lookup and a short walk over precomputed thresholds instead of a `pow` per sample.
public struct SRGBQuantizer: Sendable {
    /// The largest code (255 or 65535).
    public let maxCode: Int
    /// `thresholds[k]` is the linear value at which code `k + 1` begins.
    @usableFromInline let thresholds: [Float]
    /// `start[j]` is the code of the linear value `j / buckets` (a lower bound for the bucket).
    @usableFromInline let start: [Int32]
    @usableFromInline let buckets: Float

    /// A quantiser for codes `0...maxCode`; `linear: true` skips the curve (plain rounding).
    public init(maxCode: Int, linear: Bool = false) {
        self.maxCode = maxCode
        let thresholds: [Float] = (0..<maxCode).map { k in
            let v = (Double(k) + 0.5) / Double(maxCode)
            return Float(linear ? v : SRGB.decode(v))
        }
        self.thresholds = thresholds
        let count = maxCode > 255 ? 65536 : 4096
        buckets = Float(count)
        var start = [Int32](repeating: 0, count: count + 1)
        var code = 0
        for j in 0...count {
            let v = Float(j) / Float(count)
            while code < maxCode && thresholds[code] <= v { code += 1 }
            start[j] = Int32(code)
        }
        self.start = start
    }

    /// The integer code for a linear value (clamped to `0...maxCode`; NaN → 0).
    @inlinable
    public func code(_ linear: Float) -> Int {
        guard linear > 0 else { return 0 }
        guard linear < 1 else { return maxCode }
        var code = Int(start[Int(linear * buckets)])
        while code < maxCode && thresholds[code] <= linear { code += 1 }
        return code
    }
}
