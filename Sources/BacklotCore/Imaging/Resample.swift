extension Image {
    /// A copy resized to `width` x `height` with an area-averaging (box) filter when shrinking and bilinear
    /// interpolation when enlarging. Values are convex combinations of the input, so nothing overshoots.
    public func resized(width: Int, height: Int, schedule: Schedule = .automatic) -> Image {
        precondition(width > 0 && height > 0)
        if width == self.width && height == self.height { return self }
        let sw = self.width, sh = self.height
        let n = width * height
        var out = (0..<channelCount).map { _ in [Float](parallelRepeating: 0, count: n) }
        let sx = Float(sw) / Float(width), sy = Float(sh) / Float(height)
        planes.withPlanePointers { s in
            out.withMutablePlanePointers { d in
                schedule.forRows(height, width: width) { rows in
                    for y in rows {
                        for x in 0..<width {
                            for c in 0..<channelCount {
                                let plane = s[c].pointer
                                let v: Float
                                if sx > 1 || sy > 1 {
                                    // Average the source pixels under this output pixel.
                                    let x0 = Int(Float(x) * sx), x1 = max(x0 + 1, min(sw, Int(Float(x + 1) * sx)))
                                    let y0 = Int(Float(y) * sy), y1 = max(y0 + 1, min(sh, Int(Float(y + 1) * sy)))
                                    var sum: Float = 0
                                    for yy in y0..<y1 { for xx in x0..<x1 { sum += plane[yy * sw + xx] } }
                                    v = sum / Float((x1 - x0) * (y1 - y0))
                                } else {
                                    let fx = max(0, min(Float(sw - 1), (Float(x) + 0.5) * sx - 0.5))
                                    let fy = max(0, min(Float(sh - 1), (Float(y) + 0.5) * sy - 0.5))
                                    let x0 = Int(fx), y0 = Int(fy)
                                    let x1 = min(x0 + 1, sw - 1), y1 = min(y0 + 1, sh - 1)
                                    let tx = fx - Float(x0), ty = fy - Float(y0)
                                    let top = plane[y0 * sw + x0] * (1 - tx) + plane[y0 * sw + x1] * tx
                                    let bottom = plane[y1 * sw + x0] * (1 - tx) + plane[y1 * sw + x1] * tx
                                    v = top * (1 - ty) + bottom * ty
                                }
                                d[c].pointer[y * width + x] = v
                            }
                        }
                    }
                }
            }
        }
        let window = PixelWindow(width: width, height: height)
        return Image(planes: out, channels: channelNames, dataWindow: window, displayWindow: window,
                     colorSpace: colorSpace, alpha: alpha)
    }
}
