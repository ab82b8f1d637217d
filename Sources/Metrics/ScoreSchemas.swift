import BacklotCore

extension MattingScore: Versioned {
    /// `backlot score --json` of one frame.
    public static let schema = "backlot.score"
    public static let version = 1
}

extension TemporalScore: Versioned {
    /// `backlot score --json` of a shot.
    public static let schema = "backlot.shot-score"
    public static let version = 1
}
