extension Array {
    /// Reorders the elements so that the element at `order[i]` ends up at `i` (`order` is a
    /// permutation of the indices, such as the result of sorting the indices).
    ///
    /// The elements are swapped in place, cycle by cycle, through the array's own buffer: each
    /// is moved, never copied. Sorting the array itself, or `order.map { self[$0] }`, copies its
    /// large elements (a container, an image summary), retaining every string and array they
    /// hold and releasing the originals afterwards.
    mutating func permute(by order: [Int]) {
        precondition(order.count == count, "a permutation of the indices")
        var pending = order
        withUnsafeMutableBufferPointer { buffer in
            for start in buffer.indices where pending[start] != start {
                var current = start
                while pending[current] != start {
                    let next = pending[current]
                    buffer.swapAt(current, next)
                    pending[current] = current
                    current = next
                }
                pending[current] = current
            }
        }
    }
}
