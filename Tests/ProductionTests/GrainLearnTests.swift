import BacklotCore
import BacklotIO
import Foundation
import GRDB
import Grain
@testable import Production
import Synth
import Testing

/// Learning each camera's grain at each ISO from its dailies, judged against the synthetic cameras' true grain,
/// and finding a shot's grain.
@Suite struct GrainLearnTests {
    let plan = ShowPlan(width: 480, height: 288, seed: 31, takes: 2, frames: 4, noise: 0.006)

    func refusal(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return (error as? ProductionError)?.message ?? "\(error)" }
        return nil
    }

    @Test func eachCameraAndISOLearnsItsTrueGrain() throws {
        let root = scratchFolder("grain"), show = scratchFolder("show")
        defer { [root, show].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        try LearnTests.writeShow(plan, to: show)
        let box = try Box.create(name: "show", root: root)
        let catalog = try Catalog(box: box)
        _ = try Ingest.run(["\(show)/dailies"], into: catalog)
        #expect(try catalog.grainSubjects() == ["ALEXA 35 ISO 1600", "ALEXA 35 ISO 800", "VENICE 2 ISO 500"])

        let outcomes = try Learn.run([.grain], box: box, catalog: catalog)
        #expect(outcomes.count == 3 && outcomes.allSatisfy { $0.file?.hasSuffix(".grain.json") == true }, "\(outcomes)")
        for outcome in outcomes {
            let model = try GrainModel.read(try #require(outcome.file))
            #expect(model.owner == box.manifest.id && model.method == "temporal")
            let setup = try #require(plan.setups.first { "\($0.camera) ISO \($0.iso)" == outcome.subject })
            let truth = try #require(plan.camera(named: setup.camera)).grain
            #expect(model.iso == "\(setup.iso)")
            // The noise level where the dailies show it, and the spectrum's shape, as the camera's.
            for c in 0..<3 {
                let level = model.levels[c][model.levels[c].count / 2]
                let ratio = model.variance(channel: c, at: level) / truth.variance(channel: c, at: level, iso: setup.iso)
                #expect(abs(ratio - 1) < 0.2, "\(outcome.subject) \(model.channels[c]) at \(level): \(ratio)")
            }
            let bands = NoiseSpectrum.bands(model.spectrum[1], size: 32), trueBands = NoiseSpectrum.bands(truth.spectrum(size: 32), size: 32)
            for (b, t) in zip(bands, trueBands) { #expect(abs(b / t - 1) < 0.2, "\(outcome.subject): \(bands) vs \(trueBands)") }
            #expect(abs(model.correlation[0][2] - truth.chroma) < 0.15, "\(outcome.subject): \(model.correlation)")
        }
        #expect(try Learn.run([.grain], box: box, catalog: catalog).allSatisfy { $0.skipped?.hasPrefix("up to date") == true })

        // A daily finds its camera and ISO through the catalog; a camera at two ISOs needs one named.
        let venice = plan.takes.first { $0.setup == "bluestage" }!
        let daily = "\(show)/" + venice.plates.replacingOccurrences(of: "####", with: "1002")
        let choice = try box.grain(forShotFile: daily, camera: nil, iso: nil, catalog: catalog)
        #expect(choice.subject == "VENICE 2 ISO 500" && choice.version == 1 && choice.reason == "the camera its daily was catalogued with")
        #expect(try box.grain(forShotFile: nil, camera: "VENICE 2", iso: nil, catalog: catalog).subject == "VENICE 2 ISO 500")
        #expect(try box.grain(forShotFile: nil, camera: "ALEXA 35", iso: "800", catalog: catalog).subject == "ALEXA 35 ISO 800")
        let which = refusal { _ = try box.grain(forShotFile: nil, camera: "ALEXA 35", iso: nil, catalog: catalog) }
        #expect(which?.contains("has no grain for ALEXA 35 (as asked): it has grain for 'ALEXA 35 ISO 1600', 'ALEXA 35 ISO 800', 'VENICE 2 ISO 500'") == true, "\(which ?? "")")
        #expect(refusal { _ = try box.grain(forShotFile: nil, camera: "VENICE 2", iso: "3200", catalog: catalog) }?.contains("no grain for VENICE 2 ISO 3200") == true)
        #expect(refusal { _ = try box.grain(forShotFile: nil, camera: nil, iso: nil, catalog: catalog) }?.contains("give --camera") == true)

        // A model file claiming another box is refused, even registered with its bytes.
        let file = try #require(outcomes.first?.file)
        var foreign = try GrainModel.read(file)
        foreign.owner = "another-box"
        try foreign.encoded().write(to: URL(fileURLWithPath: file))
        try catalog.write("test") { db in
            try db.execute(sql: "UPDATE model SET sha256 = ? WHERE file LIKE ?", arguments: [try FileDigest.sha256(file), "%" + (file as NSString).lastPathComponent])
        }
        let subject = try #require(outcomes.first?.subject)
        #expect(refusal { _ = try box.latestModel(kind: "grain", subject: subject, catalog: catalog) }?.contains("belongs to the box another-box") == true)
    }
}
