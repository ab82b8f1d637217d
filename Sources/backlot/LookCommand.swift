import ArgumentParser
import BacklotCore
import BacklotIO
import Foundation
import Grading
import Pipeline
import Production

/// `backlot look`: grades plates with the look a production's box learned for their camera.
struct LookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "look",
        abstract: "Grade plates with the look a production learned for their camera (its 3D LUT).",
        usage: "backlot look <show> <input> --output <output> [<options>]",
        discussion: """
            The look is the camera's latest `look` model in the production's box (`backlot production learn`, \
            from graded references ingested with `production ingest --graded`). The camera is --camera, else \
            the one the plate's daily was catalogued with, else the one its EXR header names, else the box's \
            only look.

            The look's LUT takes the plate in ACEScct and gives display values (Rec.709 primaries, sRGB \
            transfer): PNG, JPEG and TIFF outputs hold those values; EXR holds the same picture as linear \
            display light. The LUT itself is the model's .cube file (`backlot production models` lists it): \
            Resolve, Nuke and OpenColorIO read it, given ACEScct input.

            Sequences and videos run through the frame pipeline, as `backlot convert` does: --skip-existing \
            resumes, a missing frame stops the run before any work unless --missing says otherwise, and no \
            output overwrites an input.

            Examples:
              backlot look MYSHOW A001_C002.####.exr -o graded/A001_C002.####.png
              backlot look MYSHOW plate.exr --camera "VENICE 2" -o plate_graded.png
            """)

    @OptionGroup var pictures: BoxPictures

    func validate() throws { try pictures.validate(example: "out.####.png") }

    func run() throws {
        try pictures.run(verb: "grade", pass: LookOperation.Pass.image) { box, catalog, file in
            let choice = try box.look(forShotFile: file, camera: pictures.camera, catalog: catalog)
            let lut = try CubeFile.read(choice.path).lut
            // EXR says what it holds: display light, graded with this look.
            return BoxPictures.Choice(
                operation: LookOperation(lut),
                attribute: ("backlot:look", "display-referred (Rec.709 primaries, linear): \(choice.camera) look v\(choice.version) of \(box.manifest.name)"),
                note: "using the look of \(choice.camera) (v\(choice.version), \(choice.reason)) of \(box.manifest.name)"
                    + (choice.stale ? "; its camera's graded references or their plates changed since it was learned: run `backlot production learn`" : ""))
        }
    }
}
