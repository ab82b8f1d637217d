import BacklotCore
import Foundation

/// A numbered image sequence on disk: a pattern and the frames to use.
public struct ImageSequence: Sendable {
    /// The file-name pattern.
    public let pattern: SequencePattern
    /// The frames, ascending.
    public let frames: [Int]

    /// The sequence of `pattern` over `range`, or over every frame found on disk when `range` is nil.
    ///
    /// Throws when no frame exists, or when a requested frame is missing (naming it).
    public init(pattern: SequencePattern, range: FrameRange? = nil) throws(SequenceError) {
        self.pattern = pattern
        if let range {
            if let missing = range.frames.first(where: { !FileManager.default.fileExists(atPath: pattern.path(frame: $0)) }) {
                throw SequenceError.missingFrame(pattern: pattern.pattern, frame: missing, path: pattern.path(frame: missing))
            }
            frames = range.frames
        } else {
            let found = ImageSequence.discover(pattern)
            guard !found.isEmpty else { throw SequenceError.noFrames(pattern: pattern.pattern) }
            frames = found
        }
    }

    /// The frame numbers of every file on disk matching `pattern`, ascending.
    public static func discover(_ pattern: SequencePattern) -> [Int] {
        let folder = PathName.parent(pattern.prefix)
        let listFolder = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listFolder) else { return [] }
        return names.compactMap { name in
            pattern.frame(of: folder.isEmpty ? name : folder + "/" + name)
        }.sorted()
    }

    /// Frames between the first and last that are not on disk (holes in a discovered sequence).
    public var gaps: [Int] {
        guard let first = frames.first, let last = frames.last, frames.count < last - first + 1 else { return [] }
        let present = Set(frames)
        return (first...last).filter { !present.contains($0) }
    }

    /// The file of `frame`.
    public func path(frame: Int) -> String { pattern.path(frame: frame) }

    /// The frames as a range.
    public var range: FrameRange { FrameRange(frames: frames) }
}

/// A problem with an image sequence.
public enum SequenceError: BacklotError, Equatable {
    case noFrames(pattern: String)
    case missingFrame(pattern: String, frame: Int, path: String)

    public var message: String {
        switch self {
        case .noFrames(let pattern): "\(pattern): no frames of this sequence exist"
        case .missingFrame(_, let frame, let path): "\(path): frame \(frame) of the sequence is missing"
        }
    }
}
