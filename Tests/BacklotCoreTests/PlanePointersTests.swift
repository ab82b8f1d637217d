import BacklotCore
import Testing

@Suite struct PlanePointersTests {
    @Test func writingThroughPointersLeavesSharedCopiesAlone() {
        let original: [[Float]] = [[1, 2, 3], [4, 5, 6]]
        var planes = original   // shares storage with `original` until written
        planes.withMutablePlanePointers { p in
            for c in 0..<2 { for i in 0..<3 { p[c].pointer[i] *= 10 } }
        }
        #expect(planes == [[10, 20, 30], [40, 50, 60]])
        #expect(original == [[1, 2, 3], [4, 5, 6]])
        let sum = planes.withPlanePointers { p in (0..<3).reduce(Float(0)) { $0 + p[0].pointer[$1] + p[1].pointer[$1] } }
        #expect(sum == 210)
    }

    @Test func emptyPlanesGetAPointerToo() {
        let count = [[Float](), [1, 2]].withPlanePointers { $0.count }
        #expect(count == 2)
    }

    @Test(arguments: [0, 1, 4095, 1 << 20])
    func parallelFillWritesEverySample(_ count: Int) {
        let plane = [Float](parallelRepeating: 0.25, count: count)
        #expect(plane.count == count && plane.allSatisfy { $0 == 0.25 })
    }

    @Test func imageChannelsAreSharedNotCopied() throws {
        var image = Image(width: 4, height: 2, channels: ["R", "G", "B", "A"], fill: 0.5)
        image[1, 1, 3] = 1
        let alpha = try #require(image.selecting(["A"]))
        #expect(alpha.planes[0] == image.planes[3])
        image[1, 1, 3] = 0   // the selection keeps its own value
        #expect(alpha[1, 1, 0] == 1)
    }
}
