import BacklotCore
import BacklotIO
import Foundation
import Keying

/// Keys a shot as a pipeline: a reader thread decodes frame n+1 (and the neighbours temporal steadying
/// needs) while frame n is keyed on all cores, and a writer thread writes frame n−1. Queues of one frame
/// between the stages bound memory whatever the length of the shot.
///
/// Every frame depends only on itself and its `temporalRadius` neighbours in the source, never on which
/// frames were asked for, so any `--frames` chunk gives the same files as a whole-shot run.
struct ShotRunner {
    let shot: Shot
    let job: KeyJob
    let settings: KeyerSettings
    let garbage: Image?
    let core: Image?
    let temporalRadius: Int
    let missing: Shot.MissingPolicy
    let skipExisting: Bool
    /// Optional ProRes 4444 file of the straight foreground with alpha, and H.264 review file of the comp.
    let prores: String?
    let review: String?
    /// Frame rate for video outputs when the source has none.
    let fps: String
    let progress: ProgressBar
    /// What the progress bar calls the work.
    let progressLabel: String
    let quiet: Bool
    let timings: Bool

    /// One frame of the plan: what to produce, and whether its passes are written (false when they exist
    /// already but the frame is still needed for a video output).
    struct Step: Sendable {
        let entry: Shot.Entry
        let writePasses: Bool
    }

    /// What a run did.
    struct Summary {
        var keyed = 0
        var skipped = 0
        var seconds = 0.0
    }

    /// The frames to key, after missing frames and `--skip-existing`; with notes for the user.
    func plan() throws -> (steps: [Step], skipped: Int, notes: [String]) {
        let (entries, notes) = try shot.entries(missing: missing)
        var steps: [Step] = []
        var skipped = 0
        let videoOut = prores != nil || review != nil
        for entry in entries {
            let done = skipExisting && job.outputs(stem: entry.stem).allSatisfy(FileManager.default.fileExists)
            if done { skipped += 1 }
            if !done || videoOut { steps.append(Step(entry: entry, writePasses: !done)) }
        }
        return (steps, skipped, notes)
    }

    /// Prints what `run` would do.
    func dryRun() throws {
        let (steps, skipped, notes) = try plan()
        _ = try shot.hintResolver(missing: missing, for: steps.map(\.entry.source))
        for note in notes { print("note: \(note)") }
        for step in steps where step.writePasses {
            let held = step.entry.source == step.entry.frame ? "" : " (held for frame \(step.entry.frame))"
            print("\(shot.label(step.entry.source))\(held) -> \(job.outputs(stem: step.entry.stem).joined(separator: ", "))")
        }
        for path in [prores, review].compactMap({ $0 }) { print("video -> \(path)") }
        let count = steps.filter(\.writePasses).count
        print("\(count) frame\(count == 1 ? "" : "s") to key" + (skipped > 0 ? ", \(skipped) already done" : ""))
    }

