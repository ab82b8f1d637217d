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
