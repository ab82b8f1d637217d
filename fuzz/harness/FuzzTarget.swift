import BacklotCore
import BacklotIO
import Foundation
import Keying

/// One reader under fuzzing: bytes in, any outcome but a crash, a hang, a leak or a sanitizer report.
enum FuzzTarget: String, CaseIterable {
    case exr, png, tiff, jpeg, dpx, hint, cube

    /// The file extension the bytes are stored under (readers sniff the content, not the name).
    var fileExtension: String {
        switch self {
        case .exr: "exr"
        case .png, .hint: "png"
        case .tiff: "tif"
        case .jpeg: "jpg"
        case .dpx: "dpx"
        case .cube: "cube"
        }
    }

    /// A small plate keyed with each fuzzed hint: the hint is resampled, grown and feathered to its size.
    private static let plate: Image = {
        var image = Image(width: 24, height: 16, channels: ["R", "G", "B"])
        for i in 0..<image.planeSize {
            let inside = (i % 24) > 8 && (i % 24) < 16
            image.planes[0][i] = inside ? 0.6 : 0.1
            image.planes[1][i] = inside ? 0.4 : 0.7
            image.planes[2][i] = inside ? 0.3 : 0.1
        }
        return image
    }()

    /// Runs `bytes` through the reader. Errors are expected answers and ignored; everything else is a finding.
    func run(_ bytes: UnsafeRawBufferPointer, scratch: String) {
        switch self {
        case .dpx:
            // The header checks are ours; the picture is decoded by FFmpeg in a process of its own.
            _ = try? DPXHeader(bytes: Array(bytes.prefix(2048)), fileSize: bytes.count)
        case .cube:
            // A LUT that parses is applied at the corners and the middle of its cube.
            guard let contents = try? CubeFile.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.cube") else { return }
            for p: SIMD3<Float> in [[0, 0, 0], [1, 1, 1], [0.5, 0.25, 0.75], [2, -1, .nan]] { _ = contents.lut.apply(p) }
        default:
            let path = scratch + "." + fileExtension
            guard let file = fopen(path, "wb") else { return }
            if bytes.count > 0 { fwrite(bytes.baseAddress, 1, bytes.count, file) }
            fclose(file)
            guard let image = try? ImageIO.read(path) else { return }
            if self == .exr { _ = try? EXR.header(path) }
            if self == .hint {
                var settings = KeyerSettings()
                settings.hintGrow = 2
                settings.hintFeather = 1.5
                _ = try? Keyer.key(FuzzTarget.plate, hint: image, settings: settings, schedule: .serial)
            }
        }
    }
}
