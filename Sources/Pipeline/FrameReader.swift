import BacklotCore
import BacklotIO
import Foundation

/// Reads the source frames a plan needs, in order, with the shot's inputs for the frames it processes. A
/// source frame and its inputs are decoded at the same time; every source frame must have the same size.
struct FrameReader<Pass: Hashable & Sendable>: @unchecked Sendable {
    let plan: Plan<Pass>
    let cancellation: Cancellation?
    private let roles: [String]
    private let inputs: [FrameSourceReader]

    /// Stills among the inputs are read here, once, on the calling thread: a broken one stops the shot
    /// before any work.
    init(plan: Plan<Pass>, cancellation: Cancellation?) throws {
        self.plan = plan
        self.cancellation = cancellation
        roles = plan.shot.inputs.keys.sorted()
        inputs = roles.map { role in
            plan.shot.inputs[role]!.reader(for: plan.inputFrames[role].map { Array($0.values) } ?? [0])
        }
        for (role, input) in zip(roles, inputs) where plan.shot.inputs[role]!.isStill { _ = try input.read(0) }
    }

    func run(into queue: BoundedQueue<LoadedFrame>) throws {
        let shot = plan.shot
        let reads = plan.reads
        let processed = Set(plan.steps.map(\.source))
        let source = shot.source.reader(for: reads)
        defer { source.close() }
        defer { inputs.forEach { $0.close() } }
        var size: (Int, Int)?
        for f in reads {
            if cancellation?.isCancelled == true { return }
            let clock = Date()
            let label = shot.source.label(f)
            // The source frame is decoded on a thread of its own while the inputs are read here.
            let decoded = Box<Result<Image, Error>>()
            let done = DispatchSemaphore(value: 0)
            let reader = UncheckedSendable(value: source)
            Thread.detachNewThread {
                decoded.value = Result { try reader.value.read(f) }
                done.signal()
            }
            var images: Result<[String: Image], Error> = .success([:])
            if processed.contains(f) {
                images = Result {
                    var out: [String: Image] = [:]
                    for (role, input) in zip(roles, inputs) {
                        out[role] = try input.read(plan.inputFrames[role]?[f] ?? f)
                    }
                    return out
                }
            }
            done.wait()
            let image = try decoded.value!.get()
            if let size, size != (image.width, image.height) {
                throw ImageFileError(label, "is \(image.width)x\(image.height) but the shot's frames are \(size.0)x\(size.1)")
            }
            size = (image.width, image.height)
            let loaded = LoadedFrame(frame: f, label: label, image: image, inputs: try images.get(),
                                     readSeconds: Date().timeIntervalSince(clock))
            guard queue.push(loaded) else { return }
        }
    }
}

/// A value handed back from another thread (written once, read after the thread is waited for).
final class Box<Value>: @unchecked Sendable {
    var value: Value?
}

/// A reference handed to one other thread while this one waits for it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
