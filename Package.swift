// swift-tools-version:6.0
import PackageDescription

// System include paths of Debian's OpenEXR 3.1 (`pkg-config --cflags OpenEXR`).
let openEXRIncludes: [CXXSetting] = [
    .unsafeFlags(["-I/usr/include/OpenEXR", "-I/usr/include/Imath", "-pthread", "-O2"]),
]

let package = Package(
    name: "Backlot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "backlot", targets: ["backlot"]),
        .library(name: "BacklotCore", targets: ["BacklotCore"]),
        .library(name: "BacklotIO", targets: ["BacklotIO"]),
        .library(name: "Synth", targets: ["Synth"]),
        .library(name: "Keying", targets: ["Keying"]),
        .library(name: "Metrics", targets: ["Metrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // A thin C++ shim over OpenEXR's multi-threaded C++ API, exposed as plain C.
        .target(
            name: "CEXR",
            cxxSettings: openEXRIncludes,
            linkerSettings: [
                .linkedLibrary("OpenEXR-3_1"), .linkedLibrary("Iex-3_1"),
                .linkedLibrary("IlmThread-3_1"), .linkedLibrary("Imath-3_1"),
                .linkedLibrary("stdc++"),
            ]
        ),
        // libpng / libtiff / libjpeg wrapped in C so that setjmp-based error handling stays in C.
        .target(
            name: "CImageCodecs",
            cSettings: [.unsafeFlags(["-I/usr/include/libpng16", "-O2"])],
            linkerSettings: [
                .linkedLibrary("png16"), .linkedLibrary("tiff"),
                .linkedLibrary("jpeg"), .linkedLibrary("z"),
            ]
        ),
        .target(name: "BacklotCore"),
        .target(name: "BacklotIO", dependencies: ["BacklotCore", "CEXR", "CImageCodecs"]),
        .target(name: "Synth", dependencies: ["BacklotCore"]),
        .target(name: "Metrics", dependencies: ["BacklotCore"]),
        .target(name: "Keying", dependencies: ["BacklotCore"]),
        .executableTarget(
            name: "backlot",
            dependencies: [
                "BacklotCore", "BacklotIO", "Synth", "Keying", "Metrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (bench/): in-process timings that bench/*.py compare with peers.
        .executableTarget(name: "backlot-bench-io", dependencies: ["BacklotCore", "BacklotIO"], path: "bench/swift/io"),
        .testTarget(name: "BacklotCoreTests", dependencies: ["BacklotCore"]),
        .testTarget(name: "BacklotIOTests", dependencies: ["BacklotIO", "Synth"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Metrics"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "KeyingTests", dependencies: ["Keying", "Synth", "Metrics"]),
        .testTarget(name: "BacklotCLITests", dependencies: ["backlot", "BacklotIO", "Synth"]),
    ],
    cxxLanguageStandard: .cxx17
)
