import BacklotCore
import BacklotIO
import Foundation
import Testing

/// Whole shots: sequences, videos and CorridorKey folders, chunked, resumed, broken.
@Suite struct ShotTests {
    /// A 6-frame synthetic shot (frames 1001-1006) at 96x54.
    func makeShot(frames: Int = 6) throws -> String {
        let dir = temporaryFolder()
        let s = try backlot(["synth", "--shot", "\(frames)", "--size", "96x54", "--output", dir, "--quiet"])
        try #require(s.status == 0, "\(s.err)")
        return dir
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func chunksGiveTheSameFilesAsTheWholeShot() throws {
        let dir = try makeShot()
        let whole = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "-o", "\(dir)/whole",
                                 "--passes", "matte,fg"])
        try #require(whole.status == 0, "\(whole.err)")
        // Logs one line per frame with its timing when not on a terminal.
        #expect(whole.err.contains("key 6/6 plate.1006 (key "), "\(whole.err)")
        for chunk in ["1001-1003", "1004-1006"] {
            let r = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "-o", "\(dir)/chunks",
                                 "--passes", "matte,fg", "--frames", chunk])
            try #require(r.status == 0, "\(r.err)")
        }
        for f in 1001...1006 {
            for pass in ["matte", "fg"] {
                let a = bytes("\(dir)/whole/\(pass)/plate.\(f).exr"), b = bytes("\(dir)/chunks/\(pass)/plate.\(f).exr")
                #expect(a != nil && a == b, "\(pass) of frame \(f) differs between the whole shot and its chunk")
            }
        }
    }

    @Test func missingFramesStopOrAreSkippedOrHeld() throws {
        let dir = try makeShot(frames: 4)
        try FileManager.default.removeItem(atPath: "\(dir)/plate.1003.exr")
        let args = ["key", "\(dir)/plate.####.exr", "--passes", "matte", "--temporal", "0"]
        let stop = try backlot(args + ["-o", "\(dir)/a"])
        #expect(stop.status == 1)
        #expect(stop.err.contains("plate.1003.exr: frame 1003 is missing") && stop.err.contains("--missing"), "\(stop.err)")
        #expect(stop.err.split(separator: "\n").count == 1)
        #expect(!exists("\(dir)/a/matte/plate.1001.exr"), "nothing is keyed before the shot is known to be whole")

        let skip = try backlot(args + ["-o", "\(dir)/b", "--missing", "skip"])
        #expect(skip.status == 0 && skip.err.contains("frame 1003 is missing: skipped"), "\(skip.err)")
        #expect(exists("\(dir)/b/matte/plate.1004.exr") && !exists("\(dir)/b/matte/plate.1003.exr"))

        let hold = try backlot(args + ["-o", "\(dir)/c", "--missing", "hold"])
        #expect(hold.status == 0 && hold.err.contains("frame 1002 held"), "\(hold.err)")
        #expect(bytes("\(dir)/c/matte/plate.1003.exr") == bytes("\(dir)/c/matte/plate.1002.exr"))
    }

    @Test func framesOfAnotherSizeAndShortHintsAreErrors() throws {
        let dir = try makeShot(frames: 4)
        // A short hint sequence: named up front, before any work.
        try FileManager.default.removeItem(atPath: "\(dir)/hint.1004.png")
        let short = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "-o", "\(dir)/a"])
        #expect(short.status == 1 && short.err.contains("no hint for frame 1004") && short.err.contains("1001-1003"), "\(short.err)")
        let held = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "-o", "\(dir)/b",
                                "--missing", "hold", "--passes", "matte"])
        #expect(held.status == 0 && exists("\(dir)/b/matte/plate.1004.exr"), "\(held.err)")

        // A frame of another size stops the shot, naming the frame.
        let other = try backlot(["synth", "--scene", "solid", "--size", "64x36", "--output", "\(dir)/small", "--quiet"])
        try #require(other.status == 0)
        try FileManager.default.removeItem(atPath: "\(dir)/plate.1003.exr")
        try FileManager.default.copyItem(atPath: "\(dir)/small/plate.exr", toPath: "\(dir)/plate.1003.exr")
        let mixed = try backlot(["key", "\(dir)/plate.####.exr", "-o", "\(dir)/c", "--passes", "matte"])
        #expect(mixed.status == 1)
        #expect(mixed.err.contains("plate.1003.exr: is 64x36 but the shot's frames are 96x54"), "\(mixed.err)")
        #expect(exists("\(dir)/c/matte/plate.1001.exr") && !exists("\(dir)/c/matte/plate.1003.exr"))
    }

    @Test func videoInVideoOut() throws {
        let dir = try makeShot(frames: 5)
        // A real ProRes file made by ffmpeg from PNG renders of the plate, and an H.264 hint video.
        for f in 1001...1005 {
            let c = try backlot(["convert", "\(dir)/plate.\(f).exr", "\(dir)/png.\(f).png"])
            try #require(c.status == 0, "\(c.err)")
        }
        let made = try run(["ffmpeg", "-v", "error", "-framerate", "25", "-start_number", "1001", "-i", "\(dir)/png.%04d.png",
                            "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "\(dir)/clip.mov"])
        try #require(made.status == 0, "\(made.err)")
        let hint = try run(["ffmpeg", "-v", "error", "-framerate", "25", "-start_number", "1001", "-i", "\(dir)/hint.%04d.png",
                            "-c:v", "libx264", "-pix_fmt", "yuv420p", "\(dir)/hint.mp4"])
        try #require(hint.status == 0, "\(hint.err)")

        let r = try backlot(["key", "\(dir)/clip.mov", "--hint", "\(dir)/hint.mp4", "-o", "\(dir)/out", "--frames", "1002-1004",
                             "--prores", "\(dir)/out/key.mov", "--review", "\(dir)/out/review.mp4"])
        try #require(r.status == 0, "\(r.err)")
        #expect(exists("\(dir)/out/rgba/clip.1002.exr") && exists("\(dir)/out/comp/clip.1004.png"))
        #expect(!exists("\(dir)/out/rgba/clip.1001.exr") && !exists("\(dir)/out/rgba/clip.1005.exr"))
        let info = try run(["ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,pix_fmt,nb_read_frames",
                            "-of", "csv=p=0", "\(dir)/out/key.mov"])
        #expect(info.out.contains("prores") && info.out.contains("yuva444") && info.out.contains(",3"), "\(info.out)")
        #expect(exists("\(dir)/out/review.mp4"))

        // The decoded frame is the plate: the key of the video is close to the key of the EXR frame.
        let exr = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "-o", "\(dir)/ref",
                               "--frames", "1003", "--passes", "matte"])
        try #require(exr.status == 0)
        let a = try ImageIO.read("\(dir)/out/matte/clip.1003.exr"), b = try ImageIO.read("\(dir)/ref/matte/plate.1003.exr")
        let mean = zip(a.planes.joined(), b.planes.joined()).map { abs($0 - $1) }.reduce(0, +) / Float(a.planeSize * a.channelCount)
        #expect(mean < 0.03, "mean matte difference video vs EXR \(mean)")

        // --start-frame renumbers; frames outside the video are refused.
        let renumbered = try backlot(["key", "\(dir)/clip.mov", "-o", "\(dir)/n", "--start-frame", "1", "--frames", "5",
                                      "--passes", "matte"])
        #expect(renumbered.status == 0 && exists("\(dir)/n/matte/clip.0005.exr"), "\(renumbered.err)")
        let outside = try backlot(["key", "\(dir)/clip.mov", "-o", "\(dir)/n", "--frames", "1010"])
        #expect(outside.status == 1 && outside.err.contains("frame 1010 is outside the video"), "\(outside.err)")
    }

    @Test func corruptVideoIsAClearError() throws {
        let dir = temporaryFolder()
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: URL(fileURLWithPath: "\(dir)/broken.mov"))
        let r = try backlot(["key", "\(dir)/broken.mov", "-o", "\(dir)/out"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("Error: \(dir)/broken.mov: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!exists("\(dir)/out/rgba"))
    }

    @Test func fullDiskLeavesNoPartialFiles() throws {
        let dir = try makeShot(frames: 2)
        // A file-size limit makes writes fail the way a full disk does (EFBIG instead of ENOSPC).
        let r = try run(["sh", "-c", "ulimit -f 8; exec \"$0\" \"$@\"", backlotBinary, "key", "\(dir)/plate.####.exr",
                         "-o", "\(dir)/out", "--temporal", "0"])
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.hasPrefix("Error: ") && r.err.contains("the file is too large for the file system or the process's file-size limit"), "\(r.err)")
        // Whatever is under a final name is complete and readable; no temporary files remain.
        let files = FileManager.default.enumerator(atPath: "\(dir)/out")?.allObjects as? [String] ?? []
        for file in files where file.hasSuffix(".exr") || file.hasSuffix(".png") {
            #expect(!((file as NSString).lastPathComponent.hasPrefix(".")), "temporary file left: \(file)")
            #expect((try? ImageIO.read("\(dir)/out/\(file)")) != nil, "\(file) is under its final name but unreadable")
        }
    }

    @Test func killedRunLeavesOnlyCompleteFiles() throws {
        let dir = try makeShot(frames: 6)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: backlotBinary)
        p.arguments = ["key", "\(dir)/plate.####.exr", "-o", "\(dir)/out", "--quiet"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill it once it has started writing.
        for _ in 0..<400 where !exists("\(dir)/out/fg") { usleep(10_000) }
        usleep(150_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let files = FileManager.default.enumerator(atPath: "\(dir)/out")?.allObjects as? [String] ?? []
        for file in files where (file.hasSuffix(".exr") || file.hasSuffix(".png")) && !(file as NSString).lastPathComponent.hasPrefix(".") {
            #expect((try? ImageIO.read("\(dir)/out/\(file)")) != nil, "\(file) is truncated")
        }
        // Resuming finishes the shot without redoing finished frames.
        let done = Set(files.filter { $0.hasPrefix("comp/plate.") && !$0.contains("/.") })
        let resume = try backlot(["key", "\(dir)/plate.####.exr", "-o", "\(dir)/out", "--skip-existing"])
        #expect(resume.status == 0, "\(resume.err)")
        for f in 1001...1006 { #expect(exists("\(dir)/out/rgba/plate.\(f).exr")) }
        let left = (FileManager.default.enumerator(atPath: "\(dir)/out")?.allObjects as? [String] ?? []).filter { $0.contains("/.") }
        #expect(left.isEmpty, "temporary files of the killed run remain: \(left)")
        if !done.isEmpty { #expect(resume.err.contains("already done"), "\(resume.err)") }
    }

    @Test func corridorKeyShotFoldersAndBatches() throws {
        let source = try makeShot(frames: 3)
        let batch = temporaryFolder()
        for shot in ["ShotA", "ShotB"] {
            try FileManager.default.createDirectory(atPath: "\(batch)/\(shot)/Input", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: "\(batch)/\(shot)/AlphaHint", withIntermediateDirectories: true)
            for (k, f) in (1001...1003).enumerated() {
                try FileManager.default.copyItem(atPath: "\(source)/plate.\(f).exr", toPath: "\(batch)/\(shot)/Input/frame_\(k).exr")
                try FileManager.default.copyItem(atPath: "\(source)/hint.\(f).png", toPath: "\(batch)/\(shot)/AlphaHint/frame_\(k).png")
            }
        }
        // One shot, in place.
        let one = try backlot(["key", "\(batch)/ShotA"])
        try #require(one.status == 0, "\(one.err)")
        for k in 0..<3 {
            for (folder, ext) in [("FG", "exr"), ("Matte", "exr"), ("Processed", "exr"), ("Comp", "png")] {
                #expect(exists("\(batch)/ShotA/Output/\(folder)/frame_\(k).\(ext)"), "\(folder)/frame_\(k).\(ext)")
            }
        }
        // A batch with a broken shot: the others are keyed, a summary is printed, the exit status says so.
        try "junk".write(toFile: "\(batch)/ShotB/Input/frame_1.exr", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(batch)/ShotC/Input", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(source)/plate.1001.exr", toPath: "\(batch)/ShotC/Input/0001.exr")
        let all = try backlot(["key", batch, "--passes", "matte", "--temporal", "0"])
        #expect(all.status == 1)
        #expect(all.out.contains("ShotA") && all.out.contains("ShotC") && all.out.contains("failed"), "\(all.out)")
        #expect(exists("\(batch)/ShotC/Output/Matte/0001.exr"))
        #expect(all.err.contains("ShotB/Input/frame_1.exr"), "\(all.err)")
    }

    @Test func dryRunListsVideoFramesAndHeldFrames() throws {
        let dir = try makeShot(frames: 3)
        try FileManager.default.removeItem(atPath: "\(dir)/plate.1002.exr")
        let r = try backlot(["key", "\(dir)/plate.####.exr", "-o", "\(dir)/out", "--missing", "hold", "--passes", "matte", "--dry-run"])
        #expect(r.status == 0)
        #expect(r.out.contains("\(dir)/plate.1001.exr (held for frame 1002) -> \(dir)/out/matte/plate.1002.exr"), "\(r.out)")
        #expect(r.out.contains("3 frames to key") && !exists("\(dir)/out"))
    }
}
