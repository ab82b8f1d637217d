import BacklotCore
import Foundation

/// Places the elements of each scene on the plate. Sizes are given at 1080p and scale with the height.
struct Stage {
    let width: Int, height: Int
    var rng: SeededRandom
    var s: Float { Float(height) / 1080 }
    var plate: (Int, Int) { (width, height) }
    var W: Float { Float(width) }
    var H: Float { Float(height) }

    /// Subject colours that are hard on a green screen, and ordinary ones.
    static let palette: [SIMD3<Float>] = [
        [0.18, 0.32, 0.10],  // olive green
        [0.04, 0.28, 0.26],  // teal
        [0.72, 0.58, 0.05],  // yellow
        [0.55, 0.30, 0.21],  // skin
        [0.50, 0.06, 0.05],  // red
        [0.20, 0.20, 0.22],  // grey
        [0.05, 0.10, 0.35],  // navy
        [0.85, 0.82, 0.78],  // off-white
    ]

    mutating func material(_ colour: SIMD3<Float>? = nil) -> Material {
        let c = colour ?? Stage.palette[Int(rng.next() % UInt64(Stage.palette.count))]
        return Material(colour: c, texture: rng.uniform(0.1...0.35), scale: rng.uniform(10...40) * s)
    }

    mutating func point(_ x: ClosedRange<Float>, _ y: ClosedRange<Float>) -> SIMD2<Float> {
        [rng.uniform(x) * W, rng.uniform(y) * H]
    }

    /// Textured opaque objects (blobs and rounded boxes), some with defocused edges.
    mutating func solids(_ canvas: inout Canvas, count: Int = 7) {
        for k in 0..<count {
            let noise = ValueNoise(seed: rng.next())
            let centre = point(0.12...0.88, 0.15...0.85)
            let size = rng.uniform(70...190) * s
            // The first three always use the colours hardest to key: olive, teal, yellow.
            let mat = material(k < 3 ? Stage.palette[k] : nil)
            var layer: Layer
            if rng.next() % 2 == 0 {
                layer = Elements.blob(centre: centre, radii: [size, size * rng.uniform(0.5...1.2)],
                                      angle: rng.uniform(0...3), wobble: rng.uniform(0...0.25), plate: plate,
                                      material: mat, noise: noise)
            } else {
                layer = Elements.roundedRect(centre: centre, size: [size * 1.6, size * rng.uniform(0.5...1.3)],
                                             corner: rng.uniform(4...30) * s, angle: rng.uniform(-0.6...0.6),
                                             plate: plate, material: mat, noise: noise)
            }
            if rng.uniform(0...1) < 0.35 { layer.defocus(sigma: rng.uniform(2...7) * s) }
            canvas.add(layer)
        }
    }

