import CImageCodecs
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

    /// A launched FFmpeg process whose standard error is collected in the background. It is started through
    /// `bl_spawn_tied`, so the kernel kills it if Backlot dies (even by kill -9): no orphan keeps encoding.
    final class Child: @unchecked Sendable {
        let stdout = Pipe()
        let stdin = Pipe()
        private let stderr = Pipe()
        private let lock = NSLock()
        private var errorText = Data()
        private let drained = DispatchSemaphore(value: 0)
        private let pid: Int32
        private var exitStatus: Int32?

        init(_ program: URL, arguments: [String], feedsStdin: Bool) throws {
            let argv = [program.path] + arguments
            let null = feedsStdin ? -1 : open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer { if null >= 0 { Foundation.close(null) } }
            let input = feedsStdin ? stdin.fileHandleForReading.fileDescriptor : null
            var error: Int32 = 0
            var args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer { args.forEach { free($0) } }
            let (output, errors) = (stdout.fileHandleForWriting.fileDescriptor, stderr.fileHandleForWriting.fileDescriptor)
            pid = args.withUnsafeMutableBufferPointer { bl_spawn_tied(program.path, $0.baseAddress, input, output, errors, &error) }
            // The child's ends are the child's: closing ours lets each side see the other's end of stream.
            try? stdout.fileHandleForWriting.close()
            try? stderr.fileHandleForWriting.close()
            if feedsStdin { try? stdin.fileHandleForReading.close() }
            guard pid > 0 else {
                throw ImageFileError(program.path, "cannot start: \(String(cString: strerror(error)))")
            }
            let handle = stderr.fileHandleForReading
            DispatchQueue.global().async { [self] in
                let data = handle.readDataToEndOfFile()
                lock.withLock { errorText = data }
                drained.signal()
            }
        }

        /// The exit status once the process has ended (128 + the signal when killed by one).
        var terminationStatus: Int32 { lock.withLock { exitStatus } ?? -1 }

        /// Waits for the process to end; returns its exit status and the last line of its error output.
        func finish() -> (status: Int32, message: String) {
            let status = waitForExit()
            drained.wait()
            drained.signal()
            let text = lock.withLock { String(decoding: errorText, as: UTF8.self) }
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            return (status, lines.last(where: { !$0.isEmpty }) ?? "")
        }

        /// Stops the process at once.
        func kill() {
            if lock.withLock({ exitStatus == nil }) { Foundation.kill(pid, SIGTERM) }
        }

        private func waitForExit() -> Int32 {
            if let done = lock.withLock({ exitStatus }) { return done }
            var raw: Int32 = 0
            var result: Int32
            repeat { result = waitpid(pid, &raw, 0) } while result < 0 && errno == EINTR
            // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the macros are not imported into Swift.
            let status: Int32 = result < 0 ? -1 : (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            return lock.withLock {
                if exitStatus == nil { exitStatus = status }
                return exitStatus!
            }
        }
    }

    /// Runs `program` to completion and returns its standard output, or throws with its last error line.
    static func output(_ program: String, _ arguments: [String], for path: String, kind: String = "video file") throws(ImageFileError) -> Data {
        let url = try locate(program, for: path)
        let child: Child
        do { child = try Child(url, arguments: arguments, feedsStdin: false) } catch {
            throw ImageFileError(path, "cannot run \(program): \((error as? ImageFileError)?.problem ?? "\(error)")")
        }
        let data = child.stdout.fileHandleForReading.readDataToEndOfFile()
        let (status, message) = child.finish()
        guard status == 0 else {
            throw ImageFileError(path, "damaged, truncated or not a \(kind)" + (message.isEmpty ? " (\(program) exit status \(status))"
                                                                         : " (\(program): \(cleaned(message, path: path)))"))
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
