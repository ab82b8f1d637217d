import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation

/// One shot to key: where its frames come from, their hints, and the name each frame's passes get.
struct Shot: Sendable {
    /// Where plate frames come from.
    enum Source: Sendable {
        /// Image files by frame number.
        case files([Int: String])
        /// A video file whose first frame is numbered `firstFrame`.
        case video(VideoFile, firstFrame: Int)
    }

    /// Where hints come from.
    enum HintSource: Sendable {
        case none
        /// One image for every frame.
        case still(String)
        /// Image files by frame number (`pattern` names the sequence in messages).
        case files([Int: String], pattern: String)
        /// A video whose first frame goes with plate frame `firstFrame`.
        case video(VideoFile, firstFrame: Int)
    }

    /// What to do about a requested frame that is not there.
    enum MissingPolicy: String, ExpressibleByArgument, CaseIterable {
        /// Stop with an error naming the frame (the default).
        case error
        /// Leave the frame out and go on.
        case skip
        /// Key the nearest earlier frame (or later, at the start) in its place.
        case hold
    }

    /// One frame to produce: its number, the source frame keyed for it (itself unless held) and its file stem.
    struct Entry: Sendable {
        let frame: Int
        let source: Int
        let stem: String
    }

    /// A name for messages and the batch summary.
    let name: String
    let source: Source
    let hint: HintSource
    /// Every frame the source holds, ascending: neighbours for temporal steadying come from here.
    let available: [Int]
    /// The frames requested (with any missing ones), ascending.
    let requested: [Int]
    /// The output stem of a frame.
    let stem: @Sendable (Int) -> String
    /// The file a frame would be read from, for messages about missing frames.
    var expectedPath: @Sendable (Int) -> String? = { _ in nil }
    /// Frames per second of the source (video), if known.
    var frameRate: String? {
        if case .video(let video, _) = source { return video.frameRate }
        return nil
    }

    /// The frames to produce under `policy`, and notes about frames skipped or held.
    func entries(missing policy: MissingPolicy) throws -> (entries: [Entry], notes: [String]) {
        let present = Set(available)
        var out: [Entry] = []
        var notes: [String] = []
        for f in requested {
            if present.contains(f) {
                out.append(Entry(frame: f, source: f, stem: stem(f)))
                continue
            }
            switch policy {
            case .error:
                throw ImageFileError(missingName(f), "frame \(f) is missing from the shot (use --missing skip or --missing hold to go on without it)")
            case .skip:
                notes.append("frame \(f) is missing: skipped")
            case .hold:
                guard let held = available.last(where: { $0 < f }) ?? available.first(where: { $0 > f }) else {
                    throw ImageFileError(missingName(f), "frame \(f) is missing and the shot has no frame to hold")
                }
                notes.append("frame \(f) is missing: frame \(held) held in its place")
                out.append(Entry(frame: f, source: held, stem: stem(f)))
            }
        }
        return (out, notes)
    }

    private func missingName(_ frame: Int) -> String {
        expectedPath(frame) ?? name
    }

    /// Where frame `frame` of the source comes from, for listings.
    func label(_ frame: Int) -> String {
        switch source {
        case .files(let files): files[frame] ?? stem(frame)
        case .video(let video, _): "\(video.path) frame \(frame)"
        }
    }

    /// The `radius` frames of the source on each side of `frame` (fewer at the ends of the shot).
    func neighbours(of frame: Int, radius: Int) -> [Int] {
        guard radius > 0, let i = available.firstIndex(of: frame) else { return [] }
        return Array(available[max(0, i - radius)..<i]) + Array(available[(i + 1)..<min(available.count, i + 1 + radius)])
    }