    /// A head and shoulders with hair: dense strands over the head and flyaways around it.
    /// - Parameter shirts: The palette entries the shirt is chosen from.
    mutating func person(_ canvas: inout Canvas, hairDensity: Float, shirts: [Int] = [0, 1, 4, 5, 6]) {
        let noise = ValueNoise(seed: rng.next())
        let cx = rng.uniform(0.38...0.62) * W
        let headY = rng.uniform(0.38...0.48) * H
        let headR = rng.uniform(120...150) * s
        let shirt = material(Stage.palette[shirts.randomElement(using: &rng)!])
        canvas.add(Elements.roundedRect(centre: [cx, H * 1.02], size: [headR * 4.2, H * 0.75], corner: 80 * s,
                                        angle: 0, plate: plate, material: shirt, noise: noise))
        canvas.add(Elements.roundedRect(centre: [cx, headY + headR * 1.3], size: [headR * 0.8, headR * 1.2],
                                        corner: 20 * s, angle: 0, plate: plate,
                                        material: Material(colour: [0.5, 0.28, 0.2], texture: 0.1, scale: 20 * s), noise: noise))
        canvas.add(Elements.blob(centre: [cx, headY], radii: [headR * 0.85, headR], angle: 0, wobble: 0.03,
                                 plate: plate, material: Material(colour: [0.55, 0.31, 0.22], texture: 0.12, scale: 18 * s),
                                 noise: noise))
        let hairColours: [[SIMD3<Float>]] = [
            [[0.10, 0.06, 0.035], [0.16, 0.09, 0.05]],   // dark brown
            [[0.55, 0.40, 0.20], [0.70, 0.55, 0.30]],    // blonde
            [[0.30, 0.09, 0.04], [0.40, 0.14, 0.06]],    // auburn
        ]
        let colours = hairColours[Int(rng.next() % 3)]
        // Roots on the upper part of the head, growing outwards and down.
        let count = Int(900 * hairDensity * max(1, s))
        var roots: [(SIMD2<Float>, SIMD2<Float>)] = []
        for _ in 0..<count {
            let theta = rng.uniform(-Float.pi * 1.05 ... Float.pi * 0.05)
            let dir = SIMD2<Float>(cosf(theta), sinf(theta))
            let root = SIMD2(cx, headY) + dir * headR * rng.uniform(0.75...0.98)
            roots.append((root, dir + SIMD2(0, 0.35)))
        }
        Elements.hair(into: &canvas, roots: roots, length: (90 * s)...(260 * s), thickness: (0.5 * s)...(1.6 * s),
                      colours: colours, curl: 0.06, rng: &rng)
        // Flyaways: long, thin, curly strands well outside the hair volume.
        var flyaways: [(SIMD2<Float>, SIMD2<Float>)] = []
        for _ in 0..<Int(120 * hairDensity * max(1, s)) {
            let theta = rng.uniform(-Float.pi ... 0)
            let dir = SIMD2<Float>(cosf(theta), sinf(theta))
            flyaways.append((SIMD2(cx, headY) + dir * headR * 1.1, dir))
        }
        Elements.hair(into: &canvas, roots: flyaways, length: (120 * s)...(320 * s), thickness: (0.35 * s)...(0.9 * s),
                      colours: colours, curl: 0.12, rng: &rng)
    }

    /// Objects moving fast during the exposure.
    mutating func moving(_ canvas: inout Canvas, count: Int = 3) {
        for _ in 0..<count {
            let noise = ValueNoise(seed: rng.next())
            let start = point(0.15...0.75, 0.2...0.8)
            let travel = SIMD2<Float>(rng.uniform(-1...1), rng.uniform(-0.5...0.5)) * rng.uniform(25...110) * s
            let radius = rng.uniform(45...110) * s
            let mat = material()
            let spin = rng.uniform(-0.4...0.4)
            let blurred = Elements.motionBlurred(samples: 24, plate: plate) { t in
                Elements.roundedRect(centre: start + travel * t, size: [radius * 1.8, radius], corner: 12 * s,
                                     angle: spin * t, plate: plate, material: mat, noise: noise)
            }
            canvas.add(blurred)
        }
    }

    /// An object crossing the frame from left to right over a shot, at `time` (0…1 of the shot), blurred
    /// over the `shutter` (a fraction of the shot). Its look depends only on the stage's seed, not on time.
    mutating func crossing(_ canvas: inout Canvas, at time: Float, shutter: Float) {
        let noise = ValueNoise(seed: rng.next())
        let y = rng.uniform(0.55...0.75) * H
        let radius = rng.uniform(60...90) * s
        let mat = material()
        let from = SIMD2<Float>(-0.1 * W, y), to = SIMD2<Float>(1.1 * W, y - 0.1 * H)
        canvas.add(Elements.motionBlurred(samples: 12, plate: plate) { t in
            let u = time + shutter * t
            return Elements.roundedRect(centre: from + (to - from) * u, size: [radius * 1.8, radius], corner: 12 * s,
                                        angle: 0.3 * u, plate: plate, material: mat, noise: noise)
        })
    }

