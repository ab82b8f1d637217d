import Foundation

/// A first-in first-out queue of limited capacity between threads: `push` waits while it is full, `pop`
/// waits while it is empty. Pipelines use it so each stage runs ahead of the next by at most `capacity`
/// items, which bounds memory whatever the length of the work.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    /// The most items held at once.
    public let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `item`, waiting for room. Returns false (dropping it) if the queue was closed.
    @discardableResult
    public func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The oldest item, waiting for one; nil once the queue is closed and empty.
    public func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more items will come: `pop` drains what is left, then returns nil; `push` refuses.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the queue and throws away what it holds (a stage downstream has failed).
    public func cancel() {
        condition.lock()
        closed = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
