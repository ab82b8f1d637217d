import BacklotCore

/// A keying problem that stops the key.
public struct KeyError: BacklotError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
