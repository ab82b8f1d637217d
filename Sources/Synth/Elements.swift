import BacklotCore
import Foundation

/// A colour and how it varies over an element's surface.
struct Material {
    var colour: SIMD3<Float>
    /// Amplitude of the surface texture (0 = flat).
    var texture: Float = 0.25
    /// Feature size of the texture in pixels.
    var scale: Float = 24

    func colour(at x: Float, _ y: Float, noise: ValueNoise) -> SIMD3<Float> {
        guard texture > 0 else { return colour }
        let n = noise.fractal(x / scale, y / scale, octaves: 3)
        let m = noise.value(x / scale * 0.37 + 17, y / scale * 0.37 - 5)
        // Luminance and slight hue variation, as on fabric or skin.
        let tint = SIMD3<Float>(1 + 0.3 * texture * m, 1, 1 - 0.3 * texture * m)
        return colour * tint * max(0.05, 1 + texture * n)
    }
}

/// Supersampling pattern: 4x4 points inside a pixel.
let subsamples: [SIMD2<Float>] = (0..<16).map { k in
    SIMD2(Float(k % 4) + 0.5, Float(k / 4) + 0.5) / 4
}

enum Elements {
    /// A solid shape given by an inside test, antialiased with 4x4 supersampling and textured.
    static func shape(
        bounds: (Float, Float, Float, Float), plate: (Int, Int), material: Material, noise: ValueNoise,
        inside: (Float, Float) -> Bool
    ) -> Layer {
        var layer = Layer(bounds: bounds.0, bounds.1, bounds.2, bounds.3, plateWidth: plate.0, plateHeight: plate.1)
        for ly in 0..<layer.height {
            for lx in 0..<layer.width {
                let px = Float(lx + layer.x0), py = Float(ly + layer.y0)
                var hits = 0
                for s in subsamples where inside(px + s.x, py + s.y) { hits += 1 }
                guard hits > 0 else { continue }
                let i = ly * layer.width + lx
                layer.coverage[i] = Float(hits) / 16
                let c = material.colour(at: px, py, noise: noise)
                layer.red[i] = c.x
                layer.green[i] = c.y
                layer.blue[i] = c.z
            }
        }
        return layer
    }

    /// An ellipse rotated by `angle` with a wobbly outline (`wobble` as a fraction of the radius).
    static func blob(
        centre: SIMD2<Float>, radii: SIMD2<Float>, angle: Float, wobble: Float, plate: (Int, Int),
        material: Material, noise: ValueNoise
    ) -> Layer {
        let r = max(radii.x, radii.y) * (1 + wobble) + 2
        let (ca, sa) = (cosf(angle), sinf(angle))
        return shape(bounds: (centre.x - r, centre.y - r, centre.x + r, centre.y + r), plate: plate,
                     material: material, noise: noise) { x, y in
            let dx = x - centre.x, dy = y - centre.y
            let u = (ca * dx + sa * dy) / radii.x, v = (-sa * dx + ca * dy) / radii.y
            let theta = atan2f(v, u)
            let edge = 1 + wobble * noise.value(cosf(theta) * 2.5 + 40, sinf(theta) * 2.5 + 40)
            return u * u + v * v < edge * edge
        }
    }

    /// A rounded rectangle rotated by `angle`.
    static func roundedRect(
        centre: SIMD2<Float>, size: SIMD2<Float>, corner: Float, angle: Float, plate: (Int, Int),
        material: Material, noise: ValueNoise
    ) -> Layer {
        let r = (size.x * size.x + size.y * size.y).squareRoot() / 2 + 2
        let (ca, sa) = (cosf(angle), sinf(angle))
        return shape(bounds: (centre.x - r, centre.y - r, centre.x + r, centre.y + r), plate: plate,
                     material: material, noise: noise) { x, y in
            let dx = x - centre.x, dy = y - centre.y
            let u = abs(ca * dx + sa * dy) - (size.x / 2 - corner)
            let v = abs(-sa * dx + ca * dy) - (size.y / 2 - corner)
            let ou = max(u, 0), ov = max(v, 0)
            return (ou * ou + ov * ov).squareRoot() + min(max(u, v), 0) < corner
        }
    }

    /// Hair strands: curved random walks from `roots`, each a capsule chain of sub-pixel width.
    ///
    /// Coverage is the fraction of 4x4 subsamples inside any segment of the strand (a bitmask per pixel,
    /// so overlapping segments of one strand never count twice); strands are composited one over another.
    static func hair(
        into canvas: inout Canvas, roots: [(SIMD2<Float>, SIMD2<Float>)], length: ClosedRange<Float>,
        thickness: ClosedRange<Float>, colours: [SIMD3<Float>], curl: Float, rng: inout SeededRandom
    ) {
        for (root, direction) in roots {
            let len = rng.uniform(length)
            let t = rng.uniform(thickness)
            let segments = max(4, Int(len / 6))
            let step = len / Float(segments)
            var points = [root]
            var dir = direction / max(1e-6, (direction * direction).sum().squareRoot())
            var p = root
            let bend = rng.uniform(-curl...curl)
            for _ in 0..<segments {
                let a = bend + rng.uniform(-0.15...0.15)
                dir = SIMD2(dir.x * cosf(a) - dir.y * sinf(a), dir.x * sinf(a) + dir.y * cosf(a))
                p += dir * step
                points.append(p)
            }
            let base = colours[Int(rng.next() % UInt64(colours.count))] * rng.uniform(0.75...1.25)
            strand(into: &canvas, points: points, thickness: t, colour: base)
        }
    }

