import Foundation

/// Keeps the first error thrown by work running on several threads.
public final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    public init() {}

    /// Records `error` unless one was recorded before.
    public func record(_ error: Error) { lock.withLock { if self.error == nil { self.error = error } } }

    /// The first error recorded, if any.
    public var first: Error? { lock.withLock { error } }
}

/// A count shared by work running on several threads.
public final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    /// Adds `k` and returns the new count.
    @discardableResult
    public func add(_ k: Int = 1) -> Int { lock.withLock { value += k; return value } }

    /// The count.
    public var count: Int { lock.withLock { value } }
}

/// One result per slot, filled by work running on several threads.
public final class SharedResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    public init(count: Int) { slots = [T?](repeating: nil, count: count) }

    /// Fills slot `k`.
    public func set(_ k: Int, _ value: T) { lock.withLock { slots[k] = value } }

    /// The results in slot order (a slot never filled is nil).
    public var values: [T?] { lock.withLock { slots } }
}
