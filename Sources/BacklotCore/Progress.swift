/// Receives progress reports from long work (many frames, a long solve).
///
/// The command-line tool draws these as a bar with an ETA on a terminal; a server could send them as events.
/// Implementations must be safe to call from any thread.
public protocol ProgressReporter: Sendable {
    /// Work of `total` units called `label` begins.
    func begin(_ label: String, total: Int)
    /// `completed` of `total` units are done; `note` says what was just finished.
    func update(completed: Int, note: String)
    /// The work is over (successfully or not).
    func end()
}

/// A reporter that ignores everything (the default for library calls).
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func begin(_ label: String, total: Int) {}
    public func update(completed: Int, note: String) {}
    public func end() {}
}
