import ArgumentParser
import BacklotCore
import Foundation
import Production

/// `backlot production`: a production's box — its catalog of dailies and (later) the models learned from them.
struct ProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "production",
        abstract: "Keep a production's box: a catalog of its dailies and the models learned from them, never shared.",
        discussion: """
            A box is a folder, ROOT/SHOW.backlot/, holding box.json (its schema, version and id), catalog.sqlite \
            (SQLite: the dailies, their files and setups, the models) and models/ and cache/. Dailies are \
            referenced, not copied: each file's path, size, modification time and SHA-256, and what its headers \
            say. Ingest groups them into setups; learn learns each setup's clean plate from them, which \
            `backlot key --production SHOW` then uses; no box ever reads another's models. SHOW is a name \
            looked up in --root (default: the BACKLOT_ROOT environment variable, else the current folder), or \
            the path of a box folder.

            Examples:
              backlot production create show --root /jobs
              backlot production ingest show /dailies/day01 /dailies/A001_C003.mov --root /jobs
              backlot production setup show --rename setup-1=greenstage --root /jobs
              backlot production learn show --root /jobs
              backlot production models show --root /jobs
              backlot production export show show.tar --root /jobs
              backlot production create show2 --from show.tar --root /jobs
              backlot production delete show --root /jobs
            """,
        subcommands: [Create.self, IngestDailies.self, Setup.self, LearnModels.self, Models.self, Status.self, Export.self, Delete.self])

    /// Prints `value` as one pretty JSON object, keys sorted.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The box a command names, and where to look for it.
    struct BoxOptions: ParsableArguments {
        @Argument(help: "The production's name (or the path of its box folder).")
        var show: String

        @Option(help: "The folder the production's box is in (default: $BACKLOT_ROOT, else the current folder).")
        var root: String?

        /// `--root`, else `$BACKLOT_ROOT` when it is set and not empty, else the current folder.
        var rootFolder: String {
            root ?? Box.defaultRoot
        }

        var location: String { Box.location(of: show, root: rootFolder) }

        func validate() throws {
            guard !show.isEmpty else { throw ValidationError("the production name is empty") }
            if root?.isEmpty == true { throw ValidationError("--root is empty: give a folder") }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a production's box: ROOT/SHOW.backlot/ with its manifest and an empty catalog.",
            discussion: """
                With --from ARCHIVE (written by `backlot production export`), the box is restored from it instead: \
                every file checked against the SHA-256 the archive lists, every model against its catalog; the box \
                keeps its id (it is the same production) and takes the name SHOW. It appears whole or not at all.
                """)

        @OptionGroup var box: BoxOptions

        @Option(help: "Restore the box from this archive (`backlot production export`).")
        var from: String?

        func validate() throws {
            if from?.isEmpty == true { throw ValidationError("--from is empty: give an archive") }
        }

        func run() throws {
            if let from {
                let restored = try BoxArchive.restore(from, name: box.show, root: box.rootFolder)
                let models = try Catalog(box: restored).models().count
                print("restored \(restored.path) from \(from) (id \(restored.manifest.id), \(models) model\(models == 1 ? "" : "s"), all verified)")
                return
            }
            let created = try Box.create(name: box.show, root: box.rootFolder)
            print("created \(created.path) (id \(created.manifest.id))")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the box as one tar archive: its manifest, catalog and models, each with its SHA-256.",
            discussion: """
                The archive (a POSIX tar file) holds export.json (schema backlot.production-export: the box's id and \
                every file with its size and SHA-256), box.json, a consistent snapshot of catalog.sqlite (taken \
                even while another process writes to it) and models/. The dailies are referenced, as in the box, \
                not copied. `backlot production create SHOW --from ARCHIVE` restores and verifies it.
                """)

        @OptionGroup var box: BoxOptions

        @Argument(help: "The archive to write (e.g. show.tar).")
        var archive: String

        func validate() throws {
            guard !archive.isEmpty else { throw ValidationError("the archive path is empty") }
        }

        func run() throws {
            let opened = try Box.open(box.location)
            let listing = try BoxArchive.export(opened, catalog: try Catalog(box: opened), to: archive)
            let bytes = listing.files.reduce(Int64(0)) { $0 + $1.size }
            print("wrote \(archive): \(opened.manifest.name) (id \(listing.box)), \(listing.files.count) files, "
                  + String(format: "%.1f MB", Double(bytes) / 1e6))
        }
    }

    struct IngestDailies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Add dailies to the box's catalog, or bring it up to date with them.",
            discussion: """
                DAILIES are image sequences (plate.####.exr), images, videos (ProRes, DNxHR, H.264 …) and folders \
                of them, searched through. Image files whose names differ only in their last run of digits are \
                one sequence. A rerun is cheap and safe: files with the size and time they had are not read \
                again; a file whose bytes changed is marked changed; a daily found somewhere else with the same \
                bytes is moved, not added; a catalogued file no longer on disk is marked missing.

                --graded adds the graded stills the production delivered, which `production learn` learns each \
                camera's look from. Each is matched to its plate frame by name: the daily's file name before its \
                frame number, then the frame (A001_C002.1001.png grades frame 1001 of A001_C002.####.exr; a \
                video's frames count from 0). A reference that matches no catalogued plate is an error naming it \
                (the others are still added): ingest the dailies first.
                """)

        @OptionGroup var box: BoxOptions

        @Argument(help: "Dailies: files, sequence patterns and folders.")
        var dailies: [String] = []

        @Option(name: .customLong("graded"), parsing: .upToNextOption, help: ArgumentHelp(
            "Graded reference stills (folders or files, after the dailies) to learn the look from, each named after the plate "
            + "frame it grades: <daily>.<frame>.png (e.g. A001_C002.1001.png).", valueName: "refs"))
        var graded: [String] = []

        @Flag(help: "No progress bar.")
        var quiet = false

        func validate() throws {
            guard !dailies.isEmpty || !graded.isEmpty else {
                throw ValidationError("name at least one daily (a file, a sequence or a folder), or --graded references")
            }
            if let empty = (dailies + graded).first(where: \.isEmpty) { throw ValidationError("a path is empty ('\(empty)')") }
        }

        func run() throws {
            let opened = try Box.open(box.location)
            let catalog = try Catalog(box: opened)
            let events = TerminalEvents(quiet: quiet, logLines: true)
            if !dailies.isEmpty {
                let r = try Ingest.run(dailies, into: catalog, events: events)
                print("\(opened.manifest.name): \(r.dailiesAdded) dailies added, \(r.dailiesMoved) moved; files: \(r.filesAdded) added, "
                      + "\(r.filesUnchanged) unchanged, \(r.filesChanged) changed, \(r.filesMoved) moved, \(r.filesMissing) missing; "
                      + String(format: "%.1f MB hashed", Double(r.bytesHashed) / 1e6))
            }
            if !graded.isEmpty {
                let g = try GradedIngest.run(graded, into: catalog, events: events)
                print("\(opened.manifest.name): graded references: \(g.added) added, \(g.unchanged) unchanged, \(g.changed) changed, "
                      + "\(g.missing) missing")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the box's dailies (kind, frames, size, camera, setup, files changed or missing since ingest) and models.")

        @OptionGroup var box: BoxOptions

        @Flag(help: "Print one JSON object (schema backlot.production-status).")
        var json = false

        func run() throws {
            let opened = try Box.open(box.location)
            let status = try BoxStatus.read(box: opened, catalog: try Catalog(box: opened))
            if json {
                try ProductionCommand.printJSON(status)
                return
            }
            let setups = Set(status.dailies.compactMap(\.setup)).count
            print("\(status.name) (\(status.path), id \(status.id)): \(status.dailies.count) dailies in \(setups) setup\(setups == 1 ? "" : "s"), "
                  + "\(status.models.count) model\(status.models.count == 1 ? "" : "s")")
            for d in status.dailies {
                let size = d.width.map { w in "\(w)x\(d.height ?? 0)" } ?? "?"
                var line = "  \(d.kind) \(d.name): \(d.frames) file\(d.frames == 1 ? "" : "s"), \(size)"
                if let fps = d.frameRate { line += ", \(fps) fps" }
                if let camera = d.camera { line += ", camera \(camera)" }
                if let setup = d.setup { line += ", setup \(setup)" }
                line += String(format: ", %.1f MB", Double(d.bytes) / 1e6)
                if d.changed > 0 { line += ", \(d.changed) changed" }
                if d.missing > 0 { line += ", \(d.missing) missing" }
                if d.graded > 0 { line += ", \(d.graded) graded reference\(d.graded == 1 ? "" : "s")" + (d.gradedMissing > 0 ? " (\(d.gradedMissing) missing)" : "") }
                print(line)
            }
            for m in status.models {
                let changed = m.kind == "look" ? "its camera's graded references or their plates changed" : "its setup's dailies changed"
                print("  model \(m.kind) \(m.subject) v\(m.version)\(m.stale ? ": stale (\(changed) since; learn again)" : "")")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the box: its catalog, models and cache. The dailies themselves are not touched.")

        @OptionGroup var box: BoxOptions

        func run() throws {
            let opened = try Box.open(box.location)
            try opened.delete()
            print("deleted \(opened.path) (the dailies it catalogued are untouched)")
        }
    }
}
