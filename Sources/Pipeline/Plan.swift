import BacklotCore
import BacklotIO
import Foundation

/// What a run will do, decided before any work: which frames, from which source frames, with which inputs,
/// into which files. Missing frames, missing inputs, finished frames and outputs that would overwrite inputs
/// are all found here, so a shot that cannot finish stops before its first frame.
public struct Plan<Pass: Hashable & Sendable>: Sendable {
    /// One frame to produce.
    public struct Step: Sendable {
        /// The frame's number (its outputs are named after it).
        public let frame: Int
        /// The source frame processed for it: itself, or the frame held in its place.
        public let source: Int
        /// The name its outputs get.
        public let stem: String
        /// Whether its files are written (false when they exist already and only video outputs need it).
        public let writesFiles: Bool
    }

    public let shot: Shot
    public let outputs: Outputs<Pass>
    /// Frames on each side of a step's source that are read with it.
    public let radius: Int
    /// The frames to produce, in order.
    public let steps: [Step]
    /// Frames whose files all exist already (with `skipExisting`).
    public let skipped: Int
    /// Frames skipped or held, inputs held: what the user should know before the run.
    public let notes: [String]
    /// For each input role, the input frame read with each processed source frame.
    public let inputFrames: [String: [Int: Int]]
    /// The source frames read: every processed frame and its neighbours, ascending.
    public let reads: [Int]

    /// Plans `shot` into `outputs` for an operation that reads `radius` frames on each side.
    ///
    /// - Parameters:
    ///   - missing: What to do about a requested frame (or an input frame) that is not there.
    ///   - skipExisting: Leave out frames whose files all exist (they are still read when a video needs them).
    /// What to do about a missing frame; an unreadable frame (damaged, truncated) is treated the same way
    /// when it is found at read time.
    public let missing: MissingPolicy

    public init(
        shot: Shot, outputs: Outputs<Pass>, radius: Int = 0, missing: MissingPolicy = .error, skipExisting: Bool = false
    ) throws {
        self.shot = shot
        self.outputs = outputs
        self.radius = max(0, radius)
        self.missing = missing
        var steps: [Step] = []
        var notes: [String] = []
        var skipped = 0
        let source = shot.source
        let present = Set(source.frames)
        for f in shot.frames {
            var from = f
            if !present.contains(f) {
                switch missing {
                case .error:
                    throw ImageFileError(source.path(of: f) ?? shot.name,
                                         "frame \(f) is missing from the shot (use --missing skip or --missing hold to go on without it)")
                case .skip:
                    notes.append("frame \(f) is missing: skipped")
                    continue
                case .hold:
                    guard let held = source.frames.last(where: { $0 < f }) ?? source.frames.first(where: { $0 > f }) else {
                        throw ImageFileError(source.path(of: f) ?? shot.name, "frame \(f) is missing and the shot has no frame to hold")
                    }
                    notes.append("frame \(f) is missing: frame \(held) held in its place")
                    from = held
                }
            }
            let stem = source.stem(f)
            let done = skipExisting && outputs.paths(stem: stem, frame: f).allSatisfy(Plan.isFinished)
            if done { skipped += 1 }
            if !done || !outputs.videos.isEmpty { steps.append(Step(frame: f, source: from, stem: stem, writesFiles: !done)) }
        }
        // The other inputs: a frame they lack stops the shot, is skipped, or borrows the input's nearest frame.
        var inputFrames: [String: [Int: Int]] = [:]
        for role in shot.inputs.keys.sorted() where !shot.inputs[role]!.isStill {
            let input = shot.inputs[role]!
            let processed = Array(Set(steps.map(\.source))).sorted()
            let lacking = processed.filter { !input.contains($0) }
            if let f = lacking.first, missing == .error || input.frames.isEmpty {
                let span = input.frames.isEmpty ? "it has no frames" : "it covers \(input.range)"
                throw ImageFileError(input.name, "no \(role) for frame \(f) (\(span); --missing skip leaves such frames out, "
                                     + "--missing hold reuses the nearest \(role))")
            }
            if missing == .skip, !lacking.isEmpty {
                let gone = Set(lacking)
                notes.append("no \(role) for frame\(lacking.count == 1 ? "" : "s") \(FrameRange(frames: lacking)): skipped")
                steps.removeAll { gone.contains($0.source) }
            }
            var map: [Int: Int] = [:]
            var held: [Int: [Int]] = [:]
            for f in processed where missing != .skip || input.contains(f) {
                if input.contains(f) { map[f] = f; continue }
                let nearest = input.frames.last(where: { $0 < f }) ?? input.frames.first!
                map[f] = nearest
                held[nearest, default: []].append(f)
            }
            for (frame, frames) in held.sorted(by: { $0.key < $1.key }) {
                let s = frames.count == 1 ? "" : "s"
                notes.append("no \(role) for frame\(s) \(FrameRange(frames: frames)): \(role) frame \(frame) held in its place")
            }
            inputFrames[role] = map
        }
        self.steps = steps
        self.skipped = skipped
        self.notes = notes
        self.inputFrames = inputFrames
        let processed = Set(steps.map(\.source))
        reads = Array(Set(processed.flatMap { [$0] + shot.neighbours(of: $0, radius: max(0, radius)) })).sorted()
        try checkAliasing()
    }

