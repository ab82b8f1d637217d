import BacklotCore
import BacklotIO
import Foundation
import Pipeline
import Testing

@Suite struct ShotRunnerTests {
    @Test func aStillIsOneFrameNamedAfterItsFile() throws {
        let dir = temporaryFolder()
        try ImageIO.write(frameImage(7), to: "\(dir)/plate.exr", options: WriteOptions(sampleType: .float))
        let summary = try run(try Shot(source: .open("\(dir)/plate.exr")), into: outputs("\(dir)/out"))
        #expect(summary.processed == 1 && summary.skipped == 0)
        #expect(try frameNumber(in: "\(dir)/out/inverted/plate.exr") == 7)
    }

    @Test func aSequenceWithItsNeighboursAndHints() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: Array(1...5))),
                            inputs: ["hint": .open(try writeSequence(dir, frames: Array(1...5), name: "hint"))])
        let events = RecordingEvents()
        try run(shot, InvertOperation(radius: 1), into: outputs("\(dir)/out", [.inverted, .window, .hint]), events: events)
        for f in 1...5 {
            #expect(try frameNumber(in: "\(dir)/out/inverted/plate.000\(f).exr") == f)
            // The window holds the frame and its neighbours (two at the ends of the shot).
            let mean = Float((max(1, f - 1)...min(5, f + 1)).reduce(0, +)) / Float(min(5, f + 1) - max(1, f - 1) + 1) / 10000
            #expect(abs(try ImageIO.read("\(dir)/out/window/plate.000\(f).exr").planes[0][0] - mean) < 1e-7)
            #expect(try ImageIO.read("\(dir)/out/hint/plate.000\(f).exr").planes[0][0] == Float(f) / 10000)
        }
        // Progress for each frame in order, one note for the whole shot, timings with read and write.
        let advanced = events.events.compactMap { if case .advanced(_, let k, let total, let item, _) = $0 { (k, total, item) } else { nil } }
        #expect(advanced.map(\.0) == [1, 2, 3, 4, 5] && advanced.allSatisfy { $0.1 == 5 } && advanced.last?.2 == "plate.0005")
        #expect(events.notes == ["\(shot.name): inverted 8x6 (from frame 1 on)"])
        #expect(events.events.first == .began(task: "invert", total: 5) && events.events.last == .ended(task: "invert"))
        let stages = events.events.compactMap { if case .timings(_, let s) = $0 { s.map(\.stage) } else { nil } }
        #expect(stages.first == ["read", "invert", "write"])
    }

    @Test func chunksGiveTheSameFilesAsTheWholeShot() throws {
        let dir = temporaryFolder()
        let pattern = try writeSequence(dir, frames: Array(1001...1006))
        let whole = try Shot(source: .open(pattern))
        try run(whole, InvertOperation(radius: 2), into: outputs("\(dir)/whole", [.inverted, .window]))
        for chunk in ["1001-1002", "1003-1006x3", "1004-1005"] {
            let shot = try Shot(source: .open(pattern), frames: FrameRange(parsing: chunk))
            try run(shot, InvertOperation(radius: 2), into: outputs("\(dir)/chunks", [.inverted, .window]))
        }
        for f in 1001...1006 {
            for pass in ["inverted", "window"] {
                let a = FileManager.default.contents(atPath: "\(dir)/whole/\(pass)/plate.\(f).exr")
                let b = FileManager.default.contents(atPath: "\(dir)/chunks/\(pass)/plate.\(f).exr")
                #expect(a != nil && a == b, "\(pass) of frame \(f)")
            }
        }
    }

    @Test func holesAreHeldOrSkipped() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: [1, 2, 5])))
        let events = RecordingEvents()
        try run(shot, into: outputs("\(dir)/held"), missing: .hold, events: events)
        #expect(try (1...5).map { try frameNumber(in: "\(dir)/held/inverted/plate.000\($0).exr") } == [1, 2, 2, 2, 5])
        #expect(events.notes.contains("\(shot.name): frame 4 is missing: frame 2 held in its place"))
        let summary = try run(shot, into: outputs("\(dir)/skipped"), missing: .skip)
        #expect(summary.processed == 3 && !exists("\(dir)/skipped/inverted/plate.0003.exr"))
    }

    @Test func aVideoSourceIsNumberedFromItsFirstFrame() throws {
        let dir = temporaryFolder()
        let writer = try VideoWriter(path: "\(dir)/clip.mov", kind: .prores4444, width: 32, height: 16, frameRate: FrameRate(25)!)
        for f in 0..<4 { try writer.append(frameImage(1000 + 1000 * f, width: 32, height: 16)) }
        try writer.finish()
        let source = try FrameSource.open("\(dir)/clip.mov", firstFrame: 101)
        #expect(source.frames == [101, 102, 103, 104] && source.frameRate == FrameRate(25) && source.stem(102) == "clip.0102")
        let shot = try Shot(source: source, frames: FrameRange(parsing: "102-103"))
        let out = outputs("\(dir)/out", videos: [.init(.inverted, path: "\(dir)/out/inverted.mov", kind: .prores4444)])
        try run(shot, into: out)
        #expect(!exists("\(dir)/out/inverted/clip.0101.exr") && !exists("\(dir)/out/inverted/clip.0104.exr"))
        // ProRes is 10-bit: the frame's value survives to about a thousandth.
        let n = try frameNumber(in: "\(dir)/out/inverted/clip.0103.exr")
        #expect(abs(n - 3000) < 10, "\(n)")
        let video = try VideoFile(probing: "\(dir)/out/inverted.mov")
        #expect(video.frameCount == 2 && video.frameRate == FrameRate(25))
        #expect(throws: ImageFileError.self) { try Shot(source: source, frames: FrameRange(parsing: "104-105")) }
    }

    @Test func aCancelledRunWritesWhatItProcessedAndResumes() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: Array(1...8))))
        let out = outputs("\(dir)/out", videos: [.init(.inverted, path: "\(dir)/out/all.mov", kind: .prores4444)])
        let cancellation = Cancellation()
        let stopper = InvertOperation(onFrame: { if $0 == 3 { cancellation.cancel() } })
        #expect(throws: PipelineError.cancelled(shot: shot.name)) {
            try run(shot, stopper, into: out, cancellation: cancellation)
        }
        let written = (1...8).filter { exists("\(dir)/out/inverted/plate.000\($0).exr") }
        #expect(written == [1, 2, 3], "frames processed before the cancellation are written, none after")
        #expect(!exists("\(dir)/out/all.mov"), "an unfinished video is removed")
        let left = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/out").filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no temporaries: \(left)")
        // A killed run's temporary (its process gone) is cleared by the next run, which finishes the shot.
        let stale = try AtomicFile.temporaryPath(for: "\(dir)/out/inverted/plate.0004.exr", process: 999_999_999)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: stale))
        let events = RecordingEvents()
        let summary = try run(shot, into: outputs("\(dir)/out"), skipExisting: true, events: events)
        #expect(summary == RunSummary(processed: 5, skipped: 3, seconds: summary.seconds))
        #expect(events.notes.contains("\(shot.name): 3 frames already done, skipped"))
        #expect(try (1...8).map { try frameNumber(in: "\(dir)/out/inverted/plate.000\($0).exr") } == Array(1...8))
        #expect(!exists(stale))
    }

    @Test func failuresNameTheFrameAndLeaveOnlyCompleteFiles() throws {
        let dir = temporaryFolder()
        let pattern = try writeSequence(dir, frames: Array(1...4))
        #expect(throws: ImageFileError("\(dir)/plate.0003.exr", "frame 3 cannot be inverted")) {
            try run(try Shot(source: .open(pattern)), InvertOperation(failAt: 3), into: outputs("\(dir)/a"))
        }
        #expect(exists("\(dir)/a/inverted/plate.0002.exr") && !exists("\(dir)/a/inverted/plate.0003.exr"))
        // A frame of another size stops the shot, naming the frame.
        try writeSequence(dir, frames: [3], width: 4, height: 4)
        #expect(throws: ImageFileError("\(dir)/plate.0003.exr", "is 4x4 but the shot's frames are 8x6")) {
            try run(try Shot(source: .open(pattern)), into: outputs("\(dir)/b"))
        }
        // A corrupt frame names its file; an unwritable output is found before any work.
        try Data("junk".utf8).write(to: URL(fileURLWithPath: "\(dir)/plate.0002.exr"))
        #expect(throws: ImageFileError.self) { try run(try Shot(source: .open(pattern)), into: outputs("\(dir)/c")) }
        try Data().write(to: URL(fileURLWithPath: "\(dir)/file"))
        #expect(throws: ImageFileError("\(dir)/file/out/inverted", "cannot create output folder: \(dir)/file is a file, not a folder")) {
            try run(try Shot(source: .open(pattern)), into: outputs("\(dir)/file/out"))
        }
        #expect(!exists("\(dir)/c/inverted/plate.0002.exr"))
    }
}
