import BacklotCore

/// Learns a setup's clean plate — the empty screen — from the frames of its takes, as a production box does.
///
/// In each frame the clear screen is found the way the keyer first finds it (its colour and chroma), shrunk by
/// a few pixels so that no edge, strand or blur is taken for screen. Each frame is registered to the
/// first by a whole-pixel shift (the camera nudged between takes) and matched to it in exposure channel by
/// channel. Every pixel is then the mean of the frames that see screen there, in two passes: the second leaves
/// out values far from the first pass's (a shadow or a passer-by in a few frames). Pixels no frame sees are
/// interpolated from around them. Every fifth frame is held out of the learning and measured against it.
public enum CleanPlateLearner {
    /// A learned clean plate and how well it was learned.
    public struct Learned: Sendable {
        /// The empty screen (R, G, B, linear) as the first frame frames it, at its exposure.
        public let plate: Image
        /// The fraction of pixels that some training frame saw as screen (the rest is interpolated).
        public let coverage: Float
        /// The median relative difference, over blocks of 16×16 pixels (at 1080p), between the learned plate
        /// and the mean of the held-out frames' screen (registered and exposure-matched): its error in the
        /// screen's shading, with the grain averaged out. Nil with fewer than five frames.
        public let heldOutError: Float?
        /// Frames learned from, frames held out, and frames that showed no screen.
        public let trainedOn: Int, heldOut: Int, withoutScreen: Int
    }

    /// Learns from `frameCount` frames, read one at a time by `read(k)` (each is read twice, never all at once).
    /// `progress` is called with the number of frame reads done, out of `2 * frameCount`.
    public static func learn(frameCount: Int, screen: KeyerSettings.Screen = .auto, schedule: Schedule = .automatic,
                             progress: (Int) -> Void = { _ in }, read: (Int) throws -> Image) throws -> Learned {
        let heldOut = frameCount >= 5 ? Set(stride(from: 4, to: frameCount, by: 5)) : []
        let training = (0..<frameCount).filter { !heldOut.contains($0) }
        var reads = 0
        // The reference: the first training frame that shows a screen.
        var reference: Observation?
        var kept: [(index: Int, placed: Placement)] = []
        var withoutScreen = 0
        var sums: [[Float]] = [], counts: [Float] = []
        for k in training {
            let image = try read(k)
            reads += 1
            progress(reads)
            guard let seen = try observe(image, screen: screen, like: reference?.image, schedule: schedule) else { withoutScreen += 1; continue }
            if reference == nil {
                reference = seen
                sums = [[Float]](repeating: [Float](repeating: 0, count: seen.frame.count), count: 3)
                counts = [Float](repeating: 0, count: seen.frame.count)
            }
            let placed = place(seen, on: reference!, reference: nil)
            accumulate(placed, sums: &sums, counts: &counts, frame: seen.frame, tolerance: nil)
            kept.append((k, placed.withoutValues))
        }
        guard let reference else {
            throw KeyError("no screen was seen in any of the \(training.count) frames: there is no clean plate to learn")
        }
        let frame = reference.frame
        let first = mean(sums, counts, frame: frame)
        // Second pass: the same frames, leaving out values far from the first pass's mean.
        sums = sums.map { _ in [Float](repeating: 0, count: frame.count) }
        counts = [Float](repeating: 0, count: frame.count)
        for (k, placement) in kept {
            let image = try read(k)
            reads += 1
            progress(reads)
            let placed = placement.with(values: try planes(of: image, like: reference.image), frame: frame)
            accumulate(placed, sums: &sums, counts: &counts, frame: frame, tolerance: first)
        }
        let seenCount = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let learned = mean(sums, counts, frame: frame)
        // Held out: their own mean plate, compared block by block with the learned one.
        var heldSums = sums.map { _ in [Float](repeating: 0, count: frame.count) }, heldCounts = [Float](repeating: 0, count: frame.count)
        for k in heldOut.sorted() {
            let image = try read(k)
            reads += 1
            progress(reads)
            guard let seen = try observe(image, screen: screen, like: reference.image, schedule: schedule) else { continue }
            accumulate(place(seen, on: reference, reference: learned), sums: &heldSums, counts: &heldCounts, frame: frame, tolerance: nil)
        }
        let heldOutError = heldCounts.contains { $0 > 0 } ? difference(heldSums, heldCounts, from: learned, frame: frame) : nil
        progress(2 * frameCount)
        let plate = Image(planes: learned, channels: ["R", "G", "B"], dataWindow: reference.image.dataWindow,
                          displayWindow: reference.image.displayWindow, colorSpace: reference.image.colorSpace, alpha: Optional.none)
        return Learned(plate: plate, coverage: Float(seenCount) / Float(frame.count),
                       heldOutError: heldOutError, trainedOn: kept.count, heldOut: heldOut.count,
                       withoutScreen: withoutScreen)
    }

    /// A frame's colour planes and the pixels in it that are surely screen.
    struct Observation {
        let image: Image, rgb: [[Float]], screen: [Float], frame: Frame
    }

    /// The frame's planes and its clear screen shrunk by eight pixels (at 1080p: no strand nor blur is left in
    /// it, and the moving subject uncovers it in other frames); nil when it shows no screen: a
    /// tenth of the frame at least, of a saturated colour (a real screen's key channel is at least twice its
    /// others; a greenish wall or a cyan sky is not a screen).
    static func observe(_ image: Image, screen setting: KeyerSettings.Screen, like reference: Image?,
                        schedule: Schedule) throws -> Observation? {
        let rgb = try planes(of: image, like: reference)
        let frame = Frame(width: image.width, height: image.height, schedule: schedule)
        guard let found = ScreenEstimator.screenPixels(rgb: rgb, setting: setting, frame: frame),
              ScreenModel.difference(found.colour.x, found.colour.y, found.colour.z, key: found.key) >= 0.5 * found.colour[found.key],
              found.weight.reduce(0, +) >= 0.1 * Float(frame.count) else { return nil }
        let shrink = Swift.max(2, Int((8 * frame.scale).rounded()))
        let screen = Morphology.grow(found.weight, width: frame.width, height: frame.height, by: -shrink, schedule: schedule)
        return Observation(image: image, rgb: rgb, screen: screen, frame: frame)
    }

    /// The R, G, B planes (sanitised); a frame of another size than the first is refused.
    static func planes(of image: Image, like reference: Image?) throws(KeyError) -> [[Float]] {
        if let reference, image.width != reference.width || image.height != reference.height {
            throw KeyError("a frame is \(image.width)x\(image.height) but the first is \(reference.width)x\(reference.height): "
                           + "a setup's frames must all have one size")
        }
        guard let r = image.channelIndex("R"), let g = image.channelIndex("G"), let b = image.channelIndex("B") else {
            throw KeyError("a frame has no R, G and B channels (it has \(image.channelNames.joined(separator: ", ")))")
        }
        var notes: [String] = []
        return Keyer.sanitizedPlanes(of: image, channels: [r, g, b], schedule: .automatic, notes: &notes)
    }
}
