import BacklotCore
import Testing

@Suite struct FrameRateTests {
    @Test func parsesWholeRationalAndNTSCRates() throws {
        #expect(try FrameRate(parsing: "24") == FrameRate(24)!)
        #expect(try FrameRate(parsing: "25/1").description == "25")
        #expect(try FrameRate(parsing: "48000/2002").description == "24000/1001", "ratios are reduced")
        #expect(try FrameRate(parsing: "23.976") == FrameRate(24000, 1001)!)
        #expect(try FrameRate(parsing: "29.97") == FrameRate(30000, 1001)!)
        #expect(try FrameRate(parsing: "59.94").description == "60000/1001")
        #expect(try FrameRate(parsing: "12.5") == FrameRate(25, 2)!)
        #expect(abs(FrameRate(24000, 1001)!.framesPerSecond - 23.976) < 0.001)
    }

    @Test(arguments: ["0", "-5", "nan", "inf", "abc", "", "24/0", "1/-1", "1e300", "20000", "24/"])
    func refusesWhatIsNotARate(_ text: String) {
        #expect(throws: FrameRateError(text: text)) { try FrameRate(parsing: text) }
    }
}
