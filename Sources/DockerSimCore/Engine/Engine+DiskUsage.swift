/// What `docker system df` reports.
public struct DiskUsage: Sendable {
    /// The top-level images (as `docker images` lists them), with shared sizes filled in.
    public var images: [ImageSummary]
    /// The sum of the diff sizes of the distinct layers of those images (`LayersSize`).
    public var layersSize: Int64
    /// Every container, newest first.
    public var containers: [Container]
    /// The volumes `LocalVolumesSize` measures (local driver, no options), sorted by name.
    public var volumes: [Volume]
}

extension Engine {
    /// Computes disk usage as the daemon does: a layer is shared when more than one image in the
    /// store (intermediate ones included) holds its chainID; each distinct layer counts once.
    ///
    /// It costs one step per image plus one per distinct layer, not the sum of every chain: an
    /// image holding a layer holds everything below it, so (1) the layers shared by more than one
    /// image are exactly those from the first shared one down, and their sizes add up to that
    /// layer's chain size (`Size()`); (2) once a layer has been counted, so has everything below it.
    /// How many images hold each layer is kept current as images come and go (``imageHolderCount(of:)``).
    ///
    /// Only the shared layers are remembered (with their chain sizes): a layer one image alone
    /// holds is met once, on that image's walk. So an image whose first shared layer was met
    /// before (the usual image on a common base) costs its top layer's facts (linked from the
    /// image), a look-up of their holders, and one of the remembered layers: no layer is looked
    /// up by chainID (the walk follows ``Layer/Facts/below``).
    public func diskUsage() -> DiskUsage {
        var summaries = listImages()
        // The shared layers seen, with their chain sizes, by their facts' identity (no digest
        // copied: its text would be retained, a cold object for each image).
        var seen = SeenLayers(capacity: layers.layers.count)
        var layersSize: Int64 = 0
        for index in summaries.indices {
            var shared: Int64 = 0
            // The chain followed through the layers' links (``Layer/Facts/below``): one look-up
            // at most, for an image stored without its top layer's facts.
            let image = summaries[index].image
            var current = image.topLayerFacts ?? image.topLayer.flatMap { layers[$0]?.facts }
            // Down to the first layer more than one image holds: the layers of this image alone,
            // each counted here (no other image's walk meets them).
            while let layer = current {
                if let size = seen.value(of: layer) {
                    // Shared, and counted with everything below it by an earlier image.
                    shared = size
                    current = nil
                    break
                }
                layersSize += layer.diffSize
                current = layer.below
                if imageHolderCount(of: layer.chainID) > 1 {
                    shared = layer.size
                    seen.insert(layer, value: layer.size)
                    break
                }
            }
            // Below the first shared layer (all shared): counted until one seen before.
            while let layer = current, seen.value(of: layer) == nil {
                seen.insert(layer, value: layer.size)
                layersSize += layer.diffSize
                current = layer.below
            }
            summaries[index].sharedSize = shared
        }
        let measured = volumesByName.filter { $0.driver == "local" && ($0.options?.isEmpty ?? true) }
        return DiskUsage(
            images: summaries, layersSize: layersSize, containers: containersNewestFirst, volumes: measured)
    }
}

/// The shared layers ``Engine/diskUsage()`` has met, each with its chain size, by the identity
/// of the layer's facts (``Layer/Facts``): open addressing on the object's address, which a
/// multiply spreads. No digest is copied or compared (a digest's text is a cold object).
private struct SeenLayers {
    /// Each slot's facts address (0: empty) and its value.
    private var keys: [UInt]
    private var values: [Int64]
    private var count = 0
    /// `64 - log2(keys.count)`: the multiplied address's top bits pick the slot.
    private var shift: UInt64

    /// A set with room for `capacity` layers before it grows.
    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        shift = 64 - bits
    }

    /// The value kept with `layer`; nil when it is not in the set.
    func value(of layer: Layer.Facts) -> Int64? {
        let slot = find(Self.key(layer))
        return keys[slot] == 0 ? nil : values[slot]
    }

    /// Adds `layer` with `value` (the value kept unchanged when it was there already).
    mutating func insert(_ layer: Layer.Facts, value: Int64) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(layer)
        let slot = find(key)
        guard keys[slot] == 0 else { return }
        keys[slot] = key
        values[slot] = value
        count += 1
    }

    private static func key(_ layer: Layer.Facts) -> UInt {
        UInt(bitPattern: Unmanaged.passUnretained(layer).toOpaque())
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: UInt) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            let slot = find(oldKeys[index])
            keys[slot] = oldKeys[index]
            values[slot] = oldValues[index]
        }
    }
}
