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
        var lastGood: Image?
        var lastInputs: [String: Image] = [:]
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
            var images: [String: Image] = [:]
            var problems: [String] = []
            var inputError: Error?
            if processed.contains(f) {
                for (role, input) in zip(roles, inputs) {
                    do {
                        images[role] = try input.read(plan.inputFrames[role]?[f] ?? f)
                        lastInputs[role] = images[role]
                    } catch {
                        // Under skip or hold an unreadable input frame is a missing one, named in a note.
                        // Thrown once the source frame's thread is done with the reader.
                        guard plan.missing != .error else { inputError = error; break }
                        let problem = error.message
                        if plan.missing == .hold, let held = lastInputs[role] {
                            images[role] = held
                            problems.append("\(problem); the previous \(role) frame held in its place")
                        } else {
                            problems.append(problem)
                        }
                    }
                }
            }
            done.wait()
            if let inputError { throw inputError }
            var image: Image
            var unreadable: String?
            do {
                image = try decoded.value!.get()
                if let size, size != (image.width, image.height) {
                    throw ImageFileError(label, "is \(image.width)x\(image.height) but the shot's frames are \(size.0)x\(size.1)")
                }
                lastGood = image
            } catch let error as ImageFileError where plan.missing != .error && !shot.source.isVideo {
                guard plan.missing == .hold, let held = lastGood else {
                    unreadable = error.message
                    image = lastGood ?? Image(width: 1, height: 1, channels: ["R", "G", "B"])
                    problems.append(error.message)
                    guard queue.push(LoadedFrame(frame: f, label: label, image: image, inputs: images, readSeconds: 0,
                                                 notes: problems, unreadable: unreadable)) else { return }
                    continue
                }
                image = held
                problems.append("\(error.message); the previous frame held in its place")
            }
            size = (image.width, image.height)
            let missingInput = images.count < roles.count && processed.contains(f)
            let loaded = LoadedFrame(frame: f, label: label, image: image, inputs: images,
                                     readSeconds: Date().timeIntervalSince(clock), notes: problems,
                                     unreadable: missingInput ? problems.last : nil)
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
