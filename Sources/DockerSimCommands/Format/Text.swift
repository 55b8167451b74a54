extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmed(_ set: String) -> String {
        if let trimmed = asciiTrimmed(set) { return trimmed }
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }

    /// ``trimmed(_:)`` read as bytes, when that is sure to give the same text: a set of ASCII
    /// characters other than `\r` and `\n`, and what is kept starting and ending with ASCII
    /// (so every byte taken away was a character of its own); nil otherwise.
    private func asciiTrimmed(_ set: String) -> String? {
        let setBytes = set.utf8
        guard setBytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D && $0 != 0x0A }) else { return nil }
        let text = Substring(self)
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, setBytes.contains(bytes[start]) { start = bytes.index(after: start) }
        while end > start, setBytes.contains(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start < end {
            if start > bytes.startIndex, bytes[start] >= 0x80 { return nil }
            if end < bytes.endIndex, bytes[bytes.index(before: end)] >= 0x80 { return nil }
        }
        return String(text[start..<end])
    }
}

extension String {
    /// Every occurrence of `target` replaced (matched byte for byte in UTF-8, left to right).
    func replacing(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.utf8)
        guard let first = pattern.first else { return self }
        var result: [UInt8]?
        var copied = 0
        let bytes = Array(utf8)
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                if result == nil { result = [] }
                result?.append(contentsOf: bytes[copied..<index])
                result?.append(contentsOf: replacement.utf8)
                index += pattern.count
                copied = index
            } else {
                index += 1
            }
        }
        guard var result else { return self }
        result.append(contentsOf: bytes[copied...])
        return String(decoding: result, as: UTF8.self)
    }
}
