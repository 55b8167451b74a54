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

    /// Builds the layer's file tree from its file list (once per process: see ``CatalogFile``).
    func tree() throws(CatalogError) -> FileTree {
        try LayerEntry.tree(of: file, from: entriesOffset, line: entriesLine)
    }

    /// Parses the layer's file list, keeping nothing (the catalog checks and their benchmark).
    func parsedTree() throws(CatalogError) -> FileTree {
        try LayerEntry.parseTree(of: file, from: entriesOffset, line: entriesLine)
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
        try file.tree(at: entriesOffset) { () throws(CatalogError) in
            try parseTree(of: file, from: entriesOffset, line: entriesLine)
        }
    }

    /// ``tree(of:from:line:)`` itself, parsing the list every time (what a check of the
    /// catalog reads, and keeps nothing of).
    static func parseTree(
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
                open.entry.node = node
                if let problem = builder.add(open.entry) { throw file.error(open.line, problem) }
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
                if case .file = entry.node, entry.textFollows {
                    content = (entry, [], line.number, false)
                } else if let problem = builder.add(entry) {
                    throw file.error(line.number, problem)
                }
            }
            try finish()
            return builder.tree()
        }
    }
}

/// One line of a layer's file list.
struct LayerEntry {
    /// The path inside the layer, without slashes at either end (`usr/bin/ls`).
    var path: String
    var node: FileNode
    /// A regular file whose text may follow on `|` lines.
    var textFollows: Bool
    /// The size column (nil for `-`: the size of the text below).
    var declaredSize: Int64?
    /// `DIR/.wh..wh..opq`: the directory hides what the layers below hold there.
    var opaqueMarker = false

    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// True when the line starts with a `tar -tv` mode such as `-rw-r--r--` or `drwxr-xr-x`.
    static func isEntry(_ text: Bytes) -> Bool {
        guard text.count >= 11, let first = text.first, first == 0x2D || first == 0x64 || first == 0x6C else {
            return false
        }
        var index = text.startIndex + 1
        while index < text.startIndex + 10 {
            switch text[index] {
            case 0x72, 0x77, 0x78, 0x73, 0x53, 0x74, 0x54, 0x2D: index += 1  // r w x s S t T -
            default: return false
            }
        }
        return text[text.startIndex + 10] == 0x20
    }

