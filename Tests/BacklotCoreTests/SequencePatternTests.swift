import BacklotCore
import Testing

@Suite struct SequencePatternTests {
    @Test func hashesPercentAndAt() throws {
        let hashes = try #require(SequencePattern("shots/plate.####.exr"))
        #expect(hashes.path(frame: 1001) == "shots/plate.1001.exr")
        #expect(hashes.path(frame: 7) == "shots/plate.0007.exr")
        #expect(hashes.path(frame: 12345) == "shots/plate.12345.exr")
        let printf = try #require(SequencePattern("plate.%04d.exr"))
        #expect(printf.path(frame: 42) == "plate.0042.exr")
        let at = try #require(SequencePattern("plate.@@@.png"))
        #expect(at.path(frame: 5) == "plate.005.png")
        // A lone # means four digits, as oiiotool reads it.
        #expect(SequencePattern("plate.#.exr")?.path(frame: 5) == "plate.0005.exr")
        #expect(SequencePattern("plate.%d.exr")?.path(frame: 5) == "plate.5.exr")
        #expect(SequencePattern("plate.exr") == nil)
        #expect(SequencePattern("v2/plate_100.exr") == nil)
    }

    @Test func recognisesItsOwnFrames() throws {
        let p = try #require(SequencePattern("dir/plate.####.exr"))
        #expect(p.frame(of: "dir/plate.1001.exr") == 1001)
        #expect(p.frame(of: "dir/plate.0001.exr") == 1)
        #expect(p.frame(of: "dir/plate.12345.exr") == 12345)
        #expect(p.frame(of: "dir/plate.001.exr") == nil)      // too short
        #expect(p.frame(of: "dir/plate.01001.exr") == nil)    // padded wider than the pattern
        #expect(p.frame(of: "dir/plate.10a1.exr") == nil)
        #expect(p.frame(of: "dir/other.1001.exr") == nil)
    }

    @Test func onlyTheFileNameHoldsTheToken() {
        #expect(SequencePattern("shot#1/plate.exr") == nil)
        #expect(SequencePattern("shot#1/plate.####.exr")?.prefix == "shot#1/plate.")
    }
}
