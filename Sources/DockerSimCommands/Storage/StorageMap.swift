import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// The map's chains, whose node `node` is this layer's (its facts read from there: no
        /// reference to them kept per box, so none retained and released per layer).
        fileprivate let chains: LayerChains
        fileprivate let node: Int
        /// The engine's facts of the layer (its digests are read from them).
        var facts: Layer.Facts { chains.nodes[node].facts! }
        var chainID: Digest { facts.chainID }
        var diffID: Digest { facts.diffID }
        var parent: Digest? { facts.parent }
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
        /// The engine's references of the image (none for a deleted one): its ``names`` are
        /// made from them when asked (no string made per image for a drawing).
        let references: [ImageReference]
        /// The image record is gone, but a container still stands on its layers.
        var deleted: Bool
        var size: Int64
        /// `SHARED SIZE` of `system df -v`: its layers that another image holds too.
        var sharedSize: Int64
        /// Which tree of the forest it stands in (columns of one tree are drawn touching).
        var tree: Int
        /// The depth of its top layer (-1 without layers).
        var topDepth: Int
        /// The map's layer chains and containers, its top layer's place in the chains (-1
        /// without layers) and its containers' place in the map's containers.
        fileprivate var chains: LayerChains?
        fileprivate var top = -1
        fileprivate var containerRange = 0..<0
        /// Its only tag's familiar name in the chains' ``LayerChains/names``: the path at
        /// `tagStart..<tagColon`, the tag after the colon up to `tagEnd` (`tagStart` -1: none,
        /// ``names`` has it).
        fileprivate var tagStart = -1
        fileprivate var tagColon = 0
        fileprivate var tagEnd = 0

        /// Its tags (familiar), else its digests, else none (a dangling image).
        var names: [String] { Self.names(of: references) }

        /// Its containers, newest first (`ps -a`'s order).
        var containers: [ContainerBox] {
            guard let chains, !containerRange.isEmpty else { return [] }
            return Array(chains.containers[containerRange])
        }

        /// How many containers it has.
        var containerCount: Int { containerRange.count }

        /// Runs `body` with its containers (``containers``) read in place.
        func withContainers<Result>(_ body: (UnsafeBufferPointer<ContainerBox>) -> Result) -> Result {
            guard let chains, !containerRange.isEmpty else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return chains.containers.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[containerRange])) }
        }

        /// ``names`` of `references`: the tags (familiar), else the digests.
        static func names(of references: [ImageReference]) -> [String] {
            var tags: [String] = []
            var digests: [String] = []
            for reference in references {
                if reference.digest == nil {
                    tags.append(StorageMap.familiar(reference))
                } else {
                    digests.append(reference.familiarString)
                }
            }
            return tags.isEmpty ? digests : tags
        }

        /// Runs `body` with the bytes of its only name, whole (``withOnlyTag(_:)``'s path, a
        /// colon and its tag); nil when ``withOnlyTag(_:)`` is.
        func withOnlyTagName<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
            withUnsafePointer(to: self) { Self.withOnlyTagName(of: $0, body) }
        }

        /// ``withOnlyTagName(_:)`` of the column at `column`, its fields read one by one (a
        /// method called through the pointer copied the whole column first).
        static func withOnlyTagName<Result>(
            of column: UnsafePointer<ImageColumn>, _ body: (UnsafeBufferPointer<UInt8>) -> Result
        ) -> Result? {
            let start = column.pointee.tagStart
            guard start >= 0, let chains = column.pointee.chains else { return nil }
            let end = column.pointee.tagEnd
            return chains.names.withUnsafeBufferPointer { bytes in
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
        }

        /// ``withContainers(_:)`` of the column at `column`, its fields read one by one.
        static func withContainers<Result>(
            of column: UnsafePointer<ImageColumn>, _ body: (UnsafeBufferPointer<ContainerBox>) -> Result
        ) -> Result {
            let range = column.pointee.containerRange
            guard let chains = column.pointee.chains, !range.isEmpty else {
                return body(UnsafeBufferPointer(start: nil, count: 0))
            }
            return chains.containers.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }

        /// Runs `body` with the bytes of its only name when that name is a tag on Docker Hub
        /// written as ``StorageMap/familiar(_:)`` writes it in one piece: the path (without
        /// `library/`) and the tag, which the name joins with a colon; nil otherwise (then
        /// ``names`` has it).
        func withOnlyTag<Result>(
            _ body: (_ path: UnsafeBufferPointer<UInt8>, _ tag: UnsafeBufferPointer<UInt8>) -> Result
        ) -> Result? {
            // Made once by the map (``withFamiliarParts(_:_:)`` of the one reference), read here.
            guard tagStart >= 0, let chains else { return nil }
            return chains.names.withUnsafeBufferPointer { bytes in
                body(
                    UnsafeBufferPointer(rebasing: bytes[tagStart..<tagColon]),
                    UnsafeBufferPointer(rebasing: bytes[(tagColon + 1)..<tagEnd]))
            }
        }

        var uniqueSize: Int64 { size - sharedSize }
        /// Its layers, bottom first (chainIDs), read from the chains the columns share.
        var layers: [Digest] {
            guard let chains, top >= 0 else { return [] }
            var chain: [Digest] = []
            chain.reserveCapacity(topDepth + 1)
            var current = top
            while current >= 0 {
                chain.append(chains.id(current))
                current = chains.nodes[current].parentNode ?? -1
            }
            chain.reverse()
            return chain
        }
        /// Its label: first name, or `<none>` and the short ID.
        var title: String { names.first ?? "<none>" }
    }

    /// The layers under the columns, shared by them and by the layer boxes (a column's layers
    /// are its top's chain: one array of nodes for the map, not one per column).
    fileprivate final class LayerChains: @unchecked Sendable {
        /// The forest's nodes: each layer's facts in the store (nil: not in the store, its
        /// chainID in ``missing``) and the node under it. The map's own array, moved here once
        /// the map is made (no facts retained again per layer), and never changed after
        /// (`@unchecked`: set by ``StorageMap/init(engine:limitedTo:)`` before it returns, then
        /// only read.)
        fileprivate var nodes: [Forest.Node] = []
        /// The chainIDs of the layers not in the store, by node.
        fileprivate var missing: [Int: Digest] = [:]
        /// The containers drawn, each image's together, newest first (one array for the map,
        /// not one per column).
        let containers: [ContainerBox]
        /// The bytes of the columns' familiar tags (``ImageColumn/withOnlyTag(_:)``), among others.
        let names: [UInt8]

        init(containers: [ContainerBox], names: [UInt8]) {
            self.containers = containers
            self.names = names
        }

        /// The chainID of the layer at `index`.
        func id(_ index: Int) -> Digest { nodes[index].facts?.chainID ?? missing[index]! }
    }

    /// A volume (every volume is listed, used or not, as `system df -v` does).
    struct VolumeLine {
        var name: String
        var size: Int64
        /// Containers that reference it (`LINKS`).
        var links: Int
    }

    /// The layers in drawing order: by depth, then by first column.
    var layerBoxes: [LayerBox] = []
    var columns: [ImageColumn] = []
    var volumes: [VolumeLine] = []
    /// `system df`'s four rows (TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE).
    var totals: [[String]] = []
    /// Whether names were given (the picture shows part of the storage).
    var isPartial = false

    /// The layers by chainID (made on each use: the drawings read ``layerBoxes``).
    var layers: [Digest: LayerBox] {
        Dictionary(layerBoxes.map { ($0.chainID, $0) }, uniquingKeysWith: { first, _ in first })
    }
    /// The layers' chainIDs in drawing order.
    var layerOrder: [Digest] { layerBoxes.map(\.chainID) }
    /// The deepest layer's depth (-1 when there is no layer).
    var maxDepth: Int { layerBoxes.reduce(-1) { max($0, $1.depth) } }

    /// A name `layers` was given that is neither a container nor an image.
    struct UnknownName: Error {
        var name: String
    }

    /// What a drawing of the whole storage would hold, without making it (the terminal's "too
    /// large" answer): the columns, the layers and the containers ``init(engine:limitedTo:)`` makes.
    static func census(engine: Engine) -> (images: Int, layers: Int, containers: Int) {
        var forest = Forest(engine: engine, wantedImages: nil, holders: false)
        var containers = 0
        for (_, container) in engine.containers {
            containers += 1
            forest.addImage(of: container, engine: engine)
        }
        forest.growNewTops(engine: engine)
        return (forest.entries.count, forest.layerCount, containers)
    }

    /// The picture of `engine`'s storage, or of the images and containers `names` name
    /// (a container first, then an image, as `docker inspect` looks them up).
    ///
    /// It reads the engine's stores straight (each layer found once, by an index into the
    /// forest below), and sums `system df`'s totals on the way when it draws everything.
    init(engine: Engine, limitedTo names: [String] = []) throws(UnknownName) {
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

        // The images `system df` counts (those wanted), with the layer forest under them; then
        // the images the containers stand on that are not among them.
        // The whole storage: how many images hold each layer is counted from the forest (when it
        // holds every image) instead of asked of the engine layer by layer.
        var forest = Forest(engine: engine, wantedImages: wantedImages, holders: wantedImages != nil)
        let topLevelCount = forest.entries.count
        let topLevelLayersSize = forest.layersSize
        var counts = ContainerCounts()
        var drawn: [(entry: Int, created: Timestamp, sequence: Int)] = []
        var boxes: [ContainerBox] = []
        drawn.reserveCapacity(wantedContainers?.count ?? engine.containers.count)
        boxes.reserveCapacity(wantedContainers?.count ?? engine.containers.count)
        for (_, container) in engine.containers {
            counts.add(container)
            guard wantedContainers?.contains(container.id) ?? true else { continue }
            let entry = forest.addImage(of: container, engine: engine)
            drawn.append((entry, container.created, container.sequence))
            boxes.append(Self.containerBox(container, engine: engine))
        }
        forest.growNewTops(engine: engine)
        var nodes: [Forest.Node] = []
        swap(&nodes, &forest.nodes)
        let entries = forest.entries

        // The containers by image: where each image's run starts in `byEntry` (a counting sort).
        var drawnStarts = [Int](repeating: 0, count: entries.count + 1)
        for container in drawn { drawnStarts[container.entry + 1] += 1 }
        for entry in 0..<entries.count { drawnStarts[entry + 1] += drawnStarts[entry] }
        // (Constants from here: what the closures below read is not checked access by access.)
        let firstDrawn = drawnStarts
        var byEntry = [Int](repeating: 0, count: drawn.count)
        do {
            var next = firstDrawn
            for (index, container) in drawn.enumerated() {
                byEntry[next[container.entry]] = index
                next[container.entry] += 1
            }
        }
        // Each image's containers newest first, then the boxes moved to their places by swaps
        // (no box copied): the map's one array of containers.
        for entry in 0..<entries.count where firstDrawn[entry + 1] - firstDrawn[entry] > 1 {
            byEntry[firstDrawn[entry]..<firstDrawn[entry + 1]].sort { a, b in
                drawn[a].created != drawn[b].created
                    ? drawn[a].created > drawn[b].created : drawn[a].sequence > drawn[b].sequence
            }
        }
        do {
            var places = [Int](repeating: 0, count: boxes.count)
            for (place, index) in byEntry.enumerated() { places[index] = place }
            Self.permute(&boxes, to: &places)
        }

        // Depths from the roots down (parents before children).
        var stack = Stack(forest.roots)
        var byDepth: [Int] = []
        byDepth.reserveCapacity(nodes.count)
        while let index = stack.pop() {
            byDepth.append(index)
            var child = nodes[index].firstChild
            while child >= 0 {
                nodes[child].depth = nodes[index].depth + 1
                stack.push(child)
                child = nodes[child].nextSibling
            }
        }
        if wantedImages == nil {
            // Each layer's holders: the images standing on it or above, when the forest holds
            // every image the engine has (else the engine's count, layer by layer).
            // (Entries read by index: a copy of one retains its whole image record.)
            var withRecord = 0
            for entry in entries.indices where entries[entry].image != nil { withRecord += 1 }
            if withRecord == engine.images.count && byDepth.count == nodes.count {
                // As the engine counts them (each image adds one to every layer of its chain),
                // summed from the deepest layers up: a layer's images and its children's holders.
                nodes.withUnsafeMutableBufferPointer { nodes in
                    for index in byDepth.reversed() {
                        var count = 0
                        var image = nodes[index].firstImage
                        while image >= 0 {
                            if entries[image].image != nil { count += 1 }
                            image = entries[image].nextOnTop
                        }
                        var child = nodes[index].firstChild
                        while child >= 0 {
                            count += nodes[child].holders
                            child = nodes[child].nextSibling
                        }
                        nodes[index].holders = nodes[index].hasLayer ? count : 0
                    }
                }
            } else if withRecord == engine.images.count {
                // As the engine counts them: each image adds one to every layer of its chain.
                for entry in entries.indices where entries[entry].image != nil {
                    var current = entries[entry].topNode
                    while let index = current, nodes[index].hasLayer {
                        nodes[index].holders += 1
                        current = nodes[index].parentNode
                    }
                }
            } else {
                for index in nodes.indices where nodes[index].hasLayer {
                    nodes[index].holders = engine.imageHolderCount(of: nodes[index].facts!.chainID)
                }
            }
        }

        // Each image's facts: its names (tags, else digests), sizes and sort rank.
        struct Facts {
            var references: [ImageReference] = []
            var size: Int64 = 0
            var sharedSize: Int64 = 0
        }
        var madeFacts: [Facts] = []
        madeFacts.reserveCapacity(entries.count)
        for entry in entries.indices {
            var fact = Facts()
            if entries[entry].image != nil {
                let size = entries[entry].size
                // (Read once, when the forest asked whether the image is top-level.)
                fact.references = entries[entry].references ?? engine.references(of: entries[entry].id)
                fact.size = size
            } else {
                fact.size = engine.layers.size(of: entries[entry].top)
            }
            // `SHARED SIZE`: the chain's size from the topmost layer another image holds.
            var current = entries[entry].topNode
            while let index = current, nodes[index].hasLayer {
                if nodes[index].holders > 1 {
                    fact.sharedSize = nodes[index].chainSize
                    break
                }
                current = nodes[index].parentNode
            }
            madeFacts.append(fact)
        }
        let facts = madeFacts
        // Named images first, by name; then the others by ID: the walk goes in name order, so
        // pictures are stable. The keys are the texts "0NAME HEX" and "1 HEX", compared as bytes
        // (names are ASCII: the order of the strings), laid end to end in one buffer.
        // A key's name part is also the column's familiar tag (``ImageColumn/withOnlyTag(_:)``):
        // each image's reference is read once, here.
        var keyBytes: [UInt8] = []
        var keyRanges: [Range<Int>] = []
        var tags = [(start: Int, colon: Int, end: Int)](repeating: (-1, 0, 0), count: entries.count)
        keyBytes.reserveCapacity(entries.count * 96)
        keyRanges.reserveCapacity(entries.count)
        for entry in entries.indices {
            let start = keyBytes.count
            let references = facts[entry].references
            // The usual image: its one tag's bytes (no string made), the reference read in place.
            let oneTag: Void? =
                references.count == 1
                ? references.withUnsafeBufferPointer { references in
                    Self.withFamiliarParts(references[0]) { path, tag in
                        keyBytes.append(0x30)
                        keyBytes.append(contentsOf: path)
                        let colon = keyBytes.count
                        keyBytes.append(0x3A)
                        keyBytes.append(contentsOf: tag)
                        tags[entry] = (start + 1, colon, keyBytes.count)
                    }
                } : nil
            if oneTag == nil {
                if var name = ImageColumn.names(of: references).first {
                    keyBytes.append(0x30)
                    name.withUTF8 { keyBytes.append(contentsOf: $0) }
                } else {
                    keyBytes.append(0x31)
                }
            }
            keyBytes.append(0x20)
            var hex = entries[entry].id.hex
            hex.withUTF8 { keyBytes.append(contentsOf: $0) }
            keyRanges.append(start..<keyBytes.count)
        }
        var ranks = [Int](repeating: 0, count: entries.count)
        keyBytes.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress!
            // The bytes all keys start with are skipped: the next eight (zeros past a key's end)
            // order most pairs as a number; the rest compare as bytes.
            var common = keyRanges.first?.count ?? 0
            if let first = keyRanges.first {
                for range in keyRanges.dropFirst() {
                    var same = 0
                    let most = min(common, range.count)
                    while same < most, base[first.lowerBound + same] == base[range.lowerBound + same] { same += 1 }
                    common = same
                }
            }
            var keyed: [(prefix: UInt64, entry: Int)] = []
            keyed.reserveCapacity(entries.count)
            for entry in entries.indices {
                let range = keyRanges[entry]
                var prefix: UInt64 = 0
                for offset in 0..<8 {
                    let at = range.lowerBound + common + offset
                    prefix = prefix << 8 | UInt64(at < range.upperBound ? base[at] : 0)
                }
                keyed.append((prefix, entry))
            }
            Self.sortKeys(&keyed) { a, b in
                let left = keyRanges[a]
                let right = keyRanges[b]
                let shortest = min(left.count, right.count)
                let order = memcmp(base + left.lowerBound, base + right.lowerBound, shortest)
                return order != 0 ? order < 0 : left.count < right.count
            }
            for (position, key) in keyed.enumerated() { ranks[key.entry] = position }
        }
        let rank = ranks

        // Each subtree's smallest rank, deepest layers first.
        for index in byDepth.reversed() {
            var best = Int.max
            var image = nodes[index].firstImage
            while image >= 0 {
                best = min(best, rank[image])
                image = entries[image].nextOnTop
            }
            var child = nodes[index].firstChild
            while child >= 0 {
                best = min(best, nodes[child].subtreeRank)
                child = nodes[child].nextSibling
            }
            nodes[index].subtreeRank = best
        }

        // The walk: at each layer, the images whose top it is, then its children's subtrees.
        enum Step {
            case enter(Int)
            case leave(Int, firstColumn: Int)
        }
        var tree = -1
        // The layers from the root down to the one the walk is in: the chain of an image on it.
        var pathNodes: [Int] = []
        let chains = LayerChains(containers: boxes, names: keyBytes)
        boxes = []
        var nodeChildren: [Int] = []
        var nodeImages: [Int] = []
        // The layers as the walk leaves them, and their depths: the walk leaves the layers of one
        // depth in the order of their first columns (their runs of columns do not overlap), so
        // putting them by depth keeps that order (a counting sort, below).
        var walked: [LayerBox] = []
        var walkedDepths: [Int] = []
        walked.reserveCapacity(forest.layerCount)
        walkedDepths.reserveCapacity(forest.layerCount)
        var steps = Stack<Step>(
            forest.roots.sorted { nodes[$0].subtreeRank > nodes[$1].subtreeRank }.map { .enter($0) })
        columns.reserveCapacity(entries.count)
        // (Reads constants only, and its arguments: nothing it captures changes.)
        let tagRanges = tags
        func column(_ entry: Int, tree: Int, top: Int, topDepth: Int) -> ImageColumn {
            ImageColumn(
                id: entries[entry].id, references: facts[entry].references, deleted: entries[entry].image == nil,
                size: facts[entry].size, sharedSize: facts[entry].sharedSize,
                tree: tree, topDepth: topDepth, chains: chains, top: top,
                containerRange: firstDrawn[entry]..<firstDrawn[entry + 1], tagStart: tagRanges[entry].start,
                tagColon: tagRanges[entry].colon, tagEnd: tagRanges[entry].end)
        }
        while let step = steps.pop() {
            switch step {
            case .enter(let index):
                if nodes[index].depth == 0 { tree += 1 }
                pathNodes.append(index)
                steps.push(.leave(index, firstColumn: columns.count))
                // The images on it in rank order (an array only when there are several).
                let firstImage = nodes[index].firstImage
                if firstImage < 0 {
                    if !nodeImages.isEmpty { nodeImages.removeAll(keepingCapacity: true) }
                } else if entries[firstImage].nextOnTop < 0 {
                    if nodeImages.count == 1 {
                        nodeImages[0] = firstImage
                    } else {
                        nodeImages.removeAll(keepingCapacity: true)
                        nodeImages.append(firstImage)
                    }
                } else {
                    nodeImages.removeAll(keepingCapacity: true)
                    var next = firstImage
                    while next >= 0 {
                        nodeImages.append(next)
                        next = entries[next].nextOnTop
                    }
                    nodeImages.sort { rank[$0] < rank[$1] }
                }
                for image in nodeImages {
                    // What made each layer: the history of the first image that has it and whose
                    // history has one entry per layer. The layers above the first that is known
                    // are the ones still unknown (an image that says sets its whole chain).
                    // (The history read in place: a copy of each entry retained its texts.)
                    // (How many entries made layers is counted once, when the image is made: only
                    // the entries read here are touched.)
                    if !nodes[index].createdByKnown, let record = entries[image].image,
                        record.layerSteps == pathNodes.count
                    {
                        record.config.history.withUnsafeBufferPointer { history in
                            // The entries that made layers, from the top down, as far as unknown.
                            var depth = pathNodes.count - 1
                            var entry = history.count - 1
                            while depth >= 0, !nodes[pathNodes[depth]].createdByKnown {
                                while history[entry].isEmptyLayer { entry -= 1 }
                                nodes[pathNodes[depth]].createdBy = history[entry].createdBy
                                nodes[pathNodes[depth]].createdByKnown = true
                                entry -= 1
                                depth -= 1
                            }
                        }
                    }
                    columns.append(column(image, tree: tree, top: index, topDepth: nodes[index].depth))
                }
                let firstChild = nodes[index].firstChild
                if firstChild >= 0 && nodes[firstChild].nextSibling < 0 {
                    steps.push(.enter(firstChild))  // one child: nothing to sort
                } else if firstChild >= 0 {
                    nodeChildren.removeAll(keepingCapacity: true)
                    var child = firstChild
                    while child >= 0 {
                        nodeChildren.append(child)
                        child = nodes[child].nextSibling
                    }
                    nodeChildren.sort { nodes[$0].subtreeRank > nodes[$1].subtreeRank }
                    for child in nodeChildren { steps.push(.enter(child)) }
                }
            case .leave(let index, let first):
                pathNodes.removeLast()
                guard nodes[index].hasLayer else { continue }
                let level = nodes[index].depth
                walkedDepths.append(level)
                // The step moved to the box (the walk never reads a node it has left).
                var step = ""
                swap(&step, &nodes[index].createdBy)
                walked.append(
                    LayerBox(
                        chains: chains, node: index, size: nodes[index].size, createdBy: step, depth: level,
                        columns: first...max(first, columns.count - 1), holders: nodes[index].holders))
            }
        }
        for entry in forest.layerless.sorted(by: { rank[$0] < rank[$1] }) {
            tree += 1
            columns.append(column(entry, tree: tree, top: -1, topDepth: -1))
        }
        // By depth, each depth in walk order: every box's place counted, then the boxes moved
        // there by swaps (no box copied).
        var starts = [Int](repeating: 0, count: (walkedDepths.max() ?? -1) + 2)
        for depth in walkedDepths { starts[depth + 1] += 1 }
        for depth in 0..<starts.count - 1 { starts[depth + 1] += starts[depth] }
        var places = [Int](repeating: 0, count: walked.count)
        for index in walked.indices {
            places[index] = starts[walkedDepths[index]]
            starts[walkedDepths[index]] += 1
        }
        Self.permute(&walked, to: &places)
        layerBoxes = walked
        // The nodes handed to the chains the columns and boxes read (moved: no copy).
        for (id, index) in forest.missingIndex { chains.missing[index] = id }
        swap(&chains.nodes, &nodes)

        let shownVolumes: Set<String>? =
            wantedContainers.map { ids in
                Set(ids.flatMap { engine.containers[$0]?.mountPoints.map(\.name) ?? [] })
            }
        let measured = engine.volumesByName.filter { $0.driver == "local" && ($0.options?.isEmpty ?? true) }
        volumes = measured.filter { shownVolumes?.contains($0.name) ?? true }.map {
            VolumeLine(name: $0.name, size: $0.size, links: $0.referenceCount)
        }

        // `system df`'s totals: of the whole storage, whatever is drawn.
        var images = ImageCounts(count: topLevelCount, layersSize: topLevelLayersSize)
        if isPartial {
            images = Self.imageCounts(engine: engine)
        } else {
            // Every container is drawn: an image's run of them is all of its containers.
            for entry in 0..<topLevelCount where firstDrawn[entry + 1] > firstDrawn[entry] {
                images.active += 1
                images.used += facts[entry].size - facts[entry].sharedSize
            }
        }
        totals = Self.totalsRows(images: images, containers: counts, volumes: measured, cache: engine.buildCacheUsage())
    }

    /// A last-in first-out stack that keeps its storage as it shrinks (an array's `popLast`
    /// was a call per element).
    fileprivate struct Stack<Element> {
        private var items: [Element]
        private var count: Int

        init(_ items: [Element]) {
            self.items = items
            count = items.count
        }

        @inline(__always)
        mutating func push(_ item: Element) {
            if count < items.count {
                items[count] = item
            } else {
                items.append(item)
            }
            count += 1
        }

        @inline(__always)
        mutating func pop() -> Element? {
            guard count > 0 else { return nil }
            count -= 1
            return items[count]
        }
    }

    /// The images, their containers and the layer forest under them, each layer found once.
    fileprivate struct Forest {
        struct Entry {
            var id: Digest
            /// nil: the image record is gone (a container still stands on its layers).
            var image: Image?
            /// Its top layer's chainID, when ``topFacts`` are not known (nil: none, or known; a
            /// digest copied is a string retained, its storage cold).
            var top: Digest?
            /// The store's facts of its top layer (nil: looked up by ``top``).
            var topFacts: Layer.Facts?
            /// The image's size (0 without a record), read with its top layer.
            var size: Int64 = 0
            /// Its references, when read to tell whether it is top-level (nil: not read).
            var references: [ImageReference]?
            /// The node of its top layer (nil without one).
            var topNode: Int?
            /// The next entry on the same top layer (-1: none).
            var nextOnTop = -1
        }
        struct Node {
            /// The store's facts of the layer (nil: not in the store; its chainID is the key of
            /// ``Forest/missingIndex``). Its digests are read from them (one reference kept, no
            /// string).
            var facts: Layer.Facts?
            var hasLayer: Bool { facts != nil }
            var parentNode: Int?
            var size: Int64 = 0
            var chainSize: Int64 = 0
            var holders = 0
            /// The step that made it (``createdByKnown``: found in a history).
            var createdBy = ""
            var createdByKnown = false
            /// Its first child and the next child of its parent (-1: none): no array per node.
            var firstChild = -1
            var nextSibling = -1
            /// The first entry whose top layer it is (then ``Entry/nextOnTop``; -1: none).
            var firstImage = -1
            var depth = 0
            var subtreeRank = Int.max
        }
        var entries: [Entry] = []
        var entryIndex: [Digest: Int] = [:]
        var nodes: [Node] = []
        /// The nodes of the store's layers, by their facts' identity (no digest hashed).
        var nodeIndex: [ObjectIdentifier: Int] = [:]
        /// The nodes of layers not in the store, by chainID.
        var missingIndex: [Digest: Int] = [:]
        var roots: [Int] = []
        var layerless: [Int] = []
        /// The nodes with a layer.
        var layerCount = 0
        /// The sum of the layers' own sizes, each once.
        var layersSize: Int64 = 0
        /// The entries whose chains are not in the forest yet.
        private var grown = 0
        /// Whether each layer's ``Node/holders`` is asked of the engine (else left 0 for the caller).
        private let holders: Bool

        /// The top-level images (`docker images`'s, as `system df` counts them), those of
        /// `wantedImages` only when given, with their chains; each layer's holders asked of the
        /// engine unless `holders` is false.
        init(engine: Engine, wantedImages: Set<Digest>?, holders: Bool = true) {
            self.holders = holders
            entries.reserveCapacity(wantedImages?.count ?? engine.images.count)
            entryIndex.reserveCapacity(wantedImages?.count ?? engine.images.count)
            nodes.reserveCapacity(engine.layers.layers.count)
            nodeIndex.reserveCapacity(engine.layers.layers.count)
            // Those `docker images` lists: named, or without children (the references kept:
            // the map reads them again for the names).
            func addListed(_ id: Digest, _ image: Image) {
                let references = engine.references(of: id)
                guard !references.isEmpty || !engine.hasChildren(id) else { return }
                add(
                    Entry(
                        id: id, image: image, top: Self.topWhenUnlinked(image), topFacts: image.topLayerFacts,
                        size: image.size, references: references))
            }
            if let wantedImages {
                for id in wantedImages {
                    if let image = engine.images[id] { addListed(id, image) }
                }
            } else {
                for (id, image) in engine.images { addListed(id, image) }
            }
            growNewTops(engine: engine)
        }

        /// The image's top layer's chainID, when the image does not link its facts.
        private static func topWhenUnlinked(_ image: Image) -> Digest? {
            image.topLayerFacts == nil ? image.topLayer : nil
        }

        private mutating func add(_ entry: Entry) {
            entryIndex[entry.id] = entries.count
            entries.append(entry)
        }

        /// The entry of the image `container` stands on, added when new; its index.
        @discardableResult
        mutating func addImage(of container: Container, engine: Engine) -> Int {
            if let known = entryIndex[container.imageID] { return known }
            let image = engine.images[container.imageID]
            add(
                Entry(
                    id: container.imageID, image: image,
                    top: image.map(Self.topWhenUnlinked) ?? container.imageTopLayer,
                    topFacts: image?.topLayerFacts, size: image?.size ?? 0))
            return entries.count - 1
        }

        /// Puts the chains of the entries added since the last call into the forest.
        mutating func growNewTops(engine: Engine) {
            while grown < entries.count {
                let entry = grown
                grown += 1
                // The chain followed through the facts' links (``Layer/Facts/below``): the
                // top's facts from the image (or one look-up), none for the layers under it.
                let top = entries[entry].top
                var current = entries[entry].topFacts ?? top.flatMap { engine.layers[$0]?.facts }
                guard current != nil || top != nil else {
                    layerless.append(entry)
                    continue
                }
                var missing: Digest? = current == nil ? top : nil
                var child: Int?
                while true {
                    // (Two look-ups for a new layer: `nodeIndex[id, default:]` through `inout` was
                    // a coroutine whose frame was allocated on each call.)
                    let index: Int
                    let isNew: Bool
                    if let facts = current {
                        let key = ObjectIdentifier(facts)
                        if let known = nodeIndex[key] {
                            (index, isNew) = (known, false)
                        } else {
                            (index, isNew) = (nodes.count, true)
                            nodeIndex[key] = index
                            nodes.append(Node(facts: facts))
                        }
                    } else if let id = missing {
                        // A layer not in the store: a node without one, and nothing under it.
                        if let known = missingIndex[id] {
                            (index, isNew) = (known, false)
                        } else {
                            (index, isNew) = (nodes.count, true)
                            missingIndex[id] = index
                            nodes.append(Node(facts: nil))
                        }
                    } else {
                        break
                    }
                    if let child {
                        nodes[child].nextSibling = nodes[index].firstChild
                        nodes[index].firstChild = child
                        nodes[child].parentNode = index
                    } else {
                        entries[entry].nextOnTop = nodes[index].firstImage
                        nodes[index].firstImage = entry
                        entries[entry].topNode = index
                    }
                    // A layer seen before: the chain under it is known already. (Its fields are
                    // set in place: a node made whole first and then appended was copied, and
                    // cost more.)
                    guard isNew, let facts = current else { break }
                    nodes[index].size = facts.diffSize
                    nodes[index].chainSize = facts.size
                    if holders { nodes[index].holders = engine.imageHolderCount(of: facts.chainID) }
                    layerCount += 1
                    layersSize += facts.diffSize
                    current = facts.below
                    missing = current == nil ? facts.parent : nil
                    if facts.parent == nil { roots.append(index) }
                    child = index
                }
            }
        }
    }

    /// `system df`'s images row: how many, how many with containers, the distinct layers' size,
    /// and the unique size of the images with containers.
    private struct ImageCounts {
        var count = 0
        var active = 0
        var layersSize: Int64 = 0
        var used: Int64 = 0
    }

    /// `system df`'s containers row.
    private struct ContainerCounts {
        var count = 0
        var running = 0
        var size: Int64 = 0
        var idle: Int64 = 0

        mutating func add(_ container: Container) {
            count += 1
            size += container.sizeRw
            if container.isRunning { running += 1 } else { idle += container.sizeRw }
        }
    }

    /// The images row of the whole storage (for a partial picture, whose forest is not all of it).
    private static func imageCounts(engine: Engine) -> ImageCounts {
        let forest = Forest(engine: engine, wantedImages: nil)
        var counts = ImageCounts(count: forest.entries.count, layersSize: forest.layersSize)
        for entry in forest.entries where engine.containerCount(of: entry.id) > 0 {
            counts.active += 1
            var shared: Int64 = 0
            var current = entry.topNode
            while let index = current, forest.nodes[index].hasLayer {
                if forest.nodes[index].holders > 1 {
                    shared = forest.nodes[index].chainSize
                    break
                }
                current = forest.nodes[index].parentNode
            }
            counts.used += (entry.image?.size ?? 0) - shared
        }
        return counts
    }

    /// The rows of ``SystemDfCommand/summaryRows(_:cache:)``, from counts made here (a test
    /// compares the two).
    private static func totalsRows(
        images: ImageCounts, containers: ContainerCounts, volumes: [Volume], cache: BuildCacheUsage
    ) -> [[String]] {
        var activeVolumes = 0
        var volumesSize: Int64 = 0
        var volumesIdle: Int64 = 0
        for volume in volumes {
            volumesSize += volume.size
            if volume.referenceCount > 0 { activeVolumes += 1 } else { volumesIdle += volume.size }
        }
        return [
            [
                "Images", String(images.count), String(images.active), Units.humanSize(images.layersSize),
                SystemDfCommand.percent(images.layersSize - images.used, of: images.layersSize),
            ],
            [
                "Containers", String(containers.count), String(containers.running), Units.humanSize(containers.size),
                SystemDfCommand.percent(containers.idle, of: containers.size),
            ],
            [
                "Local Volumes", String(volumes.count), String(activeVolumes), Units.humanSize(volumesSize),
                SystemDfCommand.percent(volumesIdle, of: volumesSize),
            ],
            [
                "Build Cache", String(cache.items.count), String(cache.items.filter(\.inUse).count),
                Units.humanSize(cache.size), Units.humanSize(cache.reclaimable),
            ],
        ]
    }

    /// `reference.familiarString`, made in one piece for a tag on Docker Hub (`bench/app7:latest`,
    /// `ubuntu:latest`: the path without `library/`, a colon, the tag).
    static func familiar(_ reference: ImageReference) -> String {
        let made = withFamiliarParts(reference) { name, tag in
            String(unsafeUninitializedCapacity: name.count + 1 + tag.count) { out in
                var at = 0
                for byte in name {
                    out[at] = byte
                    at += 1
                }
                out[at] = 0x3A
                at += 1
                for byte in tag {
                    out[at] = byte
                    at += 1
                }
                return at
            }
        }
        return made ?? reference.familiarString
    }

    /// Runs `body` with the two parts of ``familiar(_:)``'s one-piece form of a tag on Docker
    /// Hub (its path without `library/`, and its tag: the familiar name is them joined by a
    /// colon); nil (`body` not run) for any other reference.
    static func withFamiliarParts<Result>(
        _ reference: ImageReference,
        _ body: (_ path: UnsafeBufferPointer<UInt8>, _ tag: UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard reference.digest == nil, let tagText = reference.tag, reference.domain == "docker.io" else {
            return nil
        }
        var path = reference.path
        var tag = tagText
        return path.withUTF8 { path -> Result? in
            var name = path
            if path.count >= 8, memcmp(path.baseAddress!, "library/", 8) == 0 {
                // `library/NAME` is NAME; anything else under `library/` is left to the reference.
                let rest = UnsafeBufferPointer(rebasing: path[8...])
                guard !rest.isEmpty, !rest.contains(0x2F) else { return nil }
                name = rest
            }
            return tag.withUTF8 { tag in body(name, tag) }
        }
    }

    /// Sorts keys by their first eight bytes (`prefix`, as a number), and keys with the same
    /// first eight bytes by `ties` (of their entries): the order of the whole keys when `ties`
    /// compares what follows. From `radixFrom` keys on, the prefixes are put in order a byte at
    /// a time (a stable counting sort per byte, skipping a byte all keys share) and only runs of
    /// equal prefixes are compared; below it, every pair is compared. Both give one order.
    static func sortKeys(
        _ keyed: inout [(prefix: UInt64, entry: Int)], radixFrom: Int = 64, ties: (Int, Int) -> Bool
    ) {
        guard keyed.count >= radixFrom else {
            keyed.sort { a, b in a.prefix != b.prefix ? a.prefix < b.prefix : ties(a.entry, b.entry) }
            return
        }
        let count = keyed.count
        var other = keyed
        var counts = [Int](repeating: 0, count: 257)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            let moved = keyed.withUnsafeBufferPointer { from in
                other.withUnsafeMutableBufferPointer { to in
                    counts.withUnsafeMutableBufferPointer { counts -> Bool in
                        for index in counts.indices { counts[index] = 0 }
                        for item in from { counts[Int(truncatingIfNeeded: (item.prefix >> shift) & 0xFF) + 1] += 1 }
                        // A byte every key shares orders nothing.
                        for bucket in 1...256 where counts[bucket] == count { return false }
                        for bucket in 1...256 { counts[bucket] += counts[bucket - 1] }
                        for item in from {
                            let bucket = Int(truncatingIfNeeded: (item.prefix >> shift) & 0xFF)
                            to[counts[bucket]] = item
                            counts[bucket] += 1
                        }
                        return true
                    }
                }
            }
            if moved { swap(&keyed, &other) }
        }
        // Runs of keys with the same first eight bytes: ordered by the rest.
        var start = 0
        while start < count {
            var end = start + 1
            while end < count, keyed[end].prefix == keyed[start].prefix { end += 1 }
            if end - start > 1 { keyed[start..<end].sort { ties($0.entry, $1.entry) } }
            start = end
        }
    }

    /// Moves each element of `elements` to its place in `places` (`places[i]` is where the
    /// element at `i` goes) by swaps: no element copied. `places` ends as `0..<count`.
    private static func permute<Element>(_ elements: inout [Element], to places: inout [Int]) {
        elements.withUnsafeMutableBufferPointer { elements in
            places.withUnsafeMutableBufferPointer { places in
                for index in elements.indices {
                    while places[index] != index {
                        let place = places[index]
                        elements.swapAt(index, place)
                        places.swapAt(index, place)
                    }
                }
            }
        }
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
