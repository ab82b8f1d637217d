import Foundation

/// The `backlot` binary built next to this test bundle.
let backlotBinary: String = {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("backlot").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return dir.appendingPathComponent("backlot").path
}()

struct RunResult {
    var status: Int32
    var out: String
    var err: String
    /// Killed by a signal (a trap, a crash, or the timeout): `status` is then the signal number.
    var signalled = false
    /// Still running when the timeout came, and killed.
    var timedOut = false
}

/// Runs `backlot` with `args` (stdin closed, not a terminal) and captures everything.
@discardableResult
func backlot(_ args: [String], cwd: String? = nil, environment: [String: String] = [:], timeout: Double = 300) throws -> RunResult {
    try run([backlotBinary] + args, cwd: cwd, environment: environment, timeout: timeout)
}

/// Runs a program; `environment` adds to (or replaces in) this process's environment.
func run(_ args: [String], cwd: String? = nil, environment: [String: String] = [:], timeout: Double = 300) throws -> RunResult {
    let p = Process()
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    p.executableURL = URL(fileURLWithPath: args[0].hasPrefix("/") ? args[0] : "/usr/bin/env")
    p.arguments = args[0].hasPrefix("/") ? Array(args.dropFirst()) : args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let finished = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var timedOut = false
    let pid = p.processIdentifier
    Thread.detachNewThread {
        if finished.wait(timeout: .now() + timeout) == .timedOut { timedOut = true; kill(pid, SIGKILL) }
    }
    // Read both pipes concurrently so neither fills up and blocks the child.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    finished.signal()
    while !reader.isFinished { usleep(1000) }
    return RunResult(status: p.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                     err: String(decoding: errData, as: UTF8.self), signalled: p.terminationReason == .uncaughtSignal,
                     timedOut: timedOut)
}

func temporaryFolder(_ name: String = #function) -> String {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "backlot-cli-\(clean)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
