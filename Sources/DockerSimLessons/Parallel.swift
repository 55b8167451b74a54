import Foundation

/// Work spread over every core: grading a class, verifying lessons, reading the built-in ones.
public enum Parallel {
    /// `body` applied to every element, side by side on every core; the results in the
    /// elements' order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(body) }
        let results = Results<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in results.set(index, body(items[index])) }
        return results.all
    }

    /// `body` applied to every element, side by side on every core, the costliest first
    /// (`costs[i]` estimates the work of `items[i]`: a file's size, the lines a lesson types):
    /// a long one started last would leave the other cores idle at the end. The results in the
    /// elements' order.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], costs: [Int], _ body: @Sendable (T) -> R
    ) -> [R] {
        precondition(costs.count == items.count, "one cost an item")
        guard items.count > 1 else { return items.map(body) }
        let order = longestFirst(costs)
        let results = Results<R>(count: items.count)
        // concurrentPerform hands the turns out in increasing order, one at a time.
        DispatchQueue.concurrentPerform(iterations: items.count) { turn in
            let index = order[turn]
            results.set(index, body(items[index]))
        }
        return results.all
    }

    /// The indices of `costs`, the largest cost first; equal costs keep their order.
    static func longestFirst(_ costs: [Int]) -> [Int] {
        costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    }

    /// The results as they arrive, each in its place.
    private final class Results<R>: @unchecked Sendable {
        private var storage: [R?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: R) {
            lock.lock()
            storage[index] = result
            lock.unlock()
        }
        var all: [R] {
            lock.lock()
            defer { lock.unlock() }
            return storage.map { $0! }
        }
    }
}
