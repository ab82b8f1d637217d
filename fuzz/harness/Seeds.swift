import BacklotCore
import BacklotIO
import Foundation

/// The seed corpus, made by Backlot's own writers: small files of every layout each reader must handle.
enum Seeds {
    static func write(into folder: String) throws {
        func image(_ w: Int, _ h: Int, _ channels: [String]) -> Image {
            var image = Image(width: w, height: h, channels: channels)
            for c in 0..<channels.count {
                for i in 0..<image.planeSize { image.planes[c][i] = Float((i * 7 + c * 13) % 17) / 16 }
            }
            return image
        }
        for target in FuzzTarget.allCases {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(target.rawValue)", withIntermediateDirectories: true)
        }
        let rgba = image(9, 7, ["R", "G", "B", "A"]), rgb = image(8, 6, ["R", "G", "B"]), y = image(5, 4, ["Y"])
        for compression in [EXRCompression.none, .rle, .zips, .zip, .piz, .pxr24, .b44, .dwaa] {
            for depth in [SampleType.half, .float] {
                try ImageIO.write(rgba, to: "\(folder)/exr/rgba-\(compression.name)-\(depth.rawValue).exr",
                                  options: WriteOptions(sampleType: depth, compression: compression))
            }
        }
        try ImageIO.write(y, to: "\(folder)/exr/y.exr")
        try ImageIO.write(rgb, to: "\(folder)/png/rgb8.png", options: WriteOptions(sampleType: .uint8))
        try ImageIO.write(rgba, to: "\(folder)/png/rgba16.png", options: WriteOptions(sampleType: .uint16))
        try ImageIO.write(y, to: "\(folder)/png/y8.png", options: WriteOptions(sampleType: .uint8))
        for depth in [SampleType.uint8, .uint16, .float] {
            try ImageIO.write(rgba, to: "\(folder)/tiff/rgba-\(depth.rawValue).tif", options: WriteOptions(sampleType: depth))
        }
        try ImageIO.write(rgb, to: "\(folder)/jpeg/rgb.jpg")
        try ImageIO.write(y, to: "\(folder)/jpeg/y.jpg")
        try ImageIO.write(image(12, 8, ["Y"]), to: "\(folder)/hint/hint.png", options: WriteOptions(sampleType: .uint8))
        try ImageIO.write(image(30, 20, ["Y"]), to: "\(folder)/hint/hint-large.png", options: WriteOptions(sampleType: .uint16))
        try CubeFile.write(Lut3D(size: 3) { SIMD3($0.y, $0.z, $0.x) }, to: "\(folder)/cube/twist.cube", title: "seed", comments: ["a seed"])
        try Data("LUT_3D_SIZE 2\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n".utf8)
            .write(to: URL(fileURLWithPath: "\(folder)/cube/identity.cube"))
        for (name, big, depth) in [("rgb10-be", true, 10), ("rgb10-le", false, 10), ("rgb16-be", true, 16), ("rgb8-le", false, 8)] {
            try Data(dpx(width: 8, height: 4, bigEndian: big, bitDepth: depth)).write(to: URL(fileURLWithPath: "\(folder)/dpx/\(name).dpx"))
        }
    }

    /// A minimal DPX file: a 2048-byte header and an RGB element of zeros.
    static func dpx(width: Int, height: Int, bigEndian: Bool, bitDepth: Int) -> [UInt8] {
        let lineBytes = bitDepth == 10 ? (width * 3 + 2) / 3 * 4 : bitDepth == 16 ? width * 6 : (width * 3 + 3) / 4 * 4
        var bytes = [UInt8](repeating: 0, count: 2048 + lineBytes * height)
        func put32(_ v: Int, _ at: Int) {
            let b = [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)]
            for k in 0..<4 { bytes[at + k] = bigEndian ? b[k] : b[3 - k] }
        }
        func put16(_ v: Int, _ at: Int) {
            let b = [UInt8(v >> 8 & 255), UInt8(v & 255)]
            for k in 0..<2 { bytes[at + k] = bigEndian ? b[k] : b[1 - k] }
        }
        let magic: [UInt8] = Array((bigEndian ? "SDPX" : "XPDS").utf8)
        for k in 0..<4 { bytes[k] = magic[k] }
        put32(2048, 4)
        let version: [UInt8] = Array("V2.0".utf8)
        for k in 0..<4 { bytes[8 + k] = version[k] }
        put32(bytes.count, 16)
        put16(1, 770)
        put32(width, 772)
        put32(height, 776)
        bytes[800] = 50
        bytes[801] = 2
        bytes[802] = 2
        bytes[803] = UInt8(bitDepth)
        put16(bitDepth == 10 ? 1 : 0, 804)
        put32(2048, 808)
        return bytes
    }
}
