import BacklotCore
import Foundation
import Testing

/// A format at version 2 whose version 1 called `count` `n`.
struct Counted: Versioned, Equatable {
    static let schema = "backlot.test-counted"
    static let version = 2
    var count: Int
    var label: String

    static func upgrade(_ object: [String: Any], from version: Int) throws(SchemaError) -> [String: Any] {
        var object = object
        object["count"] = object.removeValue(forKey: "n")
        return object
    }
}

struct Plain: Versioned, Equatable {
    static let schema = "backlot.test-plain"
    static let version = 1
    var value: Double
}

@Suite struct VersionedTests {
    func decode<T: Versioned>(_ type: T.Type, _ json: String) throws(SchemaError) -> T {
        try SchemaFile.decode(type, from: Data(json.utf8), source: "f.json")
    }

    @Test func writesItsSchemaAndVersionBesideItsFields() throws {
        let text = String(decoding: try SchemaFile.encode(Counted(count: 3, label: "a")), as: UTF8.self)
        #expect(text == #"{"count":3,"label":"a","schema":"backlot.test-counted","version":2}"#)
        #expect(try decode(Counted.self, text) == Counted(count: 3, label: "a"))
    }

    @Test func upgradesOlderVersionsAndRefusesNewerOnes() throws {
        #expect(try decode(Counted.self, #"{"schema":"backlot.test-counted","version":1,"n":7,"label":"b"}"#) == Counted(count: 7, label: "b"))
        #expect(throws: SchemaError("f.json: written by a newer Backlot (backlot.test-counted version 3; this build reads up to version 2)")) {
            try decode(Counted.self, #"{"schema":"backlot.test-counted","version":3,"count":1,"label":"c"}"#)
        }
        #expect(throws: SchemaError("f.json: backlot.test-plain without a valid version number")) {
            try decode(Plain.self, #"{"schema":"backlot.test-plain","version":0,"value":1}"#)
        }
    }

    @Test func namesWhatIsWrongWithOtherFiles() {
        #expect(throws: SchemaError("f.json: is a backlot.score file, not backlot.test-plain")) {
            try decode(Plain.self, #"{"schema":"backlot.score","version":1}"#)
        }
        #expect(throws: SchemaError("f.json: names no schema (expected \"schema\": \"backlot.test-plain\")")) {
            try decode(Plain.self, #"{"value":1}"#)
        }
        #expect(throws: SchemaError("f.json: not a JSON object")) { try decode(Plain.self, "[1, 2") }
        #expect(throws: SchemaError("f.json: backlot.test-plain version 1 is malformed (no \"value\")")) {
            try decode(Plain.self, #"{"schema":"backlot.test-plain","version":1}"#)
        }
    }
}
