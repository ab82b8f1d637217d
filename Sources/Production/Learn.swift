import BacklotCore
import BacklotIO
import Foundation
import GRDB
import Keying

/// What a box can learn.
public enum ModelKind: String, Sendable, CaseIterable {
    /// Each setup's clean plate: the backing colour of its screen, learned across its takes.
    case screens
    /// Each camera's look: a 3D LUT from its plates to the graded references the production delivered.
    case look
    /// Each camera's grain at each ISO: noise level per brightness, noise power spectrum, chroma correlation.
    case grain
}

/// What one learning did for one subject.
public struct LearnOutcome: Sendable, Equatable {
    public var kind: ModelKind, subject: String
    /// The model registered (its file), or why none was.
    public var file: String?, skipped: String?
    public var quality: [String: Double] = [:]
}

/// Learns a box's models from its catalogued dailies. A model already learned from exactly the dailies its
/// subject has now is up to date and not learned again.
public enum Learn {
    public static func run(_ kinds: [ModelKind], box: Box, catalog: Catalog, maxFrames: Int = 100, force: Bool = false,
                           events: EventSink = SilentEvents()) throws(ProductionError) -> [LearnOutcome] {
        try catalog.whileLearning(box) { () throws(ProductionError) -> [LearnOutcome] in
            var outcomes: [LearnOutcome] = []
            for kind in kinds {
                switch kind {
                case .screens:
                    for setup in try catalog.setups() {
                        outcomes.append(try screens(of: setup.name, box: box, catalog: catalog, maxFrames: maxFrames, force: force, events: events))
                    }
                case .look:
                    for camera in try catalog.gradedCameras() {
                        outcomes.append(try look(of: camera, box: box, catalog: catalog, maxPairs: maxFrames, force: force, events: events))
                    }
                case .grain:
                    for subject in try catalog.grainSubjects() {
                        outcomes.append(try grain(of: subject, box: box, catalog: catalog, maxRuns: Swift.min(grainRuns, Swift.max(2, maxFrames / 3)),
                                                  force: force, events: events))
                    }
                }
            }
            return outcomes
        }
    }

    /// One frame of a setup's dailies: a file of a sequence, or a frame of a video.
    struct Source { let path: String, frame: Int, sha256: String, video: Bool, size: Int64, modified: Double }

    static func screens(of setup: String, box: Box, catalog: Catalog, maxFrames: Int, force: Bool,
                        events: EventSink) throws(ProductionError) -> LearnOutcome {
        var outcome = LearnOutcome(kind: .screens, subject: setup)
        let (sources, digest, key) = try catalog.read(setup) { db -> ([Source], String, String) in
            let rows = try Row.fetchAll(db, sql: """
                SELECT f.path, f.frame, f.sha256, f.size, f.modified, d.kind, d.frameCount FROM file f
                JOIN daily d ON d.id = f.dailyId JOIN setup s ON s.id = d.setupId
                WHERE s.name = ? AND f.status != 'missing' ORDER BY d.name, f.frame
                """, arguments: [setup])
            let sources = rows.flatMap { r -> [Source] in
                let video = (r["kind"] as String) == "video"
                let frames = video ? Array(0..<Swift.max(1, r["frameCount"] as Int)) : [r["frame"] as Int? ?? 0]
                return frames.map { Source(path: r["path"], frame: $0, sha256: r["sha256"], video: video, size: r["size"], modified: r["modified"]) }
            }
            let key = try Int64.fetchOne(db, sql: "SELECT id FROM setup WHERE name = ?", arguments: [setup]) ?? 0
            return (sources, try Catalog.sourceDigest(kind: "screen", subject: setup, db), String(key))
        }
        guard !sources.isEmpty else { outcome.skipped = "no frames on disk"; return outcome }
        if !force, let latest = try catalog.models().last(where: { $0.kind == "screen" && $0.subject == setup }), !latest.stale,
           box.isIntact(latest) {
            outcome.skipped = "up to date (v\(latest.version))"
            return outcome
        }
        // Files must be as they were ingested: the lineage names their bytes.
        for source in Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }).values {
            let path = source.path
            let now = try Ingest.stat(path, frame: 0)
            guard now.size == source.size, now.modified == source.modified else {
                throw ProductionError(path, "changed since it was ingested: run `backlot production ingest` again first")
            }
        }
        let picked = sample(sources.count, maxFrames).map { sources[$0] }
        let frames = FrameFetcher(picked)
        let task = "learn screens \(setup)"
        let reads = CleanPlateLearner.reads(frameCount: picked.count)
        events.send(.began(task: task, total: reads))
        defer { events.send(.ended(task: task)) }
        let learned: CleanPlateLearner.Learned
        do {
            learned = try CleanPlateLearner.learn(frameCount: picked.count, progress: { done in
                events.send(.advanced(task: task, completed: done, total: reads, item: setup, detail: ""))
            }, read: { k in try frames.read(k) })
        } catch let error as KeyError {
            outcome.skipped = error.message
            return outcome
        } catch {
            throw ProductionError("setup \(setup): \(error)")
        }
        let version = try catalog.nextVersion(kind: "screen", subject: setup)
        let heldOut = Set(learned.heldOutFrames)
        var quality: [String: Double] = ["coverage": Double(learned.coverage), "trainedOn": Double(learned.trainedOn),
                                         "heldOut": Double(learned.heldOut), "withoutScreen": Double(learned.withoutScreen)]
        if let e = learned.heldOutError, e.isFinite { quality["heldOutError"] = Double(e) }
        let lineage = ModelLineage(
            box: box.manifest.id, kind: "screen", subject: setup, modelVersion: version, code: BacklotVersion.string,
            method: "clean-plate-learner 1", created: ISO8601DateFormatter().string(from: Date()),
            frames: picked.enumerated().map { k, s in ModelLineage.Frame(path: s.path, frame: s.frame, sha256: s.sha256, heldOut: heldOut.contains(k)) },
            sourceDigest: digest, quality: quality)
        outcome.file = try box.store(learned.plate, lineage: lineage, key: key, catalog: catalog)
        outcome.quality = quality
        return outcome
    }

    /// `count` indices spread evenly over `0..<total` (all of them when there are no more).
    static func sample(_ total: Int, _ count: Int) -> [Int] {
        guard total > count, count > 1 else { return Array(0..<Swift.min(total, Swift.max(count, 1))) }
        return (0..<count).map { Int((Double($0) * Double(total - 1) / Double(count - 1)).rounded()) }
    }
}

/// Reads the picked frames by index, again and again (the learner reads each up to twice): files directly,
/// video frames through a decoder restarted when a pass begins again from an earlier frame.
final class FrameFetcher {
    private let sources: [Learn.Source]
    private var readers: [String: (reader: FrameSourceReader, last: Int)] = [:]

    init(_ sources: [Learn.Source]) { self.sources = sources }

    func read(_ k: Int) throws -> Image {
        let s = sources[k]
        guard s.video else { return try ImageIO.read(s.path) }
        if let open = readers[s.path], open.last <= s.frame {
            readers[s.path]?.last = s.frame
            return try open.reader.read(s.frame)
        }
        let frames = sources.filter { $0.path == s.path }.map(\.frame)
        let reader = try FrameSource.video(s.path, firstFrame: 0).reader(for: frames)
        readers[s.path] = (reader, s.frame)
        return try reader.read(s.frame)
    }
}
