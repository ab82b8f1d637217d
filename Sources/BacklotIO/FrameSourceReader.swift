import BacklotCore
import Foundation

/// Reads the frames of a `FrameSource` in ascending order: files one by one, a still once, a video in one
/// decode from the first frame asked for to the last (frames in between that are not asked for are skipped).
public final class FrameSourceReader {
    /// The source read.
    public let source: FrameSource
    private let first: Int?, last: Int?
    private var video: VideoReader?
    private var cached: (frame: Int, image: Image)?
    private var still: Image?

    init(source: FrameSource, frames: [Int]) {
        self.source = source
        first = frames.min()
        last = frames.max()
    }

    deinit { close() }

    /// The picture of `frame`. Frames must be asked for in ascending order (a repeat is served from memory).
    public func read(_ frame: Int) throws(ImageFileError) -> Image {
        if let cached, cached.frame == frame { return cached.image }
        let image: Image
        switch source.kind {
        case .still(let path):
            if still == nil { still = try ImageIO.read(path) }
            return still!
        case .files(let files, _):
            guard let path = files[frame] else {
                throw ImageFileError(source.path(of: frame) ?? source.name, "frame \(frame) is missing")
            }
            image = try ImageIO.read(path)
        case .video(let file, let firstFrame):
            image = try decode(frame, of: file, firstFrame: firstFrame)
        }
        cached = (frame, image)
        return image
    }

    /// Stops a video decode early.
    public func close() {
        video?.close()
        video = nil
    }

    private func decode(_ frame: Int, of file: VideoFile, firstFrame: Int) throws(ImageFileError) -> Image {
        guard source.contains(frame) else {
            throw ImageFileError(file.path, "frame \(frame) is outside the video (frames \(source.range))")
        }
        if video == nil {
            let from = max(first ?? frame, firstFrame), to = max(from, last ?? frame)
            video = try VideoReader(file, first: from - firstFrame, count: to - from + 1)
        }
        while let next = try video!.next() {
            if firstFrame + video!.index - 1 == frame { return next }
        }
        throw ImageFileError(file.path, "frame \(frame) was not decoded (frames must be read in order)")
    }
}
