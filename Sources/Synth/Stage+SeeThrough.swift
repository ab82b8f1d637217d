import BacklotCore
import Foundation

/// What a scene adds to the camera's view besides its layers: shadows on the screen, the backing displaced
/// by refraction, and which part of the picture the hint is made from.
struct SceneExtras {
    /// Multiplies the screen's light (1 = unshadowed); the truth's background includes it, the alpha does not.
    var shadow: [Float]?
    /// Where the camera sees the backing through glass: the backing is sampled this many pixels away.
    var displacement: (dx: [Float], dy: [Float])?
    /// The alpha the hint is made from (the subject a segmenter or a roto artist would find); nil = all of it.
    var hintAlpha: [Float]?
    /// The hint style this scene always uses; nil = one of the three usual ones.
    var hintStyle: HintStyle?
}

/// The see-through scenes: the hard cases of keying, made harder than the first generators and different
/// from them (smoke lit both lighter and darker than the screen, fog, refracting tinted glass, sub-pixel
/// nets, subjects outside a low-resolution hint, shadows on the screen, a garment of the screen's colour).
extension Stage {
    /// Builds `scene` into `canvas`; returns what else the camera sees.
    mutating func seeThrough(_ scene: SynthScene, into canvas: inout Canvas, screen: SIMD3<Float>) -> SceneExtras {
        var extras = SceneExtras()
        let n = width * height
        switch scene {
        case .smokeVolume:
            person(&canvas, hairDensity: 0.4)
            extras.hintAlpha = canvas.alpha
            // A plume lit brighter than the screen crossing the frame's edge, outside the hint; one lit darker,
            // over the screen but inside the hint (rotoscoped with the subject); and one in front of the subject.
            plume(&canvas, centre: [rng.uniform(-0.05...0.08) * W, rng.uniform(0.3...0.6) * H], colour: [0.85, 0.84, 0.86])
            var dark = Canvas(width: width, height: height)
            plume(&dark, centre: [rng.uniform(0.78...0.86) * W, rng.uniform(0.3...0.6) * H], colour: [0.05, 0.05, 0.055], size: 0.8)
            canvas.add(dark)
            extras.hintAlpha = zip(extras.hintAlpha!, dark.alpha).map { max($0, $1) }
            plume(&canvas, centre: [rng.uniform(0.4...0.6) * W, rng.uniform(0.55...0.7) * H], colour: [0.5, 0.5, 0.52], size: 0.6)
        case .fog:
            solids(&canvas, count: 3)
            extras.hintAlpha = canvas.alpha
            fogBank(&canvas)
        case .tintedGlass:
            solids(&canvas, count: 1)
            var dx = [Float](repeating: 0, count: n)
            for k in 0..<3 { vessel(&canvas, bottle: k != 1, dx: &dx) }
            extras.displacement = (dx, [Float](repeating: 0, count: n))
        case .clearPane:
            person(&canvas, hairDensity: 0.3)
            var dx = [Float](repeating: 0, count: n), dy = dx
            pane(&canvas, dx: &dx, dy: &dy)
            extras.displacement = (dx, dy)
        case .fineNet:
            solids(&canvas, count: 2)
            let noise = ValueNoise(seed: rng.next())
            let base = Elements.roundedRect(centre: point(0.4...0.6, 0.4...0.6), size: [W * 0.5, H * 0.6], corner: 20 * s,
                                            angle: rng.uniform(-0.2...0.2), plate: plate,
                                            material: Material(colour: [0, 0, 0], texture: 0), noise: noise)
            let colours: [SIMD3<Float>] = [[0.03, 0.03, 0.03], [0.8, 0.8, 0.78], [0.6, 0.08, 0.06]]
            canvas.add(Elements.netting(base, spacing: rng.uniform(1.6...3.2) * s, thread: rng.uniform(0.3...0.6) * s,
                                        angle: rng.uniform(0.2...0.9), colour: colours[Int(rng.next() % 3)]))
        case .outsideHint:
            person(&canvas, hairDensity: 1.0)
            extras.hintAlpha = canvas.alpha
            extras.hintStyle = .lowres
            // Motion-blurred objects well away from the person, which a segmenter of people misses.
            for side: Float in [0.12, 0.86] {
                let noise = ValueNoise(seed: rng.next())
                let start = SIMD2(side * W, rng.uniform(0.2...0.5) * H)
                let travel = SIMD2<Float>(rng.uniform(-1...1), rng.uniform(0.2...1)) * rng.uniform(60...140) * s
                let radius = rng.uniform(35...70) * s
                let mat = material()
                canvas.add(Elements.motionBlurred(samples: 24, plate: plate) { t in
                    Elements.roundedRect(centre: start + travel * t, size: [radius * 1.6, radius], corner: 10 * s,
                                         angle: 0.5 * t, plate: plate, material: mat, noise: noise)
                })
            }
        case .screenShadow:
            person(&canvas, hairDensity: 0.5)
            solids(&canvas, count: 1)
            // The subject's own shadow, offset and soft, and the shadow of a hand held off-frame.
            let offset = SIMD2<Float>(rng.uniform(60...140), rng.uniform(-20...30)) * s
            let cast = canvas.shifted(by: offset).alpha
            var shadow = Blur.gaussian(cast, width: width, height: height, sigma: rng.uniform(4...12) * s)
            let hand = Elements.blob(centre: point(0.1...0.25, 0.15...0.4), radii: [70 * s, 110 * s], angle: 0.4,
                                     wobble: 0.2, plate: plate, material: Material(colour: [1, 1, 1], texture: 0),
                                     noise: ValueNoise(seed: rng.next()))
            var handShadow = Canvas(width: width, height: height)
            handShadow.add(hand)
            let soft = Blur.gaussian(handShadow.alpha, width: width, height: height, sigma: 14 * s)
            let depth = rng.uniform(0.35...0.6)
            for i in 0..<n { shadow[i] = 1 - depth * min(1, shadow[i] + soft[i]) }
            extras.shadow = shadow
        case .screenGarment:
            garment(&canvas, screen: screen)
        default:
            break
        }
        return extras
    }

