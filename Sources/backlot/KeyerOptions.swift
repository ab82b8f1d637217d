import ArgumentParser
import Keying

extension KeyerSettings.DespillLimit: ExpressibleByArgument {}

/// The keyer's settings as options, mapped one to one onto `KeyerSettings` and validated there.
struct KeyerOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Screen colour: auto, green, blue, or linear R,G,B such as 0.1,0.5,0.1.")
    var screen: String = "auto"

    @Option(parsing: .unconditional, help: "Despill strength, 0 (off) to 1 (full).")
    var despill = TypedNumber(Float(1))

    @Option(help: "Despill limit: max (gentle; keeps yellows, teals and skin) or average (stronger).")
    var despillLimit: KeyerSettings.DespillLimit = .max

    @Flag(help: "Put the luminance despill removes back as grey.")
    var despillLuminance = false

    @Option(parsing: .unconditional, help: "Drop matte islands smaller than this many pixels (at 1080p; scaled with the plate). 0 turns it off.")
    var despeckle = TypedNumber(400)

    @Option(parsing: .unconditional, help: "Grow (+) or shrink (-) the hint by this many pixels.")
    var hintGrow = TypedNumber(Float(0))

    @Option(parsing: .unconditional, help: "Feather (blur) the hint by this many pixels.")
    var hintFeather = TypedNumber(Float(0))

    @Option(parsing: .unconditional, help: "Alpha at or below this becomes 0.")
    var clipBlack = TypedNumber(Float(0))

    @Option(parsing: .unconditional, help: "Alpha at or above this becomes 1.")
    var clipWhite = TypedNumber(Float(1))

    @Option(parsing: .unconditional, help: "Shrink (-) or grow (+) the final matte edge by this many pixels.")
    var edge = TypedNumber(Float(0))

    @Flag(help: "Refuse plates a keyer should not be given (black letterbox borders, no screen) instead of keying them with a note.")
    var strict = false

    func validate() throws { _ = try settings() }

    /// The settings, every number checked against its range (the keyer's own, named by option here).
    func settings() throws -> KeyerSettings {
        typealias L = KeyerSettings.Limits
        let despill = try OptionCheck.number(despill, "--despill", in: L.despillStrength)
        let despeckleArea = try OptionCheck.integer(despeckle, "--despeckle", in: L.despeckleArea, unit: "pixels")
        let hintGrow = try OptionCheck.number(hintGrow, "--hint-grow", in: L.hintGrow, unit: "pixels")
        let hintFeather = try OptionCheck.number(hintFeather, "--hint-feather", in: L.hintFeather, unit: "pixels")
        let clipBlack = try OptionCheck.number(clipBlack, "--clip-black", in: L.clip)
        let clipWhite = try OptionCheck.number(clipWhite, "--clip-white", in: L.clip)
        let edge = try OptionCheck.number(edge, "--edge", in: L.edgeShift, unit: "pixels")
        if !["auto", "green", "blue"].contains(screen.lowercased()) {
            let rgb = try OptionCheck.rgb(screen, "--screen", in: L.screenValue)
            guard rgb.max() > 0 else { throw ValidationError("--screen is black (0,0,0): give the screen's linear R,G,B") }
        }
        var s = KeyerSettings()
        do {
            s.screen = try KeyerSettings.Screen(parsing: screen)
            s.despillStrength = despill
            s.despillLimit = despillLimit
            s.despillPreservesLuminance = despillLuminance
            s.despeckleArea = despeckleArea
            s.hintGrow = hintGrow
            s.hintFeather = hintFeather
            s.clipBlack = clipBlack
            s.clipWhite = clipWhite
            s.edgeShift = edge
            s.strict = strict
            try s.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return s
    }
}
