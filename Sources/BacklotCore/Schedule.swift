import Dispatch
import Foundation

/// A raw pointer that may cross into a schedule's worker closures.
///
/// Swift 6 will not let a `@Sendable` closure capture an `UnsafeMutablePointer`; each parallel kernel
/// writes to disjoint ranges of one buffer, which is safe, so the pointer is boxed here, in one place.
public struct UncheckedPointer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<T>
    public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// How a kernel's loop is split across threads: the *schedule*, kept apart from the per-pixel maths.
///
/// Kernels are written once as plain functions over a range of indices or rows and take a schedule as a
/// parameter: `.automatic` (every active core) in production, `.serial` or an odd thread count in the tests
/// that compare a kernel with its naive reference. A schedule is a value; nothing about threads is global.
///
/// ```swift
/// Blur.box(plane, width: w, height: h, radius: 4, schedule: .serial)
/// ```
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    /// Threads the work is shared between (at least 1; 1 runs every loop on the calling thread).
    public let threads: Int

    /// A schedule over `threads` threads.
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Every active core of this machine.
    public static var automatic: Schedule { Schedule(threads: ProcessInfo.processInfo.activeProcessorCount) }

    /// Everything on the calling thread, in order.
    public static let serial = Schedule(threads: 1)

    public var description: String { threads == 1 ? "serial" : "\(threads) threads" }

    /// Calls `body` once for each index in `0..<iterations`, concurrently unless the schedule is serial.
    @inlinable
    public func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        if iterations == 1 || threads == 1 {
            for i in 0..<iterations { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedClosure(escaping)
            DispatchQueue.concurrentPerform(iterations: iterations) { box.call($0) }
        }
    }

    /// Splits `0..<count` into contiguous chunks (up to four per thread) and calls `body` on each.
    ///
    /// - Parameter minChunk: The smallest chunk worth a thread hand-off.
    @inlinable
    public func forChunks(_ count: Int, minChunk: Int = 4096, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = Swift.max(1, Swift.min(threads * 4, count / Swift.max(1, minChunk)))
        if chunks == 1 { body(0..<count); return }
        forEach(chunks) { k in
            body((count * k / chunks) ..< (count * (k + 1) / chunks))
        }
    }

    /// Calls `body` with bands of rows `0..<height` (rows of `width` samples).
    @inlinable
    public func forRows(_ height: Int, width: Int = 1, _ body: (Range<Int>) -> Void) {
        forChunks(height, minChunk: Swift.max(1, 8192 / Swift.max(1, width)), body)
    }
}

@usableFromInline
struct UncheckedClosure: @unchecked Sendable {
    @usableFromInline let call: (Int) -> Void
    @usableFromInline init(_ call: @escaping (Int) -> Void) { self.call = call }
}