    /// Parses `MODE UID/GID SIZE DATE TIME PATH [-> TARGET]`.
    static func parse(_ line: CatalogLines.Line, file: CatalogFile) throws(CatalogError) -> LayerEntry {
        let text = line.text
        guard isEntry(text) else {
            throw file.error(
                line.number, "a file entry starts with a mode such as -rw-r--r--, drwxr-xr-x or lrwxrwxrwx")
        }
        let kind = text[text.startIndex]
        guard let mode = Self.mode(text) else { throw file.error(line.number, "bad mode '\(text.prefix(10).string)'") }
        var cursor = text.startIndex + 10
        func word() -> Bytes {
            while cursor < text.endIndex, text[cursor] == 0x20 || text[cursor] == 0x09 { cursor += 1 }
            let start = cursor
            while cursor < text.endIndex, text[cursor] != 0x20, text[cursor] != 0x09 { cursor += 1 }
            return text[start..<cursor]
        }
        let owner = word()
        let sizeWord = word()
        let dateWord = word()
        let timeWord = word()
        while cursor < text.endIndex, text[cursor] == 0x20 || text[cursor] == 0x09 { cursor += 1 }
        guard let slash = owner.firstIndex(of: 0x2F), let uid = owner[..<slash].decimal,
            let gid = owner[(slash + 1)...].decimal, uid < 1 << 31, gid < 1 << 31
        else {
            throw file.error(line.number, "the owner is UID/GID in numbers, such as 0/0 (tar --numeric-owner)")
        }
        guard let mtime = Self.time(date: dateWord, time: timeWord) else {
            throw file.error(line.number, "the date is YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (UTC)")
        }
        var pathText = text[cursor...].trimmedEnd
        let meta = FileMetadata(mode: mode, uid: Int(uid), gid: Int(gid), mtime: mtime)
        var target: String?
        if kind == 0x6C {  // l
            guard let arrow = Self.find(" -> ", in: pathText) else {
                throw file.error(line.number, "a symbolic link is written `PATH -> TARGET`")
            }
            target = pathText[(arrow + 4)...].string
            pathText = pathText[..<arrow]
        }
        guard let path = Self.path(pathText) else {
            throw file.error(line.number, "the path '\(pathText.string)' is not inside the layer")
        }
        let size: Int64?
        if kind == 0x2D, sizeWord.count == 1, sizeWord.first == 0x2D {
            size = nil
        } else if let number = sizeWord.decimal {
            guard kind == 0x2D || number == 0 else {
                throw file.error(line.number, "a directory or a link has size 0 in the list")
            }
            size = number
        } else {
            throw file.error(line.number, "the size is a number of bytes (or `-` for the text below)")
        }
        switch kind {
        case 0x64:
            return LayerEntry(path: path, node: .directory(Directory(meta: meta)), textFollows: false, declaredSize: 0)
        case 0x6C:
            guard let target, !target.isEmpty else { throw file.error(line.number, "the link has no target") }
            return LayerEntry(path: path, node: .symlink(target: target, meta), textFollows: false, declaredSize: 0)
        default:
            // Only a name starting with `.wh.` is looked at as text (read from the list's bytes:
            // the path is that text without slashes at either end).
            var nameStart = pathText.endIndex
            while nameStart > pathText.startIndex, pathText[nameStart - 1] == 0x2F { nameStart -= 1 }
            while nameStart > pathText.startIndex, pathText[nameStart - 1] != 0x2F { nameStart -= 1 }
            if pathText[nameStart...].starts(with: ".wh.".utf8) {
                let slash = path.utf8.lastIndex(of: 0x2F)
                let name = slash.map { path[path.index(after: $0)...] } ?? path[...]
                guard name.hasPrefix(".wh.") else {
                    let content = (size ?? 0) == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size ?? 0)
                    return LayerEntry(path: path, node: .file(content, meta), textFollows: true, declaredSize: size)
                }
                if name == ".wh..wh..opq" {
                    guard let slash else { throw file.error(line.number, "the root cannot be opaque") }
                    return LayerEntry(
                        path: String(path[..<slash]), node: .directory(Directory(meta: meta, opaque: true)),
                        textFollows: false, declaredSize: 0, opaqueMarker: true)
                }
                if name.utf8.count > 4 {
                    let hidden = (slash.map { String(path[...$0]) } ?? "") + name.dropFirst(4)
                    return LayerEntry(path: hidden, node: .whiteout, textFollows: false, declaredSize: 0)
                }
            }
            let content = (size ?? 0) == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size ?? 0)
            return LayerEntry(path: path, node: .file(content, meta), textFollows: true, declaredSize: size)
        }
    }

    /// The permission bits of `-rwxr-xr-x`, with `s`/`S`/`t`/`T`.
    static func mode(_ text: Bytes) -> UInt32? {
        var mode: UInt32 = 0
        var index = text.startIndex + 1
        for position in 0..<9 {
            let letter = text[index]
            index += 1
            let bit: UInt32 = 1 << UInt32(8 - position)
            let expected: UInt8 = position % 3 == 0 ? 0x72 : position % 3 == 1 ? 0x77 : 0x78
            if letter == 0x2D { continue }
            if letter == expected {
                mode |= bit
            } else if (letter == 0x73 || letter == 0x53) && (position == 2 || position == 5) {
                mode |= position == 2 ? 0o4000 : 0o2000
                if letter == 0x73 { mode |= bit }
            } else if (letter == 0x74 || letter == 0x54) && position == 8 {
                mode |= 0o1000
                if letter == 0x74 { mode |= bit }
            } else {
                return nil
            }
        }
        return mode
    }

    /// The path as stored: no `./` or `/` in front, no `/` at the end; nil when it is empty or
    /// has empty, `.` or `..` parts.
    static func path(_ raw: Bytes) -> String? {
        var start = raw.startIndex
        var end = raw.endIndex
        if end - start >= 2, raw[start] == 0x2E, raw[start + 1] == 0x2F { start += 2 }
        while start < end, raw[start] == 0x2F { start += 1 }
        while end > start, raw[end - 1] == 0x2F { end -= 1 }
        guard start < end else { return nil }
        var part = start
        var index = start
        while index <= end {
            if index == end || raw[index] == 0x2F {
                let length = index - part
                if length == 0 || (length == 1 && raw[part] == 0x2E)
                    || (length == 2 && raw[part] == 0x2E && raw[part + 1] == 0x2E)
                {
                    return nil
                }
                part = index + 1
            }
            index += 1
        }
        return String(decoding: raw[start..<end], as: UTF8.self)
    }

    /// Unix seconds of `YYYY-MM-DD` and `HH:MM[:SS]` (UTC).
    static func time(date: Bytes, time: Bytes) -> Int64? {
        func number(_ text: Bytes, _ offset: Int, _ length: Int) -> Int64? {
            text[(text.startIndex + offset)..<(text.startIndex + offset + length)].decimal
        }
        guard date.count == 10, date[date.startIndex + 4] == 0x2D, date[date.startIndex + 7] == 0x2D,
            time.count == 5 || time.count == 8, time[time.startIndex + 2] == 0x3A,
            time.count == 5 || time[time.startIndex + 5] == 0x3A,
            let year = number(date, 0, 4), let month = number(date, 5, 2), let day = number(date, 8, 2),
            let hour = number(time, 0, 2), let minute = number(time, 3, 2), (1...12).contains(month),
            (1...31).contains(day), hour < 24, minute < 60
        else { return nil }
        let second = time.count == 8 ? number(time, 6, 2) ?? 60 : 0
        guard second < 60 else { return nil }
        return Timestamp.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func find(_ needle: StaticString, in text: Bytes) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard text.count >= count else { return nil }
        var index = text.startIndex
        while index + count <= text.endIndex {
            if text[index..<index + count].equals(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Puts entries into a tree in file order. A parent that is not listed is made with mode
    /// 0755, owner 0/0 and the time of the entry that needs it.
    struct Builder {
        private var builder = FileTreeBuilder(rootMeta: FileMetadata(mode: 0o755, mtime: 0))
        /// Directories listed so far, by identity (a folder's object stays the one at its path
        /// while the list is read: a path never gets another folder, and what would replace a
        /// folder refuses the list); a file listed twice is found in its parent.
        private var listedDirectories: Set<ObjectIdentifier> = []

        /// Adds an entry; returns a problem (an entry listed twice, a path under a file).
        mutating func add(_ entry: LayerEntry) -> String? {
            let path = entry.path
            let implicit = FileMetadata(mode: 0o755, mtime: entry.node.metadata?.mtime ?? 0)
            if entry.opaqueMarker {
                guard let dir = builder.directory(path, making: implicit) else { return "/\(path) is not a directory" }
                dir.opaque = true
                return nil
            }
            // The folder and the name, split at the last `/` in the path's bytes: the folder is
            // most often the previous entry's, found without making its path a string.
            var name = ""
            var found: Directory?
            let split: Void? = path.utf8.withContiguousStorageIfAvailable { bytes in
                var slash = bytes.count
                while slash > 0, bytes[slash - 1] != 0x2F { slash -= 1 }
                name = String(decoding: UnsafeBufferPointer(rebasing: bytes[slash...]), as: UTF8.self)
                let folder = UnsafeBufferPointer(rebasing: bytes[..<max(slash - 1, 0)])
                found = builder.directory(folder, making: implicit)
            }
            if split == nil {  // not contiguous (a bridged string): split as text
                let slash = path.utf8.lastIndex(of: 0x2F)
                name = String(slash.map { path[path.index(after: $0)...] } ?? path[...])
                found = builder.directory(slash.map { String(path[..<$0]) } ?? "", making: implicit)
            }
            guard let parent = found else {
                let slash = path.utf8.lastIndex(of: 0x2F)
                return "/\(slash.map { String(path[..<$0]) } ?? "") is not a directory"
            }
            guard case .directory(let listedDir) = entry.node else {
                // A file, link or whiteout: put in one step. What it replaces makes the list
                // refused, and the tree with it (so the replacing does not matter).
                switch builder.put(entry.node, named: name, in: parent) {
                case nil: return nil
                case .directory?: return "/\(path) is listed after what is inside it"
                default: return "/\(path) is listed twice"
                }
            }
            let existing = parent.entries[name]
            if case .directory(let made)? = existing {
                guard listedDirectories.insert(ObjectIdentifier(made)).inserted else {
                    return "/\(path) is listed twice"
                }
                made.meta = listedDir.meta  // made earlier for an entry below it
                return nil
            }
            guard existing == nil else { return "/\(path) is listed twice" }
            listedDirectories.insert(ObjectIdentifier(listedDir))
            builder.put(entry.node, named: name, in: parent, path: path)
            return nil
        }

        func tree() -> FileTree { builder.build() }
    }
}
