/// What to do about a requested frame that is not there (OpenTimelineIO's `missing_frame_policy` words).
public enum MissingPolicy: String, Sendable, CaseIterable {
    /// Stop before any work, naming the frame (the default).
    case error
    /// Leave the frame out and go on.
    case skip
    /// Use the nearest earlier frame (or the first later one, at the start) in its place.
    case hold
}
