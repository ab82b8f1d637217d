import BacklotCore

/// The fields of a DPX (SMPTE 268M) header that Backlot checks before FFmpeg decodes the picture: the size,
/// the first image element's layout and curve, and whether the file holds all the pixel data it declares.
public struct DPXHeader: Sendable, Equatable {
    public var bigEndian: Bool
    public var width: Int
    public var height: Int
    /// Bits per sample of image element 1 (1, 8, 10, 12, 16, 32 or 64).
    public var bitDepth: Int
    /// SMPTE 268M descriptor of element 1 (50 RGB, 51 RGBA, 6 luma, 100 CbYCrY, …).
    public var descriptor: Int
    /// Transfer characteristic byte of element 1.
    public var transferCode: Int
    /// 0 packed, 1 or 2 filled to 32-bit words.
    public var packing: Int
    /// 0 none, 1 run-length encoded.
    public var encoding: Int
    /// Where the pixel data starts.
    public var dataOffset: Int
    /// Bytes of pixel data the header implies for element 1 (nil when the layout is not one Backlot can size).
    public var expectedDataBytes: Int?

    /// Samples per pixel of element 1's descriptor, when known.
    public var components: Int? {
        switch descriptor {
        case 1, 2, 3, 4, 6, 7, 8: 1
        case 50, 102: 3
        case 51, 52, 103: 4
        case 100: 2
        case 101: 3
        default: nil
        }
    }

    /// The transfer curve the picture is decoded from.
    public var transfer: TransferCurve {
        switch transferCode {
        case 1, 3: .cineon             // printing density, logarithmic
        case 5, 6, 7, 8, 9, 10: .rec709  // SMPTE 274M, Rec. 709, BT.601, NTSC, PAL
        default: .linear
        }
    }

    /// Parses and checks the first 2048 bytes (or fewer: a short file is reported as truncated) of a DPX file
    /// of `fileSize` bytes. Every problem is a sentence about the file.
    public init(bytes: [UInt8], fileSize: Int) throws(ImageFileError.Problem) {
        guard bytes.count >= 4 else { throw .init("truncated DPX file: it ends inside the signature") }
        let magic = Array(bytes[0..<4])
        if magic == Array("SDPX".utf8) { bigEndian = true } else if magic == Array("XPDS".utf8) { bigEndian = false } else {
            throw .init("not a DPX file (no SDPX signature)")
        }
        guard bytes.count >= 812 else { throw .init("truncated DPX file: its header ends after \(bytes.count) of 2048 bytes") }
        let big = bigEndian
        func u32(_ at: Int) -> Int {
            let b = bytes[at..<at + 4].map(Int.init)
            return big ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
        }
        func u16(_ at: Int) -> Int {
            let b = bytes[at..<at + 2].map(Int.init)
            return big ? b[0] << 8 | b[1] : b[1] << 8 | b[0]
        }
        dataOffset = u32(4)
        width = u32(772)
        height = u32(776)
        descriptor = Int(bytes[800])
        transferCode = Int(bytes[801])
        bitDepth = Int(bytes[803])
        packing = u16(804)
        encoding = u16(806)
        let elements = u16(770)
        let elementOffset = u32(808)
        guard (1...8).contains(elements) else { throw .init("damaged DPX header: it declares \(elements) image elements (1 to 8)") }
        guard (1...1_000_000).contains(width), (1...1_000_000).contains(height) else {
            throw .init("damaged DPX header: it declares a \(width)x\(height) picture")
        }
        guard [1, 8, 10, 12, 16, 32, 64].contains(bitDepth) else {
            throw .init("damaged DPX header: \(bitDepth) bits per sample (1, 8, 10, 12, 16, 32 or 64)")
        }
        // 0 and 0xFFFFFFFF mean "undefined" in DPX: the file's data offset (byte 4) holds then.
        let start = elementOffset > 0 && elementOffset != 0xFFFF_FFFF ? elementOffset : dataOffset
        guard start >= 768 || start == 0 else { throw .init("damaged DPX header: pixel data would start at byte \(start), inside the header") }
        guard start < fileSize else {
            throw .init("truncated DPX file: its pixel data should start at byte \(start) but the file has \(fileSize) bytes")
        }
        dataOffset = start
        expectedDataBytes = nil
        if encoding == 0, let c = components.map({ $0 }), bitDepth >= 8 {
            let samples = width * c
            let lineBytes: Int
            switch (bitDepth, packing) {
            case (8, _): lineBytes = (samples + 3) / 4 * 4
            case (10, 0): lineBytes = (samples * 10 + 31) / 32 * 4
            case (10, _): lineBytes = (samples + 2) / 3 * 4
            case (12, 0): lineBytes = (samples * 12 + 31) / 32 * 4
            case (12, _), (16, _): lineBytes = (samples * 2 + 3) / 4 * 4
            case (32, _): lineBytes = samples * 4
            default: lineBytes = samples * 8
            }
            let expected = lineBytes * height
            expectedDataBytes = expected
            let holds = fileSize - start
            guard holds >= expected else {
                throw .init("truncated DPX file: it holds \(holds) of the \(expected) bytes of pixel data its header declares")
            }
        }
    }
}

extension ImageFileError {
    /// A problem with a file not yet named (the caller adds the path).
    public struct Problem: Error, Equatable {
        public let text: String
        public init(_ text: String) { self.text = text }
    }
}
