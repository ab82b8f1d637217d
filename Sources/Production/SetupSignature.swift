import BacklotCore
import BacklotIO
import Foundation

/// A daily's picture in brief: the mean colour of 32×18 cells of its first frame. Two dailies of one setup (the
/// same camera framing the same screen or set) have near signatures whatever the subject in front and the
/// exposure; two setups do not.
enum SetupSignature {
    static let columns = 32, rows = 18
    /// Signatures nearer than this are one setup.
    static let sameSetup: Float = 0.05

    /// The signature of the daily's first frame (for a video, its first picture).
    static func read(_ daily: ScannedDaily) throws(ProductionError) -> [Float]? {
        guard let first = daily.files.first?.path else { return nil }
        do {
            let image: Image
            if daily.kind == .video {
                let source = try FrameSource.video(first, firstFrame: 0)
                let reader = source.reader(for: [0])
                defer { reader.close() }
                image = try reader.read(0)
            } else {
                image = try ImageIO.read(first)
            }
            return make(image)
        } catch {
            throw ProductionError("\(error) (not a readable daily)")
        }
    }

    /// Mean linear R, G, B per cell, row by row; nil without R, G and B channels.
    static func make(_ image: Image) -> [Float]? {
        guard let r = image.channelIndex("R"), let g = image.channelIndex("G"), let b = image.channelIndex("B"),
              image.width > 0, image.height > 0 else { return nil }
        let (w, h) = (image.width, image.height)
        var out = [Float](repeating: 0, count: columns * rows * 3)
        for cy in 0..<rows {
            let y0 = cy * h / rows, y1 = Swift.max(y0 + 1, (cy + 1) * h / rows)
            for cx in 0..<columns {
                let x0 = cx * w / columns, x1 = Swift.max(x0 + 1, (cx + 1) * w / columns)
                for (k, c) in [r, g, b].enumerated() {
                    var sum: Double = 0, count = 0
                    for y in y0..<Swift.min(y1, h) {
                        for x in x0..<Swift.min(x1, w) {
                            let v = image.planes[c][y * w + x]
                            if v.isFinite { sum += Double(v); count += 1 }
                        }
                    }
                    out[(cy * columns + cx) * 3 + k] = count > 0 ? Float(sum / Double(count)) : 0
                }
            }
        }
        return out
    }

    /// How unlike two signatures are: per cell, the difference of chromaticity plus half the difference of log
    /// luminance (after the median exposure difference is taken out); the 30th percentile over cells, so a
    /// subject in front does not count (even one standing in different places in the two, covering a third of
    /// the frame in each).
    static func distance(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        let cells = a.count / 3
        func chroma(_ s: [Float], _ i: Int) -> (SIMD3<Float>, Float) {
            let c = SIMD3(Swift.max(s[3 * i], 0), Swift.max(s[3 * i + 1], 0), Swift.max(s[3 * i + 2], 0))
            let sum = c.x + c.y + c.z
            let luma = 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z
            return (sum > 1e-6 ? c / sum : SIMD3(repeating: 1.0 / 3), log(Swift.max(luma, 1e-5)))
        }
        var chromaDiff = [Float](repeating: 0, count: cells), lumaDiff = [Float](repeating: 0, count: cells)
        for i in 0..<cells {
            let (ca, la) = chroma(a, i), (cb, lb) = chroma(b, i)
            let d = ca - cb
            chromaDiff[i] = abs(d.x) + abs(d.y) + abs(d.z)
            lumaDiff[i] = la - lb
        }
        let exposure = lumaDiff.sorted()[cells / 2]
        let per = (0..<cells).map { chromaDiff[$0] + 0.5 * abs(lumaDiff[$0] - exposure) }
        return per.sorted()[cells * 3 / 10]
    }

    static func encode(_ signature: [Float]) -> Data { signature.withUnsafeBufferPointer { Data(buffer: $0) } }

    static func decode(_ data: Data?) -> [Float]? {
        guard let data, data.count == columns * rows * 3 * MemoryLayout<Float>.size else { return nil }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
