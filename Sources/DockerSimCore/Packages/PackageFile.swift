/// A package of a distribution's repository as the package catalog describes it (see
/// `Packages/README.md`): its control fields, the files it installs (read only when it is
/// installed), what its maintainer scripts make and print, and what its programs do.
public struct CatalogPackage: Sendable {
    /// A relation between packages (`libc6 (>= 2.34)`, `perl:any`), one alternative of a group.
    public struct Relation: Sendable, Equatable {
        public var name: String
        /// `>=`, `<=`, `=`, `<<`, `>>`, or nil for any version.
        public var op: String?
        public var version: String?

        public init(name: String, op: String? = nil, version: String? = nil) {
            self.name = name
            self.op = op
            self.version = version
        }

        /// Whether `version` satisfies the relation.
        public func accepts(_ candidate: String) -> Bool {
            guard let op, let version else { return true }
            let order = DebianVersion.compare(candidate, version)
            switch op {
            case ">=": return order >= 0
            case "<=": return order <= 0
            case "=": return order == 0
            case ">>": return order > 0
            case "<<": return order < 0
            default: return true
            }
        }
    }

    public let name: String
    public let version: String
    public let architecture: String
    public let multiArch: String?
    public let section: String
    public let priority: String
    public let essential: Bool
    /// `Installed-Size`, in KiB (what `After this operation` adds up).
    public let installedSize: Int64
    /// Bytes of the `.deb` (what `Need to get` adds up).
    public let downloadSize: Int64
    /// `pool/main/a/apache2/apache2_2.4.57-2_amd64.deb`.
    public let filename: String
    /// `http://deb.debian.org/debian bookworm/main` (the `Get:` lines name it).
    public let source: String
    public let preDepends: [[Relation]]
    public let depends: [[Relation]]
    public let recommends: [[Relation]]
    public let suggests: [[Relation]]
    public let provides: [Relation]
    /// apk's `install_if`: installed by itself once all these are (`ssl_client` with busybox and
    /// libssl3).
    public let installIf: [Relation]
    /// pip: requirements that hold only under an environment marker (`marker async-timeout
    /// python_full_version < 3.11.3`), by the required name: the marker's words.
    public let markers: [String: [String]]
    public let description: String
    /// The maintainer files dpkg keeps under `/var/lib/dpkg/info` (`postinst`, `md5sums`…) and
    /// their sizes.
    public let maintainerFiles: [(name: String, size: Int64)]
    /// Bytes its stanza adds to `/var/lib/dpkg/status`.
    public let statusBytes: Int64
    /// What its programs do (`program` blocks), by absolute path.
    public let programs: [String: ProgramSpec]
    /// What configuring it prints (`setup` lines), and the lines its triggers print.
    public let setupOutput: [String]
    public let triggerOutput: [String]
    /// A group its maintainer scripts add (`addgroup --system ssl-cert`) and its GID.
    public let group: (String, Int)?
    /// Whether the file list is in the catalog (header-only packages are those a base image has).
    public let hasFiles: Bool

    let file: CatalogFile
    let entriesOffset: Int
    let entriesLine: Int
    /// The `.setup` file: what the maintainer scripts create (a file list of its own).
    let setupFile: CatalogFile?

    /// `name:arch` as dpkg names a `Multi-Arch: same` package, else the name.
    public var qualifiedName: String { multiArch == "same" ? "\(name):\(architecture)" : name }

    /// The files the package installs (its `data.tar`).
    public func files() throws(CatalogError) -> FileTree {
        guard hasFiles else { return FileTree() }
        return try LayerEntry.tree(of: file, from: entriesOffset, line: entriesLine)
    }

    /// The files its maintainer scripts make when it is configured (links of enabled modules,
    /// generated certificates…).
    public func setupFiles() throws(CatalogError) -> FileTree {
        guard let setupFile else { return FileTree() }
        return try LayerEntry.tree(of: setupFile, from: 0, line: 0)
    }
}

extension CatalogPackage {
    /// ``files()`` parsed whole now, every line checked (``files()`` reads a built-in list's
    /// folders only when they are first asked for): what ``PackageCatalog/lint()`` reads.
    func parsedFiles() throws(CatalogError) -> FileTree {
        guard hasFiles else { return FileTree() }
        return try LayerEntry.parseTree(of: file, from: entriesOffset, line: entriesLine)
    }

