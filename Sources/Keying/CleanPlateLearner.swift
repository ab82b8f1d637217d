import BacklotCore
import Foundation

/// Learns a setup's clean plate — the empty screen — from the frames of its takes, as a production box does.
///
/// In each frame the clear screen is found the way the keyer first finds it (its colour and chroma), shrunk by
/// a few pixels; each frame is registered to the first by a whole-pixel shift over it (the camera nudged
/// between takes) and matched to it in exposure channel by channel. The plate is then learned from every
/// screen-hued pixel (seams, markers and wrinkles' shadows are screen too) in two passes: the per-pixel median of
/// a few frames spread over the takes (the subject moves, the screen stays), then the mean of every frame's
/// values near that median. Pixels no frame shows are interpolated from around them. Every fifth frame is
/// held out of the learning and measured against it.
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
        /// Which frames were held out (indices as `read` was given them).
        public let heldOutFrames: [Int]
    }

    /// How many frames are looked at in the first pass (their per-pixel median).
    static let medianFrames = 7

    /// How many frame reads learning `frameCount` frames takes (what `progress` counts to).
    public static func reads(frameCount: Int) -> Int {
        let training = frameCount - (frameCount >= 5 ? frameCount / 5 : 0)
        return frameCount + Swift.min(medianFrames, training)
    }

    /// Learns from `frameCount` frames, read one at a time by `read(k)` (never all at once; a few are read twice).
    /// `progress` is called with the number of frame reads done, out of `reads(frameCount:)`.
    public static func learn(frameCount: Int, screen: KeyerSettings.Screen = .auto, schedule: Schedule = .automatic,
                             progress: (Int) -> Void = { _ in }, read: (Int) throws -> Image) throws -> Learned {
        let heldOut = frameCount >= 5 ? Set(stride(from: 4, to: frameCount, by: 5)) : []
        let training = (0..<frameCount).filter { !heldOut.contains($0) }
        var done = 0
        func next(_ k: Int) throws -> Image {
            let image = try read(k)
            done += 1
            progress(done)
            return image
        }
        // First pass: the per-pixel median of a few frames spread over the takes. The subject moves, the screen
        // (its wrinkles, seams, markers and shadows) stays: what most of them show is the screen.
        var reference: Observation?
        var samples: [Placement] = []
        let spread = training.count <= medianFrames ? training
            : (0..<medianFrames).map { training[$0 * (training.count - 1) / (medianFrames - 1)] }
        for k in spread {
            guard let seen = try observe(try next(k), screen: screen, like: reference?.image, schedule: schedule) else { continue }
            if reference == nil { reference = seen }
            samples.append(place(seen, on: reference!, reference: nil))
        }
        guard let reference else {
            throw KeyError("no screen was seen in the \(spread.count) frames looked at first: there is no clean plate to learn")
        }
        let frame = reference.frame
        let median = medianPlate(samples, frame: frame)
        samples = []
        // Second pass: every training frame, where it shows screen near that median (a strand, a shadow or a
        // passer-by in a frame is left out), averaged.
        var sums = [[Float]](repeating: [Float](repeating: 0, count: frame.count), count: 3)
        var counts = [Float](repeating: 0, count: frame.count)
        var withoutScreen = 0, trainedOn = 0
        // (A frame per thread: each frame's own loops are short, and much of them serial.)
        let batch = Swift.max(1, schedule.threads)
        for start in stride(from: 0, to: training.count, by: batch) {
            let images = try training[start..<Swift.min(start + batch, training.count)].map { try next($0) }
            for placed in try placeAll(images, on: reference, target: nil, screen: screen) {
                guard let placed else { withoutScreen += 1; continue }
                accumulate(placed, sums: &sums, counts: &counts, frame: frame, tolerance: median)
                trainedOn += 1
            }
        }
        let seenCount = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let learned = mean(sums, counts, frame: frame)
        // Held out: their own mean plate, compared block by block with the learned one.
        var heldSums = sums.map { _ in [Float](repeating: 0, count: frame.count) }, heldCounts = [Float](repeating: 0, count: frame.count)
        let held = heldOut.sorted()
        for start in stride(from: 0, to: held.count, by: batch) {
            let images = try held[start..<Swift.min(start + batch, held.count)].map { try next($0) }
            for placed in try placeAll(images, on: reference, target: learned, screen: screen) {
                if let placed { accumulate(placed, sums: &heldSums, counts: &heldCounts, frame: frame, tolerance: nil) }
            }
        }
        let heldOutError = heldCounts.contains { $0 > 0 } ? difference(heldSums, heldCounts, from: learned, frame: frame) : nil as Float?
        progress(Self.reads(frameCount: frameCount))
        let plate = Image(planes: learned, channels: ["R", "G", "B"], dataWindow: reference.image.dataWindow,
                          displayWindow: reference.image.displayWindow, colorSpace: reference.image.colorSpace, alpha: Optional.none)
        return Learned(plate: plate, coverage: Float(seenCount) / Float(frame.count),
                       heldOutError: heldOutError, trainedOn: trainedOn, heldOut: heldOut.count,
                       withoutScreen: withoutScreen, heldOutFrames: heldOut.sorted())
    }

    /// Each image observed and placed on `reference` (nil where it shows no screen), a thread each.
    static func placeAll(_ images: [Image], on reference: Observation, target: [[Float]]?,
                         screen: KeyerSettings.Screen) throws -> [Placement?] {
        guard images.count > 1 else {
            return try images.map { image in
                try observe(image, screen: screen, like: reference.image, schedule: reference.frame.schedule)
                    .map { place($0, on: reference, reference: target) }
            }
        }
        let results = SharedResults<Placement?>(count: images.count)
        let errors = FirstError()
        DispatchQueue.concurrentPerform(iterations: images.count) { k in
            do {
                let seen = try observe(images[k], screen: screen, like: reference.image, schedule: .serial)
                results.set(k, seen.map { place($0, on: reference, reference: target) })
            } catch {
                errors.record(error)
            }
        }
        if let error = errors.first { throw error }
        return results.values.map { $0 ?? nil }
    }

    /// A frame's colour planes, the pixels in it that are surely screen (`screen`: what registration and
    /// exposure matching compare) and those that are screen-hued at all (`hued`: what is learned from, a seam,
    /// a marker or a shadow on the screen included).
    struct Observation {
        let image: Image, rgb: [[Float]], screen: [Float], hued: [Float], frame: Frame
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
        let screen = shrunk(found.weight, by: shrink, frame: frame)
        let key = found.key
        let hued = rgb.withPlanePointers { p in
            Planes.make(frame.count, schedule: schedule) { i in
                let k = p[key].pointer[i]
                return k > 1e-4 && ScreenModel.difference(p[0].pointer[i], p[1].pointer[i], p[2].pointer[i], key: key) > 0.3 * k ? 1 : 0
            }
        }
        let edge = Swift.max(1, Int((2 * frame.scale).rounded()))
        return Observation(image: image, rgb: rgb, screen: screen,
                           hued: shrunk(hued, by: edge, frame: frame), frame: frame)
    }

    /// A 0/1 mask eroded by a square of radius `r` clipped at the frame's edges (`Morphology.grow(mask, by: -r)`
    /// for such masks), by running counts of the zeros in each window: the same cost whatever `r`.
    static func shrunk(_ mask: [Float], by r: Int, frame: Frame) -> [Float] {
        let (w, h) = (frame.width, frame.height)
        var rows = [Float](repeating: 0, count: w * h)
        rows.withUnsafeMutableBufferPointer { out in
            let o = UncheckedPointer(out.baseAddress!)
            frame.schedule.forRows(h, width: w) { range in
                for y in range {
                    let row = y * w
                    var zeros = 0
                    for x in 0..<Swift.min(r, w) where mask[row + x] < 0.5 { zeros += 1 }
                    for x in 0..<w {
                        if x + r < w, mask[row + x + r] < 0.5 { zeros += 1 }
                        if x - r - 1 >= 0, mask[row + x - r - 1] < 0.5 { zeros -= 1 }
                        o.pointer[row + x] = zeros == 0 ? 1 : 0
                    }
                }
            }
        }
        // Down the columns: per column, the zeros of the rows in the window, kept as one count per column.
        var out = [Float](repeating: 0, count: w * h)
        var zeros = [Int32](repeating: 0, count: w)
        for y in 0..<Swift.min(r, h) { for x in 0..<w where rows[y * w + x] < 0.5 { zeros[x] += 1 } }
        for y in 0..<h {
            if y + r < h { let row = (y + r) * w; for x in 0..<w where rows[row + x] < 0.5 { zeros[x] += 1 } }
            if y - r - 1 >= 0 { let row = (y - r - 1) * w; for x in 0..<w where rows[row + x] < 0.5 { zeros[x] -= 1 } }
            let row = y * w
            for x in 0..<w { out[row + x] = zeros[x] == 0 ? 1 : 0 }
        }
        return out
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
