import BacklotCore
import CEXR
import Foundation

/// Reading and writing OpenEXR files through OpenEXR's own library.
///
/// Reads scanline and tiled files with half, float or uint channels of any name into a float `Image`
/// (data and display windows preserved); writes scanline files with half or float channels, a chosen
/// compression, `chromaticities` from the image's colour space and a `software` attribute.
public enum EXR {
    /// The `software` attribute written into every file.
    public static let software = "Backlot \(BacklotVersion.string)"

    nonisolated(unsafe) private static var threadsConfigured = false
    private static let lock = NSLock()

    /// OpenEXR's worker threads follow `Schedule.automatic.threads`.
    private static func configureThreads() {
        lock.lock()
        defer { lock.unlock() }
        if !threadsConfigured {
            bl_exr_set_threads(Int32(Schedule.automatic.threads))
            threadsConfigured = true
        }
    }

    private final class OpenFile {
        let handle: OpaquePointer
        init(path: String) throws(ImageFileError) {
            EXR.configureThreads()
            var err = [CChar](repeating: 0, count: 512)
            try InputFile.check(path)
            guard let h = bl_exr_open(path, &err, err.count) else {
                throw FileProblem.reading(path, format: "OpenEXR", detail: "lib: " + EXR.clean(err, path: path),
                                          prefixes: ["lib: "], library: "OpenEXR")
            }
            handle = h
        }
        deinit { bl_exr_close(handle) }
    }

    /// Reads the header of `path`.
    public static func header(_ path: String) throws(ImageFileError) -> EXRHeader {
        try header(of: OpenFile(path: path))
    }

    private static func header(of file: OpenFile) -> EXRHeader {
        var h = BLEXRHeader()
        bl_exr_header(file.handle, &h)
        var channels: [EXRHeader.Channel] = []
        var name = [CChar](repeating: 0, count: 1024)
        for i in 0..<h.channelCount {
            var type: Int32 = 0, xs: Int32 = 1, ys: Int32 = 1
            bl_exr_channel(file.handle, i, &name, name.count, &type, &xs, &ys)
            let sample: SampleType = type == 1 ? .half : type == 2 ? .float : .uint32
            channels.append(.init(name: clean(name), sampleType: sample,
                                  xSampling: Int(xs), ySampling: Int(ys)))
        }
        var attributes: [EXRHeader.Attribute] = []
        var typeName = [CChar](repeating: 0, count: 256)
        var value = [CChar](repeating: 0, count: 8192)
        for i in 0..<h.attributeCount {
            bl_exr_attribute(file.handle, i, &name, name.count, &typeName, typeName.count, &value, value.count)
            attributes.append(.init(name: clean(name), type: clean(typeName), value: string(value)))
        }
        var chroma: Chromaticities?
        if h.hasChromaticities != 0 {
            let c = withUnsafeBytes(of: h.chromaticities) { Array($0.bindMemory(to: Float.self)) }.map { Double($0) }
            chroma = Chromaticities(red: [c[0], c[1]], green: [c[2], c[3]], blue: [c[4], c[5]], white: [c[6], c[7]])
        }
        return EXRHeader(
            dataWindow: PixelWindow(minX: Int(h.dataMinX), minY: Int(h.dataMinY), maxX: Int(h.dataMaxX), maxY: Int(h.dataMaxY)),
            displayWindow: PixelWindow(minX: Int(h.displayMinX), minY: Int(h.displayMinY),
                                       maxX: Int(h.displayMaxX), maxY: Int(h.displayMaxY)),
            channels: channels,
            compression: EXRCompression(rawValue: h.compression) ?? .none,
            tileSize: h.tiled != 0 ? (Int(h.tileWidth), Int(h.tileHeight)) : nil,
            partCount: Int(h.partCount),
            chromaticities: chroma,
            attributes: attributes)
    }

