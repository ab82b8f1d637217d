import BacklotCore
import Foundation

extension Keyer {
    /// Alpha from the key difference against the local backing: 1 − d(I) / d(B), and never so low that the
    /// foreground would have to be much brighter than the pixel itself.
    static func keyDifferenceAlpha(rgb: [[Float]], screen: ScreenFit, frame: Frame) -> [Float] {
        let floor = 0.02 * Swift.max(screen.colour[screen.key], 1e-3)
        let (w, key) = (frame.width, screen.key)
        var out = [Float](parallelRepeating: 0, count: frame.count)
        rgb.withPlanePointers { p in
            let (r, g, b) = (p[0].pointer, p[1].pointer, p[2].pointer)
            out.withUnsafeMutableBufferPointer { buf in
                let o = UncheckedPointer(buf.baseAddress!)
                screen.backing.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let bk = sample(y)
                        let (br, bg, bb) = (bk[0], bk[1], bk[2])
                        for x in 0..<w {
                            let i = y * w + x
                            let d = Swift.max(ScreenModel.difference(br[x], bg[x], bb[x], key: key), floor)
                            var a = 1 - ScreenModel.difference(r[i], g[i], b[i], key: key) / d
                            // A pixel much brighter than the screen behind it is mostly subject (an HDR highlight
                            // with a tint of the key colour is not a transparent one): the foreground may not
                            // exceed 1.05x the pixel's own luminance unless it stays below 1.
                            let li = 0.2126 * r[i] + 0.7152 * g[i] + 0.0722 * b[i]
                            let lb = 0.2126 * br[x] + 0.7152 * bg[x] + 0.0722 * bb[x]
                            // (Branch-free: where li ≤ lb the bound is ≤ 0 and the clamp below makes it moot.)
                            a = Swift.max(a, (li - lb) / Swift.max(Swift.max(1.05 * li, 1) - lb, 1e-3))
                            o.pointer[i] = Swift.min(Swift.max(a, 0), 1)
                        }
                    }
                }
            }
        }
        return out
    }

    /// The regional prior: far outside `region` (the hint, or one made from colour) only clear evidence
    /// counts; deep inside it, uniform colours that merely lean towards the screen are solid.
    static func applyRegionPrior(
        alpha: [Float], region: [Float], rgb: [[Float]], screen: ScreenFit, sigma: Float, frame: Frame,
        settings: KeyerSettings
    ) -> [Float] {
        let (w, h, n, cell, scale) = (frame.width, frame.height, frame.count, frame.cell, frame.scale)
        let tolerance = settings.hintTolerance * scale
        let inside = Planes.make(n, schedule: frame.schedule) { region[$0] > 0.5 ? 1 : 0 }
        let grid = Planes.downsample(inside, width: w, height: h, factor: cell, schedule: frame.schedule)
        let spread = Blur.gaussian(grid.plane, width: grid.width, height: grid.height, sigma: tolerance / 2 / Float(cell),
                                   schedule: frame.schedule)
        // How far inside the region each pixel is and the local mean colour, read off the grid row by row with
        // the backing.
        let meanRGB = rgb.map { Planes.downsample($0, width: w, height: h, factor: cell, schedule: frame.schedule).plane }
        let reach = GridField(grids: [spread] + meanRGB, gridWidth: grid.width, gridHeight: grid.height, cell: cell, width: w,
                              height: h).appending(screen.backing)
        // Local mean and spread of alpha: a solid greenish surface is uniform, hair and nets are not.
        let window = Swift.max(1, Int(3 * scale))
        let smoothAlpha = Blur.box(alpha, width: w, height: h, radius: window, schedule: frame.schedule)
        let square = Planes.make(n, schedule: frame.schedule) { alpha[$0] * alpha[$0] }
        let smoothSquare = Blur.box(square, width: w, height: h, radius: window, schedule: frame.schedule)
        let farClip = Swift.max(0.12, 4 * sigma)
        // Far outside the region, what is connected to clear evidence stays (the thin edges of smoke and blur
        // with it); faint specks on their own go. The hint resolves ambiguity near the subject; it crops nothing.
        // (Connectivity is taken over the cells of the grid: each cell's largest alpha.)
        let low = Swift.max(0.03, 3 * sigma)
        var anchored = cellMaxima(alpha, frame: frame)
        let gw = (w + cell - 1) / cell
        _ = Islands.keepAnchored(&anchored, width: gw, height: (h + cell - 1) / cell, low: low, high: farClip,
                                 schedule: frame.schedule)
        let sigma2 = sigma * sigma
        var out = [Float](parallelRepeating: 0, count: n)
        ([alpha, smoothAlpha, smoothSquare] + rgb).withPlanePointers { p in
            let (al, sa, sq) = (p[0], p[1], p[2])
            let (r, g, b) = (p[3], p[4], p[5])
            out.withUnsafeMutableBufferPointer { buf in
                let o = UncheckedPointer(buf.baseAddress!)
                reach.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let fields = sample(y)
                        let (re, mr, mg, mb) = (fields[0], fields[1], fields[2], fields[3])
                        let (br, bg, bb) = (fields[4], fields[5], fields[6])
                        for x in 0..<w {
                            let i = y * w + x
                            let a = al.pointer[i]
                            let near = Float.smoothstep(0.005, 0.03, re[x])
                            let core = Float.smoothstep(0.95, 0.99, re[x])
                            let kept = near * a + (1 - near) * (a > low && anchored[(y / cell) * gw + x / cell] > 0 ? a : 0)
                            o.pointer[i] = kept
                            guard core > 0, kept < 1 else { continue }
                            // Deep inside, uniform colours that merely lean towards the screen are solid. Smoke,
                            // glass and veils are uniform too, but they add light to the screen behind them: a
                            // surface brighter than its backing is left to the unmix. (The variance sensor noise
                            // adds is taken out, so a noisy plate's surfaces still look uniform.)
                            let mean = sa.pointer[i]
                            let spread = Swift.max(0, sq.pointer[i] - mean * mean - sigma2).squareRoot()
                            let li = 0.2126 * r.pointer[i] + 0.7152 * g.pointer[i] + 0.0722 * b.pointer[i]
                            let lb = 0.2126 * br[x] + 0.7152 * bg[x] + 0.0722 * bb[x]
                            // And smoke, fog, clear glass and grey nets are neutral, lighter or darker than the screen:
                            // somewhere on the line from the backing through the pixel, at an alpha the key
                            // difference allows, they unmix to a grey. A subject that only leans towards the screen
                            // (olive, teal, a green shirt) stays clearly coloured all along that line. (A grey
                            // surface lit by a little spill is neutral too, but nearly opaque already: smoke that
                            // dense loses little by being made solid.)
                            let neutral = neutralReach(backing: SIMD3(br[x], bg[x], bb[x]), pixel: SIMD3(mr[x], mg[x], mb[x]),
                                                       alpha: mean)
                            let solid = Float.smoothstep(0.15, 0.35, mean) * (1 - Float.smoothstep(0.06, 0.15, spread))
                                * (1 - Float.smoothstep(1.0, 1.15, li / Swift.max(lb, 1e-4)))
                                * Swift.max(Float.smoothstep(0.12, 0.3, neutral), Float.smoothstep(0.75, 0.9, mean))
                            o.pointer[i] = Swift.max(kept, core * solid)
                        }
                    }
                }
            }
        }
        return out
    }

    /// How close to grey a foreground can get on the line from `backing` through `pixel` (a cell's mean colour),
    /// for alphas from 1 down to three quarters of `alpha`: the smallest distance from the grey axis, relative
    /// to the backing's own. Near 0 for smoke, fog and clear glass, lit lighter or darker than the screen; near
    /// 1 and above for a surface of a colour (olive, teal, a green shirt).
    static func neutralReach(backing: SIMD3<Float>, pixel: SIMD3<Float>, alpha: Float) -> Float {
        let offGrey = { (v: SIMD3<Float>) in v - SIMD3(repeating: v.sum() / 3) }
        let (pb, pu) = (offGrey(backing), offGrey(pixel - backing))
        let uu = (pu * pu).sum()
        let farthest = 1 / Swift.max(0.75 * alpha, 0.05)
        let s = uu > 1e-12 ? Swift.min(Swift.max(-(pb * pu).sum() / uu, 1), Swift.max(farthest, 1)) : 1
        let nearest = pb + s * pu
        return ((nearest * nearest).sum() / Swift.max((pb * pb).sum(), 1e-8)).squareRoot()
    }

    /// The largest value in each cell of the grid.
    static func cellMaxima(_ plane: [Float], frame: Frame) -> [Float] {
        let (w, h, cell) = (frame.width, frame.height, frame.cell)
        let (gw, gh) = ((w + cell - 1) / cell, (h + cell - 1) / cell)
        var out = [Float](repeating: 0, count: gw * gh)
        plane.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let (s, d) = (UncheckedPointer(UnsafeMutablePointer(mutating: src.baseAddress!)), UncheckedPointer(dst.baseAddress!))
                frame.schedule.forRows(gh, width: w * cell) { rows in
                    for gy in rows {
                        for y in (gy * cell)..<Swift.min(h, (gy + 1) * cell) {
                            let row = s.pointer + y * w
                            for x in 0..<w where row[x] > d.pointer[gy * gw + x / cell] { d.pointer[gy * gw + x / cell] = row[x] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Where nearby solid pixels show what the subject looks like, a pixel lying on the line from its backing
    /// to that colour is unmixed along that line. This recovers subjects whose colour leans towards the
    /// screen (olive, teal, green-tinted glass), which the key difference alone takes for transparency;
    /// pixels off the line (hair over a skin-coloured neighbour) keep their key-difference alpha.
    ///
    /// The subject's colour near a pixel is the mean of the nearby seeds weighted towards those furthest from
    /// the screen colour: on a solid surface that is its mean colour, on a net finer than a pixel (where no
    /// pixel is solid, and the key difference calls every one of a saturated colour solid) it is the colour of
    /// the densest crossings, the closest to the net's own.
    static func unmixAlongLocalForeground(alpha: [Float], rgb: [[Float]], screen: ScreenFit, frame: Frame) -> [Float] {
        let (w, h, n, cell, key, backing) = (frame.width, frame.height, frame.count, frame.cell, screen.key, screen.backing)
        let screenDifference = Swift.max(ScreenModel.difference(screen.colour.x, screen.colour.y, screen.colour.z, key: key), 1e-4)
        // Seeds: solid pixels of ordinary brightness (a specular highlight says nothing about the surface), and
        // their weight towards the furthest from the screen colour (one pass makes both).
        var solid = [Float](parallelRepeating: 0, count: n), far = solid
        let c = screen.colour, norm = 1 / Swift.max((c * c).sum(), 1e-6)
        ([alpha] + rgb).withPlanePointers { p in
            solid.withUnsafeMutableBufferPointer { sb in
            far.withUnsafeMutableBufferPointer { fb in
                let (so, fo) = (UncheckedPointer(sb.baseAddress!), UncheckedPointer(fb.baseAddress!))
                frame.schedule.forRows(h, width: w) { rows in
                    for i in (rows.lowerBound * w)..<(rows.upperBound * w) {
                        let colour = SIMD3(p[1].pointer[i], p[2].pointer[i], p[3].pointer[i])
                        guard p[0].pointer[i] >= 0.95, colour.max() <= 1 else { continue }
                        let d = colour - c
                        let d2 = Swift.min(Swift.max((d * d).sum() * norm, 1e-3), 16)
                        so.pointer[i] = 1
                        fo.pointer[i] = (d2 * d2) * (d2 * d2)
                    }
                }
            }}
        }
        guard solid.contains(1) else { return alpha }
        // The far-weighted mean colour of each cell, trusted as much as the cell has seeds; filled by push–pull.
        let weighted = PushPull.cellMeans(rgb: rgb, weight: solid, valueWeight: far, width: w, height: h, cell: cell,
                                          schedule: frame.schedule)
        let filled = PushPull.fill(weightedPlanes: weighted.planes, weights: weighted.weights, width: weighted.width,
                                   height: weighted.height)
        // The local subject colour (channels 0–2) and the backing (3–5), read together row by row.
        let local = GridField(grids: filled, gridWidth: weighted.width, gridHeight: weighted.height, cell: cell, width: w, height: h)
            .appending(backing)
        var out = [Float](parallelRepeating: 0, count: n)
        ([alpha] + rgb).withPlanePointers { p in
            out.withUnsafeMutableBufferPointer { buf in
                let o = UncheckedPointer(buf.baseAddress!)
                local.forRows(schedule: frame.schedule) { rows, sample in
                    for y in rows {
                        let l = sample(y)
                        for x in 0..<w {
                            let i = y * w + x
                            let a = p[0].pointer[i]
                            o.pointer[i] = a
                            guard a > 0 else { continue }
                            let b = SIMD3(l[3][x], l[4][x], l[5][x])
                            let v = SIMD3(l[0][x], l[1][x], l[2][x]) - b
                            let u = SIMD3(p[1].pointer[i], p[2].pointer[i], p[3].pointer[i]) - b
                            let vv = (v * v).sum()
                            guard vv > 1e-5 else { continue }
                            let t = Swift.min(Swift.max((u * v).sum() / vv, 0), 1)
                            // (Most pixels are solid and reach the subject's colour: nothing to do.)
                            if a >= 0.995 && t >= 0.75 { continue }
                            let r = u - t * v
                            // Where the nearby subject is neutral to the key (grey glass, white smoke), the key
                            // difference is already exact for any brightness of it, and the line to one particular
                            // shade of it would only bias alpha, unless the pixel is that shade (a grey shirt lit
                            // by a little spill).
                            let dF = ScreenModel.difference(l[0][x], l[1][x], l[2][x], key: key)
                            let dB = Swift.max(ScreenModel.difference(b.x, b.y, b.z, key: key), 1e-4)
                            let leaning = Swift.max(Float.smoothstep(0.02, 0.1, abs(dF) / dB),
                                                    Float.smoothstep(0.85, 0.97, t) * Float.smoothstep(0.8, 0.9, a))
                            // A pixel the key difference calls solid is only made thinner when it lies well short
                            // of the nearby subject's colour (a net of a saturated colour, finer than a pixel): a
                            // solid surface's own shading and texture (skin, cloth) stays within a little of it.
                            // And only in front of a backing that is plausibly lit screen: dark screen-hued patches
                            // inside a subject (a badge's shadowed stitching) give a backing near black, from which
                            // every dark colour is "short" of the subject's.
                            let thinning = a < 0.995
                                ? 1 : (1 - Float.smoothstep(0.6, 0.75, t)) * Float.smoothstep(0.25, 0.45, dB / screenDifference)
                            let confidence = leaning * thinning * expf(-(r * r).sum() / (0.0225 * Swift.min(vv, 0.25)))
                            o.pointer[i] = a + confidence * (t - a)
                        }
                    }
                }
            }
        }
        return out
    }

    /// A coarse subject mask from alpha alone: cells that are largely subject, closed over a few cells.
    static func autoHint(alpha: [Float], frame: Frame) -> [Float] {
        let (w, h, cell) = (frame.width, frame.height, frame.cell)
        let subject = Planes.make(w * h, schedule: frame.schedule) { alpha[$0] > 0.3 ? 1 : 0 }
        let grid = Planes.downsample(subject, width: w, height: h, factor: cell, schedule: frame.schedule)
        let closed = Blur.gaussian(grid.plane.map { $0 > 0.3 ? 1 : 0 }, width: grid.width, height: grid.height, sigma: 2,
                                   schedule: frame.schedule)
        let mask = Planes.upsample(closed.map { $0 > 0.35 ? 1 : 0 }, gridWidth: grid.width, gridHeight: grid.height,
                                   factor: cell, width: w, height: h, schedule: frame.schedule)
        return mask
    }

    static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        return values.sorted()[values.count / 2]
    }
}