    /// ``setupFiles()`` parsed whole now, every line checked.
    func parsedSetupFiles() throws(CatalogError) -> FileTree {
        guard let setupFile else { return FileTree() }
        return try LayerEntry.parseTree(of: setupFile, from: 0, line: 0)
    }

    /// Reads the header of a `.package` file (the file list is read on install).
    static func parse(_ file: CatalogFile, setup: CatalogFile?) throws(CatalogError) -> CatalogPackage {
        let (header, offset, line) = try file.withBytes { bytes throws(CatalogError) in
            var lines = CatalogLines(bytes)
            var fields: [String: (value: String, line: Int)] = [:]
            var programs: [String: ProgramSpec] = [:]
            var pending: CatalogLines.Line?
            while let current = pending ?? lines.next() {
                pending = nil
                if current.isBlankOrComment { continue }
                if LayerEntry.isEntry(current.text) {
                    return (Header(fields: fields, programs: programs), current.start, current.number - 1)
                }
                let (word, rest) = current.text.splitWord
                let key = word.string
                if key == "program" {
                    let parsed = try ProgramSpec.parse(header: current, lines: &lines, file: file)
                    programs[parsed.path] = parsed.spec
                    pending = parsed.next
                    continue
                }
                guard Self.knownFields.contains(key) else {
                    throw file.error(current.number, "unknown line '\(key)' (a field, program, or a file entry)")
                }
                if key == "setup" || key == "trigger" {
                    let previous = fields[key]?.value
                    let text = rest.trimmedEnd.string
                    fields[key] = ((previous.map { $0 + "\n" } ?? "") + text, current.number)
                    continue
                }
                guard fields[key] == nil else { throw file.error(current.number, "`\(key)` is given twice") }
                fields[key] = (rest.trimmedEnd.string, current.number)
            }
            return (Header(fields: fields, programs: programs), bytes.count, lines.number)
        }
        func required(_ key: String) throws(CatalogError) -> String {
            guard let value = header.fields[key]?.value, !value.isEmpty else {
                throw file.error(0, "the header needs `\(key)`")
            }
            return value
        }
        func number(_ key: String) throws(CatalogError) -> Int64 {
            guard let entry = header.fields[key] else { return 0 }
            guard let value = Int64(entry.value), value >= 0 else {
                throw file.error(entry.line, "`\(key)` wants a number")
            }
            return value
        }
        func relations(_ key: String) throws(CatalogError) -> [[Relation]] {
            guard let entry = header.fields[key] else { return [] }
            guard let parsed = Self.relations(entry.value) else {
                throw file.error(entry.line, "`\(key)` wants Debian relations (`name (>= version) | other, …`)")
            }
            return parsed
        }
        func group() throws(CatalogError) -> (String, Int)? {
            guard let entry = header.fields["group"] else { return nil }
            let words = entry.value.split(separator: " ")
            guard words.count == 2, let gid = Int(words[1]) else {
                throw file.error(entry.line, "`group` wants NAME GID")
            }
            return (String(words[0]), gid)
        }
        var files: [(String, Int64)] = []
        if let entry = header.fields["maintainer-files"] {
            for word in entry.value.split(separator: " ") {
                let parts = word.split(separator: ":")
                guard parts.count == 2, let size = Int64(parts[1]) else {
                    throw file.error(entry.line, "`maintainer-files` wants NAME:SIZE words (postinst:1234)")
                }
                files.append((String(parts[0]), size))
            }
        }
        let hasFiles = offset < (file.withBytesCount)
        return CatalogPackage(
            name: try required("package"), version: try required("version"),
            architecture: try required("architecture"), multiArch: header.fields["multi-arch"]?.value,
            section: header.fields["section"]?.value ?? "misc",
            priority: header.fields["priority"]?.value ?? "optional",
            essential: header.fields["essential"]?.value == "yes", installedSize: try number("installed-size"),
            downloadSize: try number("download"), filename: header.fields["filename"]?.value ?? "",
            source: try required("source"), preDepends: try relations("pre-depends"), depends: try relations("depends"),
            recommends: try relations("recommends"), suggests: try relations("suggests"),
            provides: try relations("provides").compactMap(\.first),
            installIf: try relations("install-if").compactMap(\.first),
            markers: header.fields["marker"].map { entry in
                let words = entry.value.split(separator: " ").map(String.init)
                return words.isEmpty ? [:] : [words[0]: Array(words.dropFirst())]
            } ?? [:],
            description: header.fields["description"]?.value ?? "", maintainerFiles: files,
            statusBytes: try number("status-bytes"), programs: header.programs,
            setupOutput: header.fields["setup"]?.value.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0)
            } ?? [],
            triggerOutput: header.fields["trigger"]?.value.split(separator: "\n", omittingEmptySubsequences: false).map
            {
                String($0)
            } ?? [],
            group: try group(), hasFiles: hasFiles, file: file, entriesOffset: offset, entriesLine: line,
            setupFile: setup)
    }

    struct Header {
        var fields: [String: (value: String, line: Int)]
        var programs: [String: ProgramSpec]
    }

    static let knownFields: Set<String> = [
        "package", "version", "architecture", "multi-arch", "section", "priority", "essential", "installed-size",
        "download", "filename", "source", "pre-depends", "depends", "recommends", "suggests", "provides", "breaks",
        "conflicts", "replaces", "install-if", "marker", "description", "maintainer-files", "status-bytes", "setup",
        "trigger",
        "group",
    ]

    /// `a (>= 1) | b, c:any` → [[a >= 1, b], [c]] (architecture qualifiers dropped).
    static func relations(_ text: String) -> [[Relation]]? {
        // Relations are ASCII: read as bytes (the same answer, without a Character at a time).
        if let answer = asciiRelations(Array(text.utf8)) { return answer }
        return characterRelations(text)
    }

    /// ``relations(_:)`` read a Character at a time (any text).
    static func characterRelations(_ text: String) -> [[Relation]]? {
        var groups: [[Relation]] = []
        for group in text.split(separator: ",") {
            var alternatives: [Relation] = []
            for alternative in group.split(separator: "|") {
                let trimmed = alternative.trimmingBlanks
                guard !trimmed.isEmpty else { return nil }
                var name = String(trimmed.prefix { !$0.isWhitespace && $0 != "(" })
                if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
                var relation = Relation(name: name)
                guard name.allSatisfy({ !"()<>=".contains($0) }), !name.isEmpty else { return nil }
                if trimmed.contains("(") != trimmed.contains(")") { return nil }
                if let open = trimmed.firstIndex(of: "("), let close = trimmed.firstIndex(of: ")"), open < close {
                    let inside = trimmed[trimmed.index(after: open)..<close].trimmingBlanks
                    let op = String(inside.prefix { "<>=".contains($0) })
                    guard ["<=", ">=", "=", "<<", ">>"].contains(op) else { return nil }
                    relation.op = op
                    relation.version = String(inside.dropFirst(op.count)).trimmingBlanks
                }
                alternatives.append(relation)
            }
            groups.append(alternatives)
        }
        return groups
    }
}

