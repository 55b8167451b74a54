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

    /// One line per layer, top layer first: the diffID's first 12 hex characters (docker's
    /// progress ID) and what happened to it.
    public var layers: [(id: String, status: LayerStatus)]
    public var tag: String
    public var digest: Digest
    /// Bytes of the manifest (`size: 529`).
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
    /// The registry blob a layer is pushed as: the one it was pulled as (or pushed as before),
    /// else one named after its content.
    public func blob(for diffID: Digest) -> Digest {
        layers.blobSources[diffID]?.blob ?? Digest.sha256(of: "dockersim-blob:" + diffID.description)
    }

    /// The layer lines of a push refused before any layer went up (top first): `Preparing`,
    /// or `Waiting` past the five uploads docker runs at once.
    public func pushPreparing(_ reference: ImageReference) -> [(id: String, status: String)] {
        guard let id = references[reference.withDefaultTag], let image = images[id] else { return [] }
        var seen: Set<Digest> = []
        var lines: [(String, String)] = []
        for (index, layer) in layers.chain(from: image.topLayer).enumerated() where seen.insert(layer.diffID).inserted {
            lines.append((layer.diffID.short, index < 5 ? "Preparing" : "Waiting"))
        }
        return lines
    }

    /// `docker push`: sends the image's layers and config to the simulated Hub under `reference`
    /// (a layer the repository has already exists; one another repository is known to have is
    /// mounted from it, the most alike first; the rest are pushed), then publishes the tag, so
    /// that `docker pull` finds it.
    /// - Parameter user: who is logged in (`docker login`), nil when no one is.
    /// - Throws: docker's errors, after `The push refers to repository` (the caller prints it
    ///   first): no such repository or tag here, or the Hub's `denied` for another namespace.
    public mutating func push(_ reference: ImageReference, user: String?) throws(DockerError) -> PushReport {
        settle()
        let ref = reference.withDefaultTag
        let familiarName = ImageReference(domain: ref.domain, path: ref.path).familiarName
        guard let id = references[ref], let image = images[id] else {
            // Which error depends on whether the repository has another tag here.
            let named = references.keys.contains { $0.domain == ref.domain && $0.path == ref.path }
            throw .cli(
                named
                    ? "tag does not exist: \(ref.familiarString)"
                    : "An image does not exist locally with the tag: \(familiarName)")
        }
        let namespace = ref.path.split(separator: "/").first.map(String.init) ?? ""
        guard ref.domain == "docker.io", let user, user == namespace else {
            throw .cli("denied: requested access to the resource is denied")
        }
        let chain = layers.chain(from: image.topLayer)  // top first
        var lines: [(id: String, status: PushReport.LayerStatus)] = []
        var hubLayers: [HubLayer] = []
        var sent: Int64 = 0
        var seen: Set<Digest> = []
        for layer in chain {
            let source = layers.blobSources[layer.diffID]
            let blob = blob(for: layer.diffID)
            let compressed = source?.compressedSize ?? max(32, layer.diffSize * 2 / 5)
            hubLayers.insert(
                HubLayer(
                    blob: blob, content: layer.content, diffID: layer.diffID, size: layer.diffSize,
                    compressedSize: compressed),
                at: 0)
            guard seen.insert(layer.diffID).inserted else { continue }
            let known = source?.repositories ?? []
            let status: PushReport.LayerStatus
            if known.contains(ref.path) {
                status = .alreadyExists
            } else if let from = Self.mountCandidate(known, for: ref.path) {
                status = .mounted(from: from)
            } else {
                status = .pushed
                sent += compressed
            }
            lines.append((layer.diffID.short, status))
            layers.recordBlob(blob, diffID: layer.diffID, repository: ref.path, compressedSize: compressed)
        }
        // The manifest (schema 2) as the registry stores it: Go's MarshalIndent, 3 spaces.
        let configBytes = image.config.json.compact.utf8.count
        let manifest = JSONValue.object([
            ("schemaVersion", .int(2)),
            ("mediaType", .string("application/vnd.docker.distribution.manifest.v2+json")),
            (
                "config",
                .object([
                    ("mediaType", .string("application/vnd.docker.container.image.v1+json")),
                    ("size", .int(Int64(configBytes))), ("digest", .string(image.id.description)),
                ])
            ),
            (
                "layers",
                .array(
                    hubLayers.map {
                        .object([
                            ("mediaType", .string("application/vnd.docker.image.rootfs.diff.tar.gzip")),
                            ("size", .int($0.compressedSize)), ("digest", .string($0.blob.description)),
                        ])
                    })
            ),
        ]).indented("   ")
        let digest = Digest.sha256(of: manifest)
        let tag = ref.tag ?? "latest"
        registry.publish(
            HubImage(id: image.id, manifestDigest: digest, config: image.config, layers: hubLayers), path: ref.path,
            tags: [tag])
        var digestRef = ImageReference(domain: ref.domain, path: ref.path)
        digestRef.digest = digest
        references[digestRef] = image.id
        advance(by: 0.8 + Double(sent) / 12_000_000)
        return PushReport(layers: lines, tag: tag, digest: digest, manifestSize: manifest.utf8.count)
    }

    /// docker's mount candidates: the repositories a layer is known in, the one sharing the
    /// most leading path components with the target first, then the newest.
    static func mountCandidate(_ repositories: [String], for target: String) -> String? {
        let targetParts = target.split(separator: "/")
        func likeness(_ path: String) -> Int {
            zip(path.split(separator: "/"), targetParts).prefix { $0 == $1 }.count
        }
        var best: (String, Int)?
        for path in repositories.reversed() where path != target {
            let score = likeness(path)
            if best == nil || score > best!.1 { best = (path, score) }
        }
        return best?.0
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
            entries.append(
                SavedArchive.Entry(id: image.id, config: image.config, diffIDs: image.config.diffIDs, repoTags: tags))
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
    public mutating func load(
        _ archive: SavedArchive
    ) throws(DockerError) -> (
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
                    loadedLayers.append((diffID, Self.tarBytes(content.tree)))
                }
                parent = chainID
            }
            if images[entry.id] == nil {
                if held != parent, let top = parent { layers.retain(top) }
                insertImage(
                    Image(
                        id: entry.id, config: entry.config, parent: nil, topLayer: parent, size: layers.size(of: parent)
                    ))
            } else if let previous = held {
                layers.release(previous)
            }
            for tag in entry.repoTags {
                if let ref = try? ImageReference.parse(tag).withDefaultTag {
                    if let previous = references[ref], previous != entry.id {
                        loaded.append(
                            "The image \(tag) already exists, renaming the old one with ID \(previous) to empty string")
                    }
                    setReference(ref, to: entry.id)
                }
                loaded.append("Loaded image: \(tag)")
            }
            if entry.repoTags.isEmpty { loaded.append("Loaded image ID: \(entry.id)") }
        }
        return (loadedLayers, loaded)
    }

    /// The archive a host file written by `docker save` holds (its first line names it).
    public func archive(in text: String) -> SavedArchive? {
        guard text.hasPrefix(Self.archiveMagic) else { return nil }
        let id = String(text.dropFirst(Self.archiveMagic.count).prefix { $0 != "\n" })
        return Digest(parsing: id).flatMap { savedArchives[$0] }
    }

    /// What a saved archive's content starts with.
    static let archiveMagic = "dockersim image archive "

    /// Keeps an archive and returns the host file content that stands for it: the tar's size, the
    /// archive named by its first line.
    public mutating func archiveFile(_ archive: SavedArchive, size: Int64) -> FileContent {
        var key = ""
        for entry in archive.entries {
            key += entry.id.description + " " + entry.repoTags.joined(separator: ",") + "\n"
        }
        let id = Digest.sha256(of: key)
        savedArchives[id] = archive
        var content = FileContent(text: Self.archiveMagic + id.description + "\n")
        content.size = max(size, content.size)
        return content
    }
}
