import Foundation
import BacklotCore
import Testing
@testable import Keying

/// A plate of `width` x `height` over a screen colour, with a region of given alpha and foreground.
func plate(width: Int = 64, height: Int = 48, screen: SIMD3<Float> = [0.06, 0.38, 0.09],
           alphaAt: (Int, Int) -> Float, fg: SIMD3<Float>) -> (image: Image, alpha: [Float]) {
    var image = Image(width: width, height: height, channels: ["R", "G", "B"])
    var alpha = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
        for x in 0..<width {
            let a = alphaAt(x, y)
            alpha[y * width + x] = a
            for c in 0..<3 { image.planes[c][y * width + x] = a * fg[c] + (1 - a) * screen[c] }
        }
    }
    return (image, alpha)
}

@Suite struct ScreenModelTests {
    @Test func detectsGreenAndBlue() {
        let green = plate(alphaAt: { x, _ in x < 10 ? 1 : 0 }, fg: [0.5, 0.3, 0.2]).image
        let blue = plate(screen: [0.04, 0.09, 0.4], alphaAt: { x, _ in x < 10 ? 1 : 0 }, fg: [0.5, 0.3, 0.2]).image
        let planes = { (i: Image) in i.planes }
        #expect(ScreenEstimator.detect(rgb: planes(green), hint: nil, setting: .auto).key == 1)
        #expect(ScreenEstimator.detect(rgb: planes(blue), hint: nil, setting: .auto).key == 2)
        let c = ScreenEstimator.detect(rgb: planes(green), hint: nil, setting: .auto).colour
        #expect(abs(c.y - 0.38) < 1e-5)
    }

    @Test func backingFollowsAnUnevenScreenIntoTheHole() {
        // A screen with a strong horizontal gradient; the middle third is hidden (weight 0).
        let w = 120, h = 40, n = w * h
        let rgb = (0..<3).map { c in (0..<n).map { i in Float(c + 1) * 0.1 * (0.5 + Float(i % w) / Float(w)) } }
        let weight = (0..<n).map { i -> Float in (i % w) >= 40 && (i % w) < 80 ? 0 : 1 }
        let backing = ScreenEstimator.backing(rgb: rgb, screenWeight: weight, frame: Frame(width: w, height: h, schedule: .automatic)).planes()
        // Inside the hole the interpolated backing stays between its neighbours and close to the gradient.
        for x in [45, 60, 75] {
            let truth = 0.2 * (0.5 + Float(x) / Float(w))
            #expect(abs(backing[1][20 * w + x] - truth) < 0.03, "x=\(x): \(backing[1][20 * w + x]) vs \(truth)")
        }
        // Where the screen is visible, the backing is the screen.
        #expect(abs(backing[1][20 * w + 10] - rgb[1][20 * w + 10]) < 0.01)
    }

    /// A hot spot hidden behind a large subject is carried into the hole by the screen's trend; behind a subject
    /// filling the bottom of the frame the trend may not run far beyond the screen seen.
    @Test func backingKeepsAHotSpotAndDoesNotRunAway() {
        let w = 160, h = 90, n = w * h
        let light = { (x: Int, y: Int) -> Float in
            let (u, v) = (Float(x) / Float(w) * 2 - 1, Float(y) / Float(h) * 2 - 1)
            return 1.2 - 0.4 * (u * u + v * v)
        }
        let rgb = (0..<3).map { c in (0..<n).map { i in [Float(0.06), 0.38, 0.09][c] * light(i % w, i / w) } }
        let frame = Frame(width: w, height: h, schedule: .automatic)
        let hole = (0..<n).map { i -> Float in abs(i % w - 80) < 30 && abs(i / w - 45) < 25 ? 0 : 1 }
        let centre = ScreenEstimator.backing(rgb: rgb, screenWeight: hole, frame: frame).planes()[1][45 * w + 80]
        #expect(abs(centre - 0.38 * 1.2) < 0.01, "hot spot behind the hole: \(centre) vs \(0.38 * 1.2)")
        // Only the top of the frame is screen, lit more and more strongly downwards: a quadratic through it
        // runs off to glare behind the subject below; the backing stays near the brightest screen seen.
        let steep = (0..<3).map { c in (0..<n).map { i in [Float(0.06), 0.38, 0.09][c] * (0.4 + 0.6 * powf(Float(i / w) / 40, 3)) } }
        let top = (0..<n).map { i -> Float in i / w < 40 ? 1 : 0 }
        let bottom = ScreenEstimator.backing(rgb: steep, screenWeight: top, frame: frame).planes()[1][(h - 1) * w]
        let brightestSeen = (0..<(40 * w)).map { steep[1][$0] }.max()!
        #expect(bottom <= 1.15 * brightestSeen, "backing behind the subject ran up to \(bottom) (brightest screen \(brightestSeen))")
    }
}

