import BacklotCore
import Testing

@Suite struct ImageTests {
    @Test func layoutIsPlanarRowMajor() {
        var image = Image(width: 3, height: 2, channels: ["R", "G", "B", "A"])
        image[2, 1, 3] = 7
        #expect(image.planes[3][1 * 3 + 2] == 7)
        #expect(image.alphaIndex == 3)
        #expect(image.alpha == .premultiplied)
        #expect(Image(width: 1, height: 1, channels: ["matte.A"]).alpha == .none)
        #expect(Image(width: 1, height: 1, channels: ["R", "matte.A"]).alphaIndex == 1)
    }

    @Test func premultiplyAndBack() {
        var image = Image(width: 2, height: 1, channels: ["R", "G", "B", "A"], alpha: .straight)
        image.planes = [[1, 0.5], [0.2, 0.4], [0.3, 0.6], [0.5, 0]]
        image.premultiply()
        #expect(image.alpha == .premultiplied)
        #expect(image.planes[0][0] == 0.5 && image.planes[0][1] == 0)
        image.unpremultiply()
        #expect(abs(image.planes[0][0] - 1) < 1e-6)
        #expect(image.planes[0][1] == 0)   // alpha 0 stays 0, never NaN
    }

    @Test func resizingNeverOvershoots() {
        var image = Image(width: 7, height: 5, channels: ["A"])
        for i in image.planes[0].indices { image.planes[0][i] = i % 3 == 0 ? 1 : 0 }
        for (w, h) in [(21, 15), (3, 2), (1, 1), (7, 13)] {
            let r = image.resized(width: w, height: h)
            #expect(r.width == w && r.height == h)
            #expect(r.planes[0].allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        let constant = Image(width: 9, height: 4, channels: ["Y"], fill: 0.25).resized(width: 4, height: 3)
        #expect(constant.planes[0].allSatisfy { abs($0 - 0.25) < 1e-6 })
    }

    @Test func selectingChannels() throws {
        var image = Image(width: 1, height: 1, channels: ["R", "G", "B", "A"])
        image.planes = [[1], [2], [3], [4]]
        let a = try #require(image.selecting(["A"]))
        #expect(a.planes == [[4]] && a.alpha == .none)
        #expect(image.selecting(["Z"]) == nil)
    }
}
