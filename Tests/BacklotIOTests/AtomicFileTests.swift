@testable import BacklotIO
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func staleTemporariesOfThisMachineAreClearedAndNothingElse() throws {
        let dir = temporaryFolder()
        let dead = try AtomicFile.temporaryPath(for: "\(dir)/plate.exr", process: 999_999_999)
        let alive = try AtomicFile.temporaryPath(for: "\(dir)/plate.exr")
        let foreign = "\(dir)/.plate.tmp-backlot-otherhost-999999999-12.exr"   // another machine on shared storage
        let users = "\(dir)/.budget.tmp-4000000-keep.txt"                        // a user's own hidden file
        for path in [dead, alive, foreign, users] { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(AtomicFile.removeStaleTemporaries(in: dir) == 1)
        #expect(!fileExists(dead) && fileExists(alive) && fileExists(foreign) && fileExists(users))
        #expect(dead.hasSuffix(".exr") && (dead as NSString).lastPathComponent.hasPrefix(".plate.tmp-backlot-"))
    }

    @Test func writableFoldersAreCheckedWithoutBeingMade() throws {
        let dir = temporaryFolder()
        try AtomicFile.checkWritableFolder("\(dir)/a/b/c")
        #expect(!fileExists("\(dir)/a"), "nothing is created by the check")
        try Data().write(to: URL(fileURLWithPath: "\(dir)/file"))
        #expect(throws: ImageFileError("\(dir)/file", "output folder is a file, not a folder")) {
            try AtomicFile.checkWritableFolder("\(dir)/file")
        }
        #expect(throws: ImageFileError("\(dir)/file/x", "cannot create output folder: \(dir)/file is a file, not a folder")) {
            try AtomicFile.checkWritableFolder("\(dir)/file/x")
        }
    }
}