    /// Tinted glass and plastic with a specular highlight above 1.0, and a sheer fabric veil.
    mutating func glass(_ canvas: inout Canvas, small: Bool = false) {
        let pieces = small ? 1 : 3
        for _ in 0..<pieces {
            let noise = ValueNoise(seed: rng.next())
            let centre = point(0.15...0.85, 0.2...0.8)
            let size = rng.uniform(90...170) * s * (small ? 0.7 : 1)
            let tint = SIMD3<Float>(rng.uniform(0.2...0.9), rng.uniform(0.2...0.9), rng.uniform(0.2...0.9))
            let opacity = rng.uniform(0.2...0.55)
            let hl = centre + SIMD2(-size * 0.35, -size * 0.3)
            let base = Elements.roundedRect(centre: centre, size: [size * 1.4, size * 1.8], corner: size * 0.3,
                                            angle: rng.uniform(-0.4...0.4), plate: plate,
                                            material: Material(colour: tint, texture: 0), noise: noise)
            let hr = size * 0.12
            canvas.add(Elements.translucent(base, opacity: { x, y in
                let d2 = ((x - hl.x) * (x - hl.x) + (y - hl.y) * (y - hl.y)) / (hr * hr)
                return opacity + (1 - opacity) * expf(-d2)
            }, colour: { x, y in
                let d2 = ((x - hl.x) * (x - hl.x) + (y - hl.y) * (y - hl.y)) / (hr * hr)
                return tint + SIMD3(repeating: 4 * expf(-d2))   // HDR specular highlight
            }))
        }
        // A veil: a sheer sheet whose density varies with its folds.
        let noise = ValueNoise(seed: rng.next())
        let centre = point(0.3...0.7, 0.3...0.7)
        let base = Elements.blob(centre: centre, radii: [W * (small ? 0.1 : 0.2), H * (small ? 0.15 : 0.3)], angle: 0.2,
                                 wobble: 0.15, plate: plate, material: Material(colour: [0.85, 0.75, 0.8], texture: 0.05),
                                 noise: noise)
        var veil = Elements.translucent(base, opacity: { x, y in
            0.25 + 0.12 * noise.fractal(x / (40 * self.s), y / (120 * self.s), octaves: 3)
        })
        veil.defocus(sigma: 2 * s)
        canvas.add(veil)
    }

    /// A smoke plume: fractal density, thin at the edges.
    mutating func smoke(_ canvas: inout Canvas, small: Bool = false) {
        let noise = ValueNoise(seed: rng.next())
        let centre = point(0.3...0.7, 0.35...0.65)
        let radii = SIMD2<Float>(W * (small ? 0.1 : 0.22), H * (small ? 0.15 : 0.32))
        let base = Elements.blob(centre: centre, radii: radii, angle: 0, wobble: 0.3, plate: plate,
                                 material: Material(colour: [0.6, 0.6, 0.62], texture: 0.15, scale: 50 * s), noise: noise)
        var plume = Elements.translucent(base, opacity: { x, y in
            let dx = (x - centre.x) / radii.x, dy = (y - centre.y) / radii.y
            let falloff = max(0, 1 - (dx * dx + dy * dy))
            let density = 0.5 + 0.5 * noise.fractal(x / (70 * self.s), y / (70 * self.s), octaves: 5)
            return 1 - expf(-2.2 * density * density * falloff)
        })
        plume.defocus(sigma: 3 * s)
        canvas.add(plume)
    }

    /// Fine netting over part of the frame, plus an object behind it.
    mutating func netting(_ canvas: inout Canvas, small: Bool = false) {
        if !small { solids(&canvas, count: 2) }
        let noise = ValueNoise(seed: rng.next())
        let centre = point(0.35...0.65, 0.35...0.65)
        let size = SIMD2<Float>(W * (small ? 0.18 : 0.45), H * (small ? 0.25 : 0.55))
        let base = Elements.roundedRect(centre: centre, size: size, corner: 30 * s, angle: rng.uniform(-0.2...0.2),
                                        plate: plate, material: Material(colour: [0, 0, 0], texture: 0), noise: noise)
        let colour: SIMD3<Float> = rng.next() % 2 == 0 ? [0.03, 0.03, 0.03] : [0.8, 0.8, 0.78]
        canvas.add(Elements.netting(base, spacing: rng.uniform(9...16) * s, thread: rng.uniform(0.8...1.6) * s,
                                    angle: rng.uniform(0.2...0.9), colour: colour))
    }
}
