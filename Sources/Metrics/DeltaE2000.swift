import BacklotCore
import Foundation

/// CIEDE2000 colour difference (Sharma, Wu and Dalal 2005) in CIELAB with a D65 white: about 1 is the
/// smallest difference most viewers see side by side.
public enum DeltaE2000 {
    /// Linear Rec.709 RGB to CIE XYZ, and the white it maps (1, 1, 1) to.
    static let toXYZ = ColorSpace.linearRec709.rgbToXYZ
    static let white = toXYZ * SIMD3<Double>(1, 1, 1)

    /// CIELAB of a linear Rec.709 colour (display light, 1 = white).
    public static func lab(linearRec709 rgb: SIMD3<Double>) -> SIMD3<Double> {
        let xyz = toXYZ * rgb / white
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : t * (24389.0 / 27 / 116) + 16.0 / 116 }
        let (fx, fy, fz) = (f(xyz.x), f(xyz.y), f(xyz.z))
        return SIMD3(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// The CIEDE2000 difference of two CIELAB colours.
    public static func difference(_ one: SIMD3<Double>, _ two: SIMD3<Double>) -> Double {
        let (l1, a1, b1, l2, a2, b2) = (one.x, one.y, one.z, two.x, two.y, two.z)
        let meanC = (hypot(a1, b1) + hypot(a2, b2)) / 2
        let c7 = pow(meanC, 7)
        let g = 0.5 * (1 - sqrt(c7 / (c7 + pow(25, 7))))
        let (p1, p2) = ((1 + g) * a1, (1 + g) * a2)
        let (c1, c2) = (hypot(p1, b1), hypot(p2, b2))
        func hue(_ b: Double, _ a: Double) -> Double {
            guard a != 0 || b != 0 else { return 0 }
            let h = atan2(b, a) * 180 / .pi
            return h < 0 ? h + 360 : h
        }
        let (h1, h2) = (hue(b1, p1), hue(b2, p2))
        let dL = l2 - l1, dC = c2 - c1
        var dh = 0.0
        if c1 * c2 != 0 {
            dh = h2 - h1
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let dH = 2 * sqrt(c1 * c2) * sin(dh * .pi / 360)
        let meanL = (l1 + l2) / 2, meanCp = (c1 + c2) / 2
        var meanH = h1 + h2
        if c1 * c2 != 0 {
            meanH = abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2)
        }
        func cosd(_ d: Double) -> Double { cos(d * .pi / 180) }
        let t = 1 - 0.17 * cosd(meanH - 30) + 0.24 * cosd(2 * meanH) + 0.32 * cosd(3 * meanH + 6) - 0.20 * cosd(4 * meanH - 63)
        let dTheta = 30 * exp(-pow((meanH - 275) / 25, 2))
        let cp7 = pow(meanCp, 7)
        let rc = 2 * sqrt(cp7 / (cp7 + pow(25, 7)))
        let l50 = (meanL - 50) * (meanL - 50)
        let sl = 1 + 0.015 * l50 / sqrt(20 + l50), sc = 1 + 0.045 * meanCp, sh = 1 + 0.015 * meanCp * t
        let rt = -sin(2 * dTheta * .pi / 180) * rc
        let (x, y, z) = (dL / sl, dC / sc, dH / sh)
        return sqrt(max(0, x * x + y * y + z * z + rt * y * z))
    }

    /// Mean and 95th percentile of the difference between two pictures of display light (linear Rec.709, their
    /// first three planes), over every `step`-th pixel of every `step`-th row. Values are clamped to 0…1 first
    /// (a display shows no more).
    public static func summary(_ a: [[Float]], _ b: [[Float]], width: Int, height: Int, step: Int = 1) -> (mean: Double, p95: Double) {
        precondition(a.count >= 3 && b.count >= 3 && a[0].count == width * height && b[0].count == width * height)
        let step = max(1, step)
        let rows = stride(from: 0, to: height, by: step).map { $0 }
        var perRow = [[Float]](repeating: [], count: rows.count)
        perRow.withUnsafeMutableBufferPointer { out in
            let out = out
            Schedule.automatic.forEach(rows.count) { k in
                var d: [Float] = []
                for x in stride(from: 0, to: width, by: step) {
                    let i = rows[k] * width + x
                    func rgb(_ p: [[Float]]) -> SIMD3<Double> {
                        SIMD3(Double(min(max(p[0][i], 0), 1)), Double(min(max(p[1][i], 0), 1)), Double(min(max(p[2][i], 0), 1)))
                    }
                    d.append(Float(difference(lab(linearRec709: rgb(a)), lab(linearRec709: rgb(b)))))
                }
                out[k] = d
            }
        }
        var all = perRow.flatMap { $0 }
        guard !all.isEmpty else { return (0, 0) }
        all.sort()
        let mean = all.reduce(0.0) { $0 + Double($1) } / Double(all.count)
        return (mean, Double(all[min(all.count - 1, Int(0.95 * Double(all.count)))]))
    }
}
