import Synchronization

extension Engine {
    /// Checks the engine's structural invariants and returns what is broken (empty when sound):
    /// every image's layers exist and match its config; every layer's reference count equals
    /// what holds it (images, child layers, containers); no layer is orphaned; references,
    /// names and containers agree; every writable layer's kept size matches its content; the
    /// indexes (references by image, children, containers by image, layer holders) agree with
    /// what they index; every build cache record's layer exists and is counted.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var expected: [Digest: Int] = [:]
        for image in images.values {
            let chain = layers.chain(from: image.topLayer)
            if let top = image.topLayer {
                if layers[top] == nil { problems.append("image \(image.id.short): top layer \(top.short) missing") }
                if image.topLayerFacts !== layers[top]?.facts {
                    problems.append("image \(image.id.short): linked top layer is not the store's \(top.short)")
                }
                expected[top, default: 0] += 1
            }
            if chain.reversed().map(\.diffID) != image.config.diffIDs {
                problems.append("image \(image.id.short): layer chain does not match rootfs.diff_ids")
            }
            if chain.reduce(0, { $0 + $1.diffSize }) != image.size {
                problems.append("image \(image.id.short): size \(image.size) differs from its layers")
            }
            if let parent = image.parent, images[parent] == nil {
                _ = parent  // a deleted parent is allowed (docker keeps the link only while it exists)
            }
        }
        for layer in layers.layers.values {
            if layer.parent == nil, layer.facts.below != nil {
                problems.append("layer \(layer.chainID.short): a base layer linked to a layer below")
            }
            if let parent = layer.parent {
                if layers[parent] == nil {
                    problems.append("layer \(layer.chainID.short): parent \(parent.short) missing")
                }
                if layer.facts.below !== layers[parent]?.facts {
                    problems.append("layer \(layer.chainID.short): linked parent is not the store's \(parent.short)")
                }
                expected[parent, default: 0] += 1
            }
        }
        var sound: [Layer] = []
        for layer in ChainIDCheck.unchecked(layers.layers.values) {
            if Digest.chainID(parent: layer.parent, diffID: layer.diffID) == layer.chainID {
                sound.append(layer)
            } else {
                problems.append("layer \(layer.chainID.short): chainID does not match parent and diffID")
            }
        }
        ChainIDCheck.remember(sound)
        for container in containers.values {
            if let top = container.imageTopLayer {
                if layers[top] == nil {
                    problems.append("container \(container.shortID): image layer \(top.short) missing")
                }
                expected[top, default: 0] += 1
            }
            if containerNames[container.name] != container.id {
                problems.append("container \(container.shortID): name \(container.name) not indexed")
            }
            let walked = container.fs.upper.countedSize
            if walked != container.sizeRw {
                problems.append(
                    "container \(container.shortID): kept size \(container.sizeRw) but content is \(walked)")
            }
            if container.status == .restarting {
                if container.process != nil || container.restartDue == nil {
                    problems.append(
                        "container \(container.shortID): restarting with a process or without a restart time")
                }
            } else if container.isRunning != (container.process != nil) || container.restartDue != nil {
                problems.append(
                    "container \(container.shortID): state \(container.status) but process \(String(describing: container.process))"
                )
            }
        }
        for record in buildCache.records.values {
            guard let layer = record.layer else { continue }
            if layers[layer] == nil { problems.append("build cache record \(record.id): layer \(layer.short) missing") }
            expected[layer, default: 0] += 1
        }
        for (key, id) in buildCache.byKey where buildCache.records[id]?.key != key {
            problems.append("build cache key \(key.short) points to missing record \(id)")
        }
        for (name, id) in containerNames where containers[id]?.name != name {
            problems.append("name \(name) points to missing container \(id.prefix(12))")
        }
        for layer in layers.layers.values {
            let want = expected[layer.chainID, default: 0]
            if want == 0 { problems.append("layer \(layer.chainID.short) is orphaned") }
            if layer.referenceCount != want {
                problems.append(
                    "layer \(layer.chainID.short): reference count \(layer.referenceCount), held by \(want)")
            }
        }
        problems += volumeViolations()
        for (ref, id) in references where images[id] == nil {
            problems.append("reference \(ref.familiarString) points to missing image \(id.short)")
        }
        problems += indexViolations()
        problems += networkViolations()
        return problems.sorted()
    }
}

