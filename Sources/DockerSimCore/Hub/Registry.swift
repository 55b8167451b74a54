/// A layer as the registry serves it: the compressed blob's digest and the content it unpacks to.
public struct HubLayer: Sendable {
    /// The digest of the compressed blob (pull lines show its first 12 hex characters).
    public let blob: Digest
    /// The uncompressed content.
    public let tree: FileTree
    /// The SHA-256 of the uncompressed content.
    public let diffID: Digest

    public init(blob: Digest, tree: FileTree) {
        self.blob = blob
        self.tree = tree
        self.diffID = tree.diffID
    }
}

/// An image as the registry serves it for one platform.
public struct HubImage: Sendable {
    /// The image ID (the config digest).
    public let id: Digest
    /// The digest `docker pull` prints (the manifest list's digest for multi-arch images).
    public let manifestDigest: Digest
    public let config: ImageConfig
    /// Bottom first.
    public let layers: [HubLayer]
}

/// The simulated Docker Hub: repositories, their tags and what each tag points to.
public struct Registry: Sendable {
    /// Repository path (`library/ubuntu`) → tag → image.
    public private(set) var repositories: [String: [String: HubImage]]

    public init(repositories: [String: [String: HubImage]] = [:]) {
        self.repositories = repositories
    }

    /// Adds (or replaces) a tag.
    public mutating func publish(_ image: HubImage, path: String, tags: [String]) {
        for tag in tags { repositories[path, default: [:]][tag] = image }
    }

    /// The image a tag points to.
    public func image(path: String, tag: String) -> HubImage? { repositories[path]?[tag] }

    /// The image a manifest digest names.
    public func image(path: String, digest: Digest) -> HubImage? {
        repositories[path]?.values.first { $0.manifestDigest == digest }
    }

    /// The tags of a repository, sorted.
    public func tags(path: String) -> [String] { (repositories[path]?.keys).map { $0.sorted() } ?? [] }
}
