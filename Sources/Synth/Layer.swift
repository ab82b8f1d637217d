import BacklotCore

/// One element of a synthetic plate before it is composited: coverage and straight colour inside a box.
struct Layer {
    /// Top-left corner and size of the box, in plate pixels.
    var x0: Int, y0: Int, width: Int, height: Int
    /// Fraction of each pixel covered (0…1).
    var coverage: [Float]
    /// Straight colour of the element where it covers.
    var red: [Float], green: [Float], blue: [Float]

    init(x0: Int, y0: Int, width: Int, height: Int) {
        self.x0 = x0
        self.y0 = y0
        self.width = max(0, width)
        self.height = max(0, height)
        let n = self.width * self.height
        coverage = [Float](repeating: 0, count: n)
        red = coverage
        green = coverage
        blue = coverage
    }

    /// A layer covering the box that bounds `(minX, minY)-(maxX, maxY)`, clipped to the plate.
    init(bounds minX: Float, _ minY: Float, _ maxX: Float, _ maxY: Float, plateWidth: Int, plateHeight: Int) {
        let x0 = max(0, Int(minX.rounded(.down)) - 1), y0 = max(0, Int(minY.rounded(.down)) - 1)
        let x1 = min(plateWidth, Int(maxX.rounded(.up)) + 2), y1 = min(plateHeight, Int(maxY.rounded(.up)) + 2)
        self.init(x0: x0, y0: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Softens the coverage (a defocused edge) with a Gaussian of `sigma` pixels.
    mutating func defocus(sigma: Float) {
        guard width > 0, height > 0 else { return }
        coverage = Blur.gaussian(coverage, width: width, height: height, sigma: sigma)
    }
}

/// Accumulates layers back to front in linear light: premultiplied colour and alpha.
struct Canvas {
    let width: Int, height: Int
    var red: [Float], green: [Float], blue: [Float], alpha: [Float]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        red = [Float](repeating: 0, count: width * height)
        green = red
        blue = red
        alpha = red
    }

    /// Composites `layer` over what is already there (`over` in premultiplied form).
    mutating func add(_ layer: Layer, opacity: Float = 1) {
        for ly in 0..<layer.height {
            let y = ly + layer.y0
            guard y >= 0, y < height else { continue }
            for lx in 0..<layer.width {
                let x = lx + layer.x0
                guard x >= 0, x < width else { continue }
                let li = ly * layer.width + lx
                let c = min(max(layer.coverage[li] * opacity, 0), 1)
                guard c > 0 else { continue }
                let i = y * width + x
                let k = 1 - c
                red[i] = c * layer.red[li] + k * red[i]
                green[i] = c * layer.green[li] + k * green[i]
                blue[i] = c * layer.blue[li] + k * blue[i]
                alpha[i] = c + k * alpha[i]
            }
        }
    }

    /// Adds `other`'s premultiplied content over this canvas.
    mutating func add(_ other: Canvas) {
        for i in 0..<alpha.count where other.alpha[i] > 0 {
            let k = 1 - other.alpha[i]
            red[i] = other.red[i] + k * red[i]
            green[i] = other.green[i] + k * green[i]
            blue[i] = other.blue[i] + k * blue[i]
            alpha[i] = other.alpha[i] + k * alpha[i]
        }
    }

    /// This canvas moved by `offset` pixels (bilinear, so sub-pixel moves stay smooth); what moves in from
    /// outside the frame is empty.
    func shifted(by offset: SIMD2<Float>) -> Canvas {
        var out = Canvas(width: width, height: height)
        let x0 = Int(offset.x.rounded(.down)), y0 = Int(offset.y.rounded(.down))
        let fx = offset.x - Float(x0), fy = offset.y - Float(y0)
        let taps: [(dx: Int, dy: Int, w: Float)] = [(x0, y0, (1 - fx) * (1 - fy)), (x0 + 1, y0, fx * (1 - fy)),
                                                    (x0, y0 + 1, (1 - fx) * fy), (x0 + 1, y0 + 1, fx * fy)]
        for y in 0..<height {
            for x in 0..<width {
                let o = y * width + x
                for tap in taps where tap.w > 0 {
                    let sx = x - tap.dx, sy = y - tap.dy
                    guard sx >= 0, sx < width, sy >= 0, sy < height else { continue }
                    let i = sy * width + sx
                    out.red[o] += tap.w * red[i]
                    out.green[o] += tap.w * green[i]
                    out.blue[o] += tap.w * blue[i]
                    out.alpha[o] += tap.w * alpha[i]
                }
            }
        }
        return out
    }
}
