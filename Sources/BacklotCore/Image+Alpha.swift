extension Image {
    /// Multiplies the colour channels by alpha (no-op unless the alpha state is straight).
    public mutating func premultiply() {
        guard alpha == .straight, let a = alphaIndex else { return }
        scaleColour(byAlphaAt: a, inverse: false)
        alpha = .premultiplied
    }

    /// Divides the colour channels by alpha where alpha is above zero (no-op unless premultiplied).
    public mutating func unpremultiply() {
        guard alpha == .premultiplied, let a = alphaIndex else { return }
        scaleColour(byAlphaAt: a, inverse: true)
        alpha = .straight
    }

    private mutating func scaleColour(byAlphaAt a: Int, inverse: Bool) {
        let n = planeSize
        let colour = (0..<channelCount).filter { $0 != a }
        planes.withMutablePlanePointers { p in
            Schedule.automatic.forChunks(n) { range in
                let alpha = p[a].pointer
                for c in colour {
                    let plane = p[c].pointer
                    if inverse {
                        for i in range where alpha[i] > 0 { plane[i] /= alpha[i] }
                    } else {
                        for i in range { plane[i] *= alpha[i] }
                    }
                }
            }
        }
    }
}
