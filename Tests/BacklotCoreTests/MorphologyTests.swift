import BacklotCore
import Testing

@Suite struct MorphologyTests {
    @Test func growsAndShrinksASquare() {
        var p = [Float](repeating: 0, count: 81)
        p[40] = 1
        let grown = Morphology.grow(p, width: 9, height: 9, by: 2)
        #expect(grown.filter { $0 == 1 }.count == 25)
        #expect(Morphology.grow(grown, width: 9, height: 9, by: -2).filter { $0 == 1 }.count == 1)
    }
}
