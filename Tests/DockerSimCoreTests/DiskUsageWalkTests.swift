import Testing

@testable import DockerSimCore

/// `diskUsage`'s walk (each image down to its first shared layer, the shared ones remembered
/// with their sizes) gives what every image's whole chain says.
@Suite struct DiskUsageWalkTests {
    /// By definition: an image's shared size is the chain size of the first layer of its chain
    /// (top first) that more than one image holds; the layers' size is the sum of the diff sizes
    /// of the distinct layers of the listed images.
    static func reference(_ engine: Engine) -> (shared: [Digest: Int64], layersSize: Int64) {
        var distinct: Set<Digest> = []
        var total: Int64 = 0
        var shared: [Digest: Int64] = [:]
        for summary in engine.listImages() {
            let chain = engine.layers.chain(from: summary.image.topLayer)
            shared[summary.image.id] = chain.first { engine.imageHolderCount(of: $0.chainID) > 1 }?.size ?? 0
            for layer in chain where distinct.insert(layer.chainID).inserted { total += layer.diffSize }
        }
        return (shared, total)
    }

    /// Random forests of layers with images on random layers (several on one layer, images on
    /// the middle of others' chains, images made in any order).
    @Test func theWalkGivesWhatEveryChainSays() {
        var generator = SeededGenerator(seed: 23)
        for round in 0..<60 {
            var engine = miniEngine()
            var layers: [Digest] = []
            for index in 0..<Int.random(in: 1...60, using: &generator) {
                let parent =
                    layers.isEmpty || Int.random(in: 0..<6, using: &generator) == 0
                    ? nil : layers[Int.random(in: 0..<layers.count, using: &generator)]
                layers.append(
                    engine.registerSyntheticLayer(
                        name: "walk\(round)-\(index)", bytes: Int64.random(in: 1...10_000, using: &generator),
                        parent: parent))
            }
            let imageCount = Int.random(in: 1...40, using: &generator)
            for index in 0..<imageCount {
                engine.addSyntheticImage(
                    reference: ImageReference(domain: "docker.io", path: "walk/image\(index)", tag: "latest"),
                    topLayer: layers[Int.random(in: 0..<layers.count, using: &generator)],
                    created: engine.now.adding(seconds: Double(-Int.random(in: 0...100, using: &generator))))
            }
            for layer in layers { engine.releaseSyntheticLayer(layer) }
            let usage = engine.diskUsage()
            let expected = Self.reference(engine)
            #expect(usage.images.count == imageCount)
            #expect(usage.layersSize == expected.layersSize, "round \(round)")
            for summary in usage.images {
                #expect(summary.sharedSize == expected.shared[summary.image.id], "round \(round)")
            }
        }
    }

    /// The set keeps each digest's first value; digests that share their first 16 hex digits
    /// are told apart.
    @Test func theSetKeepsValues() throws {
        var set = DigestSet(capacity: 2)
        let hex = Digest.sha256(of: "shared word").hex
        let twins = ["0", "1"].map { Digest(hex: String(hex.dropLast()) + $0) }
        var digests = twins + (0..<100).map { Digest.sha256(of: "value \($0)") }
        digests.append(Digest(hex: String(repeating: "a", count: 64)))
        for (index, digest) in digests.enumerated() {
            #expect(set.value(of: digest) == nil && !set.contains(digest))
            let added = set.insert(digest, value: Int64(index))
            let again = set.insert(digest, value: -1)
            #expect(added && !again)
        }
        for (index, digest) in digests.enumerated() {
            #expect(set.value(of: digest) == Int64(index) && set.contains(digest))
        }
        #expect(set.count == digests.count)
    }
}
