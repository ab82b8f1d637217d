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

    @Option(help: "Frames to work on, e.g. 1001-1100, 1001-1100x2 or 1-3,5,7-20:2 (default: the whole shot).")
    var frames: String?

    @Option(help: "Number of a video's first frame; outputs are numbered from it.")
    var startFrame: Int = 1001

    @Option(help: "What to do about a missing frame: error (stop before any work and name it), skip, or hold (use the previous frame in its place).")
    var missing: MissingPolicy = .error

    @Flag(help: "Skip frames whose outputs all exist already (resume an interrupted shot).")
    var skipExisting = false

    @Flag(help: "List the frames that would be done and where their outputs go, and stop.")
    var dryRun = false

    func validate() throws {
        guard (-ShotOptions.maximumFrame...ShotOptions.maximumFrame).contains(startFrame) else {
            throw ValidationError("--start-frame must be between -\(ShotOptions.maximumFrame) and \(ShotOptions.maximumFrame)")
        }
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
        guard let frames else { return nil }
        do {
            let range = try FrameRange(parsing: frames)
            if let bad = range.frames.first(where: { !(-ShotOptions.maximumFrame...ShotOptions.maximumFrame).contains($0) }) {
                throw ValidationError("--frames: frame \(bad) is beyond \(ShotOptions.maximumFrame)")
            }
            return range
        } catch let error as FrameRangeError {
            throw ValidationError(error.message)
        }
    }
}
