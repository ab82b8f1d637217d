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

    /// The file name without folder and extension: `shot/plate.1001.exr` → `plate.1001`.
    static func stem(of path: String) -> String {
        (URL(fileURLWithPath: path).lastPathComponent as NSString).deletingPathExtension
    }

    /// Writes the chosen passes of `result`; the three EXR passes are written concurrently.
    func write(_ result: KeyResult, stem: String) throws {
        var jobs: [() throws -> Void] = []
        let attributes = ["backlot:keyer": "Backlot \(BacklotVersion.string)"]
        if passes.contains("rgba") {
            jobs.append {
                try EXR.write(result.premultiplied, to: "\(output)/rgba/\(stem).exr", sampleType: sampleType,
                              compression: compression, attributes: attributes.merging(["backlot:pass": "rgba"]) { $1 })
            }
        }
        if passes.contains("fg") {
            jobs.append {
                try EXR.write(result.straightRGBA, to: "\(output)/fg/\(stem).exr", sampleType: sampleType,
                              compression: compression, attributes: attributes.merging(["backlot:pass": "fg"]) { $1 })
            }
        }
        if passes.contains("matte") {
            jobs.append {
                try EXR.write(result.alpha, to: "\(output)/matte/\(stem).exr", sampleType: sampleType,
                              compression: compression.isLossy ? .piz : compression,
                              attributes: attributes.merging(["backlot:pass": "matte"]) { $1 })
            }
        }
        if passes.contains("comp") {
            jobs.append {
                // A preview: fastest zlib level (it is looked at, not archived).
                try ImageIO.write(result.composite(over: compBackground), to: "\(output)/comp/\(stem).png",
                                  options: WriteOptions(pngLevel: 1))
            }
        }
        let errors = ErrorBox()
        Parallel.forEach(jobs.count) { i in
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
