import DockerSimCore

/// The storage as `layers` draws it, computed from the engine each time (nothing is stored):
/// every read-only layer once, the images standing on it, each container's writable layer on
/// its image, the mounts beside the containers, and `system df`'s totals.
///
/// Images are **columns**, ordered by a walk of the layer forest (base layers first), so the
/// images standing on a layer are always neighbours: a layer spans one run of columns, and two
/// images that share it (`servidorweb:v1` and `v2`) sit side by side under it.
///
/// ```swift
/// let map = try StorageMap(engine: engine, limitedTo: ["ubuntu"])
/// map.columns.map(\.names)   // [["ubuntu:latest"]]
/// ```
struct StorageMap {
    /// One read-only layer (a chainID of the layer store).
    struct LayerBox {
        var chainID: Digest
        var diffID: Digest
        var parent: Digest?
        /// Its own size (`DiffSize`, what `docker history` shows on its row).
        var size: Int64
        /// The step that made it (its image's history entry), "" when no image says.
        var createdBy: String
        /// 0 for a base layer, 1 for the layer on it…
        var depth: Int
        /// The columns of the images standing on it (a run: the walk keeps them together).
        var columns: ClosedRange<Int>
        /// How many images (drawn or not) hold it: more than one makes it shared.
        var holders: Int

        var isShared: Bool { holders > 1 }
    }

    /// A mount beside a container: a volume (with its size) or a bind mount.
    struct MountBox {
        var type: MountType
        /// The volume's name or the bind's host path.
        var source: String
        var destination: String
        /// The volume's size (nil for a bind mount or tmpfs: not docker's to measure).
        var size: Int64?
        var readOnly: Bool
    }

    /// A container's writable layer.
    struct ContainerBox {
        var id: String
        var name: String
        /// `SizeRw`.
        var size: Int64
        var status: ContainerStatus
        var exitCode: Int32
        var mounts: [MountBox]

        var shortID: String { String(id.prefix(12)) }
    }

    /// One image, a column of the picture.
    struct ImageColumn {
        var id: Digest
        /// Its tags (familiar), else its digests, else none (a dangling image).
        var names: [String]
        /// The image record is gone, but a container still stands on its layers.
        var deleted: Bool
        var size: Int64
        /// `SHARED SIZE` of `system df -v`: its layers that another image holds too.
        var sharedSize: Int64
        /// Its layers, bottom first (chainIDs).
        var layers: [Digest]
        /// Its containers, newest first (`ps -a`'s order).
        var containers: [ContainerBox]
        /// Which tree of the forest it stands in (columns of one tree are drawn touching).
        var tree: Int

        var uniqueSize: Int64 { size - sharedSize }
        /// The depth of its top layer (-1 without layers).
        var topDepth: Int { layers.count - 1 }
        /// Its label: first name, or `<none>` and the short ID.
        var title: String { names.first ?? "<none>" }
    }

    /// A volume (every volume is listed, used or not, as `system df -v` does).
    struct VolumeLine {
        var name: String
        var size: Int64
        /// Containers that reference it (`LINKS`).
        var links: Int
    }

    /// The layers by chainID.
    var layers: [Digest: LayerBox] = [:]
    /// The layers in drawing order: by depth, then by first column.
    var layerOrder: [Digest] = []
    var columns: [ImageColumn] = []
    var volumes: [VolumeLine] = []
    /// `system df`'s four rows (TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE).
    var totals: [[String]] = []
    /// Whether names were given (the picture shows part of the storage).
    var isPartial = false

    /// The deepest layer's depth (-1 when there is no layer).
    var maxDepth: Int { layers.values.map(\.depth).max() ?? -1 }

    /// A name `layers` was given that is neither a container nor an image.
    struct UnknownName: Error {
        var name: String
    }

