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
            // A built-in list is checked by the tests (`hub lint`'s and the package catalog's):
            // its folders are read when first asked for. A teacher's file is parsed whole.
            if file.isEmbedded, let unread = CatalogFolder.tree(of: file, from: entriesOffset) { return unread }
            return try parseTree(of: file, from: entriesOffset, line: entriesLine)
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

    /// An entry line's words after its 10-byte mode (``isEntry(_:)`` true): owner (`uid/gid`),
    /// size, date and time, each ended by a space or a tab, and the rest of the line from its
    /// first byte that is neither (the path, and a link's ` -> target`).
    static func fields(_ text: Bytes) -> (owner: Bytes, size: Bytes, date: Bytes, time: Bytes, rest: Bytes) {
        var cursor = text.startIndex + 10
        let end = text.endIndex
        // The bytes read through the buffer's address (every line's every byte up to its path:
        // a slice's subscript checks its bounds at each one); an empty buffer has none to read.
        guard let bytes = text.base.baseAddress else { return (text, text, text, text, text) }
        func word() -> Bytes {
            while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            let start = cursor
            while cursor < end, bytes[cursor] != 0x20, bytes[cursor] != 0x09 { cursor += 1 }
            return text[start..<cursor]
        }
        let owner = word()
        let size = word()
        let date = word()
        let time = word()
        while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        return (owner, size, date, time, text[cursor...])
    }

    /// True when `name` starts with `.wh.` (a whiteout's or an opaque marker's name), its bytes
    /// read in place.
    static func isWhiteoutName(_ name: Bytes) -> Bool {
        let start = name.startIndex
        return name.count >= 4 && name[start] == 0x2E && name[start + 1] == 0x77 && name[start + 2] == 0x68
            && name[start + 3] == 0x2E
    }

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
        let (owner, sizeWord, dateWord, timeWord, rest) = fields(text)
        guard let slash = owner.firstIndex(of: 0x2F), let uid = owner[..<slash].decimal,
            let gid = owner[(slash + 1)...].decimal, uid < 1 << 31, gid < 1 << 31
        else {
            throw file.error(line.number, "the owner is UID/GID in numbers, such as 0/0 (tar --numeric-owner)")
        }
        guard let mtime = Self.time(date: dateWord, time: timeWord) else {
            throw file.error(line.number, "the date is YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (UTC)")
        }
        var pathText = rest.trimmedEnd
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

    /// Where a path's stored form lies in `raw`: without a `./` or the `/`s in front and the
    /// `/`s at the end; nil when nothing is left.
    static func trimmedPath(_ raw: Bytes) -> (start: Int, end: Int)? {
        var start = raw.startIndex
        var end = raw.endIndex
        if end - start >= 2, raw[start] == 0x2E, raw[start + 1] == 0x2F { start += 2 }
        while start < end, raw[start] == 0x2F { start += 1 }
        while end > start, raw[end - 1] == 0x2F { end -= 1 }
        return start < end ? (start, end) : nil
    }

    /// The path as stored: no `./` or `/` in front, no `/` at the end; nil when it is empty or
    /// has empty, `.` or `..` parts.
    static func path(_ raw: Bytes) -> String? {
        guard let (start, end) = trimmedPath(raw) else { return nil }
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

/// The entries of one folder of a built-in catalog list, not read yet (see ``Directory``): the
/// lines that list its files, links and whiteouts, and its folders (made already, unread
/// themselves). ``entries()`` makes them as ``LayerEntry/parseTree(of:from:line:)`` would.
final class CatalogFolder: Sendable {
    let file: CatalogFile
    /// Where the lines of the folder's files, links and whiteouts start in the file.
    let lines: [Int32]
    let folders: [(name: String, folder: Directory)]

    init(file: CatalogFile, lines: [Int32], folders: [(name: String, folder: Directory)]) {
        self.file = file
        self.lines = lines
        self.folders = folders
    }

    /// The folder's entries, each line parsed as the whole list's parse parses it, by name and
    /// as listed (the folders, then the files, links and whiteouts in the list's order: a name
    /// listed twice is there twice).
    func entries() -> (byName: [String: FileNode], listed: [(name: String, node: FileNode)]) {
        var entries: [String: FileNode] = Dictionary(minimumCapacity: lines.count + folders.count)
        var listed: [(name: String, node: FileNode)] = []
        listed.reserveCapacity(lines.count + folders.count)
        for (name, folder) in folders {
            entries[name] = .directory(folder)
            listed.append((name, .directory(folder)))
        }
        _ = try? file.withBytes { bytes throws(CatalogError) in
            var lastTime: LastTime?
            for offset in lines {
                var reader = CatalogLines(bytes, from: Int(offset))
                guard let line = reader.next(), let (name, made) = Self.entry(line, bytes: bytes, lastTime: &lastTime)
                else { continue }
                var node = made
                if case .file(_, let meta) = node {
                    // The file's text, on the `|` lines below it.
                    var text: [UInt8] = []
                    var isText = false
                    while let next = reader.next() {
                        if next.text.first == 0x7C {
                            text.append(contentsOf: next.text.dropFirst(2))
                            text.append(0x0A)
                            isText = true
                            continue
                        }
                        if isText, next.text.first == 0x5C, next.text.equals("\\ No newline at end of file") {
                            text.removeLast()
                        }
                        break
                    }
                    if isText { node = .file(FileContent(bytes: text), meta) }
                }
                entries[name] = node
                listed.append((name, node))
            }
        }
        return (entries, listed)
    }

    /// A line's date and time words and the Unix seconds ``LayerEntry/time(date:time:)`` read
    /// from them: the lines of one folder most often share them.
    typealias LastTime = (date: LayerEntry.Bytes, time: LayerEntry.Bytes, seconds: Int64)

    /// The name and node of a file, link or whiteout line of a list that parses, as
    /// ``LayerEntry/parse(_:file:)`` makes them (a file without its text), read from the bytes
    /// without making the path a string. `lastTime` is the last time read (the same words give
    /// the same seconds, taken from it), and becomes this line's.
    static func entry(
        _ line: CatalogLines.Line, bytes: UnsafeBufferPointer<UInt8>, lastTime: inout LastTime?
    ) -> (name: String, node: FileNode)? {
        let text = line.text
        guard text.count >= 11, let mode = LayerEntry.mode(text) else { return nil }
        let kind = text[text.startIndex]
        let (owner, sizeWord, dateWord, timeWord, rest) = LayerEntry.fields(text)
        guard let slash = owner.firstIndex(of: 0x2F), let uid = owner[..<slash].decimal,
            let gid = owner[(slash + 1)...].decimal
        else { return nil }
        let mtime: Int64
        if let last = lastTime, Self.sameBytes(last.date, dateWord), Self.sameBytes(last.time, timeWord) {
            mtime = last.seconds
        } else {
            guard let seconds = LayerEntry.time(date: dateWord, time: timeWord) else { return nil }
            lastTime = (dateWord, timeWord, seconds)
            mtime = seconds
        }
        let meta = FileMetadata(mode: mode, uid: Int(uid), gid: Int(gid), mtime: mtime)
        var pathText = rest.trimmedEnd
        var target: String?
        if kind == 0x6C {  // l
            guard let arrow = LayerEntry.find(" -> ", in: pathText) else { return nil }
            target = String(decoding: pathText[(arrow + 4)...], as: UTF8.self)
            pathText = pathText[..<arrow]
        }
        var end = pathText.endIndex
        while end > pathText.startIndex, bytes[end - 1] == 0x2F { end -= 1 }
        var start = end
        while start > pathText.startIndex, bytes[start - 1] != 0x2F { start -= 1 }
        let name = bytes[start..<end]
        if let target { return (String(decoding: name, as: UTF8.self), .symlink(target: target, meta)) }
        if name.count > 4, LayerEntry.isWhiteoutName(name) {  // ASCII: the index read it
            return (String(decoding: name.dropFirst(4), as: UTF8.self), .whiteout)
        }
        let size = sizeWord.count == 1 && sizeWord.first == 0x2D ? 0 : (sizeWord.decimal ?? 0)
        let content = size == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size)
        return (String(decoding: name, as: UTF8.self), .file(content, meta))
    }

    /// Whether two slices of one buffer hold the same bytes.
    static func sameBytes(_ a: LayerEntry.Bytes, _ b: LayerEntry.Bytes) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = a.base.baseAddress, let other = b.base.baseAddress else { return a.elementsEqual(b) }
        var left = a.startIndex
        var right = b.startIndex
        while left < a.endIndex {
            if base[left] != other[right] { return false }
            left += 1
            right += 1
        }
        return true
    }

    /// The tree of the list that starts at byte `offset` of `file`, its folders unread: one pass
    /// over the lines finds each entry's folder (by the bytes of its path; a folder missing from
    /// the list is made as the parse makes it), adds up sizes and counts, and keeps where each
    /// entry's line is. The list must parse (the built-in catalog's do: the tests check them);
    /// nil, to parse it whole, for what this pass does not read as the parse does.
    static func tree(of file: CatalogFile, from offset: Int) -> FileTree? {
        let made = try? file.withBytes { bytes throws(CatalogError) -> FileTree? in
            var index = FolderIndex(bytes: bytes)
            return index.read(from: offset) ? index.tree(of: file) : nil
        }
        return made ?? nil
    }
}

