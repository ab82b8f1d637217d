import BacklotCore
import Foundation

/// What a library's failure means for the file, in our words, with the library's own text after it at most.
///
/// Readers' messages say whether a file is truncated or damaged; writers' say whether the disk is full, over
/// quota, read-only or the file too large, from the error number and the space left, whatever the library said.
enum FileProblem {
    /// Phrases libraries use when a file ends early or its data cannot be decoded.
    private static let truncation = ["read error", "premature end", "unexpected end", "end of file", "invalid argument",
                                     "read past", "not enough data", "error reading", "cannot read", "truncated",
                                     "short read", "eof", "incomplete", "unexpected eof", "end of data", "failed to read", "seek"]

    /// A reader's failure. `detail` is the shim's message: our own sentence, or `library: text` after one of
    /// the shims' prefixes (`corrupt PNG: `, …).
    static func reading(_ path: String, format: String, detail: String, prefixes: [String], library: String) -> ImageFileError {
        guard let prefix = prefixes.first(where: detail.hasPrefix) else { return ImageFileError(path, detail) }
        let text = String(detail.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        if lower.hasPrefix("truncated") { return ImageFileError(path, "truncated \(format) file: \(text.dropFirst("truncated".count).drop { $0 == ":" || $0 == " " })") }
        let said = text.isEmpty ? "" : " (\(library): \(text))"
        if truncation.contains(where: lower.contains) {
            return ImageFileError(path, "truncated or damaged \(format) file: its data ends early or is corrupt\(said)")
        }
        return ImageFileError(path, "damaged \(format) file: its data cannot be decoded\(said)")
    }

    /// A writer's failure, told from the error number (`code`, 0 when unknown) and the space left on the disk.
    static func writing(_ path: String, format: String, detail: String, errno code: Int32) -> ImageFileError {
        if let disk = diskProblem(errno: code, folder: PathName.parent(path)) {
            return ImageFileError(path, "cannot write \(format) file: \(disk)")
        }
        let text = detail.trimmingCharacters(in: .whitespaces)
        return ImageFileError(path, "cannot write \(format) file" + (text.isEmpty ? "" : ": \(text)"))
    }

    /// The disk's state in words when it explains a failed write: full, over quota, read-only, too large.
    static func diskProblem(errno code: Int32, folder: String) -> String? {
        switch code {
        case ENOSPC: return "the disk is full" + freeSpace(folder)
        case EDQUOT: return "the disk quota is used up" + freeSpace(folder)
        case EROFS: return "the file system is read-only"
        case EFBIG: return "the file is too large for the file system or the process's file-size limit"
        case EIO: return "input/output error on the disk"
        default:
            var fs = statvfs()
            let target = folder.isEmpty ? "." : folder
            if statvfs(target, &fs) == 0, UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 64 * 1024 {
                return "the disk is full" + freeSpace(folder)
            }
            return nil
        }
    }

    private static func freeSpace(_ folder: String) -> String {
        var fs = statvfs()
        let target = folder.isEmpty ? "." : folder
        guard statvfs(target, &fs) == 0 else { return "" }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        return " (\(ByteCount(free)) free in \(target))"
    }
}

/// A byte count for people: 512 bytes, 3.4 MB, 1.2 GB.
struct ByteCount: CustomStringConvertible {
    let bytes: UInt64
    init(_ bytes: UInt64) { self.bytes = bytes }
    init(_ bytes: Int) { self.bytes = UInt64(max(0, bytes)) }

    var description: String {
        let b = Double(bytes)
        if b < 1e3 { return "\(bytes) bytes" }
        if b < 1e6 { return String(format: "%.0f KB", b / 1e3) }
        if b < 1e9 { return String(format: "%.1f MB", b / 1e6) }
        return String(format: "%.1f GB", b / 1e9)
    }
}
