import Synchronization

/// Ownership, permissions and modification time of a file-system entry.
public struct FileMetadata: Hashable, Sendable {
    /// Permission bits, e.g. `0o755` (the file type is in ``FileNode``).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// Modification time, in Unix seconds.
    public var mtime: Int64

    public init(mode: UInt32, uid: Int = 0, gid: Int = 0, mtime: Int64) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
    }
}

/// The bytes of a regular file: its size always, its content when it is small enough to keep.
///
/// Large files of the simulated images (binaries, libraries) keep only their size: they count
/// exactly in every size docker prints, and reading them shows no text.
public struct FileContent: Hashable, Sendable {
    public var size: Int64
    /// The content, or nil when only the size is simulated.
    public var bytes: [UInt8]?

    /// A file whose content is `bytes`.
    public init(bytes: [UInt8]) {
        self.size = Int64(bytes.count)
        self.bytes = bytes
    }

    /// A file whose content is the UTF-8 of `text`.
    public init(text: String) { self.init(bytes: Array(text.utf8)) }

    /// A file of `size` bytes whose content is not simulated.
    public init(opaqueSize size: Int64) {
        self.size = size
        self.bytes = nil
    }

    /// The content as text when it is stored and is valid UTF-8.
    public var text: String? { bytes.flatMap { String(validating: $0, as: UTF8.self) } }
}

/// One entry of a layer's file tree.
public enum FileNode: Sendable {
    case file(FileContent, FileMetadata)
    case symlink(target: String, FileMetadata)
    case directory(Directory)
    /// An overlayfs whiteout (a 0/0 character device): the name is deleted from the layers below.
    case whiteout

    /// What the entry adds to a layer's size: file bytes, symlink target length, 0 for directories
    /// and whiteouts themselves (a directory's ``Directory/size`` holds what is below it).
    public var ownSize: Int64 {
        switch self {
        case .file(let content, _): content.size
        case .symlink(let target, _): Int64(target.utf8.count)
        case .directory, .whiteout: 0
        }
    }

    /// The size of the entry and everything below it.
    public var totalSize: Int64 {
        if case .directory(let dir) = self { return dir.size }
        return ownSize
    }

    /// Regular files, symlinks and whiteouts below and including this entry (directories excluded).
    public var entryCount: Int {
        switch self {
        case .directory(let dir): dir.count
        default: 1
        }
    }

    public var metadata: FileMetadata? {
        switch self {
        case .file(_, let meta), .symlink(_, let meta): meta
        case .directory(let dir): dir.meta
        case .whiteout: nil
        }
    }

    public var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }

    public var isWhiteout: Bool {
        if case .whiteout = self { return true }
        return false
    }
}

