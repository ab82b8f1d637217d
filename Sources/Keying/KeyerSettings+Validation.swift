import BacklotCore
import Foundation

extension KeyerSettings.Screen {
    /// Parses `auto`, `green`, `blue` or a linear `R,G,B` such as `0.1,0.5,0.1`.
    public init(parsing text: String) throws(KeyError) {
        switch text.lowercased() {
        case "auto": self = .auto
        case "green": self = .green
        case "blue": self = .blue
        default:
            let v = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard v.count == 3, let r = v[0], let g = v[1], let b = v[2] else {
                throw KeyError("unknown screen colour '\(text)' (use auto, green, blue or linear R,G,B such as 0.1,0.5,0.1)")
            }
            self = .rgb(r, g, b)
        }
    }
}

extension KeyerSettings {
    /// The largest value of a linear screen colour channel accepted (a very bright screen is a few stops over 1).
    public static let maximumScreenValue: Float = 64
    /// The largest pixel distance accepted for grow, feather and edge shift.
    public static let maximumPixels: Float = 1000

    /// Checks every number against its range, naming the setting, its range and the value given.
    public func validate() throws(KeyError) {
        func check(_ value: Float, _ name: String, _ range: ClosedRange<Float>) throws(KeyError) {
            guard value.isFinite, range.contains(value) else {
                throw KeyError("\(name) must be between \(format(range.lowerBound)) and \(format(range.upperBound)) (got \(value))")
            }
        }
        if case .rgb(let r, let g, let b) = screen {
            for v in [r, g, b] { try check(v, "the screen colour", 0...KeyerSettings.maximumScreenValue) }
            guard max(r, g, b) > 0 else { throw KeyError("the screen colour is black (0,0,0): give its linear R,G,B") }
        }
        try check(despillStrength, "despill strength", 0...1)
        guard (0...100_000_000).contains(despeckleArea) else {
            throw KeyError("despeckle area must be between 0 and 100000000 pixels (got \(despeckleArea))")
        }
        try check(hintGrow, "hint grow", -KeyerSettings.maximumPixels...KeyerSettings.maximumPixels)
        try check(hintFeather, "hint feather", 0...KeyerSettings.maximumPixels)
        try check(clipBlack, "clip black", 0...1)
        try check(clipWhite, "clip white", 0...1)
        guard clipBlack < clipWhite else { throw KeyError("clip black (\(clipBlack)) must be below clip white (\(clipWhite))") }
        try check(edgeShift, "edge shift", -KeyerSettings.maximumPixels...KeyerSettings.maximumPixels)
        try check(hintTolerance, "hint tolerance", 0...KeyerSettings.maximumPixels)
        try check(denoise, "denoise", 0...10)
    }

    private func format(_ v: Float) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
