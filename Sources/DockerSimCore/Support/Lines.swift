extension String {
    /// The text split at every newline byte, empty pieces kept, as bash and BuildKit split
    /// lines: a `\r\n` line end leaves its `\r` at the end of the line (a `\r\n` is one
    /// `Character`, which `split(separator: "\n")` would not cut).
    public var newlineSeparated: [String] {
        let fast = utf8.withContiguousStorageIfAvailable { bytes -> [String] in
            var lines: [String] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
        if let fast { return fast }
        return utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
