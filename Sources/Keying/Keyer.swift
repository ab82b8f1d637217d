import BacklotCore
import Foundation

/// The unmixing keyer: from a plate and an optional coarse hint to a straight foreground and a linear alpha.
///
/// Stages (each timed in `KeyResult.timings`), one file each:
/// 1. **Screen model** (`ScreenModel.swift`) – find the screen colour and interpolate the backing behind
///    every pixel from the visible screen (its quadratic trend plus push–pull over a grid), so vignetting,
///    gradients, wrinkles, seams and markers are keyed against the screen that is really there.
/// 2. **Unmix** (`Keyer+Unmix.swift`) – alpha from the key difference against the *local* backing, a
///    regional prior from the hint (or one made from colour), and a re-unmix along the line to the colour
///    of nearby solid subject.
/// 3. **Refine** (`Keyer+Refine.swift`) – edge-aware smoothing against sensor noise, clips, edge shift,
///    despeckle, garbage and core mattes.
/// 4. **Foreground** (`Keyer+Foreground.swift`) – exact unmix `F = B + (I − B) / α`, steadied by nearby
///    colour where α is tiny.
/// 5. **Despill** (`Despill.swift`) – the key channel limited by the other two.
public enum Keyer {
    /// Keys `plate` (linear RGB, any extra channels ignored) with an optional `hint` (one channel, 0…1).
    ///
    /// - Parameters:
    ///   - garbage: Optional garbage matte: where it is below 0.5 the result is screen (alpha 0).
    ///   - core: Optional core (holdout) matte: where it is above 0.5 the result is solid subject (alpha 1).
    ///   - steadied: Optional copy of the plate with less noise (`TemporalSteadying`): the screen model and
    ///     the matte come from it, the foreground is still unmixed from `plate`, grain and all.
    ///   - cleanPlate: Optional shot of the empty screen, the same size as the plate: the backing behind every
    ///     pixel (registered to the plate by a whole-pixel shift and matched in exposure).
    ///   - shadowPass: Also deliver the density of the shadows cast on the screen (`KeyResult.shadow`).
    ///   - schedule: How the stages' loops are shared between threads (the result does not depend on it).
    public static func key(
        _ plate: Image, hint: Image? = nil, garbage: Image? = nil, core: Image? = nil, steadied: Image? = nil,
        cleanPlate: Image? = nil, shadowPass: Bool = false, settings: KeyerSettings = KeyerSettings(),
        schedule: Schedule = .automatic
    ) throws(KeyError) -> KeyResult {
        var clock = StageClock()
        var notes: [String] = []
        guard let r = plate.channelIndex("R"), let g = plate.channelIndex("G"), let b = plate.channelIndex("B") else {
            throw KeyError("the plate has no R, G and B channels (it has \(plate.channelNames.joined(separator: ", ")))")
        }
        let frame = Frame(width: plate.width, height: plate.height, schedule: schedule)
        let original = sanitizedPlanes(of: plate, channels: [r, g, b], schedule: schedule, notes: &notes)
        var rgb = original
        if let steadied, steadied.width == plate.width, steadied.height == plate.height,
           let sr = steadied.channelIndex("R"), let sg = steadied.channelIndex("G"), let sb = steadied.channelIndex("B") {
            var ignored: [String] = []
            rgb = sanitizedPlanes(of: steadied, channels: [sr, sg, sb], schedule: schedule, notes: &ignored)
        }
        let hintPlane = hint.flatMap { preparedHint($0, frame: frame, settings: settings, notes: &notes) }
        let ceiling = statisticsCeiling(rgb)
        if let lowered = clamped(rgb, to: ceiling, schedule: schedule) { rgb = lowered }
        let borders = PlateBorders.find(rgb: rgb, width: frame.width, height: frame.height)
        if !borders.isEmpty {
            let what = "the plate has black borders (\(borders.description))"
            if settings.strict { throw KeyError("\(what): crop them first, or key without --strict") }
            notes.append("\(what): not picture, keyed as transparent")
        }
        var clean: [[Float]]?
        if let cleanPlate { clean = try cleanPlanes(cleanPlate, like: plate, schedule: schedule, notes: &notes) }

        // 1. Screen model.
        guard let screen = ScreenEstimator.fit(rgb: rgb, hint: hintPlane, clean: clean, setting: settings.screen, frame: frame) else {
            let detected = ScreenEstimator.detect(rgb: rgb, hint: hintPlane, setting: settings.screen)
            let key = detected.key
            let screenName = key == 1 ? "green" : key == 2 ? "blue" : "key-coloured"
            if settings.strict {
                throw KeyError("no \(screenName) screen found in the plate (less than 2% of the background is screen-coloured): this keyer needs one")
            }
            notes.append(hintPlane == nil
                ? "no \(screenName) screen found in the plate and no hint given: the matte is solid (alpha 1 everywhere)"
                : "no \(screenName) screen found in the plate: alpha follows the hint")
            var alpha = hintPlane ?? [Float](parallelRepeating: 1, count: frame.count)
            borders.fill(&alpha, width: frame.width, height: frame.height, with: 0)
            let model = ScreenModel(keyChannel: key, colour: detected.colour, screenFraction: 0)
            return KeyResult(foreground: image(original, ["R", "G", "B"], like: plate), alpha: image([alpha], ["A"], like: plate),
                             screen: model, timings: clock.stages, notes: notes)
        }
        if let offset = screen.cleanOffset, offset != (0, 0) {
            notes.append("clean plate moved by \(offset.dx), \(offset.dy) pixels to line up with the plate")
        }
        clock.mark("screen model")

        // 2. Unmix.
        var alpha = keyDifferenceAlpha(rgb: rgb, screen: screen, frame: frame)
        let sigma = screen.noise
        let region = hintPlane ?? autoHint(alpha: alpha, frame: frame)
        alpha = applyRegionPrior(alpha: alpha, region: region, rgb: rgb, screen: screen, sigma: sigma, frame: frame,
                                 settings: settings)
        // Twice: pixels made solid by the first pass show the subject's colour to their neighbours in the second.
        for _ in 0..<2 {
            alpha = unmixAlongLocalForeground(alpha: alpha, rgb: rgb, screen: screen, frame: frame)
        }
        clock.mark("unmix")

        // 3. Refine.
        alpha = refine(alpha, sigma: sigma, frame: frame, garbage: garbage, core: core, settings: settings, notes: &notes)
        borders.fill(&alpha, width: frame.width, height: frame.height, with: 0)
        clock.mark("refine")

        // 4. Foreground.
        var fg = foreground(alpha: alpha, rgb: original, backing: screen.backing, frame: frame, ceiling: ceiling)
        clock.mark("foreground")

        // 5. Despill.
        if settings.despillStrength > 0 {
            Despill.apply(&fg, alpha: alpha, backing: screen.backing, key: screen.key, settings: settings, schedule: schedule)
        }
        clock.mark("despill")
        var shadow: Image?
        if shadowPass {
            let density = ShadowPass.density(rgb: rgb, alpha: alpha, backing: screen.backing, fromCleanPlate: clean != nil, frame: frame)
            shadow = image([density], ["Y"], like: plate)
            clock.mark("shadow")
        }
        let model = ScreenModel(keyChannel: screen.key, colour: screen.colour, screenFraction: screen.fraction)
        return KeyResult(foreground: image(fg, ["R", "G", "B"], like: plate), alpha: image([alpha], ["A"], like: plate),
                         shadow: shadow, screen: model, timings: clock.stages, notes: notes)
    }