/// A directory of a file tree. Shared between trees and copied on write by ``FileTree``.
///
/// A folder of a built-in catalog list (an image's layer, a package's files) is read when its
/// entries are first asked for: its size, count and metadata are known from the start, its
/// entries are made from the list's lines by the first reader (under a lock: catalog trees are
/// shared by every thread), and are then as any folder's. Most folders of an image are never read.
///
/// Its stored properties are not checked for exclusive access at run time
/// (`@exclusivity(unchecked)`, as `Session`'s and `Container.Storage`'s: every access of a class's
/// property was a checked one, ≈ 60 instructions, a dozen in each look-up of a path): no access
/// to them overlaps another. A directory is changed only (1) through a ``FileTree`` changed in
/// place (`mutating`, so the tree itself is held exclusively, which the compiler checks), after
/// `isKnownUniquelyReferenced` made it the tree's own — nothing else holds it, so nothing else
/// can reach it while the change runs, and the change's own steps (``FileTree/modify(_:_:)``'s
/// walk down, ``DirectoryEditor/set(_:_:)``) each end before the next begins; (2) while it is
/// being built, before anything else holds it (``FileTreeBuilder``, ``copy()``); (3) by
/// ``readEntries()``, under a lock, before `pending` publishes the entries (a run-time check
/// never saw other threads' accesses anyway: its record of accesses is per thread).
public final class Directory: @unchecked Sendable {
    /// The entries, once read (see ``entries``).
    @exclusivity(unchecked) @usableFromInline var stored: [String: FileNode]
    @exclusivity(unchecked) public var meta: FileMetadata
    /// An opaque directory hides everything the layers below hold at its path.
    @exclusivity(unchecked) public var opaque: Bool
    /// The bytes below this directory (kept up to date on every change).
    @exclusivity(unchecked) public fileprivate(set) var size: Int64
    /// The non-directory entries below this directory.
    @exclusivity(unchecked) public fileprivate(set) var count: Int
    /// True while the entries are still in a catalog's list (``unread`` holds where).
    @usableFromInline let pending: Atomic<Bool>
    /// Where the entries are while they are not read; nil once read (and for any other folder).
    @exclusivity(unchecked) private var unread: CatalogFolder?
    /// For a folder of a built-in catalog list (never changed in place: the catalog shares it),
    /// what is listed below it — files, links and folders, whiteouts left out — known without
    /// reading it; -1 for any other folder.
    let listedBelow: Int
    /// For a folder of a built-in catalog list: true when neither it nor anything below it is
    /// opaque or a whiteout (known from the list's index, without reading the folders below);
    /// false for any other folder.
    let listedPlain: Bool
    /// For a folder of a built-in catalog list, once read: its entries sorted as
    /// ``sortedEntries`` sorts them, made once with the entries (such a folder is never changed
    /// in place, and every walk of a package's or an image's files asks for this order); nil
    /// for any other folder, and cleared by any change of the entries.
    @exclusivity(unchecked) private var sortedOnce: [(name: String, node: FileNode)]?

    public init(meta: FileMetadata, opaque: Bool = false) {
        self.stored = [:]
        self.meta = meta
        self.opaque = opaque
        self.size = 0
        self.count = 0
        self.pending = Atomic(false)
        self.unread = nil
        self.listedBelow = -1
        self.listedPlain = false
        self.sortedOnce = nil
    }

    /// A folder of a catalog list whose entries are read from `unread` when first asked for.
    init(
        meta: FileMetadata, opaque: Bool, size: Int64, count: Int, listed: Int, plain: Bool, unread: CatalogFolder
    ) {
        self.stored = [:]
        self.meta = meta
        self.opaque = opaque
        self.size = size
        self.count = count
        self.pending = Atomic(true)
        self.unread = unread
        self.listedBelow = listed
        self.listedPlain = plain
        self.sortedOnce = nil
    }

    /// The entries by name (read from the catalog's list on the first access, for a folder of one).
    @inlinable public var entries: [String: FileNode] {
        _read {
            if pending.load(ordering: .acquiring) { readEntries() }
            yield stored
        }
    }

    /// ``entries``, to be changed in place (read from the catalog's list first when unread).
    fileprivate var editable: [String: FileNode] {
        _read {
            if pending.load(ordering: .acquiring) { readEntries() }
            yield stored
        }
        _modify {
            if pending.load(ordering: .acquiring) { readEntries() }
            sortedOnce = nil
            yield &stored
        }
    }

    /// True when the entries have not been read from the catalog's list yet.
    var isUnread: Bool { pending.load(ordering: .acquiring) }

    /// One lock for every first read of a catalog folder: reads are rare (once per folder per
    /// process) and short (a folder's own lines; the folders below stay unread).
    private static let reading = Mutex<Void>(())

    /// Reads the entries from the catalog's list (the first reader does; the others wait for it).
    @usableFromInline func readEntries() {
        Self.reading.withLock { _ in
            guard pending.load(ordering: .acquiring), let unread else { return }
            var (entries, listed) = unread.entries()
            stored = entries
            // The list's order is nearly the sorted one (two runs in order: the folders, the
            // files), which the sort finds; a name listed twice (or twice as one String) leaves
            // fewer entries than lines, and the order is then made from the entries.
            if listed.count == entries.count {
                Self.sortByBytes(&listed)
                sortedOnce = listed
            } else {
                sortedOnce = Self.sorted(entries)
            }
            self.unread = nil
            pending.store(false, ordering: .releasing)
        }
    }

