import BacklotCore
import BacklotIO
import Foundation
import Pipeline
import Testing

@Suite struct PlanTests {
    @Test func missingFramesStopOrAreSkippedOrHeld() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: [1, 2, 4])))
        let out = outputs("\(dir)/out")
        #expect(throws: ImageFileError("\(dir)/plate.0003.exr",
                                       "frame 3 is missing from the shot (use --missing skip or --missing hold to go on without it)")) {
            try Plan(shot: shot, outputs: out)
        }
        let skip = try Plan(shot: shot, outputs: out, missing: .skip)
        #expect(skip.steps.map(\.frame) == [1, 2, 4] && skip.notes == ["frame 3 is missing: skipped"])
        let hold = try Plan(shot: shot, outputs: out, missing: .hold)
        #expect(hold.steps.map(\.frame) == [1, 2, 3, 4] && hold.steps.map(\.source) == [1, 2, 2, 4])
        #expect(hold.steps[2].stem == "plate.0003", "a held frame is named after itself")
        #expect(hold.notes == ["frame 3 is missing: frame 2 held in its place"])
        #expect(hold.listing(verb: "invert").contains("\(dir)/plate.0002.exr (held for frame 3) -> \(dir)/out/inverted/plate.0003.exr"))
    }

    @Test func inputsMustCoverTheFramesProcessedOrBeHeld() throws {
        let dir = temporaryFolder()
        let plates = try writeSequence(dir, frames: [1, 2, 3])
        let hints = try writeSequence(dir, frames: [1, 2], name: "hint")
        let shot = try Shot(source: .open(plates), inputs: ["hint": .open(hints)])
        #expect(throws: ImageFileError(hints, "no hint for frame 3 (it covers 1-2; --missing skip leaves such frames out, "
                                       + "--missing hold reuses the nearest hint)")) {
            try Plan(shot: shot, outputs: outputs("\(dir)/out"))
        }
        let held = try Plan(shot: shot, outputs: outputs("\(dir)/out"), missing: .hold)
        #expect(held.inputFrames["hint"] == [1: 1, 2: 2, 3: 2])
        #expect(held.notes == ["no hint for frame 3: hint frame 2 held in its place"])
        let skipped = try Plan(shot: shot, outputs: outputs("\(dir)/out"), missing: .skip)
        #expect(skipped.steps.map(\.frame) == [1, 2] && skipped.notes == ["no hint for frame 3: skipped"])
        // Before an input's first frame, its first frame is held (as for the plate), and the user is told.
        let late = try Shot(source: .open(plates), inputs: ["hint": .open(try writeSequence(dir, frames: [2, 3], name: "late"))])
        #expect(try Plan(shot: late, outputs: outputs("\(dir)/out"), missing: .hold).notes
                == ["no hint for frame 1: hint frame 2 held in its place"])
        let none = try Shot(source: .open(plates), inputs: ["hint": .open("\(dir)/none.####.exr")])
        #expect(throws: ImageFileError.self) { try Plan(shot: none, outputs: outputs("\(dir)/out"), missing: .hold) }
        // A still stands for every frame.
        let still = try Shot(source: .open(plates), inputs: ["hint": .open("\(dir)/hint.0001.exr")])
        #expect(try Plan(shot: still, outputs: outputs("\(dir)/out")).inputFrames.isEmpty)
    }

    @Test func skipExistingLeavesOutFinishedFramesUnlessAVideoNeedsThem() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: [1, 2, 3])))
        let out = outputs("\(dir)/out")
        try run(shot, into: out, missing: .error)
        try FileManager.default.removeItem(atPath: "\(dir)/out/inverted/plate.0002.exr")
        let plan = try Plan(shot: shot, outputs: out, skipExisting: true)
        #expect(plan.steps.map(\.frame) == [2] && plan.skipped == 2)
        #expect(plan.listing(verb: "invert").last == "1 frame to invert, 2 already done")
        let video = outputs("\(dir)/out", videos: [.init(.inverted, path: "\(dir)/out/clip.mov", kind: .prores4444)])
        let withVideo = try Plan(shot: shot, outputs: video, skipExisting: true)
        #expect(withVideo.steps.map(\.writesFiles) == [false, true, false])
        #expect(withVideo.passes(for: withVideo.steps[0]) == [.inverted])
    }

    @Test func anEmptyFileOrAFolderUnderAnOutputNameIsNotAFinishedFrame() throws {
        let dir = temporaryFolder()
        let shot = try Shot(source: .open(try writeSequence(dir, frames: [1, 2, 3])))
        let out = outputs("\(dir)/out")
        try run(shot, into: out, missing: .error)
        FileManager.default.createFile(atPath: "\(dir)/out/inverted/plate.0001.exr", contents: Data())
        try FileManager.default.removeItem(atPath: "\(dir)/out/inverted/plate.0003.exr")
        try FileManager.default.createDirectory(atPath: "\(dir)/out/inverted/plate.0003.exr", withIntermediateDirectories: false)
        let plan = try Plan(shot: shot, outputs: out, skipExisting: true)
        #expect(plan.steps.map(\.frame) == [1, 3] && plan.skipped == 1)
    }

    @Test func outputsNeverOverwriteInputsOrEachOther() throws {
        let dir = temporaryFolder()
        let pattern = try writeSequence("\(dir)/in", frames: [1, 2])
        let shot = try Shot(source: .open(pattern))
        // The output folder is the input's folder: inverted/plate.0001.exr would be fine, but a pattern onto itself is not.
        let onto = Outputs<InvertOperation.Pass>(files: [.init(.inverted, .pattern(SequencePattern(pattern)!))])
        #expect(throws: PipelineError.aliased(output: "\(dir)/in/plate.0001.exr", other: "\(dir)/in/plate.0001.exr", isInput: true)) {
            try Plan(shot: shot, outputs: onto)
        }
        // Through a symbolic link and `..`.
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: "\(dir)/in")
        let linked = Outputs<InvertOperation.Pass>(files: [.init(.inverted, .folder("\(dir)/link/../link", fileExtension: "exr"))])
        #expect(throws: PipelineError.self) { try Plan(shot: shot, outputs: linked) }
        // Two outputs onto one file.
        let twice = outputs("\(dir)/out", videos: [.init(.inverted, path: "\(dir)/v.mov", kind: .prores4444),
                                                  .init(.inverted, path: "\(dir)/./v.mov", kind: .h264Preview)])
        #expect(throws: PipelineError.aliased(output: "\(dir)/./v.mov", other: "\(dir)/v.mov", isInput: false)) {
            try Plan(shot: shot, outputs: twice)
        }
        // A video input and a video output of the same name.
        let writer = try VideoWriter(path: "\(dir)/clip.mov", kind: .prores4444, width: 8, height: 6, frameRate: .film)
        try writer.append(frameImage(1))
        try writer.finish()
        let video = try Shot(source: .open("\(dir)/clip.mov", firstFrame: 1))
        let over = outputs("\(dir)/out", videos: [.init(.inverted, path: "\(dir)/clip.mov", kind: .prores4444)])
        #expect(throws: PipelineError.self) { try Plan(shot: video, outputs: over) }
    }
}