@Suite struct UnmixTests {
    @Test func recoversAlphaAndForegroundOfASemiTransparentGreySquare() throws {
        let (image, truth) = plate(width: 96, height: 64, alphaAt: { x, y in (30..<66).contains(x) && (20..<44).contains(y) ? 0.5 : 0 },
                                   fg: [0.6, 0.6, 0.6])
        var settings = KeyerSettings()
        settings.despeckleArea = 0
        let result = try Keyer.key(image, settings: settings)
        let w = 96
        #expect(abs(result.alpha.planes[0][32 * w + 48] - 0.5) < 0.02)
        #expect(result.alpha.planes[0][5 * w + 5] == 0)
        for c in 0..<3 { #expect(abs(result.foreground[48, 32, c] - 0.6) < 0.03) }
        let sad = zip(result.alpha.planes[0], truth).map { abs($0 - $1) }.reduce(0, +)
        #expect(sad / Float(truth.count) < 0.01)
    }

    @Test func hdrHighlightsSurviveAndAlphaStaysInRange() throws {
        let (image, _) = plate(alphaAt: { x, y in (20..<40).contains(x) && (10..<30).contains(y) ? 1 : 0 }, fg: [4, 4.3, 4.1])
        let result = try Keyer.key(image)
        #expect(result.alpha.planes.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(result.premultiplied[30, 20, 0] > 3)
        #expect(result.alpha[30, 20, 0] > 0.9)
    }

    @Test func greenishSolidInsideTheHintIsSolid() throws {
        // An olive box leans towards the screen colour; the hint says it is subject.
        let inside = { (x: Int, y: Int) in (16..<48).contains(x) && (12..<36).contains(y) }
        let (image, _) = plate(alphaAt: { x, y in inside(x, y) ? 1 : 0 }, fg: [0.18, 0.32, 0.10])
        var hint = Image(width: 64, height: 48, channels: ["Y"])
        for y in 0..<48 { for x in 0..<64 where (12..<52).contains(x) && (8..<40).contains(y) { hint[x, y, 0] = 1 } }
        var settings = KeyerSettings()
        settings.hintTolerance = 3
        let result = try Keyer.key(image, hint: hint, settings: settings)
        #expect(result.alpha[32, 24, 0] > 0.95)
        // Despill spares a colour that is green by nature.
        #expect(result.foreground[32, 24, 1] > 0.28)
    }
}

@Suite struct DespillTests {
    /// An even green backing whose key difference is 0.3, for a row of `width` pixels.
    func screen(width: Int) -> GridField {
        GridField(grids: [[0.1], [0.4], [0.1]], gridWidth: 1, gridHeight: 1, cell: 4, width: width, height: 1)
    }

