import BacklotCore
import BacklotIO
import Foundation
import Testing

/// OpenColorIO (Python `opencolorio`, installed by .ci/run) reads our `.cube` files and applies them as we do.
@Suite struct CubeFileOCIOTests {
    static let hasOCIO = (try? shell(["python3", "-c", "import PyOpenColorIO"]).status) == 0

    @Test(.enabled(if: hasOCIO, "Python opencolorio is installed by .ci/run and scripts/install-deps.sh"))
    func openColorIOAppliesOurCubeLikeLut3D() throws {
        let dir = temporaryFolder()
        // A table with a cross-channel twist, so that a wrong axis order shows.
        let lut = Lut3D(size: 17) { p in SIMD3(0.7 * p.x + 0.3 * p.y * p.z, p.y * p.y, 0.2 + 0.5 * p.z - 0.1 * p.x) }
        try CubeFile.write(lut, to: "\(dir)/look.cube", title: "ocio check", comments: ["backlot:box test"])
        let points: [SIMD3<Float>] = (0..<40).map { k in
            let t = Float(k) / 39
            return SIMD3(t, (t * 7.3).truncatingRemainder(dividingBy: 1), (t * 3.1 + 0.2).truncatingRemainder(dividingBy: 1))
        }
        let script = """
            import PyOpenColorIO as ocio, sys
            t = ocio.FileTransform(src=sys.argv[1], interpolation=ocio.INTERP_LINEAR)
            cpu = ocio.GetCurrentConfig().getProcessor(t).getDefaultCPUProcessor()
            for line in sys.stdin:
                print(*cpu.applyRGB([float(v) for v in line.split()]))
            """
        let input = points.map { "\($0.x) \($0.y) \($0.z)" }.joined(separator: "\n") + "\n"
        let result = try shell(["python3", "-c", script, "\(dir)/look.cube"], input: input)
        try #require(result.status == 0, "python3 failed: \(result.err)")
        let rows = result.out.split(separator: "\n").map { $0.split(separator: " ").compactMap { Float(String($0)) } }
        try #require(rows.count == points.count)
        for (p, row) in zip(points, rows) {
            let ours = lut.apply(p)
            for c in 0..<3 { #expect(abs(row[c] - ours[c]) < 1e-5, "at \(p): OpenColorIO \(row), ours \(ours)") }
        }
    }
}
