// Sources: moby v28.5.1 distribution/push_v2.go (the push's layer lines, "Mounted from",
// "Layer already exists", the digest line), image/tarexport/save.go and load.go (`docker save`'s
// archive, "Loaded image: …"), docker/cli cli/command/image/push.go.

/// What `docker push` did, for the CLI to print.
public struct PushReport: Sendable {
    public enum LayerStatus: Sendable, Equatable {
        case pushed
        case alreadyExists
        case mounted(from: String)
    }

    /// `docker.io/josedom24/myapache2`.
    public var repository: String
    /// Top layer first, as docker lists them.
    public var layers: [(blob: String, status: LayerStatus, size: Int64)]
    public var tag: String
    public var digest: Digest
    /// Bytes of the manifest (`size: 1159`).
    public var manifestSize: Int
}

/// An image archive `docker save` wrote: what it holds, by the digest of its content (the archive
/// file on the host carries that digest; the layers stay in the engine's export store).
public struct SavedArchive: Sendable {
    public struct Entry: Sendable {
        public var id: Digest
        public var config: ImageConfig
        public var diffIDs: [Digest]
        public var repoTags: [String]
    }

    public var entries: [Entry]
}

extension Engine {
    /// The registry blob a layer is pushed as: the one it was pulled from, else one made from its
    /// content (the compressed tar's digest).
    public func blob(for diffID: Digest) -> Digest {
        if let known = layers.blobDiffIDs.first(where: { $0.value == diffID })?.key { return known }
        return Digest.sha256(of: "dockersim-blob:" + diffID.description)
    }

    /// `docker push`: sends the image's layers and config to the simulated Hub under `reference`
    /// (a layer the repository has already exists, one another repository has is mounted from
    /// it), then publishes the tag, so that `docker pull` finds it.
    /// - Parameter user: who is logged in (`docker login`), nil when no one is.
    public mutating func push(_ reference: ImageReference, user: String?) throws(DockerError) -> PushReport {
        settle()
        let ref = reference.withDefaultTag
        guard let id = references[ref], let image = images[id] else {
            throw .cli("An image does not exist locally with the tag: \(reference.familiarName)")
        }
        let namespace = ref.path.split(separator: "/").first.map(String.init) ?? ""
        guard ref.domain == "docker.io", let user, user == namespace else {
            throw .cli("denied: requested access to the resource is denied")
        }
        let chain = layers.chain(from: image.topLayer)  // top first
        var lines: [(String, PushReport.LayerStatus, Int64)] = []
        var hubLayers: [HubLayer] = []
        let existing = (try? registry.tags(path: ref.path).compactMap { try registry.image(path: ref.path, tag: $0) })
            ?? []
        let inTarget = Set(existing.flatMap { $0.layers.map(\.blob) })
        for layer in chain.reversed() {
            let blob = blob(for: layer.diffID)
            let hubLayer = HubLayer(blob: blob, content: layer.content, diffID: layer.diffID, size: layer.diffSize)
            hubLayers.append(hubLayer)
            let status: PushReport.LayerStatus
            if inTarget.contains(blob) {
                status = .alreadyExists
            } else if let source = repository(servingBlob: blob, besides: ref.path) {
                status = .mounted(from: source)
            } else {
                status = .pushed
            }
            lines.insert((blob.short, status, hubLayer.compressedSize), at: 0)
            layers.recordBlob(blob, diffID: layer.diffID)
        }
        // The manifest: the config and the layers, as the registry stores it.
        let manifest =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":\(image.config.json.compact.utf8.count),\"digest\":\"\(image.id)\"},\"layers\":["
            + hubLayers.map {
                "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":\($0.compressedSize),\"digest\":\"\($0.blob)\"}"
            }.joined(separator: ",") + "]}"
        let digest = Digest.sha256(of: manifest)
        let pushed = HubImage(id: image.id, manifestDigest: digest, config: image.config, layers: hubLayers)
        registry.publish(pushed, path: ref.path, tags: [ref.tag ?? "latest"])
        var digestRef = ImageReference(domain: ref.domain, path: ref.path)
        digestRef.digest = digest
        references[digestRef] = image.id
        advance(by: 0.5 + Double(hubLayers.filter { !inTarget.contains($0.blob) }.reduce(0) { $0 + $1.compressedSize }) / 12_000_000)
        return PushReport(
            repository: "docker.io/" + ref.path, layers: lines, tag: ref.tag ?? "latest", digest: digest,
            manifestSize: manifest.utf8.count)
    }

    /// A repository of the Hub (other than `path`) that already has a blob.
    func repository(servingBlob blob: Digest, besides path: String) -> String? {
        // Official images first: a base layer is mounted from the image it came from.
        let paths = registry.repositoryPaths.filter { $0.hasPrefix("library/") }
            + registry.repositoryPaths.filter { !$0.hasPrefix("library/") }
        for repository in paths where repository != path {
            for tag in registry.tags(path: repository) {
                guard let image = try? registry.image(path: repository, tag: tag) else { continue }
                if image.layers.contains(where: { $0.blob == blob }) { return repository }
            }
        }
        return nil
    }

