import BacklotCore
import BacklotIO
import Foundation
import Testing

/// Every kind of broken file gives one line naming the file and the problem, never a crash.
@Suite struct BadInputTests {
    func expectError(_ path: String, contains phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ImageIO.read(path)
            Issue.record("expected an error reading \(path)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.hasPrefix(path + ": "), sourceLocation: sourceLocation)
            #expect(error.message.localizedCaseInsensitiveContains(phrase), "\(error.message)", sourceLocation: sourceLocation)
            #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
        }
    }

    func truncate(_ path: String, to fraction: Double) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: path))
    }

    @Test func textFilesNamedAsImages() throws {
        let dir = temporaryFolder()
        for ext in ["exr", "png", "tif", "jpg"] {
            try "just some text\n".write(toFile: "\(dir)/text.\(ext)", atomically: true, encoding: .utf8)
            expectError("\(dir)/text.\(ext)", contains: "not a valid \(ext == "tif" ? "TIFF" : ext == "jpg" ? "JPEG" : ext.uppercased())")
        }
        _ = FileManager.default.createFile(atPath: "\(dir)/empty.exr", contents: Data())
        expectError("\(dir)/empty.exr", contains: "empty")
        expectError("\(dir)/missing.exr", contains: "not found")
        expectError(dir, contains: "folder")
    }

    @Test func truncatedFiles() throws {
        let dir = temporaryFolder()
        let image = testImage(width: 64, height: 64, channels: ["R", "G", "B"])
        try EXR.write(image, to: "\(dir)/t.exr", sampleType: .half, compression: .zip)
        try truncate("\(dir)/t.exr", to: 0.5)
        expectError("\(dir)/t.exr", contains: "OpenEXR")
        var straight = image
        straight.alpha = .none
        try ImageIO.write(straight, to: "\(dir)/t.png")
        try truncate("\(dir)/t.png", to: 0.5)
        expectError("\(dir)/t.png", contains: "PNG")
        try ImageIO.write(straight, to: "\(dir)/t.tif")
        try truncate("\(dir)/t.tif", to: 0.5)
        expectError("\(dir)/t.tif", contains: "TIFF")
        try ImageIO.write(straight, to: "\(dir)/t.jpg")
        try truncate("\(dir)/t.jpg", to: 0.3)
        // libjpeg pads a truncated stream with grey and warns; a hard cut in the header is an error.
        try truncate("\(dir)/t.jpg", to: 0.05)
        expectError("\(dir)/t.jpg", contains: "JPEG")
    }

    /// Rewrites the four Int32 of an EXR header's `dataWindow` box.
    func patchDataWindow(_ path: String, _ box: [Int32]) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = Data("dataWindow\u{0}box2i\u{0}".utf8)
        let at = try #require(data.range(of: key)).upperBound + 4
        for (k, v) in box.enumerated() {
            withUnsafeBytes(of: v.littleEndian) { data.replaceSubrange(at + 4 * k ..< at + 4 * k + 4, with: $0) }
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func zeroAndGiganticDimensionsInHeaders() throws {
        let dir = temporaryFolder()
        let image = testImage(width: 8, height: 8, channels: ["R", "G", "B"])
        try EXR.write(image, to: "\(dir)/zero.exr", sampleType: .half, compression: .none)
        try patchDataWindow("\(dir)/zero.exr", [0, 0, -1, 7])
        expectError("\(dir)/zero.exr", contains: "OpenEXR")
        try EXR.write(image, to: "\(dir)/huge.exr", sampleType: .half, compression: .none)
        try patchDataWindow("\(dir)/huge.exr", [0, 0, 2_000_000_000, 2_000_000_000])
        expectError("\(dir)/huge.exr", contains: "data window is 2000000001x2000000001")

        // PNG IHDR: width and height are the first two big-endian UInt32 after the chunk type.
        var straight = image
        straight.alpha = .none
        try ImageIO.write(straight, to: "\(dir)/z.png")
        for (name, w, h) in [("zero", UInt32(0), UInt32(8)), ("huge", UInt32(900_000), UInt32(900_000))] {
            var data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/z.png"))
            withUnsafeBytes(of: w.bigEndian) { data.replaceSubrange(16..<20, with: $0) }
            withUnsafeBytes(of: h.bigEndian) { data.replaceSubrange(20..<24, with: $0) }
            try data.write(to: URL(fileURLWithPath: "\(dir)/\(name).png"))
            expectError("\(dir)/\(name).png", contains: "PNG")
        }
    }

    @Test func unwritableOutputLeavesNothingBehind() throws {
        let dir = temporaryFolder()
        try "a file".write(toFile: "\(dir)/notafolder", atomically: true, encoding: .utf8)
        let image = testImage(width: 4, height: 4, channels: ["R", "G", "B"])
        for ext in ["exr", "png", "tif"] {
            do {
                try ImageIO.write(image, to: "\(dir)/notafolder/out.\(ext)")
                Issue.record("expected an error")
            } catch let error as ImageFileError {
                #expect(error.message == "\(dir)/notafolder: output folder is a file, not a folder")
            }
        }
        #expect(throws: ImageFileError.self) { try ImageIO.write(image, to: "\(dir)/out.unknown") }
    }

    @Test func failedWritesLeaveNoFile() throws {
        let dir = temporaryFolder()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.write(to: "\(dir)/x.exr") { temp in
                _ = FileManager.default.createFile(atPath: temp, contents: Data("partial".utf8))
                throw Boom()
            }
        }
        #expect(listing(dir).isEmpty)
        // A channel name OpenEXR refuses makes the library fail mid-write: no file, no temporary.
        let bad = Image(width: 4, height: 4, channels: [""])
        #expect(throws: ImageFileError.self) { try EXR.write(bad, to: "\(dir)/bad.exr") }
        #expect(listing(dir).isEmpty)
    }
}
