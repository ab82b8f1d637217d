import BacklotCore
import Foundation

/// Draws progress on standard error: a bar with rate and ETA on a terminal, nothing otherwise
/// (or one line per item with `logLines`, for farm logs).
final class ProgressBar: ProgressReporter, @unchecked Sendable {
    private let enabled: Bool
    private let logLines: Bool
    private let lock = NSLock()
    private var label = ""
    private var total = 0
    private var start = Date()
    private var lastDraw = Date.distantPast

    /// A bar that draws only when stderr is a terminal and `quiet` is false.
    init(quiet: Bool, logLines: Bool = false) {
        enabled = !quiet && isatty(STDERR_FILENO) != 0
        self.logLines = !quiet && logLines && !enabled
    }

    func begin(_ label: String, total: Int) {
        lock.withLock {
            self.label = label
            self.total = total
            start = Date()
            lastDraw = .distantPast
        }
    }

    func update(completed: Int, note: String) {
        lock.withLock {
            let elapsed = Date().timeIntervalSince(start)
            if logLines {
                FileHandle.standardError.write(Data("\(label) \(completed)/\(total) \(note) (\(String(format: "%.2f", elapsed)) s)\n".utf8))
            }
            guard enabled, completed == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            let fraction = total > 0 ? Double(completed) / Double(total) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let rate = elapsed > 0 ? Double(completed) / elapsed : 0
            let eta = rate > 0 ? Double(total - completed) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "\r\u{1B}[2K%@ %@ %d/%d  %.1f/s  ETA %@  %@", label, bar, completed, total, rate,
                              ProgressBar.clock(eta), note)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func end() {
        lock.withLock {
            if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
