/// A `.layer` file of the catalog: a header (`blob`, `diffid`, `size`, optional `compressed`
/// and `program` blocks) read when an image that uses the layer is pulled, then the file list,
/// one entry a line as `tar --numeric-owner -tv` prints it, read only when the layer's files are
/// first needed (see `Hub/README.md`).
struct LayerRecord: Sendable {
    let file: CatalogFile
    let blob: Digest
    let diffID: Digest
    let size: Int64
    let compressedSize: Int64?
    let programs: [String: ProgramSpec]
    /// Lines of the header, for messages.
    var sizeLine = 0
    var diffIDLine = 0
    var programLines: [String: Int] = [:]
    /// Where the file list starts (byte offset and the number of the line before it).
    let entriesOffset: Int
    let entriesLine: Int
}

extension LayerRecord {
    /// Reads the header of a layer file.
    static func header(of file: CatalogFile) throws(CatalogError) -> LayerRecord {
        try file.withBytes { bytes throws(CatalogError) in
            var lines = CatalogLines(bytes)
            var blob: Digest?
            var diffID: Digest?
            var size: Int64?
            var compressed: Int64?
            var programs: [String: ProgramSpec] = [:]
            var lineOf: [String: Int] = [:]
            func record(_ blob: Digest, _ diffID: Digest, _ size: Int64, offset: Int, line: Int) -> LayerRecord {
                var made = LayerRecord(
                    file: file, blob: blob, diffID: diffID, size: size, compressedSize: compressed,
                    programs: programs, entriesOffset: offset, entriesLine: line)
                made.sizeLine = lineOf["size"] ?? 0
                made.diffIDLine = lineOf["diffid"] ?? 0
                made.programLines = lineOf.filter { $0.key.hasPrefix("/") }
                return made
            }
            var pending: CatalogLines.Line?
            while let line = pending ?? lines.next() {
                pending = nil
                if line.isBlankOrComment { continue }
                if LayerEntry.isEntry(line.text) {
                    guard let blob, let diffID, let size else {
                        throw file.error(line.number, "the header needs `blob`, `diffid` and `size` before the files")
                    }
                    return record(blob, diffID, size, offset: line.start, line: line.number - 1)
                }
                let (word, rest) = line.text.splitWord
                let value = rest.trimmedEnd
                if lineOf[word.string] != nil, !word.equals("program") {
                    throw file.error(line.number, "`\(word.string)` is given twice")
                }
                lineOf[word.string] = line.number
                switch word.string {
                case "blob", "diffid":
                    guard let digest = CatalogFile.digest(value.string) else {
                        throw file.error(line.number, "`\(word.string)` wants sha256:<64 hex> or sha256:<prefix>*")
                    }
                    if word.equals("blob") { blob = digest } else { diffID = digest }
                case "size", "compressed":
                    guard let number = value.decimal else {
                        throw file.error(line.number, "`\(word.string)` wants a number of bytes")
                    }
                    if word.equals("size") { size = number } else { compressed = number }
                case "program":
                    let parsed = try ProgramSpec.parse(header: line, lines: &lines, file: file)
                    guard programs[parsed.path] == nil else {
                        throw file.error(line.number, "program \(parsed.path) is described twice")
                    }
                    programs[parsed.path] = parsed.spec
                    lineOf[parsed.path] = line.number
                    pending = parsed.next
                default:
                    throw file.error(
                        line.number,
                        "unknown line '\(word.string)' (blob, diffid, size, compressed, program, or a file entry)")
                }
            }
            guard let blob, let diffID, let size else {
                throw file.error(lines.number, "the header needs `blob`, `diffid` and `size`")
            }
            return record(blob, diffID, size, offset: bytes.count, line: lines.number)
        }
    }

    /// Builds the layer's file tree from its file list.
    func tree() throws(CatalogError) -> FileTree {
        try LayerEntry.tree(of: file, from: entriesOffset, line: entriesLine)
    }
}

