import BacklotCore
import Foundation
import Pipeline

/// Keying as a frame operation: the shot's frames through `Keyer.key`, with temporal steadying from the
/// neighbouring frames and the shot's hint, garbage and core mattes as inputs.
public struct KeyOperation: FrameOperation {
    /// The roles of a shot's inputs that the keyer reads.
    public enum Input {
        /// The coarse alpha hint.
        public static let hint = "hint"
        /// The garbage matte (white may be subject; black is always screen).
        public static let garbage = "garbage matte"
        /// The core (holdout) matte (white is always subject).
        public static let core = "core matte"
        /// A shot of the empty screen.
        public static let cleanPlate = "clean plate"
    }

    public var settings: KeyerSettings
    /// Frames on each side averaged where nothing moves, to steady the matte against noise (0: off).
    public var temporalRadius: Int
    /// The comp preview's background (linear RGB), or nil for a checkerboard.
    public var compBackground: SIMD3<Float>?
    /// How the keyer's loops are shared between threads.
    public var schedule: Schedule

    public init(settings: KeyerSettings = KeyerSettings(), temporalRadius: Int = 1, compBackground: SIMD3<Float>? = nil,
                schedule: Schedule = .automatic) {
        self.settings = settings
        self.temporalRadius = temporalRadius
        self.compBackground = compBackground
        self.schedule = schedule
    }

    public var name: String { "key" }
    public var radius: Int { temporalRadius }
    /// Measured: a 4K key peaks at about 51 bytes per pixel; each neighbour frame held adds 12.
    public var bytesPerPixel: Int { 64 + 12 * 2 * temporalRadius }

    public func process(_ window: FrameWindow, passes: Set<KeyPass>) throws -> FrameResult<KeyPass> {
        let clock = Date()
        let steadied = window.neighbours.isEmpty
            ? nil : TemporalSteadying.steady(window.image, neighbours: window.neighbours, schedule: schedule)
        let steadySeconds = Date().timeIntervalSince(clock)
        var result = try Keyer.key(window.image, hint: window.inputs[Input.hint], garbage: window.inputs[Input.garbage],
                                   core: window.inputs[Input.core], steadied: steadied,
                                   cleanPlate: window.inputs[Input.cleanPlate], shadowPass: passes.contains(.shadow),
                                   settings: settings, schedule: schedule)
        if steadied != nil { result.timings.insert(StageTiming("steady", steadySeconds), at: 0) }
        return FrameResult(images: result.images(for: passes, compBackground: compBackground, schedule: schedule),
                           notes: result.notes, timings: result.timings)
    }
}

extension KeyResult {
    /// The passes of this key as images: `rgba` and `fg` are the same straight RGBA planes (writers store
    /// `rgba` premultiplied as it is written, `fg` straight), `matte` the alpha, `comp` the preview.
    public func images(for passes: Set<KeyPass>, compBackground: SIMD3<Float>? = nil, schedule: Schedule = .automatic)
        -> [KeyPass: Image]
    {
        var images: [KeyPass: Image] = [:]
        if !passes.isDisjoint(with: [.rgba, .fg]) {
            let rgba = straightRGBA
            if passes.contains(.rgba) { images[.rgba] = rgba }
            if passes.contains(.fg) { images[.fg] = rgba }
        }
        if passes.contains(.matte) { images[.matte] = alpha }
        if passes.contains(.comp) { images[.comp] = composite(over: compBackground, schedule: schedule) }
        if passes.contains(.shadow), let shadow { images[.shadow] = shadow }
        return images
    }
}
