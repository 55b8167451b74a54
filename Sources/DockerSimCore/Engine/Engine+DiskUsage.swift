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
    public func diskUsage() -> DiskUsage {
        var summaries = listImages()
        // The distinct layers seen, as a set of their digests that hashes by the digest's own bits.
        var distinct = DigestSet(capacity: layers.layers.count)
        var layersSize: Int64 = 0
        for index in summaries.indices {
            // One walk down the chain answers both questions: the first layer more than one image
            // holds (its chain size is the shared size) and the layers not counted yet.
            var shared: Int64 = 0
            var findingShared = true
            var counting = true
            var current = summaries[index].image.topLayer
            while findingShared || counting, let id = current, let layer = layers[id] {
                if findingShared && imageHolderCount(of: id) > 1 {
                    shared = layer.size
                    findingShared = false
                }
                if counting {
                    if distinct.insert(id) {
                        layersSize += layer.diffSize
                    } else {
                        counting = false
                    }
                }
                current = layer.parent
            }
            summaries[index].sharedSize = shared
        }
        let measured = volumesByName.filter { $0.driver == "local" && ($0.options?.isEmpty ?? true) }
        return DiskUsage(
            images: summaries, layersSize: layersSize, containers: containersNewestFirst, volumes: measured)
    }
}
