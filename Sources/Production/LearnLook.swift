import BacklotCore
import BacklotIO
import Foundation
import GRDB
import Grading
import Metrics

extension Learn {
    /// The subject of the look of dailies whose headers name no camera.
    public static let unnamedCamera = "unnamed camera"
    /// About this many plate pixels are learned from, whatever the number and size of the pairs.
    static let lookSamples = 4_000_000

    /// A plate frame and the graded reference of it.
    struct Pair { let plate: Source, reference: String, referenceSHA: String, size: Int64, modified: Double }

    /// Learns the look of `camera` from its graded references: a 33³ LUT fitted on most pairs, measured on
    /// every fifth (held out, when there are five or more) against per-channel curves and a Reinhard transfer
    /// fitted on the same pairs, in mean and 95th-percentile ΔE2000.
    static func look(of camera: String, box: Box, catalog: Catalog, maxPairs: Int, force: Bool,
                     events: EventSink) throws(ProductionError) -> LearnOutcome {
        var outcome = LearnOutcome(kind: .look, subject: camera)
        let (pairs, digest) = try catalog.read(camera) { db -> ([Pair], String) in
            let rows = try Row.fetchAll(db, sql: """
                SELECT g.path AS reference, g.sha256 AS referenceSHA, g.size AS rsize, g.modified AS rmodified, g.frame,
                       f.path, f.sha256, f.size, f.modified, d.kind
                FROM graded g JOIN daily d ON d.id = g.dailyId
                JOIN file f ON f.dailyId = d.id AND (f.frame = g.frame OR d.kind = 'video')
                WHERE COALESCE(NULLIF(d.camera, ''), ?) = ? AND g.status != 'missing' AND f.status != 'missing' ORDER BY d.name, g.frame
                """, arguments: [unnamedCamera, camera])
            let pairs = rows.map { r in
                Pair(plate: Source(path: r["path"], frame: r["frame"], sha256: r["sha256"], video: (r["kind"] as String) == "video",
                                   size: r["size"], modified: r["modified"]),
                     reference: r["reference"], referenceSHA: r["referenceSHA"], size: r["rsize"], modified: r["rmodified"])
            }
            return (pairs, try Catalog.sourceDigest(kind: "look", subject: camera, db))
        }
        guard !pairs.isEmpty else { outcome.skipped = "no graded references on disk"; return outcome }
        if !force, let latest = try catalog.models().last(where: { $0.kind == "look" && $0.subject == camera }), !latest.stale,
           box.isIntact(latest) {
            outcome.skipped = "up to date (v\(latest.version))"
            return outcome
        }
        for pair in pairs {
            for (path, size, modified) in [(pair.plate.path, pair.plate.size, pair.plate.modified), (pair.reference, pair.size, pair.modified)] {
                let now = try Ingest.stat(path, frame: 0)
                guard now.size == size, now.modified == modified else {
                    throw ProductionError(path, "changed since it was ingested: run `backlot production ingest` again first")
                }
            }
        }
        let picked = sample(pairs.count, maxPairs).map { pairs[$0] }
        let heldOut = Set(picked.count >= 5 ? picked.indices.filter { $0 % 5 == 4 } : [])
        let frames = FrameFetcher(picked.map(\.plate))
        let task = "learn look \(camera)"
        events.send(.began(task: task, total: picked.count))
        defer { events.send(.ended(task: task)) }
        func read(_ k: Int) throws(ProductionError) -> (plate: Image, graded: Image) {
            let pair = picked[k]
            do {
                var plate = try frames.read(k)
                // The reference's size from its header first: one of another shape is refused before it is decoded.
                let size = try ImageFileInfo.inspect(pair.reference).displayWindow
                try GradedIngest.checkShape(pair.reference, width: size.width, height: size.height, plateWidth: plate.width, plateHeight: plate.height)
                let graded = try ImageIO.read(pair.reference)
                if (plate.width, plate.height) != (graded.width, graded.height) {
                    plate = plate.resized(width: graded.width, height: graded.height)
                }
                return (plate, graded)
            } catch let error as ProductionError {
                throw error
            } catch {
                throw ProductionError("\(error) (camera \(camera))")
            }
        }
        var samples = LookSamples(), done = 0
        let training = picked.indices.filter { !heldOut.contains($0) }
        var step = 0
        for k in training {
            let (plate, graded) = try read(k)
            if step == 0 {
                step = max(1, Int((Double(plate.width * plate.height * training.count) / Double(lookSamples)).squareRoot().rounded(.up)))
            }
            do { try samples.add(plate: plate, graded: graded, step: step) } catch {
                throw ProductionError(picked[k].reference, error.message)
            }
            done += 1
            events.send(.advanced(task: task, completed: done, total: picked.count, item: camera, detail: ""))
        }
        let lut: Lut3D, curves: ChannelCurves, reinhard: ReinhardTransfer
        do {
            (lut, curves, reinhard) = (try LutFit.fit(samples), try ChannelCurves.fit(samples), try ReinhardTransfer.fit(samples))
        } catch {
            outcome.skipped = error.message
            return outcome
        }
        var quality: [String: Double] = ["trainedOn": Double(training.count), "heldOut": Double(heldOut.count)]
        var sums: [String: Double] = [:]
        for k in heldOut.sorted() {
            let (plate, graded) = try read(k)
            for (name, look) in [("heldOut", lut as any LookPredictor), ("curves", curves), ("reinhard", reinhard)] {
                do {
                    let s = try LookEvaluation.deltaE(look, plate: plate, graded: graded, step: 2)
                    sums["\(name)DeltaE", default: 0] += s.mean / Double(heldOut.count)
                    sums["\(name)DeltaE95", default: 0] += s.p95 / Double(heldOut.count)
                } catch {
                    throw ProductionError(picked[k].reference, error.message)
                }
            }
            done += 1
            events.send(.advanced(task: task, completed: done, total: picked.count, item: camera, detail: "measuring"))
        }
        quality.merge(sums) { a, _ in a }
        let version = try catalog.nextVersion(kind: "look", subject: camera)
        let lineage = ModelLineage(
            box: box.manifest.id, kind: "look", subject: camera, modelVersion: version, code: BacklotVersion.string,
            method: "lut-fit 1 (33³, ACEScct in, display sRGB out)", created: ISO8601DateFormatter().string(from: Date()),
            frames: picked.enumerated().map { k, p in
                ModelLineage.Frame(path: p.plate.path, frame: p.plate.frame, sha256: p.plate.sha256, heldOut: heldOut.contains(k),
                                   reference: p.reference, referenceSHA256: p.referenceSHA)
            },
            sourceDigest: digest, quality: quality)
        let key = String(FileDigest.sha256(of: Data(camera.utf8)).prefix(8))
        let comments = [Box.cubeOwnerComment(box.manifest.id), "backlot:model look \(camera) v\(version)",
                        "the look of \(camera) in \(box.manifest.name), learned from \(training.count) graded frames", LookSpace.description]
        outcome.file = try box.store(lineage: lineage, key: key, extension: "cube", catalog: catalog) { file in
            try CubeFile.write(lut, to: file, title: "\(box.manifest.name) \(camera) look v\(version)", comments: comments)
        }
        outcome.quality = quality
        return outcome
    }
}

extension Catalog {
    /// The cameras (as their dailies' headers name them) that have graded references.
    public func gradedCameras() throws(ProductionError) -> [String] {
        try read("the catalog's graded references") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT COALESCE(NULLIF(d.camera, ''), ?) FROM graded g JOIN daily d ON d.id = g.dailyId WHERE g.status != 'missing' ORDER BY 1
                """, arguments: [Learn.unnamedCamera])
        }
    }
}
