import BacklotCore
import Foundation
@testable import Production
import Synth
import Testing

/// `export` and `create --from`: a box as one archive, restored whole and verified, or refused.
@Suite struct BoxArchiveTests {
    /// A box with one take of the green stage ingested and its screen learned.
    func learnedBox(root: String, show: String) throws -> (Box, Catalog) {
        let plan = ShowPlan(width: 320, height: 180, seed: 4, takes: 1, frames: 3, noise: 0.004)
        try LearnTests.writeShow(plan, to: show, takes: [plan.takes[0]])
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        _ = try Learn.run([.screens], box: box, catalog: catalog)
        return (box, catalog)
    }

    @Test func anExportedBoxIsRestoredWholeAndVerified() throws {
        let root = scratchFolder("archive"), show = scratchFolder("show")
        defer { [root, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let (box, catalog) = try learnedBox(root: root, show: show)
        let archive = "\(root)/show.tar"
        let listing = try BoxArchive.export(box, catalog: catalog, to: archive)
        #expect(listing.box == box.manifest.id && listing.files.map(\.path).contains("models/screen-1-setup-1-v1.exr"))
        // A plain tar: the system's tar lists it.
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-tf", archive]
        let out = Pipe()
        tar.standardOutput = out
        try tar.run()
        tar.waitUntilExit()
        let names = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(tar.terminationStatus == 0 && names.contains("show.backlot/catalog.sqlite") && names.contains("show.backlot/export.json"))
        // Restored under another name: the same production (id), its model usable, its dailies found again.
        let restored = try BoxArchive.restore(archive, name: "copy", root: root)
        #expect(restored.manifest.id == box.manifest.id && restored.manifest.name == "copy")
        let restoredCatalog = try Catalog(box: restored)
        #expect(try restoredCatalog.models().count == 1 && restoredCatalog.setups().count == 1)
        #expect(try restored.latestModel(kind: "screen", subject: "setup-1", catalog: restoredCatalog) != nil)
        #expect(FileManager.default.fileExists(atPath: "\(restored.path)/cache"))
        // Not twice under one name.
        #expect(throws: ProductionError.self) { _ = try BoxArchive.restore(archive, name: "copy", root: root) }
    }

    /// `data` as an archive is refused with a message holding `expected`, and leaves nothing in `root`.
    func refused(_ data: Data, root: String, _ expected: String) throws {
        let bad = "\(root)/bad.tar"
        try data.write(to: URL(fileURLWithPath: bad))
        var message = ""
        do { _ = try BoxArchive.restore(bad, name: "copy", root: root) } catch { message = error.message }
        #expect(message.contains(expected), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: "\(root)/copy.backlot"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains("restoring") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aDamagedOrForeignArchiveIsRefusedAndLeavesNothing() throws {
        let root = scratchFolder("archive-bad"), show = scratchFolder("show")
        defer { [root, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let (box, catalog) = try learnedBox(root: root, show: show)
        let archive = "\(root)/show.tar"
        try BoxArchive.export(box, catalog: catalog, to: archive)
        #expect(throws: ProductionError.self) { try BoxArchive.export(box, catalog: catalog, to: "\(box.path)/models/x.tar") }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        // A byte of the model changed (in its data: past its header, the block that starts with its name).
        let header = try #require(bytes.range(of: Data("show.backlot/models/screen-1-setup-1-v1.exr".utf8)))
        bytes[header.lowerBound + 512 + 2000] ^= 0xFF
        try refused(bytes, root: root, "other bytes than it lists")
        try refused(Data(try Data(contentsOf: URL(fileURLWithPath: archive)).prefix(3000)), root: root, "ends in the middle")
        try refused(Data(repeating: 7, count: 4096), root: root, "not a box archive")
    }
}
