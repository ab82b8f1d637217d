/// Separable blurs over a single Float plane (row-major, `width` x `height`), split over rows and strips of
/// columns by a `Schedule`.
///
/// A Gaussian is approximated by three successive box blurs (error < 3% of the peak), which costs the same
/// whatever the radius; edges are handled by clamping (the border pixel repeats).
public enum Blur {
    /// Box blur of radius `radius` (window `2r+1`) in both directions.
    public static func box(
        _ plane: [Float], width: Int, height: Int, radius: Int, schedule: Schedule = .automatic
    ) -> [Float] {
        guard radius > 0 else { return plane }
        var b = uninitialised(plane.count)
        horizontal(plane, into: &b, width: width, height: height, radius: radius, schedule: schedule)
        var out = uninitialised(plane.count)
        vertical(b, into: &out, width: width, height: height, radius: radius, schedule: schedule)
        return out
    }

    /// Approximately Gaussian blur with standard deviation `sigma` pixels.
    public static func gaussian(
        _ plane: [Float], width: Int, height: Int, sigma: Float, schedule: Schedule = .automatic
    ) -> [Float] {
        guard sigma > 0.3 else { return plane }
        // Three boxes of radius r have variance 3 * ((2r+1)^2 - 1) / 12 = r(r+1).
        let r = max(1, Int((sigma * sigma + 0.25).squareRoot() - 0.5 + 0.5))
        var b = uninitialised(plane.count)
        var a = uninitialised(plane.count)
        horizontal(plane, into: &b, width: width, height: height, radius: r, schedule: schedule)
        vertical(b, into: &a, width: width, height: height, radius: r, schedule: schedule)
        for _ in 1..<3 {
            horizontal(a, into: &b, width: width, height: height, radius: r, schedule: schedule)
            vertical(b, into: &a, width: width, height: height, radius: r, schedule: schedule)
        }
        return a
    }

    /// A plane whose every sample the blur passes write (so it is never filled first).
    private static func uninitialised(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialised in initialised = count }
    }

    static func horizontal(_ src: [Float], into dst: inout [Float], width: Int, height: Int, radius: Int, schedule: Schedule) {
        let inv = 1 / Float(2 * radius + 1)
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                let sp = UncheckedPointer(UnsafeMutablePointer(mutating: s.baseAddress!))
                let dp = UncheckedPointer(d.baseAddress!)
                schedule.forRows(height, width: width) { rows in
                    for y in rows {
                        let row = sp.pointer + y * width
                        let out = dp.pointer + y * width
                        var sum: Float = 0
                        for k in -radius...radius { sum += row[min(max(k, 0), width - 1)] }
                        for x in 0..<width {
                            out[x] = sum * inv
                            sum += row[min(x + radius + 1, width - 1)] - row[max(x - radius, 0)]
                        }
                    }
                }
            }
        }
    }

    static func vertical(_ src: [Float], into dst: inout [Float], width: Int, height: Int, radius: Int, schedule: Schedule) {
        let inv = 1 / Float(2 * radius + 1)
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                let sp = UncheckedPointer(UnsafeMutablePointer(mutating: s.baseAddress!))
                let dp = UncheckedPointer(d.baseAddress!)
                // Strips of columns keep the running sums in cache while walking down the rows.
                let strip = 256
                let strips = (width + strip - 1) / strip
                schedule.forEach(strips) { k in
                    let x0 = k * strip, x1 = min(width, x0 + strip)
                    var sum = [Float](repeating: 0, count: x1 - x0)
                    let src = sp.pointer, out = dp.pointer
                    for j in -radius...radius {
                        let row = src + min(max(j, 0), height - 1) * width
                        for x in x0..<x1 { sum[x - x0] += row[x] }
                    }
                    for y in 0..<height {
                        let o = out + y * width
                        let add = src + min(y + radius + 1, height - 1) * width
                        let sub = src + max(y - radius, 0) * width
                        for x in x0..<x1 {
                            o[x] = sum[x - x0] * inv
                            sum[x - x0] += add[x] - sub[x]
                        }
                    }
                }
            }
        }
    }
}
