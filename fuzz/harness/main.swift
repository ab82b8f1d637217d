// backlot-fuzz: libFuzzer harnesses over Backlot's readers (EXR, PNG, TIFF, JPEG, DPX header) and the hint
// path, and the tools around them.
//
//   BACKLOT_FUZZ_TARGET=png backlot-fuzz CORPUS [libFuzzer options]   (built by `make fuzz` with sanitizers)
//   backlot-fuzz seeds FOLDER                                          the seed corpus, from our own writers
//   backlot-fuzz replay TARGET FILE...                                 runs files through a target once each
import BacklotCore
import BacklotIO
import CImageCodecs
import Foundation

nonisolated(unsafe) var fuzzTarget = FuzzTarget.png
nonisolated(unsafe) var scratch = ""

/// One line on standard error and exit status 1 (64 for usage).
func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("backlot-fuzz: \(message)\n".utf8))
    exit(status)
}

let arguments = CommandLine.arguments
if arguments.count >= 2, arguments[1] == "seeds" {
    guard arguments.count == 3, !arguments[2].isEmpty else { fail("usage: backlot-fuzz seeds FOLDER", status: 64) }
    do { try Seeds.write(into: arguments[2]) } catch { fail("\(arguments[2]): \((error as? BacklotError)?.message ?? error.localizedDescription)") }
    print("seeds written to \(arguments[2])")
    exit(0)
}
scratch = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/backlot-fuzz-\(getpid())"
if arguments.count >= 2, arguments[1] == "replay" {
    guard arguments.count >= 3, let target = FuzzTarget(rawValue: arguments[2]) else {
        fail("usage: backlot-fuzz replay TARGET FILE... (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))", status: 64)
    }
    for path in arguments.dropFirst(3) {
        guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot be read") }
        data.withUnsafeBytes { target.run($0, scratch: scratch) }
    }
    print("replayed \(arguments.count - 3) file(s) through \(target.rawValue)")
    exit(0)
}

#if BACKLOT_FUZZ
guard let name = ProcessInfo.processInfo.environment["BACKLOT_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
    fail("set BACKLOT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))", status: 64)
}
fuzzTarget = target
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    fuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size), scratch: scratch)
    return 0
})
#else
fail("built without the fuzzer (use `make fuzz`); here: seeds FOLDER | replay TARGET FILE...", status: 64)
#endif
