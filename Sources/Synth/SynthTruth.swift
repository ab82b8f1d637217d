import BacklotCore
import Foundation

/// The manifest `backlot synth` writes beside a plate or shot (`truth/manifest.json`): what was made, and
/// where each file of its ground truth is, relative to the folder. Scorers find the truth through it.
public struct SynthTruth: Versioned, Equatable, Sendable {
    public static let schema = "backlot.synth-truth"
    public static let version = 1
    /// Where the manifest sits in a synth folder.
    public static let manifestPath = "truth/manifest.json"

    /// A single plate or a moving shot.
    public enum Kind: String, Codable, Sendable { case plate, shot }

    public var kind: Kind
    public var width: Int
    public var height: Int
    public var seed: UInt64
    public var scene: String
    public var noise: Float
    /// The frames of a shot (`1001-1048`); nil for a plate.
    public var frames: String?
    /// The files, relative to the folder; a shot's are sequence patterns (`truth/alpha.####.exr`).
    public var plate: String
    public var hint: String
    /// The true linear alpha (channel `A`).
    public var alpha: String
    /// The true straight foreground without spill (R, G, B, A straight).
    public var foreground: String
    /// The true premultiplied RGBA (plates only).
    public var premultiplied: String?
    /// The clean screen (plates only).
    public var background: String?
    /// Another backdrop to re-composite over.
    public var newBackground: String

    /// The manifest of a plate written with `plateFormat` (`exr`, `png`, `tif`).
    public static func plate(_ settings: SynthSettings, plateFormat: String = "exr") -> SynthTruth {
        SynthTruth(kind: .plate, width: settings.width, height: settings.height, seed: settings.seed,
                   scene: settings.scene.rawValue, noise: settings.noise, frames: nil, plate: "plate.\(plateFormat)",
                   hint: "hint.png", alpha: "truth/alpha.exr", foreground: "truth/fg.exr", premultiplied: "truth/rgba.exr",
                   background: "truth/background.exr", newBackground: "truth/new_background.exr")
    }

    /// The manifest of a shot of `frames` frames numbered from 1001.
    public static func shot(_ settings: SynthSettings, frames: Int) -> SynthTruth {
        SynthTruth(kind: .shot, width: settings.width, height: settings.height, seed: settings.seed,
                   scene: settings.scene.rawValue, noise: settings.noise, frames: "1001-\(1000 + frames)",
                   plate: "plate.####.exr", hint: "hint.####.png", alpha: "truth/alpha.####.exr", foreground: "truth/fg.####.exr",
                   premultiplied: nil, background: nil, newBackground: "truth/new_background.exr")
    }

    /// The manifest of the synth folder `folder`. A folder written before manifests existed (the layout this
    /// manifest's version 1 describes) is recognised by its files and read as version 1.
    public static func read(folder: String) throws(SchemaError) -> SynthTruth {
        let path = "\(folder)/\(manifestPath)"
        if FileManager.default.fileExists(atPath: path) { return try SchemaFile.read(SynthTruth.self, from: path) }
        let exists = { (name: String) in FileManager.default.fileExists(atPath: "\(folder)/\(name)") }
        let settings = SynthSettings(width: 0, height: 0, seed: 0)
        if exists("truth/alpha.exr") { return plate(settings) }
        if exists("truth/alpha.1001.exr") { return shot(settings, frames: 1) }
        throw SchemaError("\(folder): not a folder written by `backlot synth` (no \(manifestPath))")
    }

    /// `file` (one of this manifest's paths) inside `folder`.
    public func path(_ file: String, in folder: String) -> String { "\(folder)/\(file)" }
}
