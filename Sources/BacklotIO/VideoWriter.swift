import BacklotCore
import Foundation

/// Encodes linear-light frames into a video file through FFmpeg, written under a temporary name and
/// renamed into place by `finish()`: an interrupted encode never leaves a truncated file under the final name.
public final class VideoWriter {
    /// What the file is for.
    public enum Kind: Sendable {
        /// ProRes 4444 (10-bit 4:4:4 with alpha) in a .mov: straight colour, Rec. 709 curve, plus alpha.
        case prores4444
        /// H.264 (4:2:0, CRF 18) in a .mp4, for review: colour encoded with the sRGB curve, no alpha.
        case h264Preview
    }

    /// The final file.
    public let path: String
    public let kind: Kind
    public let width: Int
    public let height: Int
    private let temp: String
    private let child: FFmpeg.Child
    private var buffer: [Float]
    private var done = false

    /// Starts an encoder for `width`x`height` frames at `frameRate`.
    public init(path: String, kind: Kind, width: Int, height: Int, frameRate: FrameRate) throws {
        self.path = path
        self.kind = kind
        self.width = width
        self.height = height
        temp = try AtomicFile.temporaryPath(for: path)
        let planes = kind == .prores4444 ? 4 : 3
        buffer = [Float](parallelRepeating: 0, count: width * height * planes)
        let input = ["-f", "rawvideo", "-pix_fmt", planes == 4 ? "gbrapf32le" : "gbrpf32le", "-s", "\(width)x\(height)",
                     "-r", frameRate.description, "-i", "-"]
        let output: [String]
        switch kind {
        case .prores4444:
            output = ["-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuva444p10le,"
                          + "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709",
                      "-c:v", "prores_ks", "-profile:v", "4444", "-vendor", "apl0", "-f", "mov"]
        case .h264Preview:
            output = ["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,"
                          + "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=iec61966-2-1",
                      "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-movflags", "+faststart", "-f", "mp4"]
        }
        signal(SIGPIPE, SIG_IGN)  // a failing encoder must give an error, not kill us
        do {
            child = try FFmpeg.Child(try FFmpeg.locate("ffmpeg", for: path),
                                     arguments: ["-v", "error", "-y"] + input + output + [temp], feedsStdin: true)
        } catch let error as ImageFileError {
            throw error
        } catch {
            throw ImageFileError(path, "cannot run ffmpeg: \((error as? ImageFileError)?.problem ?? "\(error)")")
        }
    }

    deinit { cancel() }

    /// Encodes one frame: the R, G and B of `image` (straight colour), and for ProRes its `A` channel too
    /// (opaque when it has none). Premultiplied colour is unpremultiplied first.
    public func append(_ image: Image) throws {
        var image = image
        image.unpremultiply()
        guard !done else { throw ImageFileError(path, "the video is already finished") }
        guard image.width == width, image.height == height else {
            throw ImageFileError(path, "frame is \(image.width)x\(image.height), the video is \(width)x\(height)")
        }
        let n = width * height
        let curve: TransferCurve = kind == .prores4444 ? .rec709 : .srgb
        let named = ["R", "G", "B"].compactMap(image.channelIndex)
        let alpha = image.alphaIndex
        let channels = named.count == 3 ? named : [0, min(1, image.channelCount - 1), min(2, image.channelCount - 1)]
        // FFmpeg's planar order is G, B, R(, A).
        let order = [channels[1], channels[2], channels[0]]
        buffer.withUnsafeMutableBufferPointer { out in
            let d = UncheckedPointer(out.baseAddress!)
            image.planes.withPlanePointers { s in
                for k in 0..<3 {
                    let from = s[order[k]].pointer, to = d.pointer + k * n
                    Schedule.automatic.forChunks(n) { range in
                        for i in range { to[i] = min(max(curve.encode(from[i]), 0), 1) }
                    }
                }
            }
            if kind == .prores4444 {
                if let alpha {
                    image.planes.withPlanePointers { a in
                        let from = a[alpha].pointer
                        Schedule.automatic.forChunks(n) { range in
                            for i in range { d.pointer[3 * n + i] = min(max(from[i], 0), 1) }
                        }
                    }
                } else {
                    (d.pointer + 3 * n).update(repeating: 1, count: n)
                }
            }
        }
        let fd = child.stdin.fileHandleForWriting.fileDescriptor
        let ok = buffer.withUnsafeBytes { FFmpeg.writeFully(fd, $0) }
        if !ok {
            let message = finishChild()
            cancel()
            throw ImageFileError(path, "encoding failed: \(message)")
        }
    }

    /// Completes the file and renames it into place.
    public func finish() throws {
        guard !done else { return }
        let message = finishChild()
        done = true
        guard child.terminationStatus == 0 else {
            unlink(temp)
            throw ImageFileError(path, "encoding failed: \(message)")
        }
        try AtomicFile.commit(temp, to: path)
    }

    /// Abandons the file: stops the encoder and removes the temporary file.
    public func cancel() {
        guard !done else { return }
        done = true
        child.kill()
        try? child.stdin.fileHandleForWriting.close()
        _ = child.finish()
        unlink(temp)
    }

    private func finishChild() -> String {
        try? child.stdin.fileHandleForWriting.close()
        let (status, message) = child.finish()
        return message.isEmpty ? "ffmpeg exit status \(status)" : FFmpeg.cleaned(message, path: temp)
    }
}
