/// Pointer access to a set of planes (`[[Float]]`, one array per channel), for kernels that read or write
/// several planes at once and hand the work to a `Schedule`.
extension Array where Element == [Float] {
    /// Stands in for the buffer of an empty plane.
    nonisolated(unsafe) private static let nowhere = UnsafeMutablePointer<Float>.allocate(capacity: 1)

    /// Calls `body` with a read pointer to the first sample of every plane, valid for the call and shareable
    /// with a schedule's workers. An empty plane gets a pointer that must not be read.
    public func withPlanePointers<R>(_ body: ([UncheckedPointer<Float>]) throws -> R) rethrows -> R {
        func collect(_ k: Int, _ pointers: [UncheckedPointer<Float>]) throws -> R {
            guard k < count else { return try body(pointers) }
            return try self[k].withUnsafeBufferPointer { buf in
                let base = buf.baseAddress.map { UnsafeMutablePointer(mutating: $0) } ?? Self.nowhere
                return try collect(k + 1, pointers + [UncheckedPointer(base)])
            }
        }
        return try collect(0, [])
    }

    /// Calls `body` with a write pointer to the first sample of every plane, valid for the call. Each plane
    /// is made unique first (copy on write), so arrays sharing its storage elsewhere are not changed.
    public mutating func withMutablePlanePointers<R>(_ body: ([UncheckedPointer<Float>]) throws -> R) rethrows -> R {
        func collect(_ k: Int, _ all: inout [[Float]], _ pointers: [UncheckedPointer<Float>]) throws -> R {
            guard k < all.count else { return try body(pointers) }
            // The plane is moved out while its buffer is borrowed, so the other planes stay reachable.
            var plane: [Float] = []
            swap(&plane, &all[k])
            defer { swap(&plane, &all[k]) }
            return try plane.withUnsafeMutableBufferPointer { buf in
                let base = buf.baseAddress ?? Self.nowhere
                return try collect(k + 1, &all, pointers + [UncheckedPointer(base)])
            }
        }
        return try collect(0, &self, [])
    }
}

extension Array where Element == Float {
    /// `count` copies of `value`, written by all cores. A plane's fresh memory is faulted in (zeroed by the
    /// kernel) on first touch, which costs more than the writes themselves: this way both cores share it.
    public init(parallelRepeating value: Float, count: Int) {
        self.init(unsafeUninitializedCapacity: count) { buf, initialised in
            if let base = buf.baseAddress {
                let p = UncheckedPointer(base)
                Schedule.automatic.forChunks(count, minChunk: 1 << 16) { range in
                    (p.pointer + range.lowerBound).initialize(repeating: value, count: range.count)
                }
            }
            initialised = count
        }
    }
}
