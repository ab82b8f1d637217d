/// What a synthetic plate shows: one category of keying difficulty, or all of them together.
public enum SynthScene: String, Sendable, CaseIterable {
    /// Textured opaque objects, some in greenish, teal and yellow colours, some with defocused edges.
    case solid
    /// A head with supersampled hair strands and flyaways of fractional alpha.
    case hair
    /// Objects moving during the exposure (averaged sub-frames).
    case motionBlur = "motion-blur"
    /// Tinted glass and plastic with HDR highlights, and a sheer veil.
    case glass
    /// A smoke plume in front of the screen.
    case smoke
    /// Fine netting stretched over part of the frame.
    case netting
    /// Subjects with strong green (or blue) spill and bounce; the truth keeps the unspilled colour.
    case spill
    /// An underexposed plate with heavy sensor noise.
    case darkNoisy = "dark-noisy"
    /// A mixed scene shot on a blue screen.
    case blueScreen = "blue-screen"
    /// A bit of everything: the demo plate.
    case mixed

    /// The categories a benchmark scores separately (everything but `mixed`).
    public static let categories: [SynthScene] = allCases.filter { $0 != .mixed }
}
