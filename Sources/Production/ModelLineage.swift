import BacklotCore
import Foundation

/// Where a learned model comes from: the box it belongs to, the frames (and their bytes' digests) that trained
/// it, the code that learned it, and how good it is. Written beside the model as `models/<name>.json` and kept
/// in the catalog; an operation on another box refuses the model.
public struct ModelLineage: Versioned, Equatable, Sendable {
    public static let schema = "backlot.model-lineage"
    public static let version = 1

    /// One frame it was trained on (or held out from training and measured on).
    public struct Frame: Codable, Equatable, Sendable {
        public var path: String
        public var frame: Int
        public var sha256: String
        public var heldOut: Bool
        /// For a look: the graded reference of this frame, and its bytes' digest.
        public var reference: String?, referenceSHA256: String?

        public init(path: String, frame: Int, sha256: String, heldOut: Bool, reference: String? = nil, referenceSHA256: String? = nil) {
            (self.path, self.frame, self.sha256, self.heldOut, self.reference, self.referenceSHA256) = (path, frame, sha256, heldOut, reference, referenceSHA256)
        }
    }

    /// The box's id.
    public var box: String
    /// `screen` (a setup's clean plate) or `look` (a camera's grade).
    public var kind: String
    /// What it models: a setup's name (as it was when learned), or a camera's.
    public var subject: String
    /// The model's version (1, 2 … as it is learned again); `version` is the lineage schema's.
    public var modelVersion: Int
    /// Backlot's version and the method's name and version.
    public var code: String
    public var method: String
    public var created: String
    public var frames: [Frame]
    /// The digest of every file of the subject's dailies when it was learned (it is stale when they change).
    public var sourceDigest: String
    /// Its measured quality: named figures (for a screen: coverage, heldOutError, trainedOn, heldOut,
    /// withoutScreen; for a look: trainedOn, heldOut, and the mean and 95th-percentile ΔE2000 on the held-out
    /// frames of the LUT (heldOutDeltaE, heldOutDeltaE95) and of the baselines fitted on the same pairs
    /// (curvesDeltaE, curvesDeltaE95, reinhardDeltaE, reinhardDeltaE95)).
    public var quality: [String: Double]
}
