import Synchronization

/// A read-only layer in the layer store, keyed by its chainID.
///
/// What never changes lives in one shared box, so that a copy (every lookup in the store returns
/// one) is a retain of the box and the reference count, not a retain of each digest and of the
/// content.
public struct Layer: Sendable {
    /// The facts of a layer, fixed when it is registered, and the facts of the layer below it.
    ///
    /// A reader walking a chain (the storage map, `system df`) follows ``below`` from one box to
    /// the next instead of looking each parent up in the store by chainID; the boxes of a store
    /// are told apart by identity (`ObjectIdentifier`), not by hashing their digests.
    public final class Facts: Sendable {
        /// The chainID of the stack that ends with this layer (the store's key).
        public let chainID: Digest
        /// The SHA-256 of the layer's uncompressed content.
        public let diffID: Digest
        /// The chainID of the layer below, nil for a base layer.
        public let parent: Digest?
        /// The layer's own size (`DiffSize`).
        public let diffSize: Int64
        /// The size of the whole chain down to the base layer (`Size()` in moby).
        public let size: Int64
        @usableFromInline let content: LayerContent
        /// The facts of the layer below (``parent``) as the store held them when this layer was
        /// registered: the store's own while this layer is in it (a layer holds its parent, and
        /// a layer never changes; ``Engine/invariantViolations()`` checks it). nil for a base
        /// layer, or when the parent was not in the store.
        public let below: Facts?
        /// The first 16 bytes of ``diffID``'s hex digits (zero bytes past a shorter text), kept
        /// in the facts themselves: a picture that shows a layer's short ID (its first 12
        /// digits) for thousands of layers reads them here, without loading the digest's text,
        /// a separate heap object (`layers --svg`).
        public let diffIDPrefix: (UInt64, UInt64)
        /// What this layer and the layers below it answer for paths, for every container made
        /// over them (``ImagePathAnswers``): the layers of a chain never change.
        let pathAnswers = ImagePathAnswers()

        init(
            chainID: Digest, diffID: Digest, parent: Digest?, diffSize: Int64, size: Int64, content: LayerContent,
            below: Facts?
        ) {
            self.chainID = chainID
            self.diffID = diffID
            self.parent = parent
            self.diffSize = diffSize
            self.size = size
            self.content = content
            self.below = below
            var prefix: (UInt64, UInt64) = (0, 0)
            var hex = diffID.hex
            hex.withUTF8 { bytes in
                withUnsafeMutableBytes(of: &prefix) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes).prefix(16)))
                }
            }
            diffIDPrefix = prefix
        }
    }

    /// What never changes, shared by every copy of the layer (see ``Facts``).
    public let facts: Facts

    /// References: images whose top layer this is, layers stacked on it, containers on it.
    public internal(set) var referenceCount: Int

    init(
        chainID: Digest, diffID: Digest, parent: Digest?, diffSize: Int64, size: Int64, content: LayerContent,
        referenceCount: Int, below: Facts?
    ) {
        facts = Facts(
            chainID: chainID, diffID: diffID, parent: parent, diffSize: diffSize, size: size, content: content,
            below: below)
        self.referenceCount = referenceCount
    }

    /// The chainID of the stack that ends with this layer (the store's key).
    @inlinable public var chainID: Digest { facts.chainID }
    /// The SHA-256 of the layer's uncompressed content.
    @inlinable public var diffID: Digest { facts.diffID }
    /// The chainID of the layer below, nil for a base layer.
    @inlinable public var parent: Digest? { facts.parent }
    /// The layer's own size (`DiffSize`): file bytes plus symlink target lengths.
    @inlinable public var diffSize: Int64 { facts.diffSize }
    /// The size of the whole chain down to the base layer (`Size()` in moby).
    @inlinable public var size: Int64 { facts.size }
    /// The layer's content (built on first read for a layer of the Hub) and its programs.
    @inlinable public var content: LayerContent { facts.content }

    /// The layer's files, with whiteouts for what it deletes below.
    public var tree: FileTree { facts.content.tree }
}

