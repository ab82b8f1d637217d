import BacklotCore
import Foundation

/// Matting and compositing error measures against ground truth (Rhemann et al. 2009, and the usual extras).
///
/// All planes are row-major `width * height`; alpha within 0…1, colour straight and linear.
public struct MattingScore: Sendable, Codable, Equatable {
    /// Sum of absolute alpha differences, in thousands.
    public var sad: Double
    /// Mean squared alpha error over the uncertain band (around every non-binary or edge pixel of the truth).
    public var bandMSE: Double
    /// Gradient error (Gaussian derivatives, σ = 1.4), in thousands.
    public var gradient: Double
    /// Connectivity error, in thousands.
    public var connectivity: Double
    /// Mean squared straight-foreground error, weighted by the true alpha.
    public var foregroundMSE: Double
    /// PSNR (dB) of a re-composite over a new background, sRGB-encoded, against the true re-composite.
    public var recompositePSNR: Double
}

public enum Metrics {
    /// Scores `alpha`/`foreground` (3 planes) against the truth, re-compositing over `newBackground` (3 planes).
    public static func score(
        alpha: [Float], foreground: [[Float]], trueAlpha: [Float], trueForeground: [[Float]],
        newBackground: [[Float]], width: Int, height: Int
    ) -> MattingScore {
        let n = width * height
        precondition(alpha.count == n && trueAlpha.count == n)
        var sad = 0.0
        for i in 0..<n { sad += Double(abs(alpha[i] - trueAlpha[i])) }
        let band = uncertainBand(trueAlpha, width: width, height: height)
        var bandErr = 0.0, bandCount = 0
        for i in 0..<n where band[i] { bandErr += Double((alpha[i] - trueAlpha[i]) * (alpha[i] - trueAlpha[i])); bandCount += 1 }
        var fgErr = 0.0, fgWeight = 0.0
        for i in 0..<n where trueAlpha[i] > 0 {
            var e: Float = 0
            for c in 0..<3 { let d = foreground[c][i] - trueForeground[c][i]; e += d * d }
            fgErr += Double(trueAlpha[i] * e / 3)
            fgWeight += Double(trueAlpha[i])
        }
        var compErr = 0.0
        for c in 0..<3 {
            for i in 0..<n {
                let ours = alpha[i] * foreground[c][i] + (1 - alpha[i]) * newBackground[c][i]
                let truth = trueAlpha[i] * trueForeground[c][i] + (1 - trueAlpha[i]) * newBackground[c][i]
                let d = Double(SRGB.encode(min(max(ours, 0), 1)) - SRGB.encode(min(max(truth, 0), 1)))
                compErr += d * d
            }
        }
        let mse = compErr / Double(3 * n)
        return MattingScore(
            sad: sad / 1000,
            bandMSE: bandCount > 0 ? bandErr / Double(bandCount) : 0,
            gradient: gradientError(alpha, trueAlpha, width: width, height: height) / 1000,
            connectivity: connectivityError(alpha, trueAlpha, width: width, height: height) / 1000,
            foregroundMSE: fgWeight > 0 ? fgErr / fgWeight : 0,
            recompositePSNR: mse > 0 ? 10 * log10(1 / mse) : 99)
    }

    /// Pixels within a few pixels (3 at 1080p) of any truly fractional alpha or of an edge of the truth.
    public static func uncertainBand(_ alpha: [Float], width: Int, height: Int) -> [Bool] {
        let fractional = alpha.map { $0 > 0.01 && $0 < 0.99 ? Float(1) : 0 }
        let radius = max(1, Int((3 * Float(height) / 1080).rounded()))
        let spread = Blur.box(fractional, width: width, height: height, radius: radius)
        let binary = alpha.map { $0 >= 0.5 ? Float(1) : 0 }
        let edges = Blur.box(binary, width: width, height: height, radius: radius)
        return (0..<alpha.count).map { spread[$0] > 0 || (edges[$0] > 0 && edges[$0] < 1) }
    }

    /// Σ (|∇α| − |∇α*|)² with first derivatives of a Gaussian, σ = 1.4 (Rhemann et al.).
    public static func gradientError(_ a: [Float], _ b: [Float], width: Int, height: Int) -> Double {
        let ga = gradientMagnitude(a, width: width, height: height)
        let gb = gradientMagnitude(b, width: width, height: height)
        var sum = 0.0
        for i in ga.indices { let d = Double(ga[i] - gb[i]); sum += d * d }
        return sum
    }

    static func gradientMagnitude(_ p: [Float], width: Int, height: Int) -> [Float] {
        let sigma: Float = 1.4
        let r = Int((3 * sigma).rounded(.up))
        let g = (-r...r).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let norm = g.reduce(0, +)
        let gauss = g.map { $0 / norm }
        let dgauss = (-r...r).map { k -> Float in -Float(k) / (sigma * sigma) * g[k + r] / norm }
        func convolve(_ src: [Float], _ kx: [Float], _ ky: [Float]) -> [Float] {
            var tmp = [Float](repeating: 0, count: src.count), out = tmp
            for y in 0..<height { for x in 0..<width {
                var s: Float = 0
                for k in -r...r { s += src[y * width + min(max(x + k, 0), width - 1)] * kx[k + r] }
                tmp[y * width + x] = s
            } }
            for y in 0..<height { for x in 0..<width {
                var s: Float = 0
                for k in -r...r { s += tmp[min(max(y + k, 0), height - 1) * width + x] * ky[k + r] }
                out[y * width + x] = s
            } }
            return out
        }
        let gx = convolve(p, dgauss, gauss), gy = convolve(p, gauss, dgauss)
        return (0..<p.count).map { (gx[$0] * gx[$0] + gy[$0] * gy[$0]).squareRoot() }
    }

    /// Rhemann et al.'s connectivity error with threshold step 0.1 and θ = 0.15.
    public static func connectivityError(_ a: [Float], _ b: [Float], width: Int, height: Int) -> Double {
        let n = a.count
        var level = [Float](repeating: -1, count: n)
        let steps = (0...10).map { Float($0) / 10 }
        for k in 1..<steps.count {
            let t = steps[k]
            let mask = (0..<n).map { a[$0] >= t && b[$0] >= t }
            let omega = largestComponent(mask, width: width, height: height)
            for i in 0..<n where level[i] == -1 && !omega[i] { level[i] = steps[k - 1] }
        }
        var sum = 0.0
        for i in 0..<n {
            let l = level[i] == -1 ? 1 : level[i]
            let da = a[i] - l, db = b[i] - l
            let pa = 1 - da * (da >= 0.15 ? 1 : 0), pb = 1 - db * (db >= 0.15 ? 1 : 0)
            sum += Double(abs(pa - pb))
        }
        return sum
    }

    /// The largest 4-connected component of `mask`.
    static func largestComponent(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
        var label = [Int32](repeating: -1, count: mask.count)
        var best: Int32 = -1, bestSize = 0, next: Int32 = 0
        var stack: [Int] = []
        for start in 0..<mask.count where mask[start] && label[start] < 0 {
            var size = 0
            stack.append(start)
            label[start] = next
            while let i = stack.popLast() {
                size += 1
                let x = i % width, y = i / width
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && nx < width && ny >= 0 && ny < height {
                    let j = ny * width + nx
                    if mask[j] && label[j] < 0 { label[j] = next; stack.append(j) }
                }
            }
            if size > bestSize { bestSize = size; best = next }
            next += 1
        }
        return label.map { $0 == best && best >= 0 }
    }
}
