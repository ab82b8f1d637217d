import BacklotCore
import Pipeline

/// Grades each frame of a shot with a look (see `LookTransform`): stills, sequences and videos through the
/// frame pipeline, as `backlot look` does.
public struct LookOperation: FrameOperation {
    /// The one output: the graded frame, display light.
    public enum Pass: Hashable, Sendable { case image }

    /// The look, applied to each frame.
    public let transform: LookTransform

    public init(_ look: any LookPredictor) { transform = LookTransform(look) }

    public var name: String { "look" }
    public var radius: Int { 0 }

    public func process(_ window: FrameWindow, passes: Set<Pass>) throws -> FrameResult<Pass> {
        do {
            return FrameResult(images: [.image: try transform.apply(window.image)])
        } catch {
            throw GradingError("\(window.label): \(error.message)")
        }
    }
}