    @Test func removesSpillButKeepsYellowTealAndSkin() {
        var settings = KeyerSettings()
        settings.despillLimit = .max
        let colours: [SIMD3<Float>] = [[0.5, 0.6, 0.5], [0.72, 0.58, 0.05], [0.04, 0.28, 0.26], [0.55, 0.31, 0.22]]
        var fg = (0..<3).map { c in colours.map { $0[c] } }
        Despill.apply(&fg, alpha: [1, 1, 1, 1], backing: screen(width: 4), key: 1, settings: settings)
        #expect(abs(fg[1][0] - 0.5) < 0.01)     // spilled grey: green limited to max(R, B)
        #expect(fg[1][1] == 0.58)               // yellow untouched
        #expect(abs(fg[1][2] - 0.26) < 1e-6)    // teal: only the small excess goes
        #expect(fg[1][3] == 0.31)               // skin untouched
        settings.despillLimit = .average
        settings.despillPreservesLuminance = true
        var grey = [[Float(0.5)], [Float(0.6)], [Float(0.5)]]
        let before = 0.2126 * grey[0][0] + 0.7152 * grey[1][0] + 0.0722 * grey[2][0]
        Despill.apply(&grey, alpha: [1], backing: screen(width: 1), key: 1, settings: settings)
        let after = 0.2126 * grey[0][0] + 0.7152 * grey[1][0] + 0.0722 * grey[2][0]
        #expect(abs(after - before) < 1e-5)
        #expect(grey[1][0] - grey[0][0] < 0.01)
    }
}

@Suite struct RefineTests {
    @Test func despeckleDropsSmallIslandsOnly() {
        let w = 40, h = 20
        var alpha = [Float](repeating: 0, count: w * h)
        alpha[5 * w + 5] = 1; alpha[5 * w + 6] = 0.8                  // 2-pixel island
        for y in 5..<15 { for x in 20..<30 { alpha[y * w + x] = 1 } }  // 100-pixel island
        let removed = Islands.despeckle(&alpha, width: w, height: h, minArea: 10)
        #expect(removed == 2)
        #expect(alpha[5 * w + 5] == 0 && alpha[10 * w + 25] == 1)
    }

    @Test(arguments: [(40, 20), (97, 61)])
    func despeckleMatchesAFloodFill(_ size: (Int, Int)) {
        let (w, h) = size
        var state: UInt32 = 7
        // Blobs of random sizes: 8-connected islands below the area vanish, the rest stays untouched.
        let alpha = (0..<(w * h)).map { i -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            let x = Float(i % w), y = Float(i / w)
            return sin(x * 0.7) * cos(y * 0.45) > 0.55 || state >> 28 == 0 ? Float(state >> 8) / Float(1 << 24) * 0.9 + 0.1 : 0
        }
        for schedule in [Schedule.serial, Schedule(threads: 3), .automatic] {
            var fast = alpha
            let removed = Islands.despeckle(&fast, width: w, height: h, minArea: 6, schedule: schedule)
            let naive = naiveDespeckle(alpha, w, h, minArea: 6)
            #expect(fast == naive, "\(schedule)")
            #expect(removed == zip(alpha, naive).filter { $0 != $1 }.count)
        }
    }

    /// Islands of alpha > 0.02, found pixel by pixel with a flood fill over the 8 neighbours.
    func naiveDespeckle(_ alpha: [Float], _ w: Int, _ h: Int, minArea: Int) -> [Float] {
        var out = alpha, label = [Int](repeating: -1, count: w * h)
        for start in 0..<(w * h) where alpha[start] > 0.02 && label[start] < 0 {
            var stack = [start], members: [Int] = []
            label[start] = start
            while let i = stack.popLast() {
                members.append(i)
                for dy in -1...1 {
                    for dx in -1...1 {
                        let x = i % w + dx, y = i / w + dy
                        guard x >= 0, y >= 0, x < w, y < h, alpha[y * w + x] > 0.02, label[y * w + x] < 0 else { continue }
                        label[y * w + x] = start
                        stack.append(y * w + x)
                    }
                }
            }
            if members.count < minArea { for i in members { out[i] = 0 } }
        }
        return out
    }
}

@Suite struct BadKeyInputTests {
    @Test func nanAndInfinityAreTreatedNotPropagated() throws {
        var (image, _) = plate(alphaAt: { x, _ in x < 20 ? 1 : 0 }, fg: [0.5, 0.3, 0.2])
        image.planes[0][10] = .nan
        image.planes[1][200] = .infinity
        image.planes[2][3000] = -.infinity
        let result = try Keyer.key(image)
        #expect(result.alpha.planes.joined().allSatisfy { $0.isFinite })
        #expect(result.foreground.planes.joined().allSatisfy { $0.isFinite })
        #expect(result.notes.contains { $0.contains("NaN") })
    }

