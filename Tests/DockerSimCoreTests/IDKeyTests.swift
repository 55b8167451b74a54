import Testing

@testable import DockerSimCore

/// The key of the container table and of the network indexes: its word must agree with
/// `String`'s `==` (canonical equivalence), whatever the bytes.
@Suite struct IDKeyTests {
    static let hex = "3f2a9c0d5b7e41a6c8d2e0f19b3a7c5d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b"

    /// Pairs of texts that `String` calls equal; most have different bytes.
    static let equalPairs: [(String, String)] = [
        ("", ""),
        ("a", "a"),
        (hex, String(hex.reversed().reversed())),
        ("K1234567890", "\u{212A}1234567890"),  // KELVIN SIGN
        ("abc;def", "abc\u{037E}def"),  // GREEK QUESTION MARK
        ("`0123456789abcdef", "\u{1FEF}0123456789abcdef"),  // GREEK VARIA
        ("caf\u{E9}", "cafe\u{301}"),
        ("abcdefg\u{E9}xyz", "abcdefge\u{301}xyz"),
        ("abcdefgh\u{E9}", "abcdefghe\u{301}"),
        (hex + "\u{E9}", hex + "e\u{301}"),
        ("\u{E9}" + hex, "e\u{301}" + hex),
    ]

    @Test func equalIDsHaveEqualWordsAndHashes() {
        for (a, b) in Self.equalPairs {
            #expect(a == b)
            #expect(IDKey(a) == IDKey(b))
            #expect(IDKey(a).word == IDKey(b).word, "\(a.unicodeScalars.map(\.value)) vs \(b)")
            #expect(IDKey(a).hashValue == IDKey(b).hashValue)
        }
    }

    @Test func differentIDsAreDifferentKeys() {
        var middle = Array(Self.hex.utf8)
        middle[30] = middle[30] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let changed = String(decoding: middle, as: UTF8.self)
        let pairs = [
            (Self.hex, changed), ("abc", "abd"), ("K", "k"), ("a", "a\u{301}"), (Self.hex, String(Self.hex.prefix(12))),
        ]
        for (a, b) in pairs {
            #expect(IDKey(a) != IDKey(b))
            #expect(IDKey(b) != IDKey(a))
        }
    }

    /// A dictionary keyed by `IDKey` answers as one keyed by the IDs themselves.
    @Test func keyedTablesAnswerAsStringKeyedOnes() {
        var byKey: [IDKey: Int] = [:]
        var byString: [String: Int] = [:]
        for (index, (a, _)) in Self.equalPairs.enumerated() {
            byKey[IDKey(a)] = index
            byString[a] = index
        }
        for (a, b) in Self.equalPairs {
            #expect(byKey[IDKey(a)] == byString[a])
            #expect(byKey[IDKey(b)] == byString[b])
        }
        #expect(byKey[IDKey("missing")] == nil)
        #expect(byKey.count == byString.count)
    }

    /// The container table, keyed by `IDKey`, still reads as a String-keyed dictionary.
    @Test func containerTableReadsByItsIDs() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        var ids: [String] = []
        for name in ["uno", "dos", "tres"] {
            ids.append(try engine.createContainer(ContainerConfig(image: "test/app:1"), name: name))
        }
        #expect(Set(engine.containers.keys) == Set(ids))
        #expect(Set(engine.containers.map(\.key)) == Set(ids))
        for (id, container) in engine.containers { #expect(container.id == id) }
        for id in ids {
            #expect(engine.containers[id]?.id == id)
            #expect(try engine.findContainer(String(id.prefix(12))).id == id)
        }
        #expect(engine.invariantViolations().isEmpty)
        try engine.removeContainer(ids[1], force: false, typed: ids[1])
        #expect(engine.containers[ids[1]] == nil)
        #expect(engine.containers.count == 2)
        #expect(engine.invariantViolations().isEmpty)
    }
}