    /// Keys the shot.
    func run() throws -> Summary {
        let start = Date()
        let (steps, skipped, planNotes) = try plan()
        var summary = Summary(skipped: skipped)
        if !quiet {
            for note in planNotes { FileHandle.standardError.write(Data("note: \(shot.name): \(note)\n".utf8)) }
            if skipped > 0 {
                FileHandle.standardError.write(Data("note: \(shot.name): \(skipped) frame\(skipped == 1 ? "" : "s") already done\(steps.isEmpty ? "" : ", skipped")\n".utf8))
            }
        }
        // Temporary files of killed runs are never finished: clear them.
        for folder in Set(job.passes.map { (job.path($0, stem: "x") as NSString).deletingLastPathComponent }) {
            AtomicFile.removeStaleTemporaries(in: folder)
        }
        guard !steps.isEmpty else { return summary }
        progress.begin(progressLabel, total: steps.count)
        defer { progress.end() }
        let hintFor = try shot.hintResolver(missing: missing, for: steps.map(\.entry.source))
        let keyedSources = Set(steps.map(\.entry.source))
        let needed = Array(Set(keyedSources.flatMap { [$0] + shot.neighbours(of: $0, radius: temporalRadius) })).sorted()
        var stillHint: Image?
        if case .still(let path) = shot.hint { stillHint = try ImageIO.read(path) }

        let loaded = BoundedQueue<Loaded>(capacity: 1)
        let results = BoundedQueue<Keyed>(capacity: 1)
        let errors = ErrorBox()
        let reader = FrameReader(shot: shot, needed: needed, keyed: keyedSources, hintFor: hintFor, stillHint: stillHint)
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try reader.run(into: loaded) } catch { errors.record(error) }
            loaded.close()
            readerDone.signal()
        }
        let writer = FrameWriter(job: job, prores: prores, review: review, fps: shot.frameRate ?? fps, total: steps.count,
                                 progress: progress, quiet: quiet, timings: timings, shotName: shot.name)
        let writerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try writer.run(from: results) } catch { errors.record(error); results.cancel(); loaded.cancel() }
            writerDone.signal()
        }

        // Key in order, holding only the frames the current one and its neighbours need.
        var cache: [Int: Loaded] = [:]
        do {
            for (k, step) in steps.enumerated() {
                let source = step.entry.source
                let window = [source] + shot.neighbours(of: source, radius: temporalRadius)
                while !window.allSatisfy({ cache[$0] != nil }) {
                    guard let item = loaded.pop() else { throw errors.first ?? ImageFileError(shot.name, "reading stopped early") }
                    cache[item.frame] = item
                }
                let frame = cache[source]!
                let clock = Date()
                let neighbours = window.dropFirst().compactMap { cache[$0]?.plate }
                let steadied = neighbours.isEmpty ? nil : TemporalSteadying.steady(frame.plate, neighbours: neighbours)
                let steadySeconds = Date().timeIntervalSince(clock)
                var result: KeyResult
                do {
                    result = try Keyer.key(frame.plate, hint: frame.hint, garbage: garbage, core: core, steadied: steadied,
                                           settings: settings)
                } catch {
                    throw ImageFileError(frame.path, error.message)
                }
                if steadied != nil { result.timings.insert(("steady", steadySeconds), at: 0) }
                let keySeconds = Date().timeIntervalSince(clock)
                guard results.push(Keyed(step: step, result: result, readSeconds: frame.readSeconds, keySeconds: keySeconds)) else {
                    throw errors.first ?? ImageFileError(shot.name, "writing stopped early")
                }
                summary.keyed += step.writePasses ? 1 : 0
                // Drop frames no later step needs (all of them after the last step, before the last write).
                if k + 1 < steps.count {
                    let next = steps[k + 1].entry.source
                    let keep = Set([next] + shot.neighbours(of: next, radius: temporalRadius))
                    let lowest = keep.min()!
                    cache = cache.filter { $0.key >= lowest || keep.contains($0.key) }
                } else {
                    cache.removeAll()
                }
            }
            results.close()
        } catch {
            // Frames keyed before the failure are still written; the video files are incomplete and dropped.
            results.close()
            loaded.cancel()
            writerDone.wait()
            readerDone.wait()
            writer.abandon()
            throw errors.first ?? error
        }
        writerDone.wait()
        loaded.cancel()
        readerDone.wait()
        if let error = errors.first {
            writer.abandon()
            throw error
        }
        try writer.finishVideos()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }
}

/// A decoded plate frame with its hint.
struct Loaded: Sendable {
    let frame: Int
    let path: String
    let plate: Image
    let hint: Image?
    let readSeconds: Double
}

/// A keyed frame on its way to the writer.
struct Keyed: Sendable {
    let step: ShotRunner.Step
    let result: KeyResult
    let readSeconds: Double
    let keySeconds: Double
}

/// Reads the plate frames a run needs, in order, with the hints of the frames it keys.
struct FrameReader: Sendable {
    let shot: Shot
    let needed: [Int]
    let keyed: Set<Int>
    let hintFor: [Int: Int]
    let stillHint: Image?

    func run(into queue: BoundedQueue<Loaded>) throws {
        var size: (Int, Int)?
        var hints = HintReader(source: shot.hint, still: stillHint)
        func check(_ plate: Image, _ path: String) throws {
            if let size, size != (plate.width, plate.height) {
                throw ImageFileError(path, "is \(plate.width)x\(plate.height) but the shot's frames are \(size.0)x\(size.1)")
            }
            size = (plate.width, plate.height)
        }
        switch shot.source {
        case .files(let files):
            for f in needed {
                let clock = Date()
                let path = files[f]!
                // The plate and its hint are decoded at the same time.
                let plate = Box<Result<Image, Error>>()
                let done = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    plate.value = Result { try ImageIO.read(path) }
                    done.signal()
                }
                let hint = keyed.contains(f) ? Result { try hints.hint(for: hintFor[f] ?? f) } : .success(nil)
                done.wait()
                let image = try plate.value!.get()
                try check(image, path)
                guard queue.push(Loaded(frame: f, path: path, plate: image, hint: try hint.get(),
                                        readSeconds: Date().timeIntervalSince(clock))) else { return }
            }
        case .video(let video, let first):
            guard let lo = needed.first, let hi = needed.last else { return }
            let reader = try VideoReader(video, first: lo - first, count: hi - lo + 1)
            defer { reader.close() }
            let wanted = Set(needed)
            var clock = Date()
            while let plate = try reader.next() {
                let f = first + reader.index - 1
                guard wanted.contains(f) else { clock = Date(); continue }
                let name = "\(video.path) frame \(f)"
                try check(plate, name)
                let hint = keyed.contains(f) ? try hints.hint(for: hintFor[f] ?? f) : nil
                guard queue.push(Loaded(frame: f, path: name, plate: plate, hint: hint, readSeconds: Date().timeIntervalSince(clock))) else { return }
                clock = Date()
            }
        }
    }
}

