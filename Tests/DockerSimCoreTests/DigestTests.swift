import Testing

@testable import DockerSimCore

@Suite struct DigestTests {
    @Test func emptyTarDiffID() {
        #expect(
            Digest.emptyTar.description == "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")
    }

    @Test(arguments: [
        (2, "sha256:170b376f64fb30995c140276be3d71dfb256b308d86183ca3b22aa93a79ad548"),
        (3, "sha256:7800f80a93336d416612f372faa5f69eb67b353ce6ae9535fa0848f8784c74b1"),
    ])
    func chainIDOfEmptyLayers(count: Int, expected: String) {
        let chain = Digest.chainID(of: Array(repeating: Digest.emptyTar, count: count))
        #expect(chain?.description == expected)
    }

    /// A digest hashed or made from its text and from its bytes is the same key.
    @Test func aDigestIsOneKeyHoweverItWasMade() throws {
        let hashed = Digest.sha256(of: "hola")
        let parsed = try #require(Digest(parsing: hashed.description))
        #expect(parsed == hashed && parsed.hashValue == hashed.hashValue)
        #expect(Set([hashed, parsed]).count == 1)
        let other = try #require(
            Digest(parsing: String(hashed.hex.dropLast()) + (hashed.hex.hasSuffix("0") ? "1" : "0")))
        #expect(other != hashed)
        #expect(Digest.emptyTar < Digest.sha256(of: "x") || Digest.sha256(of: "x") < Digest.emptyTar)
    }

    @Test func chainIDOfOneLayerIsItsDiffID() {
        #expect(Digest.chainID(of: [Digest.emptyTar]) == Digest.emptyTar)
    }

    @Test func sha256OfText() {
        #expect(Digest.sha256(of: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        "sha256:abc", "", "sha256:" + String(repeating: "g", count: 64), String(repeating: "A", count: 64),
    ])
    func rejectsMalformed(_ text: String) {
        #expect(Digest(parsing: text) == nil)
    }

    @Test func shortIsTwelveHex() {
        let digest = Digest.sha256(of: "x")
        #expect(digest.short.count == 12)
        #expect(digest.description.hasPrefix("sha256:" + digest.short))
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2024-01-28T18:00:00+01:00", Int64(1_706_461_200)),
        ("2024-01-11T12:00:00Z", Int64(1_704_974_400)),
        ("1970-01-01T00:00:00Z", Int64(0)),
    ])
    func parsesRFC3339(_ text: String, _ seconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.seconds == seconds)
    }

    @Test func formatsLikeGo() {
        #expect(Timestamp(seconds: 1_704_974_400).rfc3339Nano == "2024-01-11T12:00:00Z")
        #expect(Timestamp(seconds: 1_704_974_400, nanoseconds: 500_000_000).rfc3339Nano == "2024-01-11T12:00:00.5Z")
        #expect(Timestamp.zero.rfc3339Nano == "0001-01-01T00:00:00Z")
    }

    @Test(arguments: ["", "2024-13-01T00:00:00Z", "2024-01-01", "2024-01-01T00:00:00", "yesterday"])
    func rejectsMalformed(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}

@Suite struct PermuteTests {
    /// Every element ends where the order says, whatever the cycles (fixed points, swaps, one
    /// long cycle), and none is lost or doubled.
    @Test(arguments: [[0, 1, 2, 3, 4], [1, 0, 2, 4, 3], [4, 0, 1, 2, 3], [2, 4, 1, 0, 3], [3, 2, 4, 1, 0]])
    func elementsEndWhereTheOrderSays(order: [Int]) {
        var values = ["a", "b", "c", "d", "e"].map { String(repeating: $0, count: 20) }
        let expected = order.map { values[$0] }
        values.permute(by: order)
        #expect(values == expected)
    }
}