    // MARK: - save and load

    /// `docker save`: the images named, as an archive (its layers are kept in the engine's
    /// export store, so that `docker load` finds them even after the images are removed).
    /// - Returns: the archive and the bytes of its tar.
    public mutating func save(_ names: [String]) throws(DockerError) -> (SavedArchive, Int64) {
        settle()
        var entries: [SavedArchive.Entry] = []
        var seen: Set<Digest> = []
        var tarSize: Int64 = 1024 + 3 * 1536  // index.json, manifest.json, oci-layout, the end
        for name in names {
            let image = try findImage(name)
            var tags: [String] = []
            if let ref = try? ImageReference.parse(name).withDefaultTag, references[ref] == image.id {
                tags = [ref.familiarString]
            }
            if let index = entries.firstIndex(where: { $0.id == image.id }) {
                entries[index].repoTags += tags
                continue
            }
            entries.append(SavedArchive.Entry(id: image.id, config: image.config, diffIDs: image.config.diffIDs, repoTags: tags))
            tarSize += 512 + Int64(image.config.json.compact.utf8.count + 511) / 512 * 512
            for layer in layers.chain(from: image.topLayer) where seen.insert(layer.diffID).inserted {
                exportStore[layer.diffID] = layer.content
                tarSize += 512 + Self.tarBytes(layer.tree)
            }
        }
        return (SavedArchive(entries: entries), tarSize)
    }

    /// The bytes of a layer as a tar: a 512-byte header for each entry, the data padded to 512,
    /// two empty blocks at the end.
    static func tarBytes(_ tree: FileTree) -> Int64 {
        var total: Int64 = 1024
        tree.walk { _, node in
            total += 512
            if case .file(let content, _) = node { total += (content.size + 511) / 512 * 512 }
            return true
        }
        return total
    }

    /// `docker load`: the images of an archive, their layers registered again if they were
    /// removed, their tags pointed at them.
    /// - Returns: for each layer loaded (not already here) its diffID and size, and the lines
    ///   `Loaded image: …` / `Loaded image ID: …` says.
    public mutating func load(_ archive: SavedArchive) throws(DockerError) -> (
        layers: [(Digest, Int64)], loaded: [String]
    ) {
        settle()
        var loadedLayers: [(Digest, Int64)] = []
        var loaded: [String] = []
        for entry in archive.entries {
            for diffID in entry.diffIDs where exportStore[diffID] == nil {
                throw .daemon(
                    "open /var/lib/docker/tmp/docker-import/blobs/sha256/\(diffID.hex): no such file or directory")
            }
        }
        for entry in archive.entries {
            var parent: Digest?
            var held: Digest?
            for diffID in entry.diffIDs {
                let chainID = Digest.chainID(parent: parent, diffID: diffID)
                if layers[chainID] == nil, let content = exportStore[diffID] {
                    _ = layers.register(content: content, diffID: diffID, size: content.tree.size, parent: parent)
                    if let previous = held { layers.release(previous) }
                    held = chainID
                    loadedLayers.append((diffID, content.tree.size))
                }
                parent = chainID
            }
            if images[entry.id] == nil {
                if held != parent, let top = parent { layers.retain(top) }
                insertImage(
                    Image(
                        id: entry.id, config: entry.config, parent: nil, topLayer: parent, size: layers.size(of: parent)))
            } else if let previous = held {
                layers.release(previous)
            }
            for tag in entry.repoTags {
                if let ref = try? ImageReference.parse(tag).withDefaultTag { setReference(ref, to: entry.id) }
                loaded.append("Loaded image: \(tag)")
            }
            if entry.repoTags.isEmpty { loaded.append("Loaded image ID: \(entry.id)") }
        }
        return (loadedLayers, loaded)
    }

    /// The archive a host file written by `docker save` holds (its first line names it).
    public func archive(in content: FileContent) -> SavedArchive? {
        guard let text = content.text, text.hasPrefix(Self.archiveMagic) else { return nil }
        let id = String(text.dropFirst(Self.archiveMagic.count).prefix { $0 != "\n" })
        return Digest(parsing: id).flatMap { savedArchives[$0] }
    }

    /// What a saved archive's content starts with.
    static let archiveMagic = "dockersim image archive "

    /// Keeps an archive and returns the host file content that stands for it: the tar's size, the
    /// archive named by its first line.
    public mutating func archiveFile(_ archive: SavedArchive, size: Int64) -> FileContent {
        var key = ""
        for entry in archive.entries { key += entry.id.description + " " + entry.repoTags.joined(separator: ",") + "\n" }
        let id = Digest.sha256(of: key)
        savedArchives[id] = archive
        var content = FileContent(text: Self.archiveMagic + id.description + "\n")
        content.size = max(size, content.size)
        return content
    }
}
