import Foundation
import GRDB

/// What a box holds: its dailies with their state and setup, and its models, for `backlot production status`.
public struct BoxStatus: Sendable, Codable, Equatable {
    public struct Daily: Sendable, Codable, Equatable {
        public var name: String, kind: String
        public var frames: Int, width: Int?, height: Int?, frameRate: String?, camera: String?
        /// The setup ingest (or the user) put it in.
        public var setup: String?
        public var bytes: Int64
        /// Files whose bytes changed since they were ingested, and files no longer on disk.
        public var changed: Int, missing: Int
        /// Graded references of its frames (for learning its camera's look), and those no longer on disk.
        public var graded: Int, gradedMissing: Int
    }

    public var schema = "backlot.production-status"
    /// 2: each daily's setup, and the models; 3: each daily's graded references.
    public var version = 3
    public var name: String, id: String, path: String
    public var dailies: [Daily]
    public var models: [ModelInfo]

    /// Read from `catalog` (as of the last ingest: run one to see files moved or changed since).
    public static func read(box: Box, catalog: Catalog) throws(ProductionError) -> BoxStatus {
        let rows = try catalog.read(box.path) { db in
            try Row.fetchAll(db, sql: """
                SELECT d.name, d.kind, d.width, d.height, d.frameRate, d.camera, s.name AS setup, COUNT(f.id) AS frames,
                       COALESCE(SUM(f.size), 0) AS bytes,
                       SUM(f.status = 'changed') AS changed, SUM(f.status = 'missing') AS missing,
                       (SELECT COUNT(*) FROM graded g WHERE g.dailyId = d.id) AS graded,
                       (SELECT COUNT(*) FROM graded g WHERE g.dailyId = d.id AND g.status = 'missing') AS gradedMissing
                FROM daily d LEFT JOIN file f ON f.dailyId = d.id LEFT JOIN setup s ON s.id = d.setupId
                GROUP BY d.id ORDER BY d.name
                """)
        }
        let dailies = rows.map { r in
            Daily(name: r["name"], kind: r["kind"], frames: r["frames"], width: r["width"], height: r["height"],
                  frameRate: r["frameRate"], camera: r["camera"], setup: r["setup"], bytes: r["bytes"], changed: r["changed"] ?? 0,
                  missing: r["missing"] ?? 0, graded: r["graded"], gradedMissing: r["gradedMissing"])
        }
        return BoxStatus(name: box.manifest.name, id: box.manifest.id, path: box.path, dailies: dailies, models: try catalog.models())
    }
}