/// A value handed back from another thread (written once, read after the writer is waited for).
final class Box<Value>: @unchecked Sendable {
    var value: Value?
}

/// Hands out hint images frame by frame, reading each file or video frame once.
struct HintReader {
    let source: Shot.HintSource
    let still: Image?
    private var video: VideoReader?
    private var last: (frame: Int, image: Image)?

    init(source: Shot.HintSource, still: Image?) {
        self.source = source
        self.still = still
    }

    /// The hint of frame `frame` (frames are asked for in ascending order).
    mutating func hint(for frame: Int) throws -> Image? {
        if let last, last.frame == frame { return last.image }
        var image: Image?
        switch source {
        case .none: return nil
        case .still: return still
        case .files(let files, let pattern):
            guard let path = files[frame] else { throw ImageFileError(pattern, "no hint for frame \(frame)") }
            image = try ImageIO.read(path)
        case .video(let file, let first):
            if video == nil { video = try VideoReader(file, first: max(0, frame - first)) }
            while let next = try video!.next() {
                if first + video!.index - 1 == frame { image = next; break }
            }
            guard image != nil else { throw ImageFileError(file.path, "no hint frame for frame \(frame)") }
        }
        last = (frame, image!)
        return image
    }
}

/// Writes keyed frames: their passes, and the frames of the optional video files, in order.
final class FrameWriter: @unchecked Sendable {
    let job: KeyJob
    let prores: String?
    let review: String?
    let fps: String
    let total: Int
    let progress: ProgressBar
    let quiet: Bool
    let timings: Bool
    let shotName: String
    private var videos: [VideoWriter] = []
    private var notesSeen: Set<String> = []
    private var completed = 0

    init(job: KeyJob, prores: String?, review: String?, fps: String, total: Int, progress: ProgressBar, quiet: Bool,
         timings: Bool, shotName: String) {
        self.job = job
        self.prores = prores
        self.review = review
        self.fps = fps
        self.total = total
        self.progress = progress
        self.quiet = quiet
        self.timings = timings
        self.shotName = shotName
    }

    func run(from queue: BoundedQueue<Keyed>) throws {
        while let item = queue.pop() {
            let clock = Date()
            let result = item.result
            let stem = item.step.entry.stem
            // The comp is made once when both the comp pass and the review video want it.
            let comp = review == nil ? nil : result.composite(over: job.compBackground)
            if item.step.writePasses { try job.write(result, stem: stem, composite: comp) }
            try appendVideo(result, composite: comp)
            let writeSeconds = Date().timeIntervalSince(clock)
            if !quiet {
                for note in result.notes where notesSeen.insert(note).inserted {
                    let from = total > 1 ? " (from frame \(item.step.entry.frame) on)" : ""
                    FileHandle.standardError.write(Data("note: \(shotName): \(note)\(from)\n".utf8))
                }
            }
            if timings {
                let stages = [("read", item.readSeconds)] + result.timings.map { ($0.stage, $0.seconds) } + [("write", writeSeconds)]
                let line = stages.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("timings: \(stem): \(line)\n".utf8))
            }
            completed += 1
            progress.update(completed: completed, note: String(format: "%@ (key %.2f s, write %.2f s)", stem, item.keySeconds, writeSeconds))
        }
    }

    private func appendVideo(_ result: KeyResult, composite: Image?) throws {
        if videos.isEmpty {
            let w = result.alpha.width, h = result.alpha.height
            if let prores { videos.append(try VideoWriter(path: prores, kind: .prores4444, width: w, height: h, frameRate: fps)) }
            if let review { videos.append(try VideoWriter(path: review, kind: .h264Preview, width: w, height: h, frameRate: fps)) }
        }
        for video in videos {
            switch video.kind {
            case .prores4444: try video.append(result.foreground, alpha: result.alpha)
            case .h264Preview: try video.append(composite ?? result.composite(over: job.compBackground))
            }
        }
    }

    /// Completes the video files and renames them into place.
    func finishVideos() throws {
        for video in videos { try video.finish() }
    }

    /// Removes unfinished video files.
    func abandon() {
        for video in videos { video.cancel() }
    }
}