/// The folders of a catalog list found by ``CatalogFolder/tree(of:from:)``.
private struct FolderIndex {
    struct Folder {
        var meta: FileMetadata
        var opaque = false
        let parent: Int
        let name: String
        var lines: [Int32] = []
        var size: Int64 = 0
        var count = 0
        /// What is listed below the folder: files, links and folders (whiteouts left out).
        var listed = 0
        /// Whether the folder or something below it is opaque or a whiteout.
        var hides = false
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// The root first; a folder's parent always before it.
    var folders = [Folder(meta: FileMetadata(mode: 0o755, mtime: 0), parent: -1, name: "")]
    /// Folders by path without slashes at either end (the root is "").
    var byPath: [String: Int] = ["": 0]
    /// The folder found last and where its path is in the list: most entries follow a sibling.
    var last = 0
    var lastPath = 0..<0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads the list from `offset`; false when a line is not read as the parse reads it.
    mutating func read(from offset: Int) -> Bool {
        guard offset <= bytes.count, bytes.count < Int(Int32.max) else { return false }
        var lines = CatalogLines(bytes, from: offset)
        // A file whose size is its text's (`-`): the folder it is in, and the text's bytes so far.
        var sizedByText: Int?
        var textBytes: Int64 = 0
        while let line = lines.next() {
            let text = line.text
            if text.first == 0x7C {  // `|`
                textBytes += Int64(max(text.count - 2, 0)) + 1
                continue
            }
            if text.first == 0x5C, text.equals("\\ No newline at end of file") {
                textBytes -= 1
                continue
            }
            if let folder = sizedByText {
                folders[folder].size += textBytes
                sizedByText = nil
            }
            if line.isBlankOrComment { continue }
            guard LayerEntry.isEntry(text) else { return false }
            let kind = text[text.startIndex]
            let (owner, sizeWord, dateWord, timeWord, rest) = LayerEntry.fields(text)
            var pathText = rest.trimmedEnd
            var linkSize: Int64 = 0
            if kind == 0x6C {  // l
                guard let arrow = LayerEntry.find(" -> ", in: pathText) else { return false }
                linkSize = Int64(pathText.endIndex - arrow - 4)
                pathText = pathText[..<arrow]
            }
            // The path as the parse keeps it: no `./` or `/` in front, no `/` at the end.
            guard let (start, end) = LayerEntry.trimmedPath(pathText) else { return false }
            var slash = end
            while slash > start, bytes[slash - 1] != 0x2F { slash -= 1 }
            let folderPath = start..<max(slash - 1, start)
            let name = bytes[slash..<end]
            let mtime = { LayerEntry.time(date: dateWord, time: timeWord) }
            if kind == 0x2D, LayerEntry.isWhiteoutName(name) {
                // The parse reads such a name as text (Characters): only ASCII ones are read here.
                guard name.allSatisfy({ $0 < 0x80 }) else { return false }
                if name.equals(".wh..wh..opq") {
                    guard slash > start, let folder = folder(at: folderPath, mtime: mtime) else { return false }
                    folders[folder].opaque = true
                    continue
                }
                if name.count > 4 {
                    guard let folder = folder(at: folderPath, mtime: { 0 }) else { return false }
                    folders[folder].hides = true
                    folders[folder].count += 1
                    folders[folder].lines.append(Int32(line.start))
                    continue
                }
            }
            guard let folder = folder(at: folderPath, mtime: mtime) else { return false }
            switch kind {
            case 0x64:  // d
                guard let mode = LayerEntry.mode(text), let slash = owner.firstIndex(of: 0x2F),
                    let uid = owner[..<slash].decimal, let gid = owner[(slash + 1)...].decimal, let time = mtime()
                else { return false }
                let meta = FileMetadata(mode: mode, uid: Int(uid), gid: Int(gid), mtime: time)
                let path = String(decoding: bytes[start..<end], as: UTF8.self)
                // One look-up that stores the new folder's index; a folder made earlier for an
                // entry below it (rare: a list names a folder before what is inside) keeps its own.
                let made = folders.count
                if let listed = byPath.updateValue(made, forKey: path) {
                    byPath[path] = listed
                    folders[listed].meta = meta
                    last = listed
                } else {
                    folders.append(
                        Folder(meta: meta, parent: folder, name: String(decoding: name, as: UTF8.self)))
                    last = made
                }
                // The entries inside it come next: found without their path made a string.
                lastPath = start..<end
            case 0x6C:
                folders[folder].size += linkSize
                folders[folder].count += 1
                folders[folder].listed += 1
                folders[folder].lines.append(Int32(line.start))
            default:
                folders[folder].count += 1
                folders[folder].listed += 1
                folders[folder].lines.append(Int32(line.start))
                if sizeWord.count == 1, sizeWord.first == 0x2D {
                    sizedByText = folder
                    textBytes = 0
                } else {
                    guard let size = sizeWord.decimal else { return false }
                    folders[folder].size += size
                }
            }
        }
        if let folder = sizedByText { folders[folder].size += textBytes }
        return true
    }

