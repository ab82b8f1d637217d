import XCTest
@testable import BacklotCore

final class PathNameTests: XCTestCase {
    func testParentFollowsDirnameIncludingOneCharacterPaths() {
        // One-character paths are where Foundation's NSString version traps on this platform.
        let cases: [(String, String)] = [
            ("x", ""), (".", ""), ("x/", ""), ("a/b", "a"), ("a/b/", "a"), ("a//b", "a"), ("/x", "/"), ("/", "/"),
            ("", ""), ("/a/b/c.exr", "/a/b"), ("x//", ""), ("./x", "."),
        ]
        for (path, parent) in cases { XCTAssertEqual(PathName.parent(path), parent, "parent of '\(path)'") }
    }

    func testLastComponentExtensionAndStem() {
        XCTAssertEqual(PathName.lastComponent("a/b.exr"), "b.exr")
        XCTAssertEqual(PathName.lastComponent("a/b/"), "b")
        XCTAssertEqual(PathName.lastComponent("x"), "x")
        XCTAssertEqual(PathName.lastComponent("/"), "/")
        XCTAssertEqual(PathName.pathExtension("a/b.EXR"), "EXR")
        XCTAssertEqual(PathName.pathExtension("a.b/c"), "")
        XCTAssertEqual(PathName.pathExtension(".hidden"), "")
        XCTAssertEqual(PathName.pathExtension("a."), "")
        XCTAssertEqual(PathName.deletingExtension("a/b.1001.exr"), "a/b.1001")
        XCTAssertEqual(PathName.deletingExtension("a/.hidden"), "a/.hidden")
        XCTAssertEqual(PathName.stem("shot/plate.1001.exr"), "plate.1001")
        XCTAssertEqual(PathName.joined("", "a"), "a")
        XCTAssertEqual(PathName.joined("/", "a"), "/a")
        XCTAssertEqual(PathName.joined("f", "a"), "f/a")
    }

    func testNormalizedRemovesDotsWithoutTouchingTheFileSystem() {
        XCTAssertEqual(PathName.normalized(absolute: "/a/./b/../c//d"), "/a/c/d")
        XCTAssertEqual(PathName.normalized(absolute: "/../x"), "/x")
        XCTAssertEqual(PathName.normalized(absolute: "/"), "/")
    }
}
