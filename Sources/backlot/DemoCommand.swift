import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Keying
import Metrics
import Pipeline
import Synth

/// `backlot demo`: the main job on the built-in default plate, no assets needed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthesise the built-in plate, key it and write the results with a contact sheet.",
        usage: "backlot demo [<options>]",
        discussion: """
            Makes a green-screen plate (hair, motion blur, glass, smoke, netting, spill, an uneven screen with \
            tracking markers, sensor noise) with its exact ground truth and a coarse hint, keys it exactly as \
            `backlot key` does, scores the key against the truth and writes everything to the output folder, \
            with contact.png to look at.
            """)

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "demo-out"

    @Option(help: "Plate size, WIDTHxHEIGHT.")
    var size: String = "1920x1080"

    @Option(parsing: .unconditional, help: "Random seed of the plate.")
    var seed = TypedNumber(1)

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output is empty: give a folder") }
        _ = try parseSize(size)
        _ = try OptionCheck.seed(seed, "--seed")
    }

    func run() throws {
        let (w, h) = try parseSize(size)
        let events = TerminalEvents(quiet: quiet)
        func step(_ k: Int, _ what: String) { events.send(.advanced(task: "demo", completed: k, total: 4, item: what, detail: "")) }
        events.send(.began(task: "demo", total: 4))
        let plate = PlateGenerator.make(SynthSettings(width: w, height: h, seed: try OptionCheck.seed(seed, "--seed"), scene: .mixed))
        try SynthCommand.write(plate, to: output)
        step(1, "synthesised the plate")
        let start = Date()
        // Every pass, the shadow density included.
        let result = try Keyer.key(plate.composite, hint: plate.hint, shadowPass: true)
        let keySeconds = Date().timeIntervalSince(start)
        step(2, "keyed")
        let passes = KeyPass.allCases
        try Outputs.key(into: output, passes: passes).write(result.images(for: Set(passes)), stem: "plate", frame: 0)
        step(3, "wrote the passes")
        let sheet = ContactSheet.make([plate.composite, plate.hint, result.alpha, result.composite()],
                                      columns: 2, tileWidth: min(w, 960))
        try ImageIO.write(sheet, to: "\(output)/contact.png")
        step(4, "contact sheet")
        events.send(.ended(task: "demo"))

        let score = Metrics.score(alpha: result.alpha.planes[0], foreground: result.foreground.planes,
                                  trueAlpha: plate.alpha.planes[0], trueForeground: plate.foreground.planes,
                                  newBackground: plate.newBackground.planes, width: w, height: h)
        print("""
            Keyed a \(w)x\(h) synthetic green-screen plate in \(String(format: "%.2f", keySeconds)) s \
            (\(result.timings.map { "\($0.stage) \(String(format: "%.2f", $0.seconds))" }.joined(separator: ", "))).
            Against the exact truth: SAD \(String(format: "%.2f", score.sad)), foreground MSE \
            \(String(format: "%.5f", score.foregroundMSE)), re-composite PSNR \(String(format: "%.1f", score.recompositePSNR)) dB.

            Results in \(output)/:
              contact.png        plate | hint / Backlot's alpha | Backlot's comp over a checkerboard
              rgba/plate.exr     premultiplied linear RGBA (half, PIZ)
              fg/plate.exr       straight linear foreground + A
              matte/plate.exr    the alpha alone
              comp/plate.png     8-bit sRGB preview
              shadow/plate.exr   the density of shadows cast on the screen (the matte keys them out)
              plate.exr          the plate (linear); hint.png the coarse hint; truth/ the exact ground truth
            """)
    }
}
