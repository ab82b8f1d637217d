import BacklotCore
import BacklotIO
import Foundation
import Grading
import Synth

/// Writes a synthetic production (`backlot synth --production`): its dailies, their truth and its plan.
struct SynthShowWriter {
    let plan: ShowPlan
    let folder: String
    let quiet: Bool

    func write() throws {
        let total = plan.takes.count * plan.framesPerTake
        let events = TerminalEvents(quiet: quiet)
        events.send(.began(task: "synth production", total: total))
        defer { events.send(.ended(task: "synth production")) }
        let lossless = WriteOptions(sampleType: .float, compression: .zip, attributes: ["backlot:synth": "production seed \(plan.seed)"])
        for setup in plan.setups {
            try ImageIO.write(ShowGenerator.background(of: setup, in: plan), to: "\(folder)/\(setup.background)", options: lossless)
            let grain = ShowGenerator.grainTruth(of: setup, in: plan)
            var truth = lossless
            truth.attributes.merge(["cameraModel": setup.camera, "isoSpeed": "\(setup.iso)"]) { _, new in new }
            try ImageIO.write(grain.grained, to: "\(folder)/\(setup.grained)", options: truth)
            try ImageIO.write(grain.greyCard, to: "\(folder)/\(setup.greyCard)", options: truth)
        }
        var looks: [String: LookTransform] = [:]
        for camera in plan.cameras {
            let lut = camera.look.lut()
            try CubeFile.write(lut, to: "\(folder)/\(camera.lut)", title: "synthetic show: \(camera.name) true look",
                               comments: ["the true grade of \(camera.name) in the synthetic show (seed \(plan.seed))", LookSpace.description])
            looks[camera.name] = LookTransform(lut)
        }
        let graded = Set(plan.gradedFrames)
        let done = SharedCounter()
        for take in plan.takes {
            let renderer = ShowGenerator.take(take, in: plan)
            let setup = plan.setup(named: take.setup)
            let camera = setup?.camera ?? ""
            let meta = ["backlot:synth": "production seed \(plan.seed) take \(take.name)", "cameraModel": camera,
                        "isoSpeed": "\(setup?.iso ?? 800)"]
            let errors = FirstError()
            Schedule.automatic.forEach(plan.framesPerTake) { k in
                guard errors.first == nil else { return }
                let plate = renderer.frame(k)
                let number = String(format: "%04d", plan.firstFrame + k)
                func path(_ pattern: String) -> String { "\(folder)/" + pattern.replacingOccurrences(of: "####", with: number) }
                do {
                    try ImageIO.write(plate.composite, to: path(take.plates), options: WriteOptions(attributes: meta))
                    try ImageIO.write(plate.hint, to: path(take.hints))
                    try EXR.write(plate.alpha, to: path(take.alpha), sampleType: .float, compression: .zip, attributes: meta)
                    try EXR.write(layers: [plate.foreground, plate.alpha], to: path(take.foreground), sampleType: .half,
                                  compression: .zip, attributes: meta)
                    if graded.contains(plan.firstFrame + k), let look = looks[camera] {
                        try ImageIO.write(try look.apply(plate.composite, schedule: .serial), to: path(take.graded))
                    }
                } catch {
                    errors.record(error)
                }
                events.send(.advanced(task: "synth production", completed: done.add(), total: total,
                                      item: "\(take.name) \(number)", detail: ""))
            }
            if let error = errors.first { throw error }
        }
        let data = try SchemaFile.encode(plan, pretty: true)
        try AtomicFile.write(to: "\(folder)/\(ShowPlan.manifestPath)") { temp in try data.write(to: URL(fileURLWithPath: temp)) }
        if !quiet {
            print("wrote \(folder)/dailies/ (\(plan.takes.count) takes of \(plan.framesPerTake) frames, \(plan.setups.count) setups, "
                  + "\(plan.cameras.count) cameras), graded/ (reference stills of every \(plan.gradedEvery)th frame) and truth/show.json")
        }
    }
}