    fileprivate func copy() -> Directory {
        let other = Directory(meta: meta, opaque: opaque)
        other.stored = entries
        other.size = size
        other.count = count
        return other
    }

    /// The names in this directory, sorted as `ls` sorts them in the C locale.
    public var sortedNames: [String] { entries.keys.sorted(by: Self.bytesPrecede) }

    /// The entries sorted by name as `ls` sorts them in the C locale (``sortedNames`` with each
    /// name's entry, without looking each one up again).
    public var sortedEntries: [(name: String, node: FileNode)] {
        if pending.load(ordering: .acquiring) { readEntries() }
        // A catalog folder's order, made when it was read (written before `pending` was
        // cleared with a release, and never changed while anything else holds the folder).
        if let sortedOnce { return sortedOnce }
        return Self.sorted(stored)
    }

    /// `entries` sorted by name as ``bytesPrecede(_:_:)`` sorts them.
    static func sorted(_ entries: [String: FileNode]) -> [(name: String, node: FileNode)] {
        var pairs: [(name: String, node: FileNode)] = []
        pairs.reserveCapacity(entries.count)
        for (name, node) in entries { pairs.append((name, node)) }
        sortByBytes(&pairs)
        return pairs
    }

    /// Folders of at most this many entries are sorted comparing their names' Strings in place.
    static let smallSort = 16

    /// Sorts `pairs`, whose names all differ, by name as ``bytesPrecede(_:_:)`` sorts them. A
    /// large folder's names' bytes are copied once into one buffer and compared there, eight at
    /// a time (a folder's names often share long beginnings), rather than each String opened at
    /// every comparison; the entries are then moved into that order (not copied). The sort finds
    /// runs already in order (a catalog list's).
    static func sortByBytes(_ pairs: inout [(name: String, node: FileNode)]) {
        let count = pairs.count
        guard count > smallSort else {
            pairs.sort { Self.bytesPrecede($0.name, $1.name) }
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 24)
        var starts: [Int] = []
        starts.reserveCapacity(count + 1)
        for index in 0..<count {
            starts.append(bytes.count)
            bytes.append(contentsOf: pairs[index].name.utf8)
        }
        starts.append(bytes.count)
        bytes.append(0)  // never empty, so that it has an address
        var order = Array(0..<count)
        bytes.withUnsafeBytes { buffer in
            starts.withUnsafeBufferPointer { starts in
                let base = buffer.baseAddress!
                order.sort { a, b in
                    let left = starts[a]
                    let right = starts[b]
                    let leftCount = starts[a + 1] - left
                    let rightCount = starts[b + 1] - right
                    let common = min(leftCount, rightCount)
                    var index = 0
                    while index + 8 <= common {
                        let x = base.loadUnaligned(fromByteOffset: left + index, as: UInt64.self)
                        let y = base.loadUnaligned(fromByteOffset: right + index, as: UInt64.self)
                        // In memory order: the first byte is the most significant once big-endian.
                        if x != y { return x.bigEndian < y.bigEndian }
                        index += 8
                    }
                    while index < common {
                        let x = base.load(fromByteOffset: left + index, as: UInt8.self)
                        let y = base.load(fromByteOffset: right + index, as: UInt8.self)
                        if x != y { return x < y }
                        index += 1
                    }
                    return leftCount < rightCount
                }
            }
        }
        // Position k takes the entry at order[k]: each cycle of that permutation is followed
        // once, the entries moved along it (order[k] set to -1 once k is filled).
        pairs.withUnsafeMutableBufferPointer { buffer in
            guard let slots = buffer.baseAddress else { return }
            for start in 0..<count where order[start] >= 0 {
                if order[start] == start {
                    order[start] = -1
                    continue
                }
                let first = (slots + start).move()
                var position = start
                while true {
                    let from = order[position]
                    order[position] = -1
                    if from == start {
                        (slots + position).initialize(to: first)
                        break
                    }
                    (slots + position).moveInitialize(from: slots + from, count: 1)
                    position = from
                }
            }
        }
    }