extension CatalogPackage {
    /// ``relations(_:)`` of a text whose bytes are ASCII without a carriage return (each byte
    /// then is one Character, and white space is tab to carriage return and space); nil for
    /// another text. The answer is `.some(nil)` when the text is not Debian relations.
    static func asciiRelations(_ bytes: [UInt8]) -> [[Relation]]?? {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, isBlank(bytes[lower]) { lower += 1 }
            while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
            return lower..<upper
        }
        func first(_ byte: UInt8, in range: Range<Int>) -> Int? { range.first { bytes[$0] == byte } }
        /// The alternative in `range`, nil when it is not a relation.
        func relation(_ range: Range<Int>) -> Relation? {
            let whole = trimmed(range)
            guard !whole.isEmpty else { return nil }
            var nameEnd = whole.lowerBound
            while nameEnd < whole.upperBound, !isBlank(bytes[nameEnd]), bytes[nameEnd] != 0x28 { nameEnd += 1 }
            var nameRange = whole.lowerBound..<nameEnd
            if let colon = first(0x3A, in: nameRange) { nameRange = nameRange.lowerBound..<colon }
            guard !nameRange.isEmpty,
                !nameRange.contains(where: { [0x28, 0x29, 0x3C, 0x3E, 0x3D].contains(bytes[$0]) })
            else { return nil }
            var made = Relation(name: string(nameRange))
            let open = first(0x28, in: whole)
            let close = first(0x29, in: whole)
            if (open == nil) != (close == nil) { return nil }
            if let open, let close, open < close {
                let inside = trimmed((open + 1)..<close)
                var opEnd = inside.lowerBound
                while opEnd < inside.upperBound, [0x3C, 0x3E, 0x3D].contains(bytes[opEnd]) { opEnd += 1 }
                let op = string(inside.lowerBound..<opEnd)
                guard ["<=", ">=", "=", "<<", ">>"].contains(op) else { return nil }
                made.op = op
                made.version = string(trimmed(opEnd..<inside.upperBound))
            }
            return made
        }
        var groups: [[Relation]] = []
        var groupStart = 0
        for groupEnd in 0...bytes.count where groupEnd == bytes.count || bytes[groupEnd] == 0x2C {
            defer { groupStart = groupEnd + 1 }
            guard groupEnd > groupStart else { continue }  // `split` drops empty pieces
            var alternatives: [Relation] = []
            var start = groupStart
            for end in groupStart...groupEnd where end == groupEnd || bytes[end] == 0x7C {
                defer { start = end + 1 }
                guard end > start else { continue }
                guard let made = relation(start..<end) else { return .some(nil) }
                alternatives.append(made)
            }
            groups.append(alternatives)
        }
        return .some(groups)
    }
}

