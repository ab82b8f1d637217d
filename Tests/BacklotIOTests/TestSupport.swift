import BacklotCore
import Foundation

/// A fresh temporary folder for one test.
func temporaryFolder(_ name: String = #function) -> String {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "backlot-io-\(clean)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// An image with varied, half-representable values (including HDR and negatives).
func testImage(width: Int, height: Int, channels: [String]) -> Image {
    var image = Image(width: width, height: height, channels: channels)
    let n = image.planeSize
    for c in image.planes.indices {
        for i in 0..<n {
            // Multiples of 1/64 up to 8 are exact in half.
            image.planes[c][i] = Float(((c * n + i) * 37 + 11) % 512) / 64 - 0.5
        }
    }
    return image
}

/// Runs a program (with `input` on its standard input, when given) and returns its exit status and output.
@discardableResult
func shell(_ args: [String], input: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    p.standardOutput = out
    p.standardError = err
    if input != nil { p.standardInput = stdin }
    try p.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// Files in a folder, including hidden ones (temporaries start with a dot).
func listing(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
}
