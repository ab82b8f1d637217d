import BacklotIO
import Foundation
import GRDB

/// What a box knows about a shot to be keyed: the clean plate learned for its setup, or why there is none.
public enum CleanPlateLookup: Sendable, Equatable {
    /// The learned clean plate of the shot's setup (checked: this box's, with the bytes registered).
    case found(path: String, setup: String, version: Int, stale: Bool)
    /// The shot is not in the box's catalog.
    case unknownShot
    /// The shot is catalogued but in no setup (its first frame could not be read as a colour picture).
    case noSetup
    /// The shot's setup has no clean plate learned (yet, or ever: a location without a screen).
    case notLearned(setup: String)
}

extension Box {
    /// The clean plate for the shot whose first file (a frame of a sequence, a still or a video) is `file`.
    public func cleanPlate(forShotFile file: String, catalog: Catalog) throws(ProductionError) -> CleanPlateLookup {
        let path = DailyScan.canonical(file)
        let found: Row? = try catalog.read(path) { db in
            try Row.fetchOne(db, sql: """
                SELECT s.name FROM file f JOIN daily d ON d.id = f.dailyId LEFT JOIN setup s ON s.id = d.setupId WHERE f.path = ?
                """, arguments: [path])
        }
        guard let found else { return .unknownShot }
        guard let setup = found["name"] as String? else { return .noSetup }
        guard let model = try latestModel(kind: "screen", subject: setup, catalog: catalog) else { return .notLearned(setup: setup) }
        return .found(path: model.path, setup: setup, version: model.info.version, stale: model.info.stale)
    }
}

/// The look a box grades a shot with, and how it was chosen (for the note the user reads).
public struct LookChoice: Sendable {
    public let path: String, camera: String, version: Int, stale: Bool
    /// How the camera was found: `--camera`, the catalog, the file's header, or the box's only look.
    public let reason: String
}

extension Box {
    /// The look of `camera` when it is given; else of the camera of the shot whose first file is `file` (as
    /// catalogued, else as its EXR header names it); else the box's only look. An error says which looks
    /// there are when none fits.
    public func look(forShotFile file: String?, camera: String?, catalog: Catalog) throws(ProductionError) -> LookChoice {
        let cameras = Set(try catalog.models().filter { $0.kind == "look" }.map(\.subject)).sorted()
        let have = cameras.isEmpty ? "it has no looks: ingest graded references (`production ingest --graded`), then `production learn`"
                                   : "it has looks for \(cameras.map { "'\($0)'" }.joined(separator: ", "))"
        var chosen: (String, String)?
        if let camera {
            chosen = (camera, "as asked")
        } else if let file {
            let path = DailyScan.canonical(file)
            let catalogued: String?? = try catalog.read(path) { db in
                try Row.fetchOne(db, sql: "SELECT d.camera FROM file f JOIN daily d ON d.id = f.dailyId WHERE f.path = ?", arguments: [path])
                    .map { ($0["camera"] as String?).flatMap { $0.isEmpty ? nil : $0 } }
            }
            if let catalogued {
                chosen = (catalogued ?? Learn.unnamedCamera, "the camera its daily was catalogued with")
            } else if let header = try? ImageFileInfo.inspect(path).exrHeader, let model = DailyMetadata.camera(of: header) {
                chosen = (model, "the camera its EXR header names")
            }
        }
        if chosen == nil, cameras.count == 1 { chosen = (cameras[0], "the box's only look") }
        guard let (name, reason) = chosen else {
            throw ProductionError(manifest.name, "which camera's look? The shot is not in the catalog and names no camera: give --camera (\(have))")
        }
        guard let model = try latestModel(kind: "look", subject: name, catalog: catalog) else {
            throw ProductionError(manifest.name, "has no look for the camera '\(name)' (\(reason)): \(have)")
        }
        return LookChoice(path: model.path, camera: name, version: model.info.version, stale: model.info.stale, reason: reason)
    }
}

/// The grain model a box regrains or degrains a shot with, and how it was chosen.
public struct GrainChoice: Sendable {
    /// The model's file, its subject (camera and ISO), version, and whether its dailies changed since.
    public let path: String, subject: String, version: Int, stale: Bool
    /// How the camera and ISO were found: as asked, the catalog, the file's header, or the box's only grain.
    public let reason: String
}

extension Box {
    /// The grain of `camera` at `iso` where given; else of the camera and ISO the shot whose first file is
    /// `file` was catalogued with, or its EXR header names; a camera with grain learned at one ISO only needs
    /// no ISO; a box with one grain model needs neither. An error lists the grain models there are.
    public func grain(forShotFile file: String?, camera: String?, iso: String?, catalog: Catalog) throws(ProductionError) -> GrainChoice {
        let subjects = Set(try catalog.models().filter { $0.kind == "grain" }.map(\.subject)).sorted()
        let have = subjects.isEmpty ? "it has no grain models: ingest its dailies, then `production learn --only grain`"
                                    : "it has grain for \(subjects.map { "'\($0)'" }.joined(separator: ", "))"
        var found: (camera: String?, iso: String?, reason: String) = (camera, iso, "as asked")
        if camera == nil, let file {
            let path = DailyScan.canonical(file)
            let catalogued: (String?, String?)? = try catalog.read(path) { db in
                try Row.fetchOne(db, sql: "SELECT d.camera, d.iso FROM file f JOIN daily d ON d.id = f.dailyId WHERE f.path = ?", arguments: [path])
                    .map { (($0["camera"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? Learn.unnamedCamera, $0["iso"] as String?) }
            }
            if let catalogued {
                found = (catalogued.0, iso ?? catalogued.1, "the camera its daily was catalogued with")
            } else if let header = try? ImageFileInfo.inspect(path).exrHeader, let model = DailyMetadata.camera(of: header) {
                found = (model, iso ?? DailyMetadata.iso(of: header), "the camera its EXR header names")
            }
        }
        var subject: String?
        if let name = found.camera {
            let exact = Learn.grainSubject(camera: name, iso: found.iso)
            let atAnyISO = subjects.filter { $0 == name || $0.hasPrefix("\(name) ISO ") }
            if subjects.contains(exact) {
                subject = exact
            } else if iso == nil, atAnyISO.count == 1 {
                // The shot's ISO has no grain of its own (or it names none): the camera's only grain stands in.
                (subject, found.reason) = (atAnyISO[0], found.reason + (found.iso == nil ? "" : "; ISO \(found.iso!) has none, the camera's only grain"))
            } else {
                throw ProductionError(manifest.name, "has no grain for \(exact) (\(found.reason)): \(have)")
            }
        } else if subjects.count == 1 {
            (subject, found.reason) = (subjects[0], "the box's only grain")
        }
        guard let subject else {
            throw ProductionError(manifest.name, "whose grain? The shot is not in the catalog and names no camera: give --camera (\(have))")
        }
        guard let model = try latestModel(kind: "grain", subject: subject, catalog: catalog) else {
            throw ProductionError(manifest.name, "has no grain for \(subject): \(have)")
        }
        return GrainChoice(path: model.path, subject: subject, version: model.info.version, stale: model.info.stale, reason: found.reason)
    }
}
