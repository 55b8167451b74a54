/// Docker's data root on the simulated host, `/var/lib/docker`, as the daemon (overlay2 storage
/// driver, local volumes, json-file logs) keeps it: computed from the engine whenever the host
/// shell looks there as root, never stored.
///
/// What it shows, from the model: `volumes/NAME/_data` (each volume's files, writable: what root
/// writes there is the volume's, as on a real host), `overlay2/` (a folder per image layer, named
/// by its cache ID, with `diff/` holding the layer's files, `link`, `lower`, `committed`, `work/`;
/// a folder per container and its `-init` layer, `diff/` being the writable layer and `merged/`
/// what a running container sees — filled when the command names that folder; `l/` with the
/// short links), `image/overlay2/` (`imagedb/content/sha256/ID` the image's config,
/// `layerdb/sha256/CHAINID/{cache-id,diff,size}`, `layerdb/mounts/CONTAINER/…`,
/// `repositories.json`), `containers/ID/` (`hostname`, `hosts`, `resolv.conf`, the json-file log).
/// The names (`GraphDriver`'s directories) are the ones `docker inspect` prints.
public enum DataRoot {
    /// `/var/lib/docker`, as components.
    public static let path = ["var", "lib", "docker"]
    /// `/var/lib/docker` as text.
    public static let text = "/var/lib/docker"

    /// `/var/lib/docker` itself: `drwx--x--- root root`, made when docker was installed (the
    /// simulated host's install time).
    public static let rootMeta = FileMetadata(mode: 0o710, mtime: 1_704_067_200)

    /// The folders of the data root, with their modes (Docker Engine 28, overlay2).
    public static let topFolders: [(name: String, mode: UInt32)] = [
        ("buildkit", 0o711), ("containers", 0o710), ("image", 0o700), ("network", 0o750), ("overlay2", 0o710),
        ("plugins", 0o700), ("runtimes", 0o700), ("swarm", 0o700), ("tmp", 0o700), ("volumes", 0o701),
    ]

    /// The overlay2 folder of an image layer (its cache ID: invented, stable, 64 hex digits).
    public static func layerFolder(_ chainID: Digest) -> String {
        Digest.sha256(of: chainID.hex + " cache").hex
    }

    /// The overlay2 folder of a container's writable layer (its init layer's is this + `-init`).
    public static func containerFolder(_ id: String) -> String {
        Digest.sha256(of: id).hex
    }

