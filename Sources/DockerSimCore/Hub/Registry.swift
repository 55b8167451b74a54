import Synchronization

/// What a layer holds: its file tree, built the first time something reads it, and the programs
/// its catalog file describes. Shared by every image, layer record and container that uses it.
public final class LayerContent: Sendable {
    /// What the layer's programs do, by absolute path (see ``ProgramSpec``).
    public let programs: [String: ProgramSpec]
    private let record: LayerRecord?
    private let built: Mutex<FileTree?>

    /// Content that is already a tree (a committed container, a test's layer).
    public init(tree: FileTree, programs: [String: ProgramSpec] = [:]) {
        self.programs = programs
        self.record = nil
        self.built = Mutex(tree)
    }

    /// Content read from a catalog file when first needed.
    init(record: LayerRecord) {
        self.programs = record.programs
        self.record = record
        self.built = Mutex(nil)
    }

    /// The layer's files (with whiteouts for what it deletes below).
    public var tree: FileTree {
        built.withLock { tree in
            if let tree { return tree }
            // A catalog is checked before it is used (tests for the built-in one, `--hub` when it
            // loads), so the list parses; should it not, the layer reads as empty rather than crash.
            let made = (try? record?.tree()) ?? FileTree()
            tree = made
            return made
        }
    }

    /// True once ``tree`` has been built.
    public var isBuilt: Bool { built.withLock { $0 != nil } }
}

/// A layer as the registry serves it: the compressed blob's digest and the content it unpacks to.
public struct HubLayer: Sendable {
    /// The digest of the compressed blob (pull lines show its first 12 hex characters).
    public let blob: Digest
    /// The SHA-256 of the uncompressed content (stored in the catalog, checked by a test).
    public let diffID: Digest
    /// The bytes docker counts for the layer (stored in the catalog, checked by a test).
    public let size: Int64
    /// The size of the compressed blob, for the pull progress bars.
    public let compressedSize: Int64
    public let content: LayerContent

    /// The uncompressed content.
    public var tree: FileTree { content.tree }

    /// A layer made from a tree (its diffID and size are computed).
    public init(blob: Digest, tree: FileTree, programs: [String: ProgramSpec] = [:]) {
        self.blob = blob
        self.diffID = tree.diffID
        self.size = tree.size
        self.compressedSize = max(1024, tree.size * 2 / 5)
        self.content = LayerContent(tree: tree, programs: programs)
    }

    /// A layer of the local store as a push sends it.
    init(blob: Digest, content: LayerContent, diffID: Digest, size: Int64, compressedSize: Int64) {
        self.blob = blob
        self.diffID = diffID
        self.size = size
        self.compressedSize = compressedSize
        self.content = content
    }

    init(record: LayerRecord) {
        self.blob = record.blob
        self.diffID = record.diffID
        self.size = record.size
        self.compressedSize = record.compressedSize ?? max(1024, record.size * 2 / 5)
        self.content = LayerContent(record: record)
    }
}

/// One repository `docker search` lists.
public struct SearchResult: Sendable, Equatable {
    public var name: String
    public var description: String
    public var stars: Int
    public var isOfficial: Bool
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

    public init(id: Digest, manifestDigest: Digest, config: ImageConfig, layers: [HubLayer]) {
        self.id = id
        self.manifestDigest = manifestDigest
        self.config = config
        self.layers = layers
    }
}

/// The simulated Docker Hub: repositories, their tags and what each tag points to. Backed by a
/// catalog read lazily (``HubCatalog``), plus images published in memory (tests).
public struct Registry: Sendable {
    let catalog: CatalogStore?
    private var published: [String: [String: HubImage]] = [:]

    /// An empty Hub.
    public init() { catalog = nil }

    init(catalog: CatalogStore) { self.catalog = catalog }

    /// Adds (or replaces) a tag with an image built in memory.
    public mutating func publish(_ image: HubImage, path: String, tags: [String]) {
        for tag in tags { published[path, default: [:]][tag] = image }
    }

    /// Every repository path (`library/ubuntu`), sorted. Reads no file.
    public var repositoryPaths: [String] {
        Set(published.keys).union(catalog?.repositoryFiles.keys ?? [:].keys).sorted()
    }

    /// True when the Hub has this repository. Reads no file.
    public func hasRepository(_ path: String) -> Bool {
        published[path] != nil || catalog?.repositoryFiles[path] != nil
    }

    /// The tags of a repository, sorted (reads the repository's file, builds no image).
    public func tags(path: String) -> [String] {
        var tags = Set(published[path]?.keys ?? [:].keys)
        if let records = try? catalog?.records(path) { tags.formUnion(records.flatMap(\.tags)) }
        return tags.sorted()
    }

    /// The image a tag points to (built from the catalog on first use).
    public func image(path: String, tag: String) throws(CatalogError) -> HubImage? {
        if let image = published[path]?[tag] { return image }
        return try catalog?.image(path: path, tag: tag)
    }

    /// The image a manifest digest names.
    public func image(path: String, digest: Digest) throws(CatalogError) -> HubImage? {
        if let image = published[path]?.values.first(where: { $0.manifestDigest == digest }) { return image }
        guard let catalog, let record = try catalog.records(path).first(where: { $0.manifest == digest }),
            let tag = record.tags.first
        else { return nil }
        return try catalog.image(path: path, tag: tag)
    }

