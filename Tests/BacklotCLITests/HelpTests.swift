import Foundation
import Testing

/// Help pages as snapshots: every page at 80 columns is compared with `Snapshots/<command>.txt`.
///
/// After changing a help text on purpose, rewrite the snapshots with `BACKLOT_UPDATE_SNAPSHOTS=1 swift test
/// --filter HelpTests` and read the diff before committing it.
@Suite struct HelpTests {
    static let pages = ["backlot", "key", "convert", "info", "score", "synth", "demo", "look", "regrain", "degrain"]
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots").path

    func help(_ page: String, columns: Int = 80) throws -> String {
        let r = try backlot((page == "backlot" ? [] : [page]) + ["--help"], environment: ["COLUMNS": "\(columns)"])
        #expect(r.status == 0, "\(r.err)")
        return r.out
    }

    @Test(arguments: pages)
    func matchesItsSnapshot(_ page: String) throws {
        let text = try help(page)
        let path = "\(folder)/\(page).txt"
        if ProcessInfo.processInfo.environment["BACKLOT_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let snapshot = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == snapshot, "`backlot \(page) --help` differs from Snapshots/\(page).txt")
    }

    /// Paragraphs are wrapped by the parser, never by hand: no line overflows, and in the discussion no short
    /// line is followed by more of the same paragraph (the stub a hand-wrapped line leaves when re-wrapped).
    @Test(arguments: pages)
    func readsAsParagraphsAtAnyWidth(_ page: String) throws {
        for columns in [80, 120] {
            let text = try help(page, columns: columns)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines { #expect(line.count <= columns, "\(page) at \(columns): overlong line: \(line)") }
            let discussion = lines.prefix { !$0.hasPrefix("USAGE:") }
            for (line, next) in zip(discussion, discussion.dropFirst()) where !line.hasPrefix(" ") && !next.hasPrefix(" ") {
                #expect(line.isEmpty || next.isEmpty || line.count >= columns / 2 || line.hasSuffix(":"),
                        "\(page) at \(columns): a paragraph broken by hand:\n\(line)\n\(next)")
            }
        }
    }
}