extension FileTree {
    /// The diffID of a layer with this content: the SHA-256 of a tar-like stream of its entries
    /// (path, type, mode, owner, time, size and the bytes of each file, in walk order).
    public var diffID: Digest {
        if isEmpty { return .emptyTar }
        guard TreeIdentity.memos else { return madeDiffID }
        // The same content hashes to the same diffID: a tree made again (the same build step
        // played again at the same time, a lesson's three plays) takes the one made before.
        let print = TreeIdentity.fingerprint(root, keep: true)
        if let known = DiffIDs.known(root, print: print) { return known }
        let made = madeDiffID
        DiffIDs.keep(root, print: print, diffID: made)
        return made
    }

    /// ``diffID`` made from the content (not from what is known of it).
    var madeDiffID: Digest {
        if isEmpty { return .emptyTar }
        return Digest(hasher: { hasher in
            // The stream is written as bytes into one buffer, fed to the hash in large pieces
            // (a header per entry made by string interpolation, and one hash update each, were
            // most of the cost of committing a layer of many small files).
            var stream = DiffStream()
            stream.add(root, hasher: &hasher)
            stream.finish(&hasher)
        })
    }
}

/// The diffIDs made, by the fingerprint of their tree's content (``TreeIdentity``), each with
/// its tree's root folder (kept, so that it is never changed in place) to compare content with.
private enum DiffIDs {
    private static let made = Mutex<[UInt64: [(root: Directory, diffID: Digest)]]>([:])
    /// At most this many trees are kept; then the memory is emptied and starts again.
    private static let limit = 4_096

    /// The diffID of a tree whose content is `root`'s, when one was made.
    static func known(_ root: Directory, print: UInt64) -> Digest? {
        guard let candidates = made.withLock({ $0[print] }) else { return nil }
        return candidates.first { TreeIdentity.same($0.root, root) }?.diffID
    }

    static func keep(_ root: Directory, print: UInt64, diffID: Digest) {
        made.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[print, default: []].append((root, diffID))
        }
    }
}

/// The byte stream ``FileTree/diffID`` hashes: for each entry, in walk order (depth first,
/// parents first, names sorted by bytes), its path, then `\0`-separated fields by type — a file:
/// `0`, octal mode, `uid:gid`, mtime, size, then its bytes; a link: `2`, mode, owner, mtime,
/// target; a folder: `5`, mode, owner, mtime, `opaque` or nothing; a whiteout: `wh`.
private struct DiffStream {
    private var buffer: [UInt8] = []
    /// The path of the folder being walked (`/etc`, empty for the root).
    private var path: [UInt8] = []
    /// True for a stream that keeps all it writes in ``buffer`` (a catalog folder's bytes
    /// being made for ``SubtreeStreams``): nothing is fed to the hash it is given.
    private var collecting = false

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func add(_ dir: Directory, hasher: inout Digest.Hasher) {
        for (name, node) in dir.sortedEntries {
            let mark = path.count
            path.append(0x2F)
            path.append(contentsOf: name.utf8)
            buffer.append(contentsOf: path)
            switch node {
            case .file(let content, let meta):
                header(kind: 0x30, meta, size: content.size)
                if let bytes = content.bytes {
                    if bytes.count >= 1 << 12, !collecting {
                        flush(&hasher)
                        hasher.feed(bytes)
                    } else {
                        buffer.append(contentsOf: bytes)
                    }
                }
            case .symlink(let target, let meta):
                header(kind: 0x32, meta, size: nil)
                buffer.append(contentsOf: target.utf8)
                buffer.append(0)
            case .directory(let child):
                header(kind: 0x35, child.meta, size: nil)
                if child.opaque { buffer.append(contentsOf: "opaque".utf8) }
                buffer.append(0)
            case .whiteout:
                buffer.append(contentsOf: [0, 0x77, 0x68, 0])  // `\0wh\0`
            }
            if buffer.count >= 1 << 15 { flush(&hasher) }
            if case .directory(let child) = node {
                if !collecting, SubtreeStreams.worthKeeping(child) {
                    addKept(child, hasher: &hasher)
                } else {
                    add(child, hasher: &hasher)
                }
            }
            path.removeLast(path.count - mark)
        }
    }

