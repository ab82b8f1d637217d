import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Grain
import Pipeline
import Production

/// `backlot regrain`: adds a camera's grain, as a production's box learned it, to clean pictures.
struct RegrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrain",
        abstract: "Add a camera's grain, as a production learned it, to clean pictures (CG, paint, fills).",
        usage: "backlot regrain <show> <input> --output <output> [<options>]",
        discussion: """
            The grain is the latest `grain` model of the camera at the ISO in the production's box (`backlot \
            production learn --only grain`): each channel's noise at each brightness, how it clumps (its \
            noise power spectrum) and how the channels' noise moves together. New grain with that spectrum is \
            made for every frame (from --seed and the frame number: a rerun gives the same grain) and scaled by \
            the noise the camera has at each pixel's brightness. Pictures are linear light, as the camera's \
            EXRs are; premultiplied colour gets grain in proportion to its alpha.

            \(GrainRun.choosing)

            Examples:
              backlot regrain MYSHOW cg.####.exr --camera "ALEXA 35" --iso 800 -o g.####.exr
              backlot regrain MYSHOW fill.exr --camera "VENICE 2" -o fill_grained.exr
            """)

    @OptionGroup var common: GrainRun

    @Option(parsing: .unconditional, help: "Seed of the grain (each frame's grain is made from it and the frame number).")
    var seed = TypedNumber(1)

    func validate() throws {
        try common.validate()
        _ = try OptionCheck.seed(seed, "--seed")
    }

    func run() throws {
        let seed = try OptionCheck.seed(seed, "--seed")
        try common.run(verb: "regrain", describe: { "regrained with \($0) (seed \(seed))" }) { model in
            GrainOperation(.regrain(GrainSynthesis(model), seed: seed))
        }
    }
}

/// `backlot degrain`: takes a camera's grain, as a production's box learned it, out of its plates.
struct DegrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrain",
        abstract: "Take a camera's grain, as a production learned it, out of its plates.",
        usage: "backlot degrain <show> <input> --output <output> [<options>]",
        discussion: """
            The grain is the latest `grain` model of the plate's camera at its ISO in the production's box \
            (`backlot production learn --only grain`). Each channel is filtered in overlapping 32-pixel blocks \
            in the frequency domain: the model says how much noise power each frequency holds at the block's \
            brightness, and a Wiener filter keeps what rises above it (a first pass estimates the clean \
            picture, a second filters with that estimate). Fine detail below the grain's level goes with it: \
            degrain to key, track or paint, and put the grain back with `backlot regrain` afterwards.

            \(GrainRun.choosing)

            Examples:
              backlot degrain MYSHOW A001_C002.####.exr -o clean/A001_C002.####.exr
              backlot degrain MYSHOW plate.exr --camera "ALEXA 35" --iso 1600 -o plate_clean.exr
            """)

    @OptionGroup var common: GrainRun

    func validate() throws { try common.validate() }

    func run() throws {
        try common.run(verb: "degrain", describe: { "degrained with \($0)" }) { model in GrainOperation(.degrain(Degrain(model))) }
    }
}

/// What `regrain` and `degrain` add to `BoxPictures`: the ISO, and choosing the grain.
struct GrainRun: ParsableArguments {
    static let choosing = """
        The camera is --camera, else the one the picture's daily was catalogued with, else the one its EXR \
        header names (cameraModel); the ISO likewise (--iso, the catalog, isoSpeed). A camera whose grain was \
        learned at one ISO only needs no ISO; a box with one grain model needs neither. Sequences and videos \
        run through the frame pipeline: --skip-existing resumes, and no output overwrites an input or one of \
        the production's dailies.
        """

    @OptionGroup var pictures: BoxPictures

    @Option(help: "At this ISO (a number, as the dailies' headers give it).")
    var iso: String?

    func validate() throws {
        _ = try normalisedISO()
        try pictures.validate(example: "out.####.exr")
    }

    /// `--iso` as the catalog writes ISOs: a positive whole number without decimals ("800").
    func normalisedISO() throws -> String? {
        guard let iso else { return nil }
        guard let value = Double(iso.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 1, value <= 1_000_000 else {
            throw ValidationError("--iso '\(iso)' is not an ISO (a number from 1 to 1000000, such as 800)")
        }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    func run(verb: String, describe: (String) -> String, operation: (GrainModel) -> GrainOperation) throws {
        let iso = try normalisedISO()
        try pictures.run(verb: verb, pass: GrainOperation.Pass.image) { box, catalog, file in
            let choice = try box.grain(forShotFile: file, camera: pictures.camera, iso: iso, catalog: catalog)
            return BoxPictures.Choice(
                operation: operation(try GrainModel.read(choice.path)),
                attribute: ("backlot:grain", describe("the grain of \(choice.subject) v\(choice.version) of \(box.manifest.name)")),
                note: "using the grain of \(choice.subject) (v\(choice.version), \(choice.reason)) of \(box.manifest.name)"
                    + (choice.stale ? "; its dailies changed since it was learned: run `backlot production learn --only grain`" : ""))
        }
    }
}