    /// Reads every channel of `path` (part 0 of a multi-part file) into a float image.
    ///
    /// Channels are ordered R, G, B, A first, then the rest by name. Alpha is marked premultiplied,
    /// as the OpenEXR convention says.
    public static func read(_ path: String) throws(ImageFileError) -> Image {
        let file = try OpenFile(path: path)
        let header = header(of: file)
        let dw = header.dataWindow
        guard !dw.isEmpty, !header.displayWindow.isEmpty else {
            throw ImageFileError(path, "empty data or display window in header")
        }
        let samples = dw.width.multipliedReportingOverflow(by: dw.height)
        guard !samples.overflow, dw.width <= 1_000_000, dw.height <= 1_000_000,
              samples.partialValue * max(1, header.channels.count) <= 1 << 31 else {
            throw ImageFileError(path, "image dimensions \(dw.width)x\(dw.height) in header are too large")
        }
        guard !header.channels.isEmpty else { throw ImageFileError(path, "file holds no channels") }
        if let sub = header.channels.first(where: { $0.xSampling != 1 || $0.ySampling != 1 }) {
            throw ImageFileError(path, "channel '\(sub.name)' is subsampled, which is not supported")
        }
        let order = orderedChannelIndices(header.channels.map(\.name))
        try MemoryBudget.check(width: dw.width, height: dw.height, bytesPerPixel: 4 * order.count, path: path, what: "reading it")
        let planeSize = dw.width * dw.height
        // Not zero-filled: OpenEXR writes every sample of the data window, and a file that ends early fails the
        // read at its first missing chunk without first paying to clear planes it never fills.
        var planes = order.map { _ in [Float](unsafeUninitializedCapacity: planeSize) { _, count in count = planeSize } }
        var err = [CChar](repeating: 0, count: 512)
        let status = planes.withMutablePlanePointers { p -> Int32 in
            let pointers: [UnsafeMutablePointer<Float>?] = p.map(\.pointer)
            let indices = order.map { Int32($0) }
            return pointers.withUnsafeBufferPointer { p in
                bl_exr_read(file.handle, indices, p.baseAddress, Int32(order.count), &err, err.count)
            }
        }
        guard status == 0 else {
            throw FileProblem.reading(path, format: "OpenEXR", detail: "lib: " + clean(err, path: path), prefixes: ["lib: "],
                                      library: "OpenEXR")
        }
        let names = order.map { header.channels[$0].name }
        var image = Image(planes: planes, channels: names, dataWindow: dw, displayWindow: header.displayWindow,
                          colorSpace: header.colorSpace)
        // Premultiplied is the convention; a file that says it holds straight colour (our `fg` pass) is honoured.
        if image.alpha != .none, header.attributes.contains(where: { $0.name == "alphaMode" && $0.value == "\"straight\"" }) {
            image.alpha = .straight
        }
        return image
    }

    /// Indices of `names` reordered R, G, B, A first (within each layer), then everything else by name.
    static func orderedChannelIndices(_ names: [String]) -> [Int] {
        func key(_ name: String) -> (String, Int, String) {
            let dot = name.lastIndex(of: ".")
            let layer = dot.map { String(name[..<$0]) } ?? ""
            let leaf = dot.map { String(name[name.index(after: $0)...]) } ?? name
            let rank = ["R": 0, "G": 1, "B": 2, "A": 3][leaf] ?? 4
            return (layer, rank, leaf)
        }
        return names.indices.sorted { key(names[$0]) < key(names[$1]) }
    }

    /// Writes `image` to `path` as a scanline OpenEXR file, via a temporary file and a rename.
    ///
    /// - Parameters:
    ///   - sampleType: `.half` (default) or `.float`.
    ///   - compression: Any OpenEXR compression.
    /// - Returns: How many samples beyond ±65504 were stored as ±65504 in half channels.
    @discardableResult
    public static func write(
        _ image: Image, to path: String, sampleType: SampleType = .half, compression: EXRCompression = .piz,
        attributes: [String: String] = [:]
    ) throws -> Int {
        try write(layers: [image], to: path, sampleType: sampleType, compression: compression, attributes: attributes)
    }

    /// Writes the channels of several images of the same data window side by side into one file, without
    /// first copying them into one image: `[foreground, alpha]` gives R, G, B, A.
    ///
    /// With `premultiplyingBy` (a channel name of the last layer, such as `A`), the channels of the other
    /// layers are multiplied by it as they are stored: straight colour written as the premultiplied EXR
    /// convention, in one pass. The header's `alphaMode` follows the first layer unless premultiplying.
    ///
    /// - Returns: How many samples beyond ±65504 (the largest half) were stored as ±65504 in half channels.
    @discardableResult
    public static func write(
        layers: [Image], to path: String, sampleType: SampleType = .half, compression: EXRCompression = .piz,
        attributes: [String: String] = [:], premultiplyingBy alphaName: String? = nil
    ) throws -> Int {
        configureThreads()
        guard let first = layers.first, layers.allSatisfy({ $0.dataWindow == first.dataWindow }) else {
            throw ImageFileError(path, "cannot write OpenEXR file: its layers differ in size")
        }
        var clamped = 0
        try AtomicFile.write(to: path) { temp in
            clamped = try writeDirect(layers, to: temp, finalPath: path, sampleType: sampleType, compression: compression,
                                      attributes: attributes, premultiplyingBy: alphaName)
        }
        return clamped
    }

