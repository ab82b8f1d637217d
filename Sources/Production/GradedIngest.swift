import BacklotCore
import BacklotIO
import Foundation
import GRDB

extension Catalog {
    /// The first of `paths` that is a catalogued daily file or graded reference (links resolved), if any.
    public func catalogued(among paths: [String]) throws(ProductionError) -> String? {
        try read("the catalog's files") { db in
            for path in paths {
                let real = DailyScan.canonical(path)
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE path = ?) OR EXISTS (SELECT 1 FROM graded WHERE path = ?)",
                                     arguments: [real, real]) == true { return path }
            }
            return nil
        }
    }
}

/// What an ingest of graded references did, counted in references (missing: gone from disk since the last).
public struct GradedReport: Sendable, Equatable {
    public var added = 0, unchanged = 0, changed = 0, missing = 0
}

/// Puts the graded reference stills a production delivers into its box's catalog, each matched to the plate
/// frame it is a grade of by its name: `<daily>.<frame>.png` (or `_`, `-` before the number), where `<daily>`
/// is the daily's file name before its frame number (a video's name without extension, whose frames count
/// from 0), or a still's own name. Like dailies, references are kept by path, size, time and SHA-256.
public enum GradedIngest {
    /// Catalogues the references under `inputs` (folders are searched through, image files only). Each that
    /// cannot be matched or read is said and skipped; the others are catalogued, and the ingest then fails
    /// naming the first (or counting them).
    public static func run(_ inputs: [String], into catalog: Catalog, events: EventSink = SilentEvents()) throws(ProductionError) -> GradedReport {
        var files: [String] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                throw ProductionError(input, "no such file or folder (graded references)")
            }
            let found = isFolder.boolValue ? DailyScan.filesUnder(DailyScan.canonical(input)) : [DailyScan.canonical(input)]
            let images = found.filter { FrameSource.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            if !isFolder.boolValue, images.isEmpty { throw ProductionError(input, "is not an image (a graded reference is a still: EXR, DPX, PNG, TIFF, JPEG)") }
            files += images
        }
        files = Array(Set(files)).sorted()
        guard !files.isEmpty else { throw ProductionError("\(inputs.joined(separator: ", ")): no graded reference images found") }
        let dailies: [Daily] = try catalog.read("the catalog's dailies") { db in
            try Row.fetchAll(db, sql: "SELECT id, name, kind, firstFrame, lastFrame, frameCount FROM daily").map(Daily.init)
        }
        var report = GradedReport(), failed: [ProductionError] = []
        // References gone from disk first, so that one replaced under another name is not its own twin.
        report.missing = try markMissing(catalog)
        let task = "ingest graded"
        events.send(.began(task: task, total: files.count))
        defer { events.send(.ended(task: task)) }
        for (k, file) in files.enumerated() {
            do {
                let isDaily: Bool = try catalog.read(file) { db in
                    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE path = ?)", arguments: [file]) ?? false
                }
                guard !isDaily else {
                    throw ProductionError(file, "is one of the box's dailies, not a graded reference (--graded names the graded stills)")
                }
                let (daily, frame) = try match(file, among: dailies)
                let (hasFrame, twin): (Bool, String?) = try catalog.read(file) { db in
                    let video = try Bool.fetchOne(db, sql: "SELECT kind = 'video' FROM daily WHERE id = ?", arguments: [daily]) ?? false
                    let present = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE dailyId = ? AND frame = ?)",
                                                    arguments: [daily, frame]) ?? false
                    let twin = try String.fetchOne(db, sql: """
                        SELECT path FROM graded WHERE dailyId = ? AND frame = ? AND path != ? AND status != 'missing'
                        """, arguments: [daily, frame, file])
                    return (video || present, twin)
                }
                guard hasFrame else { throw ProductionError(file, "matches no plate: its daily has no frame \(frame) (a gap in the sequence)") }
                if let twin { throw ProductionError(file, "grades the same plate frame as \(twin): keep one of them") }
                let seen = try Ingest.stat(file, frame: frame)
                let known: (Int64, Double)? = try catalog.read(file) { db in
                    try Row.fetchOne(db, sql: "SELECT size, modified FROM graded WHERE path = ?", arguments: [file]).map { ($0["size"], $0["modified"]) }
                }
                if let known, known.0 == seen.size, known.1 == seen.modified {
                    try catalog.write(file) { db in
                        try db.execute(sql: "UPDATE graded SET dailyId = ?, frame = ?, status = 'present' WHERE path = ?", arguments: [daily, frame, file])
                    }
                    report.unchanged += 1
                } else {
                    // Its header, to know it is a picture of its plate's shape (checked again when learning).
                    let window: PixelWindow
                    do { window = try ImageFileInfo.inspect(file).displayWindow } catch { throw ProductionError("\(error) (a graded reference)") }
                    let plate: Row? = try catalog.read(file) { db in
                        try Row.fetchOne(db, sql: "SELECT width, height FROM daily WHERE id = ?", arguments: [daily])
                    }
                    if let w = plate?["width"] as Int?, let h = plate?["height"] as Int? {
                        try checkShape(file, width: window.width, height: window.height, plateWidth: w, plateHeight: h)
                    }
                    let digest = try FileDigest.sha256(file)
                    try catalog.write(file) { db in
                        try db.execute(sql: """
                            INSERT INTO graded (path, dailyId, frame, size, modified, sha256, status, ingested) VALUES (?, ?, ?, ?, ?, ?, 'present', ?)
                            ON CONFLICT(path) DO UPDATE SET dailyId = excluded.dailyId, frame = excluded.frame, size = excluded.size,
                                modified = excluded.modified, sha256 = excluded.sha256, status = 'present'
                            """, arguments: [file, daily, frame, seen.size, seen.modified, digest, ISO8601DateFormatter().string(from: Date())])
                    }
                    if known == nil { report.added += 1 } else { report.changed += 1 }
                }
                events.send(.advanced(task: task, completed: k + 1, total: files.count, item: (file as NSString).lastPathComponent, detail: ""))
            } catch let error as ProductionError {
                failed.append(error)
            } catch {
                failed.append(ProductionError(file, "\(error)"))
            }
        }
        report.missing += try markMissing(catalog)
        if let first = failed.first {
            guard failed.count > 1 else { throw first }
            failed.forEach { events.send(.problem($0.message)) }
            throw ProductionError("\(failed.count) graded references could not be ingested (the others were): see above")
        }
        return report
    }

    /// A catalogued daily as matching needs it.
    struct Daily {
        let id: Int64, name: String, kind: String, firstFrame: Int?, lastFrame: Int?, frameCount: Int
        init(_ row: Row) {
            (id, name, kind, firstFrame, lastFrame, frameCount) = (row["id"], row["name"], row["kind"], row["firstFrame"], row["lastFrame"], row["frameCount"])
        }
        /// The name a reference of it starts with: a sequence's file name before its number, a file's name without extension.
        var base: String {
            let file = (name as NSString).lastPathComponent
            guard kind == "sequence", let hole = file.firstIndex(where: { $0 == "#" || $0 == "@" || $0 == "%" }) else {
                return (file as NSString).deletingPathExtension
            }
            return String(file[..<hole]).trimmingCharacters(in: CharacterSet(charactersIn: "._-"))
        }
    }

    /// The daily and frame a reference named `file` is a grade of.
    static func match(_ file: String, among dailies: [Daily]) throws(ProductionError) -> (Int64, Int) {
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if let still = dailies.first(where: { $0.kind == "still" && $0.base == stem }) { return (still.id, 0) }
        let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(String(digits.reversed())) else {
            throw ProductionError(file, "matches no plate: name graded references <daily>.<frame> (e.g. A001_C002.1001.png)")
        }
        let prefix = String(stem.dropLast(digits.count)).trimmingCharacters(in: CharacterSet(charactersIn: "._-"))
        let candidates = dailies.filter { $0.kind != "still" && $0.base == prefix }
        guard !candidates.isEmpty else {
            throw ProductionError(file, "matches no plate: no catalogued daily is called '\(prefix)' (ingest the dailies first)")
        }
        let holding = candidates.filter { d in
            d.kind == "video" ? number < d.frameCount : (d.firstFrame ?? 0) <= number && number <= (d.lastFrame ?? -1)
        }
        guard holding.count == 1 else {
            throw ProductionError(file, holding.isEmpty ? "matches no plate: \(prefix) has no frame \(number)"
                                                        : "matches \(holding.count) dailies called '\(prefix)': give their references distinct names")
        }
        return (holding[0].id, number)
    }

    /// Refuses a reference that does not frame its plate alike (another aspect ratio), or is more than twice
    /// its size: it is resampled to the reference's size when learning, never the other way.
    static func checkShape(_ file: String, width: Int, height: Int, plateWidth: Int, plateHeight: Int) throws(ProductionError) {
        let aspect = (Double(width) / Double(max(height, 1))) / (Double(plateWidth) / Double(max(plateHeight, 1)))
        guard abs(aspect - 1) < 0.01, width <= 2 * plateWidth, height <= 2 * plateHeight else {
            throw ProductionError(file, "is \(width)x\(height) but its plate is \(plateWidth)x\(plateHeight): a graded reference must frame "
                                        + "its plate alike (the same shape, at most twice its size)")
        }
    }

    /// Marks references no longer on disk as missing (and ones back as present); how many went missing.
    static func markMissing(_ catalog: Catalog) throws(ProductionError) -> Int {
        let rows: [(Int64, String, String)] = try catalog.read("the catalog's graded references") { db in
            try Row.fetchAll(db, sql: "SELECT id, path, status FROM graded").map { ($0["id"], $0["path"], $0["status"]) }
        }
        let gone = rows.filter { $0.2 != "missing" && !FileManager.default.fileExists(atPath: $0.1) }
        let back = rows.filter { $0.2 == "missing" && FileManager.default.fileExists(atPath: $0.1) }
        try catalog.write("the catalog's graded references") { db in
            for r in gone { try db.execute(sql: "UPDATE graded SET status = 'missing' WHERE id = ?", arguments: [r.0]) }
            for r in back { try db.execute(sql: "UPDATE graded SET status = 'present' WHERE id = ?", arguments: [r.0]) }
        }
        return gone.count
    }
}
