/// The guided filter (He, Sun and Tang): edge-preserving smoothing by local linear models.
public enum GuidedFilter {
    /// Self-guided filter: smooths `p` where its local variance is below `eps` and keeps its edges.
    ///
    /// In every window of radius `radius` the output is `a·p + b` with `a = var / (var + eps)`, the
    /// coefficients averaged over the windows covering each pixel. With `subsample` > 1 the coefficients are
    /// found on a grid `subsample` times coarser and interpolated back (He and Sun's fast guided filter),
    /// which costs a fraction of the full-resolution filter.
    public static func selfGuided(
        _ p: [Float], width: Int, height: Int, radius: Int, eps: Float, subsample: Int = 1,
        schedule: Schedule = .automatic
    ) -> [Float] {
        let n = width * height
        let f = Swift.max(1, subsample)
        let low = Planes.downsample(p, width: width, height: height, factor: f, schedule: schedule)
        let square = Planes.make(n, schedule: schedule) { p[$0] * p[$0] }
        let lowSquare = Planes.downsample(square, width: width, height: height, factor: f, schedule: schedule)
        let (lw, lh) = (low.width, low.height)
        let r = Swift.max(1, radius / f)
        let mean = Blur.box(low.plane, width: lw, height: lh, radius: r, schedule: schedule)
        let meanSq = Blur.box(lowSquare.plane, width: lw, height: lh, radius: r, schedule: schedule)
        let a = Planes.make(lw * lh, schedule: schedule) { i in
            let v = Swift.max(0, meanSq[i] - mean[i] * mean[i])
            return v / (v + eps)
        }
        let b = Planes.make(lw * lh, schedule: schedule) { mean[$0] * (1 - a[$0]) }
        var ma = Blur.box(a, width: lw, height: lh, radius: r, schedule: schedule)
        var mb = Blur.box(b, width: lw, height: lh, radius: r, schedule: schedule)
        if f > 1 {
            ma = Planes.upsample(ma, gridWidth: lw, gridHeight: lh, factor: f, width: width, height: height, schedule: schedule)
            mb = Planes.upsample(mb, gridWidth: lw, gridHeight: lh, factor: f, width: width, height: height, schedule: schedule)
        }
        return Planes.make(n, schedule: schedule) { ma[$0] * p[$0] + mb[$0] }
    }
}
