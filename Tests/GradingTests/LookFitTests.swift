import BacklotCore
import Grading
import Metrics
import Synth
import XCTest

final class LookFitTests: XCTestCase {
    /// Frames of a small synthetic show (green stage, location and blue stage, three takes each).
    static let plan = ShowPlan(width: 192, height: 108, seed: 11, takes: 3, frames: 5, noise: 0.01)

    static func plates(take: Int) -> [Image] {
        plan.takes.filter { $0.name.hasSuffix("_t\(take)") }.flatMap { t in
            let renderer = ShowGenerator.take(t, in: plan)
            return [0, 2, 4].map { renderer.frame($0).composite }
        }
    }

    /// The graded reference of a plate as a colourist would deliver it: the true look, in an 8-bit file.
    static func graded(_ plate: Image, look: Lut3D) throws -> Image {
        var graded = try LookTransform(look).apply(plate)
        for c in 0..<3 { graded.planes[c] = graded.planes[c].map { SRGB.decode((SRGB.encode($0) * 255).rounded() / 255) } }
        return graded
    }

    static func deltaE(_ look: any LookPredictor, plates: [Image], truth: Lut3D) throws -> (mean: Double, p95: Double) {
        var (mean, p95) = (0.0, 0.0)
        for plate in plates {
            let (predicted, reference) = (try LookTransform(look).apply(plate), try graded(plate, look: truth))
            let s = DeltaE2000.summary(predicted.planes, reference.planes, width: plate.width, height: plate.height)
            (mean, p95) = (mean + s.mean / Double(plates.count), max(p95, s.p95))
        }
        return (mean, p95)
    }

    func testLearnedLUTReproducesTheTrueGradeOnHeldOutTakesAndBeatsTheBaselines() throws {
        for truth in [ShowLook.warm.lut(), ShowLook.cool.lut()] {
            var samples = LookSamples()
            for plate in Self.plates(take: 1) + Self.plates(take: 2) {
                try samples.add(plate: plate, graded: try Self.graded(plate, look: truth))
            }
            let lut = try LutFit.fit(samples)
            XCTAssertEqual(lut.size, 33)
            let heldOut = Self.plates(take: 3)
            let learned = try Self.deltaE(lut, plates: heldOut, truth: truth)
            let curves = try Self.deltaE(try ChannelCurves.fit(samples), plates: heldOut, truth: truth)
            let reinhard = try Self.deltaE(try ReinhardTransfer.fit(samples), plates: heldOut, truth: truth)
            XCTAssertLessThan(learned.mean, 1.0, "learned \(learned), curves \(curves), reinhard \(reinhard)")
            XCTAssertLessThan(2 * learned.mean, min(curves.mean, reinhard.mean), "learned \(learned), curves \(curves), reinhard \(reinhard)")
        }
    }

    func testAnIdentityGradeIsLearnedAsNearlyTheIdentity() throws {
        var samples = LookSamples()
        let identity = Lut3D(size: 17) { $0 }
        for plate in Self.plates(take: 1) { try samples.add(plate: plate, graded: try Self.graded(plate, look: identity)) }
        let lut = try LutFit.fit(samples, size: 17)
        // Where the plates have colours (about 0.2…0.6 in ACEScct), the table is the identity.
        for p: SIMD3<Float> in [[0.3, 0.3, 0.3], [0.45, 0.4, 0.35], [0.5, 0.5, 0.5]] {
            for c in 0..<3 { XCTAssertEqual(lut.apply(p)[c], p[c], accuracy: 0.01, "channel \(c) at \(p)") }
        }
    }

    func testTooFewPixelsAndMismatchedSizesAreRefused() throws {
        var samples = LookSamples()
        let plate = Image(width: 4, height: 4, channels: ["R", "G", "B"], fill: 0.2)
        try samples.add(plate: plate, graded: plate)
        XCTAssertThrowsError(try LutFit.fit(samples))
        XCTAssertThrowsError(try samples.add(plate: plate, graded: Image(width: 5, height: 4, channels: ["R", "G", "B"])))
        XCTAssertThrowsError(try samples.add(plate: plate, graded: Image(width: 4, height: 4, channels: ["Y"])))
        // Measuring against a reference without colour is an error, not a crash.
        XCTAssertThrowsError(try LookEvaluation.deltaE(Lut3D.identity(size: 2), plate: plate, graded: Image(width: 4, height: 4, channels: ["Y"])))
        XCTAssertThrowsError(try LutFit.fit(samples, size: 257))
    }
}
