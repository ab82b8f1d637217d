import BacklotCore
import BacklotIO
import Foundation
@testable import Production
import Testing

@Suite struct IngestTests {
    /// A folder of dailies: a 3-frame EXR sequence and a PNG still, each frame a different grey.
    func makeDailies(in folder: String) throws {
        try FileManager.default.createDirectory(atPath: "\(folder)/A001", withIntermediateDirectories: true)
        for frame in 1001...1003 {
            let image = Image(width: 32, height: 18, channels: ["R", "G", "B"], fill: Float(frame - 1000) / 10)
            try ImageIO.write(image, to: "\(folder)/A001/plate.\(frame).exr")
        }
        try ImageIO.write(Image(width: 16, height: 9, channels: ["R", "G", "B"], fill: 0.5), to: "\(folder)/slate.png")
    }

    @Test func ingestCataloguesAndARerunIsIdempotent() throws {
        let root = scratchFolder("ingest"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        let first = try Ingest.run([dailies], into: catalog)
        #expect(first.dailiesAdded == 2 && first.filesAdded == 4 && first.bytesHashed > 0)
        let status = try BoxStatus.read(box: box, catalog: catalog)
        let sequence = try #require(status.dailies.first { $0.kind == "sequence" })
        #expect(sequence.name.hasSuffix("A001/plate.####.exr") && sequence.frames == 3)
        #expect(sequence.width == 32 && sequence.height == 18)
        #expect(status.dailies.contains { $0.kind == "still" && $0.name.hasSuffix("slate.png") })
        // Again: nothing is added, nothing is read again.
        let again = try Ingest.run([dailies], into: catalog)
        #expect(again == IngestReport(filesUnchanged: 4))
    }

    @Test func noticesChangedMovedAndMissingFiles() throws {
        let root = scratchFolder("changes"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        _ = try Ingest.run([dailies], into: catalog)
        // A frame rendered again with other pixels: changed.
        try ImageIO.write(Image(width: 32, height: 18, channels: ["R", "G", "B"], fill: 0.9), to: "\(dailies)/A001/plate.1002.exr")
        let changed = try Ingest.run([dailies], into: catalog)
        #expect(changed.filesChanged == 1 && changed.filesAdded == 0)
        // The whole sequence moved to another folder: moved, not added again.
        try FileManager.default.moveItem(atPath: "\(dailies)/A001", toPath: "\(dailies)/day1")
        let moved = try Ingest.run([dailies], into: catalog)
        #expect(moved.dailiesMoved == 1 && moved.dailiesAdded == 0 && moved.filesAdded == 0 && moved.filesMoved == 3)
        #expect(moved.filesMissing == 0)
        let status = try BoxStatus.read(box: box, catalog: catalog)
        #expect(status.dailies.count == 2 && status.dailies.contains { $0.name.hasSuffix("day1/plate.####.exr") })
        // A frame deleted: missing, and said in the status.
        try FileManager.default.removeItem(atPath: "\(dailies)/day1/plate.1003.exr")
        let missing = try Ingest.run(["\(dailies)/slate.png"], into: catalog)
        #expect(missing.filesMissing == 1)
        #expect(try BoxStatus.read(box: box, catalog: catalog).dailies.contains { $0.missing == 1 })
    }

    /// A folder and a file in it named together count once; a still that gains a neighbour becomes a sequence
    /// (its file moves into it); numbers of different widths without padding are one sequence.
    @Test func overlappingInputsStillsThatGrowAndUnpaddedNumbers() throws {
        let root = scratchFolder("grow"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        let both = try Ingest.run([dailies, "\(dailies)/A001", "\(dailies)/A001/plate.1001.exr", "\(dailies)/"], into: catalog)
        #expect(both.dailiesAdded == 2 && both.filesAdded == 4)
        try ImageIO.write(Image(width: 8, height: 8, channels: ["R", "G", "B"], fill: 0.2), to: "\(dailies)/shot_7.png")
        _ = try Ingest.run(["\(dailies)/shot_7.png"], into: catalog)
        for n in [8, 9, 10, 11] {
            try ImageIO.write(Image(width: 8, height: 8, channels: ["R", "G", "B"], fill: Float(n) / 20), to: "\(dailies)/shot_\(n).png")
        }
        _ = try Ingest.run([dailies], into: catalog)
        let status = try BoxStatus.read(box: box, catalog: catalog)
        let shot = try #require(status.dailies.first { $0.name.hasSuffix("shot_@.png") })
        #expect(shot.frames == 5 && shot.width == 8)
        #expect(!status.dailies.contains { $0.name.hasSuffix("shot_7.png") })
    }

    @Test func twoIngestsAtOnceLeaveOneConsistentCatalog() throws {
        let root = scratchFolder("concurrent"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        let box = try Box.create(name: "show", root: root)
        let failures = SharedFailures()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            do { _ = try Ingest.run([dailies], into: try Catalog(box: box)) } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let status = try BoxStatus.read(box: box, catalog: Catalog(box: box))
        #expect(status.dailies.count == 2)
        #expect(status.dailies.map(\.frames).sorted() == [1, 3])
    }

    @Test func badDailiesAreRefusedWithTheirName() throws {
        let root = scratchFolder("bad"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: "\(dailies)/notes.txt"))
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: "\(dailies)/broken.exr"))
        for input in ["\(dailies)/nope.exr", "\(dailies)/notes.txt", "\(dailies)/broken.exr", "\(dailies)/none.####.exr"] {
            do {
                _ = try Ingest.run([input], into: catalog)
                Issue.record("\(input) was ingested")
            } catch {
                #expect(error.message.contains((input as NSString).lastPathComponent), "\(error.message)")
            }
        }
        #expect(try BoxStatus.read(box: box, catalog: catalog).dailies.isEmpty)
    }

    /// A broken daily in a folder of good ones: the good ones are catalogued, the ingest fails naming it.
    @Test func aBrokenDailyIsSaidAndTheOthersAreCatalogued() throws {
        let root = scratchFolder("broken"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: "\(dailies)/broken.exr"))
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        do {
            _ = try Ingest.run([dailies], into: catalog)
            Issue.record("a folder with a broken daily was ingested without a word")
        } catch {
            #expect(error.message.contains("broken.exr"), "\(error.message)")
        }
        let names = try BoxStatus.read(box: box, catalog: catalog).dailies.map(\.name)
        #expect(names.count == 2 && !names.contains { $0.hasSuffix("broken.exr") })
    }

    @Test func deletingTheBoxLeavesTheDailies() throws {
        let root = scratchFolder("delete"), dailies = scratchFolder("dailies")
        defer { [root, dailies].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try makeDailies(in: dailies)
        let box = try Box.create(name: "show", root: root)
        _ = try Ingest.run([dailies], into: Catalog(box: box))
        try box.delete()
        #expect(!FileManager.default.fileExists(atPath: box.path))
        #expect(FileManager.default.fileExists(atPath: "\(dailies)/A001/plate.1002.exr"))
    }
}

/// Errors gathered from threads.
final class SharedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