    /// The clean plate's colour planes, sanitised like the plate's; it must be the plate's size.
    private static func cleanPlanes(_ clean: Image, like plate: Image, schedule: Schedule, notes: inout [String]) throws(KeyError) -> [[Float]] {
        guard clean.width == plate.width, clean.height == plate.height else {
            throw KeyError("the clean plate is \(clean.width)x\(clean.height) but the plate is \(plate.width)x\(plate.height): give a clean plate shot with the same camera and format")
        }
        guard let r = clean.channelIndex("R"), let g = clean.channelIndex("G"), let b = clean.channelIndex("B") else {
            throw KeyError("the clean plate has no R, G and B channels (it has \(clean.channelNames.joined(separator: ", ")))")
        }
        return sanitizedPlanes(of: clean, channels: [r, g, b], schedule: schedule, notes: &notes)
    }

    private static func image(_ planes: [[Float]], _ names: [String], like plate: Image) -> Image {
        Image(planes: planes, channels: names, dataWindow: plate.dataWindow, displayWindow: plate.displayWindow,
              colorSpace: plate.colorSpace, alpha: Optional.none)
    }
}

/// The size of the plate being keyed, the scale and grid derived from it, and the schedule of its loops.
struct Frame {
    let width: Int, height: Int
    let schedule: Schedule
    var count: Int { width * height }
    /// Plate height relative to 1080p: sizes given in pixels at 1080p scale with it.
    var scale: Float { Float(height) / 1080 }
    /// The cell size of the grids that smooth fields (backing, local foreground) live on.
    var cell: Int { Swift.max(2, Int((4 * scale).rounded())) }
}

/// Measures the wall time of consecutive stages.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var stages: [StageTiming] = []

    mutating func mark(_ stage: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append(StageTiming(stage, Double(now - last) / 1e9))
        last = now
    }
}
