import BacklotIO
import Foundation

/// A production's box: the folder `ROOT/NAME.backlot/` holding its manifest (`box.json`), its catalog of
/// dailies (`catalog.sqlite`, SQLite through GRDB) and the models learned from them (`models/`, `cache/`).
///
/// Dailies are referenced, never copied or changed. Nothing of one box is read by an operation on another.
public struct Box: Sendable {
    /// The box folder.
    public let path: String
    public let manifest: BoxManifest

    public static let folderSuffix = ".backlot"
    static let manifestName = "box.json"
    static let catalogName = "catalog.sqlite"
    static let subfolders = ["models", "cache"]

    public var catalogPath: String { "\(path)/\(Self.catalogName)" }

    /// Where boxes are looked for when no folder is given: `$BACKLOT_ROOT` when set and not empty, else the
    /// current folder.
    public static var defaultRoot: String {
        if let env = ProcessInfo.processInfo.environment["BACKLOT_ROOT"], !env.isEmpty { return env }
        return "."
    }

    /// Where the box named `name` lives: `name` itself when it is a path to a box folder (it contains a `/` or
    /// ends in `.backlot`), else `root/name.backlot`.
    /// The path is made absolute against the current folder.
    public static func location(of name: String, root: String) -> String {
        if name.contains("/") || name.hasSuffix(folderSuffix) { return DailyScan.absolute(name) }
        return DailyScan.absolute("\(root)/\(name)\(folderSuffix)")
    }

    /// Creates the box `name` in `root` (which must exist): its folders, its manifest and an empty catalog.
    /// Refuses a name that is not a plain name, and a box that already exists there.
    public static func create(name: String, root: String) throws(ProductionError) -> Box {
        try validate(name: name)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw ProductionError(root, "is not a folder: create it first, or give --root an existing folder")
        }
        let path = location(of: name, root: root)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ProductionError(path, "already exists: a production named \(name) is already there "
                                        + "(delete it first, or choose another name)")
        }
        // Built under a temporary name beside it and renamed into place: a box is either complete or absent.
        let folder = (path as NSString).deletingLastPathComponent
        let building = "\(folder)/.\(name)\(folderSuffix).creating-\(ProcessInfo.processInfo.processIdentifier)"
        let manifest = BoxManifest(name: name, createdBy: BacklotVersion.string)
        do {
            for sub in [""] + subfolders.map({ "/" + $0 }) {
                try FileManager.default.createDirectory(atPath: building + sub, withIntermediateDirectories: false)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: "\(building)/\(manifestName)"))
            try Catalog.create(at: "\(building)/\(catalogName)", boxID: manifest.id)
            try FileManager.default.moveItem(atPath: building, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: building)
            if let error = error as? ProductionError { throw error }
            throw ProductionError(path, "could not be created (\(error.localizedDescription))")
        }
        return Box(path: path, manifest: manifest)
    }

    /// Opens the box at `path`, checking that it is one and of a schema version this build reads.
    public static func open(_ path: String) throws(ProductionError) -> Box {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ProductionError(path, "no such production box (create it with `backlot production create`)")
        }
        guard isFolder.boolValue, let data = FileManager.default.contents(atPath: "\(path)/\(manifestName)") else {
            throw ProductionError(path, "is not a production box (it has no \(manifestName))")
        }
        guard let manifest = try? JSONDecoder().decode(BoxManifest.self, from: data), manifest.schema == BoxManifest.schemaName else {
            throw ProductionError(path, "is not a production box (its \(manifestName) is not a \(BoxManifest.schemaName) manifest)")
        }
        guard manifest.version <= BoxManifest.currentVersion else {
            throw ProductionError(path, "is a box of schema version \(manifest.version), newer than this Backlot reads "
                                        + "(\(BoxManifest.currentVersion)): use a newer Backlot")
        }
        guard FileManager.default.fileExists(atPath: "\(path)/\(catalogName)") else {
            throw ProductionError(path, "is a production box without its catalog (\(catalogName)): it is damaged")
        }
        return Box(path: path, manifest: manifest)
    }

    /// Removes the box: its catalog, models and cache. The dailies it references are not touched.
    public func delete() throws(ProductionError) {
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw ProductionError(path, "could not be deleted (\(error.localizedDescription))")
        }
    }

    /// A production name: letters, digits, `-`, `_` and `.`, not starting with `.` nor ending in `.backlot`; at
    /// most 100 characters.
    static func validate(name: String) throws(ProductionError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, name.count <= 100, !name.hasPrefix("."), !name.hasSuffix(folderSuffix),
              name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw ProductionError("'\(name)' is not a production name: use letters, digits, '-', '_' and '.' (not first), "
                                  + "up to 100, without \(folderSuffix)")
        }
    }
}
