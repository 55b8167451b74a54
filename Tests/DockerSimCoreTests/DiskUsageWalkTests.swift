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

    /// Each layer links the store's facts of its parent, and each stored image the store's facts
    /// of its top layer (the walks follow the links instead of looking chainIDs up), as layers
    /// and images come and go; the invariant check says the same.
    @Test func theLinksAreTheStoresFacts() {
        var generator = SeededGenerator(seed: 29)
        for round in 0..<20 {
            var engine = miniEngine()
            var layers: [Digest] = []
            for index in 0..<Int.random(in: 1...40, using: &generator) {
                let parent =
                    layers.isEmpty || Int.random(in: 0..<5, using: &generator) == 0
                    ? nil : layers[Int.random(in: 0..<layers.count, using: &generator)]
                layers.append(
                    engine.registerSyntheticLayer(
                        name: "link\(round)-\(index)", bytes: Int64.random(in: 1...10_000, using: &generator),
                        parent: parent))
            }
            for index in 0..<Int.random(in: 1...20, using: &generator) {
                engine.addSyntheticImage(
                    reference: ImageReference(domain: "docker.io", path: "link/image\(index)", tag: "latest"),
                    topLayer: layers[Int.random(in: 0..<layers.count, using: &generator)],
                    created: engine.now)
            }
            for layer in layers { engine.releaseSyntheticLayer(layer) }
            var linked = 0
            for layer in engine.layers.layers.values {
                if let parent = layer.parent {
                    #expect(layer.facts.below === engine.layers[parent]?.facts, "round \(round)")
                    linked += 1
                } else {
                    #expect(layer.facts.below == nil, "round \(round)")
                }
            }
            for image in engine.images.values {
                #expect(image.topLayerFacts != nil)
                #expect(image.topLayerFacts === image.topLayer.flatMap { engine.layers[$0]?.facts }, "round \(round)")
                #expect(image.layerSteps == image.config.history.filter { !$0.isEmptyLayer }.count)
            }
            #expect(engine.invariantViolations() == [], "round \(round)")
            _ = linked
        }
    }

    /// A layer's facts keep the first 16 bytes of its diffID's hex (what `layers --svg` reads
    /// for the short ID), byte for byte.
    @Test func theFactsKeepTheDiffIDsFirstDigits() {
        var engine = miniEngine()
        var parent: Digest?
        for index in 0..<8 {
            parent = engine.registerSyntheticLayer(name: "prefix\(index)", bytes: 100, parent: parent)
        }
        #expect(engine.layers.layers.count >= 8)
        for layer in engine.layers.layers.values {
            var prefix = layer.facts.diffIDPrefix
            let kept = withUnsafeBytes(of: &prefix) { Array($0) }
            #expect(kept == Array(layer.diffID.hex.utf8.prefix(16)))
            #expect(String(decoding: kept.prefix(12), as: UTF8.self) == layer.diffID.short)
        }
    }

    /// An image made outside the engine links nothing (readers look its top layer up), and the
    /// engine links it when it stores it.
    @Test func anImageIsLinkedWhenStored() throws {
        var engine = miniEngine()
        let base = engine.registerSyntheticLayer(name: "linked-base", bytes: 10, parent: nil)
        let top = engine.registerSyntheticLayer(name: "linked-top", bytes: 20, parent: base)
        let facts = try #require(engine.layers[top]?.facts)
        #expect(facts.below === engine.layers[base]?.facts)
        engine.addSyntheticImage(
            reference: ImageReference(domain: "docker.io", path: "linked/image", tag: "latest"), topLayer: top,
            created: engine.now)
        let stored = try #require(engine.images.values.first)
        #expect(stored.topLayerFacts === facts)
        let unstored = Image(
            id: stored.id, config: stored.config, parent: nil, topLayer: stored.topLayer, size: stored.size)
        #expect(unstored.topLayerFacts == nil)
        #expect(unstored.layerSteps == stored.layerSteps)
    }
}
