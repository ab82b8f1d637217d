import Foundation

/// Runs the `ffmpeg` and `ffprobe` programs, which decode and encode every video format Backlot handles.
///
/// Video frames travel over pipes as raw planar float (`gbrpf32le` / `gbrapf32le`), converted from the
/// file's YUV matrix and range by FFmpeg's swscale; transfer curves are applied by Backlot.
enum FFmpeg {
    /// The full path of `program` on `PATH`, or an error telling how to install it.
    static func locate(_ program: String, for path: String) throws(ImageFileError) -> URL {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for dir in dirs where access("\(dir)/\(program)", X_OK) == 0 {
            return URL(fileURLWithPath: "\(dir)/\(program)")
        }
        throw ImageFileError(path, "video needs the \(program) program, which is not installed (apt-get install ffmpeg)")
    }

    /// A launched FFmpeg process whose standard error is collected in the background.
    final class Child: @unchecked Sendable {
        let process = Process()
        let stdout = Pipe()
        let stdin = Pipe()
        private let stderr = Pipe()
        private let lock = NSLock()
        private var errorText = Data()
        private let drained = DispatchSemaphore(value: 0)

        init(_ program: URL, arguments: [String], feedsStdin: Bool) throws {
            process.executableURL = program
            process.arguments = arguments
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = feedsStdin ? stdin : FileHandle.nullDevice
            try process.run()
            let handle = stderr.fileHandleForReading
            DispatchQueue.global().async { [self] in
                let data = handle.readDataToEndOfFile()
                lock.withLock { errorText = data }
                drained.signal()
            }
        }

        /// Waits for the process to end; returns its exit status and the last line of its error output.
        func finish() -> (status: Int32, message: String) {
            process.waitUntilExit()
            drained.wait()
            drained.signal()
            let text = lock.withLock { String(decoding: errorText, as: UTF8.self) }
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            return (process.terminationStatus, lines.last(where: { !$0.isEmpty }) ?? "")
        }

        /// Stops the process at once.
        func kill() {
            if process.isRunning { process.terminate() }
        }
    }

    /// Runs `program` to completion and returns its standard output, or throws with its last error line.
    static func output(_ program: String, _ arguments: [String], for path: String) throws(ImageFileError) -> Data {
        let url = try locate(program, for: path)
        let child: Child
        do { child = try Child(url, arguments: arguments, feedsStdin: false) } catch {
            throw ImageFileError(path, "cannot run \(program): \(error.localizedDescription)")
        }
        let data = child.stdout.fileHandleForReading.readDataToEndOfFile()
        let (status, message) = child.finish()
        guard status == 0 else {
            throw ImageFileError(path, message.isEmpty ? "\(program) failed (exit status \(status))" : cleaned(message, path: path))
        }
        return data
    }

    /// An FFmpeg error line without the file name FFmpeg puts in front of it.
    static func cleaned(_ message: String, path: String) -> String {
        var text = message
        if text.hasPrefix(path + ": ") { text.removeFirst(path.count + 2) }
        return text
    }

    /// Reads exactly `count` bytes from `fd` into `buffer`; returns false at end of stream before any byte.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(ImageFileError) -> Bool {
        var done = 0
        while done < buffer.count {
            let k = Foundation.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if k == 0 { break }
            if k < 0 {
                if errno == EINTR { continue }
                throw ImageFileError("ffmpeg", "reading decoded frames failed: \(String(cString: strerror(errno)))")
            }
            done += k
        }
        if done == 0 { return false }
        guard done == buffer.count else { throw ImageFileError("ffmpeg", "the decoded stream ended in the middle of a frame") }
        return true
    }

    /// Writes all of `buffer` to `fd`; false when the reader has gone away (the encoder failed).
    static func writeFully(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < buffer.count {
            let k = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
            if k < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += k
        }
        return true
    }
}
