import BacklotCore
import CImageCodecs
import Foundation

/// How much memory the process may still use, and the checks that refuse an image too big for it before
/// anything is allocated (a hostile or mistaken header must not make Backlot swap for minutes and then fail).
public enum MemoryBudget {
    /// The environment variable that caps the memory Backlot plans for (bytes, or with K, M, G: `8G`), as a
    /// render farm slot or a shared workstation wants.
    public static let limitVariable = "BACKLOT_MEMORY_LIMIT"

    /// Parses a memory size: `1073741824`, `512M`, `8G`, `1.5G`; nil when it is not one (or not positive).
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let scale: Double = t.hasSuffix("K") ? 1e3 : t.hasSuffix("M") ? 1e6 : t.hasSuffix("G") ? 1e9 : t.hasSuffix("T") ? 1e12 : 1
        guard let value = Double(scale == 1 ? t : String(t.dropLast())), value.isFinite, value > 0, value * scale < 1e18 else {
            return nil
        }
        return Int(value * scale)
    }

    /// Bytes available now: the kernel's `MemAvailable`, lowered by a cgroup memory limit when one is set and
    /// by `BACKLOT_MEMORY_LIMIT`.
    public static func available() -> Int {
        var bytes = Int.max
        if let text = ProcessInfo.processInfo.environment[limitVariable], let limit = parse(text) { bytes = limit }
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
            bytes = min(bytes, kb * 1024)
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
           let usedText = try? String(contentsOfFile: "/sys/fs/cgroup/memory.current", encoding: .utf8),
           var used = Int(usedText.trimmingCharacters(in: .whitespacesAndNewlines)) {
            // The cgroup's count includes page cache the kernel reclaims on demand (frames read before).
            if let stat = try? String(contentsOfFile: "/sys/fs/cgroup/memory.stat", encoding: .utf8),
               let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("inactive_file ") }),
               let cache = Int(line.split(separator: " ").last ?? "") {
                used -= cache
            }
            bytes = min(bytes, max(0, limit - used))
        }
        return bytes
    }

    /// Hands the current budget to the C readers (called before each read).
    static func shareWithReaders() {
        let bytes = available()
        bl_set_memory_budget(bytes == Int.max ? 0 : bytes)
    }

    /// Refuses work on a `width`×`height` image needing `bytesPerPixel` bytes per pixel when that is more than
    /// is available; `what` says what the work is ("reading it", "keying it").
    public static func check(width: Int, height: Int, bytesPerPixel: Int, path: String, what: String) throws(ImageFileError) {
        let pixels = width.multipliedReportingOverflow(by: height)
        let needed = pixels.partialValue.multipliedReportingOverflow(by: bytesPerPixel)
        let available = available()
        guard pixels.overflow || needed.overflow || needed.partialValue > available else { return }
        throw ImageFileError(path, "the image is \(width)x\(height) (\(megapixels(width, height)) megapixels): \(what) needs "
            + "\(needed.overflow ? "more than all" : ByteCount(needed.partialValue).description) of memory, \(ByteCount(available)) is available")
    }

    public static func megapixels(_ w: Int, _ h: Int) -> String {
        let mp = Double(w) * Double(h) / 1e6
        return mp < 10 ? String(format: "%.1f", mp) : String(format: "%.0f", mp)
    }
}
