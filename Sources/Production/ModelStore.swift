import BacklotCore
import BacklotIO
import Foundation
import GRDB
import Grain

/// A learned model as the catalog lists it.
public struct ModelInfo: Sendable, Codable, Equatable {
    public var kind: String, subject: String, version: Int
    /// Its file, relative to the box folder.
    public var file: String
    public var sha256: String
    public var created: String
    public var quality: [String: Double]
    /// Frames it was trained on (that showed what it models).
    public var trainedOn: Int
    /// Whether its subject's dailies changed (added, changed, moved away) since it was learned.
    public var stale: Bool
}

extension Catalog {
    /// Every model, by kind, subject and version.
    public func models() throws(ProductionError) -> [ModelInfo] {
        try read("the catalog's models") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model ORDER BY kind, subject, version").map { row in
                let lineage = try SchemaFile.decode(ModelLineage.self, from: Data((row["lineage"] as String).utf8),
                                                    source: "the lineage of \(row["file"] as String) in the catalog")
                let subject: String = row["subject"]
                return ModelInfo(kind: row["kind"], subject: subject, version: row["version"], file: row["file"], sha256: row["sha256"],
                                 created: row["created"], quality: lineage.quality, trainedOn: Int(lineage.quality["trainedOn"] ?? 0),
                                 stale: try Self.sourceDigest(kind: row["kind"], subject: subject, db) != (row["sourceDigest"] as String))
            }
        }
    }

    /// The digest of what a model of `kind` for `subject` learns from, as catalogued now (path and bytes of
    /// each file, missing ones aside): for a screen, the files of its setup's dailies; for a look, its camera's
    /// graded references and the plate files they pair with; for grain, the files of its camera's dailies at its ISO.
    static func sourceDigest(kind: String, subject: String, _ db: Database) throws -> String {
        let rows = kind == "grain"
            ? try Row.fetchAll(db, sql: """
                SELECT f.path, f.sha256 FROM file f JOIN daily d ON d.id = f.dailyId
                WHERE \(Learn.grainSubjectSQL) = ? AND f.status != 'missing' ORDER BY f.path
                """, arguments: [subject])
            : kind == "look"
            ? try Row.fetchAll(db, sql: """
                SELECT g.path, g.sha256 FROM graded g JOIN daily d ON d.id = g.dailyId
                WHERE COALESCE(NULLIF(d.camera, ''), ?) = ? AND g.status != 'missing'
                UNION SELECT f.path, f.sha256 FROM graded g JOIN daily d ON d.id = g.dailyId
                JOIN file f ON f.dailyId = d.id AND (f.frame = g.frame OR d.kind = 'video')
                WHERE COALESCE(NULLIF(d.camera, ''), ?) = ? AND g.status != 'missing' AND f.status != 'missing' ORDER BY 1
                """, arguments: [Learn.unnamedCamera, subject, Learn.unnamedCamera, subject])
            : try Row.fetchAll(db, sql: """
                SELECT f.path, f.sha256 FROM file f JOIN daily d ON d.id = f.dailyId JOIN setup s ON s.id = d.setupId
                WHERE s.name = ? AND f.status != 'missing' ORDER BY f.path
                """, arguments: [subject])
        return FileDigest.sha256(of: Data(rows.map { "\($0[0] as String)\t\($0[1] as String)\n" }.joined().utf8))
    }

    /// Registers a model whose file is in place, in one transaction.
    func register(_ lineage: ModelLineage, file: String, sha256: String) throws(ProductionError) {
        guard let encoded = try? SchemaFile.encode(lineage) else { throw ProductionError(file, "its lineage could not be encoded") }
        let json = String(decoding: encoded, as: UTF8.self)
        try write(file) { db in
            try db.execute(sql: """
                INSERT INTO model (kind, subject, version, file, sha256, sourceDigest, lineage, quality, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [lineage.kind, lineage.subject, lineage.modelVersion, file, sha256, lineage.sourceDigest, json,
                                 String(decoding: (try? JSONEncoder().encode(lineage.quality)) ?? Data(), as: UTF8.self),
                                 lineage.created])
        }
    }

    /// Holds the box's learning lock (models/.learn.lock) while `body` runs: two learnings of one box at once
    /// would number their models alike. The second is refused at once rather than left waiting.
    func whileLearning<T>(_ box: Box, _ body: () throws(ProductionError) -> T) throws(ProductionError) -> T {
        let path = "\(box.path)/models/.learn.lock"
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw ProductionError(path, "cannot be opened (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            throw ProductionError(box.path, "another `backlot production learn` is running on this box: wait for it to finish")
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The next version number of the model of `kind` for `subject`.
    func nextVersion(kind: String, subject: String) throws(ProductionError) -> Int {
        try read(subject) { db in
            (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM model WHERE kind = ? AND subject = ?", arguments: [kind, subject]) ?? 0) + 1
        }
    }
}

extension Box {
    /// The EXR attribute naming the box a model file belongs to.
    static let boxAttribute = "backlot:box"

    /// Writes a model's picture and lineage into `models/` and registers it (see `store(lineage:key:extension:catalog:write:)`).
    func store(_ image: Image, lineage: ModelLineage, key: String, catalog: Catalog) throws(ProductionError) -> String {
        try store(lineage: lineage, key: key, extension: "exr", catalog: catalog) { file in
            let attributes = [Self.boxAttribute: manifest.id, "backlot:model": "\(lineage.kind) \(lineage.subject) v\(lineage.modelVersion)"]
            try ImageIO.write(image, to: file, options: WriteOptions(sampleType: .float, compression: .zip, attributes: attributes))
        }
    }

    /// Writes a model's file (by `write`, which must name this box in it) and lineage into `models/` and
    /// registers it. The files are written under temporary names and renamed into place, then the catalog row
    /// is added in one transaction: learning killed before that leaves files no row names (never used,
    /// replaced by the next learning), never a registered half model. `key` tells subjects apart in the file's
    /// name (a setup's row id, a digest of a camera's name): a setup renamed, and a new one given its old
    /// name, never share a file.
    func store(lineage: ModelLineage, key: String, extension ext: String, catalog: Catalog,
               write: (String) throws -> Void) throws(ProductionError) -> String {
        let slug = String(lineage.subject.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
        let name = "models/\(lineage.kind)-\(key)-\(slug)-v\(lineage.modelVersion)"
        let (file, json) = ("\(path)/\(name).\(ext)", "\(path)/\(name).json")
        do {
            try write(file)
            let data = try SchemaFile.encode(lineage, pretty: true)
            try AtomicFile.write(to: json) { temp in try data.write(to: URL(fileURLWithPath: temp)) }
        } catch {
            throw ProductionError(file, "could not be written (\(error))")
        }
        try catalog.register(lineage, file: "\(name).\(ext)", sha256: try FileDigest.sha256(file))
        return file
    }

    /// The comment line of a `.cube` model naming the box it belongs to.
    static func cubeOwnerComment(_ id: String) -> String { "\(boxAttribute) \(id)" }

    /// Whether a registered model's file is there with the bytes that were registered.
    func isIntact(_ info: ModelInfo) -> Bool {
        let file = "\(path)/\(info.file)"
        return FileManager.default.fileExists(atPath: file) && (try? FileDigest.sha256(file)) == info.sha256
    }

    /// The latest model of `kind` for `subject`, checked before use: its file is there with the bytes that were
    /// registered, and it belongs to this box (its header names this box's id). Nil when there is none; an
    /// error when one is there but fails a check.
    public func latestModel(kind: String, subject: String, catalog: Catalog) throws(ProductionError) -> (path: String, info: ModelInfo)? {
        guard let info = try catalog.models().last(where: { $0.kind == kind && $0.subject == subject }) else { return nil }
        let file = "\(path)/\(info.file)"
        guard FileManager.default.fileExists(atPath: file) else {
            throw ProductionError(file, "the \(kind) model of \(subject) is registered but its file is gone: learn it again")
        }
        guard try FileDigest.sha256(file) == info.sha256 else {
            throw ProductionError(file, "is not the \(kind) model the box registered (its bytes differ): refusing it; learn it again")
        }
        let owner: String?
        do {
            if file.hasSuffix(".grain.json") {
                owner = try GrainModel.read(file).owner
            } else if file.hasSuffix(".cube") {
                owner = try CubeFile.read(file).comments.first { $0.hasPrefix("\(Self.boxAttribute) ") }.map { String($0.dropFirst(Self.boxAttribute.count + 1)) }
            } else {
                owner = try ImageFileInfo.inspect(file).exrHeader?.attributes.first { $0.name == Self.boxAttribute }
                    .map { $0.value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        } catch {
            throw ProductionError("\(error) (the \(kind) model of \(subject))")
        }
        guard owner == manifest.id else {
            throw ProductionError(file, "belongs to \(owner.map { "the box \($0)" } ?? "no box"), not to \(manifest.name) (\(manifest.id)): "
                                        + "a production never uses another's models")
        }
        return (file, info)
    }
}
