import ArgumentParser
import Foundation

/// Every number typed on the command line is checked here before any work: finite and within its range, with
/// the option, the range and the value given in one message (exit 64). Options that take numbers parse their
/// value unconditionally, so `--edge -2` works as well as `--edge=-2`.
enum OptionCheck {
    /// `value` if it is finite and within `range`, else a usage error naming `option`.
    @discardableResult
    static func number<T: BinaryFloatingPoint>(_ value: T, _ option: String, in range: ClosedRange<T>, unit: String = "") throws -> T {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(option) must be between \(text(range.lowerBound)) and \(text(range.upperBound))\(unit.isEmpty ? "" : " " + unit) (got \(text(value)))")
        }
        return value
    }

    /// The whole number typed for `option`, if it is one and within `range`; else a usage error with the range
    /// (also for 1.5, 1e20 or text, which the parser's own check would refuse without saying the range).
    static func integer(_ typed: TypedNumber, _ option: String, in range: ClosedRange<Int>, unit: String = "") throws -> Int {
        guard let value = Int(typed.text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(option) must be a whole number between \(range.lowerBound) and \(range.upperBound)"
                                  + "\(unit.isEmpty ? "" : " " + unit) (got '\(typed.text)')")
        }
        return try integer(value, option, in: range, unit: unit)
    }

    /// The number typed for `option`, if it is one, finite and within `range`; else a usage error with the range.
    static func number(_ typed: TypedNumber, _ option: String, in range: ClosedRange<Float>, unit: String = "") throws -> Float {
        guard let value = Float(typed.text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(option) must be a number between \(text(range.lowerBound)) and \(text(range.upperBound))"
                                  + "\(unit.isEmpty ? "" : " " + unit) (got '\(typed.text)')")
        }
        return try number(value, option, in: range, unit: unit)
    }

    /// A random seed: any whole number from 0 to 2⁶⁴ − 1.
    static func seed(_ typed: TypedNumber, _ option: String) throws -> UInt64 {
        guard let value = UInt64(typed.text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(option) must be a whole number between 0 and \(UInt64.max) (got '\(typed.text)')")
        }
        return value
    }

    /// `value` if it is within `range`, else a usage error naming `option`.
    @discardableResult
    static func integer<T: BinaryInteger>(_ value: T, _ option: String, in range: ClosedRange<T>, unit: String = "") throws -> T {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound)\(unit.isEmpty ? "" : " " + unit) (got \(value))")
        }
        return value
    }

    /// A comma-separated linear `R,G,B`, each finite and within `range`.
    static func rgb(_ text: String, _ option: String, in range: ClosedRange<Float>) throws -> SIMD3<Float> {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, let r = values[0], let g = values[1], let b = values[2] else {
            throw ValidationError("\(option) needs linear R,G,B such as 0.18,0.18,0.18 (got '\(text)')")
        }
        for v in [r, g, b] { try number(v, option, in: range) }
        return SIMD3(r, g, b)
    }

    private static func text<T: BinaryFloatingPoint>(_ v: T) -> String {
        let d = Double(v)
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(v)"  // a Float prints as typed (1.1), not as its Double expansion
    }
}

/// A number as typed on the command line, checked by `OptionCheck` (with its range in the message) rather
/// than by the parser (which would refuse 1.5, 1e20 or text without saying what is allowed).
struct TypedNumber: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let text: String
    init(_ value: Int) { text = String(value) }
    init(_ value: Float) { text = "\(value)" }
    init?(argument: String) { text = argument }
    var description: String { text }
}
