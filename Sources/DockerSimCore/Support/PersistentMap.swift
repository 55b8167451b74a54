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
