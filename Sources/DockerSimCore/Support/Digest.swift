import Crypto

/// A content digest in docker's `algorithm:hex` form, always `sha256` here.
///
/// Digests name everything content-addressed: layer blobs, diffIDs, chainIDs, image configs and
/// manifests. ``short`` is docker's 12-character truncation (`TruncateID`).
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 64 lowercase hex characters after `sha256:`.
    public let hex: String
    /// See ``word(of:)``.
    let word: UInt64

    /// Wraps 64 hex characters.
    public init(hex: String) {
        precondition(hex.utf8.count == 64 || hex.count == 64, "a sha256 digest has 64 hex characters")
        self.hex = hex
        self.word = Self.word(of: hex)
    }

    /// Parses `sha256:<64 hex>` or a bare 64-hex string; nil for anything else.
    public init?(parsing text: String) {
        // The usual text is 64 or 71 ASCII bytes: checked byte by byte in one pass, and the hex
        // of a bare digest kept as it is (no copy).
        let utf8 = text.utf8
        let count = utf8.count
        guard count == 64 || count == 71 else { return nil }
        var index = utf8.startIndex
        if count == 71 {
            for byte in "sha256:".utf8 {
                guard utf8[index] == byte else { return nil }
                index = utf8.index(after: index)
            }
        }
        let start = index
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) else { return nil }
            index = utf8.index(after: index)
        }
        // A lowercase hex digit is one byte, so 64 of them are all of `text` after the prefix.
        let hex = count == 64 ? text : String(Substring(utf8[start...]))
        self.hex = hex
        self.word = Self.word(of: hex)
    }

    /// The SHA-256 of `bytes`.
    public static func sha256(of bytes: [UInt8]) -> Digest {
        Digest(hasher: { $0.feed(bytes) })
    }

    /// The SHA-256 of whatever `feed` gives the hasher (for streamed content).
    public init(hasher feed: (inout Hasher) -> Void) {
        var hasher = Hasher()
        feed(&hasher)
        let digits: StaticString = "0123456789abcdef"
        let finished = hasher.sha.finalize()
        self.hex = String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in finished {
                buffer[index] = digits.utf8Start[Int(byte >> 4)]
                buffer[index + 1] = digits.utf8Start[Int(byte & 0xF)]
                index += 2
            }
            return index
        }
        self.word = finished.withUnsafeBytes { bytes in
            bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// The SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(of text: String) -> Digest {
        sha256(of: Array(text.utf8))
    }

    /// `sha256:<hex>`.
    public var description: String { "sha256:" + hex }

    /// The first 12 hex characters, as docker shows IDs in tables.
    public var short: String { hex.utf8Prefix12 }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    public static func == (lhs: Digest, rhs: Digest) -> Bool { lhs.word == rhs.word && lhs.hex == rhs.hex }

    /// Hashes ``word`` only: digests key the engine's largest tables, and hashing the text
    /// (Unicode-aware, in the string's own storage) cost several times more. Equal digests have
    /// equal words, so this agrees with `==`.
    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(word) }

    /// What `Set`, `Dictionary` and the persistent maps hash a digest by: ``word`` mixed with
    /// the table's seed by a multiply-xorshift (SplitMix64's finalizer), a few instructions
    /// where a SipHash of the word cost about 160 on every lookup of a layer or an image.
    /// Equal digests have equal words, so this agrees with `==`.
    public func _rawHashValue(seed: Int) -> Int { Self.mix(word, seed: seed) }

    /// `word` mixed with a hash table's `seed` by SplitMix64's finalizer: the hash of every key
    /// that carries 64 random bits of its own (a digest, a container ID's ``IDKey``).
    static func mix(_ word: UInt64, seed: Int) -> Int {
        var mixed = word ^ UInt64(UInt(bitPattern: seed))
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 31))
    }

    /// The first 16 hex digits as a number (64 random bits of a SHA-256), kept beside the text so
    /// that hashing and most comparisons never read the text's storage.
    static func word(of hex: String) -> UInt64 {
        var word: UInt64 = 0
        var count = 0
        for byte in hex.utf8 {
            let nibble: UInt8
            switch byte {
            case 48...57: nibble = byte - 48
            case 97...102: nibble = byte - 87
            default: nibble = byte & 0xF  // not hex (a malformed digest): still deterministic
            }
            word = word << 4 | UInt64(nibble)
            count += 1
            if count == 16 { break }
        }
        return word
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad digest \(text)"))
        }
        self = digest
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Digest {
    /// The diffID of an empty tar (1024 zero bytes), moby's `DigestSHA256EmptyTar`.
    public static let emptyTar = Digest.sha256(of: [UInt8](repeating: 0, count: 1024))

    /// The chainID of a stack of diffIDs, bottom first (OCI image-spec "Layer ChainID").
    ///
    /// `ChainID(L0) = DiffID(L0)`; `ChainID(L0…Ln) = sha256(ChainID(L0…Ln-1) + " " + DiffID(Ln))`.
    public static func chainID(of diffIDs: [Digest]) -> Digest? {
        guard var chain = diffIDs.first else { return nil }
        for diffID in diffIDs.dropFirst() {
            chain = chainID(parent: chain, diffID: diffID)
        }
        return chain
    }

    /// The chainID of `diffID` stacked on the chain `parent`.
    public static func chainID(parent: Digest?, diffID: Digest) -> Digest {
        guard let parent else { return diffID }
        return sha256(of: parent.description + " " + diffID.description)
    }
}

extension Digest {
    /// Streams bytes into a SHA-256.
    public struct Hasher {
        var sha = SHA256()

        /// Adds `bytes` to the hash.
        public mutating func feed(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { sha.update(bufferPointer: $0) }
        }
    }
}

extension String {
    /// The first 12 UTF-8 bytes as a string (a short ID), read from the string's own storage:
    /// decoding a generic slice of the UTF-8 view cost over a thousand instructions a row.
    var utf8Prefix12: String {
        utf8.withContiguousStorageIfAvailable { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(12)), as: UTF8.self)
        } ?? String(decoding: utf8.prefix(12), as: UTF8.self)
    }
}
