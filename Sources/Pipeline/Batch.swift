import BacklotCore
import Foundation

/// How one shot of a batch went.
public struct ShotReport: Sendable, Equatable {
    /// The shot's name.
    public let name: String
    /// Frames processed, and frames already done.
    public let processed: Int, skipped: Int
    /// Wall time.
    public let seconds: Double
    /// Why it failed, if it did.
    public let failure: String?

    /// `ok`, `ok (3 already done)` or `failed: …`.
    public var status: String {
        if let failure { return "failed: \(failure)" }
        return skipped > 0 ? "ok (\(skipped) already done)" : "ok"
    }

    /// The reports as a table with a header: shot, frames, seconds, frames per second, status.
    public static func table(_ reports: [ShotReport]) -> String {
        let header = String(format: "%-24@ %7@ %9@ %7@  %@", "shot" as NSString, "frames" as NSString, "seconds" as NSString,
                            "fps" as NSString, "status" as NSString)
        return ([header] + reports.map { r in
            let fps = r.seconds > 0 ? Double(r.processed) / r.seconds : 0
            return String(format: "%-24@ %7d %9.1f %7.2f  %@", r.name as NSString, r.processed, r.seconds, fps, r.status as NSString)
        }).joined(separator: "\n")
    }
}

/// Runs shots one after another; a shot that fails is reported (as a `.problem` event and in its report)
/// and the others go on.
public enum ShotBatch {
    /// Calls `run` for each of `shots` and reports how each went.
    public static func run<Item>(
        _ shots: [Item], name: (Item) -> String, events: any EventSink,
        _ run: (Item) throws -> RunSummary
    ) -> [ShotReport] {
        shots.map { shot in
            do {
                let summary = try run(shot)
                return ShotReport(name: name(shot), processed: summary.processed, skipped: summary.skipped,
                                  seconds: summary.seconds, failure: nil)
            } catch {
                let message = (error as? BacklotError)?.message ?? "\(error)"
                events.send(.problem(message))
                return ShotReport(name: name(shot), processed: 0, skipped: 0, seconds: 0, failure: message)
            }
        }
    }
}
