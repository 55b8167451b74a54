import HashTreeCollections

/// Every tag and digest reference by its normalized form, with the inverse index (image ID →
/// its references) kept current on every change, so that ``Engine/references(of:)`` costs what one image
/// has, not what the whole store has.
///
/// It reads like the dictionary it replaces: `table[ref]` gets and sets (nil removes), and
/// iterating gives `(key: ImageReference, value: Digest)` pairs.
public struct ReferenceTable: Sendable, Sequence {
    /// Reference → image ID.
    public private(set) var byReference: PersistentMap<ImageReference, Digest> = [:]
    /// Image ID → the references that point at it (the inverse of `byReference`), kept in the
    /// daemon's order (sorted by full string): ``pointing(at:)`` hands out the array as it is,
    /// with no array made per image.
    public private(set) var byImage: PersistentMap<Digest, [ImageReference]> = [:]

    public init() {}

    /// The image a reference points at; setting moves the reference (nil removes it).
    public subscript(reference: ImageReference) -> Digest? {
        get { byReference[reference] }
        set {
            let old: Digest?
            if let newValue {
                old = byReference.updateValue(newValue, forKey: reference)
                guard old != newValue else { return }
                Self.insert(reference, into: &byImage[newValue, default: []])
            } else {
                old = byReference.removeValue(forKey: reference)
            }
            if let old { Self.remove(reference, from: &byImage[old]) }
        }
    }

    public var count: Int { byReference.count }
    public var isEmpty: Bool { byReference.isEmpty }
    public var keys: PersistentMap<ImageReference, Digest>.Keys { byReference.keys }

    public func makeIterator() -> PersistentMap<ImageReference, Digest>.Iterator { byReference.makeIterator() }

    /// The references of an image, in the daemon's order (sorted by full string).
    public func pointing(at id: Digest) -> [ImageReference] {
        byImage[id] ?? []
    }

    /// Puts `reference` in `sorted` (kept sorted by full string) unless it is there already.
    private static func insert(_ reference: ImageReference, into sorted: inout [ImageReference]) {
        // The usual image gets its first reference: no text made to sort by.
        if sorted.isEmpty {
            sorted.append(reference)
            return
        }
        guard !sorted.contains(reference) else { return }
        let text = reference.description
        let index = sorted.firstIndex { text < $0.description } ?? sorted.endIndex
        sorted.insert(reference, at: index)
    }

    /// Takes `reference` out of an image's list, and the list out of the index once empty (one
    /// lookup, the list changed in place).
    private static func remove(_ reference: ImageReference, from references: inout [ImageReference]?) {
        guard references != nil else { return }
        references!.removeAll { $0 == reference }
        if references!.isEmpty { references = nil }
    }

    /// Whether any reference points at the image.
    public func hasReferences(_ id: Digest) -> Bool { byImage[id] != nil }

    /// What is wrong with the inverse index (empty when it agrees with the references).
    func indexViolations() -> [String] {
        var problems: [String] = []
        var rebuilt: [Digest: [ImageReference]] = [:]
        for (ref, id) in byReference { rebuilt[id, default: []].append(ref) }
        for id in rebuilt.keys { rebuilt[id]?.sort { $0.description < $1.description } }
        if !PersistentMap.agree(rebuilt, byImage) {
            problems.append(
                "reference index by image disagrees with the references (\(rebuilt.count) images referenced, index has \(byImage.count))"
            )
        }
        return problems
    }
}

