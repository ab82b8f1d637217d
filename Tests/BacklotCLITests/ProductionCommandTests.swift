import Foundation
import Testing

/// `backlot production`: a box made, dailies ingested and listed, the box deleted, through the binary.
@Suite struct ProductionCommandTests {
    @Test func createIngestStatusDelete() throws {
        let dir = temporaryFolder("production")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try backlot(["synth", "--shot", "3", "--size", "32x18", "-o", "\(dir)/day1", "--quiet"]).status == 0)
        let create = try backlot(["production", "create", "show"], cwd: dir)
        #expect(create.status == 0 && create.out.contains("show.backlot"), "\(create.err)")
        // Found again through BACKLOT_ROOT, from another folder.
        let env = ["BACKLOT_ROOT": dir]
        let ingest = try backlot(["production", "ingest", "show", "\(dir)/day1", "--quiet"], cwd: "/", environment: env)
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(ingest.out.contains("5 dailies added"), "\(ingest.out)")
        let again = try backlot(["production", "ingest", "show", "\(dir)/day1", "--quiet"], environment: env)
        #expect(again.out.contains("0 added") && again.out.contains("0.0 MB hashed"), "\(again.out)")
        let status = try backlot(["production", "status", "show", "--json"], environment: env)
        #expect(status.status == 0, "\(status.err)")
        let json = try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "backlot.production-status")
        #expect((json?["dailies"] as? [Any])?.count == 5)
        #expect(try backlot(["production", "delete", "show"], environment: env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/show.backlot"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/day1/plate.1001.exr"))
    }

    @Test func badBoxesAndNamesGetOneLine() throws {
        let dir = temporaryFolder("production-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try backlot(["production", "create", "show", "--root", dir]).status == 0)
        for args in [["create", "show", "--root", dir], ["create", "../up", "--root", dir], ["status", "absent", "--root", dir],
                     ["ingest", "show", "\(dir)/nothing", "--root", dir], ["status", dir]] {
            let r = try backlot(["production"] + args)
            #expect(r.status == 1, "\(args): exit \(r.status)")
            #expect(r.err.hasPrefix("Error: ") && r.err.split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
    }

    /// `kill -9` in the middle of an ingest: the catalog keeps the dailies it finished, and a rerun completes it.
    @Test func aKilledIngestResumes() throws {
        let dir = temporaryFolder("production-kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try backlot(["synth", "--size", "640x360", "-o", "\(dir)/plate", "--quiet"]).status == 0)
        // Forty dailies of six frames each: long enough to be killed after the first.
        for take in 1...40 {
            let folder = "\(dir)/dailies/take\(take)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for frame in 1...6 { try FileManager.default.copyItem(atPath: "\(dir)/plate/plate.exr", toPath: "\(folder)/plate.\(1000 + frame).exr") }
        }
        #expect(try backlot(["production", "create", "show", "--root", dir]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: backlotBinary)
        process.arguments = ["production", "ingest", "show", "\(dir)/dailies", "--root", dir]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first finished daily's log line, then SIGKILL.
        var seen = Data()
        while process.isRunning, !(String(decoding: seen, as: UTF8.self).contains("ingest 1/")) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // What the killed run finished is in the catalog, whole (each daily is one transaction).
        let partial = try backlot(["production", "status", "show", "--root", dir, "--json"])
        let before = (try JSONSerialization.jsonObject(with: Data(partial.out.utf8)) as? [String: Any])?["dailies"] as? [[String: Any]] ?? []
        #expect(process.terminationReason == .uncaughtSignal, "the ingest ended before it could be killed")
        #expect(!before.isEmpty && before.allSatisfy { $0["frames"] as? Int == 6 })
        let finished = try backlot(["production", "ingest", "show", "\(dir)/dailies", "--root", dir, "--quiet"])
        #expect(finished.status == 0, "\(finished.err)")
        let status = try backlot(["production", "status", "show", "--root", dir, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any]
        let dailies = json?["dailies"] as? [[String: Any]] ?? []
        #expect(dailies.count == 40)
        #expect(dailies.allSatisfy { $0["frames"] as? Int == 6 && $0["missing"] as? Int == 0 })
    }
}
