import BacklotCore

/// Shadows cast on the screen, for compositors who keep them: the matte treats them as screen (alpha 0), and
/// this pass says how dark each one is, as a density (0 = lit screen, 1 = black).
enum ShadowPass {
    /// `1 − L(pixel) / L(lit screen)` where the matte is screen, fading out with alpha. The lit screen is the
    /// clean plate when one was given; otherwise it is fitted at an eighth and a sixteenth of the frame from the
    /// screen pixels that are not darker than the previous fit (so a shadow does not lower it). Densities below 4% are sensor noise
    /// and screen unevenness, and are 0.
    static func density(rgb: [[Float]], alpha: [Float], backing: GridField, fromCleanPlate: Bool, frame: Frame) -> [Float] {
        let (w, n) = (frame.width, frame.count)
        let lit: GridField
        if fromCleanPlate {
            lit = backing
        } else {
            // Coarse fits, each from the screen pixels not darker than the last: a shadow smaller than an
            // eighth of the frame cannot pull them down.
            let screen = Planes.make(n, schedule: frame.schedule) { alpha[$0] <= 0 ? 1 : 0 }
            var weight = screen
            var field = PushPull.gridField(rgb: rgb, weight: weight, width: w, height: frame.height,
                                           cell: Swift.max(frame.cell, frame.height / 8), schedule: frame.schedule)
            for cell in [frame.height / 8, frame.height / 16] {
                weight = brighterThan(field, ratio: 0.93, rgb: rgb, weight: screen, frame: frame)
                field = PushPull.gridField(rgb: rgb, weight: weight, width: w, height: frame.height,
                                           cell: Swift.max(frame.cell, cell), schedule: frame.schedule)
            }
            lit = field
        }
        let ratio = luminanceRatio(rgb, to: lit, frame: frame)
        return Planes.make(n, schedule: frame.schedule) { i in
            let a = alpha[i]
            guard a < 1 else { return 0 }
            let d = Swift.min(Swift.max(1 - ratio[i], 0), 1)
            return (1 - a) * (d < 0.04 ? 0 : d)
        }
    }

    /// `weight` where the pixel's luminance is at least `ratio` times the field's, else 0.
    private static func brighterThan(_ field: GridField, ratio: Float, rgb: [[Float]], weight: [Float], frame: Frame) -> [Float] {
        let r = luminanceRatio(rgb, to: field, frame: frame)
        return Planes.make(frame.count, schedule: frame.schedule) { weight[$0] > 0 && r[$0] >= ratio ? 1 : 0 }
    }

    /// Each pixel's luminance over the field's there.
    private static func luminanceRatio(_ rgb: [[Float]], to field: GridField, frame: Frame) -> [Float] {
        let w = frame.width
        var out = [Float](parallelRepeating: 0, count: frame.count)
        rgb.withPlanePointers { p in
            out.withUnsafeMutableBufferPointer { buf in
                let o = UncheckedPointer(buf.baseAddress!)
                field.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let b = sample(y)
                        for x in 0..<w {
                            let i = y * w + x
                            let li = 0.2126 * p[0].pointer[i] + 0.7152 * p[1].pointer[i] + 0.0722 * p[2].pointer[i]
                            let lb = 0.2126 * b[0][x] + 0.7152 * b[1][x] + 0.0722 * b[2][x]
                            o.pointer[i] = li / Swift.max(lb, 1e-5)
                        }
                    }
                }
            }
        }
        return out
    }
}
