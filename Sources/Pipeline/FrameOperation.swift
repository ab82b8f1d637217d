import BacklotCore

/// An operation over the frames of a shot: from a window of frames to named output images.
///
/// Operations work only on images and settings; the `ShotRunner` reads the frames, hands each window to
/// `process` on the calling thread (which may use every core through a `Schedule`), and writes what comes
/// back. Keying, conversion and the fixes are operations; so is anything a later command adds.
public protocol FrameOperation: Sendable {
    /// The outputs the operation can make (the keyer's `rgba`, `fg`, `matte`, `comp`).
    associatedtype Pass: Hashable & Sendable
    /// What the work is called in progress lines and logs (`key`, `convert`).
    var name: String { get }
    /// How many frames on each side of the current one `process` wants to see (0: the frame alone).
    var radius: Int { get }
    /// About how many bytes of memory processing a frame takes per pixel at its peak, the frames it holds
    /// included; the runner refuses a shot whose frames need more than the machine has.
    var bytesPerPixel: Int { get }
    /// The outputs of one frame, at least those in `passes`.
    func process(_ window: FrameWindow, passes: Set<Pass>) throws -> FrameResult<Pass>
}

extension FrameOperation {
    /// The frame and a result of four float channels, in and out of the queues: 64 bytes.
    public var bytesPerPixel: Int { 64 }
}

/// What an operation sees of a shot for one frame.
public struct FrameWindow: Sendable {
    /// The source frame's number.
    public let frame: Int
    /// The source frame.
    public let image: Image
    /// Up to `radius` frames of the source on each side, in frame order (the current frame left out); fewer at
    /// the ends of the shot.
    public let neighbours: [Image]
    /// The shot's other inputs for this frame, by role (`hint`, `garbage`, …).
    public let inputs: [String: Image]
    /// The frame named for a person (its file, or the video and frame number), for messages.
    public let label: String

    public init(frame: Int, image: Image, neighbours: [Image] = [], inputs: [String: Image] = [:], label: String) {
        self.frame = frame
        self.image = image
        self.neighbours = neighbours
        self.inputs = inputs
        self.label = label
    }
}

/// What an operation made of one frame.
public struct FrameResult<Pass: Hashable & Sendable>: Sendable {
    /// The output images by pass. An image's `alpha` says whether its colour is straight or premultiplied;
    /// writers store it by each format's convention.
    public var images: [Pass: Image]
    /// Things the user should know; the runner reports each distinct note once per shot.
    public var notes: [String]
    /// Seconds spent in each stage of the operation.
    public var timings: [StageTiming]

    public init(images: [Pass: Image], notes: [String] = [], timings: [StageTiming] = []) {
        self.images = images
        self.notes = notes
        self.timings = timings
    }
}