extension LayerEntry {
    /// Builds a tree from the file list of `file` that starts at byte `offset` (after line
    /// `line`): `tar -tv` entries, each regular file's text on `|` lines below it.
    static func tree(
        of file: CatalogFile, from entriesOffset: Int, line entriesLine: Int
    ) throws(CatalogError)
        -> FileTree
    {
        return try file.withBytes { bytes throws(CatalogError) in
            var builder = LayerEntry.Builder()
            var lines = CatalogLines(bytes, from: entriesOffset, line: entriesLine)
            // The regular file whose `|` text lines are being read.
            var content: (entry: LayerEntry, bytes: [UInt8], line: Int, text: Bool)?
            func finish(dropNewline: Bool = false) throws(CatalogError) {
                guard var open = content else { return }
                content = nil
                var node = open.entry.node
                if open.text, case .file(_, let meta) = node {
                    if dropNewline { open.bytes.removeLast() }
                    if let size = open.entry.declaredSize, size != Int64(open.bytes.count) {
                        throw file.error(
                            open.line, "the size is \(size) but the text below has \(open.bytes.count) bytes")
                    }
                    node = .file(FileContent(bytes: open.bytes), meta)
                }
                if let problem = builder.add(open.entry.path, node) { throw file.error(open.line, problem) }
            }
            while let line = lines.next() {
                if line.text.first == 0x7C {  // `|`
                    guard content != nil else {
                        throw file.error(line.number, "a `|` text line must follow a regular file's entry")
                    }
                    guard line.text.count == 1 || line.text[line.text.startIndex + 1] == 0x20 else {
                        throw file.error(line.number, "a text line is `| TEXT` (or `|` alone for an empty line)")
                    }
                    content?.bytes.append(contentsOf: line.text.dropFirst(2))
                    content?.bytes.append(0x0A)
                    content?.text = true
                    continue
                }
                if line.text.first == 0x5C, line.text.equals("\\ No newline at end of file") {
                    guard let open = content, open.text else {
                        throw file.error(line.number, "`\\ No newline at end of file` must follow `|` text lines")
                    }
                    try finish(dropNewline: true)
                    continue
                }
                try finish()
                if line.isBlankOrComment { continue }
                let entry = try LayerEntry.parse(line, file: file)
                switch entry.node {
                case .file where entry.textFollows:
                    content = (entry, [], line.number, false)
                default:
                    if let problem = builder.add(entry.path, entry.node, opaqueMarker: entry.opaqueMarker) {
                        throw file.error(line.number, problem)
                    }
                }
            }
            try finish()
            return builder.tree
        }
    }
}

/// One line of a layer's file list.
struct LayerEntry {
    var path: [String]
    var node: FileNode
    /// A regular file whose text may follow on `|` lines.
    var textFollows: Bool
    /// The size column (nil for `-`: the size of the text below).
    var declaredSize: Int64?
    /// `DIR/.wh..wh..opq`: the directory hides what the layers below hold there.
    var opaqueMarker = false

    /// True when the line starts with a `tar -tv` mode such as `-rw-r--r--` or `drwxr-xr-x`.
    static func isEntry(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard text.count >= 11, let first = text.first, first == 0x2D || first == 0x64 || first == 0x6C else {
            return false
        }
        return text[text.startIndex + 10] == 0x20
            && text.dropFirst().prefix(9).allSatisfy { "rwxsStT-".utf8.contains($0) }
    }

