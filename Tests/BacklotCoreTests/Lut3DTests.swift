import BacklotCore
import XCTest

final class Lut3DTests: XCTestCase {
    func testTrilinearInterpolationIsExactForAffineTablesAndClampsItsInput() {
        let affine = Lut3D(size: 5) { p in SIMD3(0.5 * p.x + 0.1, p.y - 0.2 * p.z, 1 - p.z) }
        for p: SIMD3<Float> in [[0.13, 0.77, 0.5], [0, 0, 0], [1, 1, 1], [0.999, 0.001, 0.6]] {
            let v = affine.apply(p)
            XCTAssertEqual(v.x, 0.5 * p.x + 0.1, accuracy: 1e-6)
            XCTAssertEqual(v.y, p.y - 0.2 * p.z, accuracy: 1e-6)
            XCTAssertEqual(v.z, 1 - p.z, accuracy: 1e-6)
        }
        XCTAssertEqual(affine.apply([2, -1, .nan]), affine.apply([1, 0, 0]))
        XCTAssertEqual(Lut3D.identity(size: 2).apply([0.25, 0.5, 0.75]), [0.25, 0.5, 0.75])
    }

    func testEntriesAreStoredRedFastest() {
        let lut = Lut3D(size: 3) { $0 }
        XCTAssertEqual(Array(lut.values[0..<6]), [0, 0, 0, 0.5, 0, 0])
        XCTAssertEqual(lut.entry(0, 1, 0), [0, 0.5, 0])
        XCTAssertNil(Lut3D(size: 3, values: [0, 0, 0]))
        XCTAssertNil(Lut3D(size: 1, values: [0, 0, 0]))
    }

    func testACEScctRoundTripsAndKnownValues() {
        XCTAssertEqual(ACEScct.encode(0.18), 0.4135, accuracy: 1e-4)
        XCTAssertEqual(ACEScct.encode(0), 0.0729, accuracy: 1e-4)
        XCTAssertEqual(ACEScct.decode(1), 222.86, accuracy: 0.01)
        for x: Float in [-0.005, 0, 0.001, 0.0078125, 0.05, 0.18, 1, 16, 200] {
            XCTAssertEqual(ACEScct.decode(ACEScct.encode(x)), x, accuracy: max(1e-6, x * 1e-5))
        }
        // Continuous at the break between the toe and the log part.
        XCTAssertEqual(ACEScct.encode(0.0078125 - 1e-7), ACEScct.encode(0.0078125 + 1e-7), accuracy: 1e-5)
    }
}