    /// Whether ``sortedEntries`` answers from the order kept when the folder was read (a
    /// catalog folder read and not changed since), for tests.
    var keepsItsSortedOrder: Bool {
        if pending.load(ordering: .acquiring) { readEntries() }
        return sortedOnce != nil
    }

    /// Whether `a`'s UTF-8 bytes sort before `b`'s (C's `strcmp`), compared in place.
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = min(left.count, right.count)
                var index = 0
                while index < common {
                    if left[index] != right[index] { return left[index] < right[index] }
                    index += 1
                }
                return left.count < right.count
            }
        }
        if let answer = fast ?? nil { return answer }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// A value-typed tree of files: one layer's content (with whiteouts) or a container's upper dir.
///
/// Copies share storage; a change copies only the directories on its path. The size of the
/// whole tree (``size``) is kept current, so a writable layer's size costs nothing to read.
public struct FileTree: Sendable {
    public private(set) var root: Directory

    /// An empty tree whose root has the given metadata.
    public init(rootMeta: FileMetadata = FileMetadata(mode: 0o755, mtime: 0)) {
        root = Directory(meta: rootMeta)
    }

    /// The tree whose root is `root` (a directory taken from another tree: they share it until
    /// either changes).
    public init(root: Directory) {
        self.root = root
    }

    /// The sum of file sizes and symlink target lengths in the tree.
    public var size: Int64 { root.size }

    /// The number of non-directory entries in the tree.
    public var count: Int { root.count }

    /// True when the tree holds nothing but its root.
    public var isEmpty: Bool { root.entries.isEmpty }

    /// The entry at `path` inside this tree only (no symlinks followed, no layers below consulted).
    public func node(at path: some Collection<String>) -> FileNode? {
        var dir = root
        var rest = path[...]
        while let name = rest.first {
            rest = rest.dropFirst()
            guard let node = dir.entries[name] else { return nil }
            if rest.isEmpty { return node }
            guard case .directory(let child) = node else { return nil }
            dir = child
        }
        return .directory(root)
    }

    /// Changes the entry at `path` (nil when absent) through `body`. Every directory on the way
    /// must already exist in this tree; returns nil without calling `body` otherwise.
    @discardableResult
    public mutating func modify<R>(_ path: [String], _ body: (inout FileNode?) throws -> R) rethrows -> R? {
        guard !path.isEmpty else { return nil }
        return try Self.modify(&root, path[...], body)?.result
    }

    private static func modify<R>(
        _ dir: inout Directory, _ path: ArraySlice<String>, _ body: (inout FileNode?) throws -> R
    ) rethrows -> (result: R, size: Int64, count: Int)? {
        let name = path[path.startIndex]
        if path.count == 1 {
            if !isKnownUniquelyReferenced(&dir) { dir = dir.copy() }
            var node = dir.editable.removeValue(forKey: name)
            let before = (node?.totalSize ?? 0, node?.entryCount ?? 0)
            let result: R
            do {
                result = try body(&node)
            } catch {
                dir.editable[name] = node
                throw error
            }
            let after = (node?.totalSize ?? 0, node?.entryCount ?? 0)
            dir.editable[name] = node
            let delta = (after.0 - before.0, after.1 - before.1)
            dir.size += delta.0
            dir.count += delta.1
            return (result, delta.0, delta.1)
        }
        guard case .directory = dir.entries[name] else { return nil }
        if !isKnownUniquelyReferenced(&dir) { dir = dir.copy() }
        // The child is changed where it is in the dictionary (no removal and insertion, which
        // hashed the name twice more at every level of every change).
        guard let index = dir.editable.index(forKey: name) else { return nil }
        guard let outcome = try descend(&dir.editable.values[index], path.dropFirst(), body) else { return nil }
        dir.size += outcome.size
        dir.count += outcome.count
        return outcome
    }

