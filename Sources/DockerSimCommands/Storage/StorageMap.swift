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
        summaries.reserveCapacity(usage.images.count)
        for index in usage.images.indices where wantedImages?.contains(usage.images[index].image.id) ?? true {
            let summary = usage.images[index]
            let tags = summary.repoTags
            summaries[summary.image.id] = ImageFacts(
                topLayer: summary.image.topLayer, size: summary.image.size,
                names: tags.isEmpty ? summary.repoDigests : tags, sharedSize: summary.sharedSize)
        }
        var containersByImage: [Digest: [ContainerBox]] = [:]
        var orphanTops: [Digest: Digest?] = [:]
        for container in usage.containers where wantedContainers?.contains(container.id) ?? true {
            containersByImage[container.imageID, default: []].append(Self.containerBox(container, engine: engine))
            if summaries[container.imageID] == nil {
                if let image = engine.images[container.imageID] {
                    let tags = engine.repoTags(of: image.id)
                    summaries[image.id] = ImageFacts(
                        topLayer: image.topLayer, size: image.size,
                        names: tags.isEmpty ? engine.repoDigests(of: image.id) : tags,
                        sharedSize: Self.sharedSize(of: image.topLayer, engine: engine))
                } else {
                    orphanTops[container.imageID] = container.imageTopLayer
                }
            }
        }

        // The layer forest: each layer a node (an index into `nodes`, so that the walk below
        // looks a digest up once), its children, the images whose top it is.
        struct Node {
            var id: Digest
            /// The layer's facts (nil when the store does not have it).
            var diffID: Digest?
            var parent: Digest?
            var size: Int64 = 0
            /// The step that made it, once an image standing on it has said (see below).
            var createdBy: String?
            var children: [Int] = []
            /// The images on it, with their sort keys.
            var images: [(id: Digest, key: String)] = []
            var depth = 0
            /// The smallest key of the images in its subtree.
            var subtreeKey = ""
        }
        var nodes: [Node] = []
        var nodeIndex: [Digest: Int] = [:]
        var roots: [Int] = []
        var layerless: [Digest] = []
        var tops: [Digest: Digest?] = orphanTops
        for (id, summary) in summaries { tops[id] = summary.topLayer }
        nodes.reserveCapacity(tops.count * 2)
        nodeIndex.reserveCapacity(tops.count * 2)
        var keys: [Digest: String] = [:]
        for (imageID, top) in tops {
            // Named images first, by name; then the others by ID: the walk goes in name order,
            // so pictures are stable.
            let key = (summaries[imageID]?.names.first.map { "0" + $0 } ?? "1") + " " + imageID.hex
            keys[imageID] = key
            guard let top else {
                layerless.append(imageID)
                continue
            }
            var current: Digest? = top
            var child: Int?
            while let id = current {
                let index: Int
                let isNew: Bool
                if let known = nodeIndex[id] {
                    (index, isNew) = (known, false)
                } else {
                    (index, isNew) = (nodes.count, true)
                    nodeIndex[id] = index
                    nodes.append(Node(id: id))
                }
                if let child { nodes[index].children.append(child) } else { nodes[index].images.append((imageID, key)) }
                // A layer seen before: the chain under it is known already.
                guard isNew, let layer = engine.layers[id] else { break }
                nodes[index].diffID = layer.diffID
                nodes[index].parent = layer.parent
                nodes[index].size = layer.diffSize
                if layer.parent == nil { roots.append(index) }
                current = layer.parent
                child = index
            }
        }
        func key(_ id: Digest) -> String { keys[id] ?? id.hex }

        // Depths from the roots down; then each subtree's key, deepest layers first.
        var stack = roots
        var byDepth: [Int] = []
        byDepth.reserveCapacity(nodes.count)
        while let index = stack.popLast() {
            byDepth.append(index)
            for child in nodes[index].children {
                nodes[child].depth = nodes[index].depth + 1
                stack.append(child)
            }
        }
        for index in byDepth.reversed() {
            var best = nodes[index].images.lazy.map(\.key).min()
            for child in nodes[index].children where best.map({ nodes[child].subtreeKey < $0 }) ?? true {
                best = nodes[child].subtreeKey
            }
            nodes[index].subtreeKey = best ?? nodes[index].id.hex
        }

        // The walk: at each layer, the images whose top it is, then its children's subtrees.
        enum Step {
            case enter(Int)
            case leave(Int, firstColumn: Int)
        }
        var tree = -1
        // The layers from the root down to the one the walk is in: the chain of an image on it.
        var path: [Digest] = []
        var pathNodes: [Int] = []
        // The layers left at each depth: the walk leaves the layers of one depth in the order of
        // their first columns (their runs of columns do not overlap), so no sort is needed.
        var order: [[Digest]] = []
        var steps: [Step] = roots.sorted { nodes[$0].subtreeKey > nodes[$1].subtreeKey }.map { .enter($0) }
        layers.reserveCapacity(nodes.count)
        while let step = steps.popLast() {
            switch step {
            case .enter(let index):
                let node = nodes[index]
                if node.depth == 0 { tree += 1 }
                path.append(node.id)
                pathNodes.append(index)
                steps.append(.leave(index, firstColumn: columns.count))
                let images = node.images.count > 1 ? node.images.sorted(by: { $0.key < $1.key }) : node.images
                for image in images {
                    // What made each layer: the history of the first image that has it and whose
                    // history has one entry per layer. The layers above the first that is known
                    // are the ones still unknown (an image that says sets its whole chain).
                    if nodes[index].createdBy == nil, let history = engine.images[image.id]?.config.history {
                        var steps = 0
                        for entry in history where !entry.isEmptyLayer { steps += 1 }
                        if steps == path.count {
                            // The entries that made layers, from the top down, as far as unknown.
                            var depth = path.count - 1
                            var entry = history.count - 1
                            while depth >= 0, nodes[pathNodes[depth]].createdBy == nil {
                                while history[entry].isEmptyLayer { entry -= 1 }
                                nodes[pathNodes[depth]].createdBy = history[entry].createdBy
                                entry -= 1
                                depth -= 1
                            }
                        }
                    }
                    columns.append(
                        Self.column(
                            image.id, summaries[image.id], top: node.id, layers: path,
                            containers: containersByImage[image.id], tree: tree, engine: engine))
                }
                if node.children.count > 1 {
                    let sorted = node.children.sorted { nodes[$0].subtreeKey > nodes[$1].subtreeKey }
                    for child in sorted { steps.append(.enter(child)) }
                } else if let child = node.children.first {
                    steps.append(.enter(child))
                }
            case .leave(let index, let first):
                path.removeLast()
                pathNodes.removeLast()
                let id = nodes[index].id
                guard let diffID = nodes[index].diffID else { continue }
                let range = first...max(first, columns.count - 1)
                let level = nodes[index].depth
                layers[id] = LayerBox(
                    chainID: id, diffID: diffID, parent: nodes[index].parent, size: nodes[index].size,
                    createdBy: nodes[index].createdBy ?? "", depth: level, columns: range,
                    holders: engine.imageHolderCount(of: id))
                while order.count <= level { order.append([]) }
                order[level].append(id)
            }
        }
        for imageID in layerless.sorted(by: { key($0) < key($1) }) {
            tree += 1
            columns.append(
                Self.column(
                    imageID, summaries[imageID], top: nil, layers: [], containers: containersByImage[imageID],
                    tree: tree, engine: engine))
        }
        layerOrder = Array(order.joined())

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
        var topLayer: Digest?
        var size: Int64
        var names: [String]
        var sharedSize: Int64
    }

    /// A column: `layers` is its chain, bottom first (the walk's path to its top layer).
    private static func column(
        _ id: Digest, _ summary: ImageFacts?, top: Digest?, layers: [Digest], containers: [ContainerBox]?, tree: Int,
        engine: Engine
    ) -> ImageColumn {
        ImageColumn(
            id: id, names: summary?.names ?? [], deleted: summary == nil,
            size: summary?.size ?? engine.layers.size(of: top),
            sharedSize: summary?.sharedSize ?? sharedSize(of: top, engine: engine),
            layers: layers, containers: containers ?? [], tree: tree)
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
