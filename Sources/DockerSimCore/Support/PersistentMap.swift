import HashTreeCollections

/// The dictionary the engine keeps its large tables in (images, layers, references, containers
/// and their indexes): swift-collections' `TreeDictionary`, a persistent hash trie.
///
/// `Session.runDocker` keeps a copy of the whole engine before every command so that a failing
/// command is undone (all or nothing). With `Dictionary` the first change after that copy copied
/// the whole table (every image or layer record); with a persistent map copying is O(1) and a
/// change copies only the O(log n) nodes on its path, so a command costs what it touches.
/// It reads like a dictionary: subscripts (with `default:`), `updateValue`, `removeValue(forKey:)`,
/// `keys`, `values`, iteration in an unspecified order.
public typealias PersistentMap<Key: Hashable, Value> = TreeDictionary<Key, Value>

/// The set kept inside the engine's indexes (an image's containers, children or references):
/// swift-collections' `TreeSet`. A `Set` there would be copied whole by the first insertion after
/// `Session.runDocker`'s snapshot (the map's node is copied, so the set's storage is shared), which
/// made every `create` from an image with N containers cost O(N); a tree set copies its path only.
public typealias PersistentSet<Element: Hashable> = TreeSet<Element>

extension TreeDictionary where Value: Equatable {
    /// Whether `plain` (a table rebuilt by an invariant check) holds exactly the entries of `kept`.
    static func agree(_ plain: [Key: Value], _ kept: Self) -> Bool {
        guard plain.count == kept.count else { return false }
        for (key, value) in kept where plain[key] != value { return false }
        return true
    }
}

extension TreeDictionary {
    /// Whether `plain` (an index rebuilt by an invariant check) holds exactly the keys of `kept`,
    /// each with the same elements.
    static func agree<Element>(_ plain: [Key: Set<Element>], _ kept: Self) -> Bool
    where Value == TreeSet<Element> {
        guard plain.count == kept.count else { return false }
        for (key, set) in kept {
            guard let want = plain[key], want.count == set.count else { return false }
            for element in set where !want.contains(element) { return false }
        }
        return true
    }
}
