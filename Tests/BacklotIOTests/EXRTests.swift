import BacklotCore
import BacklotIO
import Foundation
import Testing

@Suite struct EXRTests {
    @Test(arguments: EXRCompression.allCases)
    func halfAndFloatRoundTripWithEveryCompression(_ compression: EXRCompression) throws {
        let dir = temporaryFolder()
        // Lossy codecs get a smooth plate (what they are made for); lossless ones a hostile pattern.
        var image = testImage(width: 37, height: 19, channels: ["R", "G", "B", "A"])
        if compression.isLossy {
            for c in 0..<4 { for i in 0..<image.planeSize { image.planes[c][i] = Float(i % 37) / 37 + Float(c) * 0.25 } }
        }
        for type in [SampleType.half, .float] {
            let path = "\(dir)/rt-\(type).exr"
            try EXR.write(image, to: path, sampleType: type, compression: compression)
            let back = try EXR.read(path)
            #expect(back.channelNames == ["R", "G", "B", "A"])
            #expect(back.width == 37 && back.height == 19)
            let header = try EXR.header(path)
            #expect(header.compression == compression)
            #expect(header.channels.allSatisfy { $0.sampleType == type })
            // Lossy codecs (b44, dwa, pxr24 on float) may change values a little.
            let tolerance: Float = compression.isLossy ? 0.02 : 0
            let worst = zip(back.planes.joined(), image.planes.joined()).map { abs($0 - $1) }.max()!
            #expect(worst <= tolerance, "\(compression) \(type): max error \(worst)")
        }
    }

    @Test(arguments: [(1, 1), (4097, 3), (3, 4097), (2, 1)])
    func oddSizesRoundTrip(_ size: (Int, Int)) throws {
        let dir = temporaryFolder()
        let image = testImage(width: size.0, height: size.1, channels: ["R", "G", "B"])
        for compression in [EXRCompression.zip, .piz, .none] {
            try EXR.write(image, to: "\(dir)/odd.exr", sampleType: .float, compression: compression)
            #expect(try EXR.read("\(dir)/odd.exr").planes == image.planes)
        }
    }

    /// Taller than one conversion band (256 rows), offset, an odd width (so F16C's eight-wide steps leave a
    /// tail) and values that are not exact in half: every sample must be what rounding to half gives.
    @Test(arguments: [false, true])
    func halfPassesAreRoundedExactlyAcrossBands(_ premultiply: Bool) throws {
        let dir = temporaryFolder()
        let window = PixelWindow(minX: 5, minY: -7, maxX: 41, maxY: 592)
        let n = window.width * window.height
        func sample(_ i: Int, _ c: Int) -> Float {
            let phase = Double(i * (c + 3)) * 0.37
            return Float(sin(phase)) * 4 + Float(c) * 0.001
        }
        let colour: [[Float]] = (0..<3).map { c in (0..<n).map { sample($0, c) } }
        let alpha = (0..<n).map { Float($0 % 101) / 100 }
        let fg = Image(planes: colour, channels: ["R", "G", "B"], dataWindow: window, displayWindow: window)
        let a = Image(planes: [alpha], channels: ["A"], dataWindow: window, displayWindow: window)
        try EXR.write(layers: [fg, a], to: "\(dir)/bands.exr", sampleType: .half, compression: .piz,
                      premultiplyingBy: premultiply ? "A" : nil)
        let back = try EXR.read("\(dir)/bands.exr")
        #expect(back.dataWindow == window && back.channelNames == ["R", "G", "B", "A"])
        for c in 0..<3 {
            let expected = colour[c].indices.map { Float(Float16(premultiply ? colour[c][$0] * alpha[$0] : colour[c][$0])) }
            #expect(back.planes[c] == expected, "channel \(c)")
        }
        #expect(back.planes[3] == alpha.map { Float(Float16($0)) })
    }

    @Test func windowsLayersAndAttributesSurvive() throws {
        let dir = temporaryFolder()
        // An overscan plate: data window larger than the frame, starting at negative coordinates.
        var image = Image(
            planes: testImage(width: 80, height: 44, channels: ["a", "b", "c", "d"]).planes, channels: ["R", "G", "B", "matte.A"],
            dataWindow: PixelWindow(minX: -8, minY: -4, maxX: 71, maxY: 39), displayWindow: PixelWindow(width: 64, height: 36),
            colorSpace: .acesCG)
        image.alpha = .none
        try EXR.write(image, to: "\(dir)/layers.exr", sampleType: .half, compression: .zips)
        let back = try EXR.read("\(dir)/layers.exr")
        #expect(back.dataWindow == image.dataWindow)
        #expect(back.displayWindow == image.displayWindow)
        #expect(back.channelNames == ["R", "G", "B", "matte.A"])
        #expect(back.colorSpace == .acesCG)
        #expect(back.planes == image.planes)
        let header = try EXR.header("\(dir)/layers.exr")
        #expect(header.attributes.contains { $0.name == "software" && $0.value.contains("Backlot") })
        #expect(header.attributes.contains { $0.name == "colorSpace" && $0.value == "\"ACEScg\"" })
        #expect(header.chromaticities != nil)
    }

