/// A read-only layer in the layer store, keyed by its chainID.
public struct Layer: Sendable {
    /// The chainID of the stack that ends with this layer (the store's key).
    public let chainID: Digest
    /// The SHA-256 of the layer's uncompressed content.
    public let diffID: Digest
    /// The chainID of the layer below, nil for a base layer.
    public let parent: Digest?
    /// The layer's own size (`DiffSize`): file bytes plus symlink target lengths.
    public let diffSize: Int64
    /// The size of the whole chain down to the base layer (`Size()` in moby).
    public let size: Int64
    /// The layer's content (built on first read for a layer of the Hub) and its programs.
    public let content: LayerContent
    /// References: images whose top layer this is, layers stacked on it, containers on it.
    public internal(set) var referenceCount: Int

    /// The layer's files, with whiteouts for what it deletes below.
    public var tree: FileTree { content.tree }
}

extension FileTree {
    /// The diffID of a layer with this content: the SHA-256 of a tar-like stream of its entries
    /// (path, type, mode, owner, time, size and the bytes of each file, in walk order).
    public var diffID: Digest {
        if isEmpty { return .emptyTar }
        return Digest(hasher: { hasher in
            walk { path, node in
                var header = FilePath.string(path)
                switch node {
                case .file(let content, let meta):
                    header +=
                        "\u{0}0\u{0}\(String(meta.mode, radix: 8))\u{0}\(meta.uid):\(meta.gid)\u{0}\(meta.mtime)\u{0}\(content.size)\u{0}"
                    hasher.feed(Array(header.utf8))
                    if let bytes = content.bytes { hasher.feed(bytes) }
                case .symlink(let target, let meta):
                    header +=
                        "\u{0}2\u{0}\(String(meta.mode, radix: 8))\u{0}\(meta.uid):\(meta.gid)\u{0}\(meta.mtime)\u{0}\(target)\u{0}"
                    hasher.feed(Array(header.utf8))
                case .directory(let dir):
                    header +=
                        "\u{0}5\u{0}\(String(dir.meta.mode, radix: 8))\u{0}\(dir.meta.uid):\(dir.meta.gid)\u{0}\(dir.meta.mtime)\u{0}\(dir.opaque ? "opaque" : "")\u{0}"
                    hasher.feed(Array(header.utf8))
                case .whiteout:
                    header += "\u{0}wh\u{0}"
                    hasher.feed(Array(header.utf8))
                }
                return true
            }
        })
    }
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
        if let parent {
            layers[parent]?.referenceCount += 1
            below = layers[parent]?.size ?? 0
        }
        layers[chainID] = Layer(
            chainID: chainID, diffID: diffID, parent: parent, diffSize: size,
            size: below + size, content: content, referenceCount: 1)
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
