import BacklotCore
import Foundation

/// An uneven keying screen: vignetting, a lighting gradient, fabric wrinkles, seams and tracking markers.
enum Screen {
    /// - Parameter unevenness: How deep its wrinkles, mottling and seams are, relative to a
    ///   well-stretched screen (1); a badly stretched, patched stage is 2–3. (Its hue drifts as little.)
    static func render(width: Int, height: Int, colour: ScreenColor, unevenness uneven: Float = 1, rng: inout SeededRandom) -> [[Float]] {
        let s = Float(height) / 1080
        let base = colour.nominal * rng.uniform(0.85...1.15)
        let noise = ValueNoise(seed: rng.next())
        let gradAngle = rng.uniform(0...(2 * .pi))
        let gradStrength = rng.uniform(0.15...0.35)
        let vignette = rng.uniform(0.25...0.45)
        let wrinkleAngle = rng.uniform(-0.5...0.5)
        let seamSpacing = rng.uniform(380...520) * s
        let seamOffset = rng.uniform(0...seamSpacing)
        let cx = Float(width) / 2, cy = Float(height) / 2
        let diag = (cx * cx + cy * cy).squareRoot()
        let (ga, gb) = (cosf(gradAngle), sinf(gradAngle))
        let (wa, wb) = (cosf(wrinkleAngle), sinf(wrinkleAngle))
        let n = width * height
        var planes = [[Float]](repeating: [Float](repeating: 0, count: n), count: 3)
        let baseValues = [base.x, base.y, base.z]
        for c in 0..<3 {
            planes[c].withUnsafeMutableBufferPointer { buf in
                let p = UncheckedPointer(buf.baseAddress!)
                Schedule.automatic.forRows(height, width: width) { rows in
                    for y in rows {
                        for x in 0..<width {
                            let fx = Float(x) - cx, fy = Float(y) - cy
                            let r2 = (fx * fx + fy * fy) / (diag * diag)
                            var gain = (1 - vignette * r2) * (1 + gradStrength * (ga * fx + gb * fy) / diag)
                            // Wrinkles: soft folds along one direction, broken up by noise.
                            let u = (wa * Float(x) + wb * Float(y)) / (90 * s)
                            gain *= 1 + 0.06 * uneven * sinf(u * 2.1 + 3 * noise.value(Float(x) / (300 * s), Float(y) / (300 * s)))
                                * (0.5 + 0.5 * noise.value(Float(x) / (200 * s) + 9, Float(y) / (200 * s)))
                            gain *= 1 + 0.04 * uneven * noise.fractal(Float(x) / (60 * s), Float(y) / (60 * s), octaves: 2)
                            // Seams between fabric panels: a thin darker line.
                            let dseam = abs((Float(x) - seamOffset).truncatingRemainder(dividingBy: seamSpacing))
                            let d = min(dseam, seamSpacing - dseam)
                            gain *= 1 - min(0.12 * uneven, 0.6) * max(0, 1 - d / (2.5 * s))
                            // A screen is not perfectly uniform in hue either.
                            let hue = 1 + 0.05 * noise.value(Float(x) / (500 * s) + Float(c) * 31, Float(y) / (500 * s))
                            p.pointer[y * width + x] = baseValues[c] * gain * hue
                        }
                    }
                }
            }
        }
        addMarkers(&planes, width: width, height: height, base: base, scale: s, rng: &rng)
        return planes
    }

    /// Tracking markers: crosses of tape in a lighter or darker shade of the screen colour.
    private static func addMarkers(
        _ planes: inout [[Float]], width: Int, height: Int, base: SIMD3<Float>, scale s: Float, rng: inout SeededRandom
    ) {
        let spacing = 260 * s
        let arm = 16 * s, thick = 2.5 * s
        var y = spacing * 0.6
        var row = 0
        while y < Float(height) {
            var x = spacing * (row % 2 == 0 ? 0.5 : 1.0)
            while x < Float(width) {
                let tone: Float = rng.uniform(0...1) < 0.5 ? 0.55 : 1.45
                let tint = base * tone + SIMD3(repeating: 0.01)
                let angle = rng.uniform(0...0.8)
                let (ca, sa) = (cosf(angle), sinf(angle))
                let x0 = max(0, Int(x - arm - 2)), x1 = min(width - 1, Int(x + arm + 2))
                let y0 = max(0, Int(y - arm - 2)), y1 = min(height - 1, Int(y + arm + 2))
                if x0 <= x1 && y0 <= y1 {
                    for py in y0...y1 {
                        for px in x0...x1 {
                            var hits = 0
                            for o in subsamples {
                                let dx = Float(px) + o.x - x, dy = Float(py) + o.y - y
                                let u = ca * dx + sa * dy, v = -sa * dx + ca * dy
                                if (abs(u) < arm && abs(v) < thick / 2) || (abs(v) < arm && abs(u) < thick / 2) { hits += 1 }
                            }
                            guard hits > 0 else { continue }
                            let c = Float(hits) / 16
                            let i = py * width + px
                            planes[0][i] = c * tint.x + (1 - c) * planes[0][i]
                            planes[1][i] = c * tint.y + (1 - c) * planes[1][i]
                            planes[2][i] = c * tint.z + (1 - c) * planes[2][i]
                        }
                    }
                }
                x += spacing
            }
            y += spacing
            row += 1
        }
    }
}