    /// The short name overlay2 links a layer folder's `diff` by in `overlay2/l/` (26 characters of
    /// base32, as the driver's `generateID` makes them; here derived from the folder's name).
    public static func link(of folder: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        // Two hex digits a byte.
        let hex = Array(Digest.sha256(of: folder + " link").hex.utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).map {
            UInt8(Self.nibble(hex[$0]) << 4 | Self.nibble(hex[$0 + 1]))
        }
        var bits = 0
        var value = 0
        var out: [UInt8] = []
        out.reserveCapacity(26)
        for byte in bytes where out.count < 26 {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 && out.count < 26 {
                bits -= 5
                out.append(alphabet[(value >> bits) & 31])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ digit: UInt8) -> Int {
        digit >= UInt8(ascii: "a") ? Int(digit - UInt8(ascii: "a")) + 10 : Int(digit - UInt8(ascii: "0"))
    }

    /// Whether a host command with these words, run in `cwd`, may look into the data root: a word
    /// naming it or a path below it, a word naming a folder above it (`/`, `/var`, `/var/lib`:
    /// `find /`, `du /var`), or a working directory inside it.
    public static func touched(by words: [String], cwd: [String]) -> Bool {
        if cwd.starts(with: path) { return true }
        for word in words.dropFirst() {
            if word.utf8.count >= 15, word.contains(text) { return true }
            switch word {
            case "/", "/var", "/var/", "/var/lib", "/var/lib/": return true
            default: continue
            }
        }
        return false
    }
}

extension Engine {
    /// Runs `body` with docker's data root shown at `/var/lib/docker` on the host's file system
    /// (see ``DataRoot``); what it wrote under a volume's `_data` becomes the volume's (and every
    /// container that mounts it sees it); the view is taken away again afterwards.
    public mutating func withDataRoot<R>(named words: [String] = [], _ body: (inout Engine) -> R) -> R {
        let time = Self.current(eventTime, clock).seconds
        let view = dataRootTree(now: time, named: words)
        var fs = host
        let sealed = fs.sealed
        fs.sealed = nil
        fs.attach(ContainerFS.Mount(path: DataRoot.path, content: .directory(view), readOnly: true, origin: .daemon))
        let names = volumes.keys.sorted()
        for name in names {
            guard let volume = volumes[name] else { continue }
            fs.attach(
                ContainerFS.Mount(
                    path: DataRoot.path + ["volumes", name, "_data"], content: .directory(volume.data), readOnly: false,
                    origin: .volume(name)))
        }
        host = fs
        let result = body(&self)
        var after = host
        for mount in after.mounts where mount.path.starts(with: DataRoot.path) {
            if case .volume(let name) = mount.origin, let tree = mount.tree, volumes[name] != nil,
                tree.root !== volumes[name]?.data.root
            {
                volumes[name]?.data = tree
                propagateVolume(name)
            }
        }
        after.detachAll(under: DataRoot.path)
        after.sealed = sealed
        host = after
        return result
    }

    /// The tree of `/var/lib/docker` (the folder itself as its root), computed from the model.
    /// Volumes' `_data` folders are empty here: ``withDataRoot(_:)`` mounts the volumes' trees
    /// over them.
    /// `named`: the words of the command that looks (a running container's `merged` folder is
    /// filled only when one of them names its overlay2 folder).
    public func dataRootTree(now: Int64, named: [String] = []) -> FileTree {
        func meta(_ mode: UInt32, _ mtime: Int64 = now) -> FileMetadata { FileMetadata(mode: mode, mtime: mtime) }
        func file(_ text: String, _ mode: UInt32 = 0o644, _ mtime: Int64 = now) -> FileNode {
            .file(FileContent(text: text), meta(mode, mtime))
        }
        var root = FileTree(rootMeta: DataRoot.rootMeta)
        for (name, mode) in DataRoot.topFolders {
            root.modify([name]) { $0 = .directory(Directory(meta: meta(mode))) }
        }
        root.modify(["engine-id"]) { $0 = file(Self.engineID(seed: String(seed)), 0o600) }

        // volumes/
        root.modify(["volumes", "metadata.db"]) { $0 = .file(FileContent(opaqueSize: 32768), meta(0o600)) }
        for (name, volume) in volumes {
            let created = volume.createdAt.seconds
            root.modify(["volumes", name]) { $0 = .directory(Directory(meta: meta(0o701, created))) }
            root.modify(["volumes", name, "_data"]) { $0 = .directory(Directory(meta: volume.data.root.meta)) }
        }

        // overlay2/ and image/overlay2/layerdb/sha256/
        let imageDB = ["image", "overlay2"]
        for (folder, mode) in [
            ([], 0o700), (["distribution"], 0o755), (["imagedb"], 0o755), (["imagedb", "content"], 0o755),
            (["imagedb", "content", "sha256"], 0o755), (["imagedb", "metadata"], 0o755),
            (["imagedb", "metadata", "sha256"], 0o755), (["layerdb"], 0o755), (["layerdb", "mounts"], 0o755),
            (["layerdb", "sha256"], 0o755), (["layerdb", "tmp"], 0o755),
        ] as [([String], UInt32)] {
            root.modify(imageDB + folder) { $0 = .directory(Directory(meta: meta(mode))) }
        }
        root.modify(["overlay2", "l"]) { $0 = .directory(Directory(meta: meta(0o700))) }
        func addLayerFolder(_ folder: String, tree: FileTree, lowerLinks: [String], committed: Bool, mtime: Int64) {
            let link = DataRoot.link(of: folder)
            root.modify(["overlay2", folder]) { $0 = .directory(Directory(meta: meta(0o710, mtime))) }
            root.modify(["overlay2", folder, "diff"]) { $0 = .directory(tree.root) }
            root.modify(["overlay2", folder, "link"]) { $0 = file(link, 0o644, mtime) }
            if !lowerLinks.isEmpty {
                let lower = lowerLinks.map { "l/" + $0 }.joined(separator: ":")
                root.modify(["overlay2", folder, "lower"]) { $0 = file(lower, 0o644, mtime) }
                root.modify(["overlay2", folder, "work"]) { $0 = .directory(Directory(meta: meta(0o700, mtime))) }
            }
            if committed { root.modify(["overlay2", folder, "committed"]) { $0 = file("", 0o600, mtime) } }
            root.modify(["overlay2", "l", link]) { $0 = .symlink(target: "../" + folder + "/diff", meta(0o777, mtime)) }
        }
        // The layers of every image, each once, with the time of the oldest image holding it.
        var layerTimes: [Digest: Int64] = [:]
        for image in images.values {
            let time = image.created.seconds
            for layer in layers.chain(from: image.topLayer) {
                layerTimes[layer.chainID] = min(layerTimes[layer.chainID] ?? time, time)
            }
        }
        for (chainID, mtime) in layerTimes {
            guard let layer = layers[chainID] else { continue }
            let folder = DataRoot.layerFolder(chainID)
            let below = layers.chain(from: layer.parent).map { DataRoot.link(of: DataRoot.layerFolder($0.chainID)) }
            addLayerFolder(folder, tree: layer.tree, lowerLinks: below, committed: true, mtime: mtime)
            let entry = imageDB + ["layerdb", "sha256", chainID.hex]
            root.modify(entry) { $0 = .directory(Directory(meta: meta(0o755, mtime))) }
            root.modify(entry + ["cache-id"]) { $0 = file(folder, 0o644, mtime) }
            root.modify(entry + ["diff"]) { $0 = file(layer.diffID.description, 0o644, mtime) }
            root.modify(entry + ["size"]) { $0 = file(String(layer.diffSize), 0o644, mtime) }
            if let parent = layer.parent {
                root.modify(entry + ["parent"]) { $0 = file(parent.description, 0o644, mtime) }
            }
        }

        // image/overlay2/imagedb/ and repositories.json
        var repositories: [String: [(String, JSONValue)]] = [:]
        for image in images.values {
            let time = image.created.seconds
            root.modify(imageDB + ["imagedb", "content", "sha256", image.id.hex]) {
                $0 = file(image.config.json.compact, 0o600, time)
            }
            for reference in references(of: image.id) {
                repositories[reference.familiarName, default: []].append(
                    (reference.familiarString, .string(image.id.description)))
            }
        }
        let repositoryJSON = JSONValue.object([
            (
                "Repositories",
                .sortedObject(repositories.mapValues { .sortedObject(Dictionary($0) { first, _ in first }) })
            )
        ])
        root.modify(imageDB + ["repositories.json"]) { $0 = file(repositoryJSON.compact, 0o600) }

        // containers/, their overlay2 folders and layerdb/mounts/
        for container in containers.values {
            let created = container.created.seconds
            let folder = DataRoot.containerFolder(container.id)
            let imageLinks = layers.chain(from: container.imageTopLayer).map {
                DataRoot.link(of: DataRoot.layerFolder($0.chainID))
            }
            let initTree = container.fs.lower.first ?? FileTree()
            addLayerFolder(folder + "-init", tree: initTree, lowerLinks: imageLinks, committed: true, mtime: created)
            addLayerFolder(
                folder, tree: container.fs.upper, lowerLinks: [DataRoot.link(of: folder + "-init")] + imageLinks,
                committed: false, mtime: created)
            // A running container's file system is mounted at `merged` (the overlay of its layers;
            // its volumes are mounted in its own namespace, not there).
            // Made whole only for a container whose folder the command names (a union of every
            // layer costs what the image holds); otherwise the folder is there, empty.
            if container.isRunning {
                let wanted = named.contains { $0.contains(folder) }
                let merged = wanted ? container.fs.view.flattened([]) : nil
                root.modify(["overlay2", folder, "merged"]) {
                    $0 = .directory(merged ?? Directory(meta: container.fs.view.lookup([])?.metadata ?? meta(0o755)))
                }
            }
            let mounts = imageDB + ["layerdb", "mounts", container.id]
            root.modify(mounts) { $0 = .directory(Directory(meta: meta(0o755, created))) }
            root.modify(mounts + ["init-id"]) { $0 = file(folder + "-init", 0o644, created) }
            root.modify(mounts + ["mount-id"]) { $0 = file(folder, 0o644, created) }
            if let top = container.imageTopLayer {
                root.modify(mounts + ["parent"]) { $0 = file(top.description, 0o644, created) }
            }
            let own = ["containers", container.id]
            root.modify(own) { $0 = .directory(Directory(meta: meta(0o710, created))) }
            root.modify(own + ["checkpoints"]) { $0 = .directory(Directory(meta: meta(0o700, created))) }
            root.modify(own + ["mounts"]) { $0 = .directory(Directory(meta: meta(0o710, created))) }
            for name in ["hostname", "hosts", "resolv.conf"] {
                guard let content = container.fs.mountedFile(["etc", name]) else { continue }
                root.modify(own + [name]) { $0 = .file(content, meta(0o644, created)) }
            }
            root.modify(own + [container.id + "-json.log"]) {
                $0 = .file(FileContent(text: Self.jsonFileLog(container.logs)), meta(0o640, created))
            }
        }
        return root
    }

    /// The lines docker's json-file log driver writes for `entries`: one JSON object per line of
    /// output (`{"log":"…\n","stream":"stdout","time":"…"}`).
    static func jsonFileLog(_ entries: [LogEntry]) -> String {
        var out = ""
        for entry in entries {
            let stream = entry.stream == .stdout ? "stdout" : "stderr"
            var rest = Substring(entry.text)
            while !rest.isEmpty {
                let line: Substring
                if let newline = rest.firstIndex(of: "\n") {
                    line = rest[...newline]
                    rest = rest[rest.index(after: newline)...]
                } else {
                    line = rest
                    rest = ""
                }
                out += "{\"log\":"
                JSONValue.quote(String(line), into: &out)
                out += ",\"stream\":\"" + stream + "\",\"time\":\"" + entry.time.rfc3339Nano + "\"}\n"
            }
        }
        return out
    }

    /// The daemon's `engine-id` (a random UUID on a real host; here derived from the seed).
    static func engineID(seed: String) -> String {
        let hex = Array(Digest.sha256(of: seed + " engine-id").hex.utf8.prefix(32))
        var out: [UInt8] = []
        for (index, byte) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { out.append(UInt8(ascii: "-")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