    @Test func standardNumericAttributesAreWrittenAsFloats() throws {
        let dir = temporaryFolder()
        let image = testImage(width: 8, height: 4, channels: ["R", "G", "B"])
        try EXR.write(image, to: "\(dir)/iso.exr", sampleType: .half, compression: .zip,
                      attributes: ["isoSpeed": "800", "expTime": "0.02", "aperture": "wide open", "cameraModel": "ALEXA 35"])
        let header = try EXR.header("\(dir)/iso.exr")
        func attribute(_ name: String) -> (type: String, value: String)? {
            header.attributes.first { $0.name == name }.map { ($0.type, $0.value) }
        }
        #expect(attribute("isoSpeed")?.type == "float" && attribute("isoSpeed")?.value == "800")
        #expect(attribute("expTime")?.type == "float")
        // Text that is not a number stays text; other attributes are strings.
        #expect(attribute("aperture")?.type == "string" && attribute("cameraModel")?.value == "\"ALEXA 35\"")
        // OpenEXR's own tool reads the standard attribute as its standard type.
        let dump = try shell(["exrheader", "\(dir)/iso.exr"]).out
        #expect(dump.contains("isoSpeed (type float): 800"), "\(dump)")
    }

    @Test func readsTiledUIntAndCroppedFilesWrittenByOIIO() throws {
        let dir = temporaryFolder()
        // Tiled, float, with a data window smaller than the display window (a crop).
        try shell(["oiiotool", "--pattern", "fill:topleft=0,0.5,1:topright=1,0.5,0:bottomleft=0,0,0:bottomright=1,1,1",
                   "40x30", "3", "--tile", "16", "16", "-d", "float", "--fullsize", "64x48+0+0", "--origin", "+5+7",
                   "-o", "\(dir)/tiled.exr"])
        let tiled = try EXR.read("\(dir)/tiled.exr")
        #expect(tiled.dataWindow == PixelWindow(minX: 5, minY: 7, maxX: 44, maxY: 36))
        #expect(tiled.displayWindow == PixelWindow(width: 64, height: 48))
        #expect(try EXR.header("\(dir)/tiled.exr").tileSize?.width == 16)
        // Top-left corner is (0, 0.5, 1) in the pattern.
        #expect(abs(tiled[0, 0, 0] - 0) < 0.02 && abs(tiled[0, 0, 1] - 0.5) < 0.02 && abs(tiled[0, 0, 2] - 1) < 0.02)
        // A uint channel with an odd name (oiiotool scales 1.0 to the largest uint).
        try shell(["oiiotool", "--pattern", "constant:color=1", "8x8", "1", "--chnames", "id", "-d", "uint32", "-o", "\(dir)/id.exr"])
        let id = try EXR.read("\(dir)/id.exr")
        #expect(id.channelNames == ["id"])
        #expect(try EXR.header("\(dir)/id.exr").channels.first?.sampleType == .uint32)
        #expect(id.planes.joined().allSatisfy { $0 == Float(UInt32.max) })
    }

    static let hasPythonOpenEXR = (try? shell(["python3", "-c", "import OpenEXR"]).status) == 0

    @Test(.enabled(if: hasPythonOpenEXR, "Python OpenEXR is installed by .ci/run and scripts/install-deps.sh"))
    func pythonOpenEXRFilesRead() throws {
        let dir = temporaryFolder()
        let script = """
            import OpenEXR, Imath, array, sys
            h = OpenEXR.Header(5, 3)
            h['channels'] = {'Y': Imath.Channel(Imath.PixelType(Imath.PixelType.FLOAT)),
                             'objectId': Imath.Channel(Imath.PixelType(Imath.PixelType.UINT))}
            f = OpenEXR.OutputFile(sys.argv[1], h)
            f.writePixels({'Y': array.array('f', [i * 0.5 for i in range(15)]).tobytes(),
                           'objectId': array.array('I', [i * 1000 for i in range(15)]).tobytes()})
            f.close()
            """
        let result = try shell(["python3", "-c", script, "\(dir)/py.exr"])
        try #require(result.status == 0, "python3 failed: \(result.err)")
        let image = try EXR.read("\(dir)/py.exr")
        #expect(image.channelNames == ["Y", "objectId"])
        #expect(image.planes[0] == (0..<15).map { Float($0) * 0.5 })
        #expect(image.planes[1] == (0..<15).map { Float($0 * 1000) })
    }
}
