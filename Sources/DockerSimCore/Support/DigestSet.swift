/// A set of digests that only grows, each with a number, for one pass over the store
/// (``Engine/diskUsage()``'s shared layers and their sizes): open addressing on the digest's
/// ``Digest/word``, which is already 64 bits of a SHA-256. An insert or a look-up costs a multiply
/// and a probe or two, where `Set<Digest>` hashed the word with SipHash and kept a retained copy
/// of each digest.
struct DigestSet {
    /// Each slot: 1 + the index of its digest in ``digests``, or 0 when empty.
    private var slots: [Int32]
    private var digests: [Digest] = []
    /// The number kept with each digest, by the same index.
    private var values: [Int64] = []
    /// `64 - log2(slots.count)`: the multiplied word's top bits pick the slot.
    private var shift: UInt64

    /// A set with room for `capacity` digests before it grows.
    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        slots = Array(repeating: 0, count: size)
        shift = 64 - bits
        digests.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    var count: Int { digests.count }

    /// Adds `digest` with `value`; false (and the value kept unchanged) when it was there already.
    @discardableResult
    mutating func insert(_ digest: Digest, value: Int64 = 0) -> Bool {
        if digests.count * 2 >= slots.count { grow() }
        let slot = find(digest)
        guard slots[slot] == 0 else { return false }
        digests.append(digest)
        values.append(value)
        slots[slot] = Int32(digests.count)
        return true
    }

    /// The value kept with `digest`; nil when it is not in the set.
    func value(of digest: Digest) -> Int64? {
        let entry = slots[find(digest)]
        return entry == 0 ? nil : values[Int(entry) - 1]
    }

    /// Whether `digest` is in the set.
    func contains(_ digest: Digest) -> Bool { slots[find(digest)] != 0 }

    /// The slot holding `digest`, or the empty slot where it would go.
    private func find(_ digest: Digest) -> Int {
        let mask = slots.count - 1
        var slot = self.slot(of: digest.word)
        while true {
            let entry = slots[slot]
            if entry == 0 || digests[Int(entry) - 1] == digest { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Fibonacci hashing: a malformed digest (a test's `aaaa…`) still spreads.
    private func slot(of word: UInt64) -> Int {
        Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for index in digests.indices {
            var slot = self.slot(of: digests[index].word)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
