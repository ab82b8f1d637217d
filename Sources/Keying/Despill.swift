import BacklotCore

/// Removes screen light from the straight foreground.
enum Despill {
    /// Limits the key channel by the other two (`max` or `average`), scaled by `strength`.
    ///
    /// An excess that is large next to the screen's own (a green shirt, an olive box) is the subject's colour,
    /// not spill, and is spared where the subject is solid; yellows, teals and skin, whose key channel is not
    /// above the limit, are never touched.
    static func apply(_ fg: inout [[Float]], alpha: [Float], backingDifference dB: [Float], key: Int, settings: KeyerSettings) {
        let n = alpha.count
        let (o1, o2) = ScreenModel.others(of: key)
        let luma: [Float] = [0.2126, 0.7152, 0.0722]
        let strength = Swift.min(Swift.max(settings.despillStrength, 0), 1)
        let average = settings.despillLimit == .average
        let restore = settings.despillPreservesLuminance
        var (red, green, blue) = (fg[0], fg[1], fg[2])
        fg = []
        defer { fg = [red, green, blue] }
        red.withUnsafeMutableBufferPointer { r in
            green.withUnsafeMutableBufferPointer { g in
                blue.withUnsafeMutableBufferPointer { b in
                    let planes = [UncheckedPointer(r.baseAddress!), UncheckedPointer(g.baseAddress!), UncheckedPointer(b.baseAddress!)]
                    Parallel.forChunks(n) { range in
                        let k = planes[key].pointer, p1 = planes[o1].pointer, p2 = planes[o2].pointer
                        for i in range where alpha[i] > 0 {
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
                            let ratio = excess / Swift.max(dB[i], 1e-3)
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
