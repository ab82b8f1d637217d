import BacklotCore
import BacklotIO
import Foundation
import Testing

@Suite struct RasterTests {
    /// An image whose values are exact decodes of 8-bit sRGB codes, so 8-bit round trips are exact.
    func codedImage(_ channels: [String], width: Int = 19, height: Int = 7, maxCode: Int = 255) -> Image {
        let table = SRGB.decodeTable(maxCode: maxCode)
        var image = Image(width: width, height: height, channels: channels, alpha: channels.count == 2 || channels.count == 4 ? .straight : nil)
        let n = image.planeSize
        for c in 0..<channels.count {
            for i in 0..<n {
                let code = (i * 53 + c * 17 + 3) % (maxCode + 1)
                image.planes[c][i] = Image.isAlphaName(channels[c]) ? Float(code) / Float(maxCode) : table[code]
            }
        }
        return image
    }

    @Test(arguments: [["Y"], ["Y", "A"], ["R", "G", "B"], ["R", "G", "B", "A"]])
    func png8And16RoundTripExactly(_ channels: [String]) throws {
        let dir = temporaryFolder()
        for (depth, maxCode) in [(SampleType.uint8, 255), (.uint16, 65535)] {
            let image = codedImage(channels, maxCode: maxCode)
            try ImageIO.write(image, to: "\(dir)/t.png", options: WriteOptions(sampleType: depth))
            let back = try ImageIO.read("\(dir)/t.png")
            #expect(back.channelNames == channels)
            for (a, b) in zip(back.planes.joined(), image.planes.joined()) { #expect(abs(a - b) < 1e-6) }
        }
    }

    @Test func pngIsDecodedFromSRGB() throws {
        let dir = temporaryFolder()
        // A mid-grey written by another tool: code 128 decodes to about 0.2158.
        try shell(["oiiotool", "--pattern", "constant:color=0.50196", "4x4", "3", "-d", "uint8", "-o", "\(dir)/grey.png"])
        let grey = try ImageIO.read("\(dir)/grey.png")
        #expect(abs(grey[0, 0, 0] - SRGB.decode(Float(128) / 255)) < 1e-6)
        let info = try ImageFileInfo.inspect("\(dir)/grey.png")
        #expect(info.srgbEncoded && info.channels[0].type == .uint8)
    }

    @Test(arguments: [SampleType.uint8, .uint16, .float])
    func tiffRoundTrips(_ depth: SampleType) throws {
        let dir = temporaryFolder()
        let image = depth == .float ? testImage(width: 13, height: 9, channels: ["R", "G", "B", "A"])
            : codedImage(["R", "G", "B", "A"], maxCode: depth == .uint8 ? 255 : 65535)
        var straight = image
        straight.alpha = .straight
        try ImageIO.write(straight, to: "\(dir)/t.tif", options: WriteOptions(sampleType: depth))
        let back = try ImageIO.read("\(dir)/t.tif")
        #expect(back.channelNames == ["R", "G", "B", "A"])
        #expect(try ImageFileInfo.inspect("\(dir)/t.tif").channels[0].type == depth)
        for (a, b) in zip(back.planes.joined(), straight.planes.joined()) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func jpegReadsAsLinear() throws {
        let dir = temporaryFolder()
        try shell(["oiiotool", "--pattern", "constant:color=0.50196,0.2,0.9", "16x16", "3", "-d", "uint8", "-o", "\(dir)/c.jpg"])
        let image = try ImageIO.read("\(dir)/c.jpg")
        #expect(image.channelNames == ["R", "G", "B"])
        #expect(abs(image[3, 3, 0] - SRGB.decode(Float(128) / 255)) < 0.01)
    }

    @Test func premultipliedEXRBecomesStraightPNG() throws {
        let dir = temporaryFolder()
        var rgba = Image(width: 1, height: 1, channels: ["R", "G", "B", "A"])
        rgba.planes = [[0.25], [0.1], [0.05], [0.5]]   // premultiplied
        try ImageIO.write(rgba, to: "\(dir)/p.png", options: WriteOptions(sampleType: .uint16))
        let back = try ImageIO.read("\(dir)/p.png")
        #expect(back.alpha == .straight)
        #expect(abs(back[0, 0, 0] - 0.5) < 1e-4 && abs(back[0, 0, 3] - 0.5) < 1e-4)
        // And back to EXR: premultiplied again.
        try ImageIO.write(back, to: "\(dir)/p.exr", options: WriteOptions(sampleType: .float))
        let exr = try EXR.read("\(dir)/p.exr")
        #expect(abs(exr[0, 0, 0] - 0.25) < 1e-4)
    }
}
