import BacklotCore

/// What the keyer produced for one plate.
public struct KeyResult: Sendable {
    /// Straight (unpremultiplied) linear foreground colour, despilled (R, G, B).
    public var foreground: Image
    /// Linear alpha within 0…1 (one channel, `A`).
    public var alpha: Image
    /// The density of shadows cast on the screen (one channel, `Y`: 0 = lit screen, 1 = black), when asked for.
    public var shadow: Image? = nil
    /// The screen model used.
    public var screen: ScreenModel
    /// Seconds spent in each stage, in order.
    public var timings: [StageTiming]
    /// Things a user should know (hint resampled, no screen found, NaNs replaced, …).
    public var notes: [String]

    /// Premultiplied RGBA, the EXR convention (values above 1 are kept).
    public var premultiplied: Image {
        var out = straightRGBA
        out.premultiply()
        return out
    }

    /// Straight RGB plus A.
    public var straightRGBA: Image {
        Image(planes: Array(foreground.planes.prefix(3)) + [alpha.planes[0]], channels: ["R", "G", "B", "A"],
              dataWindow: foreground.dataWindow, displayWindow: foreground.displayWindow,
              colorSpace: foreground.colorSpace, alpha: .straight)
    }

    /// An 8-bit-ready preview: the foreground over a checkerboard (or `colour`), in linear light.
    public func composite(over colour: SIMD3<Float>? = nil, checkerSize: Int = 16, schedule: Schedule = .automatic) -> Image {
        var out = foreground
        let w = out.width, h = out.height
        let size = max(1, checkerSize)
        let a = alpha.planes[0]
        out.planes.withMutablePlanePointers { p in
            [a].withPlanePointers { a in
                let a = a[0].pointer
                schedule.forRows(h, width: w) { rows in
                    for y in rows {
                        for c in 0..<3 {
                            let row = p[c].pointer + y * w, ar = a + y * w
                            var x = 0
                            while x < w {
                                // One checker square (or the whole row over a colour) at a time.
                                let end = colour == nil ? min(w, (x / size + 1) * size) : w
                                let bg: Float = colour?[c] ?? ((x / size + y / size) % 2 == 0 ? 0.18 : 0.08)
                                for i in x..<end { row[i] = ar[i] * row[i] + (1 - ar[i]) * bg }
                                x = end
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