    /// ``add(_:hasher:)`` of a catalog folder (a package's or a layer's, never changed in place):
    /// its bytes at this path are the same in every layer that holds it, so they are made once
    /// per process (``SubtreeStreams``) and fed to the hash again from there.
    private mutating func addKept(_ dir: Directory, hasher: inout Digest.Hasher) {
        if let known = SubtreeStreams.known(dir, path: path) {
            flush(&hasher)
            hasher.feed(known)
            return
        }
        var inner = DiffStream(path: path, collecting: true)
        inner.collect(dir)
        flush(&hasher)
        hasher.feed(inner.buffer)
        SubtreeStreams.keep(dir, path: path, bytes: inner.buffer)
    }

    /// A stream that writes below `path` and keeps every byte in its buffer (`collecting`).
    private init(path: [UInt8], collecting: Bool) {
        self.path = path
        self.collecting = collecting
    }

    /// Writes the entries of `dir` (below ``path``) into the buffer, nothing fed to a hash.
    private mutating func collect(_ dir: Directory) {
        var unused = Digest.Hasher()
        add(dir, hasher: &unused)
    }

    /// The fields ``header(kind:_:size:)`` wrote last before the size (`\0` + kind + `\0`, mode,
    /// owner, mtime), and what they were written from: the entries of a layer mostly share their
    /// type, mode, owner and time (a package's files), so the next entry with the same ones
    /// copies these bytes instead of writing its numbers again.
    private var lastFields: [UInt8] = []
    private var lastKind: UInt8 = 0
    private var lastMeta = FileMetadata(mode: 0, mtime: 0)

    /// An entry's fields after its path, written into a small buffer and appended at once:
    /// `\0` + the type digit `kind` + `\0`, the octal mode, `uid:gid` and the mtime each followed
    /// by `\0`, then, for a file, its size in decimal and `\0`.
    private mutating func header(kind: UInt8, _ meta: FileMetadata, size: Int64?) {
        if lastFields.isEmpty || kind != lastKind || meta != lastMeta {
            lastFields.removeAll(keepingCapacity: true)
            Self.writeFields(kind: kind, meta, into: &lastFields)
            lastKind = kind
            lastMeta = meta
        }
        buffer.append(contentsOf: lastFields)
        if let size {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { room in
                let out = room.baseAddress!
                var end = Self.decimal(size, into: out, at: 0)
                out[end] = 0
                end += 1
                buffer.append(contentsOf: UnsafeBufferPointer(start: out, count: end))
            }
        }
    }

