/// CIE 1931 xy coordinates of an RGB space's primaries and white point, as OpenEXR's `chromaticities`.
public struct Chromaticities: Hashable, Sendable {
    public var red: SIMD2<Double>
    public var green: SIMD2<Double>
    public var blue: SIMD2<Double>
    public var white: SIMD2<Double>

    public init(red: SIMD2<Double>, green: SIMD2<Double>, blue: SIMD2<Double>, white: SIMD2<Double>) {
        self.red = red
        self.green = green
        self.blue = blue
        self.white = white
    }

    /// Whether every coordinate is within `tolerance` of `other`'s.
    public func isClose(to other: Chromaticities, tolerance: Double = 1e-4) -> Bool {
        let pairs = [(red, other.red), (green, other.green), (blue, other.blue), (white, other.white)]
        return pairs.allSatisfy { abs($0.0.x - $0.1.x) <= tolerance && abs($0.0.y - $0.1.y) <= tolerance }
    }
}

/// A scene-linear RGB colour space, named as OpenColorIO names it.
public struct ColorSpace: Hashable, Sendable, CustomStringConvertible {
    /// The OpenColorIO name, e.g. `Linear Rec.709 (sRGB)`.
    public var name: String
    /// The primaries and white point.
    public var chromaticities: Chromaticities

    public init(name: String, chromaticities: Chromaticities) {
        self.name = name
        self.chromaticities = chromaticities
    }

    public var description: String { name }

    /// Linear light with Rec.709 / sRGB primaries and a D65 white (OpenEXR's default when no
    /// `chromaticities` attribute is present).
    public static let linearRec709 = ColorSpace(
        name: "Linear Rec.709 (sRGB)",
        chromaticities: Chromaticities(
            red: [0.64, 0.33], green: [0.30, 0.60], blue: [0.15, 0.06], white: [0.3127, 0.3290]))

    /// ACEScg: linear light with ACES AP1 primaries and the ACES white (≈ D60).
    public static let acesCG = ColorSpace(
        name: "ACEScg",
        chromaticities: Chromaticities(
            red: [0.713, 0.293], green: [0.165, 0.830], blue: [0.128, 0.044], white: [0.32168, 0.33767]))

    /// The colour spaces Backlot knows by name.
    public static let known: [ColorSpace] = [.linearRec709, .acesCG]

    /// The known colour space with these chromaticities, or an unnamed one.
    public static func matching(_ chromaticities: Chromaticities) -> ColorSpace {
        known.first { $0.chromaticities.isClose(to: chromaticities) }
            ?? ColorSpace(name: "Linear (custom primaries)", chromaticities: chromaticities)
    }

    /// The known colour space called `name` (case-insensitive; `rec709`, `srgb`, `linear`, `acescg` also work).
    public static func named(_ name: String) -> ColorSpace? {
        switch name.lowercased() {
        case "linear", "rec709", "linear-rec709", "srgb", "lin_rec709", "linear rec.709 (srgb)": return .linearRec709
        case "acescg", "aces-cg", "ap1": return .acesCG
        default: return nil
        }
    }

    /// The row-major 3x3 matrix taking RGB in this space to CIE XYZ.
    public var rgbToXYZ: Matrix3 {
        let c = chromaticities
        func xyz(_ p: SIMD2<Double>) -> SIMD3<Double> { [p.x / p.y, 1, (1 - p.x - p.y) / p.y] }
        let (r, g, b) = (xyz(c.red), xyz(c.green), xyz(c.blue))
        let primaries = Matrix3(columns: r, g, b)
        let scale = primaries.inverse * xyz(c.white)
        return Matrix3(columns: r * scale.x, g * scale.y, b * scale.z)
    }

    /// The matrix converting linear RGB in this space to linear RGB in `target`, with Bradford
    /// chromatic adaptation between the white points (as OpenColorIO's built-in config does).
    public func conversionMatrix(to target: ColorSpace) -> Matrix3 {
        if self == target { return .identity }
        let bradford = Matrix3(rows: [0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296])
        func whiteXYZ(_ w: SIMD2<Double>) -> SIMD3<Double> { [w.x / w.y, 1, (1 - w.x - w.y) / w.y] }
        let src = bradford * whiteXYZ(chromaticities.white)
        let dst = bradford * whiteXYZ(target.chromaticities.white)
        let adapt = bradford.inverse * Matrix3.diagonal(dst / src) * bradford
        return target.rgbToXYZ.inverse * adapt * rgbToXYZ
    }
}
