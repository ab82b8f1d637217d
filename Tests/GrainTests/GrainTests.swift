import BacklotCore
import Foundation
@testable import Grain
import Synth
import Testing

/// A camera's grain measured on frames of a still scene, made again, and taken out: judged against the
/// synthetic camera's true grain.
struct GrainTests {
    static let coarse = CameraGrain(sigma: [0.010, 0.008, 0.013], readShare: 0.3, baseISO: 800, clump: [1.3, 0.8], white: 0.2, chroma: 0.4)

    /// A still scene (a smooth gradient and a textured patch) and `count` frames of it with fresh grain.
    static func frames(_ grain: CameraGrain, count: Int, width: Int = 256, height: Int = 192, seed: UInt64 = 1) -> (clean: Image, frames: [Image]) {
        let clean = (0..<3).map { c in
            (0..<(width * height)).map { i -> Float in
                let (x, y) = (Float(i % width), Float(i / width))
                let ramp = 0.02 + 0.5 * x / Float(width) * (0.6 + 0.2 * Float(c))
                return y < Float(height) / 2 ? ramp : ramp * (1 + 0.5 * sinf(x * 0.9) * cosf(y * 0.7))
            }
        }
        let image = { (planes: [[Float]]) in
            Image(planes: planes, channels: ["R", "G", "B"], dataWindow: PixelWindow(width: width, height: height),
                  displayWindow: PixelWindow(width: width, height: height), colorSpace: .linearRec709, alpha: .none)
        }
        let frames = (0..<count).map { k -> Image in
            let field = grain.field(width: width, height: height, seed: seed &+ UInt64(k))
            return image((0..<3).map { c in zip(clean[c], field[c]).map { $0 + grain.variance(channel: c, at: $0, iso: 800).squareRoot() * $1 } })
        }
        return (image(clean), frames)
    }

