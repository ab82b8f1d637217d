import ArgumentParser
import BacklotCore
import BacklotIO

/// The `backlot` command: keying and plate tools for VFX, on the CPU.
@main
struct Backlot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlot",
        abstract: "Post-production tools for green- and blue-screen plates: keying, inspection, conversion.",
        discussion: """
            Backlot works in scene-linear floating point and reads and writes OpenEXR (through OpenEXR's own
            library), PNG, TIFF and JPEG (sRGB-encoded, decoded to linear on read). Image sequences are written
            as patterns: plate.####.exr, plate.%04d.exr or plate.@@@@.exr.

            Examples:
              backlot demo                              synthesise a plate and key it into demo-out/
              backlot info shot/plate.####.exr          what a sequence holds and its frame range
              backlot convert in.####.exr out.####.png  convert a sequence to 8-bit sRGB PNG
              backlot synth --scene hair --output plates/hair
            """,
        version: BacklotVersion.string,
        subcommands: [KeyCommand.self, ScoreCommand.self, InfoCommand.self, ConvertCommand.self, SynthCommand.self, DemoCommand.self]
    )

    static func main() {
        MemoryTuning.reuseFreedPlanes()
        main(nil)
    }
}
