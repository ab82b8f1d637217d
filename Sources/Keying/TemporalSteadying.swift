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
    public static func steady(_ frame: Image, neighbours: [Image], schedule: Schedule = .automatic) -> Image {
        let names = ["R", "G", "B"]
        guard let rgb = names.map(frame.channelIndex) as? [Int] else { return frame }
        let others = neighbours.compactMap { other -> (Image, [Int])? in
            guard other.width == frame.width, other.height == frame.height,
                  let channels = names.map(other.channelIndex) as? [Int] else { return nil }
            return (other, channels)
        }
        guard !others.isEmpty else { return frame }
        let w = frame.width, h = frame.height, n = w * h
        let sigma2 = rgb.map { noiseSigma(frame.planes[$0], width: w, height: h) }.map { $0 * $0 }.reduce(0, +)
        // Sum of squared differences of two noisy copies: 2·Σσ² on average.
        let inverseExpected = 1 / Swift.max(2 * sigma2, 1e-12)
        var out = frame
        var weights = [Float](parallelRepeating: 1, count: n)
        var d2 = [Float](parallelRepeating: 0, count: n)
        out.planes.withMutablePlanePointers { outPlanes in
            let o = rgb.map { outPlanes[$0].pointer }
            let p = rgb.map { frame.planes[$0] }
            for (other, channels) in others {
                let q = channels.map { other.planes[$0] }
                (p + q).withPlanePointers { pq in
                    let (p0, p1, p2, q0, q1, q2) = (pq[0].pointer, pq[1].pointer, pq[2].pointer, pq[3].pointer, pq[4].pointer, pq[5].pointer)
                    d2.withUnsafeMutableBufferPointer { dBuf in
                        let d = UncheckedPointer(dBuf.baseAddress!)
                        schedule.forChunks(n) { range in
                            for i in range {
                                let dr = p0[i] - q0[i], dg = p1[i] - q1[i], db = p2[i] - q2[i]
                                d.pointer[i] = dr * dr + dg * dg + db * db
                            }
                        }
                    }
                    let local = Blur.box(d2, width: w, height: h, radius: 1, schedule: schedule)
                    [local].withPlanePointers { l in
                        weights.withUnsafeMutableBufferPointer { wBuf in
                            let (l, wt) = (l[0].pointer, UncheckedPointer(wBuf.baseAddress!))
                            schedule.forChunks(n) { range in
                                for i in range {
                                    // Ratio 1 is pure noise (its spread over 27 samples is about ±0.3); from 1.5
                                    // on the weight falls to 0 at 3, where something has certainly changed.
                                    let weight = Swift.min(Swift.max((3 - l[i] * inverseExpected) / 1.5, 0), 1)
                                    guard weight > 0 else { continue }
                                    wt.pointer[i] += weight
                                    o[0][i] += weight * q0[i]
                                    o[1][i] += weight * q1[i]
                                    o[2][i] += weight * q2[i]
                                }
                            }
                        }
                    }
                }
            }
            weights.withUnsafeBufferPointer { wBuf in
                let wt = UncheckedPointer(UnsafeMutablePointer(mutating: wBuf.baseAddress!))
                schedule.forChunks(n) { range in
                    for i in range where wt.pointer[i] != 1 {
                        let inv = 1 / wt.pointer[i]
                        for k in 0..<3 { o[k][i] *= inv }
                    }
                }
            }
        }
        return out
    }

    /// Standard deviation of the noise in `plane`: the median absolute response to Immerkær's Laplacian
    /// mask (whose response to white noise of σ has deviation 6σ), sampled on a sparse grid.
    public static func noiseSigma(_ plane: [Float], width: Int, height: Int) -> Float {
        plane.withUnsafeBufferPointer { noiseSigma($0, width: width, height: height) }
    }

    static func noiseSigma(_ plane: UnsafeBufferPointer<Float>, width: Int, height: Int) -> Float {
        guard width >= 3, height >= 3 else { return 0 }
        let step = Swift.max(1, Int((Float(width * height) / 60_000).squareRoot()))
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
            // A full sort is fine at sixty thousand samples.
            buf.sort()
        }
        return responses[mid] / (0.6745 * 6)
    }
}
