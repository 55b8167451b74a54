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
