import BacklotCore
import Foundation

/// Where the frames of one input come from: a still image, a numbered sequence, a folder of frames or a
/// video, with the arithmetic between frame numbers, files and video indices written once, here.
///
/// A plate, a hint, a garbage or core matte, and (later) masks and clean plates are all frame sources. A
/// still stands for every frame when it is paired with a moving source (one hint for a whole shot); as a
/// shot of its own it is one frame, numbered 0.
public struct FrameSource: Sendable {
    /// The kinds of input.
    public enum Kind: Sendable {
        /// One image, held for every frame.
        case still(String)
        /// Image files by frame number; `pattern` when they form a sequence that may have holes.
        case files([Int: String], pattern: SequencePattern?)
        /// A video whose first frame is numbered `firstFrame`.
        case video(VideoFile, firstFrame: Int)
    }

    public let kind: Kind
    /// The input as the user named it (a path or a pattern), for messages.
    public let name: String
    /// The frame numbers it holds, ascending.
    public let frames: [Int]

    private init(kind: Kind, name: String, frames: [Int]) {
        self.kind = kind
        self.name = name
        self.frames = frames
    }

    /// One image (whether it exists is found out when it is read).
    public static func still(_ path: String) -> FrameSource {
        FrameSource(kind: .still(path), name: path, frames: [0])
    }

    /// The frames of `pattern` found on disk (none is not an error here: a shot decides what it needs).
    public static func sequence(_ pattern: SequencePattern) -> FrameSource {
        let found = ImageSequence.discover(pattern)
        return FrameSource(kind: .files(Dictionary(uniqueKeysWithValues: found.map { ($0, pattern.path(frame: $0)) }),
                                        pattern: pattern), name: pattern.pattern, frames: found)
    }

    /// A video file, its frames numbered from `firstFrame`.
    public static func video(_ path: String, firstFrame: Int) throws(ImageFileError) -> FrameSource {
        let video = try VideoFile(probing: path)
        return FrameSource(kind: .video(video, firstFrame: firstFrame), name: path,
                           frames: Array(firstFrame..<(firstFrame + video.frameCount)))
    }

    /// Image files in a folder (hidden files aside), in natural order (`f2` before `f10`), numbered by the last
    /// run of digits in their names when those are all different, else 1, 2, 3, … in order.
    public static func folder(_ path: String) throws(ImageFileError) -> FrameSource {
        let names = imageFiles(in: path)
        guard !names.isEmpty else { throw ImageFileError(path, "holds no image frames") }
        let numbers = frameNumbers(of: names)
        let files = Dictionary(uniqueKeysWithValues: zip(numbers, names.map { "\(path)/\($0)" }))
        return FrameSource(kind: .files(files, pattern: nil), name: path, frames: numbers.sorted())
    }

    /// Frames given file by file (a CorridorKey hint paired with its input by name or order).
    public static func files(_ files: [Int: String], name: String) -> FrameSource {
        FrameSource(kind: .files(files, pattern: nil), name: name, frames: files.keys.sorted())
    }

    /// What `path` names: a sequence pattern (`#`, `@`, `%04d`), a video (by extension, numbered from
    /// `firstFrame`), or a still.
    public static func open(_ path: String, firstFrame: Int = 1001) throws(ImageFileError) -> FrameSource {
        if let pattern = SequencePattern(path) { return sequence(pattern) }
        if VideoFile.isVideo(path) { return try video(path, firstFrame: firstFrame) }
        return still(path)
    }

    /// Whether it is one image for every frame.
    public var isStill: Bool {
        if case .still = kind { return true }
        return false
    }

    /// Whether it is a video (decoded as one stream: a damaged frame stops it).
    public var isVideo: Bool {
        if case .video = kind { return true }
        return false
    }

    /// Whether it is a numbered sequence, in which a frame may be missing from disk.
    public var mayHaveHoles: Bool {
        if case .files(_, let pattern) = kind { return pattern != nil }
        return false
    }

    /// Whether it has a picture for `frame` (a still has one for every frame).
    public func contains(_ frame: Int) -> Bool {
        switch kind {
        case .still: true
        case .files(let files, _): files[frame] != nil
        case .video(let video, let first): frame >= first && frame - first < video.frameCount
        }
    }

    /// The file `frame` is (or would be) read from; nil for video.
    public func path(of frame: Int) -> String? {
        switch kind {
        case .still(let path): path
        case .files(let files, let pattern): files[frame] ?? pattern?.path(frame: frame)
        case .video: nil
        }
    }

    /// `frame` named for a person: its file, or the video and the frame's number.
    public func label(_ frame: Int) -> String {
        if case .video(let video, _) = kind { return "\(video.path) frame \(frame)" }
        return path(of: frame) ?? "\(name) frame \(frame)"
    }

    /// The name outputs made from `frame` are given, without folder or extension: the file's own name
    /// (`plate.1001`), or for video the file's name and the frame number (`clip.1001`).
    public func stem(_ frame: Int) -> String {
        switch kind {
        case .video(let video, _): FrameSource.stem(of: video.path) + "." + SequencePattern.number(frame)
        default: path(of: frame).map(FrameSource.stem(of:)) ?? SequencePattern.number(frame)
        }
    }

    /// The frame rate of a video source.
    public var frameRate: FrameRate? {
        if case .video(let video, _) = kind { return video.frameRate }
        return nil
    }

    /// The frames as a range, for messages (`1001-1100`).
    public var range: FrameRange { FrameRange(frames: frames) }

    /// A reader for `frames` (ascending; the same frame may repeat), which decodes a video once, in order.
    public func reader(for frames: [Int]) -> FrameSourceReader {
        FrameSourceReader(source: self, frames: frames)
    }

    /// The file name without folder and extension: `shot/plate.1001.exr` → `plate.1001`.
    public static func stem(of path: String) -> String {
        PathName.stem(path)
    }

    /// File extensions read as images.
    public static let imageExtensions: Set<String> = ["exr", "png", "tif", "tiff", "jpg", "jpeg", "dpx"]

    /// The image files directly inside `folder`, in natural order (`f2` before `f10`).
    static func imageFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && imageExtensions.contains(PathName.pathExtension($0).lowercased()) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }

    /// Frame numbers for file names: the last run of digits in each when those are all different, else 1, 2, 3, ….
    static func frameNumbers(of names: [String]) -> [Int] {
        let numbers = names.map { name -> Int? in
            let stem = PathName.deletingExtension(name)
            guard let run = stem.split(whereSeparator: { !$0.isNumber }).last, stem.hasSuffix(run) else { return nil }
            return Int(run)
        }
        if numbers.allSatisfy({ $0 != nil }), Set(numbers.compactMap { $0 }).count == names.count {
            return numbers.map { $0! }
        }
        return names.indices.map { $0 + 1 }
    }
}
