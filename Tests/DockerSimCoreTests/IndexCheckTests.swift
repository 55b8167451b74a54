import Testing

@testable import DockerSimCore

/// The comparisons the invariant checks use between a rebuilt standard-library table and the
/// engine's persistent one: any missing, extra or different entry is a disagreement.
@Suite struct IndexCheckTests {
    @Test func mapsAgreeOnlyWhenEqual() {
        let kept: PersistentMap<String, Int> = ["a": 1, "b": 2]
        #expect(PersistentMap.agree(["a": 1, "b": 2], kept))
        #expect(!PersistentMap.agree(["a": 1], kept))
        #expect(!PersistentMap.agree(["a": 1, "b": 2, "c": 3], kept))
        #expect(!PersistentMap.agree(["a": 1, "b": 3], kept))
        #expect(!PersistentMap.agree(["a": 1, "c": 2], kept))
        #expect(PersistentMap<String, Int>.agree([:], [:]))
    }

    @Test func indexesOfSetsAgreeOnlyWhenEqual() {
        let kept: PersistentMap<String, PersistentSet<Int>> = ["a": [1, 2], "b": []]
        #expect(PersistentMap.agree(["a": [2, 1], "b": []], kept))
        #expect(!PersistentMap.agree(["a": [1, 2]], kept))
        #expect(!PersistentMap.agree(["a": [1], "b": []], kept))
        #expect(!PersistentMap.agree(["a": [1, 3], "b": []], kept))
        #expect(!PersistentMap.agree(["a": [1, 2], "b": [4]], kept))
        #expect(!PersistentMap.agree(["a": [1, 2], "c": []], kept))
    }

    /// A corrupted index is still seen by `invariantViolations`.
    @Test func aBrokenIndexIsReported() {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_000_000)), seed: 7)
        #expect(engine.invariantViolations().isEmpty)
        engine.indexes.containersByImage[Digest.sha256(of: "x"), default: []].insert("nadie")
        #expect(engine.invariantViolations() == ["container index by image disagrees with the containers"])
    }
}
