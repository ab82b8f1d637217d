import BacklotCore
import Foundation

/// 3D LUTs in the `.cube` format (Resolve / Adobe): a `TITLE`, `LUT_3D_SIZE`, the 0–1 domain and
/// `size³` lines of `R G B`, red changing fastest. Resolve, Nuke and OpenColorIO read it.
public enum CubeFile {
    /// The text of a `.cube` file holding `lut`. `comments` go first, each as a `#` line.
    public static func text(_ lut: Lut3D, title: String, comments: [String] = []) -> String {
        // One line each, whatever they hold: every character the reader splits lines on becomes a space.
        func oneLine(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }
        var lines = comments.map { "# " + oneLine($0) }
        lines.append("TITLE \"\(oneLine(title).replacingOccurrences(of: "\"", with: "'"))\"")
        lines.append("LUT_3D_SIZE \(lut.size)")
        lines.append("DOMAIN_MIN 0.0 0.0 0.0")
        lines.append("DOMAIN_MAX 1.0 1.0 1.0")
        lines.reserveCapacity(lines.count + lut.values.count / 3)
        for k in stride(from: 0, to: lut.values.count, by: 3) {
            lines.append(String(format: "%.6f %.6f %.6f", lut.values[k], lut.values[k + 1], lut.values[k + 2]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `lut` to `path` under a temporary name, renamed into place when complete.
    public static func write(_ lut: Lut3D, to path: String, title: String, comments: [String] = []) throws {
        let data = Data(text(lut, title: title, comments: comments).utf8)
        do {
            try AtomicFile.write(to: path) { temp in try data.write(to: URL(fileURLWithPath: temp)) }
        } catch let error as ImageFileError {
            throw error
        } catch {
            throw FileProblem.writing(path, format: ".cube", detail: "\(error.localizedDescription)", errno: errno)
        }
    }

    /// What a `.cube` file holds: its table, title and comment lines (without the `#`).
    public struct Contents: Sendable {
        public var lut: Lut3D
        public var title: String?
        public var comments: [String]
    }

    /// Reads a `.cube` file with a 3D table over the 0–1 domain; anything else is one line naming the file.
    public static func read(_ path: String) throws(ImageFileError) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageFileError(path, "cannot be read (it does not exist or is not accessible)")
        }
        guard data.count < 512 << 20 else { throw ImageFileError(path, "is too large for a .cube file (512 MB or more)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ImageFileError(path, "is not a .cube file (not UTF-8 text)") }
        return try parse(text, path: path)
    }

    /// Parses the text of a `.cube` file; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(ImageFileError) -> Contents {
        var size: Int?, title: String?, comments: [String] = [], values: [Float] = []
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") { comments.append(line.dropFirst().trimmingCharacters(in: .whitespaces)); continue }
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            func bad(_ what: String) -> ImageFileError { ImageFileError(path, "line \(n + 1): \(what)") }
            switch words[0] {
            case "TITLE":
                title = line.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
            case "LUT_3D_SIZE":
                guard size == nil, words.count == 2, let s = Int(words[1]), (2...256).contains(s) else {
                    throw bad("LUT_3D_SIZE must be given once, as a whole number from 2 to 256")
                }
                size = s
            case "LUT_1D_SIZE", "LUT_3D_INPUT_RANGE", "LUT_1D_INPUT_RANGE":
                throw bad("\(words[0]) is not supported: only 3D LUTs over the 0–1 domain are read")
            case "DOMAIN_MIN", "DOMAIN_MAX":
                let want: Float = words[0] == "DOMAIN_MIN" ? 0 : 1
                guard words.count == 4, words.dropFirst().allSatisfy({ Float($0) == want }) else {
                    throw bad("\(words[0]) other than \(Int(want)) \(Int(want)) \(Int(want)) is not supported")
                }
            default:
                guard words.count == 3, let r = Float(words[0]), let g = Float(words[1]), let b = Float(words[2]),
                      r.isFinite, g.isFinite, b.isFinite else {
                    let shown = String(line.prefix(40).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0.isPunctuation || $0 == " ") ? $0 : "?" })
                    throw bad("expected three numbers (R G B) or a keyword, found '\(shown)'")
                }
                guard size != nil else { throw bad("a table line comes before LUT_3D_SIZE") }
                values += [r, g, b]
            }
        }
        guard let size else { throw ImageFileError(path, "is not a 3D .cube file: it has no LUT_3D_SIZE line") }
        guard let lut = Lut3D(size: size, values: values) else {
            throw ImageFileError(path, "has \(values.count / 3) table lines where LUT_3D_SIZE \(size) needs \(size * size * size)")
        }
        return Contents(lut: lut, title: title, comments: comments)
    }
}
