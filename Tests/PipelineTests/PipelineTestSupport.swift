import BacklotCore
import BacklotIO
import Foundation
import Pipeline

func temporaryFolder(_ name: String = #function) -> String {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "backlot-pipeline-\(clean)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// A small RGB frame whose every sample says which frame it is: R = frame / 10000, G = x / width, B = 0.5.
func frameImage(_ frame: Int, width: Int = 8, height: Int = 6) -> Image {
    var image = Image(width: width, height: height, channels: ["R", "G", "B"], fill: 0.5)
    for i in 0..<(width * height) {
        image.planes[0][i] = Float(frame) / 10000
        image.planes[1][i] = Float(i % width) / Float(width)
    }
    return image
}

/// Writes `frames` of a float EXR sequence `folder/plate.####.exr`; returns the pattern.
@discardableResult
func writeSequence(_ folder: String, frames: [Int], name: String = "plate", width: Int = 8, height: Int = 6) throws -> String {
    for f in frames {
        try ImageIO.write(frameImage(f, width: width, height: height), to: "\(folder)/\(name).\(String(format: "%04d", f)).exr",
                          options: WriteOptions(sampleType: .float, compression: .zip))
    }
    return "\(folder)/\(name).####.exr"
}

/// The operation of the tests: `1 − value` in R, G and B (so a frame's number can be read back), plus, in
/// `.window`, the mean R of the frame and its neighbours, and in `.hint`, the R of the `hint` input.
struct InvertOperation: FrameOperation {
    enum Pass: Hashable, Sendable { case inverted, window, hint }
    var radius = 0
    /// A frame whose processing throws, to test failures.
    var failAt: Int?
    /// Called as each frame is processed (cancels a run part way, say).
    var onFrame: (@Sendable (Int) -> Void)?

    var name: String { "invert" }

    func process(_ window: FrameWindow, passes: Set<Pass>) throws -> FrameResult<Pass> {
        onFrame?(window.frame)
        if window.frame == failAt { throw ImageError("frame \(window.frame) cannot be inverted") }
        var images: [Pass: Image] = [:]
        var inverted = window.image.selecting(["R", "G", "B"])!
        for c in 0..<inverted.channelCount { inverted.planes[c] = inverted.planes[c].map { 1 - $0 } }
        images[.inverted] = inverted
        if passes.contains(.window) {
            let all = [window.image] + window.neighbours
            let mean = all.map { $0.planes[0][0] }.reduce(0, +) / Float(all.count)
            images[.window] = Image(width: window.image.width, height: window.image.height, channels: ["Y"], fill: mean)
        }
        if passes.contains(.hint), let hint = window.inputs["hint"] {
            images[.hint] = Image(width: window.image.width, height: window.image.height, channels: ["Y"], fill: hint.planes[0][0])
        }
        return FrameResult(images: images, notes: ["inverted \(window.image.width)x\(window.image.height)"],
                           timings: [StageTiming("invert", 0)])
    }
}

/// Float EXR outputs of the test operation in `folder/<pass>/`.
func outputs(_ folder: String, _ passes: [InvertOperation.Pass] = [.inverted], videos: [Outputs<InvertOperation.Pass>.Video] = [])
    -> Outputs<InvertOperation.Pass>
{
    Outputs(files: passes.map { pass in
        .init(pass, .folder("\(folder)/\(pass)", fileExtension: "exr"), options: WriteOptions(sampleType: .float, compression: .zip))
    }, videos: videos)
}

/// The frame number a file written by the test operation's `.inverted` pass holds.
func frameNumber(in path: String) throws -> Int {
    Int(((1 - (try ImageIO.read(path)).planes[0][0]) * 10000).rounded())
}

/// Collects events, for tests to look at.
final class RecordingEvents: EventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Event] = []
    func send(_ event: Event) { lock.withLock { list.append(event) } }
    var events: [Event] { lock.withLock { list } }
    var notes: [String] { events.compactMap { if case .note(let text) = $0 { text } else { nil } } }
}

/// Plans and runs `shot` with `operation` into `outputs`.
@discardableResult
func run(_ shot: Shot, _ operation: InvertOperation = InvertOperation(), into outputs: Outputs<InvertOperation.Pass>,
         missing: MissingPolicy = .error, skipExisting: Bool = false, events: any EventSink = SilentEvents(),
         cancellation: Cancellation? = nil) throws -> RunSummary {
    let plan = try Plan(shot: shot, outputs: outputs, radius: operation.radius, missing: missing, skipExisting: skipExisting)
    return try ShotRunner(plan: plan, operation: operation, events: events, cancellation: cancellation).run()
}
