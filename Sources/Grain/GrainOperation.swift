import BacklotCore
import Pipeline

/// Adds or takes out a camera's grain on each frame of a shot (stills, sequences and videos through the frame
/// pipeline), as `backlot regrain` and `backlot degrain` do.
public struct GrainOperation: FrameOperation {
    /// The one output: the regrained or degrained frame.
    public enum Pass: Hashable, Sendable { case image }

    public enum Mode: Sendable {
        /// Grain made from `seed` and the frame's number, so every frame has its own and a rerun the same.
        case regrain(GrainSynthesis, seed: UInt64)
        case degrain(Degrain)
    }

    public let mode: Mode

    public init(_ mode: Mode) { self.mode = mode }

    public var name: String {
        if case .regrain = mode { return "regrain" }
        return "degrain"
    }
    public var radius: Int { 0 }
    /// The frame, its result, and three noise fields or the filter's working planes.
    public var bytesPerPixel: Int { 96 }

    public func process(_ window: FrameWindow, passes: Set<Pass>) throws -> FrameResult<Pass> {
        do {
            switch mode {
            case .regrain(let synthesis, let seed):
                let frameSeed = SeededRandom.mix(seed &+ UInt64(bitPattern: Int64(window.frame)) &* 0x9E37_79B9_7F4A_7C15)
                return FrameResult(images: [.image: try synthesis.apply(window.image, seed: frameSeed)])
            case .degrain(let degrain):
                return FrameResult(images: [.image: try degrain.apply(window.image)])
            }
        } catch {
            throw GrainError("\(window.label): \(error.message)")
        }
    }
}
