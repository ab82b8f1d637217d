import BacklotCore
import BacklotIO
import Foundation
import GRDB

/// What an ingest did, counted in dailies and files.
public struct IngestReport: Sendable, Equatable {
    public var dailiesAdded = 0, dailiesMoved = 0
    public var filesAdded = 0, filesUnchanged = 0, filesChanged = 0, filesMoved = 0, filesMissing = 0
    /// Bytes read to hash (unchanged files, same size and time as catalogued, are not read again).
    public var bytesHashed: Int64 = 0
}

/// Puts dailies into a box's catalog: by reference (path, size, modification time, SHA-256) with what their
/// headers say. Idempotent: a file with the size and time it had is not read again; a file whose bytes changed
/// is marked changed; a daily found at a new place with the same bytes is moved, not added; a catalogued file
/// no longer on disk is marked missing. Each daily is one transaction: a killed ingest keeps what it finished,
/// and a rerun completes the rest.
public enum Ingest {
    public static func run(_ inputs: [String], into catalog: Catalog, events: EventSink = SilentEvents()) throws(ProductionError) -> IngestReport {
        let dailies = try DailyScan.scan(inputs)
        guard !dailies.isEmpty else { throw ProductionError("\(inputs.joined(separator: ", ")): no images or videos found") }
        var report = IngestReport()
        let task = "ingest"
        events.send(.began(task: task, total: dailies.count))
        defer { events.send(.ended(task: task)) }
        // A daily that cannot be read is said and skipped; the others are catalogued, and the ingest then fails
        // naming the first (a rerun after it is fixed reads only what is new).
        var failed: [ProductionError] = []
        for (k, daily) in dailies.enumerated() {
            let before = report
            do {
                try ingest(daily, catalog: catalog, report: &report)
            } catch {
                failed.append(error)
                events.send(.advanced(task: task, completed: k + 1, total: dailies.count, item: daily.name, detail: "failed"))
                continue
            }
            let detail = report.filesAdded > before.filesAdded ? "added"
                : report.dailiesMoved > before.dailiesMoved ? "moved"
                : report.filesChanged > before.filesChanged ? "changed" : "unchanged"
            events.send(.advanced(task: task, completed: k + 1, total: dailies.count, item: daily.name, detail: detail))
        }
        report.filesMissing = try markMissing(catalog)
        if let first = failed.first {
            // One failure is the error's own line; several are each said, then counted.
            guard failed.count > 1 else { throw first }
            failed.forEach { events.send(.problem($0.message)) }
            throw ProductionError("\(failed.count) dailies could not be ingested (the others were): see above")
        }
        return report
    }

    /// One file as it is on disk now.
    struct Seen { let frame: Int, path: String, size: Int64, modified: Double }