    /// ``modify(_:_:_:)`` inside the directory `node` is, with `node` emptied meanwhile so that
    /// the directory is referenced once and changed in place when nothing else shares it.
    private static func descend<R>(
        _ node: inout FileNode, _ path: ArraySlice<String>, _ body: (inout FileNode?) throws -> R
    ) rethrows -> (result: R, size: Int64, count: Int)? {
        guard case .directory(var child) = node else { return nil }
        node = .whiteout
        defer { node = .directory(child) }
        return try modify(&child, path, body)
    }

    /// Changes the directory at `path` (the root when `path` is empty) in place through `body`,
    /// which sets entries through the ``DirectoryEditor`` it is given: the way down is walked
    /// and made unshared once, however many entries `body` sets, and the sizes and counts of
    /// every directory above are brought up to date once at the end. Returns nil without
    /// calling `body` when `path` is not a directory of this tree.
    @discardableResult
    public mutating func editDirectory<R>(_ path: [String], _ body: (DirectoryEditor) -> R) -> R? {
        if path.isEmpty {
            if !isKnownUniquelyReferenced(&root) { root = root.copy() }
            return body(DirectoryEditor(directory: root))
        }
        let outcome: R?? = modify(path) { node -> R? in
            guard case .directory(var dir)? = node else { return nil }
            node = nil
            if !isKnownUniquelyReferenced(&dir) { dir = dir.copy() }
            defer { node = .directory(dir) }
            return body(DirectoryEditor(directory: dir))
        }
        return outcome ?? nil
    }

    /// Sets the metadata of the directory at `path` (the root when `path` is empty).
    public mutating func setDirectoryMeta(_ path: [String], _ change: (inout FileMetadata, inout Bool) -> Void) {
        if path.isEmpty {
            if !isKnownUniquelyReferenced(&root) { root = root.copy() }
            change(&root.meta, &root.opaque)
            return
        }
        modify(path) { node in
            guard case .directory(var dir)? = node else { return }
            node = nil
            if !isKnownUniquelyReferenced(&dir) { dir = dir.copy() }
            change(&dir.meta, &dir.opaque)
            node = .directory(dir)
        }
    }

    /// The sum of every entry's own size (``FileNode/ownSize``), counted entry by entry: what
    /// ``size`` keeps up to date (the engine's invariant check compares the two).
    public var countedSize: Int64 {
        func total(_ dir: Directory) -> Int64 {
            var sum: Int64 = 0
            for node in dir.entries.values {
                if case .directory(let child) = node { sum += total(child) } else { sum += node.ownSize }
            }
            return sum
        }
        return total(root)
    }

    /// Walks every entry depth first, parents before children, names sorted.
    public func walk(_ visit: (_ path: [String], _ node: FileNode) -> Bool) {
        func recurse(_ dir: Directory, _ prefix: [String]) {
            for (name, node) in dir.sortedEntries {
                let path = prefix + [name]
                guard visit(path, node) else { continue }
                if case .directory(let child) = node { recurse(child, path) }
            }
        }
        recurse(root, [])
    }
}

/// One directory of a ``FileTree`` being changed in place (``FileTree/editDirectory(_:_:)``):
/// reads its entries as they are now, and sets entries keeping its size and count current.
public struct DirectoryEditor {
    fileprivate let directory: Directory

    /// The entry named `name` in the directory, as it is now.
    public func entry(_ name: String) -> FileNode? { directory.entries[name] }

    /// Puts `node` at `name` (removes the entry when nil), replacing what was there.
    public func set(_ name: String, _ node: FileNode?) {
        let old: FileNode?
        if let node {
            old = directory.editable.updateValue(node, forKey: name)
        } else {
            old = directory.editable.removeValue(forKey: name)
        }
        directory.size += (node?.totalSize ?? 0) - (old?.totalSize ?? 0)
        directory.count += (node?.entryCount ?? 0) - (old?.entryCount ?? 0)
    }
}