    /// The picture of `engine`'s storage, or of the images and containers `names` name
    /// (a container first, then an image, as `docker inspect` looks them up).
    init(engine: Engine, limitedTo names: [String] = []) throws(UnknownName) {
        let usage = engine.diskUsage()
        var wantedImages: Set<Digest>?
        var wantedContainers: Set<String>?
        if !names.isEmpty {
            isPartial = true
            var images: Set<Digest> = []
            var containers: Set<String> = []
            for name in names {
                if let container = try? engine.findContainer(name) {
                    containers.insert(container.id)
                    images.insert(container.imageID)
                } else if let image = try? engine.findImage(name) {
                    images.insert(image.id)
                    for container in engine.containersUsing(image.id) { containers.insert(container.id) }
                } else {
                    throw UnknownName(name: name)
                }
            }
            wantedImages = images
            wantedContainers = containers
        }

        // The images `system df` counts, and any image a container still stands on.
        var summaries: [Digest: ImageFacts] = [:]
        for summary in usage.images where wantedImages?.contains(summary.image.id) ?? true {
            summaries[summary.image.id] = ImageFacts(
                image: summary.image, names: summary.repoTags.isEmpty ? summary.repoDigests : summary.repoTags,
                sharedSize: summary.sharedSize)
        }
        var containersByImage: [Digest: [Container]] = [:]
        var orphanTops: [Digest: Digest?] = [:]
        for container in usage.containers where wantedContainers?.contains(container.id) ?? true {
            containersByImage[container.imageID, default: []].append(container)
            if summaries[container.imageID] == nil {
                if let image = engine.images[container.imageID] {
                    let tags = engine.repoTags(of: image.id)
                    summaries[image.id] = ImageFacts(
                        image: image, names: tags.isEmpty ? engine.repoDigests(of: image.id) : tags,
                        sharedSize: Self.sharedSize(of: image.topLayer, engine: engine))
                } else {
                    orphanTops[container.imageID] = container.imageTopLayer
                }
            }
        }

        // The layer forest: children by parent, images by top layer.
        var children: [Digest: Set<Digest>] = [:]
        var roots: Set<Digest> = []
        var imagesOnTop: [Digest: [Digest]] = [:]
        var layerless: [Digest] = []
        var tops: [Digest: Digest?] = orphanTops
        for summary in summaries.values { tops[summary.image.id] = summary.image.topLayer }
        var seen: Set<Digest> = []
        for (imageID, top) in tops {
            guard let top else {
                layerless.append(imageID)
                continue
            }
            imagesOnTop[top, default: []].append(imageID)
            var current: Digest? = top
            while let id = current, seen.insert(id).inserted, let layer = engine.layers[id] {
                if let parent = layer.parent {
                    children[parent, default: []].insert(id)
                } else {
                    roots.insert(id)
                }
                current = layer.parent
            }
        }

        // Each image's label, and each subtree's sort key (its smallest label): the walk goes
        // in name order, so pictures are stable.
        var keys: [Digest: String] = [:]
        for id in tops.keys {
            // Named images first, by name; then the others by ID.
            keys[id] = (summaries[id]?.names.first.map { "0" + $0 } ?? "1") + " " + id.hex
        }
        func key(_ id: Digest) -> String { keys[id] ?? id.hex }
        var subtreeKey: [Digest: String] = [:]
        // Keys bottom-up without recursion: layers sorted by depth, deepest first.
        var depth: [Digest: Int] = [:]
        var stack = roots.map { ($0, 0) }
        var byDepth: [Digest] = []
        while let (id, level) = stack.popLast() {
            depth[id] = level
            byDepth.append(id)
            for child in children[id] ?? [] { stack.append((child, level + 1)) }
        }
        for id in byDepth.reversed() {
            var best = (imagesOnTop[id] ?? []).map(key).min()
            for child in children[id] ?? [] {
                if let childKey = subtreeKey[child], best.map({ childKey < $0 }) ?? true { best = childKey }
            }
            subtreeKey[id] = best ?? id.hex
        }

        // The walk: at each layer, the images whose top it is, then its children's subtrees.
        enum Step {
            case enter(Digest)
            case leave(Digest)
        }
        var columnOfImage: [Digest: Int] = [:]
        var firstColumn: [Digest: Int] = [:]
        var tree = -1
        var steps: [Step] = roots.sorted { (subtreeKey[$0] ?? "") > (subtreeKey[$1] ?? "") }.map { .enter($0) }
        while let step = steps.popLast() {
            switch step {
            case .enter(let id):
                if depth[id] == 0 { tree += 1 }
                firstColumn[id] = columns.count
                for imageID in (imagesOnTop[id] ?? []).sorted(by: { key($0) < key($1) }) {
                    columnOfImage[imageID] = columns.count
                    columns.append(Self.column(imageID, summaries[imageID], top: id, tree: tree, engine: engine))
                }
                steps.append(.leave(id))
                let sorted = (children[id] ?? []).sorted { (subtreeKey[$0] ?? "") > (subtreeKey[$1] ?? "") }
                for child in sorted { steps.append(.enter(child)) }
            case .leave(let id):
                guard let layer = engine.layers[id], let first = firstColumn[id] else { continue }
                layers[id] = LayerBox(
                    chainID: id, diffID: layer.diffID, parent: layer.parent, size: layer.diffSize, createdBy: "",
                    depth: depth[id] ?? 0, columns: first...max(first, columns.count - 1),
                    holders: engine.imageHolderCount(of: id))
            }
        }
        for imageID in layerless.sorted(by: { key($0) < key($1) }) {
            tree += 1
            columns.append(Self.column(imageID, summaries[imageID], top: nil, tree: tree, engine: engine))
        }

        // What made each layer: the history entries of the first image that has it.
        for column in columns {
            guard let image = engine.images[column.id] else { continue }
            var steps = image.config.history.filter { !$0.isEmptyLayer }.map(\.createdBy)
            if steps.count != column.layers.count { steps = [] }
            for (index, chainID) in column.layers.enumerated() where layers[chainID]?.createdBy.isEmpty == true {
                layers[chainID]?.createdBy = index < steps.count ? steps[index] : ""
            }
        }
        layerOrder = layers.values.sorted { ($0.depth, $0.columns.lowerBound) < ($1.depth, $1.columns.lowerBound) }
            .map(\.chainID)

        for index in columns.indices {
            columns[index].containers = (containersByImage[columns[index].id] ?? []).map { container in
                Self.containerBox(container, engine: engine)
            }
        }
        let shownVolumes: Set<String>? =
            wantedContainers.map { ids in
                Set(ids.flatMap { engine.containers[$0]?.mountPoints.map(\.name) ?? [] })
            }
        volumes = usage.volumes.filter { shownVolumes?.contains($0.name) ?? true }.map {
            VolumeLine(name: $0.name, size: $0.size, links: $0.referenceCount)
        }
        totals = SystemDfCommand.summaryRows(usage, cache: engine.buildCacheUsage()).map(\.cells)
    }

