/// Path-name arithmetic on plain strings, without touching the file system.
///
/// Foundation's `NSString.deletingLastPathComponent` on this platform traps on one-character paths such as
/// `"x"` or `"."` (swift-corelibs-foundation, Swift 6.3): every path split in Backlot goes through here instead.
/// The rules follow POSIX `dirname`/`basename` where those are unambiguous: repeated and trailing slashes
/// are ignored, and the root stays the root.
public enum PathName {
    /// The folder part: `a/b.exr` → `a`, `/x` → `/`, `x` → `` (the current folder), `/` → `/`.
    public static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last component: `a/b.exr` → `b.exr`, `a/b/` → `b`, `/` → `/`, `` → ``.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The extension of the last component, without its dot: `a/b.EXR` → `EXR`; none for `.hidden` or `a.`.
    public static func pathExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `path` without the extension of its last component: `a/b.exr` → `a/b`, `a/.hidden` → `a/.hidden`.
    public static func deletingExtension(_ path: String) -> String {
        let ext = pathExtension(path)
        guard !ext.isEmpty else { return trimmingTrailingSlashes(path) }
        let trimmed = trimmingTrailingSlashes(path)
        return String(trimmed.dropLast(ext.count + 1))
    }

    /// The last component without its extension: `shot/plate.1001.exr` → `plate.1001`.
    public static func stem(_ path: String) -> String {
        deletingExtension(lastComponent(path))
    }

    /// `folder/name`, or `name` when `folder` is empty (the current folder).
    public static func joined(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// An absolute path with `.` and `..` components and repeated slashes removed, without resolving
    /// symbolic links: `/a/./b/../c//d` → `/a/c/d`. `..` above the root stays at the root.
    public static func normalized(absolute path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var s = Substring(path)
        while s.count > 1, s.hasSuffix("/") { s = s.dropLast() }
        return String(s)
    }
}
