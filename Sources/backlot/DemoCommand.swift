import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Synth

/// `backlot demo`: the main job on the built-in default plate, no assets needed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthesise the built-in plate, process it and write the results with a contact sheet.",
        discussion: """
            Makes a 1920x1080 green-screen plate (hair, motion blur, glass, smoke, netting, spill, an uneven
            screen with markers) with its ground truth, then writes into the output folder: the plate as EXR
            and PNG, its coarse hint, the true passes and contact.png, a side-by-side sheet to look at.
            """)

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "demo-out"

    @Option(help: "Plate size, WIDTHxHEIGHT.")
    var size: String = "1920x1080"

    @Option(help: "Random seed of the plate.")
    var seed: UInt64 = 1

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func run() throws {
        let (w, h) = try parseSize(size)
        let progress = ProgressBar(quiet: quiet)
        progress.begin("demo", total: 3)
        defer { progress.end() }
        let plate = PlateGenerator.make(SynthSettings(width: w, height: h, seed: seed, scene: .mixed))
        progress.update(completed: 1, note: "synthesised")
        try SynthCommand.write(plate, to: output)
        try ImageIO.write(plate.composite, to: "\(output)/plate.png")
        progress.update(completed: 2, note: "wrote plate and truth")
        let sheet = ContactSheet.make([plate.composite, plate.hint, plate.alpha, plate.premultipliedRGBA],
                                      columns: 2, tileWidth: min(w, 960))
        try ImageIO.write(sheet, to: "\(output)/contact.png")
        progress.update(completed: 3, note: "contact sheet")
        progress.end()
        print(InfoCommand.describe(try ImageFileInfo.inspect("\(output)/plate.exr")))
        print("""

            Demo results in \(output)/:
              plate.exr, plate.png   the synthetic green-screen plate (linear EXR, sRGB PNG)
              hint.png               the coarse alpha hint
              truth/                 exact ground truth: alpha, straight foreground, premultiplied RGBA
              contact.png            plate | hint / true alpha | true RGBA over grey
            """)
    }
}
