import Foundation
import Testing

@Suite struct InfoCommandTests {
    @Test func reportsExactlyWhatExrheaderReports() throws {
        let dir = temporaryFolder()
        // Written by another tool: layered channels, mixed types, a crop, tiles, extra attributes.
        try run(["oiiotool", "--pattern", "checker", "50x30", "4", "--chnames", "R,G,B,matte.A", "-d", "half",
                 "--fullsize", "64x48+0+0", "--origin", "+3+5", "--attrib", "owner", "Backlot tests",
                 "--compression", "piz", "-o", "\(dir)/other.exr"])
        try run(["oiiotool", "--pattern", "constant:color=0.2,0.4", "33x17", "2", "--chnames", "Y,A", "-d", "float",
                 "--tile", "16", "16", "--compression", "zips", "-o", "\(dir)/tiled.exr"])
        for file in ["other.exr", "tiled.exr"] {
            let reference = try run(["exrheader", "\(dir)/\(file)"])
            try #require(reference.status == 0)
            let ours = try backlot(["info", "\(dir)/\(file)"])
            #expect(ours.status == 0)
            // Every attribute line exrheader prints appears in our attribute listing, verbatim.
            let listed = Set(ours.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            let lines = reference.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("file ") }
            for line in lines { #expect(listed.contains(line), "missing: \(line)") }
        }
        let info = try backlot(["info", "\(dir)/other.exr"]).out
        #expect(info.contains("size         50x30"))
        #expect(info.contains("data window  (3 5) - (52 34)"))
        #expect(info.contains("display      (0 0) - (63 47)"))
        #expect(info.contains("R (half), G (half), B (half), matte.A (half)"))
        #expect(info.contains("compression  piz"))
    }

    @Test func reportsSequenceRangesAndGaps() throws {
        let dir = temporaryFolder()
        for f in [1001, 1002, 1004] {
            try run(["oiiotool", "--pattern", "constant:color=0.5", "8x8", "3", "-o", "\(dir)/plate.\(f).png"])
        }
        let r = try backlot(["info", "\(dir)/plate.####.png"])
        #expect(r.status == 0)
        #expect(r.out.contains("frames       1001-1002,1004 (3 frames)"))
        #expect(r.out.contains("missing      1003 (1 frame)"))
        #expect(r.out.contains("format       PNG"))
        #expect(r.out.contains("R (uint8), G (uint8), B (uint8)"))
    }
}
