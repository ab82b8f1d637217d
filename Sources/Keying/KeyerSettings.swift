/// Everything the keyer can be told. The defaults need no touching on a decent plate.
public struct KeyerSettings: Sendable, Hashable {
    /// Which colour the screen is.
    public enum Screen: Sendable, Hashable {
        /// Detect green or blue from the plate.
        case auto
        case green
        case blue
        /// A specific linear RGB screen colour (its dominant channel is the key channel).
        case rgb(Float, Float, Float)
    }

    /// How despill limits the key channel.
    public enum DespillLimit: String, Sendable, Hashable, CaseIterable {
        /// The key channel may not exceed the larger of the other two (gentle: keeps yellows, teals and skin).
        case max
        /// The key channel may not exceed the average of the other two (stronger).
        case average
    }

    public var screen: Screen = .auto
    /// 0 = no despill, 1 = full.
    public var despillStrength: Float = 1
    public var despillLimit: DespillLimit = .max
    /// Put back the luminance despill removes, as grey (a look choice; off keeps the true colour).
    public var despillPreservesLuminance = false
    /// Matte islands (and holes) smaller than this many pixels are removed (0 = off).
    public var despeckleArea = 400
    /// Grow (+) or shrink (−) the hint by this many pixels before use.
    public var hintGrow: Float = 0
    /// Blur the hint by this many pixels before use.
    public var hintFeather: Float = 0
    /// Alpha at or below this becomes 0.
    public var clipBlack: Float = 0
    /// Alpha at or above this becomes 1.
    public var clipWhite: Float = 1
    /// Shrink (−) or grow (+) the final matte edge, in pixels.
    public var edgeShift: Float = 0
    /// How far (in pixels at 1080p; scaled with the plate height) the hint may be wrong.
    public var hintTolerance: Float = 30
    /// Edge-aware smoothing of the matte against sensor noise (0 = off, 1 = default, more = stronger).
    public var denoise: Float = 1
    /// Refuse plates a keyer should not be given (black letterbox borders, no screen at all) instead of
    /// keying them with a note.
    public var strict = false

    public init() {}
}
