/// The backing colour of a keying screen.
public enum ScreenColor: String, Sendable, CaseIterable {
    case green, blue

    /// A typical linear Rec.709 value of a well-lit screen.
    public var nominal: SIMD3<Float> {
        switch self {
        case .green: [0.06, 0.38, 0.09]
        case .blue: [0.04, 0.09, 0.40]
        }
    }
}
