import BacklotCore
import Foundation

/// Writes files under a temporary name in the destination folder and renames them into place,
/// so a reader (or a crashed run) never sees a half-written file under the final name.
public enum AtomicFile {
    /// Calls `write` with a temporary path next to `path`, then renames it to `path`.
    ///
    /// The temporary file is removed if `write` throws. Missing parent folders are created.
    public static func write(to path: String, _ write: (String) throws -> Void) throws {
        let temp = try temporaryPath(for: path)
        do {
            try write(temp)
            try commit(temp, to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// A fresh hidden temporary path in the folder of `path` (created if needed), with the same extension.
    ///
    /// Writers that stream into a file over a long time (video) write here and `commit` when complete.
    public static func temporaryPath(for path: String) throws -> String {
        try temporaryPath(for: path, process: getpid())
    }

    /// The temporary path process `process` of this machine would write `path` under (a killed run's, in tests).
    public static func temporaryPath(for path: String, process: Int32) throws -> String {
        let parent = PathName.parent(path)
        let folder = parent.isEmpty ? "." : parent
        try ensureWritableFolder(folder)
        let ext = PathName.pathExtension(path)
        // Keep the extension so format-sniffing libraries are not confused; hide the file with a dot. The host and
        // process in the name let a later run tell a killed run's leftovers from a running one's files.
        return PathName.joined(folder, "." + PathName.stem(path) + "." + marker)
            + "-\(process)-\(UInt32.random(in: 0...UInt32.max))" + (ext.isEmpty ? "" : "." + ext)
    }

    /// `tmp-backlot-HOST`: what every temporary name of this machine carries after the file's own name.
    private static let marker: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "localhost"
        return "tmp-backlot-" + String(host.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }()

    /// Removes the temporary files that killed runs on this machine left in `folder` (those whose process is
    /// gone).
    ///
    /// Only names exactly of the form `temporaryPath` makes are touched; files of running processes, and of
    /// other machines writing to shared storage, stay. Returns how many were removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: "." + marker + "-") else { continue }
            let fields = name[range.upperBound...].split(separator: ".", maxSplits: 1)[0].split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, UInt32(fields[1]) != nil else { continue }
            if pid != getpid() && isGone(pid) && unlink(folder + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Whether process `pid` of this machine has ended: it does not exist, or it is a zombie (killed, not yet
    /// reaped by its parent: it will never write again).
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }

    /// Renames a finished temporary file to its final `path`.
    public static func commit(_ temp: String, to path: String) throws {
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw ImageFileError(path, "cannot rename temporary file into place: \(reason)")
        }
    }

    /// Checks, without creating anything, that files can be written into `folder`: it is a writable folder, or
    /// it can be created (its nearest existing ancestor is a writable folder). Outputs then create their
    /// folders as they are written, so a run that fails before its first file leaves no empty folders behind.
    public static func checkWritableFolder(_ folder: String) throws(ImageFileError) {
        var isDir: ObjCBool = false
        var existing = folder.isEmpty ? "." : folder
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isDir) {
            let parent = PathName.parent(existing)
            guard !parent.isEmpty || existing != ".", parent != existing else {
                throw ImageFileError(folder, "cannot create output folder: the current folder no longer exists")
            }
            existing = parent.isEmpty ? "." : parent
        }
        if existing == folder || (folder.isEmpty && existing == ".") {
            guard isDir.boolValue else { throw ImageFileError(folder, "output folder is a file, not a folder") }
            guard access(existing, W_OK) == 0 else { throw ImageFileError(folder, "output folder is not writable") }
            return
        }
        guard isDir.boolValue else { throw ImageFileError(folder, "cannot create output folder: \(existing) is a file, not a folder") }
        guard access(existing, W_OK) == 0 else {
            throw ImageFileError(folder, "cannot create output folder: \(existing) is not writable")
        }
    }

    /// Creates `folder` if needed and checks that files can be created in it.
    public static func ensureWritableFolder(_ folder: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            guard isDir.boolValue else { throw ImageFileError(folder, "output folder is a file, not a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                // Say why: usually a file stands where a folder should be, or a parent is read-only.
                var ancestor = PathName.parent(folder)
                while !ancestor.isEmpty && ancestor != "/" && !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDir) {
                    ancestor = PathName.parent(ancestor)
                }
                if !ancestor.isEmpty, FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDir), !isDir.boolValue {
                    throw ImageFileError(folder, "cannot create output folder: \(ancestor) is a file, not a folder")
                }
                throw ImageFileError(folder, "cannot create output folder (permission denied or read-only file system)")
            }
        }
        guard access(folder, W_OK) == 0 else { throw ImageFileError(folder, "output folder is not writable") }
    }
}
