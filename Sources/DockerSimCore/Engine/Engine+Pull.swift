/// What a pull did, for the CLI to print.
public struct PullReport: Sendable, Equatable {
    public enum LayerStatus: String, Sendable {
        case alreadyExists = "Already exists"
        case pullComplete = "Pull complete"
    }

    public enum Outcome: Sendable {
        case downloadedNewer
        case upToDate
    }

    /// `v1` in `v1: Pulling from josedom24/servidorweb` (the digest when pulling by digest).
    public var tagOrDigest: String
    /// The repository path without the domain: `library/ubuntu`.
    public var repositoryPath: String
    /// One layer of the pull, as its progress line shows it.
    public struct Layer: Sendable, Equatable {
        /// The blob's 12-hex short ID.
        public var blob: String
        public var status: LayerStatus
        /// What downloading it costs (its compressed size), in bytes.
        public var size: Int64
    }

    /// One line per layer, bottom first; empty when the image was already here.
    public var layers: [Layer]
    public var digest: Digest
    public var outcome: Outcome
    /// `ubuntu:latest`.
    public var familiar: String
    /// `docker.io/library/ubuntu:latest`.
    public var canonical: String
    /// The image that was pulled.
    public var imageID: Digest

    public static func == (lhs: PullReport, rhs: PullReport) -> Bool {
        lhs.tagOrDigest == rhs.tagOrDigest && lhs.digest == rhs.digest && lhs.imageID == rhs.imageID
            && lhs.layers == rhs.layers
    }
}

extension Engine {
    /// Pulls an image from the simulated Hub, as the classic (overlay2) image store does:
    /// leading layers whose chain is already here "Already exist", everything above the first
    /// missing one is downloaded, and an image already present downloads nothing.
    public mutating func pull(_ reference: ImageReference) throws(DockerError) -> PullReport {
        settle()
        let ref = reference.withDefaultTag
        guard ref.domain == "docker.io", registry.hasRepository(ref.path) else {
            throw Self.pullAccessDenied(ref.familiarName)
        }
        let found: HubImage?
        do {
            if let digest = ref.digest {
                found = try registry.image(path: ref.path, digest: digest)
            } else {
                found = try ref.tag.flatMap { tag throws(CatalogError) in try registry.image(path: ref.path, tag: tag) }
            }
        } catch {
            // A broken catalog (checked by the tests and by `--hub`, so this should not happen).
            throw .daemon("dockersim: the Hub catalog is broken: \(error)", kind: .notFound)
        }
        guard let hubImage = found else { throw Self.manifestUnknown(ref.familiarString) }

        var lines: [PullReport.Layer] = []
        var downloaded: [LayerFact] = []
        var existing: [LayerFact] = []
        var heldBy = 0
        if images[hubImage.id] == nil {
            var parent: Digest?
            var checking = true
            var heldByPull: Digest?
            for layer in hubImage.layers {
                let chainID = Digest.chainID(parent: parent, diffID: layer.diffID)
                if checking, layers.blobDiffIDs[layer.blob] != nil, layers[chainID] != nil {
                    lines.append(.init(blob: layer.blob.short, status: .alreadyExists, size: layer.compressedSize))
                    existing.append(LayerFact(diffID: layer.diffID, size: layer.size))
                    heldBy = imageHolderCount(of: chainID)
                } else {
                    checking = false
                    _ = layers.register(content: layer.content, diffID: layer.diffID, size: layer.size, parent: parent)
                    layers.recordBlob(
                        layer.blob, diffID: layer.diffID, repository: ref.path, compressedSize: layer.compressedSize)
                    if let held = heldByPull { layers.release(held) }
                    heldByPull = chainID
                    lines.append(.init(blob: layer.blob.short, status: .pullComplete, size: layer.compressedSize))
                    downloaded.append(LayerFact(diffID: layer.diffID, size: layer.size))
                }
                parent = chainID
            }
            if heldByPull != parent, let top = parent { layers.retain(top) }  // the image's reference
            insertImage(
                Image(
                    id: hubImage.id, config: hubImage.config, parent: nil, topLayer: parent,
                    size: layers.size(of: parent)))
        }

        let repository = ImageReference(domain: ref.domain, path: ref.path)
        var outcome = PullReport.Outcome.upToDate
        if !lines.isEmpty { outcome = .downloadedNewer }
        if ref.digest == nil {
            if references[ref] != hubImage.id {
                references[ref] = hubImage.id  // a pull is not a local tag: LastTagTime stays unset
                outcome = .downloadedNewer
            }
        }
        note(.pulled(image: ref.familiarString, downloaded: downloaded, existing: existing, heldBy: heldBy))
        var digestRef = repository
        digestRef.digest = hubImage.manifestDigest
        if references[digestRef] != hubImage.id {
            references[digestRef] = hubImage.id
        }
        logImage("pull", ref.familiarString, image: hubImage.id, name: ref.familiarName)
        return PullReport(
            tagOrDigest: ref.tag ?? hubImage.manifestDigest.description,
            repositoryPath: ref.path,
            layers: lines,
            digest: hubImage.manifestDigest,
            outcome: outcome,
            familiar: ref.familiarString,
            canonical: ref.description,
            imageID: hubImage.id)
    }

    /// Points a tag at an image (moving it from any other image) and records the tag time.
    mutating func setReference(_ ref: ImageReference, to id: Digest) {
        references[ref] = id
        let time = now
        images[id]?.lastTagTime = time
    }

    static func pullAccessDenied(_ name: String) -> DockerError {
        .daemon(
            "pull access denied for \(name), repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            kind: .notFound)
    }

    static func manifestUnknown(_ ref: String) -> DockerError {
        .daemon("manifest for \(ref) not found: manifest unknown: manifest unknown", kind: .notFound)
    }
}
