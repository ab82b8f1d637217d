import BacklotCore

/// Small planar helpers shared by the keying stages: every plane is `[Float]`, row-major, `width * height`.
enum Planes {
    /// Stands in for the buffer of an empty plane.
    nonisolated(unsafe) private static let nowhere = UnsafeMutablePointer<Float>.allocate(capacity: 1)

    /// A new plane with `body(i)` at every index, computed in parallel (no zero-fill first: every sample is
    /// written exactly once).
    @inline(__always)
    static func make(_ count: Int, _ body: (Int) -> Float) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { buf, initialised in
            let p = UncheckedPointer(buf.baseAddress!)
            Parallel.forChunks(count) { range in
                for i in range { (p.pointer + i).initialize(to: body(i)) }
            }
            initialised = count
        }
    }

    /// Calls `body` with read pointers to every plane of `planes` (valid for the call; shareable with
    /// `Parallel` workers). An empty plane gets a pointer that must not be read.
    static func reading<R>(_ planes: [[Float]], _ body: ([UncheckedPointer<Float>]) -> R) -> R {
        func collect(_ k: Int, _ pointers: [UncheckedPointer<Float>]) -> R {
            guard k < planes.count else { return body(pointers) }
            return planes[k].withUnsafeBufferPointer { buf in
                let base = buf.baseAddress.map { UnsafeMutablePointer(mutating: $0) } ?? nowhere
                return collect(k + 1, pointers + [UncheckedPointer(base)])
            }
        }
        return collect(0, [])
    }

    /// Area-average downsample by an integer `factor` (edges average what they have).
    static func downsample(_ p: [Float], width: Int, height: Int, factor: Int) -> (plane: [Float], width: Int, height: Int) {
        guard factor > 1 else { return (p, width, height) }
        let w = (width + factor - 1) / factor, h = (height + factor - 1) / factor
        var out = [Float](repeating: 0, count: w * h)
        p.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!))
                let d = UncheckedPointer(dst.baseAddress!)
                Parallel.forRows(h, width: w * factor) { rows in
                    for gy in rows {
                        let y0 = gy * factor, y1 = min(height, y0 + factor)
                        for gx in 0..<w {
                            let x0 = gx * factor, x1 = min(width, x0 + factor)
                            var sum: Float = 0
                            for y in y0..<y1 { for x in x0..<x1 { sum += s.pointer[y * width + x] } }
                            d.pointer[gy * w + gx] = sum / Float((y1 - y0) * (x1 - x0))
                        }
                    }
                }
            }
        }
        return (out, w, h)
    }

    /// Bilinear upsample of a grid made by `downsample(factor:)` back to `width` x `height` (cell centres aligned).
    static func upsample(_ g: [Float], gridWidth gw: Int, gridHeight gh: Int, factor: Int, width: Int, height: Int) -> [Float] {
        guard factor > 1 else { return g }
        var out = [Float](repeating: 0, count: width * height)
        let inv = 1 / Float(factor)
        // Column taps are the same on every row: work them out once.
        var x0s = [Int](repeating: 0, count: width), x1s = x0s
        var txs = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let fx = max(0, min(Float(gw - 1), (Float(x) + 0.5) * inv - 0.5))
            x0s[x] = Int(fx)
            x1s[x] = min(x0s[x] + 1, gw - 1)
            txs[x] = fx - Float(x0s[x])
        }
        g.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                x0s.withUnsafeBufferPointer { x0p in
                    x1s.withUnsafeBufferPointer { x1p in
                        txs.withUnsafeBufferPointer { txp in
                            let s = UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!))
                            let d = UncheckedPointer(dst.baseAddress!)
                            let a0 = UncheckedPointer(UnsafeMutablePointer(mutating: x0p.baseAddress!))
                            let a1 = UncheckedPointer(UnsafeMutablePointer(mutating: x1p.baseAddress!))
                            let at = UncheckedPointer(UnsafeMutablePointer(mutating: txp.baseAddress!))
                            Parallel.forRows(height, width: width) { rows in
                                var top = [Float](repeating: 0, count: gw)
                                for y in rows {
                                    let fy = max(0, min(Float(gh - 1), (Float(y) + 0.5) * inv - 0.5))
                                    let y0 = Int(fy), y1 = min(y0 + 1, gh - 1), ty = fy - Float(y0)
                                    let r0 = s.pointer + y0 * gw, r1 = s.pointer + y1 * gw
                                    // Blend the two grid rows once, then interpolate along x.
                                    for gx in 0..<gw { top[gx] = r0[gx] + (r1[gx] - r0[gx]) * ty }
                                    let o = d.pointer + y * width
                                    top.withUnsafeBufferPointer { t in
                                        let tp = t.baseAddress!
                                        for x in 0..<width {
                                            let v0 = tp[a0.pointer[x]], v1 = tp[a1.pointer[x]]
                                            o[x] = v0 + (v1 - v0) * at.pointer[x]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension Float {
    /// Hermite smoothstep between `e0` and `e1`.
    @inline(__always)
    static func smoothstep(_ e0: Float, _ e1: Float, _ x: Float) -> Float {
        let t = Swift.min(Swift.max((x - e0) / (e1 - e0), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
