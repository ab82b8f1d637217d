/// Grey-scale morphology over a single plane.
public enum Morphology {
    /// Grey-scale dilation (`grow` > 0) or erosion (`grow` < 0) with a square of radius |grow|, done as a
    /// horizontal then a vertical pass; the square is clipped at the frame's edges.
    public static func grow(
        _ p: [Float], width: Int, height: Int, by grow: Int, schedule: Schedule = .automatic
    ) -> [Float] {
        guard grow != 0, !p.isEmpty, width > 0, height > 0 else { return p }
        let r = abs(grow), dilate = grow > 0
        var tmp = [Float](repeating: 0, count: width * height)
        var out = [Float](repeating: 0, count: width * height)
        p.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { t in
                let (s, tp) = (UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!)), UncheckedPointer(t.baseAddress!))
                // Along each row.
                schedule.forRows(height, width: width) { rows in
                    for y in rows {
                        let row = y * width
                        for x in 0..<width {
                            let lo = Swift.max(0, x - r), hi = Swift.min(width - 1, x + r)
                            var v = s.pointer[row + lo]
                            if dilate {
                                for k in lo...hi { v = Swift.max(v, s.pointer[row + k]) }
                            } else {
                                for k in lo...hi { v = Swift.min(v, s.pointer[row + k]) }
                            }
                            tp.pointer[row + x] = v
                        }
                    }
                }
            }
        }
        tmp.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                let (tp, op) = (UncheckedPointer(UnsafeMutablePointer(mutating: t.baseAddress!)), UncheckedPointer(o.baseAddress!))
                // Down each column, a row at a time (contiguous).
                schedule.forRows(height, width: width) { rows in
                    for y in rows {
                        let lo = Swift.max(0, y - r), hi = Swift.min(height - 1, y + r)
                        let row = y * width
                        for x in 0..<width { op.pointer[row + x] = tp.pointer[lo * width + x] }
                        guard hi > lo else { continue }
                        for k in (lo + 1)...hi {
                            let other = k * width
                            if dilate {
                                for x in 0..<width { op.pointer[row + x] = Swift.max(op.pointer[row + x], tp.pointer[other + x]) }
                            } else {
                                for x in 0..<width { op.pointer[row + x] = Swift.min(op.pointer[row + x], tp.pointer[other + x]) }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
