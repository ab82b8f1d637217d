/// A file-name pattern for a numbered image sequence, e.g. `plate.####.exr`.
///
/// Frame tokens understood (in the last path component): `#` (a lone `#` means 4 digits, as oiiotool;
/// a run of `#` means one digit each, as Nuke), `@` (one digit each) and printf's `%04d` / `%d`.
/// Frames wider than the padding are written in full (`plate.10000.exr` for `####`).
public struct SequencePattern: Hashable, Sendable, CustomStringConvertible {
    /// The path before the frame number.
    public let prefix: String
    /// The path after the frame number.
    public let suffix: String
    /// Minimum number of digits (zero-padded).
    public let padding: Int
    /// The pattern as the user wrote it.
    public let pattern: String

    /// Parses a pattern; returns `nil` if the path holds no frame token.
    public init?(_ path: String) {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[nameStart...]
        guard let token = SequencePattern.findToken(in: name) else { return nil }
        prefix = String(path[..<token.range.lowerBound])
        suffix = String(path[token.range.upperBound...])
        padding = token.padding
        pattern = path
    }

    /// Whether `path` contains a frame token.
    public static func isPattern(_ path: String) -> Bool { SequencePattern(path) != nil }

    private static func findToken(in name: Substring) -> (range: Range<String.Index>, padding: Int)? {
        // The last token wins, so `v2.####.exr` and `shot_010.%04d.exr` both number the frame.
        var i = name.endIndex
        while i > name.startIndex {
            i = name.index(before: i)
            let ch = name[i]
            if ch == "#" || ch == "@" {
                var start = i
                while start > name.startIndex, name[name.index(before: start)] == ch { start = name.index(before: start) }
                let count = name.distance(from: start, to: i) + 1
                let padding = (ch == "#" && count == 1) ? 4 : count
                return (start..<name.index(after: i), padding)
            }
            if ch == "d", i > name.startIndex {
                // Walk back over digits to a '%'.
                var j = name.index(before: i)
                while j > name.startIndex, name[j].isASCII, name[j].isNumber { j = name.index(before: j) }
                if name[j] == "%" {
                    let digits = name[name.index(after: j)..<i]
                    let padding = digits.isEmpty ? 1 : (Int(digits) ?? 1)
                    return (j..<name.index(after: i), max(1, padding))
                }
            }
        }
        return nil
    }

    /// The file path of `frame`.
    public func path(frame: Int) -> String {
        prefix + SequencePattern.number(frame, padding: padding) + suffix
    }

    /// `frame` zero-padded to at least `padding` digits (`0042`, `-0042`, `123456789`), at any magnitude.
    public static func number(_ frame: Int, padding: Int = 4) -> String {
        let digits = String(frame.magnitude)
        return (frame < 0 ? "-" : "") + String(repeating: "0", count: max(0, padding - digits.count)) + digits
    }

    /// The frame number encoded in `path`, if `path` belongs to this sequence.
    public func frame(of path: String) -> Int? {
        guard path.hasPrefix(prefix), path.hasSuffix(suffix),
              path.count > prefix.count + suffix.count else { return nil }
        let middle = path.dropFirst(prefix.count).dropLast(suffix.count)
        let negative = middle.first == "-"
        let digits = negative ? middle.dropFirst() : middle
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              digits.count >= padding, digits.count == padding || digits.first != "0",
              let value = Int(digits) else { return nil }
        return negative ? -value : value
    }

    public var description: String { pattern }
}
