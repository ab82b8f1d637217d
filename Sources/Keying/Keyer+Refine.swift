import BacklotCore

extension Keyer {
    /// Edge-aware smoothing scaled to the sensor noise, clips, edge shift, despeckle, garbage and core mattes.
    static func refine(
        _ input: [Float], sigma: Float, frame: Frame, garbage: Image?, core: Image?, settings: KeyerSettings,
        notes: inout [String]
    ) -> [Float] {
        let (w, h, n, scale) = (frame.width, frame.height, frame.count, frame.scale)
        var alpha = input
        if settings.denoise > 0 && sigma > 0.004 {
            let radius = Swift.max(1, Int((2 * scale * settings.denoise).rounded()))
            let eps = Swift.max(1e-5, 4 * sigma * sigma * settings.denoise)
            let smoothed = GuidedFilter.selfGuided(alpha, width: w, height: h, radius: radius, eps: eps,
                                                   subsample: scale > 1.5 ? 2 : 1, schedule: frame.schedule)
            alpha = Planes.make(n, schedule: frame.schedule) { i in
                // Keep exact 0 and 1 where the unmix was certain.
                alpha[i] <= 0 || alpha[i] >= 1 ? alpha[i] : smoothed[i]
            }
        }
        let black = Swift.max(settings.clipBlack, 2.5 * sigma), white = Swift.min(settings.clipWhite, 1 - 2.5 * sigma)
        alpha = Planes.make(n, schedule: frame.schedule) { i in
            let a = alpha[i]
            if a <= black { return 0 }
            if a >= white { return 1 }
            return a
        }
        if settings.edgeShift != 0 {
            alpha = Morphology.grow(alpha, width: w, height: h, by: Int(settings.edgeShift.rounded()), schedule: frame.schedule)
        }
        let minArea = Int(Float(settings.despeckleArea) * Swift.max(1, scale * scale))
        _ = Islands.despeckle(&alpha, width: w, height: h, minArea: minArea, schedule: frame.schedule)
        _ = Islands.fillHoles(&alpha, width: w, height: h, maxArea: minArea)
        if let garbage {
            let m = mattePlane(garbage, width: w, height: h, name: "garbage matte", notes: &notes)
            alpha = Planes.make(n, schedule: frame.schedule) { m[$0] < 0.5 ? 0 : alpha[$0] }
        }
        if let core {
            let m = mattePlane(core, width: w, height: h, name: "core matte", notes: &notes)
            alpha = Planes.make(n, schedule: frame.schedule) { m[$0] > 0.5 ? 1 : alpha[$0] }
        }
        return alpha
    }
}
