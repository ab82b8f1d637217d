import BacklotCore
import BacklotIO
import Foundation
import XCTest

final class CubeFileTests: XCTestCase {
    func testRoundTripKeepsTheTableTitleAndComments() throws {
        let lut = Lut3D(size: 9) { p in SIMD3(p.x * p.x, 0.5 * p.y + 0.25 * p.z, 1 - p.z) }
        let path = NSTemporaryDirectory() + "cube-\(UUID().uuidString).cube"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CubeFile.write(lut, to: path, title: "show \"A\" look", comments: ["backlot:box 1234", "input: ACEScct"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("LUT_3D_SIZE 9\n"))
        XCTAssertTrue(text.hasPrefix("# backlot:box 1234\n"))
        let read = try CubeFile.read(path)
        XCTAssertEqual(read.title, "show 'A' look")
        XCTAssertEqual(read.comments, ["backlot:box 1234", "input: ACEScct"])
        XCTAssertEqual(read.lut.size, 9)
        for (a, b) in zip(read.lut.values, lut.values) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testBadFilesAreOneLineNamingTheProblem() {
        func problem(_ text: String) -> String {
            do { _ = try CubeFile.parse(text, path: "x.cube"); return "" } catch { return error.problem }
        }
        XCTAssertTrue(problem("TITLE \"t\"\n").contains("no LUT_3D_SIZE"))
        XCTAssertTrue(problem("LUT_3D_SIZE 2\n0 0 0\n").contains("has 1 table lines where LUT_3D_SIZE 2 needs 8"))
        XCTAssertTrue(problem("LUT_1D_SIZE 1024\n").contains("LUT_1D_SIZE is not supported"))
        XCTAssertTrue(problem("LUT_3D_SIZE 2\nDOMAIN_MAX 2 2 2\n").contains("DOMAIN_MAX other than 1 1 1"))
        XCTAssertTrue(problem("LUT_3D_SIZE 2\n0 nan 0\n").contains("line 2: expected three numbers"))
        XCTAssertTrue(problem("LUT_3D_SIZE 100000\n").contains("2 to 256"))
        XCTAssertTrue(problem("0 0 0\nLUT_3D_SIZE 2\n").contains("before LUT_3D_SIZE"))
    }
}
