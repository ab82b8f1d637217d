import BacklotCore
import BacklotIO
import Foundation

/// A daily found on disk: a numbered image sequence, a single image, or a video file.
struct ScannedDaily: Sendable {
    enum Kind: String, Sendable { case sequence, still, video }
    let kind: Kind
    /// The sequence pattern or the file path, absolute.
    let name: String
    /// Its files by frame number (a still is frame 0, a video its one file at frame 0).
    let files: [(frame: Int, path: String)]
}

/// Turns what the user names (files, folders of them, sequence patterns) into dailies.
enum DailyScan {
    static let videoExtensions: Set<String> = ["mov", "mp4", "mxf", "mkv", "avi", "m4v"]

    /// The dailies under `inputs`, in a stable order. A folder is searched through (hidden files aside); image
    /// files whose names differ only in their last run of digits form one sequence.
    static func scan(_ inputs: [String]) throws(ProductionError) -> [ScannedDaily] {
        var images: [String] = [], videos: [String] = [], patterns: [SequencePattern] = []
        for input in inputs {
            let path = absolute(input)
            if let pattern = SequencePattern(path) {
                guard !ImageSequence.discover(pattern).isEmpty else { throw ProductionError(input, "no frames of this sequence exist") }
                patterns.append(pattern)
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ProductionError(input, "no such file or folder")
            }
            let files = isFolder.boolValue ? filesUnder(path) : [path]
            for file in files {
                let ext = (file as NSString).pathExtension.lowercased()
                if videoExtensions.contains(ext) { videos.append(file) }
                else if FrameSource.imageExtensions.contains(ext) { images.append(file) }
                else if !isFolder.boolValue { throw ProductionError(input, "is neither an image (EXR, DPX, PNG, TIFF, JPEG) nor a video") }
            }
        }
        var dailies = patterns.map { pattern in
            ScannedDaily(kind: .sequence, name: pattern.pattern,
                         files: ImageSequence.discover(pattern).map { ($0, pattern.path(frame: $0)) })
        }
        dailies += sequences(of: images)
        dailies += videos.map { ScannedDaily(kind: .video, name: $0, files: [(0, $0)]) }
        var seen = Set<String>()
        return dailies.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    }

    /// Image files grouped into sequences by the last run of digits in their names (four or more frames of a
    /// pattern, or any that share a padded number run); the rest are stills.
    static func sequences(of paths: [String]) -> [ScannedDaily] {
        var groups: [String: [(Int, String)]] = [:], stills: [String] = []
        for path in paths {
            let folder = (path as NSString).deletingLastPathComponent, file = (path as NSString).lastPathComponent
            let stem = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
            guard let digits = stem.range(of: "[0-9]+$", options: .regularExpression) else { stills.append(path); continue }
            let number = String(stem[digits])
            let pattern = "\(folder)/\(stem[..<digits.lowerBound])\(String(repeating: "#", count: number.count)).\(ext)"
            groups[pattern, default: []].append((Int(number) ?? 0, path))
        }
        var out: [ScannedDaily] = []
        for (pattern, files) in groups {
            if files.count == 1 { stills.append(files[0].1); continue }
            out.append(ScannedDaily(kind: .sequence, name: pattern, files: files.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }))
        }
        out += stills.map { ScannedDaily(kind: .still, name: $0, files: [(0, $0)]) }
        return out
    }

    static func filesUnder(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                continue
            }
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { files.append("\(folder)/\(relative)") }
        }
        return files.sorted()
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }
}
