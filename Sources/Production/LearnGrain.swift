import BacklotCore
import BacklotIO
import Foundation
import GRDB
import Grain

extension Learn {
    /// At most this many runs of neighbouring frames are measured for one camera and ISO (each gives
    /// thousands of blocks).
    static let grainRuns = 16

    /// The SQL for a daily's grain subject: its camera (or `unnamedCamera`), and ` ISO 800` when it has one.
    static let grainSubjectSQL = "COALESCE(NULLIF(d.camera, ''), '\(unnamedCamera)') || CASE WHEN d.iso IS NULL OR d.iso = '' THEN '' ELSE ' ISO ' || d.iso END"

    /// The grain subject of a camera at an ISO, as models are named: `ALEXA 35 ISO 800`.
    public static func grainSubject(camera: String?, iso: String?) -> String {
        let name = camera.flatMap { $0.isEmpty ? nil : $0 } ?? unnamedCamera
        return iso.flatMap { $0.isEmpty ? nil : "\(name) ISO \($0)" } ?? name
    }

    /// Learns the grain of one camera at one ISO from runs of three neighbouring frames of its dailies (two,
    /// or single frames, where a daily has no more): every fifth run is held out (when there are five or more) and
    /// measured on its own, and the model's spectrum bands and noise levels are compared with it.
    static func grain(of subject: String, box: Box, catalog: Catalog, maxRuns: Int, force: Bool,
                      events: EventSink) throws(ProductionError) -> LearnOutcome {
        var outcome = LearnOutcome(kind: .grain, subject: subject)
        let (units, digest, camera, iso) = try catalog.read(subject) { db -> ([[Source]], String, String?, String?) in
            let rows = try Row.fetchAll(db, sql: """
                SELECT f.path, f.frame, f.sha256, f.size, f.modified, d.kind, d.frameCount, d.name, d.camera, d.iso FROM file f
                JOIN daily d ON d.id = f.dailyId WHERE \(grainSubjectSQL) = ? AND f.status != 'missing' ORDER BY d.name, f.frame
                """, arguments: [subject])
            var units: [[Source]] = []
            for daily in Dictionary(grouping: rows, by: { $0["name"] as String }).sorted(by: { $0.key < $1.key }).map(\.value) {
                let sources = daily.flatMap { r -> [Source] in
                    let video = (r["kind"] as String) == "video"
                    let frames = video ? Array(0..<Swift.max(1, r["frameCount"] as Int)) : [r["frame"] as Int? ?? 0]
                    return frames.map { Source(path: r["path"], frame: $0, sha256: r["sha256"], video: video, size: r["size"], modified: r["modified"]) }
                }
                // Runs of neighbouring frames (the next number of a sequence, the next frame of a video), cut into
                // three frames each where they can be, else two; a daily of one frame is measured alone.
                var runs: [[Source]] = []
                for source in sources {
                    if let last = runs.last?.last, source.frame == last.frame + 1 { runs[runs.count - 1].append(source) } else { runs.append([source]) }
                }
                if sources.count == 1 { units.append(sources); continue }
                for run in runs where run.count >= 2 {
                    units += run.count >= 3 ? (0...(run.count - 3)).map { Array(run[$0..<($0 + 3)]) } : [run]
                }
            }
            let first = rows.first
            return (units, try Catalog.sourceDigest(kind: "grain", subject: subject, db), first?["camera"], first?["iso"])
        }
        guard !units.isEmpty else { outcome.skipped = "no frames on disk"; return outcome }
        if !force, let latest = try catalog.models().last(where: { $0.kind == "grain" && $0.subject == subject }), !latest.stale,
           box.isIntact(latest) {
            outcome.skipped = "up to date (v\(latest.version))"
            return outcome
        }
        let picked = sample(units.count, maxRuns).map { units[$0] }
        for source in Set(picked.joined().map(\.path)).sorted() {
            guard let s = picked.joined().first(where: { $0.path == source }) else { continue }
            let now = try Ingest.stat(s.path, frame: 0)
            guard now.size == s.size, now.modified == s.modified else {
                throw ProductionError(s.path, "changed since it was ingested: run `backlot production ingest` again first")
            }
        }
        let heldOut = Set(picked.count >= 5 ? picked.indices.filter { $0 % 5 == 4 } : [])
        let flat = picked.flatMap { $0 }
        let starts = picked.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let frames = FrameFetcher(flat)
        let task = "learn grain \(subject)"
        events.send(.began(task: task, total: picked.count))
        defer { events.send(.ended(task: task)) }
        var training = GrainMeasurement(), check = GrainMeasurement()
        for (k, unit) in picked.enumerated() {
            do {
                let a = try frames.read(starts[k])
                let b = unit.count > 1 ? try frames.read(starts[k] + 1) : nil
                let c = unit.count > 2 ? try frames.read(starts[k] + 2) : nil
                if heldOut.contains(k) { try check.add(a, next: b, then: c) } else { try training.add(a, next: b, then: c) }
            } catch let error as GrainError {
                throw ProductionError(unit[0].path, error.message)
            } catch {
                throw ProductionError("\(error) (grain of \(subject))")
            }
            events.send(.advanced(task: task, completed: k + 1, total: picked.count, item: subject, detail: ""))
        }
        var model: GrainModel
        do { model = try training.model(camera: camera.flatMap { $0.isEmpty ? nil : $0 } ?? unnamedCamera, iso: iso) } catch {
            outcome.skipped = error.message
            return outcome
        }
        model.owner = box.manifest.id
        var quality: [String: Double] = ["trainedOn": Double(picked.count - heldOut.count), "heldOut": Double(heldOut.count),
                                         "blocks": Double(training.blocks)]
        for (c, name) in model.channels.enumerated() { quality["sigmaMidGrey\(name)"] = Double(model.sigma(channel: c, at: 0.18)) }
        if let held = try? check.model(camera: model.camera, iso: iso) {
            quality.merge(GrainComparison(model, against: held).figures) { a, _ in a }
        }
        let version = try catalog.nextVersion(kind: "grain", subject: subject)
        let lineage = ModelLineage(
            box: box.manifest.id, kind: "grain", subject: subject, modelVersion: version, code: BacklotVersion.string,
            method: "grain-measurement 1 (\(model.method), 32-px blocks)", created: ISO8601DateFormatter().string(from: Date()),
            frames: picked.enumerated().flatMap { k, unit in
                unit.map { ModelLineage.Frame(path: $0.path, frame: $0.frame, sha256: $0.sha256, heldOut: heldOut.contains(k)) }
            },
            sourceDigest: digest, quality: quality)
        let key = String(FileDigest.sha256(of: Data(subject.utf8)).prefix(8))
        let data: Data
        do { data = try model.encoded() } catch { throw ProductionError("the grain model of \(subject) could not be encoded: \(error)") }
        outcome.file = try box.store(lineage: lineage, key: key, extension: "grain.json", catalog: catalog) { file in
            try data.write(to: URL(fileURLWithPath: file))
        }
        outcome.quality = quality
        return outcome
    }
}

extension Catalog {
    /// The grain subjects of the dailies on disk: each camera (as the headers name it) at each ISO.
    public func grainSubjects() throws(ProductionError) -> [String] {
        try read("the catalog's dailies") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT \(Learn.grainSubjectSQL) FROM daily d JOIN file f ON f.dailyId = d.id WHERE f.status != 'missing' ORDER BY 1
                """)
        }
    }
}