extension FileTree {
    /// Builds a layer tree from a list of entries (parents are created as needed, with `dirMeta`).
    public static func build(
        _ entries: [(path: String, node: FileNode)], dirMeta: FileMetadata
    ) -> FileTree {
        var tree = FileTree(rootMeta: dirMeta)
        // Directories known to exist already, so that the parents of most entries are not looked up again.
        var known: Set<ArraySlice<String>> = []
        for (path, node) in entries {
            let parts = FilePath.components(path)
            guard !parts.isEmpty else { continue }
            let parent = parts.dropLast()
            if !known.contains(parent) {
                for depth in 1..<parts.count {
                    let prefix = Array(parts[0..<depth])
                    if tree.node(at: prefix) == nil {
                        tree.modify(prefix) { $0 = .directory(Directory(meta: dirMeta)) }
                    }
                }
            }
            if !known.contains(parent), case .directory? = tree.node(at: parent) { known.insert(parent) }
            if case .directory(let newDir) = node, case .directory(let oldDir)? = tree.node(at: parts) {
                // Keep the children already added under this directory; take the new metadata.
                _ = oldDir
                tree.setDirectoryMeta(parts) { meta, opaque in
                    meta = newDir.meta
                    opaque = newDir.opaque
                }
            } else {
                tree.modify(parts) { $0 = node }
            }
        }
        return tree
    }
}

/// Path helpers shared by the engine and the shell.
public enum FilePath {
    /// The components of an absolute or relative path, with `.` and empty parts dropped (`..` kept).
    public static func components(_ path: String) -> [String] {
        // Split on the byte `/` (paths are bytes to the kernel): much cheaper than Characters;
        // from the string's own bytes when it has them in one piece (nearly always), with no
        // slice or substring per part.
        let direct = path.utf8.withContiguousStorageIfAvailable { bytes -> [String] in
            // The array made once at its size (at most one part per slash, and one more): grown
            // by appends it was reallocated at the first, second and fourth part.
            var slashes = 0
            for byte in bytes where byte == UInt8(ascii: "/") { slashes &+= 1 }
            var parts: [String] = []
            parts.reserveCapacity(slashes &+ 1)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                let length = index - start
                if length > 0 && !(length == 1 && bytes[start] == UInt8(ascii: ".")) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                start = index + 1
            }
            return parts
        }
        if let direct { return direct }
        var parts: [String] = []
        for piece in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if piece.count == 1 && piece.first == UInt8(ascii: ".") { continue }
            parts.append(String(Substring(piece)))
        }
        return parts
    }

    /// Joins `path` to `cwd` and folds `.` and `..` lexically (no symlinks followed).
    public static func normalize(_ path: String, cwd: [String] = []) -> [String] {
        var parts = path.hasPrefix("/") ? [] : cwd
        for part in components(path) {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return parts
    }

    /// `/a/b` for `["a", "b"]`, `/` for the root.
    public static func string(_ parts: [String]) -> String {
        "/" + parts.joined(separator: "/")
    }
}

/// Builds a layer's tree from a list of entries, fast: the directories are new (nothing shares
/// them yet), so entries go into them in place, found by their path, and the sizes are summed
/// once at the end. Used by the Hub catalog's reader (`LayerFile.swift`).
public struct FileTreeBuilder {
    private let root: Directory
    /// Directories by path without slashes at either end (`usr/bin`; the root is ``"``).
    private var directories: [String: Directory]
    /// The directory found last, and its path: most entries follow their siblings.
    private var lastPath = ""
    private var last: Directory

    public init(rootMeta: FileMetadata) {
        root = Directory(meta: rootMeta)
        directories = ["": root]
        last = root
    }

