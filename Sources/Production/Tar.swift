import Foundation

/// The POSIX tar (ustar) format, as far as a box archive needs it: regular files under relative names (up to
/// 255 bytes, split between the header's prefix and name fields), written and read back by streaming.
/// `tar -xf` reads what it writes.
enum Tar {
    static let block = 512

    /// Writes `files` (name in the archive, path on disk) into `handle`, then the end-of-archive blocks.
    static func write(_ files: [(name: String, path: String)], to handle: FileHandle) throws {
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let mtime = Int((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            try handle.write(contentsOf: try header(name: file.name, size: size, mtime: mtime))
            guard let input = FileHandle(forReadingAtPath: file.path) else {
                throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: file.path])
            }
            defer { try? input.close() }
            var written = 0
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try handle.write(contentsOf: chunk)
                written += chunk.count
            }
            guard written == size else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: file.path]) }
            let pad = (block - size % block) % block
            if pad > 0 { try handle.write(contentsOf: Data(count: pad)) }
        }
        try handle.write(contentsOf: Data(count: 2 * block))
    }

    /// A ustar header block for a regular file; a name that fits neither field, or a size or time the header
    /// cannot hold, is refused.
    static func header(name: String, size: Int, mtime: Int) throws -> Data {
        var h = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int, length: Int) {
            for (k, byte) in text.utf8.prefix(length).enumerated() { h[offset + k] = byte }
        }
        // The name in the name field (100 bytes), or split at a '/' into the prefix (155) and the name.
        var (prefix, base) = ("", name)
        if name.utf8.count > 100 {
            guard let cut = name.indices.filter({ name[$0] == "/" }).last(where: {
                name[..<$0].utf8.count <= 155 && name[name.index(after: $0)...].utf8.count <= 100 }) else {
                throw TarError("cannot hold the name \(name) (too long)")
            }
            (prefix, base) = (String(name[..<cut]), String(name[name.index(after: cut)...]))
        }
        guard size >= 0, size < 1 << 33, mtime >= 0, mtime < 1 << 33 else { throw TarError("cannot hold \(name) (\(size) bytes)") }
        func octal(_ value: Int, at offset: Int, length: Int) {
            put(String(String(value, radix: 8).suffix(length - 1)).leftPadded(to: length - 1), at: offset, length: length - 1)
        }
        put(base, at: 0, length: 100)
        put(prefix, at: 345, length: 155)
        octal(0o644, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(mtime, at: 136, length: 12)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        // The checksum: the sum of the header's bytes with its own field taken as spaces.
        for k in 148..<156 { h[k] = UInt8(ascii: " ") }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(String(sum, radix: 8)).leftPadded(to: 6), at: 148, length: 6)
        h[154] = 0
        h[155] = UInt8(ascii: " ")
        return Data(h)
    }

    /// Reads the archive at `path`, calling `file(name, size, read)` for each regular file; `read` must be
    /// called to consume it (it streams the file's bytes in chunks to its argument). Refuses anything but
    /// regular files and folders, and damaged headers.
    static func read(_ path: String, file: (String, Int, ((Data) throws -> Void) throws -> Void) throws -> Void) throws {
        guard let input = FileHandle(forReadingAtPath: path) else { throw TarError("cannot be opened") }
        defer { try? input.close() }
        while true {
            guard let head = try input.read(upToCount: block), head.count == block else { throw TarError("ends in the middle of a header") }
            if head.allSatisfy({ $0 == 0 }) { return }
            let bytes = [UInt8](head)
            func field(_ offset: Int, _ length: Int) -> String {
                String(decoding: bytes[offset..<(offset + length)].prefix { $0 != 0 }, as: UTF8.self)
            }
            let stored = Int(field(148, 8).trimmingCharacters(in: .whitespaces), radix: 8)
            let sum = bytes.enumerated().reduce(0) { $0 + (148..<156 ~= $1.offset ? 32 : Int($1.element)) }
            guard stored == sum, let size = Int(field(124, 12).trimmingCharacters(in: .whitespaces), radix: 8), size >= 0 else {
                throw TarError("has a damaged header (not a tar archive, or a truncated one)")
            }
            let prefix = field(345, 155)
            let name = prefix.isEmpty ? field(0, 100) : prefix + "/" + field(0, 100)
            let type = bytes[156]
            var remaining = size
            let consume = { (sink: (Data) throws -> Void) throws in
                while remaining > 0 {
                    guard let chunk = try input.read(upToCount: Swift.min(remaining, 1 << 20)), !chunk.isEmpty else {
                        throw TarError("ends in the middle of \(name)")
                    }
                    try sink(chunk)
                    remaining -= chunk.count
                }
            }
            switch type {
            case UInt8(ascii: "0"), 0: try file(name, size, consume)
            case UInt8(ascii: "5"): break
            default: throw TarError("holds \(name), which is not a regular file or a folder")
            }
            try consume { _ in }
            let pad = (block - size % block) % block
            if pad > 0 { _ = try input.read(upToCount: pad) }
        }
    }
}

struct TarError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private extension String {
    func leftPadded(to length: Int) -> String { count >= length ? self : String(repeating: "0", count: length - count) + self }
}
