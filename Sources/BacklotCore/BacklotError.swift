/// An error that carries one line meant for a person: the file or thing involved and the problem.
///
/// Every stage has its own error type conforming to this protocol (`EXRError`, `SequenceError`, …);
/// the command-line tool prints `message` and exits with status 1.
public protocol BacklotError: Error, CustomStringConvertible, Sendable {
    /// One line, naming the file (when there is one) and what is wrong with it.
    var message: String { get }
}

extension BacklotError {
    public var description: String { message }
}

/// A problem with an image's shape or contents that is not tied to a file format.
public struct ImageError: BacklotError {
    public let message: String
    public init(_ message: String) { self.message = message }
}