    /// The directory at `path`, made (with its missing parents) with `meta` when it is missing;
    /// nil when something else is in the way.
    public mutating func directory(_ path: String, making meta: FileMetadata) -> Directory? {
        if path == lastPath { return last }
        if let known = directories[path] {
            lastPath = path
            last = known
            return known
        }
        let utf8 = path.utf8
        let slash = utf8.lastIndex(of: 0x2F)
        let parentPath = slash.map { String(path[..<$0]) } ?? ""
        let name = String(slash.map { path[path.index(after: $0)...] } ?? path[...])
        guard let parent = directory(parentPath, making: meta) else { return nil }
        let found: Directory
        switch parent.entries[name] {
        case .directory(let existing)?:
            found = existing
        case nil:
            found = Directory(meta: meta)
            parent.editable[name] = .directory(found)
        default:
            return nil
        }
        directories[path] = found
        lastPath = path
        last = found
        return found
    }

    /// ``directory(_:making:)`` for a path given as UTF-8 bytes: the directory found last is
    /// recognised without making a string of the path.
    public mutating func directory(_ path: UnsafeBufferPointer<UInt8>, making meta: FileMetadata) -> Directory? {
        let same = lastPath.utf8.withContiguousStorageIfAvailable { last in
            guard last.count == path.count else { return false }
            var index = path.count
            while index > 0 {  // from the end: sibling folders differ last
                index -= 1
                if last[index] != path[index] { return false }
            }
            return true
        }
        if same == true { return last }
        return directory(String(decoding: path, as: UTF8.self), making: meta)
    }

    /// Puts `node` at `name` in `parent` (replacing what is there); a directory node becomes
    /// the directory at `path`.
    public mutating func put(_ node: FileNode, named name: String, in parent: Directory, path: String) {
        if case .directory(let made) = node { directories[path] = made }
        parent.editable[name] = node
    }

    /// Puts `node` (not a directory) at `name` in `parent`, returning what it replaced.
    public func put(_ node: FileNode, named name: String, in parent: Directory) -> FileNode? {
        parent.editable.updateValue(node, forKey: name)
    }

    /// The finished tree, with every directory's size and count summed.
    public func build() -> FileTree {
        func total(_ dir: Directory) {
            var size: Int64 = 0
            var count = 0
            for node in dir.entries.values {
                if case .directory(let child) = node {
                    total(child)
                    size += child.size
                    count += child.count
                } else {
                    size += node.ownSize
                    count += 1
                }
            }
            dir.size = size
            dir.count = count
        }
        total(root)
        return FileTree(root: root)
    }
}

/// What the content of a file tree is, for memos of pure file-system work (a layer's diffID, what
/// a package install makes of the same files): a fingerprint that equal content always shares,
/// and a comparison that decides. Folders are shared between trees (copied on write), so both
/// stop at a folder they have seen: a fingerprint is kept for a folder it holds on to (which is
/// then never changed in place again, ``FileTree`` copying it first), and the comparison of a
/// folder with itself is immediate.
public enum TreeIdentity {
    /// Whether the memos of pure file-system work are used (``FileTree/diffID``, a package
    /// install's files): off unless a command that plays the same builds again turns them on
    /// (`lesson verify`). Where nothing repeats (`replay`, a session, a class's submissions made
    /// at their own times) they are pure cost: a fingerprint of every new folder.
    public static var memos: Bool {
        get { memosOn.load(ordering: .relaxed) }
        set { memosOn.store(newValue, ordering: .relaxed) }
    }
    private static let memosOn = Atomic<Bool>(false)

    /// The fingerprints kept, by folder (each kept alive, so that its identity names it only).
    private static let kept = Mutex<[ObjectIdentifier: (folder: Directory, print: UInt64)]>([:])
    /// At most this many folders are kept; then the memory is emptied and starts again.
    static let keptLimit = 200_000

