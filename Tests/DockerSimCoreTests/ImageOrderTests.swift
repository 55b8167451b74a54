import Testing

@testable import DockerSimCore

@Suite struct ImageOrderTests {
    /// The reference order: a stable sort of the indices by time, latest first.
    static func sorted(_ times: [Timestamp]) -> [Int] {
        times.indices.sorted { a, b in times[a] != times[b] ? times[a] > times[b] : a < b }
    }

    /// The radix sort of `listImages` gives the comparison sort's order: equal times (in index
    /// order), nanoseconds, times a byte apart at every place, and spans too wide for its keys.
    @Test func newestFirstIsTheStableSortByTime() {
        var generator = SeededGenerator(seed: 5)
        var cases: [[Timestamp]] = [[], [Timestamp(seconds: 7)], [.zero, Timestamp(seconds: 1_700_000_000), .zero]]
        for round in 0..<200 {
            let count = Int.random(in: 1...300, using: &generator)
            let span: Int64 = [1, 3, 1_000, 1 << 20, (1 << 33) - 1, 1 << 33, 1 << 40][round % 7]
            let base = Int64.random(in: -62_135_596_800...4_000_000_000, using: &generator)
            var times: [Timestamp] = []
            for _ in 0..<count {
                let nanoseconds: Int32 =
                    round % 3 == 0
                    ? 0 : Int32.random(in: 0..<1_000_000_000, using: &generator) / (round % 2 == 0 ? 1 : 100_000_000)
                times.append(
                    Timestamp(seconds: base + Int64.random(in: 0...span, using: &generator), nanoseconds: nanoseconds))
            }
            if count > 2 { times[count - 1] = times[0] }  // at least one tie
            cases.append(times)
        }
        cases.append([Timestamp(seconds: Int64.min), Timestamp(seconds: Int64.max), Timestamp(seconds: 0)])
        for times in cases {
            #expect(Engine.newestFirst(times) == Self.sorted(times), "\(times.count) times")
        }
    }

    /// `listImages` lists newest first and, among images created at the same instant, by ID
    /// descending.
    @Test func imagesOfOneInstantAreListedByID() {
        var engine = miniEngine()
        let layer = engine.registerSyntheticLayer(name: "base", bytes: 10, parent: nil)
        let instant = engine.now
        var ids: [Digest] = []
        for index in 0..<40 {
            let created = index % 4 == 0 ? instant.adding(seconds: Double(-index)) : instant
            ids.append(
                engine.addSyntheticImage(
                    reference: ImageReference(domain: "docker.io", path: "order/app\(index)", tag: "latest"),
                    topLayer: layer, created: created))
        }
        engine.releaseSyntheticLayer(layer)
        let listed = engine.listImages().map(\.image.id)
        let expected = ids.sorted { a, b in
            let left = engine.images[a]!.created
            let right = engine.images[b]!.created
            return left != right ? left > right : a > b
        }
        #expect(listed == expected)
    }
}
