import BacklotCore
import Foundation

/// Makes grain that matches a `GrainModel` and adds it to a clean picture (a CG element, a painted fill).
///
/// Independent Gaussian noise fields are mixed so that the channels correlate as the model says, each is
/// filtered by the kernel whose power spectrum is the model's (the inverse transform of the spectrum's square
/// root, cut where it holds 99.5% of its energy), and each pixel's noise is scaled by the model's standard
/// deviation at the clean pixel's brightness. The same seed gives the same grain; give each frame its own.
public struct GrainSynthesis: Sendable {
    public let model: GrainModel
    /// Each channel's filter kernel, `(2 radius + 1)²` values row by row, with unit energy.
    public let kernels: [[Float]]
    public let radius: Int
    /// How the filtered fields are mixed: the lower-triangular factor of the channels' correlation.
    let mixing: [[Float]]

    public init(_ model: GrainModel) {
        self.model = model
        let n = model.blockSize
        let fft = FFT(size: n)
        // Each channel's zero-phase kernel, centred: the inverse transform of the spectrum's square root.
        let full = model.spectrum.map { shape -> [Float] in
            var re = shape.map { max($0, 0).squareRoot() }, im = [Float](repeating: 0, count: n * n)
            fft.transform2D(&re, &im, inverse: true)
            var centred = [Float](repeating: 0, count: n * n)
            for y in 0..<n { for x in 0..<n { centred[((y + n / 2) % n) * n + (x + n / 2) % n] = re[y * n + x] } }
            return centred
        }
        var r = 1
        while r < n / 2 - 1, full.contains(where: { Self.energy($0, n: n, radius: r) < 0.995 }) { r += 1 }
        radius = r
        let side = 2 * r + 1
        kernels = full.map { k in
            var cut = [Float](repeating: 0, count: side * side)
            for y in 0..<side { for x in 0..<side { cut[y * side + x] = k[(n / 2 - r + y) * n + n / 2 - r + x] } }
            let norm = cut.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return cut.map { $0 / max(norm, 1e-12) }
        }
        // Filtering by different kernels weakens the correlation by their overlap: ask for that much more.
        let c = model.channels.count
        var target = model.correlation
        for i in 0..<c {
            for j in 0..<c where i != j {
                let overlap = zip(kernels[i], kernels[j]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                target[i][j] = max(-0.99, min(0.99, model.correlation[i][j] / max(overlap, 0.05)))
            }
        }
        mixing = Self.cholesky(target)
    }

    /// `image` with grain added to the model's channels (others pass through); alpha-premultiplied colour gets
    /// grain scaled by alpha, so that a transparent pixel stays transparent.
    public func apply(_ image: Image, seed: UInt64, schedule: Schedule = .automatic) throws(GrainError) -> Image {
        let indices = try Self.indices(of: model, in: image)
        let noise = field(width: image.width, height: image.height, seed: seed, schedule: schedule)
        var out = image
        let alpha = image.alpha == .premultiplied ? image.alphaIndex.map { image.planes[$0] } : nil
        for (c, index) in indices.enumerated() {
            var plane = out.planes[index]
            let a = alpha
            let m = model
            plane.withUnsafeMutableBufferPointer { p in
                let p = p
                noise[c].withUnsafeBufferPointer { z in
                    schedule.forChunks(p.count) { range in
                        for i in range {
                            let opacity = a?[i] ?? 1
                            let straight = opacity > 1e-6 ? p[i] / opacity : 0
                            p[i] += opacity * m.sigma(channel: c, at: straight) * z[i]
                        }
                    }
                }
            }
            out.planes[index] = plane
        }
        return out
    }

    /// Unit-variance grain of each channel (the model's spectrum shape and channel correlation), `width`×`height`.
    public func field(width: Int, height: Int, seed: UInt64, schedule: Schedule = .automatic) -> [[Float]] {
        let c = model.channels.count, r = radius, side = 2 * r + 1
        let (pw, ph) = (width + 2 * r, height + 2 * r)
        // Independent white fields, mixed to correlate.
        var white = (0..<c).map { _ in [Float](repeating: 0, count: pw * ph) }
        for j in 0..<c {
            let s = SeededRandom.mix(SeededRandom.mix(seed) &+ UInt64(j + 1))
            white[j].withUnsafeMutableBufferPointer { p in
                let p = p
                schedule.forChunks(pw * ph) { range in for i in range { p[i] = SeededRandom.gaussian(seed: s, index: UInt64(i)) } }
            }
        }
        let mixed = (0..<c).map { i in
            (0..<(pw * ph)).map { k in (0...i).reduce(Float(0)) { $0 + mixing[i][$1] * white[$1][k] } }
        }
        return (0..<c).map { i in
            var out = [Float](repeating: 0, count: width * height)
            let kernel = kernels[i], source = mixed[i]
            out.withUnsafeMutableBufferPointer { o in
                let o = o
                source.withUnsafeBufferPointer { s in
                    schedule.forRows(height, width: width) { rows in
                        for y in rows {
                            let row = o.baseAddress! + y * width
                            for ky in 0..<side {
                                for kx in 0..<side {
                                    let wgt = kernel[ky * side + kx]
                                    let from = s.baseAddress! + (y + ky) * pw + kx
                                    for x in 0..<width { row[x] += wgt * from[x] }
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
    }

    /// Where each of the model's channels is in `image`; an error names those it lacks.
    static func indices(of model: GrainModel, in image: Image) throws(GrainError) -> [Int] {
        let found = model.channels.map { image.channelIndex($0) }
        let missing = zip(model.channels, found).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw GrainError("the picture has no \(missing.joined(separator: ", ")) channel\(missing.count == 1 ? "" : "s") (the grain of \(model.camera) is of \(model.channels.joined(separator: ", ")); it has \(image.channelNames.joined(separator: ", ")))")
        }
        return found.map { $0! }
    }

    static func energy(_ k: [Float], n: Int, radius r: Int) -> Float {
        let total = k.reduce(0) { $0 + $1 * $1 }
        var inside: Float = 0
        for y in (n / 2 - r)...(n / 2 + r) { for x in (n / 2 - r)...(n / 2 + r) { inside += k[y * n + x] * k[y * n + x] } }
        return inside / max(total, 1e-30)
    }

    /// The lower-triangular L with L·Lᵀ = `m`, after pulling `m` towards the identity until it is positive definite.
    static func cholesky(_ m: [[Float]]) -> [[Float]] {
        let n = m.count
        var shrink: Float = 1
        while true {
            var l = [[Float]](repeating: [Float](repeating: 0, count: n), count: n), ok = true
            for i in 0..<n {
                for j in 0...i {
                    let mij = i == j ? 1 : m[i][j] * shrink
                    var s = mij
                    for k in 0..<j { s -= l[i][k] * l[j][k] }
                    if i == j {
                        if s <= 1e-6 { ok = false; break }
                        l[i][i] = s.squareRoot()
                    } else {
                        l[i][j] = s / l[j][j]
                    }
                }
                if !ok { break }
            }
            if ok || shrink <= 0 { return l }
            shrink = max(0, shrink - 0.05)
        }
    }
}
