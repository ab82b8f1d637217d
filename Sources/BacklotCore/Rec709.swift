import Foundation

/// The Rec. 709 (BT.709 / BT.601 / BT.2020 10-bit) camera transfer curve, exact piecewise formula.
///
/// Video from set is stored with this curve; Backlot decodes it to scene-linear when video is read and
/// applies it again only where video is written. (Nuke's `rec709` colour space is this curve too.)
public enum Rec709 {
    /// Linear light → Rec. 709-encoded value. Negative input is mirrored.
    @inlinable
    public static func encode(_ linear: Float) -> Float {
        if linear < 0 { return -encode(-linear) }
        return linear < 0.018 ? 4.5 * linear : 1.099 * powf(linear, 0.45) - 0.099
    }

    /// Rec. 709-encoded value → linear light. Negative input is mirrored.
    @inlinable
    public static func decode(_ encoded: Float) -> Float {
        if encoded < 0 { return -decode(-encoded) }
        return encoded < 0.081 ? encoded / 4.5 : powf((encoded + 0.099) / 1.099, 1 / 0.45)
    }
}

/// How the samples of an integer or video source encode light.
public enum TransferCurve: String, Sendable, Hashable {
    /// Already linear.
    case linear
    /// The sRGB curve (PNG, JPEG, most stills).
    case srgb
    /// The Rec. 709 camera curve (HD and UHD video).
    case rec709
    /// Cineon printing-density log (10-bit DPX scans): code 95 is black, 685 is white (linear 1.0).
    case cineon

    /// Decodes `value` to linear light.
    @inlinable
    public func decode(_ value: Float) -> Float {
        switch self {
        case .linear: value
        case .srgb: SRGB.decode(value)
        case .rec709: Rec709.decode(value)
        case .cineon: (powf(10, (value * 1023 - 685) * 0.002 / 0.6) - TransferCurve.cineonBlack) / (1 - TransferCurve.cineonBlack)
        }
    }

    /// Linear value of Cineon code 95 before the black offset is removed.
    public static let cineonBlack: Float = powf(10, (95 - 685) * 0.002 / 0.6)

    /// Encodes linear `value` with this curve.
    @inlinable
    public func encode(_ value: Float) -> Float {
        switch self {
        case .linear: value
        case .srgb: SRGB.encode(value)
        case .rec709: Rec709.encode(value)
        case .cineon:
            (685 + 0.6 / 0.002 * log10f(Swift.max(value * (1 - TransferCurve.cineonBlack) + TransferCurve.cineonBlack, 1e-10))) / 1023
        }
    }

    /// Applies `decode` to every sample of `samples`, on all cores.
    public func decode(_ samples: inout [Float]) {
        guard self != .linear else { return }
        let curve = self
        samples.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let p = UncheckedPointer(base)
            Schedule.automatic.forChunks(buf.count) { range in
                for i in range { p.pointer[i] = curve.decode(p.pointer[i]) }
            }
        }
    }
}
