import HashTreeCollections

/// The containers by ID, with the index ``Engine/settle()`` needs kept current on every change:
/// the containers whose clock-driven process (a timed exit, a program's wake-up, a restart) is
/// due at some time, and the earliest of those times. A command then settles at the cost of the
/// containers that are due, not of every container stored (a class keeps thousands of stopped
/// ones).
///
/// It reads like the dictionary it replaces: `table[id]` gets, sets and changes in place (nil
/// removes), `values`, `keys`, and iterating gives `(key: String, value: Container)` pairs.
/// Inside, the IDs are ``IDKey``s: a look-up hashes one word, not 64 characters.
public struct ContainerTable: Sendable, Sequence {
    /// Container ID → container.
    private(set) var byKey: PersistentMap<IDKey, Container> = [:]
    /// Container ID → when its process next needs the clock, for the containers with such a time.
    private(set) var dueTimes: PersistentMap<String, Timestamp> = [:]
    /// The earliest of `dueTimes`, when known (nil inside: none is due).
    private var earliestKnown: Timestamp?? = .some(nil)
    /// The sum of every container's writable layer (`SizeRw`), kept on every change: what the
    /// simulated disk's limit counts without a pass over every container.
    public private(set) var writableBytes: Int64 = 0
    /// The sum of what every container holds in its tmpfs mounts, kept as ``writableBytes`` is:
    /// the rest of what the simulated disk's limit counts of the containers.
    public private(set) var tmpfsBytes: Int64 = 0
    /// The containers that bind-mount a host folder or file (``Container/hasBindMounts``): the
    /// ones a change to the host reaches.
    public private(set) var withBindMounts: PersistentSet<String> = []

    public init() {}

    /// The container with this ID; changing it (in place) keeps the due index current.
    public subscript(id: String) -> Container? {
        get { byKey[IDKey(id)] }
        _modify {
            let key = IDKey(id)
            let before = byKey[key].map(Kept.init)
            defer {  // also when the change is abandoned by a throw
                noteDue(of: id, new: byKey[key]?.due)
                noteKept(of: id, before: before, after: byKey[key].map(Kept.init))
            }
            yield &byKey[key]
        }
    }

    /// Changes container `id` in place with `body`, keeping the due index current: as
    /// `table[id]?.…` does, but reading the new due time from the changed value in place
    /// instead of a copy of it looked up again. Returns what `body` returned, nil (and `body`
    /// not called) when there is no such container.
    ///
    /// The container is changed where the table's node holds it (the hash trie's
    /// `updateValue(forKey:default:with:)`, after a look-up that finds it): the optional
    /// subscript's `_modify` moved it out of its node into an update state, copied that
    /// state, and moved it back.
    @discardableResult
    public mutating func update<R>(_ id: String, _ body: (inout Container) -> R) -> R? {
        let key = IDKey(id)
        // A look-up first (a container is one reference: reading it costs a retain), so that
        // a missing ID inserts nothing.
        guard byKey[key] != nil else { return nil }
        let (result, due, before, after) = byKey.updateValue(forKey: key, default: Self.unreachable()) {
            stored -> (R, Timestamp?, Kept, Kept) in
            let before = Kept(stored)
            let result = body(&stored)
            return (result, stored.due, before, Kept(stored))
        }
        noteDue(of: id, new: due)
        noteKept(of: id, before: before, after: after)
        return result
    }

    /// The default value ``update(_:_:)`` never inserts (it looked the container up first).
    private static func unreachable() -> Container {
        preconditionFailure("ContainerTable.update: the container went between its look-up and its change")
    }

    /// Removes a container; returns it.
    @discardableResult
    public mutating func removeValue(forKey id: String) -> Container? {
        guard let removed = byKey.removeValue(forKey: IDKey(id)) else { return nil }
        noteDue(of: id, new: nil)
        noteKept(of: id, before: Kept(removed), after: nil)
        return removed
    }

    public var count: Int { byKey.count }
    public var isEmpty: Bool { byKey.isEmpty }
    /// The container IDs, in no order.
    public var keys: LazyMapCollection<PersistentMap<IDKey, Container>.Keys, String> {
        byKey.keys.lazy.map(\.id)
    }
    public var values: PersistentMap<IDKey, Container>.Values { byKey.values }

