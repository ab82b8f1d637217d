import Foundation

/// What a box folder says about itself (`box.json`): that it is a Backlot production box, of which schema
/// version, its identity (every model it learns records it) and its name.
public struct BoxManifest: Codable, Equatable, Sendable {
    public static let schemaName = "backlot.production-box"
    /// The schema version this build writes and reads; a box of a later version is refused, not guessed at.
    public static let currentVersion = 1

    public var schema: String
    public var version: Int
    /// A random identifier, fixed when the box is created: the lineage of its models names it.
    public var id: String
    public var name: String
    /// When the box was created (ISO 8601, UTC).
    public var created: String
    /// The Backlot version that created it.
    public var createdBy: String

    init(name: String, createdBy: String) {
        schema = Self.schemaName
        version = Self.currentVersion
        id = UUID().uuidString.lowercased()
        self.name = name
        created = ISO8601DateFormatter().string(from: Date())
        self.createdBy = createdBy
    }
}
