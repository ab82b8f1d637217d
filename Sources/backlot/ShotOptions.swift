import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Pipeline

extension MissingPolicy: ExpressibleByArgument {}

/// Options of commands that work through a shot frame by frame (`key`, `convert`).
struct ShotOptions: ParsableArguments {
    /// The largest frame number accepted (nine digits, like every editing system's).
    static let maximumFrame = 999_999_999

    @Option(parsing: .unconditional, help: "Frames to work on, e.g. 1001-1100, 1001-1100x2 or 1-3,5,7-20:2 (default: the whole shot).")
    var frames: String?

    @Option(parsing: .unconditional, help: "Number of a video's first frame; outputs are numbered from it.")
    var startFrame = TypedNumber(1001)

    /// `--start-frame`, checked in `validate()`.
    var firstFrame: Int { (try? OptionCheck.integer(startFrame, "--start-frame", in: ShotOptions.frameNumbers)) ?? 1001 }

    /// The frame numbers accepted (nine digits either side of zero).
    static let frameNumbers = -maximumFrame...maximumFrame

    @Option(help: "What to do about a missing frame: error (stop before any work and name it), skip, or hold (use the previous frame in its place).")
    var missing: MissingPolicy = .error

    @Flag(help: "Skip frames whose outputs all exist already (resume an interrupted shot).")
    var skipExisting = false

    @Flag(help: "List the frames that would be done and where their outputs go, and stop.")
    var dryRun = false

    func validate() throws {
        try OptionCheck.integer(startFrame, "--start-frame", in: ShotOptions.frameNumbers)
        _ = try frameRange()
    }

    /// Refuses frames for an input that has none: a single image (not a pattern, a video or a folder).
    func validate(input: String) throws {
        var isDir: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: input, isDirectory: &isDir) && isDir.boolValue
        if frames != nil, !folder, !SequencePattern.isPattern(input), !VideoFile.isVideo(input) {
            throw ValidationError("--frames needs a sequence pattern such as plate.####.exr or a video, not a single image")
        }
    }

    /// The frames asked for, if any.
    func frameRange() throws -> FrameRange? {
        try frames.map(ShotOptions.parseFrames)
    }

    /// Parses a `--frames` spec: each frame within ±`maximumFrame`, at most 10 million of them.
    static func parseFrames(_ spec: String) throws -> FrameRange {
        do {
            let range = try FrameRange(parsing: spec)
            for bad in [range.first, range.last].compactMap({ $0 }) where !(-maximumFrame...maximumFrame).contains(bad) {
                throw ValidationError("--frames: frame \(bad) is beyond \(maximumFrame) (nine digits at most)")
            }
            return range
        } catch let error as FrameRangeError {
            throw ValidationError("--frames: \(error.message)")
        }
    }
}