    /// The source frames read with `frame`.
    public func neighbours(of frame: Int) -> [Int] { shot.neighbours(of: frame, radius: radius) }

    /// The passes to compute for `step`: its files' and the videos'.
    public func passes(for step: Step) -> Set<Pass> {
        step.writesFiles ? outputs.filePasses.union(outputs.videoPasses) : outputs.videoPasses
    }

    /// What the run would do, line by line: notes, each frame's source and files, the videos, a count.
    public func listing(verb: String) -> [String] {
        var lines = notes.map { "note: \($0)" }
        for step in steps where step.writesFiles {
            let held = step.source == step.frame ? "" : " (held for frame \(step.frame))"
            lines.append("\(shot.source.label(step.source))\(held) -> "
                         + outputs.paths(stem: step.stem, frame: step.frame).joined(separator: ", "))
        }
        lines += outputs.videos.map { "video -> \($0.path)" }
        let count = steps.filter(\.writesFiles).count
        lines.append("\(count) frame\(count == 1 ? "" : "s") to \(verb)" + (skipped > 0 ? ", \(skipped) already done" : ""))
        return lines
    }

    /// Refuses outputs that would overwrite an input file of the shot, or each other (symbolic links and `..`
    /// resolved).
    private func checkAliasing() throws(PipelineError) {
        var inputs: [String: String] = [:]
        func addInput(_ path: String?) {
            guard let path else { return }
            inputs[Plan.resolved(path)] = path
        }
        for f in reads { addInput(shot.source.path(of: f)) }
        if case .video(let video, _) = shot.source.kind { addInput(video.path) }
        for (role, input) in shot.inputs {
            if case .video(let video, _) = input.kind { addInput(video.path) }
            if input.isStill { addInput(input.path(of: 0)) }
            for f in Set(inputFrames[role]?.values.map { $0 } ?? []) { addInput(input.path(of: f)) }
        }
        var written: [String: String] = [:]
        let files = steps.filter(\.writesFiles).flatMap { outputs.paths(stem: $0.stem, frame: $0.frame) }
        for path in files + outputs.videos.map(\.path) {
            // Too long a name would fail at the first write with a vague "cannot create": say it before any work.
            if path.utf8.count >= 4096 { throw .nameTooLong(output: path, bytes: path.utf8.count, limit: 4095, whole: true) }
            if let long = path.split(separator: "/").first(where: { $0.utf8.count > 255 }) {
                throw .nameTooLong(output: path, bytes: long.utf8.count, limit: 255, whole: false)
            }
            let real = Plan.resolved(path)
            if let input = inputs[real] { throw .aliased(output: path, other: input, isInput: true) }
            if let other = written[real] { throw .aliased(output: path, other: other, isInput: false) }
            written[real] = path
        }
    }

    /// Whether an output file counts as done for `skipExisting`: a non-empty regular file (an empty file or a
    /// folder under an output's name is not a finished frame).
    static func isFinished(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_size > 0
    }

    /// `path` as the kernel would open it: symbolic links and `..` resolved component by component, in that
    /// order (`a/link/..` is the link target's parent, not `a`), as far as the path exists; what does not exist
    /// yet (an output to be written) is followed as the folders that will be made for it.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realPath(absolute) { return real }
        var current = "/"
        for component in absolute.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": current = PathName.parent(current)
            default:
                let next = PathName.joined(current, String(component))
                current = realPath(next) ?? next
            }
        }
        return current
    }

    private static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}
