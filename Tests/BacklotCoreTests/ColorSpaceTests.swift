import BacklotCore
import Testing

@Suite struct ColorSpaceTests {
    @Test func acesCGToRec709MatchesOpenColorIO() {
        // OpenColorIO's ACEScg -> Linear Rec.709 (sRGB) matrix (Bradford-adapted).
        let expected: [[Double]] = [
            [1.705_051, -0.621_792, -0.083_259],
            [-0.130_256, 1.140_805, -0.010_548],
            [-0.024_003, -0.128_969, 1.152_972],
        ]
        let m = ColorSpace.acesCG.conversionMatrix(to: .linearRec709)
        for r in 0..<3 { for c in 0..<3 { #expect(abs(m[r, c] - expected[r][c]) < 1e-3) } }
    }

    @Test func conversionRoundTripsAndKeepsWhite() {
        var image = Image(width: 4, height: 1, channels: ["R", "G", "B"], fill: 0)
        image.planes = [[0.1, 0.5, 1, 3], [0.2, 0.5, 0.1, 3], [0.3, 0.5, 0.05, 3]]
        let original = image.planes.flatMap { $0 }
        image.convert(to: .acesCG)
        #expect(image.colorSpace == .acesCG)
        // Neutral stays neutral (equal-energy white maps to itself after adaptation).
        #expect(abs(image[1, 0, 0] - 0.5) < 1e-3 && abs(image[1, 0, 1] - 0.5) < 1e-3 && abs(image[1, 0, 2] - 0.5) < 1e-3)
        image.convert(to: .linearRec709)
        for (a, b) in zip(image.planes.flatMap { $0 }, original) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func namesAndChromaticityMatching() {
        #expect(ColorSpace.named("ACEScg") == .acesCG)
        #expect(ColorSpace.named("rec709") == .linearRec709)
        #expect(ColorSpace.named("nonsense") == nil)
        #expect(ColorSpace.matching(ColorSpace.acesCG.chromaticities) == .acesCG)
        let odd = Chromaticities(red: [0.7, 0.3], green: [0.2, 0.7], blue: [0.1, 0.1], white: [0.3, 0.3])
        #expect(ColorSpace.matching(odd).name.contains("custom"))
    }
}
