import BacklotCore
import BacklotIO
import Foundation
import Testing

@Suite struct ImageSequenceTests {
    func makeFrames(_ dir: String, _ frames: [Int]) throws {
        let image = testImage(width: 2, height: 2, channels: ["R", "G", "B"])
        for f in frames { try EXR.write(image, to: String(format: "\(dir)/plate.%04d.exr", f)) }
        try "not a frame".write(toFile: "\(dir)/plate.notes.exr", atomically: true, encoding: .utf8)
    }

    @Test func discoversTheRangeOnDisk() throws {
        let dir = temporaryFolder()
        try makeFrames(dir, [1001, 1002, 1003, 1005])
        for pattern in ["plate.####.exr", "plate.%04d.exr", "plate.@@@@.exr"] {
            let seq = try ImageSequence(pattern: #require(SequencePattern("\(dir)/\(pattern)")))
            #expect(seq.frames == [1001, 1002, 1003, 1005])
            #expect(seq.gaps == [1004])
            #expect(seq.path(frame: 1002) == "\(dir)/plate.1002.exr")
        }
    }

    @Test func explicitRangesAndMissingFrames() throws {
        let dir = temporaryFolder()
        try makeFrames(dir, [1001, 1002, 1003, 1005])
        let pattern = try #require(SequencePattern("\(dir)/plate.####.exr"))
        #expect(try ImageSequence(pattern: pattern, range: FrameRange(parsing: "1001-1005x2")).frames == [1001, 1003, 1005])
        #expect(throws: SequenceError.missingFrame(pattern: pattern.pattern, frame: 1004, path: "\(dir)/plate.1004.exr")) {
            try ImageSequence(pattern: pattern, range: FrameRange(parsing: "1001-1005"))
        }
        let empty = try #require(SequencePattern("\(dir)/other.####.exr"))
        #expect(throws: SequenceError.noFrames(pattern: empty.pattern)) { try ImageSequence(pattern: empty) }
        #expect(SequenceError.missingFrame(pattern: "p", frame: 7, path: "x.0007.exr").message == "x.0007.exr: frame 7 of the sequence is missing")
    }
}
