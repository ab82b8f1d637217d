import BacklotCore
import BacklotIO

/// A shot to work on: its source frames, the other inputs read alongside them, and the frames asked for.
public struct Shot: Sendable {
    /// The shot's name, for messages and batch summaries.
    public let name: String
    /// The frames worked on (a plate).
    public let source: FrameSource
    /// Other inputs by role (`hint`, `garbage`, `core`): each is read for every processed frame.
    public let inputs: [String: FrameSource]
    /// The frames asked for, ascending; frames of a sequence missing from disk among them are handled by the
    /// plan's `MissingPolicy`.
    public let frames: [Int]

    /// A shot of `source` over `frames` (default: all of it; for a sequence, from its first frame on disk to its
    /// last, so holes are noticed).
    ///
    /// Throws when a sequence has no frame on disk and none is asked for, when a still is given frames, and
    /// when a frame asked for lies outside a video or a folder of frames.
    public init(name: String? = nil, source: FrameSource, frames: FrameRange? = nil, inputs: [String: FrameSource] = [:])
        throws(ImageFileError)
    {
        self.name = name ?? source.name
        self.source = source
        self.inputs = inputs
        switch (source.kind, frames) {
        case (.still, nil):
            self.frames = source.frames
        case (.still, _?):
            throw ImageFileError(source.name, "is a single image: frames can be chosen only in a sequence or a video")
        case (_, let range?):
            if !source.mayHaveHoles, let bad = range.frames.first(where: { !source.contains($0) }) {
                let kind = source.frameRate != nil ? "the video" : "the shot"
                throw ImageFileError(source.name, "frame \(bad) is outside \(kind) (it holds frames \(source.range))")
            }
            self.frames = range.frames
        case (_, nil):
            guard let first = source.frames.first, let last = source.frames.last else {
                throw ImageFileError(source.name, "no frames of this sequence exist")
            }
            self.frames = source.mayHaveHoles ? Array(first...last) : source.frames
        }
    }

    /// The `radius` frames of the source on each side of `frame`, in frame order (fewer at the ends).
    public func neighbours(of frame: Int, radius: Int) -> [Int] {
        let all = source.frames
        // The frames are sorted: find `frame` by bisection (shots run to thousands of frames).
        var (lo, hi) = (0, all.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if all[mid] < frame { lo = mid + 1 } else { hi = mid }
        }
        guard radius > 0, lo < all.count, all[lo] == frame else { return [] }
        let i = lo
        return Array(all[max(0, i - radius)..<i]) + Array(all[(i + 1)..<min(all.count, i + 1 + radius)])
    }
}
