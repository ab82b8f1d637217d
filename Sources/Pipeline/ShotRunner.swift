import BacklotCore
import BacklotIO
import Foundation

/// Runs an operation over a planned shot as a pipeline: a reader thread decodes frame n+1 (with the
/// neighbours the operation asks for and the shot's other inputs) while frame n is processed on every core,
/// and a writer thread writes frame n−1. Queues of one frame between the stages bound memory whatever the
/// length of the shot.
///
/// Every frame depends only on its own source frame, its neighbours in the source and its inputs, never on
/// which frames were asked for, so any chunk of frames gives the same files as a whole-shot run.
public struct ShotRunner<Operation: FrameOperation> {
    public let plan: Plan<Operation.Pass>
    public let operation: Operation
    /// Where progress, notes and timings go.
    public var events: any EventSink
    /// What progress lines call the work (default: the operation's name).
    public var task: String
    /// Stops the run early when cancelled.
    public var cancellation: Cancellation?

    public init(plan: Plan<Operation.Pass>, operation: Operation, events: any EventSink = SilentEvents(),
                task: String? = nil, cancellation: Cancellation? = nil) {
        self.plan = plan
        self.operation = operation
        self.events = events
        self.task = task ?? operation.name
        self.cancellation = cancellation
    }

    /// Runs the plan. Frames processed before a failure or a cancellation are still written; unfinished
    /// video files are removed.
    public func run() throws -> RunSummary {
        let start = Date()
        let shot = plan.shot
        var summary = RunSummary(skipped: plan.skipped)
        for note in plan.notes { events.send(.note("\(shot.name): \(note)")) }
        if plan.skipped > 0 {
            let s = plan.skipped == 1 ? "" : "s"
            events.send(.note("\(shot.name): \(plan.skipped) frame\(s) already done\(plan.steps.isEmpty ? "" : ", skipped")"))
        }
        for folder in plan.outputs.folders {
            // Folders are made as their first file is written; a killed run's temporaries are never finished.
            try AtomicFile.checkWritableFolder(folder)
            AtomicFile.removeStaleTemporaries(in: folder)
        }
        let made = foldersToBeMade()
        for video in plan.outputs.videos {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: video.path, isDirectory: &isDir), isDir.boolValue {
                throw ImageFileError(video.path, "is a folder: give the video a file name")
            }
        }
        guard !plan.steps.isEmpty else { return summary }
        let reader = try FrameReader(plan: plan, cancellation: cancellation)
        events.send(.began(task: task, total: plan.steps.count))
        defer { events.send(.ended(task: task)) }

