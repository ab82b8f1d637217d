import BacklotCore
import BacklotIO
import Foundation

/// Writes processed frames in order: their files, and the frames of the video outputs; reports each frame's
/// progress, timings and (once per shot) its notes.
final class FrameWriter<Pass: Hashable & Sendable>: @unchecked Sendable {
    private let plan: Plan<Pass>
    private let task: String
    private let verb: String
    private let events: any EventSink
    private var videos: [(output: Outputs<Pass>.Video, writer: VideoWriter)] = []
    private var notesSeen: Set<String> = []
    private var completed = 0
    private var clamped = (samples: 0, frames: 0)

    /// - Parameter verb: The operation's name, for each frame's timing (`key 0.21 s, write 0.08 s`).
    init(plan: Plan<Pass>, task: String, verb: String, events: any EventSink) {
        self.plan = plan
        self.task = task
        self.verb = verb
        self.events = events
    }

    func run(from queue: BoundedQueue<ProcessedFrame<Pass>>) throws {
        let shot = plan.shot.name
        let total = plan.steps.count
        while let item = queue.pop() {
            let clock = Date()
            let step = item.step
            if step.writesFiles {
                let count = try plan.outputs.write(item.result.images, stem: step.stem, frame: step.frame)
                if count > 0 { clamped = (clamped.samples + count, clamped.frames + 1) }
            }
            try appendVideos(item.result.images)
            let writeSeconds = Date().timeIntervalSince(clock)
            for note in item.result.notes where notesSeen.insert(note).inserted {
                events.send(.note("\(shot): \(note)" + (total > 1 ? " (from frame \(step.frame) on)" : "")))
            }
            events.send(.timings(item: step.stem, stages: [StageTiming("read", item.readSeconds)] + item.result.timings
                                 + [StageTiming("write", writeSeconds)]))
            completed += 1
            events.send(.advanced(task: task, completed: completed, total: total, item: step.stem,
                                  detail: String(format: "%@ %.2f s, write %.2f s", verb, item.seconds, writeSeconds)))
        }
        if clamped.samples > 0 {
            let s = clamped.samples == 1 ? "" : "s", f = clamped.frames == 1 ? "" : "s"
            events.send(.note("\(shot): \(clamped.samples) sample\(s) in \(clamped.frames) frame\(f) beyond the half-float range "
                              + "were stored as ±65504 (write float EXR to keep them)"))
        }
    }

    private func appendVideos(_ images: [Pass: Image]) throws {
        guard !plan.outputs.videos.isEmpty else { return }
        if videos.isEmpty, let any = images.values.first {
            let rate = plan.shot.source.frameRate ?? plan.outputs.frameRate
            for video in plan.outputs.videos {
                videos.append((video, try VideoWriter(path: video.path, kind: video.kind, width: any.width, height: any.height,
                                                      frameRate: rate)))
            }
        }
        for (output, writer) in videos {
            guard let image = images[output.pass] else {
                throw ImageFileError(output.path, "the operation made no \(output.pass) output for this frame")
            }
            try writer.append(image)
        }
    }

    /// Completes the video files and renames them into place.
    func finishVideos() throws {
        for (_, writer) in videos { try writer.finish() }
    }

    /// Removes unfinished video files.
    func abandonVideos() {
        for (_, writer) in videos { writer.cancel() }
    }
}
