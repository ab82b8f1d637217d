// backlot-fuzz: libFuzzer harnesses over Backlot's readers (EXR, PNG, TIFF, JPEG, DPX header) and the hint
// path, and the tools around them.
//
//   BACKLOT_FUZZ_TARGET=png backlot-fuzz CORPUS [libFuzzer options]   (built by `make fuzz` with sanitizers)
//   backlot-fuzz seeds FOLDER                                          the seed corpus, from our own writers
//   backlot-fuzz replay TARGET FILE...                                 runs files through a target once each
import BacklotIO
import CImageCodecs
import Foundation

nonisolated(unsafe) var fuzzTarget = FuzzTarget.png
nonisolated(unsafe) var scratch = ""

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "seeds" {
    try Seeds.write(into: arguments[2])
    print("seeds written to \(arguments[2])")
    exit(0)
}
scratch = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/backlot-fuzz-\(getpid())"
if arguments.count >= 3, arguments[1] == "replay" {
    guard let target = FuzzTarget(rawValue: arguments[2]) else {
        FileHandle.standardError.write(Data("unknown target \(arguments[2]) (\(FuzzTarget.allCases.map(\.rawValue)))\n".utf8))
        exit(64)
    }
    for path in arguments.dropFirst(3) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.withUnsafeBytes { target.run($0, scratch: scratch) }
    }
    print("replayed \(arguments.count - 3) file(s) through \(target.rawValue)")
    exit(0)
}

#if BACKLOT_FUZZ
guard let name = ProcessInfo.processInfo.environment["BACKLOT_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
    FileHandle.standardError.write(Data("set BACKLOT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))\n".utf8))
    exit(64)
}
fuzzTarget = target
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size), scratch: scratch)
    return 0
})
#else
FileHandle.standardError.write(Data("backlot-fuzz: built without the fuzzer; use `make fuzz`, or: seeds FOLDER | replay TARGET FILE...\n".utf8))
exit(64)
#endif
