// EXR read/write timing of Backlot's OpenEXR path, in process (no process start-up), for bench/speed_bench.py.
//
//   backlot-bench-io FILE.exr RUNS   → one JSON object: median read and write seconds per compression.
import BacklotCore
import BacklotIO
import Foundation

func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

let args = CommandLine.arguments
guard args.count >= 3, let runs = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: backlot-bench-io FILE.exr RUNS\n".utf8))
    exit(64)
}
let source = try EXR.read(args[1])
let folder = NSTemporaryDirectory() + "backlot-bench-io-\(getpid())"
var result: [String: Double] = [:]
for compression in [EXRCompression.zip, .piz] {
    let path = "\(folder)/\(compression.name).exr"
    var writes: [Double] = [], reads: [Double] = []
    for _ in 0..<runs {
        writes.append(try seconds { try EXR.write(source, to: path, sampleType: .half, compression: compression) })
        reads.append(try seconds { _ = try EXR.read(path) })
    }
    result["\(compression.name)_write"] = median(writes)
    result["\(compression.name)_read"] = median(reads)
}
try? FileManager.default.removeItem(atPath: folder)
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
