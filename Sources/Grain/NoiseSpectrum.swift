import BacklotCore
import Foundation

/// Noise power spectra of square blocks, and their summary in radial frequency bands, the figures grain is
/// compared by.
public enum NoiseSpectrum {
    /// The bands' edges in cycles per pixel: fine grain puts its power in the high bands, coarse grain in the
    /// low ones. The last band takes the corners of the spectrum too (up to √2/2).
    public static let bandEdges: [Float] = [0, 0.125, 0.25, 0.375, 0.5]
    /// The bands' names, for reports.
    public static let bandNames = ["0–⅛", "⅛–¼", "¼–⅜", "⅜–½"]

    /// The band of each frequency of a `size`² spectrum in FFT order; -1 for the zero frequency, which a block
    /// whose mean was taken out has no power at.
    public static func bandIndex(size: Int) -> [Int] {
        (0..<(size * size)).map { i in
            let (ky, kx) = (i / size, i % size)
            if kx == 0, ky == 0 { return -1 }
            let fx = Float(kx <= size / 2 ? kx : kx - size) / Float(size)
            let fy = Float(ky <= size / 2 ? ky : ky - size) / Float(size)
            let f = (fx * fx + fy * fy).squareRoot()
            return min(bandEdges.count - 2, bandEdges.lastIndex { $0 <= f } ?? 0)
        }
    }

    /// The mean of `spectrum` (a `size`² spectrum in FFT order) over each band.
    public static func bands(_ spectrum: [Float], size: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: bandEdges.count - 1), counts = sums
        for (i, b) in bandIndex(size: size).enumerated() where b >= 0 {
            sums[b] += Double(spectrum[i])
            counts[b] += 1
        }
        return zip(sums, counts).map { Float($0 / max($1, 1)) }
    }

    /// The windowed periodogram of a `size`² block (row by row): its mean taken out, a Hann window over it
    /// (so that strong low frequencies do not leak into weak high ones), `|FFT|²` divided by the window's
    /// energy. For noise, its expected mean over all frequencies is the variance.
    public static func periodogram(_ block: [Float], fft: FFT) -> [Float] {
        let n = fft.size
        let mean = block.reduce(0, +) / Float(n * n)
        let window = hann(n)
        var re = [Float](repeating: 0, count: n * n), im = re
        for y in 0..<n { for x in 0..<n { re[y * n + x] = (block[y * n + x] - mean) * window[y] * window[x] } }
        fft.transform2D(&re, &im)
        let energy = window.reduce(0) { $0 + $1 * $1 }
        let scale = 1 / (energy * energy)
        return (0..<(n * n)).map { (re[$0] * re[$0] + im[$0] * im[$0]) * scale }
    }

    /// The periodic Hann window of `n` points.
    static func hann(_ n: Int) -> [Float] { (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) } }

    /// The power spectrum of the noise field `noise` (`width`×`height`, row by row): the mean periodogram of
    /// its whole `size`-pixel blocks. Nil when it holds no whole block.
    public static func measure(_ noise: [Float], width: Int, height: Int, size: Int = 32) -> [Float]? {
        let fft = FFT(size: size)
        var sum = [Double](repeating: 0, count: size * size), blocks = 0
        var block = [Float](repeating: 0, count: size * size)
        for by in stride(from: 0, through: height - size, by: size) {
            for bx in stride(from: 0, through: width - size, by: size) {
                for y in 0..<size { for x in 0..<size { block[y * size + x] = noise[(by + y) * width + bx + x] } }
                for (i, p) in periodogram(block, fft: fft).enumerated() { sum[i] += Double(p) }
                blocks += 1
            }
        }
        guard blocks > 0 else { return nil }
        return sum.map { Float($0 / Double(blocks)) }
    }
}
