import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation

/// The `backlot` command: keying and plate tools for VFX, on the CPU.
@main
struct Backlot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlot",
        abstract: "Post-production tools for green- and blue-screen plates: keying, inspection, conversion.",
        discussion: """
            Backlot works in scene-linear floating point. It reads and writes OpenEXR (through OpenEXR's own \
            library), PNG, TIFF and JPEG (sRGB-encoded, decoded to linear on read), reads DPX, and reads and \
            writes video through ffmpeg. Image sequences are named by patterns: plate.####.exr, plate.%04d.exr \
            or plate.@@@@.exr.

            Examples:
              backlot demo                      synthesise a plate, key it into demo-out/
              backlot info shot/plate.####.exr  a sequence's frame range and first frame
              backlot convert in.####.exr out.####.png
              backlot synth --scene hair --output plates/hair
            """,
        version: BacklotVersion.string,
        subcommands: [KeyCommand.self, ScoreCommand.self, InfoCommand.self, ConvertCommand.self, SynthCommand.self, DemoCommand.self,
                      ProductionCommand.self, LookCommand.self, RegrainCommand.self, DegrainCommand.self]
    )

    static func main() {
        MemoryTuning.reuseFreedPlanes()
        // A write past a file-size limit fails with EFBIG and a message, instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        if let limit = ProcessInfo.processInfo.environment[MemoryBudget.limitVariable], MemoryBudget.parse(limit) == nil {
            FileHandle.standardError.write(Data("Error: \(MemoryBudget.limitVariable)='\(limit)' is not a memory size such as 8G, 512M or 1073741824\n".utf8))
            Foundation.exit(64)
        }
        main(nil)
    }
}
