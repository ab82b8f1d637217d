import BacklotCore
import Foundation
import Keying
import Synth
import Testing

/// Learning a setup's clean plate from its takes, judged against the synthetic show's true screen.
@Suite struct CleanPlateLearnerTests {
    let plan = ShowPlan(width: 480, height: 270, seed: 5, takes: 3, frames: 4, noise: 0.004)

    /// Every frame of the takes of `setup`, in order.
    func frames(of setup: String) -> [Image] {
        plan.takes.filter { $0.setup == setup }.flatMap { take in
            let renderer = ShowGenerator.take(take, in: plan)
            return (0..<plan.framesPerTake).map { renderer.frame($0).composite }
        }
    }

    /// The median relative difference between two RGB images.
    func difference(_ a: Image, _ b: Image) -> Float {
        var d: [Float] = []
        for i in stride(from: 0, to: a.planeSize, by: 7) {
            d.append((0..<3).reduce(Float(0)) { $0 + abs(a.planes[$1][i] - b.planes[$1][i]) / max(b.planes[$1][i], 1e-4) } / 3)
        }
        return d.sorted()[d.count / 2]
    }

    @Test(arguments: ["greenstage", "bluestage"])
    func theLearnedPlateIsTheTrueScreen(setup: String) throws {
        let images = frames(of: setup)
        let learned = try CleanPlateLearner.learn(frameCount: images.count) { images[$0] }
        let truth = ShowGenerator.background(of: plan.setup(named: setup)!, in: plan)
        #expect(learned.trainedOn == 10 && learned.heldOut == 2 && learned.withoutScreen == 0)
        #expect(learned.coverage > 0.95, "only \(learned.coverage) of the screen was seen")
        // The mean of a dozen frames: a third of one frame's noise (the ideal for twelve is 0.29), no bias.
        let error = difference(learned.plate, truth)
        let single = difference(images[0], truth)
        #expect(error < single * 0.4, "no better than one frame (\(error) vs \(single))")
        // (Each channel's mean difference, relative to the key channel's level.)
        let key = setup == "greenstage" ? 1 : 2
        let level: Float = truth.planes[key].reduce(0, +)
        let bias: [Float] = (0..<3).map { c in
            let sum: Float = learned.plate.planes[c].reduce(0, +)
            return (sum - truth.planes[c].reduce(0, +)) / level
        }
        let unbiased = bias.allSatisfy { abs($0) < 0.006 }
        #expect(unbiased, "learned plate is biased by \(bias)")
        // Its shading matches held-out frames' screen within 2.5%: an upper bound, as the two held-out frames'
        // own grain is averaged over blocks of only 4 pixels at this size (16 at 1080p), and the blue stage's
        // camera has coarse, clumped grain (1.3 pixels wide) that small blocks hardly average out.
        let heldOut: Float = learned.heldOutError ?? 1
        #expect(heldOut < 0.025, "held-out error \(heldOut)")
    }

    @Test func aLocationWithoutAScreenHasNoCleanPlate() throws {
        let images = frames(of: "location")
        #expect(throws: KeyError.self) { _ = try CleanPlateLearner.learn(frameCount: images.count) { images[$0] } }
    }

    @Test func framesOfAnotherSizeAreRefused() throws {
        let images = Array(frames(of: "greenstage").prefix(2))
        let small = ShowPlan(width: 160, height: 90, seed: 5, takes: 1, frames: 1, noise: 0.004)
        let odd = ShowGenerator.take(small.takes[0], in: small).frame(0).composite
        #expect(throws: KeyError.self) { _ = try CleanPlateLearner.learn(frameCount: 3) { $0 < 2 ? images[$0] : odd } }
    }
}
