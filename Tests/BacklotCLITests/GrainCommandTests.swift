import BacklotCore
import BacklotIO
import Foundation
import Testing

/// `production learn --only grain`, `backlot regrain` and `backlot degrain`, through the binary.
@Suite struct GrainCommandTests {
    @Test func aProductionLearnsItsGrainAndPutsItBackOrTakesItOut() throws {
        let dir = temporaryFolder("grain-command")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["BACKLOT_ROOT": dir]
        let synth = try backlot(["synth", "--production", "\(dir)/show", "--size", "480x288", "--takes", "1", "--frames", "4", "--quiet"])
        try #require(synth.status == 0, "\(synth.err)")
        #expect(try backlot(["production", "create", "s"], environment: env).status == 0)
        #expect(try backlot(["production", "ingest", "s", "\(dir)/show/dailies", "--quiet"], environment: env).status == 0)
        let learn = try backlot(["production", "learn", "s", "--only", "grain", "--quiet"], environment: env)
        #expect(learn.status == 0 && learn.out.contains("grain VENICE 2 ISO 500: learned grain-") && learn.out.contains("noise at mid grey R "),
                "\(learn.out) \(learn.err)")

        // Regrain the blue stage's clean screen: its noise is the camera's, as strong as the true grain's.
        let clean = "\(dir)/show/truth/setups/bluestage.exr"
        let regrain = try backlot(["regrain", "s", clean, "--camera", "VENICE 2", "-o", "\(dir)/rg.exr", "--depth", "float"], environment: env)
        #expect(regrain.status == 0 && regrain.err.contains("using the grain of VENICE 2 ISO 500"), "\(regrain.err)")
        let (plate, made, truth) = (try ImageIO.read(clean), try ImageIO.read("\(dir)/rg.exr"), try ImageIO.read("\(dir)/show/truth/grain/bluestage.exr"))
        func rms(_ a: Image, _ b: Image) -> Float {
            var sum: Float = 0
            for c in 0..<3 { for i in 0..<a.planeSize { sum += (a.planes[c][i] - b.planes[c][i]) * (a.planes[c][i] - b.planes[c][i]) } }
            return (sum / Float(3 * a.planeSize)).squareRoot()
        }
        let (ours, theirs) = (rms(made, plate), rms(truth, plate))
        #expect(abs(ours / theirs - 1) < 0.15, "regrained noise \(ours) against the true grain's \(theirs)")
        #expect(try ImageFileInfo.inspect("\(dir)/rg.exr").exrHeader?.attributes.contains { $0.name == "backlot:grain" } == true)
        // The same seed gives the same grain.
        #expect(try backlot(["regrain", "s", clean, "--camera", "VENICE 2", "-o", "\(dir)/rg2.exr", "--depth", "float", "-q"], environment: env).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/rg2.exr")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/rg.exr")))

        // Degrain the grained screen: far closer to the clean one.
        let degrain = try backlot(["degrain", "s", "\(dir)/show/truth/grain/bluestage.exr", "--camera", "VENICE 2", "--iso", "500",
                                   "-o", "\(dir)/dg.exr", "--depth", "float", "-q"], environment: env)
        #expect(degrain.status == 0, "\(degrain.err)")
        #expect(rms(try ImageIO.read("\(dir)/dg.exr"), plate) < 0.6 * theirs)

        // A daily's own camera and ISO come from the catalog; outputs never replace a daily.
        let daily = "\(dir)/show/dailies/A003_location_t1/A003_location_t1.1002.exr"
        let own = try backlot(["degrain", "s", daily, "-o", "\(dir)/d.exr", "-q"], environment: env)
        #expect(own.status == 0, "\(own.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: daily))
        let onto = try backlot(["regrain", "s", clean, "--camera", "VENICE 2", "-o", daily], environment: env)
        #expect(onto.status == 1 && onto.err.contains("is one of s's dailies"), "\(onto.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: daily)) == bytes)
        // ALEXA 35 was shot at two ISOs: which one must be said.
        let which = try backlot(["regrain", "s", clean, "--camera", "ALEXA 35", "-o", "\(dir)/x.exr"], environment: env)
        #expect(which.status == 1 && which.err.contains("has no grain for ALEXA 35 (as asked)"), "\(which.err)")
        for bad in [["--iso", "fast"], ["--iso", "0"], ["--seed", "-1"], ["--camera", ""]] {
            let r = try backlot(["regrain", "s", clean, "-o", "\(dir)/y.exr"] + bad, environment: env)
            #expect(r.status == 64, "\(bad): \(r.err)")
        }
    }
}
