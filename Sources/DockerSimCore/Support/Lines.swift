extension String {
    /// The text split at every newline, empty pieces kept: what
    /// `split(separator: "\n", omittingEmptySubsequences: false)` gives, cut at the newline bytes
    /// when the text has no carriage return (the one character a newline can be part of: a
    /// `\r\n` is one `Character`, which that split does not cut).
    public var newlineSeparated: [String] {
        let fast = utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            guard !bytes.contains(0x0D) else { return nil }
            var lines: [String] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
        if let lines = fast ?? nil { return lines }
        return split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
