import BacklotCore
import Foundation

/// The checks every input file passes before a reader opens it, so that each reader's failure is a precise
/// sentence instead of a library's guess: missing, unreachable, unreadable, a folder, a FIFO or a device (which
/// would block a reader forever), or empty.
public enum InputFile {
    /// Checks that `path` is a readable, non-empty regular file (after following symbolic links) and returns
    /// its size in bytes. `kind` names what was expected in messages: "image file", "video file".
    @discardableResult
    public static func check(_ path: String, kind: String = "image file") throws(ImageFileError) -> Int {
        guard !path.isEmpty else { throw ImageFileError("(empty path)", "no file name given") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw ImageFileError(path, problem(statErrno: errno, path: path)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ImageFileError(path, "is a folder, not \(article(kind)) \(kind)")
        case S_IFIFO: throw ImageFileError(path, "is a named pipe (FIFO), not \(article(kind)) \(kind); Backlot reads regular files only")
        case S_IFSOCK: throw ImageFileError(path, "is a socket, not \(article(kind)) \(kind)")
        case S_IFCHR, S_IFBLK: throw ImageFileError(path, "is a device, not \(article(kind)) \(kind)")
        default: throw ImageFileError(path, "is not a regular file")
        }
        // A regular file never blocks on open; O_NONBLOCK guards against one swapped for a FIFO since the stat.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ImageFileError(path, problem(openErrno: errno)) }
        close(fd)
        guard info.st_size > 0 else { throw ImageFileError(path, "file is empty") }
        return Int(info.st_size)
    }

    /// Why `stat` failed, in words: the path's problem rather than the errno name.
    static func problem(statErrno code: Int32, path: String) -> String {
        switch code {
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                return "broken symbolic link (what it points to does not exist)"
            }
            return "file not found"
        case EACCES: return "permission denied (a folder on the path cannot be searched)"
        case ELOOP: return "too many levels of symbolic links (a symbolic link loop?)"
        case ENOTDIR: return "not found: a part of the path is a file, not a folder"
        case ENAMETOOLONG: return "the path is too long"
        default: return "cannot be reached: \(String(cString: strerror(code)))"
        }
    }

    /// Why `open` for reading failed, in words.
    static func problem(openErrno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied (the file cannot be read)"
        case EMFILE, ENFILE: return "cannot be opened: too many open files"
        default: return "cannot be opened: \(String(cString: strerror(code)))"
        }
    }

    private static func article(_ kind: String) -> String {
        kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
