/// What `docker system df` reports.
public struct DiskUsage: Sendable {
    /// The top-level images (as `docker images` lists them), with shared sizes filled in.
    public var images: [ImageSummary]
    /// The sum of the diff sizes of the distinct layers of those images (`LayersSize`).
    public var layersSize: Int64
    /// Every container, newest first.
    public var containers: [Container]
}

extension Engine {
    /// Computes disk usage as the daemon does: a layer is shared when more than one image in the
    /// store (intermediate ones included) holds its chainID; each distinct layer counts once.
    public func diskUsage() -> DiskUsage {
        var holders: [Digest: Int] = [:]
        for image in images.values {
            for layer in layers.chain(from: image.topLayer) { holders[layer.chainID, default: 0] += 1 }
        }
        var summaries = listImages()
        var distinct: Set<Digest> = []
        var layersSize: Int64 = 0
        for index in summaries.indices {
            var shared: Int64 = 0
            for layer in layers.chain(from: summaries[index].image.topLayer) {
                if holders[layer.chainID, default: 0] > 1 { shared += layer.diffSize }
                if distinct.insert(layer.chainID).inserted { layersSize += layer.diffSize }
            }
            summaries[index].sharedSize = shared
        }
        return DiskUsage(images: summaries, layersSize: layersSize, containers: containersNewestFirst)
    }
}
