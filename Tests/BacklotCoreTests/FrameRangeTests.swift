import BacklotCore
import Testing

@Suite struct FrameRangeTests {
    @Test func parsesRangesStepsAndLists() throws {
        #expect(try FrameRange(parsing: "1001-1100").frames == Array(1001...1100))
        #expect(try FrameRange(parsing: "1001-1100x2").frames == Array(stride(from: 1001, through: 1100, by: 2)))
        #expect(try FrameRange(parsing: "1-3,5,7-20:2").frames == [1, 2, 3, 5, 7, 9, 11, 13, 15, 17, 19])
        #expect(try FrameRange(parsing: "12").frames == [12])
        #expect(try FrameRange(parsing: " 5, 3 ,3").frames == [3, 5])
        #expect(try FrameRange(parsing: "-2-1").frames == [-2, -1, 0, 1])
    }

    @Test func describesItselfCompactly() throws {
        #expect(try FrameRange(parsing: "1001-1100").description == "1001-1100")
        #expect(try FrameRange(parsing: "1-9x2").description == "1-9x2")
        #expect(FrameRange(frames: [1, 2, 3, 5, 7]).description == "1-3,5,7")
    }

    @Test(arguments: ["", "10-1", "a-b", "1-5x0", "1,,2", "1-", "x2", "7x2"])
    func rejectsBadSpecsWithAMessage(_ spec: String) {
        #expect(throws: FrameRangeError.self) { try FrameRange(parsing: spec) }
        do {
            _ = try FrameRange(parsing: spec)
        } catch {
            #expect(error.message.hasPrefix("frame range '\(spec)'"))
        }
    }
}
