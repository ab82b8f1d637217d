import BacklotCore
import Foundation
import Synth
import Testing

@Suite struct SynthTruthTests {
    func folder() -> String {
        let path = NSTemporaryDirectory() + "backlot-truth-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path + "/truth", withIntermediateDirectories: true)
        return path
    }

    @Test func theManifestNamesTheTruthAndRoundTrips() throws {
        let dir = folder()
        let truth = SynthTruth.shot(SynthSettings(width: 96, height: 54, seed: 3, scene: .hair), frames: 6)
        try SchemaFile.encode(truth, pretty: true).write(to: URL(fileURLWithPath: "\(dir)/\(SynthTruth.manifestPath)"))
        let read = try SynthTruth.read(folder: dir)
        #expect(read == truth && read.kind == .shot && read.frames == "1001-1006")
        #expect(read.path(read.alpha, in: dir) == "\(dir)/truth/alpha.####.exr")
        let text = try String(contentsOfFile: "\(dir)/\(SynthTruth.manifestPath)", encoding: .utf8)
        #expect(text.contains(#""schema" : "backlot.synth-truth""#) && text.contains(#""version" : 1"#))
    }

    @Test func foldersWrittenBeforeManifestsAreStillRead() throws {
        let plate = folder(), shot = folder()
        FileManager.default.createFile(atPath: "\(plate)/truth/alpha.exr", contents: Data())
        FileManager.default.createFile(atPath: "\(shot)/truth/alpha.1001.exr", contents: Data())
        #expect(try SynthTruth.read(folder: plate).alpha == "truth/alpha.exr")
        #expect(try SynthTruth.read(folder: shot).kind == .shot)
        let empty = folder()
        #expect(throws: SchemaError("\(empty): not a folder written by `backlot synth` (no truth/manifest.json)")) {
            try SynthTruth.read(folder: empty)
        }
        try Data(#"{"schema":"backlot.synth-truth","version":9}"#.utf8).write(to: URL(fileURLWithPath: "\(empty)/truth/manifest.json"))
        #expect(throws: SchemaError.self) { try SynthTruth.read(folder: empty) }
    }
}
