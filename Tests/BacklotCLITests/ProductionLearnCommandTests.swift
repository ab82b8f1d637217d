import Foundation
import Testing

/// `backlot production setup|learn|models` and `backlot key --production`, through the binary, on a synthetic show.
@Suite struct ProductionLearnCommandTests {
    /// A tiny show in `dir`/show, ingested into the box `name` in `dir`.
    func showInBox(_ dir: String, _ names: [String], frames: Int = 3) throws {
        let synth = try backlot(["synth", "--production", "\(dir)/show", "--size", "320x180", "--takes", "2", "--frames", "\(frames)", "--quiet"])
        #expect(synth.status == 0, "\(synth.err)")
        for name in names {
            #expect(try backlot(["production", "create", name, "--root", dir]).status == 0)
            let ingest = try backlot(["production", "ingest", name, "\(dir)/show/dailies", "--root", dir, "--quiet"])
            #expect(ingest.status == 0, "\(ingest.err)")
        }
    }

    @Test func learnedScreensKeyTheShowsShotsAndStayInTheirBox() throws {
        let dir = temporaryFolder("production-learn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try showInBox(dir, ["a", "b"])
        let env = ["BACKLOT_ROOT": dir]
        let setups = try backlot(["production", "setup", "a", "--json"], environment: env)
        let listed = (try JSONSerialization.jsonObject(with: Data(setups.out.utf8)) as? [String: Any])?["setups"] as? [[String: Any]]
        #expect(listed?.count == 3, "\(setups.out)")
        for box in ["a", "b"] {
            let learn = try backlot(["production", "learn", box, "--only", "screens", "--quiet"], environment: env)
            #expect(learn.status == 0, "\(learn.err)")
            #expect(learn.out.split(separator: "\n").filter { $0.contains(": learned screen-") }.count == 2, "\(learn.out)")
            #expect(learn.out.contains("skipped (no screen"), "\(learn.out)")
        }
        let models = try backlot(["production", "models", "a", "--json"], environment: env)
        let json = try JSONSerialization.jsonObject(with: Data(models.out.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "backlot.production-models")
        #expect((json?["models"] as? [[String: Any]])?.allSatisfy { $0["stale"] as? Bool == false && $0["kind"] as? String == "screen" } == true)
        // Up to date: learning again learns nothing.
        #expect(try backlot(["production", "learn", "a", "--only", "screens", "--quiet"], environment: env).out.contains("up to date"))

        // Keying a shot of the show with its box: the learned clean plate of its setup is used.
        let plate = "\(dir)/show/dailies/A001_greenstage_t2/A001_greenstage_t2.1002.exr"
        let keyed = try backlot(["key", plate, "--production", "a", "-o", "\(dir)/keyed"], environment: env)
        #expect(keyed.status == 0, "\(keyed.err)")
        #expect(keyed.err.contains("using the clean plate of setup"), "\(keyed.err)")
        #expect(exists("\(dir)/keyed/matte/A001_greenstage_t2.1002.exr"))
        // A shot the box never saw: said, and keyed without it.
        let stranger = try backlot(["key", "\(dir)/show/truth/setups/greenstage.exr", "--production", "a", "-o", "\(dir)/k2"], environment: env)
        #expect(stranger.status == 0 && stranger.err.contains("is not in the catalog of a"), "\(stranger.err)")
        // Both a clean plate and a production: a usage error.
        #expect(try backlot(["key", plate, "--production", "a", "--clean-plate", plate, "-o", "\(dir)/k3"], environment: env).status == 64)
        // Box a's model put in box b's place: refused, with one line.
        let file = "models/screen-1-setup-1-v1.exr"
        try FileManager.default.removeItem(atPath: "\(dir)/b.backlot/\(file)")
        try FileManager.default.copyItem(atPath: "\(dir)/a.backlot/\(file)", toPath: "\(dir)/b.backlot/\(file)")
        let refused = try backlot(["key", plate, "--production", "b", "-o", "\(dir)/k4"], environment: env)
        #expect(refused.status == 1 && refused.err.contains("is not the screen model the box registered"), "\(refused.err)")
        #expect(!exists("\(dir)/k4"))
        // Box a as one archive, restored as box c: the same production, its model verified and usable.
        let export = try backlot(["production", "export", "a", "\(dir)/a.tar"], environment: env)
        #expect(export.status == 0 && export.out.contains("wrote"), "\(export.err)")
        let restore = try backlot(["production", "create", "c", "--from", "\(dir)/a.tar"], environment: env)
        #expect(restore.status == 0 && restore.out.contains("2 models, all verified"), "\(restore.out) \(restore.err)")
        let withC = try backlot(["key", plate, "--production", "c", "-o", "\(dir)/k5"], environment: env)
        #expect(withC.status == 0 && withC.err.contains("using the clean plate of setup"), "\(withC.err)")
        // Never over a daily, nor from a folder.
        let daily = "\(dir)/show/dailies/A001_greenstage_t1/A001_greenstage_t1.1001.exr"
        let before = try Data(contentsOf: URL(fileURLWithPath: daily))
        let overDaily = try backlot(["production", "export", "a", daily], environment: env)
        #expect(overDaily.status == 1 && overDaily.err.contains("is one of the box's dailies"), "\(overDaily.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: daily)) == before)
        let fromFolder = try backlot(["production", "create", "d", "--from", "\(dir)/show"], environment: env)
        #expect(fromFolder.status == 1 && fromFolder.err.contains("is a folder, not an archive"), "\(fromFolder.err)")
        // Box b's damaged model stops its export, with one line.
        let badExport = try backlot(["production", "export", "b", "\(dir)/b.tar"], environment: env)
        #expect(badExport.status == 1 && badExport.err.contains("learn it again"), "\(badExport.err)")
        #expect(!exists("\(dir)/b.tar"))
    }

    /// `kill -9` during learning: no half-learned model is registered, and a rerun learns it.
    @Test func aKilledLearningRegistersNothingAndARerunLearns() throws {
        let dir = temporaryFolder("production-learn-kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try showInBox(dir, ["show"], frames: 6)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: backlotBinary)
        process.arguments = ["production", "learn", "show", "--root", dir]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while process.isRunning, !(String(decoding: seen, as: UTF8.self).contains("learn screens setup-1 2/")) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "learning ended before it could be killed")
        let models = try backlot(["production", "models", "show", "--root", dir])
        #expect(models.status == 0 && models.out.contains("show: 0 models"), "\(models.out)")
        let again = try backlot(["production", "learn", "show", "--root", dir, "--only", "screens", "--quiet"])
        #expect(again.status == 0, "\(again.err)")
        #expect(try backlot(["production", "models", "show", "--root", dir]).out.contains("show: 2 models"))
    }
}
