import BacklotCore

/// A problem with a production box or what is put into it: one line naming the box or file and what is wrong.
public struct ProductionError: BacklotError, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    init(_ path: String, _ problem: String) { message = "\(path): \(problem)" }
}