    @Test func hintsOfOtherSizesAllBlackOrAllWhite() throws {
        let (image, _) = plate(alphaAt: { x, _ in x < 20 ? 1 : 0 }, fg: [0.5, 0.3, 0.2])
        let small = Image(width: 16, height: 12, channels: ["Y"], fill: 1)
        var r = try Keyer.key(image, hint: small)
        #expect(r.notes.contains { $0.contains("resampled") })
        r = try Keyer.key(image, hint: Image(width: 64, height: 48, channels: ["Y"], fill: 0))
        #expect(r.notes.contains { $0.contains("all black") })
        #expect(r.alpha[5, 5, 0] > 0.9)   // colour still finds the subject
        r = try Keyer.key(image, hint: Image(width: 64, height: 48, channels: ["Y"], fill: 1))
        #expect(r.notes.contains { $0.contains("all white") })
        #expect(r.alpha[50, 5, 0] == 0)
    }

    @Test func plateWithoutAScreenAndTinyPlates() throws {
        let grey = Image(width: 32, height: 32, channels: ["R", "G", "B"], fill: 0.4)
        let r = try Keyer.key(grey)
        #expect(r.notes.contains { $0.contains("no green screen") || $0.contains("no ") })
        #expect(r.alpha.width == 32)
        var one = Image(width: 1, height: 1, channels: ["R", "G", "B"])
        one.planes = [[0.06], [0.38], [0.09]]
        let tiny = try Keyer.key(one, settings: { var s = KeyerSettings(); s.screen = .green; return s }())
        #expect(tiny.alpha.planes == [[tiny.alpha.planes[0][0]]] && tiny.alpha.planes[0][0].isFinite)
        #expect(throws: KeyError.self) { try Keyer.key(Image(width: 4, height: 4, channels: ["Y"])) }
    }
}

@Suite struct UserMatteTests {
    @Test func garbageAndCoreMattesOverruleTheKey() throws {
        // Subject on the left third; a garbage matte that excludes the top rows, a core matte holding a
        // screen-coloured patch on the right as solid.
        let (image, _) = plate(alphaAt: { x, _ in x < 20 ? 1 : 0 }, fg: [0.5, 0.3, 0.2])
        var garbage = Image(width: 64, height: 48, channels: ["Y"], fill: 1)
        for y in 0..<8 { for x in 0..<64 { garbage[x, y, 0] = 0 } }
        var core = Image(width: 32, height: 24, channels: ["Y"])   // half size: resampled
        for y in 10..<14 { for x in 25..<30 { core[x, y, 0] = 1 } }
        var settings = KeyerSettings()
        settings.despeckleArea = 0
        let r = try Keyer.key(image, garbage: garbage, core: core, settings: settings)
        #expect(r.alpha[5, 3, 0] == 0)          // subject, but outside the garbage matte
        #expect(r.alpha[5, 30, 0] > 0.95)       // subject inside it
        #expect(r.alpha[55, 24, 0] == 1)        // screen held solid by the core matte
        #expect(r.alpha[40, 40, 0] == 0)
        #expect(r.notes.contains { $0.contains("core matte") && $0.contains("resampled") })
    }

    @Test func edgeShiftGrowsAndShrinksTheMatte() throws {
        let (image, _) = plate(alphaAt: { x, _ in x < 20 ? 1 : 0 }, fg: [0.5, 0.3, 0.2])
        var settings = KeyerSettings()
        let base = try Keyer.key(image, settings: settings).alpha.planes.joined().reduce(0, +)
        settings.edgeShift = 2
        let grown = try Keyer.key(image, settings: settings).alpha.planes.joined().reduce(0, +)
        settings.edgeShift = -2
        let shrunk = try Keyer.key(image, settings: settings).alpha.planes.joined().reduce(0, +)
        #expect(grown > base + 48 && shrunk < base - 48)
    }
}

@Suite struct HoleFillTests {
    @Test func fillsSpecklesInsideSolidButNotGapsOrEdges() {
        let w = 30, h = 20
        var alpha = [Float](repeating: 1, count: w * h)
        alpha[5 * w + 5] = 0.85; alpha[5 * w + 6] = 0.9      // a speckle inside the subject
        alpha[10 * w + 15] = 0.1; alpha[10 * w + 16] = 0.05  // a real gap (mostly transparent)
        alpha[0 * w + 20] = 0.9                              // touches the frame's edge
        let filled = Islands.fillHoles(&alpha, width: w, height: h, maxArea: 10)
        #expect(filled == 2)
        #expect(alpha[5 * w + 5] == 1 && alpha[5 * w + 6] == 1)
        #expect(alpha[10 * w + 15] == 0.1 && alpha[0 * w + 20] == 0.9)
    }
}
