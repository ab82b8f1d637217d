/// Grey-scale morphology over a single plane.
public enum Morphology {
    /// Grey-scale dilation (`grow` > 0) or erosion (`grow` < 0) with a square of radius |grow|, done as a
    /// horizontal then a vertical pass; the square is clipped at the frame's edges.
    public static func grow(
        _ p: [Float], width: Int, height: Int, by grow: Int, schedule: Schedule = .automatic
    ) -> [Float] {
        guard grow != 0 else { return p }
        let r = abs(grow)
        let pick: (Float, Float) -> Float = grow > 0 ? { Swift.max($0, $1) } : { Swift.min($0, $1) }
        var tmp = p
        tmp.withUnsafeMutableBufferPointer { t in
            let tp = UncheckedPointer(t.baseAddress!)
            schedule.forRows(height, width: width) { rows in
                for y in rows {
                    for x in 0..<width {
                        var v = p[y * width + x]
                        for k in Swift.max(0, x - r)...Swift.min(width - 1, x + r) { v = pick(v, p[y * width + k]) }
                        tp.pointer[y * width + x] = v
                    }
                }
            }
        }
        return Planes.make(width * height, schedule: schedule) { i in
            let x = i % width, y = i / width
            var v = tmp[i]
            for k in Swift.max(0, y - r)...Swift.min(height - 1, y + r) { v = pick(v, tmp[k * width + x]) }
            return v
        }
    }
}