    /// What a column needs to know of an image.
    private struct ImageFacts {
        var image: Image
        var names: [String]
        var sharedSize: Int64
    }

    private static func column(
        _ id: Digest, _ summary: ImageFacts?, top: Digest?, tree: Int, engine: Engine
    ) -> ImageColumn {
        let chain = engine.layers.chain(from: top)
        return ImageColumn(
            id: id, names: summary?.names ?? [], deleted: summary == nil,
            size: summary?.image.size ?? engine.layers.size(of: top),
            sharedSize: summary?.sharedSize ?? sharedSize(of: top, engine: engine),
            layers: chain.reversed().map(\.chainID), containers: [], tree: tree)
    }

    /// `SHARED SIZE` of a chain: the chain's size from the topmost layer another image holds.
    static func sharedSize(of top: Digest?, engine: Engine) -> Int64 {
        for layer in engine.layers.chain(from: top) where engine.imageHolderCount(of: layer.chainID) > 1 {
            return layer.size
        }
        return 0
    }

    private static func containerBox(_ container: Container, engine: Engine) -> ContainerBox {
        let mounts = container.mountPoints.map { point in
            MountBox(
                type: point.type, source: point.type == .volume ? point.name : point.source,
                destination: point.destination,
                size: point.type == .volume ? engine.volumes[point.name]?.size : nil, readOnly: !point.rw)
        }
        return ContainerBox(
            id: container.id, name: container.name, size: container.sizeRw, status: container.status,
            exitCode: container.exitCode, mounts: mounts)
    }
}
