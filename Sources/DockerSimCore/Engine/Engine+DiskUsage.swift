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
    /// before (the usual image on a common base) costs a look-up of its own top layer and of
    /// its holders, and one of the remembered layers: no more layer look-ups below.
    public func diskUsage() -> DiskUsage {
        var summaries = listImages()
        // The shared layers seen, with their chain sizes, in a set that hashes by the digest's own bits.
        var seen = DigestSet(capacity: layers.layers.count)
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
                if let size = seen.value(of: layer.chainID) {
                    // Shared, and counted with everything below it by an earlier image.
                    shared = size
                    current = nil
                    break
                }
                layersSize += layer.diffSize
                current = layer.below
                if imageHolderCount(of: layer.chainID) > 1 {
                    shared = layer.size
                    seen.insert(layer.chainID, value: layer.size)
                    break
                }
            }
            // Below the first shared layer (all shared): counted until one seen before.
            while let layer = current, !seen.contains(layer.chainID) {
                seen.insert(layer.chainID, value: layer.size)
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