    /// Checks that every source frame to key has a hint; under `.hold` a missing one borrows the nearest earlier.
    func hintResolver(missing policy: MissingPolicy, for sources: [Int]) throws -> [Int: Int] {
        var map: [Int: Int] = [:]
        switch hint {
        case .none, .still: return [:]
        case .files(let files, let pattern):
            let have = files.keys.sorted()
            for f in sources {
                if files[f] != nil { map[f] = f; continue }
                guard policy == .hold, let held = have.last(where: { $0 < f }) ?? have.first else {
                    let span = have.isEmpty ? "it has no frames" : "it covers \(FrameRange(frames: have))"
                    throw ImageFileError(pattern, "no hint for frame \(f) (\(span); --missing hold reuses the last hint)")
                }
                map[f] = held
            }
        case .video(let video, let first):
            let last = first + video.frameCount - 1
            for f in sources {
                if f >= first && f <= last { map[f] = f; continue }
                guard policy == .hold else {
                    throw ImageFileError(video.path, "no hint for frame \(f) (the hint video covers \(first)-\(last); --missing hold reuses the last hint)")
                }
                map[f] = min(max(f, first), last)
            }
        }
        return map
    }
}

extension Shot {
    /// Image file extensions a shot folder's frames may have.
    static let imageExtensions: Set<String> = ["exr", "png", "tif", "tiff", "jpg", "jpeg", "dpx"]

    /// A shot from the command line's plate argument: a still, a sequence pattern or a video.
    static func make(plate: String, frames: String?, hint: String?, startFrame: Int) throws -> Shot {
        let range = try frames.map { spec throws(FrameRangeError) in try FrameRange(parsing: spec) }
        let hintSource = try hintSource(hint, startFrame: startFrame)
        if let pattern = SequencePattern(plate) {
            let found = ImageSequence.discover(pattern)
            guard !found.isEmpty || range != nil else { throw SequenceError.noFrames(pattern: plate) }
            // A discovered range runs from the first frame to the last, so holes in it are noticed.
            let requested = range?.frames ?? Array(found.first!...found.last!)
            return Shot(name: plate, source: .files(Dictionary(uniqueKeysWithValues: found.map { ($0, pattern.path(frame: $0)) })),
                        hint: hintSource, available: found, requested: requested,
                        stem: { KeyJob.stem(of: pattern.path(frame: $0)) }, expectedPath: { pattern.path(frame: $0) })
        }
        if VideoFile.isVideo(plate) {
            let video = try VideoFile(probing: plate)
            let all = Array(startFrame..<(startFrame + video.frameCount))
            let stemBase = KeyJob.stem(of: plate)
            if let range, let bad = range.frames.first(where: { !all.contains($0) }) {
                throw ImageFileError(plate, "frame \(bad) is outside the video (frames \(startFrame)-\(all.last!) with --start-frame \(startFrame))")
            }
            return Shot(name: plate, source: .video(video, firstFrame: startFrame), hint: hintSource, available: all,
                        requested: range?.frames ?? all, stem: { String(format: "%@.%04d", stemBase, $0) })
        }
        if frames != nil {
            throw ValidationError("--frames needs a sequence pattern such as plate.####.exr or a video, not a single image")
        }
        return Shot(name: plate, source: .files([0: plate]), hint: hintSource, available: [0], requested: [0],
                    stem: { _ in KeyJob.stem(of: plate) })
    }

    private static func hintSource(_ hint: String?, startFrame: Int) throws -> HintSource {
        guard let hint else { return .none }
        if let pattern = SequencePattern(hint) {
            let found = ImageSequence.discover(pattern)
            return .files(Dictionary(uniqueKeysWithValues: found.map { ($0, pattern.path(frame: $0)) }), pattern: hint)
        }
        if VideoFile.isVideo(hint) { return .video(try VideoFile(probing: hint), firstFrame: startFrame) }
        return .still(hint)
    }

    /// The image files directly inside `folder`, in natural order (`f2` before `f10`).
    static func imageFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }

    /// Frame numbers for a list of file names: the last run of digits in each, when those are all
    /// different, else 1, 2, 3, … in order.
    static func frameNumbers(of names: [String]) -> [Int] {
        let numbers = names.map { name -> Int? in
            let stem = (name as NSString).deletingPathExtension
            guard let run = stem.split(whereSeparator: { !$0.isNumber }).last, stem.hasSuffix(run) else { return nil }
            return Int(run)
        }
        if numbers.allSatisfy({ $0 != nil }), Set(numbers.compactMap { $0 }).count == names.count {
            return numbers.map { $0! }
        }
        return names.indices.map { $0 + 1 }
    }
}
