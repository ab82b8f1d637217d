import BacklotIO
import Foundation
import Testing

/// `backlot production ingest --graded`, `production learn --only look` and `backlot look`, through the binary.
@Suite struct LookCommandTests {
    @Test func aProductionLearnsItsCamerasLooksAndGradesPlatesLikeItsColourist() throws {
        let dir = temporaryFolder("look-command")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["BACKLOT_ROOT": dir]
        let synth = try backlot(["synth", "--production", "\(dir)/show", "--size", "240x136", "--takes", "2", "--frames", "5", "--quiet"])
        try #require(synth.status == 0, "\(synth.err)")
        #expect(try backlot(["production", "create", "s"], environment: env).status == 0)
        // References before their dailies: each is named as matching no plate.
        let early = try backlot(["production", "ingest", "s", "--graded", "\(dir)/show/graded", "--quiet"], environment: env)
        #expect(early.status == 1 && early.err.contains("matches no plate"), "\(early.err)")
        // --graded takes every path after it (here, the references of the two cameras' setups, given apart).
        let refs = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/show/graded").sorted().map { "\(dir)/show/graded/\($0)" }
        let ingest = try backlot(["production", "ingest", "s", "\(dir)/show/dailies", "--graded"] + refs + ["--quiet"], environment: env)
        #expect(ingest.status == 0 && ingest.out.contains("graded references: 12 added"), "\(ingest.out) \(ingest.err)")
        let status = try backlot(["production", "status", "s"], environment: env)
        #expect(status.out.split(separator: "\n").filter { $0.contains(", 2 graded references") }.count == 6, "\(status.out)")
        let learn = try backlot(["production", "learn", "s", "--only", "look", "--quiet"], environment: env)
        #expect(learn.status == 0 && learn.out.contains("look ALEXA 35: learned look-") && learn.out.contains("mean ΔE2000 on 1 held-out"),
                "\(learn.out) \(learn.err)")
        let models = try backlot(["production", "models", "s", "--json"], environment: env)
        let listed = (try JSONSerialization.jsonObject(with: Data(models.out.utf8)) as? [String: Any])?["models"] as? [[String: Any]]
        #expect(listed?.compactMap { $0["kind"] as? String } == ["look", "look"], "\(models.out)")

        // A take's plates graded with the look come out as the colourist's references of them.
        let take = "\(dir)/show/dailies/B002_bluestage_t2/B002_bluestage_t2.####.exr"
        let graded = try backlot(["look", "s", take, "-o", "\(dir)/out/b.####.png"], environment: env)
        #expect(graded.status == 0 && graded.err.contains("using the look of VENICE 2"), "\(graded.err)")
        let ours = try ImageIO.read("\(dir)/out/b.1005.png"), theirs = try ImageIO.read("\(dir)/show/graded/B002_bluestage_t2.1005.png")
        var worst: Float = 0, total: Float = 0
        for c in 0..<3 {
            for (a, b) in zip(ours.planes[c], theirs.planes[c]) {
                let d = abs(SRGBCode.of(a) - SRGBCode.of(b))
                (worst, total) = (max(worst, d), total + d)
            }
        }
        #expect(total / Float(3 * ours.planeSize) < 1.5 && worst < 40, "mean \(total / Float(3 * ours.planeSize)) codes, worst \(worst)")

        // A plate the box never saw, with no camera named: asked for one; with --camera, graded.
        let stranger = "\(dir)/show/truth/setups/location.exr"
        let asked = try backlot(["look", "s", stranger, "-o", "\(dir)/x.png"], environment: env)
        #expect(asked.status == 1 && asked.err.contains("give --camera (it has looks for 'ALEXA 35', 'VENICE 2')"), "\(asked.err)")
        #expect(try backlot(["look", "s", stranger, "--camera", "ALEXA 35", "-o", "\(dir)/x.png"], environment: env).status == 0)
        #expect(try backlot(["look", "s", stranger, "--camera", "", "-o", "\(dir)/y.png"], environment: env).status == 64)
        // Nor a daily of the box or one of its graded references.
        let daily = "\(dir)/show/dailies/A001_greenstage_t2/A001_greenstage_t2.1001.exr"
        let dailyBytes = try Data(contentsOf: URL(fileURLWithPath: daily))
        let onto = try backlot(["look", "s", stranger, "--camera", "ALEXA 35", "-o", daily], environment: env)
        #expect(onto.status == 1 && onto.err.contains("is one of s's dailies or graded references"), "\(onto.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: daily)) == dailyBytes)
        // The output never replaces the plate.
        let copy = "\(dir)/copy.png"
        try FileManager.default.copyItem(atPath: "\(dir)/x.png", toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(try backlot(["look", "s", copy, "--camera", "ALEXA 35", "-o", copy], environment: env).status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }
}

/// 8-bit sRGB code of a linear value, as a float.
enum SRGBCode {
    static func of(_ linear: Float) -> Float {
        let v = min(max(linear, 0), 1)
        return 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * powf(v, 1 / 2.4) - 0.055)
    }
}
