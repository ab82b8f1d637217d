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
    /// The ranges every setting must lie in; the command line checks its options against the same ranges.
    public enum Limits {
        /// The largest value of a linear screen colour channel (a very bright screen is a few stops over 1).
        public static let screenValue: ClosedRange<Float> = 0...64
        public static let despillStrength: ClosedRange<Float> = 0...1
        public static let despeckleArea: ClosedRange<Int> = 0...100_000_000
        public static let hintGrow: ClosedRange<Float> = -1000...1000
        public static let hintFeather: ClosedRange<Float> = 0...1000
        public static let clip: ClosedRange<Float> = 0...1
        public static let edgeShift: ClosedRange<Float> = -1000...1000
        public static let hintTolerance: ClosedRange<Float> = 0...1000
        public static let denoise: ClosedRange<Float> = 0...10
    }

    /// Checks every number against its range, naming the setting, its range and the value given.
    public func validate() throws(KeyError) {
        func check(_ value: Float, _ name: String, _ range: ClosedRange<Float>) throws(KeyError) {
            guard value.isFinite, range.contains(value) else {
                throw KeyError("\(name) must be between \(format(range.lowerBound)) and \(format(range.upperBound)) (got \(value))")
            }
        }
        if case .rgb(let r, let g, let b) = screen {
            for v in [r, g, b] { try check(v, "the screen colour", Limits.screenValue) }
            guard max(r, g, b) > 0 else { throw KeyError("the screen colour is black (0,0,0): give its linear R,G,B") }
        }
        try check(despillStrength, "despill strength", Limits.despillStrength)
        guard Limits.despeckleArea.contains(despeckleArea) else {
            throw KeyError("despeckle area must be between 0 and \(Limits.despeckleArea.upperBound) pixels (got \(despeckleArea))")
        }
        try check(hintGrow, "hint grow", Limits.hintGrow)
        try check(hintFeather, "hint feather", Limits.hintFeather)
        try check(clipBlack, "clip black", Limits.clip)
        try check(clipWhite, "clip white", Limits.clip)
        guard clipBlack < clipWhite else { throw KeyError("clip black (\(clipBlack)) must be below clip white (\(clipWhite))") }
        try check(edgeShift, "edge shift", Limits.edgeShift)
        try check(hintTolerance, "hint tolerance", Limits.hintTolerance)
        try check(denoise, "denoise", Limits.denoise)
    }

    private func format(_ v: Float) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
