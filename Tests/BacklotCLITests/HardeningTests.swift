import BacklotIO
import Foundation
import Testing

/// One test per item of the outside bad-input sweep (issue #11): each asserts the exit code and the message,
/// and that no input changed. Numeric options (items 1, 6, 7 and most of 15) are swept in `OptionSweepTests`.
@Suite struct HardeningTests {
    /// A 3-frame shot at 48x27, its video, and a still plate.
    final class Fixture {
        let dir = temporaryFolder("hardening")
        init() throws {
            let s = try backlot(["synth", "--shot", "3", "--size", "48x27", "-o", "\(dir)/shot", "--quiet"])
            precondition(s.status == 0, s.err)
            let p = try backlot(["synth", "--size", "160x90", "-o", "\(dir)/still", "--quiet"])
            precondition(p.status == 0, p.err)
            let v = try run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=24", "-frames:v", "4",
                             "-pix_fmt", "yuv420p", "\(dir)/in.mov"])
            precondition(v.status == 0, v.err)
        }
        var plate: String { "\(dir)/still/plate.exr" }
    }

    func digest(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func expectError(_ r: RunResult, _ status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status && !r.signalled, "exit \(r.status): \(r.err)", sourceLocation: sourceLocation)
        #expect(r.err.hasPrefix("Error: ") && r.err.contains(message), "\(r.err)", sourceLocation: sourceLocation)
    }

    @Test func item2and3and5and19OutputsNeverOverwriteInputs() throws {
        let f = try Fixture()
        let video = digest("\(f.dir)/in.mov")
        expectError(try backlot(["key", "\(f.dir)/in.mov", "-o", "\(f.dir)/k", "--prores", "\(f.dir)/in.mov"]), 1, "would overwrite an input")
        #expect(digest("\(f.dir)/in.mov") == video)
        try FileManager.default.createDirectory(atPath: "\(f.dir)/out/rgba", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: f.plate, toPath: "\(f.dir)/out/rgba/plate.exr")
        let plate = digest("\(f.dir)/out/rgba/plate.exr")
        expectError(try backlot(["key", "\(f.dir)/out/rgba/plate.exr", "--output", "\(f.dir)/out"]), 1, "would overwrite an input")
        #expect(digest("\(f.dir)/out/rgba/plate.exr") == plate)
        expectError(try backlot(["key", "\(f.dir)/shot/plate.####.exr", "-o", "\(f.dir)/k5", "--prores", "\(f.dir)/same.mov",
                                 "--review", "\(f.dir)/same.mov"]), 1, "is written twice")
        #expect(!exists("\(f.dir)/same.mov"))
        expectError(try backlot(["convert", f.plate, f.plate]), 1, "would overwrite an input")
        // Through a symbolic link and `..` too.
        try FileManager.default.createSymbolicLink(atPath: "\(f.dir)/link.exr", withDestinationPath: f.plate)
        expectError(try backlot(["convert", f.plate, "\(f.dir)/still/../link.exr"]), 1, "would overwrite an input")
        // `..` after a symbolic link is the link target's parent, as the kernel resolves it.
        try FileManager.default.createDirectory(atPath: "\(f.dir)/other/deep", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(f.dir)/dir", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(f.dir)/dir/sub", withDestinationPath: "\(f.dir)/other/deep")
        #expect(try backlot(["convert", f.plate, "\(f.dir)/other/p.png"]).status == 0)
        let png = digest("\(f.dir)/other/p.png")
        expectError(try backlot(["convert", "\(f.dir)/dir/sub/../p.png", "\(f.dir)/other/p.png"]), 1, "would overwrite an input")
        #expect(digest("\(f.dir)/other/p.png") == png)
    }

    @Test func item4HotPixelStaysOneHotPixelAndHalfOutputsAreClamped() throws {
        let f = try Fixture()
        var plate = try ImageIO.read(f.plate)
        // One in the subject, one on the screen.
        for hot in [22 * plate.width + 105, 2 * plate.width + 2] {
            for c in 0..<3 { plate.planes[c][hot] = 1e10 }
        }
        try EXR.write(plate, to: "\(f.dir)/hot.exr", sampleType: .float)
        let r = try backlot(["key", "\(f.dir)/hot.exr", "--hint", "\(f.dir)/still/hint.png", "-o", "\(f.dir)/k"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("beyond the half-float range were stored as ±65504"), "\(r.err)")
        for pass in ["fg", "rgba"] {
            let out = try ImageIO.read("\(f.dir)/k/\(pass)/hot.exr")
            for c in 0..<3 {
                #expect(out.planes[c].allSatisfy { $0.isFinite }, "\(pass): infinity or NaN in channel \(c)")
                #expect(out.planes[c].filter { $0 > 100 }.count <= 2, "\(pass): the hot pixels spread")
            }
        }
    }

    @Test func item8TruncatedJPEGIsAnError() throws {
        let f = try Fixture()
        #expect(try backlot(["convert", f.plate, "\(f.dir)/full.jpg"]).status == 0)
        let data = try #require(digest("\(f.dir)/full.jpg"))
        try data.prefix(data.count * 2 / 3).write(to: URL(fileURLWithPath: "\(f.dir)/cut.jpg"))
        for args in [["info", "\(f.dir)/cut.jpg"], ["convert", "\(f.dir)/cut.jpg", "\(f.dir)/cut.png"]] {
            expectError(try backlot(args), 1, "\(f.dir)/cut.jpg: truncated JPEG file: the data ends after row")
        }
        #expect(!exists("\(f.dir)/cut.png"))
    }

    @Test func item9FIFOsAreRefusedWithoutBlocking() throws {
        let f = try Fixture()
        #expect(mkfifo("\(f.dir)/x.exr", 0o644) == 0)
        for args in [["info", "\(f.dir)/x.exr"], ["convert", "\(f.dir)/x.exr", "\(f.dir)/y.png"], ["key", "\(f.dir)/x.exr", "-o", "\(f.dir)/k"],
                     ["key", f.plate, "--hint", "\(f.dir)/x.exr", "-o", "\(f.dir)/k2"]] {
            let r = try backlot(args, timeout: 20)
            #expect(!r.timedOut, "\(args) blocked on the FIFO")
            expectError(r, 1, "\(f.dir)/x.exr: is a named pipe (FIFO), not an image file")
        }
    }

    @Test func item10PermissionsAndLinksAreNamed() throws {
        let f = try Fixture()
        try FileManager.default.createSymbolicLink(atPath: "\(f.dir)/loop1.exr", withDestinationPath: "\(f.dir)/loop2.exr")
        try FileManager.default.createSymbolicLink(atPath: "\(f.dir)/loop2.exr", withDestinationPath: "\(f.dir)/loop1.exr")
        expectError(try backlot(["info", "\(f.dir)/loop1.exr"]), 1, "too many levels of symbolic links")
        try FileManager.default.createSymbolicLink(atPath: "\(f.dir)/broken.exr", withDestinationPath: "\(f.dir)/nothing.exr")
        expectError(try backlot(["info", "\(f.dir)/broken.exr"]), 1, "broken symbolic link")
        // Permissions: as root every file is readable, so the check runs as nobody when we are root.
        try FileManager.default.createDirectory(atPath: "\(f.dir)/locked", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: f.plate, toPath: "\(f.dir)/locked/plate.exr")
        try FileManager.default.copyItem(atPath: f.plate, toPath: "\(f.dir)/unreadable.exr")
        chmod("\(f.dir)/unreadable.exr", 0)
        chmod("\(f.dir)/locked", 0)
        defer { chmod("\(f.dir)/locked", 0o755) }
        let prefix = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", backlotBinary] : [backlotBinary]
        expectError(try run(prefix + ["info", "\(f.dir)/unreadable.exr"]), 1, "unreadable.exr: permission denied (the file cannot be read)")
        expectError(try run(prefix + ["info", "\(f.dir)/locked/plate.exr"]), 1, "permission denied (a folder on the path cannot be searched)")
    }

    @Test func item11LibraryFailuresAreToldInOurWords() throws {
        let f = try Fixture()
        func cut(_ name: String, keep fraction: Double) throws -> String {
            let data = try #require(digest("\(f.dir)/\(name)"))
            let path = "\(f.dir)/cut-\(name)"
            try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: path))
            return path
        }
        for ext in ["png", "tif"] { #expect(try backlot(["convert", f.plate, "\(f.dir)/full.\(ext)"]).status == 0) }
        try FileManager.default.copyItem(atPath: f.plate, toPath: "\(f.dir)/full.exr")
        expectError(try backlot(["info", try cut("full.png", keep: 0.5)]), 1, "truncated or damaged PNG file: its data ends early or is corrupt (libpng:")
        expectError(try backlot(["convert", try cut("full.exr", keep: 0.6), "\(f.dir)/o.png"]), 1, "truncated or damaged OpenEXR file")
        expectError(try backlot(["convert", try cut("full.tif", keep: 0.5), "\(f.dir)/o2.exr"]), 1, "TIFF file")
        expectError(try backlot(["convert", try cut("in.mov", keep: 0.3), "\(f.dir)/v.####.exr"]), 1, "damaged, truncated or not a video file")
        #expect(try run(["ffmpeg", "-v", "error", "-y", "-i", f.plate, "-pix_fmt", "gbrp10be", "\(f.dir)/scan.dpx"]).status == 0)
        expectError(try backlot(["info", try cut("scan.dpx", keep: 0.5)]), 1, "truncated DPX file: it holds")
        for r in [try backlot(["info", "\(f.dir)/cut-full.png"]), try backlot(["info", "\(f.dir)/cut-scan.dpx"])] {
            for leak in ["Read Error\n", "Error marking filters", "the video stream has no picture size", "Invalid argument."] {
                #expect(!r.err.hasSuffix(leak) && !r.err.contains("cannot decode:"), "\(r.err)")
            }
        }
    }

    @Test func item11AFullDiskIsCalledAFullDisk() throws {
        let f = try Fixture()
        let small = "\(f.dir)/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        guard getuid() == 0, try run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", small]).status == 0 else {
            Issue.record("cannot mount a small tmpfs here (not root, or no mount rights): the full-disk case is not checked")
            return
        }
        defer { _ = try? run(["umount", small]) }
        _ = try backlot(["synth", "--size", "640x360", "-o", "\(f.dir)/big", "--quiet"])
        for ext in ["exr", "png", "tif", "jpg"] {
            expectError(try backlot(["convert", "\(f.dir)/big/plate.exr", "\(small)/x.\(ext)"]), 1, "the disk is full")
        }
        #expect((try FileManager.default.contentsOfDirectory(atPath: small)).isEmpty, "partial or temporary files left")
        // A key that fails part-way leaves finished files, and no empty folders.
        let key = try backlot(["key", "\(f.dir)/big/plate.exr", "--hint", "\(f.dir)/big/hint.png", "-o", "\(small)/o", "-q"])
        #expect(key.status == 1 && key.err.contains("the disk is full"), "\(key.err)")
        let left = FileManager.default.enumerator(atPath: small)?.allObjects as? [String] ?? []
        for entry in left {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(small)/\(entry)", isDirectory: &isDir), isDir.boolValue {
                #expect(!((try? FileManager.default.contentsOfDirectory(atPath: "\(small)/\(entry)"))?.isEmpty ?? true), "empty folder left: \(entry)")
            }
        }
    }

    @Test func item12InfoReadsVideoAndDPX() throws {
        let f = try Fixture()
        let video = try backlot(["info", "\(f.dir)/in.mov"])
        #expect(video.status == 0 && video.out.contains("video, h264") && video.out.contains("64x36")
                && video.out.contains("4 at 24 fps"), "\(video.out)\(video.err)")
        #expect(try run(["ffmpeg", "-v", "error", "-y", "-i", f.plate, "-pix_fmt", "gbrp10be", "\(f.dir)/scan.dpx"]).status == 0)
        let dpx = try backlot(["info", "\(f.dir)/scan.dpx"])
        #expect(dpx.status == 0 && dpx.out.contains("DPX, 10-bit") && dpx.out.contains("160x90"), "\(dpx.out)\(dpx.err)")
    }

    @Test func item13NoScreenNoHintAndEmptyPaths() throws {
        let f = try Fixture()
        var grey = try ImageIO.read(f.plate)
        for c in 0..<3 { grey.planes[c] = [Float](repeating: 0.3, count: grey.planeSize) }
        try EXR.write(grey, to: "\(f.dir)/grey.exr")
        let r = try backlot(["key", "\(f.dir)/grey.exr", "-o", "\(f.dir)/k"])
        #expect(r.status == 0 && r.err.contains("no green screen found in the plate and no hint given: the matte is solid"), "\(r.err)")
        expectError(try backlot(["key", "", "-o", "\(f.dir)/k2"]), 64, "the plate path is empty")
        expectError(try backlot(["convert", "", "\(f.dir)/o.exr"]), 64, "the input path is empty")
        // Names longer than file systems allow are named as such, before any work.
        let long = String(repeating: "a", count: 300)
        expectError(try backlot(["key", f.plate, "-o", "\(f.dir)/\(long)"]), 1, "a name in the path is 300 bytes long; file systems allow 255")
        expectError(try backlot(["convert", f.plate, "\(f.dir)/\(long).png"]), 1, "a name in the path is 304 bytes long")
        // One-character output folders (Foundation's path splitting trapped on them).
        let one = try backlot(["key", f.plate, "-o", "x", "--passes", "matte"], cwd: f.dir)
        #expect(one.status == 0 && exists("\(f.dir)/x/matte/plate.exr"), "\(one.err)")
    }

    @Test func item14ChildrenDieWithUsAndTemporariesAreCleared() throws {
        let f = try Fixture()
        #expect(try backlot(["synth", "--shot", "40", "--size", "320x180", "-o", "\(f.dir)/long", "--quiet"]).status == 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: backlotBinary)
        p.arguments = ["key", "\(f.dir)/long/plate.####.exr", "-o", "\(f.dir)/k", "--prores", "\(f.dir)/k/out.mov", "-q", "--temporal", "0"]
        try p.run()
        var child: Int32?
        for _ in 0..<200 where child == nil {
            usleep(50_000)
            let r = try run(["pgrep", "-P", "\(p.processIdentifier)", "ffmpeg"])
            child = r.out.split(separator: "\n").first.flatMap { Int32($0) }
        }
        let ffmpeg = try #require(child, "no ffmpeg child seen")
        // Kill it once the encoder has started its (hidden, temporary) file.
        for _ in 0..<200 {
            if ((try? FileManager.default.contentsOfDirectory(atPath: "\(f.dir)/k")) ?? []).contains(where: { $0.hasPrefix(".out") }) { break }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        var gone = false
        for _ in 0..<100 where !gone {
            usleep(20_000)
            gone = kill(ffmpeg, 0) != 0 || (try? String(contentsOfFile: "/proc/\(ffmpeg)/stat", encoding: .utf8))?.contains(") Z") == true
        }
        #expect(gone, "ffmpeg outlived backlot")
        let leftovers = { (try? FileManager.default.contentsOfDirectory(atPath: "\(f.dir)/k"))?.filter { $0.hasPrefix(".") } ?? [] }
        #expect(!leftovers().isEmpty, "the killed run left no temporary video (the test did not kill it mid-run)")
        let again = try backlot(["key", "\(f.dir)/long/plate.####.exr", "-o", "\(f.dir)/k", "--prores", "\(f.dir)/k/out.mov", "-q",
                                 "--frames", "1001-1002", "--temporal", "0"])
        #expect(again.status == 0, "\(again.err)")
        #expect(leftovers().isEmpty, "temporaries left: \(leftovers())")
    }

    @Test func item16HugeHeadersFailFastSayingHowBig() throws {
        let f = try Fixture()
        // An EXR header declaring 20000x20000 with a few bytes of data: refused before any allocation.
        var image = try ImageIO.read(f.plate)
        image.alpha = .none
        try EXR.write(image, to: "\(f.dir)/big.exr", sampleType: .half, compression: .none)
        var data = try #require(digest("\(f.dir)/big.exr"))
        let key = Data("dataWindow\u{0}box2i\u{0}".utf8)
        let at = try #require(data.range(of: key)).upperBound + 4
        for (k, v) in [Int32(0), 0, 19_999, 19_999].enumerated() {
            withUnsafeBytes(of: v.littleEndian) { data.replaceSubrange(at + 4 * k ..< at + 4 * k + 4, with: $0) }
        }
        try data.write(to: URL(fileURLWithPath: "\(f.dir)/big.exr"))
        let clock = Date()
        let r = try backlot(["convert", "\(f.dir)/big.exr", "\(f.dir)/big.png"])
        #expect(r.status == 1 && r.err.contains("big.exr: "), "\(r.err)")
        #expect(Date().timeIntervalSince(clock) < 5, "took \(Date().timeIntervalSince(clock)) s to refuse")
        // A plate too big for the memory Backlot may use is refused before keying, with its size.
        let capped = try backlot(["key", f.plate, "-o", "\(f.dir)/k"], environment: ["BACKLOT_MEMORY_LIMIT": "60K"])
        expectError(capped, 1, "the image is 160x90")
        #expect(capped.err.contains("of memory") && !exists("\(f.dir)/k"), "\(capped.err)")
        expectError(try backlot(["info", f.plate], environment: ["BACKLOT_MEMORY_LIMIT": "lots"]), 64, "BACKLOT_MEMORY_LIMIT='lots'")
    }

    @Test func item17FailedKeyLeavesNoFolder() throws {
        let f = try Fixture()
        try "not an image".write(toFile: "\(f.dir)/fake.exr", atomically: true, encoding: .utf8)
        expectError(try backlot(["key", "\(f.dir)/fake.exr", "-o", "\(f.dir)/never"]), 1, "fake.exr")
        #expect(!exists("\(f.dir)/never"))
    }

    @Test func item18UnreadableFramesFollowTheMissingPolicy() throws {
        let f = try Fixture()
        let shot = "\(f.dir)/shot"
        let good = try #require(digest("\(shot)/plate.1002.exr"))
        try good.prefix(good.count / 3).write(to: URL(fileURLWithPath: "\(shot)/plate.1002.exr"))
        let args = ["key", "\(shot)/plate.####.exr", "--hint", "\(shot)/hint.####.png", "--passes", "matte", "--temporal", "0"]
        let stop = try backlot(args + ["-o", "\(f.dir)/e"])
        #expect(stop.status == 1 && stop.err.contains("Error: \(shot)/plate.1002.exr: truncated or damaged OpenEXR file"), "\(stop.err)")
        let skip = try backlot(args + ["-o", "\(f.dir)/s", "--missing", "skip"])
        #expect(skip.status == 0 && skip.err.contains("plate.1002.exr: truncated or damaged OpenEXR file")
                && skip.err.contains("frame 1002 skipped"), "\(skip.err)")
        #expect(exists("\(f.dir)/s/matte/plate.1001.exr") && !exists("\(f.dir)/s/matte/plate.1002.exr") && exists("\(f.dir)/s/matte/plate.1003.exr"))
        let hold = try backlot(args + ["-o", "\(f.dir)/h", "--missing", "hold"])
        #expect(hold.status == 0 && hold.err.contains("the previous frame held in its place"), "\(hold.err)")
        #expect(digest("\(f.dir)/h/matte/plate.1002.exr") == digest("\(f.dir)/h/matte/plate.1001.exr"))
    }
}

/// The reproducers the fuzzer found, replayed through the same targets on every test run.
@Suite struct FuzzRegressionTests {
    @Test func everyKeptReproducerReplaysQuicklyWithoutACrash() throws {
        let fuzz = URL(fileURLWithPath: backlotBinary).deletingLastPathComponent().appendingPathComponent("backlot-fuzz").path
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("fuzz/regressions").path
        var replayed = 0
        for target in ["exr", "png", "tiff", "jpeg", "dpx", "hint"] {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(target)")) ?? []).sorted()
                .map { "\(folder)/\(target)/\($0)" }
            guard !files.isEmpty else { continue }
            let clock = Date()
            let r = try run([fuzz, "replay", target] + files, timeout: 60)
            #expect(r.status == 0 && !r.signalled, "\(target): \(r.err)")
            #expect(Date().timeIntervalSince(clock) < 5 * Double(files.count), "\(target): replay took \(Date().timeIntervalSince(clock)) s")
            replayed += files.count
        }
        #expect(replayed >= 2, "no reproducers found in \(folder)")
    }
}
