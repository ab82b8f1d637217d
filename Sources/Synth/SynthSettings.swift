/// What to synthesise. Every plate is a pure function of these settings.
public struct SynthSettings: Sendable, Hashable {
    /// Plate width in pixels.
    public var width: Int
    /// Plate height in pixels (the scene scales with it, so 1080p and 2160p show the same picture).
    public var height: Int
    /// The seed: same seed, same plate.
    public var seed: UInt64
    /// What the plate shows.
    public var scene: SynthScene
    /// The screen colour; `nil` means green, or blue for `.blueScreen`.
    public var screen: ScreenColor?
    /// Standard deviation of sensor noise at mid-grey, in linear units.
    public var noise: Float

    public init(width: Int = 1920, height: Int = 1080, seed: UInt64 = 1, scene: SynthScene = .mixed,
                screen: ScreenColor? = nil, noise: Float = 0.004) {
        self.width = width
        self.height = height
        self.seed = seed
        self.scene = scene
        self.screen = screen
        self.noise = noise
    }

    /// The screen colour actually used.
    public var screenColor: ScreenColor { screen ?? (scene == .blueScreen ? .blue : .green) }
}
