/// Test support for benchmarks: builds a large store directly, without going through the Hub.
///
/// **For benchmarks and tests only.** A teaching session never calls these: they register
/// synthetic layers, images and containers through the same bookkeeping the real operations use
/// (the layer store's reference counts, the references table and its indexes, container names),
/// so ``Engine/invariantViolations()`` holds afterwards, but the layers' content is invented and
/// image IDs are not hashed from their configs. `dockersim-bench` uses them to build the scale
/// state of issue 6 (10,000 images on 1,000 shared base chains, 10,000 containers, a writable layer
/// of 1,000,000 files).
extension Engine {
    /// Registers a synthetic read-only layer holding one file of `bytes` bytes at `/<name>/data`,
    /// on top of `parent`, and returns its chainID. The caller holds one reference on it (release
    /// it once an image or a layer above holds it).
    public mutating func registerSyntheticLayer(name: String, bytes: Int64, parent: Digest?) -> Digest {
        let meta = FileMetadata(mode: 0o644, mtime: now.seconds)
        let tree = FileTree.build(
            [("/\(name)/data", .file(FileContent(opaqueSize: bytes), meta))],
            dirMeta: FileMetadata(mode: 0o755, mtime: now.seconds))
        return layers.register(
            tree: tree, diffID: Digest.sha256(of: "dockersim-synthetic-layer:" + name), parent: parent)
    }

    /// Drops the reference a caller of ``registerSyntheticLayer(name:bytes:parent:)`` holds.
    public mutating func releaseSyntheticLayer(_ chainID: Digest) {
        layers.release(chainID)
    }

    /// Adds an image whose top layer is `topLayer` (which must exist), tagged `reference`, and
    /// returns its ID. The image takes its own reference on the layer.
    @discardableResult
    public mutating func addSyntheticImage(reference: ImageReference, topLayer: Digest, created: Timestamp) -> Digest {
        let chain = layers.chain(from: topLayer).reversed()
        let config = ImageConfig(
            config: RunConfig(
                env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["/bin/sh"]),
            created: created,
            history: chain.map {
                HistoryEntry(created: created, createdBy: "/bin/sh -c #(nop) ADD synthetic \($0.diffID.short)")
            },
            diffIDs: chain.map(\.diffID))
        let id = Digest.sha256(of: "dockersim-synthetic-image:" + reference.description)
        if images[id] == nil {
            layers.retain(topLayer)
            insertImage(Image(id: id, config: config, parent: nil, topLayer: topLayer, size: layers.size(of: topLayer)))
        }
        references[reference.withDefaultTag] = id
        return id
    }

    /// Adds a created (never started) container of an image, named `name`, and returns its ID.
    /// Unlike ``createContainer(_:name:)`` it does not settle the clock first, so building
    /// thousands of containers stays linear.
    @discardableResult
    public mutating func addSyntheticContainer(image id: Digest, name: String) throws(DockerError) -> String {
        guard let image = images[id] else { throw Self.noSuchImage(id.description) }
        if let owner = containerNames[name] { throw Self.nameConflict(name, owner) }
        let containerID = newContainerID()
        let created = now
        var config = ContainerConfig(image: id.description)
        config.hostname = String(containerID.prefix(12))
        config.cmd = image.config.config.cmd ?? []
        config.env = image.config.config.env ?? []
        let lower = [Self.initLayer(mtime: created.seconds)] + layers.chain(from: image.topLayer).map(\.tree)
        if let top = image.topLayer { layers.retain(top) }
        nextSequence += 1
        insertContainer(
            Container(
                id: containerID, name: name, created: created, sequence: nextSequence, imageID: image.id,
                imageTopLayer: image.topLayer, config: config, hostConfig: HostConfig(),
                fs: ContainerFS(
                    upper: FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: created.seconds)), lower: lower,
                    mounts: [:])))
        return containerID
    }

    /// Writes `directories` × `filesPerDirectory` small files into a container's writable layer
    /// (`/synthetic/dNNN/fNNN`, `bytes` each), as fast as the copy-on-write tree allows. Raises
    /// ``Engine/limits`` (files per container, simulated bytes) as far as the files need.
    public mutating func fillSyntheticFiles(
        container id: String, directories: Int, filesPerDirectory: Int, bytes: Int = 8
    ) throws(FSError) {
        // A benchmark's own disk: lift the teaching caps (files per container, simulated bytes).
        limits.filesPerContainer = max(limits.filesPerContainer, directories * (filesPerDirectory + 1) + 16)
        limits.simulatedBytes = max(
            limits.simulatedBytes, host.size + Int64(directories * filesPerDirectory * bytes) + (1 << 30))
        let content = [UInt8](repeating: 0x61, count: bytes)
        let mtime = now.seconds
        try withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
            try fs.makeDirectory("/synthetic", cwd: [], parents: true, mtime: mtime)
            for dir in 0..<directories {
                let folder = "/synthetic/d\(dir)"
                try fs.makeDirectory(folder, cwd: [], parents: false, mtime: mtime)
                for file in 0..<filesPerDirectory {
                    try fs.write("\(folder)/f\(file)", cwd: [], bytes: content, append: false, mtime: mtime)
                }
            }
        }
    }

    /// The scale world of issue 6: `chains` base chains of `chainLength` layers each, `images`
    /// images (image *i* is base chain *i mod chains* plus one layer of its own, tagged
    /// `bench/app<i>:latest`) and one created container per image for the first `containers`
    /// images. Layer sizes are varied so that sizes and shared sizes are not all equal.
    public mutating func addSyntheticWorld(
        chains: Int, chainLength: Int, images count: Int, containers containerCount: Int
    ) throws(DockerError) {
        var tops: [Digest] = []
        tops.reserveCapacity(chains)
        for chain in 0..<chains {
            var parent: Digest?
            for level in 0..<chainLength {
                let layer = registerSyntheticLayer(
                    name: "base\(chain)-\(level)", bytes: Int64(1_000 + (chain * 31 + level * 7) % 5_000),
                    parent: parent)
                if let parent { releaseSyntheticLayer(parent) }  // the layer above holds it now
                parent = layer
            }
            if let parent { tops.append(parent) }
        }
        guard !tops.isEmpty else { return }
        var ids: [Digest] = []
        ids.reserveCapacity(count)
        for index in 0..<count {
            let base = tops[index % tops.count]
            let top = registerSyntheticLayer(name: "app\(index)", bytes: Int64(100 + index % 900), parent: base)
            let reference = ImageReference(domain: "docker.io", path: "bench/app\(index)", tag: "latest")
            ids.append(
                addSyntheticImage(reference: reference, topLayer: top, created: now.adding(seconds: Double(-index))))
            releaseSyntheticLayer(top)  // the image holds it
        }
        for tops in tops { releaseSyntheticLayer(tops) }  // held by the layers above since the build
        for index in 0..<min(containerCount, ids.count) {
            try addSyntheticContainer(image: ids[index], name: "bench\(index)")
        }
    }
}
