import Foundation

/// Lets another thread (a server request, a signal handler's helper) stop a running shot.
///
/// The runner checks it before each frame it reads and each frame it processes; frames already processed are
/// still written, unfinished video files are removed, and the run throws `PipelineError.cancelled`. A later run
/// with `skipExisting` picks up where it stopped.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    /// Asks the run to stop.
    public func cancel() { lock.withLock { cancelled = true } }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { lock.withLock { cancelled } }
}
