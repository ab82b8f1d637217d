import BacklotCore
@testable import BacklotIO
import Foundation
import Testing

/// Video through FFmpeg: probing, decoding to linear light, encoding, and broken files.
@Suite struct VideoTests {
    /// A gradient with alpha: R ramps across, G down, B constant, alpha ramps across.
    func frame(_ k: Int, width: Int = 64, height: Int = 48) -> Image {
        var img = Image(width: width, height: height, channels: ["R", "G", "B"])
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                img.planes[0][i] = Float(x) / Float(width - 1) * 0.9 + 0.01 * Float(k)
                img.planes[1][i] = Float(y) / Float(height - 1) * 0.8
                img.planes[2][i] = 0.18
            }
        }
        return img
    }

    @Test func proresRoundTripKeepsLinearValuesAndAlpha() throws {
        let dir = temporaryFolder()
        let path = "\(dir)/clip.mov"
        let writer = try VideoWriter(path: path, kind: .prores4444, width: 64, height: 48, frameRate: .film)
        var alpha = Image(width: 64, height: 48, channels: ["A"])
        for i in 0..<alpha.planeSize { alpha.planes[0][i] = Float(i % 64) / 63 }
        for k in 0..<5 {
            var rgba = frame(k)
            rgba.planes.append(alpha.planes[0])
            rgba.channelNames.append("A")
            rgba.alpha = .straight
            try writer.append(rgba)
        }
        #expect(!fileExists(path), "nothing under the final name before finish")
        try writer.finish()

        let video = try VideoFile(probing: path)
        #expect(video.width == 64 && video.height == 48 && video.frameCount == 5)
        #expect(video.codec == "prores" && video.hasAlpha && video.transfer == .rec709 && video.matrix == "bt709")
        // Frames 2-3 only.
        let reader = try VideoReader(video, first: 2, count: 2)
        var decoded: [Image] = []
        while let image = try reader.next() { decoded.append(image) }
        #expect(decoded.count == 2)
        let expected = frame(2)
        let got = decoded[0]
        #expect(got.channelNames == ["R", "G", "B", "A"])
        var worst: Float = 0, worstAlpha: Float = 0
        let n = 64 * 48
        for i in 0..<n {
            for c in 0..<3 {
                // Compare in the encoded domain, where 10-bit quantisation is uniform.
                worst = max(worst, abs(Rec709.encode(got.planes[c][i]) - Rec709.encode(expected.planes[c][i])))
            }
            worstAlpha = max(worstAlpha, abs(got.planes[3][i] - alpha.planes[0][i]))
        }
        #expect(worst < 0.006, "worst encoded error \(worst)")
        #expect(worstAlpha < 0.004, "worst alpha error \(worstAlpha)")
    }

    @Test(arguments: [
        ("prores.mov", ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le"]),
        ("dnxhr.mxf", ["-c:v", "dnxhd", "-profile:v", "dnxhr_hq", "-pix_fmt", "yuv422p"]),
        ("mjpeg.mov", ["-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj422p"]),
        ("h264.mp4", ["-c:v", "libx264", "-crf", "10", "-pix_fmt", "yuv420p"]),
        ("h265.mp4", ["-c:v", "libx265", "-crf", "10", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error"]),
    ])
    func everyCodecFromSetDecodesToTheSameLinearPicture(name: String, codec: [String]) throws {
        // A flat mid-grey-ish frame (Rec. 709 code 0.5 in every channel) in each codec and container from set.
        let dir = temporaryFolder()
        let made = try shell(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=0x808080:size=256x144:rate=24",
                              "-frames:v", "3", "-vf", "scale=out_color_matrix=bt709:out_range=tv"] + codec
                             + ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "\(dir)/\(name)"])
        try #require(made.status == 0, "\(made.err)")
        let video = try VideoFile(probing: "\(dir)/\(name)")
        #expect(video.frameCount == 3 && video.width == 256 && video.height == 144)
        let reader = try VideoReader(video)
        var frames = 0
        while let image = try reader.next() {
            frames += 1
            // Code 128/255 through the Rec. 709 curve is linear 0.2597; allow codec rounding of a few codes.
            let mean = image.planes.joined().reduce(0, +) / Float(image.planeSize * image.channelCount)
            #expect(abs(Rec709.encode(mean) - 128 / 255) < 0.012, "\(name): mean encoded \(Rec709.encode(mean))")
        }
        #expect(frames == 3)
    }

    @Test func reviewFileIsH264WithSRGBTag() throws {
        let dir = temporaryFolder()
        let path = "\(dir)/review.mp4"
        let writer = try VideoWriter(path: path, kind: .h264Preview, width: 63, height: 47, frameRate: FrameRate(25)!)
        for k in 0..<3 { try writer.append(frame(k, width: 63, height: 47)) }
        try writer.finish()
        let video = try VideoFile(probing: path)
        #expect(video.codec == "h264" && video.frameCount == 3 && video.transfer == .srgb)
        #expect(video.width == 64 && video.height == 48, "odd sizes are padded to even for 4:2:0")
    }

    @Test func cancelledWriterLeavesNothing() throws {
        let dir = temporaryFolder()
        let writer = try VideoWriter(path: "\(dir)/clip.mov", kind: .prores4444, width: 32, height: 32, frameRate: .film)
        try writer.append(frame(0, width: 32, height: 32))
        writer.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func brokenVideosGiveOneLineErrors() throws {
        let dir = temporaryFolder()
        try "not a video at all".write(toFile: "\(dir)/text.mov", atomically: true, encoding: .utf8)
        #expect(throws: ImageFileError.self) { try VideoFile(probing: "\(dir)/text.mov") }
        do { _ = try VideoFile(probing: "\(dir)/text.mov") } catch {
            #expect(error.message.hasPrefix("\(dir)/text.mov: ") && !error.message.contains("\n"), "\(error.message)")
        }
        do { _ = try VideoFile(probing: "\(dir)/absent.mov"); Issue.record("no error") } catch {
            #expect(error.message == "\(dir)/absent.mov: file not found")
        }
        // A real file cut in half: probing may pass, decoding must fail cleanly.
        let writer = try VideoWriter(path: "\(dir)/cut.mov", kind: .prores4444, width: 64, height: 48, frameRate: .film)
        for k in 0..<8 { try writer.append(frame(k)) }
        try writer.finish()
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/cut.mov"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: "\(dir)/cut.mov"))
        do {
            let video = try VideoFile(probing: "\(dir)/cut.mov")
            let reader = try VideoReader(video)
            var count = 0
            while try reader.next() != nil { count += 1 }
            Issue.record("a truncated video decoded \(count) frames without an error")
        } catch {
            #expect(error.message.hasPrefix("\(dir)/cut.mov: ") && !error.message.contains("\n"), "\(error.message)")
        }
    }

    @Test func dpxIsReadWithTheCurveItsHeaderNames() throws {
        let dir = temporaryFolder()
        // FFmpeg writes 16-bit DPX marked linear: code values come back unchanged.
        var img = Image(width: 16, height: 8, channels: ["R", "G", "B"])
        for c in 0..<3 { for i in 0..<img.planeSize { img.planes[c][i] = Float((c * img.planeSize + i) % 97) / 96 } }
        try ImageIO.write(img, to: "\(dir)/ramp.png", options: WriteOptions(sampleType: .uint16, srgbTransfer: false))
        try shell(["ffmpeg", "-v", "error", "-i", "\(dir)/ramp.png", "-pix_fmt", "rgb48le", "\(dir)/ramp.dpx"])
        let dpx = try ImageIO.read("\(dir)/ramp.dpx")
        #expect(dpx.width == 16 && dpx.height == 8)
        var worst: Float = 0
        for (a, b) in zip(dpx.planes.joined(), img.planes.joined()) { worst = max(worst, abs(a - b)) }
        #expect(worst < 1e-3, "worst \(worst)")
    }

    @Test func transferCurvesInvert() {
        for v: Float in [0, 0.001, 0.018, 0.1, 0.5, 1, 2] {
            #expect(abs(Rec709.decode(Rec709.encode(v)) - v) < 1e-5 * max(1, v))
            #expect(abs(TransferCurve.cineon.decode(TransferCurve.cineon.encode(v)) - v) < 1e-4 * max(1, v))
        }
        // Known points: Rec. 709 0.018 → 0.081 (the standard's two pieces meet within 3e-4 there), 1 → 1;
        // Cineon code 685 is 1.0 and 95 is 0.
        #expect(abs(Rec709.encode(0.018) - 0.081) < 5e-4)
        #expect(abs(Rec709.encode(1) - 1) < 1e-6)
        #expect(abs(TransferCurve.cineon.decode(685 / 1023) - 1) < 1e-5)
        #expect(abs(TransferCurve.cineon.decode(95 / 1023)) < 1e-5)
    }
}