/// The indexes the engine keeps beside images and containers, so that the questions `images`,
/// `rmi` and `system df` ask per image cost what that image has, not what the store has.
/// They change only through ``Engine/insertImage(_:)``, ``Engine/deleteImageRecord(_:)``,
/// ``Engine/insertContainer(_:)`` and ``Engine/removeContainerRecord(_:)``;
/// ``Engine/invariantViolations()`` rebuilds them from scratch and compares.
struct EngineIndexes: Sendable, Equatable {
    /// Parent image ID → IDs of images whose recorded parent it is (`docker commit` children).
    var childImages: PersistentMap<Digest, PersistentSet<Digest>> = [:]
    /// Image ID → IDs of the containers created from it, of any state.
    var containersByImage: PersistentMap<Digest, PersistentSet<String>> = [:]
    /// Layer chainID → how many images have it in their chain (intermediate images included):
    /// a layer is shared when more than one does (`docker system df`).
    var imageHolders: PersistentMap<Digest, Int> = [:]
}

extension Engine {
    /// Stores a new image (or replaces one with the same ID) and indexes it; the stored image
    /// links its top layer's facts (``Image/topLayerFacts``).
    mutating func insertImage(_ image: Image) {
        if images[image.id] != nil { deleteImageRecord(image.id) }
        images[image.id] = image.linking(topLayer: image.topLayer.flatMap { layers[$0]?.facts })
        if let parent = image.parent { indexes.childImages[parent, default: []].insert(image.id) }
        var current = image.topLayer
        while let id = current, let layer = layers[id] {
            indexes.imageHolders[id, default: 0] += 1
            current = layer.parent
        }
    }

    /// Removes an image record and its index entries (not its references or layers).
    @discardableResult
    mutating func deleteImageRecord(_ id: Digest) -> Image? {
        guard let image = images.removeValue(forKey: id) else { return nil }
        if let parent = image.parent {
            indexes.childImages[parent]?.remove(id)
            if indexes.childImages[parent]?.isEmpty == true { indexes.childImages[parent] = nil }
        }
        var current = image.topLayer
        while let chainID = current, let layer = layers[chainID] {
            let left = (indexes.imageHolders[chainID] ?? 0) - 1
            indexes.imageHolders[chainID] = left > 0 ? left : nil
            current = layer.parent
        }
        return image
    }

    /// Stores a new container and indexes it by image.
    mutating func insertContainer(_ container: Container) {
        if let old = containers[container.id], old.imageID != container.imageID {
            indexes.containersByImage[old.imageID]?.remove(old.id)
        }
        containers[container.id] = container
        indexes.containersByImage[container.imageID, default: []].insert(container.id)
    }

    /// How many containers (any state) were created from an image.
    public func containerCount(of id: Digest) -> Int {
        indexes.containersByImage[id]?.count ?? 0
    }

    /// Whether an image has child images (images committed from it).
    public func hasChildren(_ id: Digest) -> Bool {
        indexes.childImages[id]?.isEmpty == false
    }

    /// How many images hold a layer in their chain.
    public func imageHolderCount(of chainID: Digest) -> Int {
        indexes.imageHolders[chainID] ?? 0
    }

    /// Rebuilds every index from the data it indexes and says where they disagree.
    func indexViolations() -> [String] {
        var problems = references.indexViolations()
        // Rebuilt in the standard library's tables (a check after every command of every test
        // and fuzzed input: building persistent maps cost a quarter of a debug fuzz run).
        var childImages: [Digest: Set<Digest>] = [:]
        var imageHolders: [Digest: Int] = [:]
        var containersByImage: [Digest: Set<String>] = [:]
        for image in images.values {
            if let parent = image.parent { childImages[parent, default: []].insert(image.id) }
            for layer in layers.chain(from: image.topLayer) { imageHolders[layer.chainID, default: 0] += 1 }
        }
        for container in containers.values {
            containersByImage[container.imageID, default: []].insert(container.id)
        }
        if !PersistentMap.agree(childImages, indexes.childImages) {
            problems.append("child image index disagrees with the images' parents")
        }
        if !PersistentMap.agree(containersByImage, indexes.containersByImage) {
            problems.append("container index by image disagrees with the containers")
        }
        if !PersistentMap.agree(imageHolders, indexes.imageHolders) {
            problems.append("layer holder counts disagree with the images' chains")
        }
        problems += containers.indexViolations()
        return problems
    }
}
