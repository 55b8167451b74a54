import Synchronization

// Source: github.com/distribution/reference v0.6.0 (normalize.go, reference.go, regexp.go),
// the reference grammar docker CLI 27/28 and Engine 28 use.

/// An image reference such as `ubuntu`, `josedom24/servidorweb:v1` or `ubuntu@sha256:…`,
/// normalized as docker normalizes it (`docker.io/library/ubuntu`).
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry host, `docker.io` for Docker Hub.
    public var domain: String
    /// The repository path on the registry, with `library/` for official images.
    public var path: String
    public var tag: String?
    public var digest: Digest?

    /// The reference errors of distribution/reference, worded as docker prints them.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalidFormat
        case uppercase(String)
        case hexName(String)
        case nameTooLong
        case nameEmpty

        public var description: String {
            switch self {
            case .invalidFormat: "invalid reference format"
            case .uppercase(let name): "invalid reference format: repository name (\(name)) must be lowercase"
            case .hexName(let name): "invalid repository name (\(name)), cannot specify 64-byte hexadecimal strings"
            case .nameTooLong: "repository name must not be more than 255 characters"
            case .nameEmpty: "repository name must have at least one component"
            }
        }
    }

    public init(domain: String = "docker.io", path: String, tag: String? = nil, digest: Digest? = nil) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// `ParseNormalizedNamed`: parses a familiar reference (`ubuntu:22.04`) into its normalized form.
    public static func parse(_ text: String) throws(ParseError) -> ImageReference {
        // The same reference is parsed again and again (`run ubuntu`: the command, then the
        // engine's look-up): the last one read is kept (a pure function of the text).
        // (Compared in the lock: only the reference is copied out, on a hit.)
        let kept = lastParsed.withLock { last -> ImageReference? in
            last?.text == text ? last?.reference : nil
        }
        if let kept { return kept }
        let reference = try parseUncached(text)
        lastParsed.withLock { $0 = (text, reference) }
        return reference
    }

    /// The last text ``parse(_:)`` read successfully, and its reference.
    private static let lastParsed = Mutex<(text: String, reference: ImageReference)?>(nil)

    private static func parseUncached(_ text: String) throws(ParseError) -> ImageReference {
        if isHex64(text) { throw .hexName(text) }
        // ASCII text (nearly every reference) is read byte by byte: the same answers as the
        // Character-level reading below, at a fraction of its cost.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        var domain = "docker.io"
        var remainder = text
        if let slash = ascii ? text.utf8.firstIndex(of: 0x2F) : text.firstIndex(of: "/") {
            let first = text[..<slash]
            let isDomain =
                ascii
                ? first == "localhost" || first.utf8.contains { $0 == 0x2E || $0 == 0x3A || isUpperASCII($0) }
                : first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first
            if isDomain {
                domain = String(first)
                remainder = String(text[text.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = "docker.io" }
        if domain == "docker.io" && !(ascii ? remainder.utf8.contains(0x2F) : remainder.contains("/")) {
            remainder = "library/" + remainder
        }
        let colon = ascii ? remainder.utf8.firstIndex(of: 0x3A) : remainder.firstIndex(of: ":")
        let remote = colon.map { String(remainder[..<$0]) } ?? remainder
        if ascii ? remote.utf8.contains(where: isUpperASCII) : remote.lowercased() != remote {
            throw .uppercase(remote)
        }
        return try parseCanonical(domain: domain, remainder: remainder, ascii: ascii)
    }

    private static func isUpperASCII(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }

    /// `ParseAnyReference`: a bare 64-hex string is an image ID; anything else is parsed as a name.
    public static func parseAny(_ text: String) throws(ParseError) -> AnyReference {
        if isHex64(text), let digest = Digest(parsing: text) { return .id(digest) }
        if text.hasPrefix("sha256:"), let digest = Digest(parsing: text) { return .id(digest) }
        return .named(try parse(text))
    }

    /// - Parameter ascii: the text is ASCII, so bytes are characters (searches by byte).
    private static func parseCanonical(
        domain: String, remainder: String, ascii: Bool
    ) throws(ParseError)
        -> ImageReference
    {
        var rest = Substring(remainder)
        var digest: Digest?
        if let at = ascii ? rest.utf8.firstIndex(of: 0x40) : rest.firstIndex(of: "@") {
            let digestText = rest[rest.index(after: at)...]
            rest = rest[..<at]
            guard digestText.hasPrefix("sha256:") else { throw .invalidFormat }
            let hex = digestText.dropFirst(7)
            let isHex =
                hex.utf8.allSatisfy { $0 < 0x80 }
                ? hex.utf8.count >= 32
                    && hex.utf8.allSatisfy {
                        ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70)
                    }
                : hex.count >= 32 && hex.allSatisfy(\.isHexDigit)
            guard isHex else { throw .invalidFormat }
            guard let parsed = Digest(parsing: String(digestText)) else { throw .invalidFormat }
            digest = parsed
        }
        var tag: String?
        if let colon = ascii ? rest.utf8.lastIndex(of: 0x3A) : rest.lastIndex(of: ":"),
            !(ascii ? rest[colon...].utf8.contains(0x2F) : rest[colon...].contains("/"))
        {
            let tagText = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard isTag(tagText) else { throw .invalidFormat }
            tag = tagText
        }
        let path = String(rest)
        guard isDomain(domain), !path.isEmpty else { throw .invalidFormat }
        let valid =
            ascii
            ? path.utf8.split(separator: 0x2F, omittingEmptySubsequences: false).allSatisfy(isASCIIPathComponent)
            : path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isPathComponent($0) }
        guard valid else {
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            if components.allSatisfy({ isPathComponent(Substring($0.lowercased())) }) {
                throw .uppercase(path)
            }
            throw .invalidFormat
        }
        let length = ascii ? domain.utf8.count + 1 + path.utf8.count : domain.count + 1 + path.count
        if length > 255 { throw .nameTooLong }
        return ImageReference(domain: domain, path: path, tag: tag, digest: digest)
    }

    static func isHex64(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    private static func isAlnumLower(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// `[a-z0-9]+((\.|_|__|[-]+)[a-z0-9]+)*`
    static func isPathComponent(_ s: Substring) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return isASCIIPathComponent(s.utf8) }
        let chars = Array(s)
        guard let first = chars.first, let last = chars.last, isAlnumLower(first), isAlnumLower(last) else {
            return false
        }
        var i = 0
        while i < chars.count {
            if isAlnumLower(chars[i]) {
                i += 1
                continue
            }
            var j = i
            while j < chars.count, !isAlnumLower(chars[j]) { j += 1 }
            let sep = String(chars[i..<j])
            guard sep == "." || sep == "_" || sep == "__" || (!sep.isEmpty && sep.allSatisfy { $0 == "-" }) else {
                return false
            }
            i = j
        }
        return true
    }

    /// ``isPathComponent(_:)`` on ASCII text, byte by byte (the same answers, without Characters).
    private static func isASCIIPathComponent(_ bytes: Substring.UTF8View) -> Bool {
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if alnum(bytes[index]) {
                index = bytes.index(after: index)
                continue
            }
            var end = index
            while end != bytes.endIndex, !alnum(bytes[end]) { end = bytes.index(after: end) }
            let sep = bytes[index..<end]
            let ok =
                sep.elementsEqual([46]) || sep.elementsEqual([95]) || sep.elementsEqual([95, 95])
                || (!sep.isEmpty && sep.allSatisfy { $0 == 45 })
            guard ok else { return false }
            index = end
        }
        return true
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            func word(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b == 95 }
            guard let first = s.utf8.first, word(first), s.utf8.count <= 128 else { return false }
            return s.utf8.allSatisfy { word($0) || $0 == 0x2E || $0 == 0x2D }
        }
        func word(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        guard let first = s.first, word(first), s.count <= 128 else { return false }
        return s.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    static func isDomain(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return isASCIIDomain(s.utf8) }
        var host = Substring(s)
        if let colon = s.lastIndex(of: ":") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return false }
            host = s[..<colon]
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let f = part.first, let l = part.last, f.isASCII, l.isASCII,
                f.isLetter || f.isNumber, l.isLetter || l.isNumber
            else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// ``isDomain(_:)`` on ASCII text, byte by byte.
    private static func isASCIIDomain(_ bytes: String.UTF8View) -> Bool {
        func alnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) }
        var host = bytes[...]
        if let colon = bytes.lastIndex(of: 0x3A) {
            let port = bytes[bytes.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            host = bytes[..<colon]
        }
        return host.split(separator: 0x2E, omittingEmptySubsequences: false).allSatisfy { part in
            guard let f = part.first, let l = part.last, alnum(f), alnum(l) else { return false }
            return part.allSatisfy { alnum($0) || $0 == 0x2D }
        }
    }

    // MARK: - Forms

    /// The repository name in full: `docker.io/library/ubuntu`.
    public var name: String {
        var name = ""
        name.reserveCapacity(domain.utf8.count + 1 + path.utf8.count)
        name += domain
        name += "/"
        name += path
        return name
    }

    /// The bytes of `library/`.
    private static let libraryPrefix = Array("library/".utf8)

    /// The repository as people write it: `ubuntu`, `josedom24/servidorweb`.
    public var familiarName: String {
        guard domain == "docker.io" else { return name }
        // `library/NAME`: NAME, read from the path's bytes in place (a native string's usual case).
        let official = path.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.count > 8, Self.libraryPrefix.elementsEqual(UnsafeBufferPointer(rebasing: bytes[..<8])),
                !bytes[8...].contains(0x2F)
            else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[8...]), as: UTF8.self)
        }
        if let official, let official { return official }
        if path.utf8.starts(with: "library/".utf8) {
            let rest = path.utf8.dropFirst(8)
            if !rest.isEmpty && !rest.contains(0x2F) { return String(Substring(rest)) }  // `library/NAME`
        }
        return path.hasPrefix("library/") && path.split(separator: "/").count == 2 ? String(path.dropFirst(8)) : path
    }

    /// The reference with `:latest` added when it has neither tag nor digest (`TagNameOnly`).
    public var withDefaultTag: ImageReference {
        var copy = self
        if copy.tag == nil && copy.digest == nil { copy.tag = "latest" }
        return copy
    }

    /// `ubuntu:latest`, `josedom24/servidorweb@sha256:…`.
    public var familiarString: String {
        var text = familiarName
        appendSuffix(to: &text)
        return text
    }

    /// `docker.io/library/ubuntu:latest`.
    public var description: String {
        var text = ""
        text.reserveCapacity(domain.utf8.count + 1 + path.utf8.count + suffixLength)
        text += domain
        text += "/"
        text += path
        appendSuffix(to: &text)
        return text
    }

    /// How many bytes ``appendSuffix(to:)`` adds: `:TAG`, `@sha256:HEX`.
    private var suffixLength: Int {
        (tag.map { 1 + $0.utf8.count } ?? 0) + (digest.map { 8 + $0.hex.utf8.count } ?? 0)
    }

    /// Appends `:TAG` and `@DIGEST` (when there are) to `text`, grown once.
    private func appendSuffix(to text: inout String) {
        let length = suffixLength
        guard length > 0 else { return }
        text.reserveCapacity(text.utf8.count + length)
        if let tag {
            text += ":"
            text += tag
        }
        if let digest {
            text += "@sha256:"
            text += digest.hex
        }
    }
}

/// What `ParseAnyReference` gives: an image ID or a name.
public enum AnyReference: Hashable, Sendable {
    case id(Digest)
    case named(ImageReference)
}
