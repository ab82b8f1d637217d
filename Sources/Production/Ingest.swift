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
        for (k, daily) in dailies.enumerated() {
            let before = report
            try ingest(daily, catalog: catalog, report: &report)
            let detail = report.filesAdded > before.filesAdded ? "added"
                : report.dailiesMoved > before.dailiesMoved ? "moved"
                : report.filesChanged > before.filesChanged ? "changed" : "unchanged"
            events.send(.advanced(task: task, completed: k + 1, total: dailies.count, item: daily.name, detail: detail))
        }
        report.filesMissing = try markMissing(catalog)
        return report
    }

    /// One file as it is on disk now.
    struct Seen { let frame: Int, path: String, size: Int64, modified: Double }

    static func ingest(_ daily: ScannedDaily, catalog: Catalog, report: inout IngestReport) throws(ProductionError) {
        let seen = try daily.files.map { f throws(ProductionError) in try stat(f.path, frame: f.frame) }
        // What the catalog knows about these paths, read before hashing (hashing is the long part, done outside
        // any transaction).
        let known: [String: Row] = try read(catalog) { db in
            var rows: [String: Row] = [:]
            for s in seen {
                if let row = try Row.fetchOne(db, sql: "SELECT id, size, modified, sha256 FROM file WHERE path = ?", arguments: [s.path]) {
                    rows[s.path] = row
                }
            }
            return rows
        }
        var digests: [String: String] = [:]
        for s in seen {
            if let row = known[s.path], row["size"] as Int64 == s.size, row["modified"] as Double == s.modified { continue }
            digests[s.path] = try FileDigest.sha256(s.path)
            report.bytesHashed += s.size
        }
        let metadata = known.isEmpty ? try DailyMetadata.read(daily) : nil
        let now = ISO8601DateFormatter().string(from: Date())
        try write(catalog) { db in
            var dailyID = try Int64.fetchOne(db, sql: "SELECT id FROM daily WHERE name = ?", arguments: [daily.name])
            if dailyID == nil, let first = seen.first, let digest = digests[first.path],
               let moved = try movedDaily(db, firstDigest: digest) {
                // The same bytes, catalogued at a path that is gone: the daily was moved, not shot again.
                try db.execute(sql: "UPDATE daily SET name = ? WHERE id = ?", arguments: [daily.name, moved])
                dailyID = moved
                report.dailiesMoved += 1
            }
            if dailyID == nil {
                let m = metadata ?? DailyMetadata()
                try db.execute(sql: """
                    INSERT INTO daily (name, kind, firstFrame, lastFrame, frameCount, width, height, frameRate, colourSpace,
                                       codec, camera, ingested)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [daily.name, daily.kind.rawValue, daily.files.first?.frame, daily.files.last?.frame,
                                     m.frameCount ?? daily.files.count, m.width, m.height, m.frameRate, m.colourSpace, m.codec,
                                     m.camera, now])
                dailyID = db.lastInsertedRowID
                report.dailiesAdded += 1
            }
            guard let dailyID else { return }
            for s in seen {
                if let row = known[s.path] {
                    guard let digest = digests[s.path] else { report.filesUnchanged += 1; continue }
                    // The catalog keeps the bytes' digest as they are now (so a later move is still recognised);
                    // the status keeps saying that they changed since the daily was first ingested.
                    let changed = digest != (row["sha256"] as String)
                    try db.execute(sql: """
                        UPDATE file SET size = ?, modified = ?, sha256 = ?, status = CASE WHEN ? THEN 'changed' ELSE status END
                        WHERE id = ?
                        """, arguments: [s.size, s.modified, digest, changed, row["id"] as Int64])
                    if changed { report.filesChanged += 1 } else { report.filesUnchanged += 1 }
                    continue
                }
                let digest = digests[s.path] ?? ""
                if let movedFile = try Int64.fetchOne(db, sql: "SELECT id FROM file WHERE dailyId = ? AND sha256 = ? AND frame = ?",
                                                      arguments: [dailyID, digest, s.frame]),
                   !FileManager.default.fileExists(atPath: try String.fetchOne(db, sql: "SELECT path FROM file WHERE id = ?", arguments: [movedFile]) ?? "") {
                    try db.execute(sql: """
                        UPDATE file SET path = ?, size = ?, modified = ?, status = CASE status WHEN 'missing' THEN 'present' ELSE status END
                        WHERE id = ?
                        """, arguments: [s.path, s.size, s.modified, movedFile])
                    report.filesMoved += 1
                } else {
                    try db.execute(sql: """
                        INSERT INTO file (dailyId, path, frame, size, modified, sha256, status) VALUES (?, ?, ?, ?, ?, ?, 'present')
                        """, arguments: [dailyID, s.path, s.frame, s.size, s.modified, digest])
                    report.filesAdded += 1
                }
            }
        }
    }

    /// A daily whose first file has these bytes and is no longer where the catalog says.
    static func movedDaily(_ db: Database, firstDigest: String) throws -> Int64? {
        let rows = try Row.fetchAll(db, sql: "SELECT dailyId, path FROM file WHERE sha256 = ?", arguments: [firstDigest])
        return rows.first { !FileManager.default.fileExists(atPath: $0["path"]) }?["dailyId"]
    }

    /// Marks catalogued files that are no longer on disk as missing (and ones back in place as present again).
    static func markMissing(_ catalog: Catalog) throws(ProductionError) -> Int {
        let files: [(Int64, String, String)] = try read(catalog) { db in
            try Row.fetchAll(db, sql: "SELECT id, path, status FROM file").map { ($0["id"], $0["path"], $0["status"]) }
        }
        let gone = files.filter { !FileManager.default.fileExists(atPath: $0.1) }.map(\.0)
        let back = files.filter { $0.2 == "missing" && FileManager.default.fileExists(atPath: $0.1) }.map(\.0)
        try write(catalog) { db in
            for id in gone { try db.execute(sql: "UPDATE file SET status = 'missing' WHERE id = ?", arguments: [id]) }
            for id in back { try db.execute(sql: "UPDATE file SET status = 'present' WHERE id = ?", arguments: [id]) }
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

    static func read<T>(_ catalog: Catalog, _ body: (Database) throws -> T) throws(ProductionError) -> T {
        do { return try catalog.database.read(body) } catch {
            throw ProductionError("catalog read failed: \(error)")
        }
    }

    static func write(_ catalog: Catalog, _ body: (Database) throws -> Void) throws(ProductionError) {
        do { try catalog.database.write(body) } catch let error as ProductionError { throw error } catch {
            throw ProductionError("catalog write failed: \(error)")
        }
    }
}
