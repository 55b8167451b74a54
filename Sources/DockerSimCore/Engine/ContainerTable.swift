import HashTreeCollections

/// The containers by ID, with the index ``Engine/settle()`` needs kept current on every change:
/// the containers whose clock-driven process (a timed exit, a program's wake-up, a restart) is
/// due at some time, and the earliest of those times. A command then settles at the cost of the
/// containers that are due, not of every container stored (a class keeps thousands of stopped
/// ones).
///
/// It reads like the dictionary it replaces: `table[id]` gets, sets and changes in place (nil
/// removes), `values`, `keys`, and iterating gives `(key: String, value: Container)` pairs.
public struct ContainerTable: Sendable, Sequence {
    /// Container ID → container.
    public private(set) var byID: PersistentMap<String, Container> = [:]
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
        get { byID[id] }
        _modify {
            let before = byID[id].map(Kept.init)
            defer {  // also when the change is abandoned by a throw
                noteDue(of: id)
                noteKept(of: id, before: before, after: byID[id].map(Kept.init))
            }
            yield &byID[id]
        }
    }

    /// Changes container `id` in place with `body`, keeping the due index current: as
    /// `table[id]?.…` does, but reading the new due time from the changed value in place
    /// instead of a copy of it looked up again. Returns what `body` returned, nil (and `body`
    /// not called) when there is no such container.
    @discardableResult
    public mutating func update<R>(_ id: String, _ body: (inout Container) -> R) -> R? {
        guard let (result, due, before, after) = Self.apply(body, to: &byID[id]) else { return nil }
        noteDue(of: id, new: due)
        noteKept(of: id, before: before, after: after)
        return result
    }

    private static func apply<R>(
        _ body: (inout Container) -> R, to slot: inout Container?
    ) -> (R, Timestamp?, Kept, Kept)? {
        guard slot != nil else { return nil }
        let before = Kept(slot!)
        let result = body(&slot!)
        return (result, slot!.due, before, Kept(slot!))
    }

    /// Removes a container; returns it.
    @discardableResult
    public mutating func removeValue(forKey id: String) -> Container? {
        guard let removed = byID.removeValue(forKey: id) else { return nil }
        noteDue(of: id)
        noteKept(of: id, before: Kept(removed), after: nil)
        return removed
    }

    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }
    public var keys: PersistentMap<String, Container>.Keys { byID.keys }
    public var values: PersistentMap<String, Container>.Values { byID.values }

    public func makeIterator() -> PersistentMap<String, Container>.Iterator { byID.makeIterator() }

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

        init(_ container: Container) {
            size = container.fs.size
            tmpfs = ContainerTable.tmpfsSize(container)
            binds = container.hasBindMounts
        }
    }

    /// What a container holds in its tmpfs mounts.
    static func tmpfsSize(_ container: Container) -> Int64 {
        var total: Int64 = 0
        for mount in container.fs.mounts where mount.origin == .tmpfs { total += mount.tree?.size ?? 0 }
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

    private mutating func noteDue(of id: String) {
        noteDue(of: id, new: byID[id]?.due)
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
        var rebuilt: PersistentMap<String, Timestamp> = [:]
        for (id, container) in byID { rebuilt[id] = container.due }
        var problems: [String] = []
        if rebuilt != dueTimes {
            problems.append(
                "the due index disagrees with the containers (\(rebuilt.count) due, index has \(dueTimes.count))")
        }
        var bytes: Int64 = 0
        var tmpfs: Int64 = 0
        var binds: PersistentSet<String> = []
        for (id, container) in byID {
            bytes += container.fs.size
            tmpfs += Self.tmpfsSize(container)
            if container.hasBindMounts { binds.insert(id) }
        }
        if bytes != writableBytes {
            problems.append("the kept sum of writable layers is \(writableBytes) but the containers say \(bytes)")
        }
        if tmpfs != tmpfsBytes {
            problems.append("the kept sum of tmpfs mounts is \(tmpfsBytes) but the containers say \(tmpfs)")
        }
        if binds != withBindMounts {
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
