import Metrics
import XCTest

final class DeltaE2000Tests: XCTestCase {
    func testSharmaWuDalalPairs() {
        // From Sharma, Wu and Dalal (2005), table 1, and further published reference pairs.
        let pairs: [(SIMD3<Double>, SIMD3<Double>, Double)] = [
            ([50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425),
            ([50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615),
            ([50, 2.8361, -74.0200], [50, 0, -82.7485], 3.4412),
            ([50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0000),
            ([50, 2.5, 0], [73, 25, -18], 27.1492),
            ([50, 2.5, 0], [61, -5, 29], 22.8977),
            ([84.25, 5.74, 96], [84.46, 8.88, 96.49], 1.6743),
            ([18, -5, 68], [20, 5, 82], 6.8542),
            ([98, 75.7, 11], [3, -62, 11], 126.5088),
        ]
        for (a, b, expected) in pairs {
            XCTAssertEqual(DeltaE2000.difference(a, b), expected, accuracy: 1e-4, "\(a) \(b)")
            XCTAssertEqual(DeltaE2000.difference(b, a), expected, accuracy: 1e-4, "symmetric")
        }
        XCTAssertEqual(DeltaE2000.difference([40, 10, -3], [40, 10, -3]), 0)
    }

    func testLabOfWhiteGreyAndBlack() {
        let white = DeltaE2000.lab(linearRec709: [1, 1, 1])
        XCTAssertEqual(white.x, 100, accuracy: 1e-6)
        XCTAssertEqual(abs(white.y) + abs(white.z), 0, accuracy: 1e-6)
        XCTAssertEqual(DeltaE2000.lab(linearRec709: [0.18, 0.18, 0.18]).x, 49.5, accuracy: 0.1)
        XCTAssertEqual(DeltaE2000.lab(linearRec709: [0, 0, 0]).x, 0, accuracy: 1e-9)
    }

    func testSummaryOfPictures() {
        let n = 100
        let grey = [[Float]](repeating: [Float](repeating: 0.18, count: n), count: 3)
        var one = grey
        one[0][0] = 0.5
        let s = DeltaE2000.summary(grey, one, width: 10, height: 10)
        XCTAssertGreaterThan(s.mean, 0.1)
        XCTAssertEqual(s.p95, 0)
        XCTAssertEqual(DeltaE2000.summary(grey, grey, width: 10, height: 10).mean, 0)
    }
}
