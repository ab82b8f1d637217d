import BacklotCore

/// A file that could not be read or written: names the file and the problem in one line.
public struct ImageFileError: BacklotError, Equatable {
    /// The file (or folder) involved.
    public let path: String
    /// What is wrong with it.
    public let problem: String

    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    public var message: String { "\(path): \(problem)" }
}
