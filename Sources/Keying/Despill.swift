import BacklotCore

/// Removes screen light from the straight foreground.
enum Despill {
    /// Limits the key channel by the other two (`max` or `average`), scaled by `strength`.
    ///
    /// An excess that is large next to the screen's own (a green shirt, an olive box) is the subject's colour,
    /// not spill, and is spared where the subject is solid; yellows, teals and skin, whose key channel is not
    /// above the limit, are never touched.
    static func apply(
        _ fg: inout [[Float]], alpha: [Float], backing: GridField, key: Int, settings: KeyerSettings, schedule: Schedule = .automatic
    ) {
        let (w, h) = (backing.width, backing.height)
        let (o1, o2) = ScreenModel.others(of: key)
        let luma: [Float] = [0.2126, 0.7152, 0.0722]
        let strength = Swift.min(Swift.max(settings.despillStrength, 0), 1)
        let average = settings.despillLimit == .average
        let restore = settings.despillPreservesLuminance
        [alpha].withPlanePointers { a in
            let alpha = a[0].pointer
            fg.withMutablePlanePointers { planes in
                let k = planes[key].pointer, p1 = planes[o1].pointer, p2 = planes[o2].pointer
                schedule.forRows(h, width: w) { rows in
                    // The backing's rows are interpolated only for rows that need them: most pixels never do.
                    let backingRow = (0..<3).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: w) }
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: backing.gridWidth)
                    defer { (backingRow + [scratch]).forEach { $0.deallocate() } }
                    let (b0, b1, b2) = (backingRow[0], backingRow[1], backingRow[2])
                    for y in rows {
                        var sampled = false
                        for x in 0..<w where alpha[y * w + x] > 0 {
                            let i = y * w + x
                            // The gentle max limit holds where the subject is solid; towards its
                            // semi-transparent edges, where spill and unmixing error gather, it tightens
                            // to the average of the other two channels.
                            let mean = (p1[i] + p2[i]) / 2
                            let edge = average ? 1 : 1 - Float.smoothstep(0.5, 0.95, alpha[i])
                            let limit = edge * mean + (1 - edge) * Swift.max(p1[i], p2[i])
                            let excess = k[i] - limit
                            guard excess > 0 else { continue }
                            // A colour that is green by nature shows it where the subject is solid; at
                            // semi-transparent edges (hair, blur) a large excess is spill and goes.
                            if !sampled {
                                for c in 0..<3 { backing.row(y, channel: c, into: backingRow[c], scratch: scratch) }
                                sampled = true
                            }
                            let dB = ScreenModel.difference(b0[x], b1[x], b2[x], key: key)
                            let ratio = excess / Swift.max(dB, 1e-3)
                            let natural = Float.smoothstep(0.3, 0.5, ratio) * Float.smoothstep(0.8, 0.95, alpha[i])
                            let removed = strength * excess * (1 - natural)
                            k[i] -= removed
                            if restore {
                                let grey = removed * luma[key]
                                k[i] += grey
                                p1[i] += grey
                                p2[i] += grey
                            }
                        }
                    }
                }
            }
        }
    }
}
