import Foundation

/// A frame rate as an exact ratio of whole numbers: `24`, `25`, `24000/1001` (23.976), `30000/1001` (29.97).
///
/// Video timing is rational: 23.976 is not 23.976 but 24000/1001, and a float would drift over a long
/// shot. Rates are kept as ratios and only turned into seconds where a number is needed.
public struct FrameRate: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Frames per `denominator` seconds.
    public let numerator: Int
    /// Seconds per `numerator` frames.
    public let denominator: Int

    /// The highest rate accepted (high-speed cameras shoot a few thousand frames per second).
    public static let maximum = 10_000

    /// A rate of `numerator / denominator` frames per second, reduced; nil unless both are positive and the
    /// rate is at most `maximum`.
    public init?(_ numerator: Int, _ denominator: Int = 1) {
        guard numerator > 0, denominator > 0, numerator <= FrameRate.maximum * denominator else { return nil }
        var (a, b) = (numerator, denominator)
        while b != 0 { (a, b) = (b, a % b) }
        self.numerator = numerator / a
        self.denominator = denominator / a
    }

    /// Parses `24`, `25/1`, `24000/1001`, or a decimal (`23.976`, `29.97` and `59.94` are the NTSC rates
    /// 24000/1001, 30000/1001 and 60000/1001, as every editing system reads them).
    public init(parsing text: String) throws(FrameRateError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let n = Int(parts[0]), let d = Int(parts[1]), let rate = FrameRate(n, d) else {
                throw FrameRateError(text: text)
            }
            self = rate
            return
        }
        guard parts.count == 1, let value = Double(trimmed), value.isFinite, value > 0,
              value <= Double(FrameRate.maximum) else { throw FrameRateError(text: text) }
        for base in [24, 30, 48, 60, 120] where abs(value - Double(base) * 1000 / 1001) < 0.0051 {
            self = FrameRate(base * 1000, 1001)!
            return
        }
        // Other decimals are taken to the thousandth.
        guard let rate = FrameRate(Int((value * 1000).rounded()), 1000) else { throw FrameRateError(text: text) }
        self = rate
    }

    /// Frames per second as a number, for display and for arithmetic that tolerates rounding.
    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// `24` or `24000/1001`: the form FFmpeg, ffprobe and OpenEXR's `framesPerSecond` use.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

extension FrameRate {
    /// 24 frames per second, the film rate.
    public static let film = FrameRate(24)!
}

/// A frame rate that could not be read.
public struct FrameRateError: BacklotError, Equatable {
    /// The text given.
    public let text: String

    public init(text: String) { self.text = text }
    public var message: String {
        "frame rate '\(text)' is not a rate such as 24, 25, 23.976 or 24000/1001 (above 0, at most \(FrameRate.maximum))"
    }
}
