import BacklotCore
import BacklotIO
import Foundation
import Keying

/// Where and how the passes of a key are written.
struct KeyJob {
    let output: String
    let passes: Set<String>
    let sampleType: SampleType
    let compression: EXRCompression
    let compBackground: SIMD3<Float>?
    /// The folder of each pass under `output` (CorridorKey's layout renames them).
    var folders: [String: String] = ["rgba": "rgba", "fg": "fg", "matte": "matte", "comp": "comp"]

    /// The path of `pass` for `stem`.
    func path(_ pass: String, stem: String) -> String {
        "\(output)/\(folders[pass] ?? pass)/\(stem).\(pass == "comp" ? "png" : "exr")"
    }

    /// The file name without folder and extension: `shot/plate.1001.exr` → `plate.1001`.
    static func stem(of path: String) -> String {
        (URL(fileURLWithPath: path).lastPathComponent as NSString).deletingPathExtension
    }

    /// The final paths of the passes written for `stem`.
    func outputs(stem: String) -> [String] {
        ["rgba", "fg", "matte", "comp"].filter(passes.contains).map { path($0, stem: stem) }
    }

    /// Writes the chosen passes of `result`; the passes are written concurrently.
    ///
    /// - Parameter composite: The comp preview, when the caller has made it already (for a review video).
    func write(_ result: KeyResult, stem: String, composite: Image? = nil) throws {
        var jobs: [() throws -> Void] = []
        let attributes = ["backlot:keyer": "Backlot \(BacklotVersion.string)"]
        func exr(_ image: Image, _ pass: String, compression: EXRCompression) throws {
            try EXR.write(image, to: path(pass, stem: stem), sampleType: sampleType, compression: compression,
                          attributes: attributes.merging(["backlot:pass": pass]) { $1 })
        }
        if passes.contains("comp") {
            jobs.append {
                // A preview: fastest zlib level (it is looked at, not archived). Queued first: its PNG
                // encoding is serial and the longest job, so it runs while OpenEXR's threads write the rest.
                try ImageIO.write(composite ?? result.composite(over: compBackground), to: path("comp", stem: stem),
                                  options: WriteOptions(pngLevel: 1))
            }
        }
        // Both colour passes are written straight from the foreground and alpha planes: the rgba pass is
        // premultiplied as it is stored, so no RGBA copy is ever assembled.
        let layers = [result.foreground, result.alpha]
        if passes.contains("rgba") {
            jobs.append {
                try EXR.write(layers: layers, to: path("rgba", stem: stem), sampleType: sampleType, compression: compression,
                              attributes: attributes.merging(["backlot:pass": "rgba"]) { $1 }, premultiplyingBy: "A")
            }
        }
        if passes.contains("fg") {
            jobs.append {
                try EXR.write(layers: layers, to: path("fg", stem: stem), sampleType: sampleType, compression: compression,
                              attributes: attributes.merging(["backlot:pass": "fg"]) { $1 })
            }
        }
        if passes.contains("matte") {
            // Mattes stay lossless whatever the colour passes use.
            jobs.append { try exr(result.alpha, "matte", compression: compression.isLossy ? .piz : compression) }
        }
        let errors = ErrorBox()
        Schedule.automatic.forEach(jobs.count) { i in
            do { try jobs[i]() } catch { errors.record(error) }
        }
        if let first = errors.first { throw first }
    }
}

/// Collects the first error thrown by concurrent work.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func record(_ error: Error) { lock.withLock { errors.append(error) } }
    var first: Error? { lock.withLock { errors.first } }
}

/// A count shared by concurrent work.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    /// Adds one and returns the new count.
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
