import BacklotCore
import Foundation

/// Decodes the frames of a video file in order, as linear-light float images.
///
/// FFmpeg converts the file's YUV matrix and range to full-range RGB floats (10- and 12-bit sources keep
/// their precision); Backlot then removes the transfer curve (Rec. 709 for video unless the file says
/// otherwise). A stream with alpha gives an `A` channel (straight).
public final class VideoReader {
    /// The file being read.
    public let video: VideoFile
    /// Index (from 0) of the next frame `next()` returns.
    public private(set) var index: Int
    private let end: Int
    private let child: FFmpeg.Child
    private var buffer: [Float]
    private var finished = false

    /// Starts decoding `count` frames of `video` from frame index `first` (0-based).
    public init(_ video: VideoFile, first: Int = 0, count: Int? = nil) throws(ImageFileError) {
        self.video = video
        index = max(0, first)
        end = min(video.frameCount, index + (count ?? video.frameCount))
        let planes = video.hasAlpha ? 4 : 3
        buffer = [Float](parallelRepeating: 0, count: video.width * video.height * planes)
        let filters = [
            "trim=start_frame=\(index):end_frame=\(end)", "setpts=PTS-STARTPTS",
            "scale=in_color_matrix=\(video.matrix):in_range=\(video.range):out_range=pc",
            "format=\(video.hasAlpha ? "gbrapf32le" : "gbrpf32le")",
        ]
        let program = try FFmpeg.locate("ffmpeg", for: video.path)
        do {
            child = try FFmpeg.Child(program, arguments: [
                "-v", "error", "-nostdin", "-i", video.path, "-map", "0:v:0", "-vf", filters.joined(separator: ","),
                "-fps_mode", "passthrough", "-f", "rawvideo", "-",
            ], feedsStdin: false)
        } catch {
            throw ImageFileError(video.path, "cannot run ffmpeg: \((error as? ImageFileError)?.problem ?? "\(error)")")
        }
    }

    deinit { close() }

    /// The next frame, or nil after the last one. Throws if FFmpeg fails (a corrupt file, say).
    public func next() throws(ImageFileError) -> Image? {
        guard !finished else { return nil }
        guard index < end else { try finish(); return nil }
        let fd = child.stdout.fileHandleForReading.fileDescriptor
        let got: Bool
        do {
            got = try buffer.withUnsafeMutableBytes { raw in try FFmpeg.readFully(fd, into: raw) }
        } catch {
            close()
            let problem = (error as? ImageFileError)?.problem ?? "\(error)"
            throw ImageFileError(video.path, "frame \(index): \(problem)")
        }
        guard got else {
            try finish()
            throw ImageFileError(video.path, "damaged or truncated video: it ended after frame \(index) of \(video.frameCount)")
        }
        index += 1
        return image()
    }

    /// Stops decoding early.
    public func close() {
        guard !finished else { return }
        finished = true
        child.kill()
        try? child.stdout.fileHandleForReading.close()
        _ = child.finish()
    }

    private func finish() throws(ImageFileError) {
        guard !finished else { return }
        finished = true
        try? child.stdout.fileHandleForReading.close()
        let (status, message) = child.finish()
        if status != 0 {
            throw ImageFileError(video.path, "damaged or truncated video: decoding stopped at frame \(index + 1) of \(video.frameCount)"
                                 + (message.isEmpty ? " (ffmpeg exit status \(status))" : " (ffmpeg: \(FFmpeg.cleaned(message, path: video.path)))"))
        }
    }

    /// Reorders FFmpeg's G, B, R(, A) planes to R, G, B(, A) and removes the transfer curve.
    private func image() -> Image {
        let n = video.width * video.height
        let planes = video.hasAlpha ? 4 : 3
        let source = [2, 0, 1, 3]
        let curve = video.transfer
        var out = (0..<planes).map { _ in [Float](parallelRepeating: 0, count: n) }
        buffer.withUnsafeBufferPointer { src in
            out.withMutablePlanePointers { d in
                let s = UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!))
                for c in 0..<planes {
                    let from = s.pointer + source[c] * n, to = d[c].pointer
                    Schedule.automatic.forChunks(n) { range in
                        if c < 3 {
                            for i in range { to[i] = curve.decode(from[i]) }
                        } else {
                            for i in range { to[i] = min(max(from[i], 0), 1) }
                        }
                    }
                }
            }
        }
        let window = PixelWindow(width: video.width, height: video.height)
        return Image(planes: out, channels: video.hasAlpha ? ["R", "G", "B", "A"] : ["R", "G", "B"], dataWindow: window,
                     displayWindow: window, colorSpace: .linearRec709, alpha: video.hasAlpha ? .straight : nil)
    }
}
