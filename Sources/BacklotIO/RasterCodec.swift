import BacklotCore
import CImageCodecs
import Foundation

/// PNG, TIFF and JPEG through libpng, libtiff and libjpeg, converted to and from linear float images.
///
/// Integer samples are sRGB-encoded by convention and decoded to linear light on read (encoded on write);
/// float TIFF samples are taken as linear. Alpha in these formats is straight.
enum RasterCodec {
    static func read(_ path: String, format: ImageFormat) throws(ImageFileError) -> Image {
        try readWithDepth(path, format: format).image
    }

    /// The image and the sample type stored in the file.
    static func readWithDepth(_ path: String, format: ImageFormat) throws(ImageFileError) -> (image: Image, stored: SampleType) {
        var raster = BLRaster()
        var err = [CChar](repeating: 0, count: 512)
        MemoryBudget.shareWithReaders()
        let status: Int32 = switch format {
        case .png: bl_png_read(path, &raster, &err, err.count)
        case .tiff: bl_tiff_read(path, &raster, &err, err.count)
        case .jpeg: bl_jpeg_read(path, &raster, &err, err.count)
        case .exr: 1
        }
        defer { bl_raster_free(&raster) }
        guard status == 0, raster.data != nil else {
            let (name, library) = format.libraryName
            throw FileProblem.reading(path, format: name, detail: EXR.clean(err),
                                      prefixes: ["corrupt \(name): ", "not a readable \(name): "], library: library)
        }
        let stored: SampleType = raster.isFloat != 0 ? .float : raster.bitDepth == 16 ? .uint16 : .uint8
        return (image(from: raster), stored)
    }

    static func channelNames(_ count: Int) -> [String] {
        switch count {
        case 1: ["Y"]
        case 2: ["Y", "A"]
        case 3: ["R", "G", "B"]
        default: ["R", "G", "B", "A"]
        }
    }

    private static func image(from raster: BLRaster) -> Image {
        let w = Int(raster.width), h = Int(raster.height), ch = Int(raster.channels)
        let n = w * h
        let names = channelNames(ch)
        var planes = (0..<ch).map { _ in [Float](parallelRepeating: 0, count: n) }
        let hasAlpha = ch == 2 || ch == 4
        let colourChannels = hasAlpha ? ch - 1 : ch
        planes.withMutablePlanePointers { out in
            switch (raster.isFloat != 0, raster.bitDepth) {
            case (true, _):
                let src = raster.data.assumingMemoryBound(to: Float.self)
                Schedule.automatic.forChunks(n) { range in
                    for i in range { for c in 0..<ch { out[c].pointer[i] = src[i * ch + c] } }
                }
            case (false, 16):
                decode(raster.data.assumingMemoryBound(to: UInt16.self), maxCode: 65535, into: out, count: n, channels: ch,
                       colourChannels: colourChannels)
            default:
                decode(raster.data.assumingMemoryBound(to: UInt8.self), maxCode: 255, into: out, count: n, channels: ch,
                       colourChannels: colourChannels)
            }
        }
        return Image(planes: planes, channels: names, dataWindow: PixelWindow(width: w, height: h),
                     displayWindow: PixelWindow(width: w, height: h), colorSpace: .linearRec709, alpha: hasAlpha ? .straight : Optional.none)
    }

    /// Interleaved integer samples → planar linear floats: colour through the sRGB table, alpha as is.
    private static func decode<T: BinaryInteger>(
        _ src: UnsafeMutablePointer<T>, maxCode: Int, into out: [UncheckedPointer<Float>], count n: Int, channels ch: Int,
        colourChannels: Int
    ) {
        let lut = SRGB.decodeTable(maxCode: maxCode)
        let source = UncheckedPointer(src)
        let scale = 1 / Float(maxCode)
        Schedule.automatic.forChunks(n) { range in
            for c in 0..<ch {
                let o = out[c].pointer, s = source.pointer
                if c < colourChannels {
                    for i in range { o[i] = lut[Int(s[i * ch + c])] }
                } else {
                    for i in range { o[i] = Float(s[i * ch + c]) * scale }
                }
            }
        }
    }

