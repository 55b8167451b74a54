extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
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
