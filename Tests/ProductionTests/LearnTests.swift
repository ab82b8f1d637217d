import BacklotCore
import BacklotIO
import Foundation
@testable import Production
import Synth
import Testing

/// Setups, learning screens, lineage and isolation, on a small synthetic show.
@Suite struct LearnTests {
    /// The show's takes written as EXR dailies (camera named in each header) under `folder`; `takes` limits them.
    static func writeShow(_ plan: ShowPlan, to folder: String, takes: [ShowPlan.Take]? = nil) throws {
        for take in takes ?? plan.takes {
            let renderer = ShowGenerator.take(take, in: plan)
            let setup = plan.setup(named: take.setup)!
            for k in 0..<plan.framesPerTake {
                let path = "\(folder)/" + take.plates.replacingOccurrences(of: "####", with: String(format: "%04d", plan.firstFrame + k))
                try ImageIO.write(renderer.frame(k).composite, to: path,
                                  options: WriteOptions(attributes: ["cameraModel": setup.camera, "isoSpeed": "\(setup.iso)"]))
            }
        }
    }

    /// The message of the ProductionError `body` throws; nil when it throws none.
    func refusal(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return (error as? ProductionError)?.message ?? "\(error)" }
        return nil
    }

    let plan = ShowPlan(width: 320, height: 180, seed: 9, takes: 2, frames: 3, noise: 0.004)

    @Test func ingestGroupsTakesIntoSetupsByCameraAndPicture() throws {
        let root = scratchFolder("setups"), show = scratchFolder("show")
        defer { [root, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try Self.writeShow(plan, to: show)
        let catalog = try Catalog(box: try Box.create(name: "show", root: root))
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        let setups = try catalog.setups()
        #expect(setups.count == 3)
        // Each setup holds the two takes of one set, and its camera.
        for setup in plan.setups {
            let found = setups.first { $0.dailies.contains { $0.contains("_\(setup.name)_t1") } }
            #expect(found?.dailies.count == 2 && found?.dailies.allSatisfy { $0.contains("_\(setup.name)_") } == true)
            #expect(found?.camera == setup.camera)
        }
        // Corrections: a rename, and a daily moved by hand stays where it was put through a re-ingest.
        let green = try #require(setups.first { $0.dailies.contains { $0.contains("greenstage") } })
        try catalog.renameSetup(green.name, to: "greenstage")
        try catalog.assign(daily: "location_t2", to: "greenstage")
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        let after = try #require(try catalog.setups().first { $0.name == "greenstage" })
        #expect(after.dailies.count == 3 && after.assigned.count == 1 && after.assigned[0].contains("location_t2"))
        #expect(throws: ProductionError.self) { try catalog.assign(daily: "location", to: "x") }  // two dailies match
        #expect(throws: ProductionError.self) { try catalog.renameSetup("greenstage", to: "../x") }
    }

    @Test func learningRegistersAModelPerScreenWithItsLineageAndKnowsWhenItIsStale() throws {
        let root = scratchFolder("learn"), show = scratchFolder("show")
        defer { [root, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let first = plan.takes.filter { $0.name.hasSuffix("_t1") }
        try Self.writeShow(plan, to: show, takes: first)
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        let outcomes = try Learn.run([.screens], box: box, catalog: catalog)
        #expect(outcomes.filter { $0.file != nil }.count == 2)
        #expect(outcomes.contains { $0.file == nil && $0.skipped?.contains("no screen") == true })
        let models = try catalog.models()
        #expect(models.count == 2 && models.allSatisfy { !$0.stale && $0.version == 1 && $0.trainedOn == 3 })
        // The lineage names this box and every frame by its bytes, as catalogued.
        let model = models[0]
        let lineage = try SchemaFile.read(ModelLineage.self, from: "\(box.path)/\(model.file.replacingOccurrences(of: ".exr", with: ".json"))")
        #expect(lineage.box == box.manifest.id && lineage.frames.count == 3 && lineage.code == BacklotVersion.string)
        for frame in lineage.frames { #expect(try FileDigest.sha256(frame.path) == frame.sha256) }
        // Learning again changes nothing; a new take makes the model stale, and learning then makes version 2.
        #expect(try Learn.run([.screens], box: box, catalog: catalog).allSatisfy { $0.file == nil })
        try Self.writeShow(plan, to: show, takes: [plan.takes.first { $0.name.hasSuffix("greenstage_t2") }!])
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        #expect(try catalog.models().filter(\.stale).count == 1)
        let relearned = try Learn.run([.screens], box: box, catalog: catalog)
        #expect(relearned.filter { $0.file != nil }.count == 1)
        let (now, setups) = (try catalog.models(), try catalog.setups())
        #expect(now.contains { $0.version == 2 && !$0.stale && $0.trainedOn == 5 }, "\(now) \(setups)")  // (one of six held out)
    }

    @Test func anotherProductionsModelIsRefused() throws {
        let rootA = scratchFolder("isolation-a"), rootB = scratchFolder("isolation-b"), show = scratchFolder("show")
        defer { [rootA, rootB, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try Self.writeShow(plan, to: show, takes: [plan.takes[0]])
        var boxes: [(Box, Catalog)] = []
        for root in [rootA, rootB] {
            let box = try Box.create(name: "show", root: root)
            let catalog = try Catalog(box: box)
            _ = try Ingest.run(["\(show)/dailies"], into: catalog)
            _ = try Learn.run([.screens], box: box, catalog: catalog)
            boxes.append((box, catalog))
        }
        let (a, _) = boxes[0], (b, catalogB) = boxes[1]
        let plate = "\(show)/" + plan.takes[0].plates.replacingOccurrences(of: "####", with: "1001")
        guard case .found(let path, _, _, _) = try b.cleanPlate(forShotFile: plate, catalog: catalogB) else {
            Issue.record("box B has no clean plate for its own shot")
            return
        }
        // Box A's model put in box B's place: its bytes are not the ones B registered.
        let modelA = try #require(try Catalog(box: a).models().first)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: "\(a.path)/\(modelA.file)", toPath: path)
        #expect(refusal { _ = try b.cleanPlate(forShotFile: plate, catalog: catalogB) }?.contains("bytes differ") == true)
        // And registered there too (the catalog tampered with): its header still names box A.
        try catalogB.database.write { db in try db.execute(sql: "UPDATE model SET sha256 = ?", arguments: [modelA.sha256]) }
        #expect(refusal { _ = try b.cleanPlate(forShotFile: plate, catalog: catalogB) }?.contains("belongs to the box \(a.manifest.id)") == true)
        // A shot the box has never seen is said so, not guessed.
        #expect(try b.cleanPlate(forShotFile: "\(show)/elsewhere.exr", catalog: catalogB) == .unknownShot)
    }
}