    public func makeIterator() -> Iterator { Iterator(base: byKey.makeIterator()) }

    /// Iterates the table as `(key: String, value: Container)` pairs, in no order.
    public struct Iterator: IteratorProtocol {
        var base: PersistentMap<IDKey, Container>.Iterator

        public mutating func next() -> (key: String, value: Container)? {
            guard let (key, value) = base.next() else { return nil }
            return (key.id, value)
        }
    }

    /// The earliest time a container's process needs the clock (nil: none does); it costs a look at
    /// the due containers only when the one that was earliest changed.
    mutating func earliestDue() -> Timestamp? {
        if let known = earliestKnown { return known }
        var earliest: Timestamp?
        for (_, due) in dueTimes where earliest.map({ due < $0 }) ?? true { earliest = due }
        earliestKnown = .some(earliest)
        return earliest
    }

    /// The due containers, as (ID, due time) pairs in no order.
    var due: PersistentMap<String, Timestamp> { dueTimes }

    /// What ``writableBytes`` and ``withBindMounts`` keep of a container.
    private struct Kept {
        var size: Int64
        var tmpfs: Int64
        var binds: Bool

        /// ``ContainerTable/tmpfsSize(_:)`` and ``Container/hasBindMounts`` in one pass over the
        /// mounts.
        init(_ container: Container) {
            size = container.fs.size
            var tmpfs: Int64 = 0
            var binds = false
            for mount in container.fs.mounts {
                switch mount.origin {
                case .tmpfs: if case .directory(let tree) = mount.content { tmpfs += tree.size }
                case .host: binds = true
                case .daemon, .volume: break
                }
            }
            self.tmpfs = tmpfs
            self.binds = binds
        }
    }

    /// What a container holds in its tmpfs mounts.
    static func tmpfsSize(_ container: Container) -> Int64 {
        var total: Int64 = 0
        for mount in container.fs.mounts {
            // Matched by its case (`==` on the origin compared the payloads' enum as a whole).
            guard case .tmpfs = mount.origin, case .directory(let tree) = mount.content else { continue }
            total += tree.size
        }
        return total
    }

    /// Keeps ``writableBytes`` and ``withBindMounts`` after container `id` changed (or went).
    private mutating func noteKept(of id: String, before: Kept?, after: Kept?) {
        writableBytes += (after?.size ?? 0) - (before?.size ?? 0)
        tmpfsBytes += (after?.tmpfs ?? 0) - (before?.tmpfs ?? 0)
        let binds = after?.binds ?? false
        guard binds != (before?.binds ?? false) else { return }
        if binds { withBindMounts.insert(id) } else { withBindMounts.remove(id) }
    }

    private mutating func noteDue(of id: String, new: Timestamp?) {
        // Nothing due before nor after (the usual change): the index has no entry to look up.
        if new == nil && dueTimes.isEmpty { return }
        let old = dueTimes[id]
        guard new != old else { return }
        dueTimes[id] = new
        guard case .some(let earliest) = earliestKnown else { return }
        if let new, earliest.map({ new < $0 }) ?? true {
            earliestKnown = .some(new)
        } else if old != nil && old == earliest {
            earliestKnown = nil  // the earliest moved later or went: look again when asked
        }
    }

    /// What is wrong with the due index (empty when it agrees with the containers).
    func indexViolations() -> [String] {
        var rebuilt: [String: Timestamp] = [:]
        for (key, container) in byKey { rebuilt[key.id] = container.due }
        var problems: [String] = []
        if !PersistentMap.agree(rebuilt, dueTimes) {
            problems.append(
                "the due index disagrees with the containers (\(rebuilt.count) due, index has \(dueTimes.count))")
        }
        var bytes: Int64 = 0
        var tmpfs: Int64 = 0
        var binds: Set<String> = []
        for (key, container) in byKey {
            if key.id != container.id { problems.append("container \(container.id) is kept under the ID \(key.id)") }
            bytes += container.fs.size
            tmpfs += Self.tmpfsSize(container)
            if container.hasBindMounts { binds.insert(key.id) }
        }
        if bytes != writableBytes {
            problems.append("the kept sum of writable layers is \(writableBytes) but the containers say \(bytes)")
        }
        if tmpfs != tmpfsBytes {
            problems.append("the kept sum of tmpfs mounts is \(tmpfsBytes) but the containers say \(tmpfs)")
        }
        if binds.count != withBindMounts.count || !withBindMounts.allSatisfy(binds.contains) {
            problems.append(
                "the kept containers with bind mounts are \(withBindMounts.count) but the containers say \(binds.count)"
            )
        }
        if case .some(let earliest) = earliestKnown, earliest != rebuilt.values.min() {
            problems.append(
                "settle's kept earliest due time \(String(describing: earliest)) but the containers say \(String(describing: rebuilt.values.min()))"
            )
        }
        return problems
    }
}

