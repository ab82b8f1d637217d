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
    /// Smoke lit lighter and darker than the screen, drifting across the frame's edges, outside the hint.
    case smokeVolume = "smoke-volume"
    /// A fog bank along the floor, in front of objects, outside the hint.
    case fog
    /// Tinted bottles and cups with highlights above 1, the backing refracted behind them.
    case tintedGlass = "tinted-glass"
    /// A large pane of clear glass with a streak of reflection and a slight ripple.
    case clearPane = "clear-pane"
    /// Netting at or below the pixel pitch.
    case fineNet = "fine-net"
    /// Hair and motion-blurred objects that a low-resolution segmentation hint misses.
    case outsideHint = "outside-hint"
    /// Shadows cast on the screen (the truth: screen, alpha 0).
    case screenShadow = "screen-shadow"
    /// A shirt of nearly the screen's colour, with small saturated details on it.
    case screenGarment = "green-garment"

    /// The categories a benchmark scores separately (everything but `mixed`).
    public static let categories: [SynthScene] = allCases.filter { $0 != .mixed }

    /// The see-through scenes, made after the first generators were tuned on (`Stage+SeeThrough.swift`).
    public static let seeThrough: [SynthScene] = [.smokeVolume, .fog, .tintedGlass, .clearPane, .fineNet, .outsideHint,
                                                  .screenShadow, .screenGarment]
}
