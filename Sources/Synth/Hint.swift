import BacklotCore
import Foundation

/// Coarse hint masks made from the true alpha, the way users and segmenters make them.
public enum HintStyle: String, Sendable, CaseIterable {
    /// A quick roto: a smooth blob too large in some places and too small in others.
    case roto
    /// A low-resolution segmentation: the rough blob, blocky from upscaling.
    case segmentation
    /// The rough blob, softened with a wide blur.
    case blurred
    /// A segmenter at a sixteenth of the resolution that finds only the clearly solid subject: it misses
    /// thin strands, blur and smoke, and its edges are blocky.
    case lowres

    /// The styles a plate picks from at random (`lowres` is chosen by the scenes that need it).
    static let usual: [HintStyle] = [.roto, .segmentation, .blurred]
}

enum Hint {
    /// A binary-ish mask covering everything with any alpha, grown or shrunk by 5–25 px (at 1080p) in
    /// blobby, spatially varying amounts, then styled.
    static func make(alpha: [Float], width: Int, height: Int, style: HintStyle, rng: inout SeededRandom) -> [Float] {
        let s = Float(height) / 1080
        if style == .lowres { return lowResolution(alpha: alpha, width: width, height: height, block: max(2, Int(16 * s))) }
        // Anything with visible alpha is "subject" to a coarse mask: nets, veils and smoke become solid blobs.
        let solid = alpha.map { $0 > 0.03 ? Float(1) : 0 }
        // Fill small holes and gaps first, as a roto artist would not follow them.
        let closed = Blur.gaussian(solid, width: width, height: height, sigma: 6 * s).map { $0 > 0.2 ? Float(1) : 0 }
        let sigma = 18 * s
        let soft = Blur.gaussian(closed, width: width, height: height, sigma: sigma)
        let noise = ValueNoise(seed: rng.next())
        let feature = 220 * s
        var mask = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                // Threshold 0.12 grows the blob by ~1.2σ, 0.88 shrinks it by ~1.2σ.
                let t = 0.5 + 0.38 * max(-1, min(1, 1.8 * noise.value(Float(x) / feature, Float(y) / feature)))
                mask[y * width + x] = soft[y * width + x] > t ? 1 : 0
            }
        }
        switch style {
        case .roto:
            return Blur.gaussian(mask, width: width, height: height, sigma: 1.5 * s)
        case .blurred:
            return Blur.gaussian(mask, width: width, height: height, sigma: 10 * s)
        case .lowres:
            return mask
        case .segmentation:
            let block = max(2, Int(16 * s))
            var out = mask
            for by in stride(from: 0, to: height, by: block) {
                for bx in stride(from: 0, to: width, by: block) {
                    var sum: Float = 0, count: Float = 0
                    for y in by..<min(height, by + block) {
                        for x in bx..<min(width, bx + block) { sum += mask[y * width + x]; count += 1 }
                    }
                    let v: Float = sum / count > 0.5 ? 1 : 0
                    for y in by..<min(height, by + block) {
                        for x in bx..<min(width, bx + block) { out[y * width + x] = v }
                    }
                }
            }
            return out
        }
    }

    /// Blocks of `block` pixels that are mostly solid subject (alpha > 0.5), softened by a pixel.
    static func lowResolution(alpha: [Float], width: Int, height: Int, block: Int) -> [Float] {
        var out = [Float](repeating: 0, count: width * height)
        for by in stride(from: 0, to: height, by: block) {
            for bx in stride(from: 0, to: width, by: block) {
                var solid = 0, count = 0
                for y in by..<min(height, by + block) {
                    for x in bx..<min(width, bx + block) { solid += alpha[y * width + x] > 0.5 ? 1 : 0; count += 1 }
                }
                guard 2 * solid > count else { continue }
                for y in by..<min(height, by + block) { for x in bx..<min(width, bx + block) { out[y * width + x] = 1 } }
            }
        }
        return Blur.gaussian(out, width: width, height: height, sigma: 1)
    }
}