    /// Writes `image` (its R,G,B[,A] or single/gray channels) as PNG, TIFF or JPEG.
    static func write(_ image: Image, to path: String, format: ImageFormat, options: WriteOptions) throws {
        let source = try displayChannels(of: image, path: path, format: format)
        let sampleType = options.resolvedSampleType(for: format)
        let ch = source.channelCount
        let n = source.planeSize
        let hasAlpha = ch == 2 || ch == 4
        let colourChannels = hasAlpha ? ch - 1 : ch
        let bytesPerSample = sampleType == .uint8 ? 1 : sampleType == .uint16 ? 2 : 4
        // Every byte is written below, by both cores (so the fresh buffer is faulted in by both, too).
        var data = [UInt8](unsafeUninitializedCapacity: n * ch * bytesPerSample) { _, initialised in initialised = n * ch * bytesPerSample }
        let srgb = SRGBQuantizer(maxCode: sampleType == .uint16 ? 65535 : 255, linear: !options.srgbTransfer)
        let linear = SRGBQuantizer(maxCode: sampleType == .uint16 ? 65535 : 255, linear: true)
        source.planes.withPlanePointers { inp in
            data.withUnsafeMutableBytes { raw in
                let dst = UncheckedPointer(raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
                Schedule.automatic.forChunks(n, minChunk: 2048) { range in
                    let s = inp.map(\.pointer)
                    /// Interleaved integer codes: colour through the transfer curve, alpha linear.
                    func quantise<T: FixedWidthInteger>(into d: UnsafeMutablePointer<T>) {
                        for c in 0..<ch {
                            let (sc, q) = (s[c], c < colourChannels ? srgb : linear)
                            for i in range { d[i * ch + c] = T(q.code(sc[i])) }
                        }
                    }
                    let raw = UnsafeMutableRawPointer(dst.pointer)
                    switch sampleType {
                    case .float, .half, .uint32:
                        let d = raw.assumingMemoryBound(to: Float.self)
                        for i in range { for c in 0..<ch { d[i * ch + c] = s[c][i] } }
                    case .uint16: quantise(into: raw.assumingMemoryBound(to: UInt16.self))
                    case .uint8: quantise(into: raw.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
        }
        try AtomicFile.write(to: path) { temp in
            var err = [CChar](repeating: 0, count: 512)
            let status: Int32 = data.withUnsafeMutableBytes { raw in
                var raster = BLRaster(
                    width: Int32(source.width), height: Int32(source.height), channels: Int32(ch),
                    bitDepth: Int32(bytesPerSample * 8), isFloat: bytesPerSample == 4 ? 1 : 0, data: raw.baseAddress)
                switch format {
                case .png: return bl_png_write(temp, &raster, options.pngLevel, &err, err.count)
                case .tiff: return bl_tiff_write(temp, &raster, 2, &err, err.count)
                case .jpeg: return bl_jpeg_write(temp, &raster, options.jpegQuality, &err, err.count)
                case .exr: return 1
                }
            }
            guard status == 0 else {
                let code = errno
                throw FileProblem.writing(path, format: format.libraryName.format, detail: EXR.clean(err), errno: code)
            }
        }
    }

    /// The channels an integer format can hold, with straight (not premultiplied) colour.
    private static func displayChannels(of image: Image, path: String, format: ImageFormat) throws -> Image {
        var names: [String]
        if ["R", "G", "B"].allSatisfy({ image.channelIndex($0) != nil }) {
            names = ["R", "G", "B"]
        } else if image.channelCount == 1 {
            names = image.channelNames
        } else if let y = image.channelNames.first(where: { !Image.isAlphaName($0) }) {
            names = [y]
        } else {
            names = [image.channelNames[0]]
        }
        if let a = image.alphaIndex, format != .jpeg, names.count > 1 || names != [image.channelNames[a]] {
            names.append(image.channelNames[a])
        }
        guard var out = image.selecting(names) else { throw ImageFileError(path, "image has no channels to write") }
        if out.alpha == .premultiplied { out.unpremultiply() }
        return out
    }
}

extension ImageFormat {
    /// The format's name in messages and the library that reads it.
    var libraryName: (format: String, library: String) {
        switch self {
        case .png: ("PNG", "libpng")
        case .tiff: ("TIFF", "libtiff")
        case .jpeg: ("JPEG", "libjpeg")
        case .exr: ("OpenEXR", "OpenEXR")
        }
    }
}
