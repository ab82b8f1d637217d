import BacklotCore
import Foundation
@testable import Production
import Testing

/// A fresh folder under the temporary directory, removed by the caller.
func scratchFolder(_ label: String) -> String {
    let path = NSTemporaryDirectory() + "backlot-production-\(label)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct BoxTests {
    @Test func createMakesAVersionedBoxWithAnEmptyCatalog() throws {
        let root = scratchFolder("create")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let box = try Box.create(name: "show", root: root)
        #expect(box.path == "\(root)/show.backlot")
        for name in ["box.json", "catalog.sqlite", "models", "cache"] {
            #expect(FileManager.default.fileExists(atPath: "\(box.path)/\(name)"), "\(name) missing")
        }
        let reopened = try Box.open(box.path)
        #expect(reopened.manifest == box.manifest)
        #expect(reopened.manifest.schema == "backlot.production-box" && reopened.manifest.version == 1)
        #expect(try BoxStatus.read(box: reopened, catalog: Catalog(box: reopened)).dailies.isEmpty)
        // No half-built folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["show.backlot"])
    }

    @Test func refusesDuplicatesBadNamesAndWhatIsNotABox() throws {
        let root = scratchFolder("refuse")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try Box.create(name: "show", root: root)
        #expect(throws: ProductionError.self) { try Box.create(name: "show", root: root) }
        for bad in ["", "../escape", "a/b", ".hidden", String(repeating: "x", count: 101)] {
            #expect(throws: ProductionError.self) { try Box.create(name: bad, root: root) }
        }
        #expect(throws: ProductionError.self) { try Box.create(name: "other", root: "\(root)/no-such-folder") }
        #expect(throws: ProductionError.self) { try Box.open("\(root)/nothing.backlot") }
        try FileManager.default.createDirectory(atPath: "\(root)/plain.backlot", withIntermediateDirectories: false)
        #expect(throws: ProductionError.self) { try Box.open("\(root)/plain.backlot") }
    }

    @Test func aBoxFromAFutureSchemaIsRefusedNotGuessedAt() throws {
        let root = scratchFolder("future")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let box = try Box.create(name: "show", root: root)
        var manifest = box.manifest
        manifest.version = BoxManifest.currentVersion + 1
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: "\(box.path)/box.json"))
        do {
            _ = try Box.open(box.path)
            Issue.record("a box of a later schema was opened")
        } catch {
            #expect(error.message.contains("newer than this Backlot reads"))
        }
    }

    /// Isolation: a catalog is bound to its box's id; one copied into another box is refused.
    @Test func aCatalogOfAnotherBoxIsRefused() throws {
        let root = scratchFolder("isolation")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let a = try Box.create(name: "a", root: root), b = try Box.create(name: "b", root: root)
        try FileManager.default.removeItem(atPath: b.catalogPath)
        try FileManager.default.copyItem(atPath: a.catalogPath, toPath: b.catalogPath)
        #expect(throws: ProductionError.self) { try Catalog(box: b) }
        #expect(throws: Never.self) { try Catalog(box: a) }
    }
}
