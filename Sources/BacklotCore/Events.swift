/// What long work tells the person waiting for it: progress, notes, timings and problems that do not stop it.
///
/// Libraries never print; they send events to an `EventSink`. The command-line tool draws them as a progress
/// bar on a terminal (or one log line per item for farm logs), and a server can stream them over a websocket.
public enum Event: Sendable, Equatable {
    /// Work called `task` of `total` items begins (`total` is 0 when unknown).
    case began(task: String, total: Int)
    /// An item is finished: `completed` of `total`; `item` names it, `detail` says how it went.
    case advanced(task: String, completed: Int, total: Int, item: String, detail: String)
    /// Something the user should know that does not stop the work (a frame held, a hint resampled).
    case note(String)
    /// Seconds spent in each stage of one item, in order.
    case timings(item: String, stages: [StageTiming])
    /// A part of the work failed and the rest goes on (a shot of a batch); the line names what and why.
    case problem(String)
    /// The work is over, successfully or not.
    case ended(task: String)
}

/// The wall time of one stage of an item's work.
public struct StageTiming: Sendable, Hashable {
    /// The stage's name (`read`, `screen model`, `write`, …).
    public let stage: String
    public let seconds: Double

    public init(_ stage: String, _ seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }
}

/// Receives events. Implementations must be safe to call from any thread.
public protocol EventSink: Sendable {
    func send(_ event: Event)
}

/// A sink that drops every event (the default for library calls).
public struct SilentEvents: EventSink {
    public init() {}
    public func send(_ event: Event) {}
}
