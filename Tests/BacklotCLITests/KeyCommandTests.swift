import Foundation
import Testing

@Suite struct KeyCommandTests {
    func makePlate(_ dir: String, scene: String = "hair") throws {
        let r = try backlot(["synth", "--scene", scene, "--size", "192x108", "--seed", "2", "--output", dir, "--quiet"])
        try #require(r.status == 0, "\(r.err)")
    }

    @Test func writesEveryPassNamedAfterThePlate() throws {
        let dir = temporaryFolder()
        try makePlate(dir)
        let r = try backlot(["key", "\(dir)/plate.exr", "--hint", "\(dir)/hint.png", "--output", "\(dir)/out", "--timings"])
        #expect(r.status == 0, "\(r.err)")
        for pass in ["rgba/plate.exr", "fg/plate.exr", "matte/plate.exr", "comp/plate.png"] {
            #expect(exists("\(dir)/out/\(pass)"), "\(pass)")
        }
        #expect(r.err.contains("timings:") && r.err.contains("screen model"))
        let rgba = try run(["exrheader", "\(dir)/out/rgba/plate.exr"]).out
        #expect(rgba.contains("16-bit floating-point") && rgba.contains("piz"))
        #expect(rgba.contains("colorSpace (type string): \"Linear Rec.709 (sRGB)\""))
        let fg = try run(["exrheader", "\(dir)/out/fg/plate.exr"]).out
        #expect(fg.contains("alphaMode (type string): \"straight\""))
        let matte = try backlot(["info", "\(dir)/out/matte/plate.exr"]).out
        #expect(matte.contains("channels     A (half)"))
        // Scored against the truth, the key is good.
        let score = try backlot(["score", "--truth", dir, "--alpha", "\(dir)/out/matte/plate.exr", "--fg", "\(dir)/out/fg/plate.exr", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(score.out.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "backlot.score" && json?["version"] as? Int == 1, "\(score.out)")
        #expect((json?["recompositePSNR"] as? Double ?? 0) > 30)
    }

    @Test func floatPassesSequencesAndPreview() throws {
        let dir = temporaryFolder()
        try makePlate(dir)
        for f in [1001, 1002] {
            try FileManager.default.copyItem(atPath: "\(dir)/plate.exr", toPath: "\(dir)/shot.\(f).exr")
            try FileManager.default.copyItem(atPath: "\(dir)/hint.png", toPath: "\(dir)/hint.\(f).png")
        }
        let r = try backlot(["key", "\(dir)/shot.####.exr", "--hint", "\(dir)/hint.####.png", "--output", "\(dir)/seq",
                             "--float", "--passes", "rgba,matte", "--compression", "zip"])
        #expect(r.status == 0, "\(r.err)")
        #expect(exists("\(dir)/seq/rgba/shot.1001.exr") && exists("\(dir)/seq/matte/shot.1002.exr"))
        #expect(!exists("\(dir)/seq/fg"))
        #expect(try run(["exrheader", "\(dir)/seq/rgba/shot.1002.exr"]).out.contains("32-bit floating-point"))
        let p = try backlot(["key", "\(dir)/plate.exr", "--output", "\(dir)/pv", "--preview", "--screen", "green"])
        #expect(p.status == 0)
        #expect(exists("\(dir)/pv/comp/plate.png") && !exists("\(dir)/pv/rgba"))
    }

    @Test func badKeyInputs() throws {
        let dir = temporaryFolder()
        try makePlate(dir)
        #expect(try backlot(["key", "\(dir)/plate.exr", "--output", "\(dir)/o", "--screen", "purple"]).status == 64)
        #expect(try backlot(["key", "\(dir)/plate.exr", "--output", "\(dir)/o", "--passes", "rgba,alpha"]).status == 64)
        #expect(try backlot(["key", "\(dir)/plate.exr", "--output", "\(dir)/o", "--despill", "2"]).status == 64)
        let missing = try backlot(["key", "\(dir)/plate.exr", "--hint", "\(dir)/nohint.png", "--output", "\(dir)/o"])
        #expect(missing.status == 1 && missing.err.contains("\(dir)/nohint.png: file not found"))
        try "x".write(toFile: "\(dir)/file", atomically: true, encoding: .utf8)
        let unwritable = try backlot(["key", "\(dir)/plate.exr", "--output", "\(dir)/file/out"])
        #expect(unwritable.status == 1 && unwritable.err.contains("not a folder"))
        // A hint of another size is resampled, and the user is told.
        try run(["oiiotool", "\(dir)/hint.png", "--resize", "96x54", "-o", "\(dir)/small.png"])
        let resized = try backlot(["key", "\(dir)/plate.exr", "--hint", "\(dir)/small.png", "--output", "\(dir)/r"])
        #expect(resized.status == 0 && resized.err.contains("resampled"))
    }
}

@Suite struct KeyResumeTests {
    @Test func dryRunListsAndSkipExistingResumes() throws {
        let dir = temporaryFolder()
        let s = try backlot(["synth", "--scene", "solid", "--size", "96x54", "--output", dir, "--quiet"])
        try #require(s.status == 0)
        for f in [1001, 1002, 1003] {
            try FileManager.default.copyItem(atPath: "\(dir)/plate.exr", toPath: "\(dir)/shot.\(f).exr")
        }
        let dry = try backlot(["key", "\(dir)/shot.####.exr", "--output", "\(dir)/out", "--passes", "rgba,comp", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.out.contains("\(dir)/shot.1002.exr -> \(dir)/out/rgba/shot.1002.exr, \(dir)/out/comp/shot.1002.png"))
        #expect(dry.out.contains("3 frames to key"))
        #expect(!exists("\(dir)/out"))
        // Key one frame, then resume: only the other two are left.
        #expect(try backlot(["key", "\(dir)/shot.####.exr", "--frames", "1002", "--output", "\(dir)/out", "--passes", "rgba,comp"]).status == 0)
        let rest = try backlot(["key", "\(dir)/shot.####.exr", "--output", "\(dir)/out", "--passes", "rgba,comp", "--skip-existing", "--dry-run"])
        #expect(rest.out.contains("2 frames to key") && !rest.out.contains("shot.1002.exr ->"))
        let run = try backlot(["key", "\(dir)/shot.####.exr", "--output", "\(dir)/out", "--passes", "rgba,comp", "--skip-existing"])
        #expect(run.status == 0)
        #expect(run.err.contains("1/2") && !run.err.contains("3/3"))
        #expect(exists("\(dir)/out/rgba/shot.1001.exr") && exists("\(dir)/out/comp/shot.1003.png"))
    }
}