    private static func writeDirect(
        _ layers: [Image], to temp: String, finalPath: String, sampleType: SampleType, compression: EXRCompression,
        attributes: [String: String], premultiplyingBy alphaName: String?
    ) throws(ImageFileError) -> Int {
        let image = layers[0]
        var clamped = 0
        let c = image.colorSpace.chromaticities
        let chroma: [Float] = [c.red.x, c.red.y, c.green.x, c.green.y, c.blue.x, c.blue.y, c.white.x, c.white.y].map(Float.init)
        var strings = ["software": software, "colorSpace": image.colorSpace.name]
        let alphaLayer = layers.last!
        let alphaIndex = alphaName.flatMap { alphaLayer.channelIndex($0) }
        let premultiplyCount = alphaIndex == nil ? 0 : layers.dropLast().reduce(0) { $0 + $1.channelCount }
        let names = layers.flatMap(\.channelNames)
        if premultiplyCount > 0 {
            strings["alphaMode"] = AlphaState.premultiplied.rawValue
        } else if image.alpha != .none {
            strings["alphaMode"] = image.alpha.rawValue
        } else if layers.count > 1, names.contains(where: Image.isAlphaName) {
            strings["alphaMode"] = AlphaState.straight.rawValue
        }
        strings.merge(attributes) { _, new in new }
        let keys = strings.keys.sorted()
        var err = [CChar](repeating: 0, count: 512)
        let dw = image.dataWindow, disp = image.displayWindow
        let status: Int32 = withPlanes(of: layers) { planes in
            let types = [Int32](repeating: sampleType == .float ? 2 : 1, count: names.count)
            let alphaPlane = alphaIndex.map { planes[planes.count - alphaLayer.channelCount + $0] } ?? nil
            return withCStrings(names) { cNames in
                withCStrings(keys) { attrNames in
                    withCStrings(keys.map { strings[$0]! }) { attrValues in
                        planes.withUnsafeBufferPointer { p in
                            chroma.withUnsafeBufferPointer { ch in
                              types.withUnsafeBufferPointer { types in
                                var request = BLEXRWriteRequest(
                                    dataMinX: Int32(dw.minX), dataMinY: Int32(dw.minY),
                                    dataMaxX: Int32(dw.maxX), dataMaxY: Int32(dw.maxY),
                                    displayMinX: Int32(disp.minX), displayMinY: Int32(disp.minY),
                                    displayMaxX: Int32(disp.maxX), displayMaxY: Int32(disp.maxY),
                                    channelCount: Int32(names.count), channelNames: cNames,
                                    planes: p.baseAddress, pixelTypes: types.baseAddress, compression: compression.rawValue,
                                    chromaticities: ch.baseAddress, stringAttributeCount: Int32(keys.count),
                                    stringAttributeNames: attrNames, stringAttributeValues: attrValues,
                                    premultiplyBy: alphaPlane, premultiplyCount: Int32(premultiplyCount),
                                    clampedCount: nil)
                                return withUnsafeMutablePointer(to: &clamped) { count in
                                    request.clampedCount = count
                                    return bl_exr_write(temp, &request, &err, err.count)
                                }
                              }
                            }
                        }
                    }
                }
            }
        }
        guard status == 0 else {
            let code = errno
            throw FileProblem.writing(finalPath, format: "OpenEXR", detail: clean(err, path: temp), errno: code)
        }
        return clamped
    }

    /// Calls `body` with a pointer to every plane of `layers`, in order, valid for the call.
    private static func withPlanes<R>(of layers: [Image], _ body: ([UnsafePointer<Float>?]) -> R) -> R {
        layers.flatMap(\.planes).withPlanePointers { p in body(p.map { UnsafePointer($0.pointer) }) }
    }

    /// A NUL-terminated C buffer as a Swift string.
    static func string(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A C message as one line, without the file name OpenEXR repeats (the error names it already).
    static func clean(_ chars: [CChar], path: String? = nil) -> String {
        var text = string(chars).replacingOccurrences(of: "\n", with: " ")
        if let path {
            for phrase in ["Cannot read image file \"\(path)\". ", "Cannot open image file \"\(path)\". ",
                           "Cannot write image file \"\(path)\". ", "Error reading pixel data from image file \"\(path)\". "] {
                text = text.replacingOccurrences(of: phrase, with: "")
            }
            text = text.replacingOccurrences(of: "\"\(path)\"", with: "the file")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// Calls `body` with a C array of C strings that live for the duration of the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicated = strings.map { UnsafePointer(strdup($0)) }
    defer { duplicated.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
    return duplicated.withUnsafeBufferPointer { body($0.baseAddress!) }
}
