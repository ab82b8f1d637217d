import Foundation

/// A file format Backlot defines: it names its schema and version in every file it writes
/// (`{"schema": "backlot.score", "version": 1, …}`), so readers know what they hold.
///
/// Readers accept the current version, upgrade older ones with `upgrade(_:from:)`, and refuse newer ones
/// with a message saying so, rather than misreading them.
public protocol Versioned: Codable {
    /// The schema's name, `backlot.` and a word: `backlot.score`, `backlot.synth-truth`.
    static var schema: String { get }
    /// The version this build writes.
    static var version: Int { get }
    /// The JSON object of an older `version` turned into one of the current version (called only for
    /// versions below the current one).
    static func upgrade(_ object: [String: Any], from version: Int) throws(SchemaError) -> [String: Any]
}

extension Versioned {
    public static func upgrade(_ object: [String: Any], from version: Int) throws(SchemaError) -> [String: Any] {
        throw SchemaError("\(schema) version \(version) can no longer be read")
    }
}

/// Reading and writing `Versioned` values as JSON.
public enum SchemaFile {
    /// `value` as a JSON object with `schema` and `version` beside its own fields, keys sorted.
    public static func encode<T: Versioned>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Envelope(value: value))
    }

    /// Decodes a `T` from `data`, naming `source` (a path) in every error.
    public static func decode<T: Versioned>(_ type: T.Type, from data: Data, source: String) throws(SchemaError) -> T {
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw SchemaError("\(source): not a JSON object")
        }
        guard let schema = object["schema"] as? String else {
            throw SchemaError("\(source): names no schema (expected \"schema\": \"\(T.schema)\")")
        }
        guard schema == T.schema else { throw SchemaError("\(source): is a \(schema) file, not \(T.schema)") }
        guard let version = object["version"] as? Int, version >= 1 else {
            throw SchemaError("\(source): \(T.schema) without a valid version number")
        }
        guard version <= T.version else {
            throw SchemaError("\(source): written by a newer Backlot (\(T.schema) version \(version); this build reads up to version \(T.version))")
        }
        if version < T.version {
            do { object = try T.upgrade(object, from: version) } catch {
                throw SchemaError("\(source): \(error.message)")
            }
        }
        do {
            let upgraded = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(T.self, from: upgraded)
        } catch {
            throw SchemaError("\(source): \(T.schema) version \(version) is malformed (\(describe(error)))")
        }
    }

    /// Reads a `T` from the file at `path`.
    public static func read<T: Versioned>(_ type: T.Type, from path: String) throws(SchemaError) -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw SchemaError("\(path): cannot be read") }
        return try decode(type, from: data, source: path)
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" is not what it should be"
        default: "\(error)"
        }
    }

    /// Writes the schema and version, then the value's own fields, into one object.
    private struct Envelope<T: Versioned>: Encodable {
        let value: T
        enum Key: String, CodingKey { case schema, version }
        func encode(to encoder: Encoder) throws {
            var header = encoder.container(keyedBy: Key.self)
            try header.encode(T.schema, forKey: .schema)
            try header.encode(T.version, forKey: .version)
            try value.encode(to: encoder)
        }
    }
}

/// A file of one of Backlot's own formats that cannot be read as it is.
public struct SchemaError: BacklotError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