    /// Appends to `bytes` the fields of ``header(kind:_:size:)`` before the size: `\0` + `kind`
    /// + `\0`, the octal mode, `uid:gid` and the mtime, each followed by `\0`.
    static func writeFields(kind: UInt8, _ meta: FileMetadata, into bytes: inout [UInt8]) {
        // 3 + 11 (octal UInt32) + 1 + 2 × 20 + 1 + 1 + 20 + 1 = 78 bytes at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { room in
            let out = room.baseAddress!
            out[0] = 0
            out[1] = kind
            out[2] = 0
            var end = 3
            // The mode in octal.
            var digits = 1
            var rest = meta.mode >> 3
            while rest != 0 {
                digits += 1
                rest >>= 3
            }
            var mode = meta.mode
            var at = end + digits
            while at > end {
                at -= 1
                out[at] = 0x30 + UInt8(truncatingIfNeeded: mode & 7)
                mode >>= 3
            }
            end += digits
            out[end] = 0
            end += 1
            end = Self.decimal(Int64(meta.uid), into: out, at: end)
            out[end] = 0x3A
            end = Self.decimal(Int64(meta.gid), into: out, at: end + 1)
            out[end] = 0
            end = Self.decimal(meta.mtime, into: out, at: end + 1)
            out[end] = 0
            end += 1
            bytes.append(contentsOf: UnsafeBufferPointer(start: out, count: end))
        }
    }

    /// Writes `value` in decimal, as `String(value)` writes it, at `start`; returns where it ends.
    static func decimal(_ value: Int64, into out: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var start = start
        if value < 0 {
            out[start] = 0x2D
            start += 1
        }
        // The magnitude as unsigned: Int64.min has no positive counterpart.
        var left = value.magnitude
        if left < 10 {
            out[start] = 0x30 + UInt8(truncatingIfNeeded: left)
            return start + 1
        }
        // The digits from the last, into a scratch of 20 (UInt64.max has 20), then in order.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var at = 20
            while left != 0 {
                at -= 1
                scratch[at] = 0x30 + UInt8(truncatingIfNeeded: left % 10)
                left /= 10
            }
            let count = 20 - at
            (out + start).update(from: scratch.baseAddress! + at, count: count)
            return start + count
        }
    }

    private mutating func flush(_ hasher: inout Digest.Hasher) {
        guard !buffer.isEmpty, !collecting else { return }
        hasher.feed(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish(_ hasher: inout Digest.Hasher) { flush(&hasher) }
}

/// The bytes ``DiffStream`` writes for a catalog folder (a package's files, a layer's folder,
/// shared by every tree that holds it and never changed in place) at a path, made once per
/// process: the same package's folders are in the layer of every build step that installs it,
/// at their own paths, and their bytes (paths, fields, file text) do not depend on anything
/// else. Each folder is kept with its bytes (so that its identity names it only).
enum SubtreeStreams {
    struct Key: Hashable {
        var folder: ObjectIdentifier
        var path: [UInt8]
    }

    private static let made = Mutex<(streams: [Key: (folder: Directory, bytes: [UInt8])], bytes: Int)>(([:], 0))
    /// At most this many bytes are kept; then the memory is emptied and starts again.
    static let byteLimit = 64 << 20
    /// Folders with fewer entries below them are written again each time (a look-up would cost
    /// about as much as writing them).
    static let smallest = 16

    /// Whether `dir`'s bytes are kept: a folder of a built-in catalog's list (``Directory``'s
    /// `listedBelow`), with enough below it.
    static func worthKeeping(_ dir: Directory) -> Bool {
        enabled.load(ordering: .relaxed) && dir.listedBelow >= smallest
    }

    static func known(_ dir: Directory, path: [UInt8]) -> [UInt8]? {
        made.withLock { $0.streams[Key(folder: ObjectIdentifier(dir), path: path)]?.bytes }
    }

    static func keep(_ dir: Directory, path: [UInt8], bytes: [UInt8]) {
        made.withLock {
            if $0.bytes + bytes.count > byteLimit {
                $0.streams.removeAll()
                $0.bytes = 0
            }
            if $0.streams.updateValue((dir, bytes), forKey: Key(folder: ObjectIdentifier(dir), path: path)) == nil {
                $0.bytes += bytes.count
            }
        }
    }

    /// Whether the streams are kept and used (on; off in tests, to compare).
    static let enabled = Atomic<Bool>(true)

    /// How many streams are kept (for tests).
    static var count: Int { made.withLock { $0.streams.count } }
}

/// The layer store: every read-only layer by chainID, with docker's reference counting, so that
/// "Already exists", shared sizes and what `rmi` deletes all follow from one structure.
public struct LayerStore: Sendable {
    public private(set) var layers: PersistentMap<Digest, Layer> = [:]
    /// What the registry's blobs turned into: blob digest → diffID (docker's v2 metadata service).
    public private(set) var blobDiffIDs: PersistentMap<Digest, Digest> = [:]
    /// The other way (docker's v2 metadata by diffID): the blob a layer is known as in the
    /// registry and the repositories it came from or went to (`docker push` mounts from them).
    public private(set) var blobSources: PersistentMap<Digest, BlobSource> = [:]

    /// A layer's blob in the registry and the repositories known to hold it, oldest first.
    public struct BlobSource: Sendable, Equatable {
        public var blob: Digest
        public var repositories: [String]
        /// The compressed blob's size, when the registry said it.
        public var compressedSize: Int64?
    }

    public init() {}

    public subscript(chainID: Digest) -> Layer? { layers[chainID] }

    /// Registers `tree` on top of `parent` and returns its chainID, holding one reference for the
    /// caller. An existing chainID is reused (its count goes up); a new layer holds its parent.
    public mutating func register(tree: FileTree, diffID: Digest? = nil, parent: Digest?) -> Digest {
        register(content: LayerContent(tree: tree), diffID: diffID ?? tree.diffID, size: tree.size, parent: parent)
    }

    /// Registers content whose diffID and size are known (a Hub layer, whose files are read
    /// only when something needs them); see ``register(tree:diffID:parent:)``.
    public mutating func register(content: LayerContent, diffID: Digest, size: Int64, parent: Digest?) -> Digest {
        let chainID = Digest.chainID(parent: parent, diffID: diffID)
        if layers[chainID] != nil {
            layers[chainID]?.referenceCount += 1
            return chainID
        }
        var below: Int64 = 0
        var belowFacts: Layer.Facts?
        if let parent {
            layers[parent]?.referenceCount += 1
            belowFacts = layers[parent]?.facts
            below = belowFacts?.size ?? 0
        }
        layers[chainID] = Layer(
            chainID: chainID, diffID: diffID, parent: parent, diffSize: size,
            size: below + size, content: content, referenceCount: 1, below: belowFacts)
        return chainID
    }

    /// Records which diffID a registry blob produced, and the repository (`library/debian`) it
    /// was pulled from or pushed to, when known.
    public mutating func recordBlob(
        _ blob: Digest, diffID: Digest, repository: String? = nil, compressedSize: Int64? = nil
    ) {
        blobDiffIDs[blob] = diffID
        var source = blobSources[diffID] ?? BlobSource(blob: blob, repositories: [])
        if source.blob != blob { source = BlobSource(blob: blob, repositories: []) }
        if let compressedSize { source.compressedSize = compressedSize }
        if let repository, !source.repositories.contains(repository) { source.repositories.append(repository) }
        if blobSources[diffID] != source { blobSources[diffID] = source }
    }

    /// Takes one more reference on a layer.
    public mutating func retain(_ chainID: Digest) { layers[chainID]?.referenceCount += 1 }

    /// Drops one reference; layers that reach zero are deleted, walking down while they do.
    /// Returns the deleted chainIDs, top first.
    @discardableResult
    public mutating func release(_ chainID: Digest) -> [Digest] {
        var deleted: [Digest] = []
        var current: Digest? = chainID
        while let id = current, var layer = layers[id] {
            layer.referenceCount -= 1
            guard layer.referenceCount <= 0 else {
                layers[id] = layer
                break
            }
            layers[id] = nil
            deleted.append(id)
            current = layer.parent
        }
        return deleted
    }

    /// The chain from `top` down to the base layer (top first).
    public func chain(from top: Digest?) -> [Layer] {
        var result: [Layer] = []
        var current = top
        while let id = current, let layer = layers[id] {
            result.append(layer)
            current = layer.parent
        }
        return result
    }

    /// The sum of diff sizes down the chain (`Size()` in moby).
    public func size(of top: Digest?) -> Int64 {
        top.flatMap { layers[$0]?.size } ?? 0
    }
}
