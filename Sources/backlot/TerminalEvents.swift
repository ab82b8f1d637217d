import BacklotCore
import Foundation

/// Draws a library's events on standard error: a progress bar with rate and ETA on a terminal, or one line
/// per finished item for farm logs; notes (unless quiet), stage timings (when asked) and problems.
final class TerminalEvents: EventSink, @unchecked Sendable {
    private let quiet: Bool
    private let bar: Bool
    private let logLines: Bool
    private let timings: Bool
    private let lock = NSLock()
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// - Parameters:
    ///   - quiet: No bar, no log lines, no notes (problems and asked-for timings still show).
    ///   - logLines: One line per finished item when standard error is not a terminal.
    ///   - timings: Print each item's stage timings.
    init(quiet: Bool, logLines: Bool = false, timings: Bool = false) {
        self.quiet = quiet
        bar = !quiet && isatty(STDERR_FILENO) != 0
        self.logLines = !quiet && logLines && !bar
        self.timings = timings
    }

    func send(_ event: Event) {
        lock.withLock {
            switch event {
            case .began:
                start = Date()
                lastDraw = .distantPast
            case .advanced(let task, let completed, let total, let item, let detail):
                advance(task, completed, total, detail.isEmpty ? item : "\(item) (\(detail))")
            case .note(let text):
                if !quiet { line("note: \(text)") }
            case .timings(let item, let stages):
                if timings { line("timings: \(item): " + stages.map { "\($0.stage) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", ")) }
            case .problem(let text):
                line("Error: \(text)")
            case .ended:
                if drawn { write("\n") }
                drawn = false
            }
        }
    }

    private func advance(_ task: String, _ completed: Int, _ total: Int, _ note: String) {
        let elapsed = Date().timeIntervalSince(start)
        if logLines { write("\(task) \(completed)/\(total) \(note) (\(String(format: "%.2f", elapsed)) s)\n") }
        guard bar, completed == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let fraction = total > 0 ? Double(completed) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        let eta = rate > 0 ? Double(total - completed) / rate : 0
        let meter = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write(String(format: "\r\u{1B}[2K%@ %@ %d/%d  %.1f/s  ETA %@  %@", task, meter, completed, total, rate,
                     TerminalEvents.clock(eta), note))
        drawn = true
    }

    /// A line of its own, clearing a bar drawn on the same line first.
    private func line(_ text: String) {
        write((drawn ? "\r\u{1B}[2K" : "") + text + "\n")
        drawn = false
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
