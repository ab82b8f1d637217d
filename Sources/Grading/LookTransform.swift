import BacklotCore

/// Applies a look to pictures: each pixel's colour to the look's input (ACEScct), through the predictor, and
/// back to linear display light (Rec.709 primaries), which writers encode for their formats. Alpha and other
/// channels pass through; premultiplied colour is graded straight and premultiplied again.
public struct LookTransform: Sendable {
    public let look: any LookPredictor

    public init(_ look: any LookPredictor) { self.look = look }

    /// The graded picture, linear display light in Rec.709 primaries.
    public func apply(_ image: Image, schedule: Schedule = .automatic) throws(GradingError) -> Image {
        guard let (r, g, b) = LookSpace.colourPlanes(image) else {
            throw GradingError("a look needs a picture with three colour channels (this one has \(image.channelNames.joined(separator: ", ")))")
        }
        var out = image
        let premultiplied = out.alpha == .premultiplied
        out.unpremultiply()
        let m = LookSpace.toAP1(from: image.colorSpace)
        let source = out.planes
        var (pr, pg, pb) = (source[r], source[g], source[b])
        let look = look
        pr.withUnsafeMutableBufferPointer { pr in
            pg.withUnsafeMutableBufferPointer { pg in
                pb.withUnsafeMutableBufferPointer { pb in
                    let (pr, pg, pb) = (pr, pg, pb)
                    schedule.forChunks(image.planeSize) { range in
                        // A LUT (the usual look) is read through its table directly, not through the protocol.
                        if let lut = look as? Lut3D {
                            lut.values.withUnsafeBufferPointer { table in
                                for i in range {
                                    let v = Lut3D.apply(LookSpace.input(pr[i], pg[i], pb[i], matrix: m), table: table, size: lut.size)
                                    (pr[i], pg[i], pb[i]) = (SRGB.decode(v.x), SRGB.decode(v.y), SRGB.decode(v.z))
                                }
                            }
                            return
                        }
                        for i in range {
                            let v = look.predict(LookSpace.input(pr[i], pg[i], pb[i], matrix: m))
                            (pr[i], pg[i], pb[i]) = (SRGB.decode(v.x), SRGB.decode(v.y), SRGB.decode(v.z))
                        }
                    }
                }
            }
        }
        (out.planes[r], out.planes[g], out.planes[b]) = (pr, pg, pb)
        out.colorSpace = .linearRec709
        if premultiplied { out.premultiply() }
        return out
    }
}
