import BacklotCore
import BacklotIO
import Foundation
import GRDB

/// What an export archive holds, listed inside it (`export.json`): the box and every file with its digest.
public struct BoxExport: Versioned, Equatable, Sendable {
    public static let schema = "backlot.production-export"
    public static let version = 1
    static let fileName = "export.json"

    public struct File: Codable, Equatable, Sendable { public var path: String, size: Int64, sha256: String }

    public var box: String, name: String, created: String, code: String
    /// The box's files, relative to its folder (the catalog, its manifest, its models).
    public var files: [File]
}

/// A box as one self-contained tar archive: its manifest, a consistent snapshot of its catalog and its models,
/// each with its SHA-256 in `export.json`. The dailies are referenced, as in the box, not copied.
public enum BoxArchive {
    /// Writes the archive of `box` to `path` (atomically: complete or absent). Returns what it lists.
    @discardableResult
    public static func export(_ box: Box, catalog: Catalog, to path: String) throws(ProductionError) -> BoxExport {
        let target = DailyScan.absolute(path)
        guard !(target + "/").hasPrefix(box.path + "/") else {
            throw ProductionError(path, "is inside the box it would archive: write the archive somewhere else")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw ProductionError(path, "is a folder: give the archive a file name (e.g. show.tar)") }
            // Never over one of the dailies the box references.
            let real = DailyScan.canonical(target)
            let catalogued = try catalog.read(path) { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE path = ?)", arguments: [real]) ?? false
            }
            guard !catalogued else { throw ProductionError(path, "is one of the box's dailies: the archive would overwrite it") }
        }
        let staging = "\(NSTemporaryDirectory())backlot-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            // The catalog as of one moment, even while another process writes to it.
            try catalog.database.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: ["\(staging)/\(Box.catalogName)"])
            }
        } catch {
            throw ProductionError(box.catalogPath, "could not be copied for the archive (\(Catalog.describe(error)))")
        }
        // Every registered model as the catalog registered it: an archive that restore would refuse is not written.
        for model in try catalog.models() {
            let file = "\(box.path)/\(model.file)"
            guard FileManager.default.fileExists(atPath: file), try FileDigest.sha256(file) == model.sha256 else {
                throw ProductionError(file, "is registered as the \(model.kind) model of \(model.subject) but is gone or has other "
                                            + "bytes: learn it again (`production learn --force`) before exporting")
            }
        }
        // The manifest and the models' regular files, linked (or copied) into the staging folder first: what is
        // hashed is what is archived, even if a learning replaces a file meanwhile.
        var names = [Box.manifestName]
        let models = ((try? FileManager.default.contentsOfDirectory(atPath: "\(box.path)/models")) ?? []).sorted().filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(box.path)/models/\(name)", isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        do {
            try FileManager.default.createDirectory(atPath: "\(staging)/models", withIntermediateDirectories: false)
            for name in [Box.manifestName] + models.map({ "models/\($0)" }) {
                let (from, to) = ("\(box.path)/\(name)", "\(staging)/\(name)")
                if link(from, to) != 0 { try FileManager.default.copyItem(atPath: from, toPath: to) }
            }
        } catch {
            throw ProductionError(box.path, "could not be staged for the archive (\(error.localizedDescription))")
        }
        names += [Box.catalogName] + models.map { "models/\($0)" }
        var entries: [(name: String, path: String)] = names.map { (name: $0, path: "\(staging)/\($0)") }
        var files: [BoxExport.File] = []
        for e in entries {
            let size = (try? FileManager.default.attributesOfItem(atPath: e.path)[.size] as? NSNumber)?.int64Value ?? 0
            files.append(BoxExport.File(path: e.name, size: size, sha256: try FileDigest.sha256(e.path)))
        }
        let listing = BoxExport(box: box.manifest.id, name: box.manifest.name, created: ISO8601DateFormatter().string(from: Date()),
                                code: BacklotVersion.string, files: files)
        let folder = "\(box.manifest.name)\(Box.folderSuffix)"
        do {
            try SchemaFile.encode(listing, pretty: true).write(to: URL(fileURLWithPath: "\(staging)/\(BoxExport.fileName)"))
            entries.insert((name: BoxExport.fileName, path: "\(staging)/\(BoxExport.fileName)"), at: 0)
            try AtomicFile.write(to: target) { temp in
                guard FileManager.default.createFile(atPath: temp, contents: nil), let handle = FileHandle(forWritingAtPath: temp) else {
                    throw ProductionError(path, "cannot be written")
                }
                defer { try? handle.close() }
                try Tar.write(entries.map { (name: "\(folder)/\($0.name)", path: $0.path) }, to: handle)
                try handle.synchronize()
            }
        } catch let error as ProductionError {
            throw error
        } catch let error as TarError {
            throw ProductionError(path, "could not be written: the tar format \(error.description)")
        } catch {
            throw ProductionError(path, "could not be written (\(error.localizedDescription))")
        }
        return listing
    }

    /// Restores the archive at `archive` as the box `name` in `root`: every file checked against its digest,
    /// the manifest against the archive's box, every registered model against the catalog; the box then
    /// appears whole under its name, or not at all. It keeps its id (it is the same production, restored).
    public static func restore(_ archive: String, name: String, root: String) throws(ProductionError) -> Box {
        try Box.validate(name: name)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw ProductionError(root, "is not a folder: create it first, or give --root an existing folder")
        }
        let path = Box.location(of: name, root: root)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ProductionError(path, "already exists: a production named \(name) is already there (delete it first, or choose another name)")
        }
        let building = "\((path as NSString).deletingLastPathComponent)/.\(name)\(Box.folderSuffix).restoring-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try FileManager.default.createDirectory(atPath: building, withIntermediateDirectories: false)
            try extract(archive, into: building)
            try verify(building, archive: archive)
            // Its manifest names it as it is now called; its id stays.
            let manifestPath = "\(building)/\(Box.manifestName)"
            var manifest = try JSONDecoder().decode(BoxManifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
            manifest.name = name
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath))
            try FileManager.default.removeItem(atPath: "\(building)/\(BoxExport.fileName)")
            for sub in Box.subfolders where !FileManager.default.fileExists(atPath: "\(building)/\(sub)") {
                try FileManager.default.createDirectory(atPath: "\(building)/\(sub)", withIntermediateDirectories: false)
            }
            try FileManager.default.moveItem(atPath: building, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: building)
            if let error = error as? ProductionError { throw error }
            throw ProductionError(archive, "could not be restored (\(error))")
        }
        return try Box.open(path)
    }

    /// Extracts the archive's files (all under one box folder) into `folder`, that folder's name stripped.
    static func extract(_ archive: String, into folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: archive, isDirectory: &isFolder), isFolder.boolValue {
            throw ProductionError(archive, "is a folder, not an archive (give the .tar `backlot production export` wrote)")
        }
        var top: String?
        do {
            try Tar.read(archive) { name, size, consume in
                let parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                guard parts.count >= 2, parts.count <= 3, !parts.dropFirst().contains(where: { $0.hasPrefix(".") }), !parts.contains(".."),
                      !name.hasPrefix("/"), !name.hasSuffix("/"), top == nil || top == parts[0], parts[0].hasSuffix(Box.folderSuffix),
                      !parts[0].hasPrefix(".") else {
                    throw ProductionError(archive, "holds \(name), which no box archive holds: it is not one made by `backlot production export`")
                }
                top = parts[0]
                let relative = parts.dropFirst().joined(separator: "/")
                guard parts.count == 2 || parts[1] == "models" else {
                    throw ProductionError(archive, "holds \(name), which no box archive holds")
                }
                let target = "\(folder)/\(relative)"
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target, contents: nil), let out = FileHandle(forWritingAtPath: target) else {
                    throw ProductionError(target, "cannot be written")
                }
                defer { try? out.close() }
                try consume { try out.write(contentsOf: $0) }
            }
        } catch let error as TarError {
            throw ProductionError(archive, "is not a box archive: it \(error.description)")
        }
    }

    /// Checks the extracted box in `folder` against its `export.json`; every problem is said of the archive.
    static func verify(_ folder: String, archive: String) throws(ProductionError) {
        do {
            try check(folder, archive: archive)
        } catch let error as ProductionError where error.message.hasPrefix(archive) {
            throw error
        } catch {
            // (What the checks say names the temporary folder, which is gone by the time it is read.)
            let message = (error as? BacklotError)?.message ?? "\(error)"
            throw ProductionError(archive, "is not a usable box archive: " + message.replacingOccurrences(of: folder + "/", with: "")
                .replacingOccurrences(of: folder, with: "its box"))
        }
    }

    private static func check(_ folder: String, archive: String) throws {
        let listing = try SchemaFile.read(BoxExport.self, from: "\(folder)/\(BoxExport.fileName)")
        var present = Set((FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "models" && $0 != BoxExport.fileName })
        for file in listing.files {
            guard present.remove(file.path) != nil else { throw ProductionError(archive, "lacks \(file.path), which it lists: it is incomplete") }
            guard try FileDigest.sha256("\(folder)/\(file.path)") == file.sha256 else {
                throw ProductionError(archive, "holds \(file.path) with other bytes than it lists: it is damaged")
            }
        }
        guard present.isEmpty else { throw ProductionError(archive, "holds files it does not list (\(present.sorted().joined(separator: ", ")))") }
        let box = try Box.open(folder)
        guard box.manifest.id == listing.box else {
            throw ProductionError(archive, "holds the box \(box.manifest.id), but lists \(listing.box): it is damaged")
        }
        let catalog = try Catalog(box: box)
        for model in try catalog.models() {
            guard FileManager.default.fileExists(atPath: "\(folder)/\(model.file)"),
                  try FileDigest.sha256("\(folder)/\(model.file)") == model.sha256 else {
                throw ProductionError(archive, "holds a \(model.kind) model (\(model.file)) that is not the one its catalog registered")
            }
        }
    }
}
