import Foundation

/// A complex discrete Fourier transform of a power-of-two size (iterative radix-2), and the square 2-D
/// transform of a block built on it. Forward is `X[k] = Σ x[n] e^(-2πi kn/N)`; inverse has the opposite sign
/// and divides by N (by N² in 2-D), so that inverse(forward(x)) = x.
public struct FFT: Sendable {
    /// The transform's length.
    public let size: Int
    private let cosines: [Float], sines: [Float], reversed: [Int]

    /// A transform of `size` points: a power of two from 2 to 4096.
    public init(size: Int) {
        precondition(size >= 2 && size <= 4096 && size & (size - 1) == 0, "FFT size \(size) is not a power of two in 2…4096")
        self.size = size
        cosines = (0..<size / 2).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        sines = (0..<size / 2).map { Float(sin(2 * Double.pi * Double($0) / Double(size))) }
        let bits = size.trailingZeroBitCount
        reversed = (0..<size).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return r
        }
    }

    /// Transforms `size` points in place, read and written `stride` apart from `offset`.
    public func transform(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, offset: Int = 0, stride: Int = 1,
                          inverse: Bool = false) {
        let n = size
        for i in 0..<n {
            let j = reversed[i]
            if j > i {
                let (a, b) = (offset + i * stride, offset + j * stride)
                (re[a], re[b]) = (re[b], re[a])
                (im[a], im[b]) = (im[b], im[a])
            }
        }
        let sign: Float = inverse ? 1 : -1
        var half = 1
        while half < n {
            let step = n / (2 * half)
            var start = 0
            while start < n {
                for k in 0..<half {
                    let (wr, wi) = (cosines[k * step], sign * sines[k * step])
                    let a = offset + (start + k) * stride, b = offset + (start + k + half) * stride
                    let tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                }
                start += 2 * half
            }
            half *= 2
        }
        if inverse {
            let scale = 1 / Float(n)
            for i in 0..<n { re[offset + i * stride] *= scale; im[offset + i * stride] *= scale }
        }
    }

    /// The 2-D transform of a `size`×`size` block stored row by row, in place.
    public func transform2D(_ re: inout [Float], _ im: inout [Float], inverse: Bool = false) {
        precondition(re.count == size * size && im.count == size * size)
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                guard let r = r.baseAddress, let i = i.baseAddress else { return }
                for row in 0..<size { transform(r, i, offset: row * size, inverse: inverse) }
                for column in 0..<size { transform(r, i, offset: column, stride: size, inverse: inverse) }
            }
        }
    }
}
