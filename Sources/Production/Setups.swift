import Foundation
import GRDB

/// A setup of the box (one camera framing one screen or set) and its dailies.
public struct SetupInfo: Sendable, Codable, Equatable {
    public var name: String
    public var camera: String?
    public var width: Int?, height: Int?
    /// The names of its dailies, and which of them the user put there.
    public var dailies: [String]
    public var assigned: [String]
}

/// Grouping dailies into setups: by camera, size and picture signature when they are ingested, and as the user
/// corrects it.
enum SetupGrouping {
    /// Puts the daily `id` (unless it has a setup already) into the setup of its camera and size whose signature
    /// is nearest its own, if near enough, else into a new setup `setup-N`.
    static func place(daily id: Int64, in db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT camera, width, height, signature FROM daily WHERE id = ? AND setupId IS NULL AND setupAssigned = 0
            """, arguments: [id]),
            let signature = SetupSignature.decode(row["signature"]) else { return }
        let camera: String? = row["camera"], width: Int? = row["width"], height: Int? = row["height"]
        let setups = try Row.fetchAll(db, sql: "SELECT id, camera, width, height, signature FROM setup")
        var best: (id: Int64, distance: Float)?
        for s in setups where (s["camera"] as String?) == camera && (s["width"] as Int?) == width && (s["height"] as Int?) == height {
            guard let other = SetupSignature.decode(s["signature"]) else { continue }
            let d = SetupSignature.distance(signature, other)
            if d < SetupSignature.sameSetup, d < (best?.distance ?? .infinity) { best = (s["id"], d) }
        }
        let setupID: Int64
        if let best {
            setupID = best.id
        } else {
            let names = Set(try String.fetchAll(db, sql: "SELECT name FROM setup"))
            let name = (1...).lazy.map { "setup-\($0)" }.first { !names.contains($0) }!
            setupID = try insert(name: name, camera: camera, width: width, height: height, signature: SetupSignature.encode(signature), db)
        }
        try db.execute(sql: "UPDATE daily SET setupId = ? WHERE id = ?", arguments: [setupID, id])
    }

    /// Adds a setup; returns its id.
    static func insert(name: String, camera: String?, width: Int?, height: Int?, signature: Data?, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO setup (name, camera, width, height, signature, created) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [name, camera, width, height, signature, ISO8601DateFormatter().string(from: Date())])
        return db.lastInsertedRowID
    }
}

extension Catalog {
    /// The box's setups with their dailies, by name.
    public func setups() throws(ProductionError) -> [SetupInfo] {
        try read("the catalog's setups") { db in
            try Row.fetchAll(db, sql: "SELECT id, name, camera, width, height FROM setup ORDER BY name").map { s in
                let dailies = try Row.fetchAll(db, sql: "SELECT name, setupAssigned FROM daily WHERE setupId = ? ORDER BY name",
                                               arguments: [s["id"] as Int64])
                return SetupInfo(name: s["name"], camera: s["camera"], width: s["width"], height: s["height"],
                                 dailies: dailies.map { $0["name"] }, assigned: dailies.filter { $0["setupAssigned"] }.map { $0["name"] })
            }
        }
    }

    /// Puts the daily named `daily` (its full name, or a part of it that names one daily only) into the setup
    /// `setup`, made if new; the grouping of later ingests leaves it there. Returns the daily's full name.
    @discardableResult
    public func assign(daily: String, to setup: String) throws(ProductionError) -> String {
        try Self.validate(setupName: setup)
        var full = daily
        try write(daily) { db in
            let matches = try String.fetchAll(db, sql: "SELECT name FROM daily WHERE name = ?", arguments: [daily]).isEmpty
                ? try String.fetchAll(db, sql: "SELECT name FROM daily WHERE instr(name, ?) > 0 ORDER BY name", arguments: [daily])
                : [daily]
            guard matches.count == 1 else {
                throw ProductionError(daily, matches.isEmpty ? "no daily of the box has this name (see `backlot production setup`)"
                                      : "names \(matches.count) dailies (\(matches.prefix(3).joined(separator: ", "))\(matches.count > 3 ? ", …" : "")): "
                                        + "give more of the name")
            }
            full = matches[0]
            var setupID = try Int64.fetchOne(db, sql: "SELECT id FROM setup WHERE name = ?", arguments: [setup])
            if setupID == nil {
                let d = try Row.fetchOne(db, sql: "SELECT camera, width, height, signature FROM daily WHERE name = ?", arguments: [full])!
                setupID = try SetupGrouping.insert(name: setup, camera: d["camera"], width: d["width"], height: d["height"],
                                                   signature: d["signature"], db)
            }
            try db.execute(sql: "UPDATE daily SET setupId = ?, setupAssigned = 1 WHERE name = ?", arguments: [setupID, full])
        }
        return full
    }

    /// Renames the setup `old` to `new` (its learned models keep their lineage; they are found by the new name).
    public func renameSetup(_ old: String, to new: String) throws(ProductionError) {
        try Self.validate(setupName: new)
        try write(old) { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM setup WHERE name = ?", arguments: [old]) != nil else {
                throw ProductionError(old, "no setup of the box has this name (see `backlot production setup`)")
            }
            guard try Int64.fetchOne(db, sql: "SELECT id FROM setup WHERE name = ?", arguments: [new]) == nil else {
                throw ProductionError(new, "a setup of the box already has this name")
            }
            try db.execute(sql: "UPDATE setup SET name = ? WHERE name = ?", arguments: [new, old])
            try db.execute(sql: "UPDATE model SET subject = ? WHERE subject = ? AND kind = 'screen'", arguments: [new, old])
        }
    }

    /// A setup name: letters, digits, `-`, `_` and `.`, not first `.`, at most 64 characters (it names model files).
    static func validate(setupName name: String) throws(ProductionError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, name.count <= 64, !name.hasPrefix("."), name.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw ProductionError("'\(name)' is not a setup name: use letters, digits, '-', '_' and '.' (not first), up to 64")
        }
    }
}