/// A container's or a network's ID as the key of the engine's tables (``ContainerTable``, the
/// network leases and attachments): the ID and a word made from its bytes
/// (its length, first and last eight bytes), so that a look-up hashes one word where hashing the
/// 64-character ID (SipHash over the string, Unicode-aware) cost about 400 instructions, several
/// times on every command. Equality stays the ID's (`String`'s `==`).
///
/// Equal IDs have equal words: `String`'s `==` is canonical equivalence, and an ID that is not
/// all ASCII gets the word of the ASCII text it is equivalent to (the three canonical singletons
/// that decompose to ASCII — KELVIN SIGN, GREEK QUESTION MARK, GREEK VARIA — read as `K`, `;`,
/// `` ` ``), or 0 when it is equivalent to no ASCII text.
public struct IDKey: Hashable, Sendable {
    /// The ID.
    public let id: String
    /// See ``word(of:)``.
    let word: UInt64

    init(_ id: String) {
        self.id = id
        self.word = Self.word(of: id)
    }

    public static func == (lhs: IDKey, rhs: IDKey) -> Bool { lhs.word == rhs.word && lhs.id == rhs.id }

    /// Hashes ``word`` only (equal IDs have equal words, so this agrees with `==`).
    public func hash(into hasher: inout Hasher) { hasher.combine(word) }

    /// ``word`` mixed with the table's seed as ``Digest`` mixes its word (SplitMix64's finalizer).
    public func _rawHashValue(seed: Int) -> Int { Digest.mix(word, seed: seed) }

    /// The word of an ID: of its bytes when it is ASCII (the usual case: 64 hex digits, read
    /// eight bytes at a time), else of the ASCII text it is canonically equivalent to.
    static func word(of id: String) -> UInt64 {
        if let word = id.utf8.withContiguousStorageIfAvailable({ asciiWord($0) }), let word { return word }
        var ascii: [UInt8] = []
        for scalar in id.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(UInt8(scalar.value))
            case 0x212A: ascii.append(0x4B)  // KELVIN SIGN ≡ K
            case 0x037E: ascii.append(0x3B)  // GREEK QUESTION MARK ≡ ;
            case 0x1FEF: ascii.append(0x60)  // GREEK VARIA ≡ `
            default: return 0  // equivalent to no ASCII text (nor to any ID with another word)
            }
        }
        return ascii.withUnsafeBufferPointer { asciiWord($0) } ?? 0
    }

    /// The word of `bytes` when they are all ASCII (nil otherwise): the length, the first and
    /// the last eight bytes mixed.
    static func asciiWord(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        var highBits: UInt64 = 0
        var offset = 0
        // Four words a turn while they last (a 64-byte ID in two turns: one word a turn cost
        // nine instructions a word), then one at a time.
        while offset &+ 32 <= count {
            highBits |=
                raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: offset &+ 24, as: UInt64.self)
            offset &+= 32
        }
        while offset &+ 8 <= count {
            highBits |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        var tail: UInt64 = 0
        while offset < count {
            tail = tail << 8 | UInt64(bytes[offset])
            offset += 1
        }
        guard (highBits | tail) & 0x8080_8080_8080_8080 == 0 else { return nil }
        var word = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            word ^= raw.loadUnaligned(as: UInt64.self)
            let last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            word ^= (last << 29 | last >> 35) &* 0xBF58_476D_1CE4_E5B9
        } else {
            word ^= tail
        }
        return word
    }
}