extension CatalogFile {
    /// The number of bytes of the file.
    var withBytesCount: Int { (try? withBytes { $0.count }) ?? 0 }
}

/// dpkg's version comparison (`dpkg --compare-versions`): epoch, upstream version and revision,
/// `~` before everything, letters before other characters.
public enum DebianVersion {
    /// Negative, zero or positive as `a` is older than, the same as or newer than `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        let (epochA, upA, revA) = split(a)
        let (epochB, upB, revB) = split(b)
        if epochA != epochB { return epochA < epochB ? -1 : 1 }
        let upstream = compareParts(upA, upB)
        if upstream != 0 { return upstream }
        return compareParts(revA, revB)
    }

    static func split(_ version: String) -> (Int, String, String) {
        var rest = Substring(version)
        var epoch = 0
        if let colon = rest.firstIndex(of: ":"), let value = Int(rest[..<colon]) {
            epoch = value
            rest = rest[rest.index(after: colon)...]
        }
        if let dash = rest.lastIndex(of: "-") {
            return (epoch, String(rest[..<dash]), String(rest[rest.index(after: dash)...]))
        }
        return (epoch, String(rest), "")
    }

    /// dpkg's `order`: digits 0, letters their code, `~` before all, others after letters.
    static func order(_ c: UInt8?) -> Int {
        guard let c else { return 0 }
        if c >= 0x30 && c <= 0x39 { return 0 }
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { return Int(c) }
        if c == 0x7E { return -1 }
        return Int(c) + 256
    }

    /// dpkg's `verrevcmp`.
    static func compareParts(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var i = 0
        var j = 0
        func digit(_ bytes: [UInt8], _ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        while i < x.count || j < y.count {
            var firstDiff = 0
            while (i < x.count && !digit(x, i)) || (j < y.count && !digit(y, j)) {
                let ac = order(i < x.count ? x[i] : nil)
                let bc = order(j < y.count ? y[j] : nil)
                if ac != bc { return ac - bc }
                i += 1
                j += 1
            }
            while i < x.count && x[i] == 0x30 { i += 1 }
            while j < y.count && y[j] == 0x30 { j += 1 }
            while digit(x, i) && digit(y, j) {
                if firstDiff == 0 { firstDiff = Int(x[i]) - Int(y[j]) }
                i += 1
                j += 1
            }
            if digit(x, i) { return 1 }
            if digit(y, j) { return -1 }
            if firstDiff != 0 { return firstDiff }
        }
        return 0
    }
}