extension Engine {
    /// A canonical text of the whole observable state (images, references, layers and their
    /// counts, containers with their writable layers and logs, the clock): two engines in the
    /// same state give the same text. Tests compare it before and after a failing command.
    public func stateFingerprint() -> String {
        var lines: [String] = ["now \(now)"]
        for (ref, id) in references.sorted(by: { $0.key.description < $1.key.description }) {
            lines.append("ref \(ref) \(id.short)")
        }
        for image in images.values.sorted(by: { $0.id < $1.id }) {
            lines.append(
                "image \(image.id) top \(image.topLayer?.short ?? "-") parent \(image.parent?.short ?? "-") tagged \(image.lastTagTime?.description ?? "-")"
            )
        }
        for layer in layers.layers.values.sorted(by: { $0.chainID < $1.chainID }) {
            lines.append("layer \(layer.chainID.short) refs \(layer.referenceCount)")
        }
        for container in containers.values.sorted(by: { $0.id < $1.id }) {
            lines.append(
                "container \(container.id) \(container.name) \(container.status) \(container.exitCode) \(container.startedAt) \(container.finishedAt) \(String(describing: container.process)) logs \(container.logs.count) size \(container.sizeRw)"
            )
            container.fs.upper.walk { path, node in
                lines.append("  \(FilePath.string(path)) \(node.ownSize) \(node.isWhiteout ? "wh" : "")")
                return true
            }
            for mount in container.fs.mounts {
                let size: Int64
                switch mount.content {
                case .directory(let tree): size = tree.size
                case .file(let content, _): size = content.size
                }
                lines.append("  mount \(FilePath.string(mount.path)) \(size) \(mount.origin)")
            }
        }
        for volume in volumes.values.sorted(by: { $0.name < $1.name }) {
            lines.append(
                "volume \(volume.name) \(volume.labels.map { $0.sorted { $0.key < $1.key }.description } ?? "nil") refs \(volume.references.sorted()) size \(volume.size)"
            )
            volume.data.walk { path, node in
                lines.append("  \(FilePath.string(path)) \(node.ownSize)")
                return true
            }
        }
        for container in containers.values.sorted(by: { $0.id < $1.id }) where !container.mountPoints.isEmpty {
            lines.append("mounts \(container.id) \(container.mountPoints.map(\.json.compact))")
        }
        return lines.joined(separator: "\n")
    }

    /// What is wrong with the volumes: each volume's references are exactly the containers that
    /// mount it (docker's reference counts); every volume a container mounts exists; every
    /// volume's kept size is the sum of its files.
    func volumeViolations() -> [String] {
        var problems: [String] = []
        var holders: [String: Set<String>] = [:]
        for container in containers.values {
            for point in container.mountPoints where point.type == .volume {
                holders[point.name, default: []].insert(container.id)
                if volumes[point.name] == nil {
                    problems.append(
                        "container \(container.shortID): mounts missing volume \(point.name.prefix(12)) at \(point.destination)"
                    )
                }
            }
        }
        for volume in volumes.values {
            let want = holders[volume.name] ?? []
            if volume.references != want {
                problems.append(
                    "volume \(volume.name.prefix(12)): references \(volume.references.count), held by \(want.count) containers"
                )
            }
            let walked = volume.data.countedSize
            if walked != volume.size {
                problems.append("volume \(volume.name.prefix(12)): kept size \(volume.size) but content is \(walked)")
            }
        }
        return problems
    }
}

/// The layers whose chainID this process has already checked against their parent and diffID.
/// A chainID is a pure function of the two (a SHA-256 of their texts), so a layer found sound
/// once is sound in every later check and every engine: it is hashed once, not after every
/// command of every replay.
enum ChainIDCheck {
    private struct Checked: Hashable {
        let chainID: Digest
        let parent: Digest?
        let diffID: Digest
    }

    private static let sound = Mutex<Set<Checked>>([])

    /// The layers of `layers` not known to be sound.
    static func unchecked(_ layers: some Sequence<Layer>) -> [Layer] {
        sound.withLock { known in
            layers.filter { !known.contains(Checked(chainID: $0.chainID, parent: $0.parent, diffID: $0.diffID)) }
        }
    }

    /// Remembers `layers`, each found sound: its chainID matches its parent and diffID.
    static func remember(_ layers: [Layer]) {
        guard !layers.isEmpty else { return }
        sound.withLock { known in
            for layer in layers {
                known.insert(Checked(chainID: layer.chainID, parent: layer.parent, diffID: layer.diffID))
            }
        }
    }
}
