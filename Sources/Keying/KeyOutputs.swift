import BacklotCore
import BacklotIO
import Pipeline

/// Where a key's passes are written, and how.
public enum KeyLayout: Sendable {
    /// `OUT/rgba/`, `OUT/fg/`, `OUT/matte/`, `OUT/comp/`.
    case standard
    /// CorridorKey's `Output/Processed/`, `Output/FG/`, `Output/Matte/`, `Output/Comp/`.
    case corridorKey

    /// The folder of `pass` under the output folder.
    public func folder(_ pass: KeyPass) -> String {
        switch (self, pass) {
        case (.standard, _): pass.rawValue
        case (.corridorKey, .rgba): "Processed"
        case (.corridorKey, .fg): "FG"
        case (.corridorKey, .matte): "Matte"
        case (.corridorKey, .comp): "Comp"
        case (.corridorKey, .shadow): "Shadow"
        }
    }
}

extension Outputs where Pass == KeyPass {
    /// The files of a key in `folder`: EXR passes (linear; `rgba` premultiplied, `fg` straight and tagged so,
    /// the matte always lossless) and the comp as a quickly compressed 8-bit PNG, each tagged with Backlot's
    /// version and the pass it holds.
    public static func key(
        into folder: String, passes: [KeyPass], layout: KeyLayout = .standard, sampleType: SampleType = .half,
        compression: EXRCompression = .piz, videos: [Video] = [], frameRate: FrameRate = .film
    ) -> Outputs {
        let files = KeyPass.allCases.filter(passes.contains).map { pass -> File in
            let location = File.Location.folder("\(folder)/\(layout.folder(pass))", fileExtension: pass == .comp ? "png" : "exr")
            let attributes = ["backlot:keyer": "Backlot \(BacklotVersion.string)", "backlot:pass": pass.rawValue]
            switch pass {
            case .comp:
                // A preview: the fastest zlib level (it is looked at, not archived).
                return File(pass, location, options: WriteOptions(pngLevel: 1))
            case .matte, .shadow:
                // Mattes stay lossless whatever the colour passes use.
                return File(pass, location, options: WriteOptions(sampleType: sampleType, compression: compression.isLossy ? .piz : compression,
                                                                  attributes: attributes))
            case .rgba, .fg:
                return File(pass, location, options: WriteOptions(sampleType: sampleType, compression: compression, attributes: attributes,
                                                                  exrAlpha: pass == .fg ? .straight : .premultiplied))
            }
        }
        return Outputs(files: files, videos: videos, frameRate: frameRate)
    }
}
