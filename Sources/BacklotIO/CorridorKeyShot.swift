import BacklotCore
import Foundation

/// A shot folder in CorridorKey's layout, so its users' folders and scripts keep working: `Shot/Input/`
/// (frames) or `Shot/Input.mp4` (or another video), and optionally `Shot/AlphaHint/` (frames, paired with
/// the input by name, else by order) or `Shot/AlphaHint.mp4`. Results go to `Shot/Output/`.
public struct CorridorKeyShot: Sendable {
    /// The shot folder.
    public let folder: String
    /// The folder's name, for messages and summaries.
    public var name: String { PathName.lastComponent(folder) }
    /// The plate frames.
    public let input: FrameSource
    /// The alpha hints, if the shot has any.
    public let hint: FrameSource?

    /// Whether `folder` is a CorridorKey shot folder.
    public static func isShot(_ folder: String) -> Bool {
        isFolder("\(folder)/Input") || video(named: "Input", in: folder) != nil
    }

    /// The shot folders directly inside `folder`, in natural order.
    public static func shots(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { "\(folder)/\($0)" }
            .filter { isFolder($0) && isShot($0) }
    }

    /// Opens the shot in `folder`; a video input is numbered from `firstFrame`.
    public init(folder: String, firstFrame: Int) throws(ImageFileError) {
        self.folder = folder
        if CorridorKeyShot.isFolder("\(folder)/Input") {
            input = try .folder("\(folder)/Input")
        } else if let path = CorridorKeyShot.video(named: "Input", in: folder) {
            input = try .video(path, firstFrame: firstFrame)
        } else {
            throw ImageFileError(folder, "not a CorridorKey shot folder (no Input/ folder or Input video)")
        }
        if CorridorKeyShot.isFolder("\(folder)/AlphaHint") {
            hint = try CorridorKeyShot.pairedHints("\(folder)/AlphaHint", with: input)
        } else if let path = CorridorKeyShot.video(named: "AlphaHint", in: folder) {
            hint = try .video(path, firstFrame: input.frames.first!)
        } else {
            hint = nil
        }
    }

    /// Hint frames numbered like the input frames of the same name, or else the input's frames in order.
    private static func pairedHints(_ path: String, with input: FrameSource) throws(ImageFileError) -> FrameSource {
        let names = FrameSource.imageFiles(in: path)
        guard !names.isEmpty else { throw ImageFileError(path, "holds no image frames") }
        var inputStems: [String: Int] = [:]
        for f in input.frames { inputStems[input.stem(f)] = f }
        let byStem = names.allSatisfy { inputStems[FrameSource.stem(of: $0)] != nil }
        let frames = input.frames
        var files: [Int: String] = [:]
        for (k, name) in names.enumerated() {
            let f = byStem ? inputStems[FrameSource.stem(of: name)]!
                : (k < frames.count ? frames[k] : frames.last! + k - frames.count + 1)
            files[f] = "\(path)/\(name)"
        }
        return .files(files, name: path)
    }

    private static func video(named base: String, in folder: String) -> String? {
        VideoFile.extensions.sorted().map { "\(folder)/\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