    /// A smoke plume of `colour` around `centre`, fractal and drifting, thin at its edges.
    private mutating func plume(_ canvas: inout Canvas, centre: SIMD2<Float>, colour: SIMD3<Float>, size: Float = 1) {
        let noise = ValueNoise(seed: rng.next())
        let radii = SIMD2<Float>(W * 0.2, H * 0.3) * size
        let base = Elements.blob(centre: centre, radii: radii, angle: rng.uniform(-0.5...0.5), wobble: 0.35, plate: plate,
                                 material: Material(colour: colour, texture: 0.1, scale: 60 * s), noise: noise)
        let peak = rng.uniform(1.2...2.4)
        var layer = Elements.translucent(base, opacity: { x, y in
            let dx = (x - centre.x) / radii.x, dy = (y - centre.y) / radii.y
            let falloff = max(0, 1 - (dx * dx + dy * dy))
            let density = max(0, 0.45 + 0.55 * noise.fractal(x / (90 * self.s) + dy, y / (60 * self.s), octaves: 5))
            return 1 - expf(-peak * density * falloff)
        })
        layer.defocus(sigma: 4 * s)
        canvas.add(layer)
    }

    /// A fog bank along the bottom of the frame: density rising towards the floor, in slow drifting billows.
    private mutating func fogBank(_ canvas: inout Canvas) {
        let noise = ValueNoise(seed: rng.next())
        let top = rng.uniform(0.5...0.7) * H
        let colour = SIMD3<Float>(0.7, 0.72, 0.76) * rng.uniform(0.7...1.3)
        let peak = rng.uniform(0.5...0.85)
        var layer = Layer(x0: 0, y0: Int(top), width: width, height: height - Int(top))
        for ly in 0..<layer.height {
            for lx in 0..<layer.width {
                let x = Float(lx), y = Float(ly + layer.y0)
                let rise = min(1, (y - top) / (H - top) * 1.6)
                let billow = 0.6 + 0.4 * noise.fractal(x / (160 * s), y / (50 * s), octaves: 4)
                let i = ly * layer.width + lx
                layer.coverage[i] = max(0, min(1, peak * rise * rise * billow))
                let tint = 1 + 0.08 * noise.value(x / (300 * s) + 5, y / (300 * s))
                layer.red[i] = colour.x * tint
                layer.green[i] = colour.y * tint
                layer.blue[i] = colour.z * tint
            }
        }
        canvas.add(layer)
    }

    /// A bottle or a cup of tinted glass: fractional density, thicker at its rims, an HDR highlight streak, and
    /// the backing behind it displaced as a cylinder lens would.
    private mutating func vessel(_ canvas: inout Canvas, bottle: Bool, dx: inout [Float]) {
        let tints: [SIMD3<Float>] = [[0.9, 0.75, 0.12], [0.12, 0.7, 0.8], [0.7, 0.35, 0.08], [0.85, 0.85, 0.9]]
        let tint = tints[Int(rng.next() % UInt64(tints.count))]
        let centre = point(0.15...0.85, 0.3...0.7)
        let bodyW = rng.uniform(bottle ? 90...130 : 150...220) * s
        let bodyH = bottle ? bodyW * rng.uniform(2.0...2.6) : bodyW * rng.uniform(0.9...1.2)
        let density = rng.uniform(0.25...0.5)
        let streak = rng.uniform(0.15...0.3)
        let noise = ValueNoise(seed: rng.next())
        var pieces = [(centre, SIMD2(bodyW, bodyH))]
        if bottle { pieces.append((centre - SIMD2(0, bodyH * 0.62), SIMD2(bodyW * 0.34, bodyH * 0.4))) }
        for (c, size) in pieces {
            let base = Elements.roundedRect(centre: c, size: size, corner: size.x * 0.25, angle: 0, plate: plate,
                                            material: Material(colour: tint, texture: 0), noise: noise)
            let half = size.x / 2, streakX = c.x - size.x * streak, s = self.s
            let glass = Elements.translucent(base, opacity: { x, _ in
                let u = min(1, abs(x - c.x) / half)
                return min(1, density + 0.35 * powf(u, 6) + 0.6 * expf(-powf((x - streakX) / (4 * s), 2)))
            }, colour: { x, _ in
                tint + SIMD3(repeating: 3 * expf(-powf((x - streakX) / (4 * s), 2)))   // a highlight above 1
            })
            for ly in 0..<glass.height {
                for lx in 0..<glass.width where glass.coverage[ly * glass.width + lx] > 0 {
                    let u = max(-1, min(1, (Float(lx + glass.x0) - c.x) / half))
                    dx[(ly + glass.y0) * width + lx + glass.x0] = -0.35 * half * u * u * u
                }
            }
            canvas.add(glass)
        }
    }

