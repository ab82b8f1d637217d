import BacklotCore

/// A shot that cannot run as asked, for a reason that is not one file's fault.
public enum PipelineError: BacklotError, Equatable {
    /// The run was cancelled before it finished.
    case cancelled(shot: String)
    /// An output would be written over an input (or over another output).
    case aliased(output: String, other: String, isInput: Bool)
    /// An output's name is longer than file systems allow (`bytes` long, `limit` allowed).
    case nameTooLong(output: String, bytes: Int, limit: Int, whole: Bool)

    public var message: String {
        switch self {
        case .cancelled(let shot): "\(shot): cancelled"
        case .aliased(let output, let other, true):
            "\(output): would overwrite an input of the shot (\(other)); choose another output"
        case .aliased(let output, let other, false):
            "\(output): is written twice (also as \(other)); give each output its own path"
        case .nameTooLong(let output, let bytes, let limit, let whole):
            "\(output): \(whole ? "the path" : "a name in the path") is \(bytes) bytes long; file systems allow \(limit)"
        }
    }
}