    /// The folder at the path `range` of the list, made with its missing parents (mode 0755,
    /// owner 0/0, `mtime`) as the parse makes them.
    mutating func folder(at range: Range<Int>, mtime: () -> Int64?) -> Int? {
        if range.count == lastPath.count {
            var left = range.upperBound
            var right = lastPath.upperBound
            // Eight bytes at a time from the end (the same folder's path is compared whole).
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while left - range.lowerBound >= 8,
                    base.loadUnaligned(fromByteOffset: left - 8, as: UInt64.self)
                        == base.loadUnaligned(fromByteOffset: right - 8, as: UInt64.self)
                {
                    left -= 8
                    right -= 8
                }
            }
            while left > range.lowerBound, bytes[left - 1] == bytes[right - 1] {  // sibling folders differ last
                left -= 1
                right -= 1
            }
            if left == range.lowerBound { return last }
        }
        let path = String(decoding: bytes[range], as: UTF8.self)
        if let known = byPath[path] {
            last = known
            lastPath = range
            return known
        }
        var slash = range.upperBound
        while slash > range.lowerBound, bytes[slash - 1] != 0x2F { slash -= 1 }
        guard let parent = folder(at: range.lowerBound..<max(slash - 1, range.lowerBound), mtime: mtime),
            let time = mtime()
        else { return nil }
        let made = folders.count
        folders.append(
            Folder(
                meta: FileMetadata(mode: 0o755, mtime: time), parent: parent,
                name: String(decoding: bytes[slash..<range.upperBound], as: UTF8.self)))
        byPath[path] = made
        last = made
        lastPath = range
        return made
    }

    /// The tree: sizes and counts added up from the deepest folders, each folder unread.
    mutating func tree(of file: CatalogFile) -> FileTree {
        for index in folders.indices.dropFirst().reversed() {
            let parent = folders[index].parent
            folders[parent].size += folders[index].size
            folders[parent].count += folders[index].count
            folders[parent].listed += 1 + folders[index].listed
            if folders[index].hides || folders[index].opaque { folders[parent].hides = true }
        }
        var below = [[(name: String, folder: Directory)]](repeating: [], count: folders.count)
        var root: Directory?
        for index in folders.indices.reversed() {
            let folder = folders[index]
            let made = Directory(
                meta: folder.meta, opaque: folder.opaque, size: folder.size, count: folder.count, listed: folder.listed,
                plain: !folder.opaque && !folder.hides,
                unread: CatalogFolder(file: file, lines: folder.lines, folders: below[index]))
            below[index] = []
            if folder.parent >= 0 { below[folder.parent].append((folder.name, made)) } else { root = made }
        }
        return FileTree(root: root!)
    }
}
