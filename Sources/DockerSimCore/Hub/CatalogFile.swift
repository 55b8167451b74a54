import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of a Hub catalog (`Hub/README.md` describes the format): its name for messages and
/// its bytes, either embedded in the executable (read in place) or read from a teacher's folder.
public final class CatalogFile: Sendable {
    /// The path below the catalog's folder: `library/ubuntu.image`, `layers/ubuntu/jammy-20240111.layer`.
    public let path: String
    /// How messages name the file: `Hub/library/ubuntu.image`, or the path given to `--hub`.
    public let displayName: String
    private let embedded: StaticString?
    private let owned: [UInt8]
    /// The file trees read from this file's lists, by the byte offset where each list starts:
    /// the bytes never change, so a list is parsed once per process however many engines pull
    /// the layer or install the package (each gets the same copy-on-write tree).
    private let trees = Mutex<[Int: FileTree]>([:])
    /// Held while a tree is built, so that two threads needing the same list at once (the
    /// transcripts `dockersim replay` runs side by side all pull ubuntu first) parse it once.
    private let building = Mutex<Void>(())

    /// A file embedded in the executable.
    public init(path: String, displayName: String, text: StaticString) {
        self.path = path
        self.displayName = displayName
        self.embedded = text
        self.owned = []
    }

    /// A file read from disk.
    public init(path: String, displayName: String, bytes: [UInt8]) {
        self.path = path
        self.displayName = displayName
        self.embedded = nil
        self.owned = bytes
    }

    /// True for a file of the built-in catalog (its lists are checked by the tests).
    var isEmbedded: Bool { embedded != nil }

    /// Calls `body` with the file's bytes (no copy).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(CatalogError) -> R) throws(CatalogError) -> R {
        if let embedded {
            let buffer = UnsafeBufferPointer(start: embedded.utf8Start, count: embedded.utf8CodeUnitCount)
            return try body(buffer)
        }
        return try owned.withUnsafeBufferPointer { buffer throws(CatalogError) in try body(buffer) }
    }

    /// The tree `build` makes from the list at byte `offset`, made on the first call only (a
    /// failure is not kept: it is thrown again each time).
    func tree(at offset: Int, _ build: () throws(CatalogError) -> FileTree) throws(CatalogError) -> FileTree {
        if let known = trees.withLock({ $0[offset] }) { return known }
        return try building.withLock { _ throws(CatalogError) -> FileTree in
            // Another thread may have built it while this one waited.
            if let known = trees.withLock({ $0[offset] }) { return known }
            let made = try build()
            trees.withLock { $0[offset] = made }
            return made
        }
    }

    /// An error at `line` of this file.
    func error(_ line: Int, _ message: String) -> CatalogError {
        CatalogError(file: displayName, line: line, message: message)
    }
}

/// A problem in a catalog, with the file and line it is on.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `Hub/library/ubuntu.image:12: message` (the line left out when it is 0). Control
    /// characters quoted from a broken file are shown as `\x1b`, so they cannot drive the terminal.
    public var description: String {
        let text = line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                shown += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}

/// Every problem found in a catalog.
public struct CatalogProblems: Error, Sendable, Equatable {
    public var problems: [CatalogError]

    public init(problems: [CatalogError]) { self.problems = problems }
}

/// The lines of a catalog file, read as bytes: each line's number, its bytes and how far it is
/// indented (spaces and tabs).
struct CatalogLines: Sequence, IteratorProtocol {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int
    private(set) var number: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int = 0, line: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        self.number = line
    }

    struct Line {
        var number: Int
        /// The whole line without its newline.
        var text: Slice<UnsafeBufferPointer<UInt8>>
        /// Where the line starts in the file.
        var start: Int

        var isIndented: Bool { text.first == 0x20 || text.first == 0x09 }
        /// True for blank lines and `#` comments (the first non-blank byte is `#`).
        var isBlankOrComment: Bool {
            let body = text.drop { $0 == 0x20 || $0 == 0x09 }
            return body.isEmpty || body.first == 0x23
        }
        /// The line without its indentation.
        var body: Slice<UnsafeBufferPointer<UInt8>> { text.drop { $0 == 0x20 || $0 == 0x09 } }
    }

    mutating func next() -> Line? {
        guard offset < bytes.count else { return nil }
        let start = offset
        // The newline found by the C library's `memchr` (a vector scan) rather than a byte
        // loop with a bounds check per byte: the built-in lists are read line by line.
        var end = bytes.count
        if let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, bytes.count - start) {
            end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
        offset = end + 1
        number += 1
        var stop = end
        if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
        return Line(number: number, text: bytes[start..<stop], start: start)
    }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// The bytes as a String (catalog text is UTF-8; invalid bytes become U+FFFD).
    var string: String { String(decoding: self, as: UTF8.self) }

    /// The first word (up to a space or tab) and what follows it after the blanks.
    var splitWord: (word: Slice, rest: Slice) {
        let end = firstIndex { $0 == 0x20 || $0 == 0x09 } ?? endIndex
        let rest = self[end...].drop { $0 == 0x20 || $0 == 0x09 }
        return (self[..<end], rest)
    }

    /// The words separated by blanks.
    var words: [Slice] { split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }) }

    /// The text without trailing blanks.
    var trimmedEnd: Slice {
        var end = endIndex
        while end > startIndex, self[end - 1] == 0x20 || self[end - 1] == 0x09 { end -= 1 }
        return self[startIndex..<end]
    }

    /// A non-negative decimal number.
    var decimal: Int64? {
        guard !isEmpty, count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in self {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        var index = startIndex
        for offset in 0..<count {
            if self[index] != text.utf8Start[offset] { return false }
            index += 1
        }
        return true
    }
}

extension CatalogFile {
    /// A digest as the catalog writes it: `sha256:` and 64 hex digits, or `sha256:` and a prefix
    /// (at least 12 digits) then `*`, completed with invented digits: the SHA-256 of
    /// `dockersim:` + the prefix (so a value the course prints is kept and the rest is visibly made up).
    static func digest(_ text: String) -> Digest? {
        if let digest = Digest(parsing: text), text.hasPrefix("sha256:") { return digest }
        guard text.hasPrefix("sha256:"), text.hasSuffix("*") else { return nil }
        let prefix = String(text.dropFirst(7).dropLast())
        guard prefix.utf8.count >= 12, prefix.utf8.count < 64,
            prefix.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        return Digest(hex: prefix + Digest.sha256(of: "dockersim:" + prefix).hex.prefix(64 - prefix.utf8.count))
    }
}