    @Test func fftInvertsAndMatchesTheDefinition() {
        let fft = FFT(size: 8)
        let x: [Float] = [1, -2, 3, 0.5, 0, 4, -1, 2]
        var re = x, im = [Float](repeating: 0, count: 8)
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in fft.transform(r.baseAddress!, i.baseAddress!) } }
        for k in 0..<8 {
            let expected = (0..<8).reduce((Float(0), Float(0))) { s, n in
                let a = -2 * Float.pi * Float(k * n) / 8
                return (s.0 + x[n] * cosf(a), s.1 + x[n] * sinf(a))
            }
            #expect(abs(re[k] - expected.0) < 1e-4 && abs(im[k] - expected.1) < 1e-4)
        }
        var block = (0..<64).map { Float($0 % 7) - 3 }, imag = [Float](repeating: 0, count: 64)
        let original = block
        let fft2 = FFT(size: 8)
        fft2.transform2D(&block, &imag)
        fft2.transform2D(&block, &imag, inverse: true)
        #expect(zip(block, original).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func measuresTheTrueSpectrumNoiseLevelsAndCorrelation() throws {
        let (_, frames) = Self.frames(Self.coarse, count: 4)
        var measurement = GrainMeasurement()
        for k in 0..<3 { try measurement.add(frames[k], next: frames[k + 1]) }
        let model = try measurement.model(camera: "test", iso: "800")
        #expect(model.method == "temporal")
        let truth = NoiseSpectrum.bands(Self.coarse.spectrum(size: 32), size: 32)
        for c in 0..<3 {
            let bands = NoiseSpectrum.bands(model.spectrum[c], size: 32)
            for (b, t) in zip(bands, truth) { #expect(abs(b / t - 1) < 0.1, "channel \(c) band: \(b) vs \(t)") }
            for v: Float in [0.09, 0.2, 0.27] {
                let ratio = model.variance(channel: c, at: v) / Self.coarse.variance(channel: c, at: v, iso: 800)
                #expect(abs(ratio - 1) < 0.12, "channel \(c) at \(v): \(ratio)")
            }
        }
        #expect(abs(model.correlation[0][1] - 0.4) < 0.08 && abs(model.correlation[1][2] - 0.4) < 0.08)
    }

    @Test func singleFramesAreMeasuredOnTheirFlatBlocks() throws {
        let (_, frames) = Self.frames(Self.coarse, count: 3)
        var measurement = GrainMeasurement()
        for frame in frames { try measurement.add(frame, next: nil) }
        let model = try measurement.model(camera: "test", iso: nil)
        #expect(model.method == "spatial" && measurement.spatialFrames == 3 && measurement.temporalPairs == 0)
        // The smooth half (a ramp, less its fitted plane) gives the level; the textured half is left out.
        for c in 0..<3 {
            let level = model.levels[c][model.levels[c].count / 2]
            let ratio = model.variance(channel: c, at: level) / Self.coarse.variance(channel: c, at: level, iso: 800)
            #expect(abs(ratio - 1) < 0.2, "channel \(c) at \(level): \(ratio)")
        }
    }

    @Test func synthesisedGrainHasTheModelsSpectrumAndLevel() throws {
        let (_, frames) = Self.frames(Self.coarse, count: 3)
        var measurement = GrainMeasurement()
        for k in 0..<2 { try measurement.add(frames[k], next: frames[k + 1]) }
        let model = try measurement.model(camera: "test", iso: "800")
        let (w, h) = (256, 256)
        let grey = Image(planes: [[Float]](repeating: [Float](repeating: 0.18, count: w * h), count: 3), channels: ["R", "G", "B"],
                         dataWindow: PixelWindow(width: w, height: h), displayWindow: PixelWindow(width: w, height: h),
                         colorSpace: .linearRec709, alpha: .none)
        let regrained = try GrainSynthesis(model).apply(grey, seed: 7, schedule: .serial)
        let truth = NoiseSpectrum.bands(Self.coarse.spectrum(size: 32), size: 32)
        for c in 0..<3 {
            let noise = regrained.planes[c].map { $0 - 0.18 }
            let variance = Self.coarse.variance(channel: c, at: 0.18, iso: 800)
            let bands = NoiseSpectrum.bands(try #require(NoiseSpectrum.measure(noise, width: w, height: h)), size: 32).map { $0 / variance }
            for (b, t) in zip(bands, truth) { #expect(abs(b / t - 1) < 0.15, "channel \(c): \(b) vs \(t)") }
            // White noise of the same variance misses the coarse grain's bands by far more.
            #expect(truth.contains { abs(1 / $0 - 1) > 0.5 })
        }
        // The same seed gives the same grain; another seed, other grain.
        #expect(try GrainSynthesis(model).apply(grey, seed: 7, schedule: .serial).planes == regrained.planes)
        #expect(try GrainSynthesis(model).apply(grey, seed: 8, schedule: .serial).planes != regrained.planes)
    }

    @Test func degrainBringsAFrameCloserToTheCleanPicture() throws {
        let (clean, frames) = Self.frames(Self.coarse, count: 3)
        var measurement = GrainMeasurement()
        for k in 0..<2 { try measurement.add(frames[k], next: frames[k + 1]) }
        let model = try measurement.model(camera: "test", iso: "800")
        let degrained = try Degrain(model).apply(frames[2], schedule: .serial)
        func mse(_ a: Image) -> Float {
            var sum: Float = 0
            for c in 0..<3 { for i in 0..<clean.planeSize { sum += (a.planes[c][i] - clean.planes[c][i]) * (a.planes[c][i] - clean.planes[c][i]) } }
            return sum / Float(3 * clean.planeSize)
        }
        #expect(mse(degrained) < 0.45 * mse(frames[2]), "\(mse(degrained)) vs \(mse(frames[2]))")
        // Better than the best Gaussian blur (its width chosen against the truth): the model knows what is grain.
        var blurred = frames[2]
        let best = [0.5, 0.7, 1.0, 1.4, 2.0].map { (sigma: Float) -> Float in
            for c in 0..<3 { blurred.planes[c] = Blur.gaussian(frames[2].planes[c], width: clean.width, height: clean.height, sigma: sigma) }
            return mse(blurred)
        }.min()!
        #expect(mse(degrained) < 0.8 * best, "\(mse(degrained)) vs the best blur's \(best)")
    }

    @Test func aModelOfOtherChannelsIsAClearError() throws {
        let (_, frames) = Self.frames(Self.coarse, count: 2)
        var measurement = GrainMeasurement()
        try measurement.add(frames[0], next: frames[1])
        let model = try measurement.model(camera: "test", iso: nil)
        let mono = Image(planes: [frames[0].planes[0]], channels: ["Y"], dataWindow: frames[0].dataWindow,
                         displayWindow: frames[0].displayWindow, colorSpace: .linearRec709, alpha: .none)
        #expect(throws: GrainError.self) { try GrainSynthesis(model).apply(mono, seed: 1) }
        #expect(throws: GrainError.self) { try measurement.add(mono, next: nil) }
    }
}
