import BacklotCore
import BacklotIO
import Foundation

/// Where and how an operation's outputs are written: image files per frame, and optional video files.
public struct Outputs<Pass: Hashable & Sendable>: Sendable {
    /// One image file per frame for a pass.
    public struct File: Sendable {
        /// Where a frame's file goes.
        public enum Location: Sendable, Hashable {
            /// `FOLDER/STEM.EXT`, named after the source frame (`keyed/rgba/plate.1001.exr`).
            case folder(String, fileExtension: String)
            /// A sequence pattern, by frame number (`out/plate.####.png`).
            case pattern(SequencePattern)
            /// One file (a shot of one still).
            case file(String)
        }

        public let pass: Pass
        public let location: Location
        /// Format options (sample type, compression, EXR alpha convention, attributes).
        public let options: WriteOptions

        public init(_ pass: Pass, _ location: Location, options: WriteOptions = WriteOptions()) {
            self.pass = pass
            self.location = location
            self.options = options
        }

        /// The file of the frame numbered `frame` whose source is named `stem`.
        public func path(stem: String, frame: Int) -> String {
            switch location {
            case .folder(let folder, let ext): "\(folder)/\(stem).\(ext)"
            case .pattern(let pattern): pattern.path(frame: frame)
            case .file(let path): path
            }
        }

        /// The folder the files go into.
        public var folder: String {
            switch location {
            case .folder(let folder, _): folder
            case .pattern(let pattern): PathName.parent(pattern.pattern)
            case .file(let path): PathName.parent(path)
            }
        }
    }

    /// A video file holding a pass of every frame, in order.
    public struct Video: Sendable {
        public let pass: Pass
        public let path: String
        public let kind: VideoWriter.Kind

        public init(_ pass: Pass, path: String, kind: VideoWriter.Kind) {
            self.pass = pass
            self.path = path
            self.kind = kind
        }
    }

    /// Image files, written for every frame.
    public var files: [File]
    /// Video files.
    public var videos: [Video]
    /// The frame rate of video outputs when the source has none (image sequences).
    public var frameRate: FrameRate

    public init(files: [File], videos: [Video] = [], frameRate: FrameRate = .film) {
        self.files = files
        self.videos = videos
        self.frameRate = frameRate
    }

    /// The passes written as files.
    public var filePasses: Set<Pass> { Set(files.map(\.pass)) }
    /// The passes written to video.
    public var videoPasses: Set<Pass> { Set(videos.map(\.pass)) }

    /// The files of one frame, in the order `files` lists them.
    public func paths(stem: String, frame: Int) -> [String] {
        files.map { $0.path(stem: stem, frame: frame) }
    }

    /// Every folder written into (to create, and to clear of temporaries that killed runs left).
    public var folders: [String] {
        var seen = Set<String>()
        return (files.map(\.folder) + videos.map { PathName.parent($0.path) })
            .map { $0.isEmpty ? "." : $0 }
            .filter { seen.insert($0).inserted }
    }

    /// Writes the files of one frame from `images` (one per file pass), all at once.
    ///
    /// Each goes to a temporary name and is renamed into place, so a frame's file is either complete or absent.
    /// Integer formats are queued first: their encoders are serial and the slowest, so they run while OpenEXR's
    /// threads write the rest.
    /// - Returns: The samples clamped to the half range across the files.
    @discardableResult
    public func write(_ images: [Pass: Image], stem: String, frame: Int) throws -> Int {
        let jobs = files.filter { !$0.path(stem: stem, frame: frame).lowercased().hasSuffix(".exr") }
            + files.filter { $0.path(stem: stem, frame: frame).lowercased().hasSuffix(".exr") }
        let errors = FirstError()
        let clamped = SharedCounter()
        Schedule.automatic.forEach(jobs.count) { k in
            let file = jobs[k]
            let path = file.path(stem: stem, frame: frame)
            do {
                guard let image = images[file.pass] else {
                    throw ImageFileError(path, "the operation made no \(file.pass) output for this frame")
                }
                clamped.add(try ImageIO.write(image, to: path, options: file.options).clampedSamples)
            } catch {
                errors.record(error)
            }
        }
        if let error = errors.first { throw error }
        return clamped.count
    }
}
