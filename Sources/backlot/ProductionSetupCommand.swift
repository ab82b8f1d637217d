import ArgumentParser
import Foundation
import Production

extension ProductionCommand {
    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the box's setups and their dailies, or correct the grouping.",
            discussion: """
                Ingest groups dailies into setups: one camera (by its EXR cameraModel) and size, framing the same \
                screen or set (by a 32x18 thumbnail of the first frame, whatever the subject in front and the \
                exposure). New setups are named setup-1, setup-2 …: rename them, and move a daily that was put in \
                the wrong one. Learning follows the grouping; a daily moved by hand stays where it was put.

                Examples:
                  backlot production setup show
                  backlot production setup show --rename setup-1=greenstage
                  backlot production setup show --assign A001_C004=greenstage
                """)

        @OptionGroup var box: BoxOptions

        @Option(help: ArgumentHelp("Put a daily into a setup (made if new): DAILY=SETUP, DAILY being its name or a part of it that names one daily only. Repeatable.", valueName: "daily=setup"))
        var assign: [String] = []

        @Option(help: ArgumentHelp("Rename a setup: OLD=NEW. Repeatable.", valueName: "old=new"))
        var rename: [String] = []

        @Flag(help: "Print the setups as one JSON object (schema backlot.production-setups).")
        var json = false

        func validate() throws {
            for (option, values) in [("--assign", assign), ("--rename", rename)] {
                for value in values { _ = try Self.pair(value, option) }
            }
        }

        /// `A=B` split at its last `=` (a daily's name may hold one), both sides non-empty.
        static func pair(_ text: String, _ option: String) throws -> (String, String) {
            guard let cut = text.lastIndex(of: "="), cut != text.startIndex, text.index(after: cut) != text.endIndex else {
                throw ValidationError("\(option) takes \(option == "--assign" ? "DAILY=SETUP" : "OLD=NEW") (got '\(text)')")
            }
            return (String(text[..<cut]), String(text[text.index(after: cut)...]))
        }

        func run() throws {
            let opened = try Box.open(box.location)
            let catalog = try Catalog(box: opened)
            for value in rename {
                let (old, new) = try Self.pair(value, "--rename")
                try catalog.renameSetup(old, to: new)
                print("renamed setup \(old) to \(new)")
            }
            for value in assign {
                let (daily, setup) = try Self.pair(value, "--assign")
                let full = try catalog.assign(daily: daily, to: setup)
                print("put \(full) into setup \(setup)")
            }
            let setups = try catalog.setups()
            if json {
                struct Listing: Encodable { let schema = "backlot.production-setups", version = 1; let setups: [SetupInfo] }
                try ProductionCommand.printJSON(Listing(setups: setups))
                return
            }
            guard assign.isEmpty && rename.isEmpty else { return }
            print("\(opened.manifest.name): \(setups.count) setup\(setups.count == 1 ? "" : "s")")
            for s in setups {
                let size = s.width.map { "\($0)x\(s.height ?? 0)" } ?? "?"
                print("  \(s.name): camera \(s.camera ?? "unknown"), \(size), \(s.dailies.count) dail\(s.dailies.count == 1 ? "y" : "ies")")
                for d in s.dailies { print("    \(d)\(s.assigned.contains(d) ? " (assigned)" : "")") }
            }
        }
    }
}
