/// An ordered set of frame numbers, parsed from the specs render farms and VFX tools use.
///
/// Accepted forms, separated by commas: `1001`, `1001-1100`, `1001-1100x2` (every 2nd frame, as Nuke and
/// oiiotool write it) and `1-20:2` (Open Job Description / Deadline). Frames are sorted and unique.
public struct FrameRange: Hashable, Sendable, CustomStringConvertible {
    /// The frames in ascending order, without duplicates.
    public let frames: [Int]

    /// A range holding exactly these frames.
    public init(frames: [Int]) {
        self.frames = Array(Set(frames)).sorted()
    }

    /// Parses a frame spec such as `1001-1100x2,1200`.
    public init(parsing spec: String) throws(FrameRangeError) {
        let trimmed = spec.filter { !$0.isWhitespace }
        guard !trimmed.isEmpty else { throw FrameRangeError(spec: spec, problem: "it is empty") }
        var all: [Int] = []
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            all += try FrameRange.parseItem(String(item), spec: spec)
            if all.count > 10_000_000 { throw FrameRangeError(spec: spec, problem: "it holds more than 10 million frames") }
        }
        self.init(frames: all)
    }

    private static func parseItem(_ item: String, spec: String) throws(FrameRangeError) -> [Int] {
        guard !item.isEmpty else { throw FrameRangeError(spec: spec, problem: "it has an empty item") }
        var body = Substring(item)
        var step = 1
        if let sep = body.lastIndex(where: { $0 == "x" || $0 == ":" }) {
            guard let s = Int(body[body.index(after: sep)...]), s > 0 else {
                throw FrameRangeError(spec: spec, problem: "'\(item)' has a step that is not a positive integer")
            }
            step = s
            body = body[..<sep]
        }
        // A dash after the first character separates start and end (the first may be a minus sign).
        let dash = body.dropFirst().firstIndex(of: "-")
        guard let dash else {
            guard let f = Int(body), step == 1 else {
                throw FrameRangeError(spec: spec, problem: "'\(item)' is not a frame number or a range like 1001-1100")
            }
            return [f]
        }
        guard let a = Int(body[..<dash]), let b = Int(body[body.index(after: dash)...]) else {
            throw FrameRangeError(spec: spec, problem: "'\(item)' is not a range like 1001-1100")
        }
        guard a <= b else { throw FrameRangeError(spec: spec, problem: "'\(item)' ends before it starts") }
        let span = b.subtractingReportingOverflow(a)
        guard !span.overflow, span.partialValue / step < 10_000_000 else {
            throw FrameRangeError(spec: spec, problem: "'\(item)' is too long")
        }
        return Array(stride(from: a, through: b, by: step))
    }

    /// First frame.
    public var first: Int? { frames.first }
    /// Last frame.
    public var last: Int? { frames.last }
    /// Number of frames.
    public var count: Int { frames.count }

    /// The compact spec of these frames, e.g. `1001-1100`, `1-9x2`, `1-3,5,7`.
    public var description: String {
        var parts: [String] = []
        var i = 0
        while i < frames.count {
            var j = i
            if i + 1 < frames.count {
                let step = frames[i + 1] - frames[i]
                while j + 1 < frames.count && frames[j + 1] - frames[j] == step { j += 1 }
                if j - i >= 2 || (j > i && step == 1) {
                    parts.append(step == 1 ? "\(frames[i])-\(frames[j])" : "\(frames[i])-\(frames[j])x\(step)")
                    i = j + 1
                    continue
                }
            }
            parts.append("\(frames[i])")
            i += 1
        }
        return parts.joined(separator: ",")
    }
}

/// A frame spec that could not be parsed.
public struct FrameRangeError: BacklotError, Equatable {
    public let spec: String
    public let problem: String
    public var message: String { "frame range '\(spec)': \(problem)" }
}
