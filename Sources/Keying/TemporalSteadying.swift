import BacklotCore

/// Steadies a plate against sensor noise over time, so that the matte keyed from it does not flicker.
///
/// Each pixel is averaged with the same pixel in neighbouring frames wherever their difference (over a 3x3
/// neighbourhood and all three channels) is what sensor noise alone would give, and left untouched wherever
/// anything moved: real motion differs from the frame by far more than noise, so it is never smeared.
/// The noise level is measured in each frame from its own fine detail (Immerkær's Laplacian estimator,
/// robust median form), not from frame differences, so a camera move cannot pass itself off as noise.
///
/// The result is used only to find the matte (`Keyer.key(_:steadied:…)`); the foreground is still unmixed
/// from the original plate so its grain is kept.
public enum TemporalSteadying {
    /// `frame` with its R, G and B averaged over the static parts of `neighbours` (frames before and after it,
    /// the same size). Other channels are left as they are.
    public static func steady(_ frame: Image, neighbours: [Image]) -> Image {
        guard let rgb = ["R", "G", "B"].map(frame.channelIndex) as? [Int] else { return frame }
        let others = neighbours.filter { $0.width == frame.width && $0.height == frame.height }
        guard !others.isEmpty else { return frame }
        let w = frame.width, h = frame.height, n = w * h
        let planes = rgb.map { frame.plane($0) }
        let sigma2 = planes.map { noiseSigma($0, width: w, height: h) }.map { $0 * $0 }.reduce(0, +)
        // Sum of squared differences of two noisy copies: 2·Σσ² on average.
        let expected = Swift.max(2 * sigma2, 1e-12)
        var sum = planes
        var weights = [Float](repeating: 1, count: n)
        for other in others {
            guard let orgb = ["R", "G", "B"].map(other.channelIndex) as? [Int] else { continue }
            let otherPlanes = orgb.map { other.plane($0) }
            let d2 = Planes.make(n) { i in
                var s: Float = 0
                for c in 0..<3 { let d = planes[c][i] - otherPlanes[c][i]; s += d * d }
                return s
            }
            let local = Blur.box(d2, width: w, height: h, radius: 1)
            // Ratio 1 is pure noise (its spread over 27 samples is about ±0.3); from 1.5 on the weight falls
            // to 0 at 3, where something has certainly changed.
            let weight = Planes.make(n) { i in Swift.min(Swift.max((3 - local[i] / expected) / 1.5, 0), 1) }
            for c in 0..<3 {
                sum[c] = Planes.make(n) { i in sum[c][i] + weight[i] * otherPlanes[c][i] }
            }
            weights = Planes.make(n) { i in weights[i] + weight[i] }
        }
        var out = frame
        for (k, c) in rgb.enumerated() {
            let averaged = Planes.make(n) { i in sum[k][i] / weights[i] }
            out.pixels.withUnsafeMutableBufferPointer { buf in
                averaged.withUnsafeBufferPointer { src in
                    (buf.baseAddress! + c * n).update(from: src.baseAddress!, count: n)
                }
            }
        }
        return out
    }

    /// Standard deviation of the noise in `plane`: the median absolute response to Immerkær's Laplacian
    /// mask (whose response to white noise of σ has deviation 6σ), sampled on a sparse grid.
    public static func noiseSigma(_ plane: [Float], width: Int, height: Int) -> Float {
        guard width >= 3, height >= 3 else { return 0 }
        let step = Swift.max(1, Int((Float(width * height) / 250_000).squareRoot()))
        var responses: [Float] = []
        responses.reserveCapacity((width / step + 1) * (height / step + 1))
        var y = 1
        while y < height - 1 {
            var x = 1
            while x < width - 1 {
                let i = y * width + x
                let up = i - width, down = i + width
                let v = plane[up - 1] - 2 * plane[up] + plane[up + 1]
                    - 2 * plane[i - 1] + 4 * plane[i] - 2 * plane[i + 1]
                    + plane[down - 1] - 2 * plane[down] + plane[down + 1]
                if v.isFinite { responses.append(abs(v)) }
                x += step
            }
            y += step
        }
        guard !responses.isEmpty else { return 0 }
        let mid = responses.count / 2
        responses.withUnsafeMutableBufferPointer { buf in
            // A full sort is fine at a quarter of a million samples.
            buf.sort()
        }
        return responses[mid] / (0.6745 * 6)
    }
}
