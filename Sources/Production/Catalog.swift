import Foundation
import GRDB

/// A box's catalog: SQLite through GRDB, in WAL mode with foreign keys, its schema made by versioned
/// migrations. Every change is one transaction, so a killed process leaves it as it was before that change.
public struct Catalog: Sendable {
    let database: DatabasePool

    /// The migrations, in order; a catalog records which it has run.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: box, dailies and their files") { db in
            try db.create(table: "box") { t in
                t.primaryKey("id", .text)
                t.column("created", .text).notNull()
            }
            try db.create(table: "daily") { t in
                t.autoIncrementedPrimaryKey("id")
                // The sequence pattern or file path, absolute, as it was last seen.
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("firstFrame", .integer)
                t.column("lastFrame", .integer)
                t.column("frameCount", .integer).notNull()
                t.column("width", .integer)
                t.column("height", .integer)
                t.column("frameRate", .text)
                t.column("colourSpace", .text)
                t.column("codec", .text)
                t.column("camera", .text)
                t.column("ingested", .text).notNull()
            }
            try db.create(table: "file") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("daily", onDelete: .cascade).notNull()
                t.column("path", .text).notNull().unique()
                t.column("frame", .integer)
                t.column("size", .integer).notNull()
                t.column("modified", .double).notNull()
                // The bytes' digest as last seen (a moved file is recognised by it).
                t.column("sha256", .text).notNull().indexed()
                // present, changed (its bytes differ from when it was first ingested) or missing.
                t.column("status", .text).notNull()
            }
        }
        migrator.registerMigration("v2: setups and models") { db in
            // A setup: one camera, one framing and screen; its dailies are learned from together.
            try db.create(table: "setup") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("camera", .text)
                t.column("width", .integer)
                t.column("height", .integer)
                // The thumbnail signature of the daily that started it (SetupSignature).
                t.column("signature", .blob)
                t.column("created", .text).notNull()
            }
            try db.alter(table: "daily") { t in
                t.add(column: "setupId", .integer).references("setup", onDelete: .setNull)
                t.add(column: "signature", .blob)
                // Put in its setup by the user (`production setup --assign`): grouping leaves it there.
                t.add(column: "setupAssigned", .boolean).notNull().defaults(to: false)
            }
            // A learned model: a file in models/, what trained it (lineage) and how good it is (quality).
            try db.create(table: "model") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                // What it models: a setup's name (screens) or a camera's (grain).
                t.column("subject", .text).notNull()
                t.column("version", .integer).notNull()
                // Relative to the box folder.
                t.column("file", .text).notNull().unique()
                t.column("sha256", .text).notNull()
                // The digest of every file of the subject's dailies when it was learned: stale when it differs.
                t.column("sourceDigest", .text).notNull()
                t.column("lineage", .text).notNull()
                t.column("quality", .text).notNull()
                t.column("created", .text).notNull()
                t.uniqueKey(["kind", "subject", "version"])
            }
        }
        migrator.registerMigration("v3: graded references") { db in
            // A graded still the production delivered, matched to the plate frame it is a grade of.
            try db.create(table: "graded") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull().unique()
                t.belongsTo("daily", onDelete: .cascade).notNull()
                t.column("frame", .integer).notNull()
                t.column("size", .integer).notNull()
                t.column("modified", .double).notNull()
                t.column("sha256", .text).notNull()
                // present or missing (its file is gone).
                t.column("status", .text).notNull()
                t.column("ingested", .text).notNull()
            }
        }
        migrator.registerMigration("v4: ISO of dailies") { db in
            // The ISO (exposure index) the headers give, as text ("800"); grain is learned per camera and ISO.
            try db.alter(table: "daily") { t in t.add(column: "iso", .text) }
        }
        return migrator
    }

    /// Makes a new catalog file for the box `boxID`.
    static func create(at path: String, boxID: String) throws {
        let catalog = try Catalog(path: path)
        try catalog.database.write { db in
            try db.execute(sql: "INSERT INTO box (id, created) VALUES (?, ?)", arguments: [boxID, ISO8601DateFormatter().string(from: Date())])
        }
    }

    /// Opens (and migrates) the catalog of `box`, checking that it belongs to that box.
    public init(box: Box) throws(ProductionError) {
        do {
            try self.init(path: box.catalogPath)
            let id = try database.read { db in try String.fetchOne(db, sql: "SELECT id FROM box") }
            guard id == box.manifest.id else {
                throw ProductionError(box.path, "its catalog belongs to another box (\(id ?? "none")), not to \(box.manifest.id)")
            }
        } catch let error as ProductionError {
            throw error
        } catch {
            throw ProductionError(box.catalogPath, "cannot be opened as a catalog (\(error))")
        }
    }

    private init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another ingest at the same time waits for the write lock instead of failing.
        configuration.busyMode = .timeout(60)
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// Runs `body` in a read transaction; a database error becomes one line naming `what`.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(ProductionError) -> T {
        do { return try database.read(body) } catch {
            throw ProductionError(what, "the catalog could not be read (\(Self.describe(error)))")
        }
    }

    /// Runs `body` in one write transaction (all of it or nothing); a database error becomes one line naming `what`.
    func write(_ what: String, _ body: (Database) throws -> Void) throws(ProductionError) {
        do { try database.write(body) } catch let error as ProductionError { throw error } catch {
            throw ProductionError(what, "the catalog could not be written (\(Self.describe(error)))")
        }
    }

    /// A database error in one line: SQLite's message, without the statement.
    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}
