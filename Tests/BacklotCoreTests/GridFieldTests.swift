import BacklotCore
import Testing

@Suite struct GridFieldTests {
    /// A 5x4 grid of cells of 6 pixels, read back over a 28x21 frame (the last cells are partly outside).
    let field = GridField(grids: [(0..<20).map { Float($0 * $0 % 7) }, (0..<20).map { Float($0) / 3 }],
                          gridWidth: 5, gridHeight: 4, cell: 6, width: 28, height: 21)

    @Test func rowsPointsAndPlanesAgree() {
        let planes = field.planes()
        var rows: [[Float]] = [[], []]
        field.forRows { band, sample in
            for y in band where y == 10 { rows = sample(y).map { Array(UnsafeBufferPointer(start: $0, count: 28)) } }
        }
        for c in 0..<2 {
            #expect(Array(planes[c][280..<308]) == rows[c])
            for y in 0..<21 { for x in 0..<28 { #expect(field.value(x: x, y: y, channel: c) == planes[c][y * 28 + x]) } }
        }
    }

    @Test func cellCentresHoldTheGridAndBetweenIsBetween() {
        let plane = field.planes()[1]
        // Pixel centres 2.5 and 8.5 are cell centres 0 and 1 (cells of 6 pixels): the pixels either side of them
        // interpolate, so the grid value sits between its neighbours' samples.
        let g = field.grids[1]
        #expect(abs(plane[2 * 28 + 2] - g[0]) < 0.1 && abs(plane[2 * 28 + 3] - g[0]) < 0.1)
        #expect(plane[2 * 28 + 5] > g[0] && plane[2 * 28 + 5] < g[1])
        // Outside the first and last centres the field holds its edge value: the top-right pixel is the
        // top-right cell's value.
        #expect(plane[27] == g[4])
    }

    @Test func appendingReadsBothFieldsTogether() {
        let other = GridField(grids: [[Float](repeating: 2, count: 20)], gridWidth: 5, gridHeight: 4, cell: 6, width: 28, height: 21)
        let both = field.appending(other)
        #expect(both.grids.count == 3)
        let planes = both.planes()
        #expect(planes[0] == field.planes()[0] && planes[2].allSatisfy { $0 == 2 })
    }
}