        let loaded = BoundedQueue<LoadedFrame>(capacity: 1)
        let results = BoundedQueue<ProcessedFrame<Operation.Pass>>(capacity: 1)
        let errors = FirstError()
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try reader.run(into: loaded) } catch { errors.record(error) }
            loaded.close()
            readerDone.signal()
        }
        let writer = FrameWriter(plan: plan, task: task, verb: operation.name, events: events)
        let writerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { try writer.run(from: results) } catch { errors.record(error); results.cancel(); loaded.cancel() }
            writerDone.signal()
        }
        do {
            summary.processed = try process(from: loaded, into: results, errors: errors)
            results.close()
        } catch {
            // Frames processed before the failure are still written; the video files are incomplete and dropped.
            results.close()
            loaded.cancel()
            writerDone.wait()
            readerDone.wait()
            writer.abandonVideos()
            removeEmpty(made)
            throw errors.first ?? error
        }
        writerDone.wait()
        loaded.cancel()
        readerDone.wait()
        if let error = errors.first {
            writer.abandonVideos()
            removeEmpty(made)
            throw error
        }
        try writer.finishVideos()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The output folders, and their parents, that do not exist yet: what this run will make.
    private func foldersToBeMade() -> [String] {
        var made = Set<String>()
        for folder in plan.outputs.folders {
            var path = folder
            while !path.isEmpty, path != "/", path != ".", !FileManager.default.fileExists(atPath: path) {
                made.insert(path)
                path = PathName.parent(path)
            }
        }
        return made.sorted { $0.split(separator: "/").count > $1.split(separator: "/").count }
    }

    /// After a failure, removes the folders this run made that are still empty (deepest first), so a failed
    /// run leaves no empty folders behind; folders holding finished frames stay.
    private func removeEmpty(_ made: [String]) {
        for folder in made { rmdir(folder) }
    }

    /// Refuses frames the operation would need more memory for than the machine has, before any work; notes
    /// the size of very large frames, whose keys take a while.
    private func checkMemory(for image: Image, label: String) throws {
        let (w, h) = (image.width, image.height)
        try MemoryBudget.check(width: w, height: h, bytesPerPixel: operation.bytesPerPixel, path: label,
                               what: "\(operation.name == "key" ? "keying" : operation.name == "convert" ? "converting" : operation.name) it")
        if w * h >= 40_000_000 {
            let bytes = Double(w * h * operation.bytesPerPixel)
            events.send(.note("\(plan.shot.name): frames are \(w)x\(h) (\(MemoryBudget.megapixels(w, h)) megapixels): "
                              + String(format: "%@ needs about %.1f GB of memory per frame", operation.name, bytes / 1e9)))
        }
    }

    /// Drops the frames no step after step `k` needs (all of them after the last step).
    private func dropFrames(after k: Int, from cache: inout [Int: LoadedFrame]) {
        guard k + 1 < plan.steps.count else { cache.removeAll(); return }
        let next = plan.steps[k + 1].source
        let keep = Set([next] + plan.neighbours(of: next))
        let lowest = keep.min()!
        cache = cache.filter { $0.key >= lowest || keep.contains($0.key) }
    }

    /// Processes the steps in order, holding only the frames the current one and its neighbours need.
    private func process(
        from loaded: BoundedQueue<LoadedFrame>, into results: BoundedQueue<ProcessedFrame<Operation.Pass>>, errors: FirstError
    ) throws -> Int {
        let steps = plan.steps
        var cache: [Int: LoadedFrame] = [:]
        var processed = 0
        var memoryChecked = false
        let stepFrames = Set(steps.map(\.source))
        for (k, step) in steps.enumerated() {
            if cancellation?.isCancelled == true { throw PipelineError.cancelled(shot: plan.shot.name) }
            let window = [step.source] + plan.neighbours(of: step.source)
            while !window.allSatisfy({ cache[$0] != nil }) {
                guard let item = loaded.pop() else {
                    if cancellation?.isCancelled == true { throw PipelineError.cancelled(shot: plan.shot.name) }
                    throw errors.first ?? ImageFileError(plan.shot.name, "reading stopped early")
                }
                cache[item.frame] = item
                for note in item.notes {
                    let skipped = item.unreadable != nil && stepFrames.contains(item.frame)
                    events.send(.note("\(plan.shot.name): \(note)" + (skipped ? "; frame \(item.frame) skipped" : "")))
                }
            }
            defer { dropFrames(after: k, from: &cache) }
            let frame = cache[step.source]!
            if frame.unreadable != nil { continue }
            if !memoryChecked {
                try checkMemory(for: frame.image, label: frame.label)
                memoryChecked = true
            }
            let clock = Date()
            let result: FrameResult<Operation.Pass>
            do {
                result = try operation.process(
                    FrameWindow(frame: step.source, image: frame.image,
                                neighbours: window.dropFirst().compactMap { cache[$0] }.filter { $0.unreadable == nil }.map(\.image),
                                inputs: frame.inputs, label: frame.label),
                    passes: plan.passes(for: step))
            } catch let error as ImageFileError {
                throw error
            } catch {
                throw ImageFileError(frame.label, (error as? BacklotError)?.message ?? "\(error)")
            }
            let seconds = Date().timeIntervalSince(clock)
            guard results.push(ProcessedFrame(step: step, result: result, readSeconds: frame.readSeconds, seconds: seconds)) else {
                throw errors.first ?? ImageFileError(plan.shot.name, "writing stopped early")
            }
            processed += step.writesFiles ? 1 : 0
        }
        return processed
    }
}

/// What a run did.
public struct RunSummary: Sendable, Equatable {
    /// Frames whose files were written.
    public var processed = 0
    /// Frames already done (with `skipExisting`).
    public var skipped = 0
    /// Wall time of the run.
    public var seconds = 0.0

    public init(processed: Int = 0, skipped: Int = 0, seconds: Double = 0) {
        self.processed = processed
        self.skipped = skipped
        self.seconds = seconds
    }
}

/// A decoded source frame with the shot's inputs for it.
struct LoadedFrame: Sendable {
    let frame: Int
    let label: String
    let image: Image
    let inputs: [String: Image]
    let readSeconds: Double
    /// Unreadable frames met under --missing skip or hold, in words.
    var notes: [String] = []
    /// Why the frame (or one of its inputs) could not be read and nothing was held in its place: its step is
    /// skipped, and it is no neighbour of another.
    var unreadable: String?
}

/// A processed frame on its way to the writer.
struct ProcessedFrame<Pass: Hashable & Sendable>: Sendable {
    let step: Plan<Pass>.Step
    let result: FrameResult<Pass>
    let readSeconds: Double
    let seconds: Double
}
