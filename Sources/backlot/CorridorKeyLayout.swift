import BacklotCore
import BacklotIO
import Foundation

/// CorridorKey's clip layout, so its users' folders and scripts keep working:
/// `Shot/Input/` (frames) or `Shot/Input.mp4` (or another video), optional `Shot/AlphaHint/` (frames, paired
/// with the input by name or else by order) or `Shot/AlphaHint.mp4`; passes go to
/// `Shot/Output/{FG,Matte,Processed,Comp}/` with the input's frame names.
enum CorridorKeyLayout {
    /// Output folder of each pass, under `Shot/Output/`.
    static let passFolders = ["rgba": "Processed", "fg": "FG", "matte": "Matte", "comp": "Comp"]

    /// Whether `folder` is a CorridorKey shot folder.
    static func isShot(_ folder: String) -> Bool {
        isFolder("\(folder)/Input") || video(named: "Input", in: folder) != nil
    }

    /// The shot folders directly inside `folder`, in natural order.
    static func shots(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { "\(folder)/\($0)" }
            .filter { isFolder($0) && isShot($0) }
    }

    /// The shot in `folder`.
    static func shot(_ folder: String, frames: String?, startFrame: Int) throws -> Shot {
        let range = try frames.map { spec throws(FrameRangeError) in try FrameRange(parsing: spec) }
        let name = (folder as NSString).lastPathComponent
        var source: Shot.Source
        var available: [Int]
        var stem: @Sendable (Int) -> String
        var inputStems: [String: Int] = [:]
        var inputNames: [String] = []
        if isFolder("\(folder)/Input") {
            inputNames = Shot.imageFiles(in: "\(folder)/Input")
            guard !inputNames.isEmpty else { throw ImageFileError("\(folder)/Input", "holds no image frames") }
            available = Shot.frameNumbers(of: inputNames)
            let paths = Dictionary(uniqueKeysWithValues: zip(available, inputNames.map { "\(folder)/Input/\($0)" }))
            source = .files(paths)
            let stems = Dictionary(uniqueKeysWithValues: zip(available, inputNames.map { ($0 as NSString).deletingPathExtension }))
            stem = { stems[$0] ?? String(format: "%04d", $0) }
            for (f, n) in zip(available, inputNames) { inputStems[(n as NSString).deletingPathExtension] = f }
        } else if let path = video(named: "Input", in: folder) {
            let video = try VideoFile(probing: path)
            available = Array(startFrame..<(startFrame + video.frameCount))
            source = .video(video, firstFrame: startFrame)
            stem = { String(format: "Input.%04d", $0) }
        } else {
            throw ImageFileError(folder, "not a CorridorKey shot folder (no Input/ folder or Input video)")
        }

        var hint = Shot.HintSource.none
        if isFolder("\(folder)/AlphaHint") {
            let names = Shot.imageFiles(in: "\(folder)/AlphaHint")
            guard !names.isEmpty else { throw ImageFileError("\(folder)/AlphaHint", "holds no image frames") }
            var files: [Int: String] = [:]
            let byStem = names.allSatisfy { inputStems[($0 as NSString).deletingPathExtension] != nil }
            for (k, n) in names.enumerated() {
                let f = byStem ? inputStems[(n as NSString).deletingPathExtension]! : (k < available.count ? available[k] : available.last! + k - available.count + 1)
                files[f] = "\(folder)/AlphaHint/\(n)"
            }
            hint = .files(files, pattern: "\(folder)/AlphaHint")
        } else if let path = video(named: "AlphaHint", in: folder) {
            hint = .video(try VideoFile(probing: path), firstFrame: available.first!)
        }
        if let range, let bad = range.frames.first(where: { !available.contains($0) }) {
            throw ImageFileError(folder, "frame \(bad) is not in the shot (it has \(FrameRange(frames: available)))")
        }
        return Shot(name: name, source: source, hint: hint, available: available, requested: range?.frames ?? available,
                    stem: stem)
    }

    private static func video(named base: String, in folder: String) -> String? {
        VideoFile.extensions.sorted().map { "\(folder)/\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
