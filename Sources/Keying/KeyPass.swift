import Foundation

/// The outputs of a key.
public enum KeyPass: String, Sendable, Hashable, CaseIterable {
    /// Premultiplied linear RGBA: what a compositor reads straight in.
    case rgba
    /// The straight (unpremultiplied) linear foreground with its alpha.
    case fg
    /// The alpha alone.
    case matte
    /// An 8-bit sRGB preview of the foreground over a checkerboard or a colour.
    case comp
    /// The density of shadows cast on the screen (0 = lit screen, 1 = black): the matte treats them as screen.
    case shadow

    /// Parses a comma-separated list such as `rgba,comp` (in the order `allCases` gives, without repeats).
    public static func list(parsing text: String) throws(KeyError) -> [KeyPass] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = allCases.map(\.rawValue).joined(separator: ", ")
        var passes = Set<KeyPass>()
        for name in names {
            guard let pass = KeyPass(rawValue: name) else { throw KeyError("unknown pass '\(name)' (use \(known))") }
            passes.insert(pass)
        }
        guard !passes.isEmpty else { throw KeyError("no pass named (use \(known))") }
        return allCases.filter(passes.contains)
    }
}