    /// The fingerprint of `dir`'s content: its metadata, opaque flag and every entry below it
    /// (names, types, metadata, file sizes and bytes, link targets). Equal content gives equal
    /// fingerprints; different content almost always different ones (``same(_:_:)`` decides).
    /// With `keep`, the fingerprints of `dir` and the folders below it are kept (and the folders
    /// with them): use it for trees that are no longer changed in place (a layer's).
    public static func fingerprint(_ dir: Directory, keep: Bool) -> UInt64 {
        if let known = kept.withLock({ $0[ObjectIdentifier(dir)]?.print }) { return known }
        if dir.isUnread {
            // A folder of a catalog's list not read yet: named by its identity rather than read
            // (equal content elsewhere then misses a memo, which only costs the work), and kept
            // so that it keeps that name once read.
            var hasher = Hasher()
            hasher.combine(ObjectIdentifier(dir))
            let print = UInt64(truncatingIfNeeded: hasher.finalize())
            kept.withLock {
                if $0.count >= keptLimit { $0.removeAll() }
                $0[ObjectIdentifier(dir)] = (dir, print)
            }
            return print
        }
        var total: UInt64 = 0
        var own = Hasher()
        own.combine(dir.meta)
        own.combine(dir.opaque)
        total &+= UInt64(truncatingIfNeeded: own.finalize())
        for (name, node) in dir.entries {
            var hasher = Hasher()
            combineBytes(of: name, into: &hasher)
            switch node {
            case .file(let content, let meta):
                hasher.combine(0 as UInt8)
                combineContent(content, into: &hasher)
                hasher.combine(meta)
            case .symlink(let target, let meta):
                hasher.combine(1 as UInt8)
                combineBytes(of: target, into: &hasher)
                hasher.combine(meta)
            case .directory(let child):
                hasher.combine(2 as UInt8)
                hasher.combine(fingerprint(child, keep: keep))
            case .whiteout:
                hasher.combine(3 as UInt8)
            }
            // A sum: the entries of a dictionary come in no fixed order.
            total &+= UInt64(truncatingIfNeeded: hasher.finalize())
        }
        if keep {
            kept.withLock {
                if $0.count >= keptLimit { $0.removeAll() }
                $0[ObjectIdentifier(dir)] = (dir, total)
            }
        }
        return total
    }

    /// A file's size and bytes (when kept), the bytes fed to the hasher at once (a file's own
    /// hash feeds them one by one: dpkg's file lists are kilobytes).
    static func combineContent(_ content: FileContent, into hasher: inout Hasher) {
        hasher.combine(content.size)
        guard let bytes = content.bytes else {
            hasher.combine(false)
            return
        }
        hasher.combine(true)
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// A string's UTF-8 bytes (what a layer's stream holds), not its Characters: two names that
    /// Swift finds equal (`é` composed or not) are different names to a diffID.
    private static func combineBytes(of text: String, into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        let done: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if done == nil { for byte in text.utf8 { hasher.combine(byte) } }
    }

    /// Whether two folders hold the same content: metadata, opaque flags, and below them the
    /// same names (the same bytes) with the same types, metadata, file sizes and bytes, link
    /// targets (the same bytes).
    public static func same(_ a: Directory, _ b: Directory) -> Bool {
        if a === b { return true }
        guard a.meta == b.meta, a.opaque == b.opaque, a.size == b.size, a.count == b.count,
            a.entries.count == b.entries.count
        else { return false }
        for (name, node) in a.entries {
            // Found by String equality, which takes canonically equivalent names as one.
            guard let index = b.entries.index(forKey: name) else { return false }
            let (otherName, other) = b.entries[index]
            guard name.utf8.elementsEqual(otherName.utf8) else { return false }
            switch (node, other) {
            case (.file(let content, let meta), .file(let otherContent, let otherMeta)):
                guard content == otherContent, meta == otherMeta else { return false }
            case (.symlink(let target, let meta), .symlink(let otherTarget, let otherMeta)):
                guard target.utf8.elementsEqual(otherTarget.utf8), meta == otherMeta else { return false }
            case (.directory(let child), .directory(let otherChild)):
                guard same(child, otherChild) else { return false }
            case (.whiteout, .whiteout):
                break
            default:
                return false
            }
        }
        return true
    }
}