    static func ingest(_ daily: ScannedDaily, catalog: Catalog, report: inout IngestReport) throws(ProductionError) {
        let seen = try daily.files.map { f throws(ProductionError) in try stat(f.path, frame: f.frame) }
        // What the catalog knows, read before hashing (hashing is the long part, done outside any transaction):
        // which files have the size and time they had (not read again), and whether the daily is new.
        let (unchanged, isNew, unsigned, noISO): (Set<String>, Bool, Bool, Bool) = try catalog.read(daily.name) { db in
            var same = Set<String>()
            for s in seen {
                if let row = try Row.fetchOne(db, sql: "SELECT size, modified FROM file WHERE path = ?", arguments: [s.path]),
                   row["size"] as Int64 == s.size, row["modified"] as Double == s.modified {
                    same.insert(s.path)
                }
            }
            let row = try Row.fetchOne(db, sql: "SELECT id, signature IS NULL AS unsigned, iso IS NULL AS noISO FROM daily WHERE name = ?",
                                       arguments: [daily.name])
            return (same, row == nil, row?["unsigned"] ?? true, row?["noISO"] ?? true)
        }
        var digests: [String: String] = [:]
        for s in seen where !unchanged.contains(s.path) {
            digests[s.path] = try FileDigest.sha256(s.path)
            report.bytesHashed += s.size
        }
        // (A daily catalogued before ISOs were read gets its ISO now, when its header gives one.)
        let metadata = isNew ? try DailyMetadata.read(daily) : noISO ? try? DailyMetadata.read(daily) : nil
        // Its picture in brief, for grouping into setups (dailies of a box made before setups get theirs now).
        // (A daily of an older box whose first frame cannot be decoded stays out of the setups; a new one is refused.)
        let signature = isNew ? try SetupSignature.read(daily) : unsigned ? try? SetupSignature.read(daily) : nil
        // Whether the files a moved daily was catalogued at are gone is found out here, not under the write lock.
        let movedFrom = isNew ? try movedDaily(daily, firstDigest: seen.first.flatMap { digests[$0.path] }, catalog: catalog) : nil
        let now = ISO8601DateFormatter().string(from: Date())
        try catalog.write(daily.name) { db in
            var dailyID = try Int64.fetchOne(db, sql: "SELECT id FROM daily WHERE name = ?", arguments: [daily.name])
            if dailyID == nil, let movedFrom,
               try Int64.fetchOne(db, sql: "SELECT id FROM daily WHERE id = ?", arguments: [movedFrom]) != nil {
                // The same bytes, catalogued at paths that are all gone: the daily was moved, not shot again.
                try db.execute(sql: "UPDATE daily SET name = ? WHERE id = ?", arguments: [daily.name, movedFrom])
                dailyID = movedFrom
                report.dailiesMoved += 1
            }
            if dailyID == nil {
                let m = metadata ?? DailyMetadata()
                try db.execute(sql: """
                    INSERT INTO daily (name, kind, frameCount, width, height, frameRate, colourSpace, codec, camera, iso, ingested)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [daily.name, daily.kind.rawValue, m.frameCount ?? daily.files.count, m.width, m.height,
                                     m.frameRate, m.colourSpace, m.codec, m.camera, m.iso, now])
                dailyID = db.lastInsertedRowID
                report.dailiesAdded += 1
            } else if let iso = metadata?.iso {
                try db.execute(sql: "UPDATE daily SET iso = ? WHERE id = ? AND iso IS NULL", arguments: [iso, dailyID])
            }
            guard let dailyID else { return }
            for s in seen {
                // Read again under the write lock: another ingest may have catalogued this path meanwhile.
                if let row = try Row.fetchOne(db, sql: "SELECT id, sha256 FROM file WHERE path = ?", arguments: [s.path]) {
                    let id: Int64 = row["id"]
                    guard let digest = digests[s.path] else {
                        // Same size and time: the same bytes. (A file may change daily: a still that became a sequence.)
                        try db.execute(sql: "UPDATE file SET dailyId = ?, frame = ? WHERE id = ?", arguments: [dailyID, s.frame, id])
                        report.filesUnchanged += 1
                        continue
                    }
                    // The digest as the bytes are now (so a later move is still recognised); the status keeps
                    // saying that they changed since the file was first ingested.
                    let changed = digest != (row["sha256"] as String)
                    try db.execute(sql: """
                        UPDATE file SET dailyId = ?, frame = ?, size = ?, modified = ?, sha256 = ?,
                               status = CASE WHEN ? THEN 'changed' WHEN status = 'missing' THEN 'present' ELSE status END
                        WHERE id = ?
                        """, arguments: [dailyID, s.frame, s.size, s.modified, digest, changed, id])
                    if changed { report.filesChanged += 1 } else { report.filesUnchanged += 1 }
                    continue
                }
                let digest = digests[s.path] ?? ""
                if let old = try Row.fetchOne(db, sql: "SELECT id, path FROM file WHERE dailyId = ? AND sha256 = ? AND frame = ?",
                                              arguments: [dailyID, digest, s.frame]),
                   !FileManager.default.fileExists(atPath: old["path"]) {
                    try db.execute(sql: """
                        UPDATE file SET path = ?, size = ?, modified = ?, status = CASE status WHEN 'missing' THEN 'present' ELSE status END
                        WHERE id = ?
                        """, arguments: [s.path, s.size, s.modified, old["id"] as Int64])
                    report.filesMoved += 1
                } else {
                    try db.execute(sql: """
                        INSERT INTO file (dailyId, path, frame, size, modified, sha256, status) VALUES (?, ?, ?, ?, ?, ?, 'present')
                        """, arguments: [dailyID, s.path, s.frame, s.size, s.modified, digest])
                    report.filesAdded += 1
                }
            }
            if let signature {
                try db.execute(sql: "UPDATE daily SET signature = ? WHERE id = ? AND signature IS NULL",
                               arguments: [SetupSignature.encode(signature), dailyID])
            }
            try SetupGrouping.place(daily: dailyID, in: db)
            // A daily whose files all went over to this one (a still that became part of a sequence) is gone.
            try db.execute(sql: "DELETE FROM daily WHERE id != ? AND NOT EXISTS (SELECT 1 FROM file WHERE file.dailyId = daily.id)",
                           arguments: [dailyID])
            // The daily's frames as its files now are.
            try db.execute(sql: """
                UPDATE daily SET firstFrame = (SELECT MIN(frame) FROM file WHERE dailyId = :id),
                                 lastFrame = (SELECT MAX(frame) FROM file WHERE dailyId = :id),
                                 frameCount = CASE kind WHEN 'video' THEN frameCount
                                              ELSE (SELECT COUNT(*) FROM file WHERE dailyId = :id) END
                WHERE id = :id
                """, arguments: ["id": dailyID])
        }
    }

    /// A catalogued daily of the same kind whose files are all gone from where they were, and which holds a
    /// file with the bytes and frame number of this daily's first: where this daily was before it moved.
    static func movedDaily(_ daily: ScannedDaily, firstDigest: String?, catalog: Catalog) throws(ProductionError) -> Int64? {
        guard let firstDigest, let first = daily.files.first else { return nil }
        let candidates: [(Int64, [String])] = try catalog.read(daily.name) { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT f.dailyId FROM file f JOIN daily d ON d.id = f.dailyId
                WHERE f.sha256 = ? AND f.frame = ? AND d.kind = ?
                """, arguments: [firstDigest, first.frame, daily.kind.rawValue])
            return try ids.map { id in (id, try String.fetchAll(db, sql: "SELECT path FROM file WHERE dailyId = ?", arguments: [id])) }
        }
        return candidates.first { $0.1.allSatisfy { !FileManager.default.fileExists(atPath: $0) } }?.0
    }

    /// Marks catalogued files that are no longer on disk as missing (and ones back in place as present again);
    /// returns how many went missing since the last ingest.
    static func markMissing(_ catalog: Catalog) throws(ProductionError) -> Int {
        let files: [(Int64, String, String)] = try catalog.read("the catalog's files") { db in
            try Row.fetchAll(db, sql: "SELECT id, path, status FROM file").map { ($0["id"], $0["path"], $0["status"]) }
        }
        let gone = files.filter { $0.2 != "missing" && !FileManager.default.fileExists(atPath: $0.1) }
        let back = files.filter { $0.2 == "missing" && FileManager.default.fileExists(atPath: $0.1) }
        try catalog.write("the catalog's files") { db in
            // By id and path: a file another ingest has just moved keeps its new state.
            for f in gone { try db.execute(sql: "UPDATE file SET status = 'missing' WHERE id = ? AND path = ?", arguments: [f.0, f.1]) }
            for f in back { try db.execute(sql: "UPDATE file SET status = 'present' WHERE id = ? AND path = ?", arguments: [f.0, f.1]) }
        }
        return gone.count
    }

    static func stat(_ path: String, frame: Int) throws(ProductionError) -> Seen {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.int64Value, let date = attributes[.modificationDate] as? Date else {
            throw ProductionError(path, "cannot be read (it vanished or is not accessible)")
        }
        return Seen(frame: frame, path: path, size: size, modified: date.timeIntervalSince1970)
    }
}
