import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpExplainsWithExamples() throws {
        let top = try backlot(["--help"])
        #expect(top.status == 0)
        for sub in ["info", "convert", "synth", "demo"] { #expect(top.out.contains(sub)) }
        #expect(top.out.contains("Examples"))
        for sub in ["info", "convert", "synth"] {
            let r = try backlot([sub, "--help"])
            #expect(r.status == 0 && r.out.contains("Examples"))
        }
    }

    /// The README's first command: the demo synthesises a plate, keys it and writes every pass.
    @Test func demoWritesEveryPass() throws {
        let dir = temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try backlot(["demo", "--output", "\(dir)/out", "--size", "96x54", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        for file in ["rgba/plate.exr", "fg/plate.exr", "matte/plate.exr", "comp/plate.png", "shadow/plate.exr", "contact.png"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/out/\(file)"), "\(file) missing")
        }
    }

    @Test func usageErrorsExit64() throws {
        #expect(try backlot(["convert", "only-one-arg.exr"]).status == 64)
        #expect(try backlot(["nonsense"]).status == 64)
        let r = try backlot(["convert", "a.exr", "b.exr", "--compression", "lzma"])
        #expect(r.status == 64 && r.err.contains("unknown compression 'lzma'"))
        #expect(try backlot(["convert", "a.####.exr", "b.exr"]).status == 64)
        let frames = try backlot(["info", "p.####.exr", "--frames", "9-1"])
        #expect(frames.status == 64 && frames.err.hasPrefix("Error: --frames: frame range '9-1'"), "\(frames.err)")
    }

    @Test func badInputsExit1WithOneLineNamingTheFile() throws {
        let dir = temporaryFolder()
        try "text".write(toFile: "\(dir)/fake.exr", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["info", "\(dir)/fake.exr"], "\(dir)/fake.exr: not a valid EXR file"),
            (["info", "\(dir)/none.exr"], "\(dir)/none.exr: file not found"),
            (["convert", "\(dir)/fake.exr", "\(dir)/out.png"], "\(dir)/fake.exr: not a valid EXR file"),
            (["info", "\(dir)/plate.####.exr"], "\(dir)/plate.####.exr: no frames"),
            (["info", "\(dir)/fake.####.exr", "--frames", "1-3"], "\(dir)/fake.0001.exr: frame 1 of the sequence is missing"),
        ]
        for (args, message) in cases {
            let r = try backlot(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains(message), "\(args): \(r.err)")
            #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        }
        #expect(!exists("\(dir)/out.png"))
    }

    @Test func convertsSequencesWithPlainLogLinesWhenNotATerminal() throws {
        let dir = temporaryFolder()
        for f in 1...3 {
            try run(["oiiotool", "--pattern", "fill:top=0.1,0.2,0.3,1:bottom=0.9,0.5,0.1,0.5", "32x16", "4",
                     "-d", "half", "-o", String(format: "\(dir)/in.%04d.exr", f)])
        }
        let r = try backlot(["convert", "\(dir)/in.####.exr", "\(dir)/out.%04d.png", "--depth", "16", "--frames", "1-3x2"])
        #expect(r.status == 0)
        // No bar or terminal escapes: one plain line per frame, as farm logs want.
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("convert 1/2 in.0001 (convert ") && !r.err.contains("\u{1B}"), "\(r.err)")
        #expect(exists("\(dir)/out.0001.png") && exists("\(dir)/out.0003.png") && !exists("\(dir)/out.0002.png"))
        let info = try backlot(["info", "\(dir)/out.0001.png"]).out
        #expect(info.contains("R (uint16), G (uint16), B (uint16), A (uint16)"))
        // Back to EXR, float, zip, ACEScg: the header says what was written.
        let back = try backlot(["convert", "\(dir)/out.0001.png", "\(dir)/back.exr", "--depth", "float",
                                "--compression", "zip", "--colorspace", "acescg"])
        #expect(back.status == 0)
        let header = try run(["exrheader", "\(dir)/back.exr"]).out
        #expect(header.contains("32-bit floating-point"))
        #expect(header.contains("zip, multi-scanline blocks"))
        #expect(header.contains("\"ACEScg\""))
        #expect(header.contains("red   (0.713 0.293)"))
    }

    @Test func synthWritesAPlateSetWithTruth() throws {
        let dir = temporaryFolder()
        let r = try backlot(["synth", "--scene", "hair", "--size", "160x90", "--seed", "3", "--output", dir, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        for file in ["plate.exr", "hint.png", "truth/alpha.exr", "truth/fg.exr", "truth/rgba.exr",
                     "truth/background.exr", "truth/new_background.exr"] {
            #expect(exists("\(dir)/\(file)"), "\(file)")
        }
        // No temporaries left behind.
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.contains(".tmp-") })
        #expect(try backlot(["synth", "--scene", "lava", "--output", dir]).status == 64)
    }
}

@Suite struct FrameOptionTests {
    @Test func extremeFramesAndEmptyPathsAreUsageErrorsNotCrashes() throws {
        let dir = temporaryFolder()
        let s = try backlot(["synth", "--shot", "2", "--size", "32x18", "--output", dir, "--quiet"])
        try #require(s.status == 0, "\(s.err)")
        let cases: [[String]] = [
            ["convert", "\(dir)/plate.####.exr", "\(dir)/o.####.png", "--start-frame=-9223372036854775808"],
            ["convert", "\(dir)/plate.####.exr", "\(dir)/o.####.png", "--frames=-9223372036854775808"],
            ["convert", "\(dir)/plate.####.exr", "\(dir)/o.####.png", "--frames=-9223372036854775807-9223372036854775807"],
            ["key", "\(dir)/plate.####.exr", "--start-frame", "9223372036854775807", "-o", "\(dir)/k"],
            ["key", "\(dir)/plate.1001.exr", "-o", ""],
            ["key", "\(dir)/plate.1001.exr", "-o", "\(dir)/k", "--fps", "nan"],
            ["convert", "\(dir)/plate.1001.exr", "\(dir)/o.jpg", "--depth", "16"],
            ["convert", "\(dir)/plate.1001.exr", "\(dir)/o.png", "--depth", "half"],
            ["key", "\(dir)/plate.1001.exr", "-o", "\(dir)/k", "--frames", "1001"],
        ]
        for args in cases {
            let r = try backlot(args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
            #expect(!r.err.contains("Fatal error") && r.err.split(separator: "\n").count <= 3, "\(args): \(r.err)")
        }
        #expect(!exists("\(dir)/k") && !exists("/rgba/plate.1001.exr"))
    }

    @Test func heldHintsAreNamedAndOutputsNeverOverwriteInputs() throws {
        let dir = temporaryFolder()
        let s = try backlot(["synth", "--shot", "3", "--size", "32x18", "--output", dir, "--quiet"])
        try #require(s.status == 0, "\(s.err)")
        try FileManager.default.removeItem(atPath: "\(dir)/hint.1003.png")
        let held = try backlot(["key", "\(dir)/plate.####.exr", "--hint", "\(dir)/hint.####.png", "--missing", "hold",
                                "-o", "\(dir)/out", "--passes", "matte"])
        #expect(held.status == 0 && held.err.contains("no hint for frame 1003: hint frame 1002 held in its place"), "\(held.err)")
        // The plate inside the output tree, and an output onto its own input, are refused before any work.
        let plate = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/matte/plate.1001.exr"))
        let onto = try backlot(["key", "\(dir)/out/matte/plate.1001.exr", "-o", "\(dir)/out", "--passes", "matte"])
        #expect(onto.status == 1 && onto.err.contains("would overwrite an input"), "\(onto.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/matte/plate.1001.exr")) == plate)
        let same = try backlot(["convert", "\(dir)/plate.1001.exr", "\(dir)/./plate.1001.exr"])
        #expect(same.status == 1 && same.err.contains("would overwrite an input"), "\(same.err)")
    }
}
