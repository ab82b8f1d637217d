import BacklotCore

/// What the keyer produced for one plate.
public struct KeyResult: Sendable {
    /// Straight (unpremultiplied) linear foreground colour, despilled (R, G, B).
    public var foreground: Image
    /// Linear alpha within 0…1 (one channel, `A`).
    public var alpha: Image
    /// The screen model used.
    public var screen: ScreenModel
    /// Seconds spent in each stage, in order.
    public var timings: [(stage: String, seconds: Double)]
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
        Image(planes: (0..<3).map { foreground.plane($0) } + [alpha.pixels], channels: ["R", "G", "B", "A"],
              dataWindow: foreground.dataWindow, displayWindow: foreground.displayWindow,
              colorSpace: foreground.colorSpace, alpha: .straight)
    }

    /// An 8-bit-ready preview: the foreground over a checkerboard (or `colour`), in linear light.
    public func composite(over colour: SIMD3<Float>? = nil, checkerSize: Int = 16) -> Image {
        var out = foreground
        let n = out.planeSize, w = out.width
        let a = alpha.pixels
        let size = max(1, checkerSize)
        for c in 0..<3 {
            let plane = c * n
            out.pixels.withUnsafeMutableBufferPointer { buf in
                let p = UncheckedPointer(buf.baseAddress!)
                Parallel.forChunks(n) { range in
                    for i in range {
                        let bg: Float
                        if let colour { bg = colour[c] } else { bg = ((i % w) / size + (i / w) / size) % 2 == 0 ? 0.18 : 0.08 }
                        p.pointer[plane + i] = a[i] * p.pointer[plane + i] + (1 - a[i]) * bg
                    }
                }
            }
        }
        return out
    }
}
