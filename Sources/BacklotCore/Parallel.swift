import Dispatch
import Foundation

/// A raw pointer that may cross into `Parallel`'s worker closures.
///
/// Swift 6 will not let a `@Sendable` closure capture an `UnsafeMutablePointer`; each parallel kernel
/// writes to disjoint ranges of one buffer, which is safe, so the pointer is boxed here, in one place.
public struct UncheckedPointer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<T>
    public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Runs loops over rows or index ranges on all cores.
///
/// Kernels are written once as plain functions over a range; how they are split across threads is
/// decided here. Set `threadCount` to 1 to run every kernel serially (for reference comparisons).
public enum Parallel {
    nonisolated(unsafe) private static var configuredThreads: Int = 0

    /// Number of worker threads (defaults to the number of active cores).
    public static var threadCount: Int {
        get { configuredThreads > 0 ? configuredThreads : ProcessInfo.processInfo.activeProcessorCount }
        set { configuredThreads = max(0, newValue) }
    }

    /// Calls `body` once for each index in `0..<iterations`, concurrently.
    @inlinable
    public static func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        if iterations == 1 || threadCount == 1 {
            for i in 0..<iterations { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedClosure(escaping)
            DispatchQueue.concurrentPerform(iterations: iterations) { box.call($0) }
        }
    }

    /// Splits `0..<count` into contiguous chunks and calls `body` on each, concurrently.
    ///
    /// - Parameter minChunk: The smallest chunk worth a thread hand-off.
    @inlinable
    public static func forChunks(_ count: Int, minChunk: Int = 4096, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = max(1, min(threadCount * 4, count / max(1, minChunk)))
        if chunks == 1 { body(0..<count); return }
        forEach(chunks) { k in
            body((count * k / chunks) ..< (count * (k + 1) / chunks))
        }
    }

    /// Calls `body` with bands of rows `0..<height`, concurrently.
    @inlinable
    public static func forRows(_ height: Int, width: Int = 1, _ body: (Range<Int>) -> Void) {
        forChunks(height, minChunk: max(1, 8192 / max(1, width)), body)
    }
}

@usableFromInline
struct UncheckedClosure: @unchecked Sendable {
    @usableFromInline let call: (Int) -> Void
    @usableFromInline init(_ call: @escaping (Int) -> Void) { self.call = call }
}
