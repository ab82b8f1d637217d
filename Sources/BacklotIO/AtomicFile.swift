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
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        try ensureWritableFolder(folder)
        let ext = url.pathExtension
        // Keep the extension so format-sniffing libraries are not confused; hide the file with a dot.
        return folder + "/." + url.deletingPathExtension().lastPathComponent
            + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" + (ext.isEmpty ? "" : "." + ext)
    }

    /// Removes the temporary files that killed runs left in `folder` (those whose process is gone).
    ///
    /// Returns how many were removed. Files of running processes (another farm task writing here) stay.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-") else { continue }
            let digits = name[range.upperBound...].prefix { $0.isNumber }
            guard let pid = Int32(digits), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH && unlink(folder + "/" + name) == 0 { removed += 1 }
        }
        return removed
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
            let parent = (existing as NSString).deletingLastPathComponent
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
                var ancestor = (folder as NSString).deletingLastPathComponent
                while !ancestor.isEmpty && ancestor != "/" && !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDir) {
                    ancestor = (ancestor as NSString).deletingLastPathComponent
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