    /// The compressed size of a layer this Hub has served, by the 12 hex digits pulls show.
    /// Docker Hub's search: the repositories whose name or description holds `term` (any case),
    /// official images first, then by stars and name; at most `limit`.
    public func search(_ term: String, limit: Int) -> [SearchResult] {
        let needle = term.lowercased()
        var results: [SearchResult] = []
        for path in Set(published.keys).union(catalog?.repositoryFiles.keys ?? [:].keys) {
            let official = path.hasPrefix("library/")
            let name = official ? String(path.dropFirst("library/".count)) : path
            let info = catalog?.info(path) ?? RepositoryInfo()
            guard
                name.lowercased().contains(needle) || path.lowercased().contains(needle)
                    || info.description.lowercased().contains(needle)
            else { continue }
            results.append(
                SearchResult(name: name, description: info.description, stars: info.stars, isOfficial: official))
        }
        results.sort {
            ($0.isOfficial ? 1 : 0, $0.stars, $1.name) > ($1.isOfficial ? 1 : 0, $1.stars, $0.name)
        }
        return Array(results.prefix(limit))
    }

    public func compressedSize(ofBlob short: String) -> Int64? {
        for tags in published.values {
            for image in tags.values {
                if let layer = image.layers.first(where: { $0.blob.short == short }) { return layer.compressedSize }
            }
        }
        return catalog?.servedLayer(short: short)?.compressedSize
    }
}

/// The files of a catalog (the built-in one, maybe with a teacher's in front) and what has been
/// read of them so far. Safe to share between threads.
final class CatalogStore: Sendable {
    /// `library/ubuntu` → its `.image` file.
    let repositoryFiles: [String: CatalogFile]
    /// `ubuntu/jammy-20240111` → `layers/ubuntu/jammy-20240111.layer`.
    let layerFiles: [String: CatalogFile]
    private let cache = Mutex(Cache())

    private struct Cache {
        var records: [String: Result<[ImageRecord], CatalogError>] = [:]
        var layers: [String: Result<HubLayer, CatalogError>] = [:]
        var images: [String: Result<HubImage, CatalogError>] = [:]
        var infos: [String: RepositoryInfo] = [:]
    }

    /// Sorts files into repositories and layers; for a path given twice the first file wins.
    init(files: [CatalogFile]) {
        var repositories: [String: CatalogFile] = [:]
        var layers: [String: CatalogFile] = [:]
        for file in files {
            switch CatalogStore.role(of: file.path) {
            case .repository(let path)?: if repositories[path] == nil { repositories[path] = file }
            case .layer(let name)?: if layers[name] == nil { layers[name] = file }
            case nil: break
            }
        }
        repositoryFiles = repositories
        layerFiles = layers
    }

    enum Role: Equatable {
        case repository(String)
        case layer(String)
    }

    /// What a catalog file is, by its path: `NAMESPACE/NAME.image` or `layers/…/NAME.layer`.
    static func role(of path: String) -> Role? {
        if path.hasSuffix(".layer"), path.hasPrefix("layers/") {
            return .layer(String(path.dropFirst("layers/".count).dropLast(".layer".count)))
        }
        if path.hasSuffix(".image"), !path.hasPrefix("layers/") {
            return .repository(String(path.dropLast(".image".count)))
        }
        return nil
    }

    /// The image records of a repository's file (empty when there is no such repository).
    func records(_ path: String) throws(CatalogError) -> [ImageRecord] {
        guard let file = repositoryFiles[path] else { return [] }
        if let known = cache.withLock({ $0.records[path] }) { return try known.get() }
        let result = Result { () throws(CatalogError) in try ImageRecord.records(of: file) }
        cache.withLock { $0.records[path] = result }
        return try result.get()
    }

    /// A repository's description and stars (read from its file the first time).
    func info(_ path: String) -> RepositoryInfo {
        guard let file = repositoryFiles[path] else { return RepositoryInfo() }
        if let known = cache.withLock({ $0.infos[path] }) { return known }
        let info = (try? RepositoryInfo.read(file)) ?? RepositoryInfo()
        cache.withLock { $0.infos[path] = info }
        return info
    }

    /// A layer by name, with its header read.
    func layer(_ name: String) throws(CatalogError) -> HubLayer? {
        guard let file = layerFiles[name] else { return nil }
        if let known = cache.withLock({ $0.layers[name] }) { return try known.get() }
        let result = Result { () throws(CatalogError) in HubLayer(record: try LayerRecord.header(of: file)) }
        cache.withLock { $0.layers[name] = result }
        return try result.get()
    }

    /// The image a tag of a repository points to, built on first use.
    func image(path: String, tag: String, depth: Int = 0) throws(CatalogError) -> HubImage? {
        guard let record = try records(path).first(where: { $0.tags.contains(tag) }) else { return nil }
        let key = "\(path):\(record.line)"
        if let known = cache.withLock({ $0.images[key] }) { return try known.get() }
        let result = Result { () throws(CatalogError) in try build(record, depth: depth) }
        cache.withLock { $0.images[key] = result }
        return try result.get()
    }

    private func build(_ record: ImageRecord, depth: Int) throws(CatalogError) -> HubImage {
        var base: HubImage?
        if let from = record.from {
            guard depth < 16 else { throw record.file.error(from.line, "`from` goes round in a circle") }
            guard let reference = try? ImageReference.parse(from.reference), reference.domain == "docker.io",
                reference.digest == nil
            else { throw record.file.error(from.line, "`from` wants a reference such as debian:bookworm-slim") }
            let tag = reference.tag ?? "latest"
            guard let found = try image(path: reference.path, tag: tag, depth: depth + 1) else {
                throw record.file.error(from.line, "no image \(reference.familiarName):\(tag) in the catalog")
            }
            base = found
        }
        return try record.image(base: base) { name throws(CatalogError) in try layer(name) }
    }

    /// A layer already read whose blob starts with `short`.
    func servedLayer(short: String) -> HubLayer? {
        cache.withLock { cache in
            cache.layers.values.lazy.compactMap { try? $0.get() }.first { $0.blob.short == short }
        }
    }
}
