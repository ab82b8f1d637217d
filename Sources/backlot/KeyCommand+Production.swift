import BacklotCore
import BacklotIO
import Foundation
import Production

extension KeyCommand {
    /// The clean plate the production's box learned for the setup of the shot `source`, or nil, with a note
    /// either way. A model that fails its checks (another box's, or not the bytes registered) is an error.
    func productionCleanPlate(for source: FrameSource, events: EventSink) throws -> FrameSource? {
        guard let production else { return nil }
        let box = try Box.open(Box.location(of: production, root: Box.defaultRoot))
        let catalog = try Catalog(box: box)
        let file: String?
        if case .video(let video, _) = source.kind { file = video.path } else { file = source.frames.first.flatMap(source.path(of:)) }
        guard let file else {
            events.send(.note("\(source.name) has no frames to look up in \(box.manifest.name): keyed without the box"))
            return nil
        }
        switch try box.cleanPlate(forShotFile: file, catalog: catalog) {
        case .unknownShot:
            events.send(.note("\(source.name) is not in the catalog of \(box.manifest.name) (ingest it, then learn): keyed without the box"))
            return nil
        case .noSetup:
            events.send(.note("\(source.name) is catalogued in \(box.manifest.name) but in no setup (its first frame is not a colour "
                              + "picture it could group): keyed without the box"))
            return nil
        case .notLearned(let setup):
            events.send(.note("setup \(setup) of \(box.manifest.name) has no learned clean plate (run `backlot production learn`, "
                              + "or it has no screen): keyed without one"))
            return nil
        case .found(let path, let setup, let version, let stale):
            events.send(.note("using the clean plate of setup \(setup) (v\(version)) of \(box.manifest.name)"
                              + (stale ? "; it was learned before the setup's dailies last changed: run `backlot production learn`" : "")))
            return .still(path)
        }
    }
}