    /// A large pane of clear glass: a few percent of reflection, a bright streak, a thin dark frame, and a
    /// slight ripple in the backing seen through it.
    private mutating func pane(_ canvas: inout Canvas, dx: inout [Float], dy: inout [Float]) {
        let noise = ValueNoise(seed: rng.next())
        let centre = point(0.4...0.6, 0.4...0.6)
        let size = SIMD2<Float>(W * rng.uniform(0.35...0.5), H * rng.uniform(0.5...0.7))
        let base = Elements.roundedRect(centre: centre, size: size, corner: 2 * s, angle: 0, plate: plate,
                                        material: Material(colour: [0.92, 0.95, 0.96], texture: 0), noise: noise)
        let reflect = rng.uniform(0.05...0.14)
        let slope = rng.uniform(-0.8...0.8), s = self.s
        let glass = Elements.translucent(base, opacity: { x, y in
            let streak = expf(-powf(((x - centre.x) - slope * (y - centre.y)) / (10 * s), 2))
            return reflect + 0.3 * streak
        }, colour: { x, y in
            let streak = expf(-powf(((x - centre.x) - slope * (y - centre.y)) / (10 * s), 2))
            return SIMD3<Float>(0.92, 0.95, 0.96) + SIMD3(repeating: 2 * streak)
        })
        for ly in 0..<glass.height {
            for lx in 0..<glass.width where glass.coverage[ly * glass.width + lx] > 0 {
                let x = Float(lx + glass.x0), y = Float(ly + glass.y0)
                let i = (ly + glass.y0) * width + lx + glass.x0
                dx[i] = 3 * s * noise.value(x / (120 * s), y / (120 * s))
                dy[i] = 3 * s * noise.value(x / (120 * s) + 7, y / (120 * s))
            }
        }
        canvas.add(glass)
        // The frame: four thin dark bars.
        let bar = 6 * s
        for (c, sz) in [(SIMD2(centre.x, centre.y - size.y / 2), SIMD2(size.x, bar)), (SIMD2(centre.x, centre.y + size.y / 2), SIMD2(size.x, bar)),
                        (SIMD2(centre.x - size.x / 2, centre.y), SIMD2(bar, size.y)), (SIMD2(centre.x + size.x / 2, centre.y), SIMD2(bar, size.y))] {
            canvas.add(Elements.roundedRect(centre: c, size: sz, corner: 1, angle: 0, plate: plate,
                                            material: Material(colour: [0.08, 0.08, 0.09], texture: 0.1), noise: noise))
        }
    }

    /// A person in a shirt of nearly the screen's own colour, with small saturated details sewn on it.
    private mutating func garment(_ canvas: inout Canvas, screen: SIMD3<Float>) {
        let noise = ValueNoise(seed: rng.next())
        let cx = rng.uniform(0.4...0.6) * W
        let shirtColour = screen * rng.uniform(0.75...1.05) * SIMD3(rng.uniform(0.8...1.3), 1, rng.uniform(0.8...1.3))
        let shirt = Material(colour: shirtColour, texture: 0.15, scale: 25 * s)
        canvas.add(Elements.roundedRect(centre: [cx, H * 0.95], size: [500 * s, H * 0.8], corner: 90 * s, angle: 0,
                                        plate: plate, material: shirt, noise: noise))
        canvas.add(Elements.blob(centre: [cx, H * 0.3], radii: [105 * s, 125 * s], angle: 0, wobble: 0.03, plate: plate,
                                 material: Material(colour: [0.55, 0.31, 0.22], texture: 0.12, scale: 18 * s), noise: noise))
        // Sequins and stones: small saturated dots of teal, yellow and blue on the shirt.
        let details: [SIMD3<Float>] = [[0.02, 0.35, 0.32], [0.75, 0.6, 0.04], [0.05, 0.12, 0.5]]
        for _ in 0..<40 {
            let c = SIMD2(cx + rng.uniform(-200...200) * s, rng.uniform(0.62...0.95) * H)
            let r = rng.uniform(3...7) * s
            canvas.add(Elements.blob(centre: c, radii: [r, r], angle: 0, wobble: 0, plate: plate,
                                     material: Material(colour: details[Int(rng.next() % 3)], texture: 0), noise: noise))
        }
    }
}