    private static func strand(into canvas: inout Canvas, points: [SIMD2<Float>], thickness: Float, colour: SIMD3<Float>) {
        let xs = points.map(\.x), ys = points.map(\.y)
        let pad = thickness + 2
        var layer = Layer(bounds: xs.min()! - pad, ys.min()! - pad, xs.max()! + pad, ys.max()! + pad,
                          plateWidth: canvas.width, plateHeight: canvas.height)
        guard layer.width > 0, layer.height > 0 else { return }
        var masks = [UInt16](repeating: 0, count: layer.width * layer.height)
        let half = thickness / 2
        for k in 0..<(points.count - 1) {
            let a = points[k], b = points[k + 1]
            let x0 = max(layer.x0, Int(min(a.x, b.x) - half - 1)), x1 = min(layer.x0 + layer.width - 1, Int(max(a.x, b.x) + half + 1))
            let y0 = max(layer.y0, Int(min(a.y, b.y) - half - 1)), y1 = min(layer.y0 + layer.height - 1, Int(max(a.y, b.y) + half + 1))
            guard x0 <= x1, y0 <= y1 else { continue }
            let ab = b - a
            let abLen2 = max(1e-6, (ab * ab).sum())
            // Strands thin towards the tip.
            let taper0 = 1 - 0.6 * Float(k) / Float(points.count - 1)
            let r2 = (half * taper0) * (half * taper0)
            for y in y0...y1 {
                for x in x0...x1 {
                    var mask: UInt16 = 0
                    for (s, o) in subsamples.enumerated() {
                        let p = SIMD2(Float(x) + o.x, Float(y) + o.y)
                        let t = min(max(((p - a) * ab).sum() / abLen2, 0), 1)
                        let d = p - (a + ab * t)
                        if (d * d).sum() < r2 { mask |= 1 << UInt16(s) }
                    }
                    masks[(y - layer.y0) * layer.width + (x - layer.x0)] |= mask
                }
            }
        }
        for i in masks.indices where masks[i] != 0 {
            layer.coverage[i] = Float(masks[i].nonzeroBitCount) / 16
            layer.red[i] = colour.x
            layer.green[i] = colour.y
            layer.blue[i] = colour.z
        }
        canvas.add(layer)
    }

    /// A semi-transparent element: coverage × `opacity(x, y)`, e.g. glass, a veil or smoke.
    static func translucent(
        _ base: Layer, opacity: (Float, Float) -> Float, colour: ((Float, Float) -> SIMD3<Float>)? = nil
    ) -> Layer {
        var layer = base
        for ly in 0..<layer.height {
            for lx in 0..<layer.width {
                let i = ly * layer.width + lx
                guard layer.coverage[i] > 0 else { continue }
                let x = Float(lx + layer.x0), y = Float(ly + layer.y0)
                layer.coverage[i] *= min(max(opacity(x, y), 0), 1)
                if let colour {
                    let c = colour(x, y)
                    layer.red[i] = c.x
                    layer.green[i] = c.y
                    layer.blue[i] = c.z
                }
            }
        }
        return layer
    }

    /// A net: two families of thin parallel threads at `angle`, inside `base`'s coverage.
    static func netting(
        _ base: Layer, spacing: Float, thread: Float, angle: Float, colour: SIMD3<Float>
    ) -> Layer {
        var layer = base
        let (ca, sa) = (cosf(angle), sinf(angle))
        for ly in 0..<layer.height {
            for lx in 0..<layer.width {
                let i = ly * layer.width + lx
                guard layer.coverage[i] > 0 else { continue }
                var hits = 0
                for s in subsamples {
                    let x = Float(lx + layer.x0) + s.x, y = Float(ly + layer.y0) + s.y
                    let u = ca * x + sa * y, v = -sa * x + ca * y
                    let du = abs(u - spacing * (u / spacing).rounded()), dv = abs(v - spacing * (v / spacing).rounded())
                    if du < thread / 2 || dv < thread / 2 { hits += 1 }
                }
                layer.coverage[i] *= Float(hits) / 16
                layer.red[i] = colour.x
                layer.green[i] = colour.y
                layer.blue[i] = colour.z
            }
        }
        return layer
    }

    /// Averages `samples` renders of a moving element (a camera shutter open over the motion).
    static func motionBlurred(samples: Int, plate: (Int, Int), render: (Float) -> Layer) -> Layer {
        let renders = (0..<samples).map { render((Float($0) + 0.5) / Float(samples)) }
        let x0 = renders.map(\.x0).min()!, y0 = renders.map(\.y0).min()!
        let x1 = renders.map { $0.x0 + $0.width }.max()!, y1 = renders.map { $0.y0 + $0.height }.max()!
        var out = Layer(x0: x0, y0: y0, width: x1 - x0, height: y1 - y0)
        let inv = 1 / Float(samples)
        for r in renders {
            for ly in 0..<r.height {
                for lx in 0..<r.width {
                    let i = ly * r.width + lx
                    let c = r.coverage[i]
                    guard c > 0 else { continue }
                    let o = (ly + r.y0 - y0) * out.width + (lx + r.x0 - x0)
                    out.coverage[o] += c * inv
                    // Accumulate premultiplied colour, unpremultiplied below.
                    out.red[o] += r.red[i] * c * inv
                    out.green[o] += r.green[i] * c * inv
                    out.blue[o] += r.blue[i] * c * inv
                }
            }
        }
        for i in out.coverage.indices where out.coverage[i] > 0 {
            out.red[i] /= out.coverage[i]
            out.green[i] /= out.coverage[i]
            out.blue[i] /= out.coverage[i]
        }
        return out
    }
}
