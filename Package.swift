// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backlot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "backlot", targets: ["backlot"]),
        .library(name: "BacklotCore", targets: ["BacklotCore"]),
        .library(name: "BacklotIO", targets: ["BacklotIO"]),
        .library(name: "Synth", targets: ["Synth"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Keying", targets: ["Keying"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "Grading", targets: ["Grading"]),
        .library(name: "Grain", targets: ["Grain"]),
        .library(name: "Production", targets: ["Production"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries, found with pkg-config (Debian packages named for apt).
        .systemLibrary(name: "COpenEXR", pkgConfig: "OpenEXR", providers: [.apt(["libopenexr-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // A thin C++ shim over OpenEXR's multi-threaded C++ API, exposed as plain C.
        .target(
            name: "CEXR",
            dependencies: ["COpenEXR"],
            cxxSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("stdc++")]
        ),
        // libpng / libtiff / libjpeg wrapped in C so that setjmp-based error handling stays in C.
        .target(
            name: "CImageCodecs",
            dependencies: ["CPNG", "CTIFF", "CJPEG"],
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        .target(name: "BacklotCore"),
        .target(name: "BacklotIO", dependencies: ["BacklotCore", "CEXR", "CImageCodecs"]),
        // Test data at useful sizes: optimised even in debug builds, so that the tests make it quickly.
        .target(name: "Synth", dependencies: ["BacklotCore"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Metrics", dependencies: ["BacklotCore"]),
        // Numeric fitting: optimised even in debug builds, so that the tests run at a useful size.
        .target(name: "Grading", dependencies: ["BacklotCore", "Metrics", "Pipeline"], swiftSettings: [.unsafeFlags(["-O"])]),
        // A camera's grain: measured, made and taken out (spectra and filters, optimised like Grading).
        .target(name: "Grain", dependencies: ["BacklotCore", "Pipeline"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Pipeline", dependencies: ["BacklotCore", "BacklotIO"]),
        // The keyer's stages use Core alone; its frame operation and output layout face the pipeline.
        .target(name: "Keying", dependencies: ["BacklotCore", "BacklotIO", "Pipeline"]),
        // A production's box: its GRDB catalog of dailies (and, later, the models learned from them).
        .target(name: "Production", dependencies: ["BacklotCore", "BacklotIO", "Keying", "Grading", "Grain", "CCrypto", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "backlot",
            dependencies: [
                "BacklotCore", "BacklotIO", "Pipeline", "Synth", "Keying", "Metrics", "Grading", "Grain", "Production",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer harnesses over the readers (`make fuzz` builds them with sanitizers); seeds and replay otherwise.
        .executableTarget(name: "backlot-fuzz", dependencies: ["BacklotCore", "BacklotIO", "Keying", "CImageCodecs"],
                         path: "fuzz/harness"),
        // Benchmarks (bench/): in-process timings that bench/*.py compare with peers.
        .executableTarget(name: "backlot-bench-io", dependencies: ["BacklotCore", "BacklotIO"], path: "bench/swift/io"),
        .testTarget(name: "BacklotCoreTests", dependencies: ["BacklotCore"]),
        .testTarget(name: "BacklotIOTests", dependencies: ["BacklotIO", "Synth"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Metrics"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "GradingTests", dependencies: ["Grading", "Synth", "Metrics"]),
        .testTarget(name: "GrainTests", dependencies: ["Grain", "Synth"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "BacklotIO"]),
        .testTarget(name: "KeyingTests", dependencies: ["Keying", "Synth", "Metrics"]),
        .testTarget(name: "ProductionTests", dependencies: ["Production", "BacklotIO", "Synth", "Grading"]),
        .testTarget(name: "BacklotCLITests", dependencies: ["backlot", "BacklotIO", "Synth"]),
    ],
    cxxLanguageStandard: .cxx17
)
