/// Backlot's version, written into file headers and printed by `backlot --version`.
public enum BacklotVersion {
    public static let string = "0.1.0"
}