    /// Parses `MODE UID/GID SIZE DATE TIME PATH [-> TARGET]`.
    static func parse(_ line: CatalogLines.Line, file: CatalogFile) throws(CatalogError) -> LayerEntry {
        let text = line.text
        guard isEntry(text) else {
            throw file.error(
                line.number, "a file entry starts with a mode such as -rw-r--r--, drwxr-xr-x or lrwxrwxrwx")
        }
        var mode: UInt32 = 0
        let letters = Array(text.dropFirst().prefix(9))
        let bits: [UInt32] = [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1]
        for (index, letter) in letters.enumerated() {
            let expected: UInt8 = [0x72, 0x77, 0x78][index % 3]  // r w x
            switch letter {
            case 0x2D: break
            case expected: mode |= bits[index]
            case 0x73 where index == 2 || index == 5, 0x53 where index == 2 || index == 5:  // s S
                mode |= index == 2 ? 0o4000 : 0o2000
                if letter == 0x73 { mode |= bits[index] }
            case 0x74 where index == 8, 0x54 where index == 8:  // t T
                mode |= 0o1000
                if letter == 0x74 { mode |= bits[index] }
            default:
                throw file.error(line.number, "bad mode '\(text.prefix(10).string)'")
            }
        }
        var rest = text.dropFirst(10).drop { $0 == 0x20 || $0 == 0x09 }
        func word() -> Slice<UnsafeBufferPointer<UInt8>> {
            let (first, after) = rest.splitWord
            rest = after
            return first
        }
        let owner = word()
        let sizeWord = word()
        let dateWord = word()
        let timeWord = word()
        let ids = owner.split(separator: 0x2F, omittingEmptySubsequences: false)
        guard ids.count == 2, let uid = ids[0].decimal, let gid = ids[1].decimal, uid < 1 << 31, gid < 1 << 31 else {
            throw file.error(line.number, "the owner is UID/GID in numbers, such as 0/0 (tar --numeric-owner)")
        }
        guard let mtime = Self.time(date: dateWord, time: timeWord) else {
            throw file.error(line.number, "the date is YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (UTC)")
        }
        var pathText = rest.trimmedEnd
        guard !pathText.isEmpty else { throw file.error(line.number, "the entry has no path") }
        let meta = FileMetadata(mode: mode, uid: Int(uid), gid: Int(gid), mtime: mtime)
        let kind = text.first
        var target: String?
        if kind == 0x6C {  // l
            guard let arrow = Self.find(" -> ", in: pathText) else {
                throw file.error(line.number, "a symbolic link is written `PATH -> TARGET`")
            }
            target = pathText[(arrow + 4)...].string
            pathText = pathText[..<arrow]
        }
        let path = FilePath.components(pathText.string)
        guard !path.isEmpty, !path.contains("..") else {
            throw file.error(line.number, "the path '\(pathText.string)' is not inside the layer")
        }
        let size: Int64?
        if sizeWord.equals("-") && kind == 0x2D {
            size = nil
        } else if let number = sizeWord.decimal {
            guard kind == 0x2D || number == 0 else {
                throw file.error(line.number, "a directory or a link has size 0 in the list")
            }
            size = number
        } else {
            throw file.error(line.number, "the size is a number of bytes (or `-` for the text below)")
        }
        let name = path[path.count - 1]
        switch kind {
        case 0x64:
            return LayerEntry(path: path, node: .directory(Directory(meta: meta)), textFollows: false, declaredSize: 0)
        case 0x6C:
            guard let target, !target.isEmpty else { throw file.error(line.number, "the link has no target") }
            return LayerEntry(path: path, node: .symlink(target: target, meta), textFollows: false, declaredSize: 0)
        default:
            if name == ".wh..wh..opq" {
                guard path.count > 1 else { throw file.error(line.number, "the root cannot be opaque") }
                return LayerEntry(
                    path: Array(path.dropLast()), node: .directory(Directory(meta: meta, opaque: true)),
                    textFollows: false, declaredSize: 0, opaqueMarker: true)
            }
            if name.hasPrefix(".wh."), name.count > 4 {
                var hidden = path
                hidden[hidden.count - 1] = String(name.dropFirst(4))
                return LayerEntry(path: hidden, node: .whiteout, textFollows: false, declaredSize: 0)
            }
            let content = (size ?? 0) == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size ?? 0)
            return LayerEntry(path: path, node: .file(content, meta), textFollows: true, declaredSize: size)
        }
    }

    /// Unix seconds of `YYYY-MM-DD` and `HH:MM[:SS]` (UTC).
    static func time(date: Slice<UnsafeBufferPointer<UInt8>>, time: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        let d = date.split(separator: 0x2D, omittingEmptySubsequences: false)
        let t = time.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard d.count == 3, t.count == 2 || t.count == 3, d[0].count == 4, d[1].count == 2, d[2].count == 2,
            t.allSatisfy({ $0.count == 2 }), let year = d[0].decimal, let month = d[1].decimal, let day = d[2].decimal,
            let hour = t[0].decimal, let minute = t[1].decimal, (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60
        else { return nil }
        let second = t.count == 3 ? t[2].decimal ?? 60 : 0
        guard second < 60 else { return nil }
        return Timestamp.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func find(_ needle: StaticString, in text: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard text.count >= count else { return nil }
        var index = text.startIndex
        while index + count <= text.endIndex {
            if text[index..<index + count].equals(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Puts entries into a tree in file order. A parent that is not listed is created with mode
    /// 0755, owner 0/0 and the time of the entry that needs it.
    struct Builder {
        var tree = FileTree()
        /// Directories that exist in the tree, listed or made for a child.
        private var directories: Set<ArraySlice<String>> = [[]]
        /// Paths listed so far.
        private var listed: Set<ArraySlice<String>> = []

        /// Adds an entry; returns a problem (an entry listed twice, a path under a file).
        @discardableResult
        mutating func add(_ path: [String], _ node: FileNode, opaqueMarker: Bool = false) -> String? {
            let shown = "/" + path.joined(separator: "/")
            let parent = path.dropLast()
            if !directories.contains(parent) {
                for depth in 1..<path.count where !directories.contains(path[0..<depth]) {
                    let prefix = Array(path[0..<depth])
                    guard tree.node(at: prefix) == nil else {
                        return "/\(prefix.joined(separator: "/")) is not a directory"
                    }
                    let meta = FileMetadata(mode: 0o755, mtime: node.metadata?.mtime ?? 0)
                    tree.modify(prefix) { $0 = .directory(Directory(meta: meta)) }
                    directories.insert(prefix[...])
                }
            }
            if opaqueMarker {
                if !directories.contains(path[...]) {
                    guard tree.node(at: path) == nil else { return "\(shown) is not a directory" }
                    tree.modify(path) { $0 = node }
                    directories.insert(path[...])
                } else {
                    tree.setDirectoryMeta(path) { _, opaque in opaque = true }
                }
                return nil
            }
            guard listed.insert(path[...]).inserted else { return "\(shown) is listed twice" }
            if case .directory(let dir) = node, directories.contains(path[...]) {
                tree.setDirectoryMeta(path) { meta, _ in meta = dir.meta }
                return nil
            }
            if case .directory = node { directories.insert(path[...]) }
            tree.modify(path) { $0 = node }
            return nil
        }
    }
}
