import BacklotCore
import Foundation

/// Takes grain out of a picture, knowing the camera's grain (a `GrainModel`): a Wiener filter in the
/// frequency domain of overlapping 32-pixel blocks (sine windows, half-overlapped), which knows the noise's
/// power at each frequency and brightness from the model and so keeps what rises above it. A first pass
/// (spectral subtraction) estimates the clean picture; a second uses that estimate as the signal's power.
public struct Degrain: Sendable {
    public let model: GrainModel
    /// How many times the model's noise power the first pass subtracts (over-subtracting makes a cleaner
    /// pilot for the second pass; 2 was best on our own held-out shots).
    public var strength: Float

    public init(_ model: GrainModel, strength: Float = 2) { (self.model, self.strength) = (model, strength) }

    /// `image` with the model's channels degrained (others pass through).
    public func apply(_ image: Image, schedule: Schedule = .automatic) throws(GrainError) -> Image {
        let indices = try GrainSynthesis.indices(of: model, in: image)
        var out = image
        for (c, index) in indices.enumerated() {
            let plane = image.planes[index]
            let pilot = filter(plane, width: image.width, height: image.height, channel: c, pilot: nil, schedule: schedule)
            out.planes[index] = filter(plane, width: image.width, height: image.height, channel: c, pilot: pilot, schedule: schedule)
        }
        return out
    }

    /// One pass over a plane: spectral subtraction without a pilot, the Wiener filter with one.
    func filter(_ plane: [Float], width w: Int, height h: Int, channel c: Int, pilot: [Float]?, schedule: Schedule) -> [Float] {
        let n = model.blockSize, hop = n / 2
        let fft = FFT(size: n)
        let window = (0..<n).map { Float(sin(Double.pi * (Double($0) + 0.5) / Double(n))) }
        // The power a unit-variance noise has at each frequency after windowing.
        let windowEnergy = window.reduce(0) { $0 + $1 * $1 }
        let noiseShape = model.spectrum[c].map { $0 * windowEnergy * windowEnergy }
        var out = [Float](repeating: 0, count: w * h), weight = [Float](repeating: 0, count: w * h)
        let (columns, rows) = ((w + hop - 1) / hop + 1, (h + hop - 1) / hop + 1)
        let strength = strength, model = model
        out.withUnsafeMutableBufferPointer { o in
            weight.withUnsafeMutableBufferPointer { wt in
                let (o, wt) = (o, wt)
                // Block rows two apart do not overlap: the even ones at once, then the odd ones.
                for parity in 0..<2 {
                    let mine = Array(stride(from: parity, to: rows, by: 2))
                    schedule.forEach(mine.count) { k in
                        let by = mine[k] * hop - hop
                        var re = [Float](repeating: 0, count: n * n), im = re, pre = re, pim = re
                        for bx in 0..<columns {
                            let x0 = bx * hop - hop
                            var mean: Float = 0
                            for y in 0..<n {
                                let sy = min(max(by + y, 0), h - 1)
                                for x in 0..<n {
                                    let sx = min(max(x0 + x, 0), w - 1)
                                    let v = plane[sy * w + sx]
                                    mean += v
                                    re[y * n + x] = v * window[y] * window[x]
                                    im[y * n + x] = 0
                                    if let pilot { pre[y * n + x] = pilot[sy * w + sx] * window[y] * window[x]; pim[y * n + x] = 0 }
                                }
                            }
                            mean /= Float(n * n)
                            let variance = model.variance(channel: c, at: mean)
                            fft.transform2D(&re, &im)
                            if pilot != nil { fft.transform2D(&pre, &pim) }
                            for i in 1..<(n * n) {
                                let noise = variance * noiseShape[i]
                                let gain: Float
                                if pilot != nil {
                                    let signal = pre[i] * pre[i] + pim[i] * pim[i]
                                    gain = signal / (signal + noise + 1e-30)
                                } else {
                                    let power = re[i] * re[i] + im[i] * im[i]
                                    gain = max(0, 1 - strength * noise / max(power, 1e-30))
                                }
                                re[i] *= gain; im[i] *= gain
                            }
                            fft.transform2D(&re, &im, inverse: true)
                            for y in 0..<n where by + y >= 0 && by + y < h {
                                for x in 0..<n where x0 + x >= 0 && x0 + x < w {
                                    let wgt = window[y] * window[x]
                                    o[(by + y) * w + x0 + x] += re[y * n + x] * wgt
                                    wt[(by + y) * w + x0 + x] += wgt * wgt
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<(w * h) { out[i] = weight[i] > 1e-9 ? out[i] / weight[i] : plane[i] }
        return out
    }
}
