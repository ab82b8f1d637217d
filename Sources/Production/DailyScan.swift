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
    /// The dailies under `inputs`, in a stable order. A folder is searched through (hidden files aside); image
    /// files whose names differ only in their last run of digits form one sequence.
    static func scan(_ inputs: [String]) throws(ProductionError) -> [ScannedDaily] {
        var images: [String] = [], videos: [String] = [], patterns: [SequencePattern] = []
        for input in inputs {
            // A file that exists is that file, even when its name holds '#', '@' or '%d'.
            if !FileManager.default.fileExists(atPath: input), let pattern = SequencePattern(absolute(input)) {
                guard !ImageSequence.discover(pattern).isEmpty else { throw ProductionError(input, "no frames of this sequence exist") }
                patterns.append(pattern)
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                throw ProductionError(input, "no such file or folder")
            }
            let path = canonical(input)
            let files = isFolder.boolValue ? filesUnder(path) : [path]
            for file in files {
                let ext = (file as NSString).pathExtension.lowercased()
                if VideoFile.isVideo(file) { videos.append(file) }
                else if FrameSource.imageExtensions.contains(ext) { images.append(file) }
                else if !isFolder.boolValue { throw ProductionError(input, "is neither an image (EXR, DPX, PNG, TIFF, JPEG) nor a video") }
            }
        }
        var dailies = patterns.map { pattern in
            ScannedDaily(kind: .sequence, name: pattern.pattern,
                         files: ImageSequence.discover(pattern).map { ($0, canonical(pattern.path(frame: $0))) })
        }
        // A file named twice (a folder and a file in it, a path with and without a trailing '/') counts once.
        let inPatterns = Set(dailies.flatMap { $0.files.map(\.path) })
        var seenFiles = inPatterns
        dailies += sequences(of: images.filter { seenFiles.insert($0).inserted })
        dailies += videos.filter { seenFiles.insert($0).inserted }.map { ScannedDaily(kind: .video, name: $0, files: [(0, $0)]) }
        var seen = Set<String>()
        return dailies.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    }

    /// Image files grouped into sequences: two or more files whose names differ only in their last run of
    /// digits (unpadded numbers of different widths together); the rest are stills. The sequence is named
    /// with one `#` per digit of its narrowest number (`@` for one digit).
    static func sequences(of paths: [String]) -> [ScannedDaily] {
        var groups: [String: [(number: String, path: String)]] = [:], stills: [String] = []
        for path in paths {
            let folder = (path as NSString).deletingLastPathComponent, file = (path as NSString).lastPathComponent
            let stem = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
            guard let digits = stem.range(of: "[0-9]+$", options: .regularExpression) else { stills.append(path); continue }
            groups["\(folder)/\(stem[..<digits.lowerBound])\u{0}.\(ext)", default: []].append((String(stem[digits]), path))
        }
        var out: [ScannedDaily] = []
        for (key, files) in groups {
            let frames = Set(files.compactMap { Int($0.number) })
            guard files.count > 1, frames.count == files.count else { stills += files.map(\.path); continue }
            let padding = files.map(\.number.count).min() ?? 4
            let token = padding == 1 ? "@" : String(repeating: "#", count: padding)
            out.append(ScannedDaily(kind: .sequence, name: key.replacingOccurrences(of: "\u{0}", with: token),
                                    files: files.map { (Int($0.number) ?? 0, $0.path) }.sorted { $0.0 < $1.0 }))
        }
        out += stills.map { ScannedDaily(kind: .still, name: $0, files: [(0, $0)]) }
        return out
    }

    /// Regular files under `folder`, links to files followed, hidden entries skipped.
    static func filesUnder(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                if type == .typeDirectory { walker.skipDescendants() }
                continue
            }
            let path = "\(folder)/\(relative)"
            if type == .typeRegular { files.append(path) }
            else if type == .typeSymbolicLink {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue { files.append(canonical(path)) }
            }
        }
        return files.sorted()
    }

    /// `path` made absolute against the current folder and normalised (`..`, `.`, doubled `/`).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    /// The real path of an existing file or folder, links resolved (the catalog names what is really there, so
    /// a linked daily's size and time are its target's); `absolute` when it cannot be resolved.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return absolute(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
