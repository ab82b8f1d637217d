import BacklotCore

/// A small synthetic production with exact truth, for production boxes to learn from: two cameras of
/// different grain, three setups (an uneven green stage, a blue stage, a location without a screen), and
/// several takes of each with a subject walking across the frame (past smoke on the green stage, a glass on
/// the blue one), and graded reference stills of some frames, made with each camera's true look (a LUT). Between takes the camera is nudged by a few
/// pixels and the exposure drifts, as on a real stage. Written by `backlot synth --production` with its plan as
/// `truth/show.json`; every path in it is relative to the show's folder.
public struct ShowPlan: Versioned, Equatable, Sendable {
    public static let schema = "backlot.synth-show"
    public static let version = 3
    /// Where the plan sits in a show's folder.
    public static let manifestPath = "truth/show.json"

    public struct Camera: Codable, Equatable, Sendable {
        /// The camera's name, also written in each EXR's `cameraModel` attribute.
        public var name: String
        /// Its grain (noise at each brightness and ISO, clumping, chroma correlation).
        public var grain: CameraGrain
        /// The grade its plates were given, and that grade as the true LUT (`.cube`, ACEScct in, display out).
        public var look: ShowLook
        public var lut: String
    }

    public struct Setup: Codable, Equatable, Sendable {
        public var name: String
        public var camera: String
        /// `green` or `blue`; nil on location (no screen).
        public var screen: String?
        /// The true clean screen (or backdrop) as the first take frames it, at exposure 1 (EXR, linear).
        public var background: String
        /// The ISO its camera was set to (written in each EXR's `isoSpeed` attribute).
        public var iso: Int
        /// The truth of its grain: `background` with the camera's grain at this ISO, and a flat mid-grey card
        /// (0.18) with it (EXR, linear).
        public var grained: String, greyCard: String
    }

    public struct Take: Codable, Equatable, Sendable {
        public var name: String
        public var setup: String
        /// How far the camera was nudged from the setup's first take, in whole pixels: this take's pixel
        /// `(x, y)` shows what the first take's `(x - dx, y - dy)` shows.
        public var offset: [Int]
        /// The exposure of this take relative to the first.
        public var exposure: Float
        /// The plates (the daily), the hints and the truth, as sequence patterns.
        public var plates: String, hints: String, alpha: String, foreground: String
        /// The graded reference stills (8-bit PNG, display sRGB) of every `gradedEvery`-th frame, from the first.
        public var graded: String
    }

    public var width: Int, height: Int
    public var seed: UInt64
    public var firstFrame: Int
    public var framesPerTake: Int
    /// Every this many frames of a take has a graded reference still.
    public var gradedEvery: Int
    public var cameras: [Camera]
    public var setups: [Setup]
    public var takes: [Take]

    /// The show for these settings: `takes` takes of `frames` frames for each of the three setups.
    public init(width: Int, height: Int, seed: UInt64, takes: Int, frames: Int, noise: Float) {
        (self.width, self.height, self.seed, firstFrame, framesPerTake, gradedEvery) = (width, height, seed, 1001, frames, 4)
        // ALEXA: fine grain, chroma noise moving together; VENICE: noisier, coarser and wider than tall, less correlated.
        let alexa = CameraGrain(sigma: [1.05, 0.85, 1.3].map { $0 * noise }, readShare: 0.3, baseISO: 800, clump: [0.7, 0.7],
                                white: 0.45, chroma: 0.55)
        let venice = CameraGrain(sigma: [1.1, 0.9, 1.45].map { $0 * noise * 1.6 }, readShare: 0.4, baseISO: 500, clump: [1.3, 0.8],
                                 white: 0.2, chroma: 0.25)
        cameras = [Camera(name: "ALEXA 35", grain: alexa, look: .warm, lut: "truth/looks/ALEXA_35.cube"),
                   Camera(name: "VENICE 2", grain: venice, look: .cool, lut: "truth/looks/VENICE_2.cube")]
        setups = [Setup(name: "greenstage", camera: "ALEXA 35", screen: "green", background: "truth/setups/greenstage.exr",
                        iso: 800, grained: "truth/grain/greenstage.exr", greyCard: "truth/grain/greenstage.grey.exr"),
                  Setup(name: "bluestage", camera: "VENICE 2", screen: "blue", background: "truth/setups/bluestage.exr",
                        iso: 500, grained: "truth/grain/bluestage.exr", greyCard: "truth/grain/bluestage.grey.exr"),
                  Setup(name: "location", camera: "ALEXA 35", screen: nil, background: "truth/setups/location.exr",
                        iso: 1600, grained: "truth/grain/location.exr", greyCard: "truth/grain/location.grey.exr")]
        var rng = SeededRandom(seed: seed &* 0xD6E8_FEB8_6659_FD93)
        let reach = max(1, Int((4 * Float(height) / 1080).rounded()))
        var all: [Take] = []
        for (s, setup) in setups.enumerated() {
            for t in 1...max(1, takes) {
                let name = "\(["A", "B", "A"][s])\(String(format: "%03d", s + 1))_\(setup.name)_t\(t)"
                let offset = t == 1 ? [0, 0] : [Int(rng.next() % UInt64(2 * reach + 1)) - reach, Int(rng.next() % UInt64(2 * reach + 1)) - reach]
                let exposure: Float = t == 1 ? 1 : rng.uniform(0.93...1.07)
                all.append(Take(name: name, setup: setup.name, offset: offset, exposure: exposure,
                                plates: "dailies/\(name)/\(name).####.exr", hints: "truth/\(name)/hint.####.png",
                                alpha: "truth/\(name)/alpha.####.exr", foreground: "truth/\(name)/fg.####.exr",
                                graded: "graded/\(name).####.png"))
            }
        }
        self.takes = all
    }

    public func setup(named name: String) -> Setup? { setups.first { $0.name == name } }
    public func camera(named name: String) -> Camera? { cameras.first { $0.name == name } }
    /// The frame numbers of every take.
    public var frames: ClosedRange<Int> { firstFrame...(firstFrame + framesPerTake - 1) }
    /// The frame numbers that have graded reference stills.
    public var gradedFrames: [Int] { frames.filter { ($0 - firstFrame) % gradedEvery == 0 } }
}
