import BacklotCore
import BacklotIO
import Foundation
import Pipeline
import Testing

@Suite struct ShotTests {
    @Test func aSequenceRunsFromItsFirstFrameOnDiskToItsLast() throws {
        let dir = temporaryFolder()
        let pattern = try writeSequence(dir, frames: [1001, 1002, 1005])
        let shot = try Shot(source: .open(pattern))
        #expect(shot.frames == Array(1001...1005), "holes are part of the shot, so they are noticed")
        #expect(shot.name == pattern)
        #expect(try Shot(source: .open(pattern), frames: FrameRange(parsing: "1000-1002")).frames == [1000, 1001, 1002])
        #expect(shot.neighbours(of: 1002, radius: 1) == [1001, 1005], "neighbours are frames of the source, in order")
        #expect(shot.neighbours(of: 1001, radius: 2) == [1002, 1005])
    }

    @Test func emptySequencesStillsAndFramesOutsideAreErrors() throws {
        let dir = temporaryFolder()
        #expect(throws: ImageFileError("\(dir)/none.####.exr", "no frames of this sequence exist")) {
            try Shot(source: .open("\(dir)/none.####.exr"))
        }
        let still = try Shot(source: .open("\(dir)/plate.exr"))
        #expect(still.frames == [0] && still.source.isStill)
        #expect(throws: ImageFileError.self) { try Shot(source: .open("\(dir)/plate.exr"), frames: FrameRange(parsing: "1-2")) }
        try writeSequence("\(dir)/folder", frames: [3, 4], name: "take")
        let folder = try FrameSource.folder("\(dir)/folder")
        #expect(folder.frames == [3, 4] && folder.stem(4) == "take.0004")
        #expect(throws: ImageFileError("\(dir)/folder", "frame 5 is outside the shot (it holds frames 3-4)")) {
            try Shot(source: folder, frames: FrameRange(parsing: "4-5"))
        }
    }
}
