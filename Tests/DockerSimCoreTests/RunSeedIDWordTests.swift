import Testing

@testable import DockerSimCore

/// Issue 18's `run -it` + `exit`, fourth step: the container table's ID word read four words a
/// turn (``IDKey/asciiWord(_:)``) and the endpoint seed written without a boxed capture
/// (``Engine/seed(_:_:_:serial:)``), each against the rule it stands for.
@Suite struct RunSeedIDWordTests {
    /// The word of the ASCII bytes as the one-word-a-turn loop read them: the four-word turns
    /// must give the same word and refuse the same non-ASCII bytes, at every length and with a
    /// high bit at every position.
    @Test func fourWordsATurnAgreeWithOneWordATurn() {
        func reference(_ bytes: [UInt8]) -> UInt64? {
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let count = bytes.count
            var word = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
            func load(_ offset: Int) -> UInt64 {
                var value: UInt64 = 0
                for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
                return value
            }
            if count >= 8 {
                word ^= load(0)
                let last = load(count - 8)
                word ^= (last << 29 | last >> 35) &* 0xBF58_476D_1CE4_E5B9
            } else {
                var tail: UInt64 = 0
                for byte in bytes { tail = tail << 8 | UInt64(byte) }
                word ^= tail
            }
            return word
        }
        var generator = SystemRandomNumberGenerator()
        for count in 0...100 {
            var bytes = (0..<count).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
            #expect(bytes.withUnsafeBufferPointer { IDKey.asciiWord($0) } == reference(bytes))
            for position in 0..<count {
                let kept = bytes[position]
                bytes[position] = 0x80 | kept
                #expect(bytes.withUnsafeBufferPointer { IDKey.asciiWord($0) } == nil, "\(count) \(position)")
                bytes[position] = kept
            }
        }
    }

    /// The seed is the interpolation it stands for, with and without a second ID.
    @Test func theSeedIsTheInterpolation() {
        let first = String(repeating: "ab", count: 32)
        let second = String(repeating: "9f", count: 32)
        for serial in [0, 7, 1234, -5] {
            #expect(Engine.seed("dockersim-sandbox:", first, serial: serial) == "dockersim-sandbox:\(first):\(serial)")
            #expect(
                Engine.seed("dockersim-endpoint:", first, second, serial: serial)
                    == "dockersim-endpoint:\(first):\(second):\(serial)")
            #expect(Engine.seed("", "é", "ü", serial: serial) == "é:ü:\(serial)")
        }
    }
}
