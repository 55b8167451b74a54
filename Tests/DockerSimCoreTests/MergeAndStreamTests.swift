import Testing

@testable import DockerSimCore

/// ``ContainerFS/merge(_:mtime:)`` keeps what it learnt of the folders on its way down (where
/// each listed folder resolves, whether it is copied up) by depth rather than by path, and the
/// diffID's stream copies an entry's fields from the entry before when they are the same: both
/// must give what the plain way gives.
@Suite struct MergeAndStreamTests {
    // MARK: - merge

    /// A small deterministic generator (the same trees on every run).
    private struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private static let names = ["a", "b", "bin", "lib", "usr", "x", "é"]
    private static let targets = ["a", "../b", "/usr/lib", "x/y", "bin", "/x", "usr/bin", "..", "lib/a"]

    /// Layers below with links to folders (`/bin` → `usr/bin`, `/lib` → `usr/lib`, a relative
    /// and an absolute link), a file where a package may want a folder, a whiteout and an
    /// opaque folder hiding what the bottom layer has.
    private func lowerLayers() -> [FileTree] {
        let meta = FileMetadata(mode: 0o644, mtime: 100)
        let dirMeta = FileMetadata(mode: 0o755, mtime: 100)
        let bottom = FileTree.build(
            [
                ("/bin", .symlink(target: "usr/bin", meta)),
                ("/lib", .symlink(target: "usr/lib", meta)),
                ("/usr/bin/a", .file(FileContent(opaqueSize: 10), meta)),
                ("/usr/lib/x", .symlink(target: "../bin", meta)),
                ("/usr/lib/b/a", .file(FileContent(text: "a\n"), meta)),
                ("/x", .symlink(target: "/usr", meta)),
                ("/a", .file(FileContent(opaqueSize: 3), meta)),
                ("/b/a/b", .file(FileContent(opaqueSize: 4), meta)),
                ("/b/x/a", .file(FileContent(opaqueSize: 5), meta)),
                ("/é/a", .file(FileContent(opaqueSize: 6), meta)),
            ], dirMeta: dirMeta)
        var top = FileTree(rootMeta: dirMeta)
        top.modify(["b"]) { $0 = .directory(Directory(meta: dirMeta)) }
        top.modify(["b", "a"]) { $0 = .whiteout }
        top.modify(["b", "x"]) { $0 = .directory(Directory(meta: dirMeta, opaque: true)) }
        top.modify(["usr"]) { $0 = .directory(Directory(meta: dirMeta)) }
        top.modify(["usr", "lib"]) { $0 = .directory(Directory(meta: dirMeta)) }
        top.modify(["usr", "lib", "a"]) { $0 = .file(FileContent(opaqueSize: 7), meta) }
        return [top, bottom]
    }

    /// A package's tree: up to `width` entries a folder, folders `depth` deep at most, files,
    /// links (some to folders, some in loops), whiteouts and folders.
    private func packageTree(_ random: inout Generator, width: Int, depth: Int) -> FileTree {
        var tree = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 1))
        func fill(_ path: [String], level: Int) {
            var used: Set<String> = []
            for _ in 0..<(1 + random.next(width)) {
                let name = Self.names[random.next(Self.names.count)]
                guard used.insert(name).inserted else { continue }
                let meta = FileMetadata(mode: [0o644, 0o755, 0o600][random.next(3)], mtime: Int64(random.next(5)))
                let kind = level >= depth ? random.next(3) : random.next(6)
                switch kind {
                case 0: tree.modify(path + [name]) { $0 = .file(FileContent(opaqueSize: Int64(random.next(50))), meta) }
                case 1:
                    let target = Self.targets[random.next(Self.targets.count)]
                    tree.modify(path + [name]) { $0 = .symlink(target: target, meta) }
                case 2:
                    let whiteout = random.next(4) == 0
                    tree.modify(path + [name]) { $0 = whiteout ? .whiteout : .file(FileContent(text: name), meta) }
                default:
                    tree.modify(path + [name]) { $0 = .directory(Directory(meta: meta)) }
                    fill(path + [name], level: level + 1)
                }
            }
        }
        fill([], level: 0)
        return tree
    }

    /// What merging `tree` makes, an entry at a time as an archive is unpacked: each entry's
    /// folder resolved (links followed) when the entry comes, files and links put there, a
    /// folder made where none is (an opaque one over a file or a link that is not to a folder,
    /// or where the layers below have something the view hides).
    private func mergeOneByOne(_ tree: FileTree, into fs: inout ContainerFS, mtime: Int64?) -> Bool {
        var failed = false
        let below = ContainerFS(lower: fs.lower)
        tree.walk { path, node in
            do throws(FSError) {
                let parent = try fs.resolve(FilePath.string(Array(path.dropLast())), cwd: [], followLast: true)
                let target = parent + [path[path.count - 1]]
                switch node {
                case .file(let content, var meta):
                    if let mtime { meta.mtime = mtime }
                    try fs.put(.file(content, meta), at: target)
                case .symlink(let link, var meta):
                    if let mtime { meta.mtime = mtime }
                    try fs.put(.symlink(target: link, meta), at: target)
                case .directory(let dir):
                    var meta = dir.meta
                    if let mtime { meta.mtime = mtime }
                    switch fs.lookup(target) {
                    case .directory?: break
                    case .symlink?:
                        let resolved = try? fs.resolve(FilePath.string(target), cwd: [], followLast: true)
                        if case .directory? = resolved.flatMap({ fs.lookup($0) }) { break }
                        try fs.put(.directory(Directory(meta: meta, opaque: true)), at: target)
                    case nil:
                        let hides = below.lookup(target) != nil
                        try fs.put(.directory(Directory(meta: meta, opaque: hides)), at: target)
                    default: try fs.put(.directory(Directory(meta: meta, opaque: true)), at: target)
                    }
                case .whiteout: break
                }
            } catch {
                failed = true
            }
            return true
        }
        return !failed
    }

    /// Every entry of the writable layer with its size, count, metadata, opaque flag and type.
    private func listing(_ fs: ContainerFS) -> [String] {
        var lines: [String] = []
        fs.upper.walk { path, node in
            let meta = node.metadata.map { "\($0.mode) \($0.mtime)" } ?? "-"
            var kind = "f"
            switch node {
            case .directory(let dir): kind = dir.opaque ? "D" : "d"
            case .symlink(let target, _): kind = "l " + target
            case .whiteout: kind = "w"
            case .file: break
            }
            lines.append("\(FilePath.string(path)) \(kind) \(node.ownSize) \(node.entryCount) \(meta)")
            return true
        }
        return lines
    }

    /// Merges of random packages (three in a row on the same file system, with and without a
    /// time) over layers with links, whiteouts and an opaque folder give what unpacking an
    /// entry at a time gives.
    @Test func aMergeGivesWhatUnpackingEachEntryGives() {
        var random = Generator(state: 18)
        var compared = 0
        var failures = 0
        for round in 0..<400 {
            let lower = lowerLayers()
            var merged = ContainerFS(lower: lower)
            var oneByOne = ContainerFS(lower: lower)
            let mtime: Int64? = round % 3 == 0 ? 11 : nil
            for _ in 0..<3 {
                let tree = packageTree(&random, width: 4, depth: 3)
                var mergeFailed = false
                do throws(FSError) {
                    try merged.merge(tree, mtime: mtime)
                } catch {
                    mergeFailed = true
                }
                let unpacked = mergeOneByOne(tree, into: &oneByOne, mtime: mtime)
                #expect(mergeFailed == !unpacked, "round \(round)")
                if mergeFailed || !unpacked {
                    failures += 1
                    break
                }
                #expect(listing(merged) == listing(oneByOne), "round \(round)")
                #expect(merged.changes() == oneByOne.changes(), "round \(round)")
                #expect(merged.size == merged.upper.countedSize, "round \(round)")
                compared += 1
            }
        }
        #expect(compared > 600)
        #expect(failures > 0)  // links in loops: both ways fail
    }

    // MARK: - the diffID's stream

    /// The stream written the plain way, with `String`s (`TreeWalkFastPathTests` has the same).
    private func referenceDiffID(_ tree: FileTree) -> Digest {
        if tree.isEmpty { return .emptyTar }
        var stream: [UInt8] = []
        func fields(_ meta: FileMetadata) -> String {
            String(meta.mode, radix: 8) + "\0\(meta.uid):\(meta.gid)\0\(meta.mtime)\0"
        }
        func add(_ dir: Directory, _ prefix: [UInt8]) {
            for name in dir.entries.keys.sorted(by: Directory.bytesPrecede) {
                let node = dir.entries[name]!
                let path = prefix + [0x2F] + Array(name.utf8)
                stream += path
                switch node {
                case .file(let content, let meta):
                    stream += Array(("\00\0" + fields(meta) + "\(content.size)\0").utf8)
                    stream += content.bytes ?? []
                case .symlink(let target, let meta):
                    stream += Array(("\02\0" + fields(meta)).utf8) + Array(target.utf8) + [0]
                case .directory(let child):
                    stream += Array(("\05\0" + fields(child.meta) + (child.opaque ? "opaque" : "") + "\0").utf8)
                case .whiteout:
                    stream += Array("\0wh\0".utf8)
                }
                if case .directory(let child) = node { add(child, path) }
            }
        }
        add(tree.root, [])
        return Digest.sha256(of: stream)
    }

    /// Entries one after the other with the same metadata but another type (a folder, a file,
    /// a link), then with one field changed at a time (mode, owner, group, time), sizes of every
    /// digit count and negative numbers: the fields copied from the entry before must be
    /// exactly the fields this entry has.
    @Test func theStreamsRepeatedFieldsAreTheEntrysOwn() {
        let same = FileMetadata(mode: 0o755, uid: 0, gid: 0, mtime: 1_700_000_000)
        var tree = FileTree(rootMeta: same)
        tree.modify(["a"]) { $0 = .directory(Directory(meta: same)) }
        tree.modify(["a", "b"]) { $0 = .file(FileContent(opaqueSize: 0), same) }
        tree.modify(["a", "c"]) { $0 = .symlink(target: "b", same) }
        tree.modify(["a", "d"]) { $0 = .directory(Directory(meta: same)) }
        tree.modify(["a", "e"]) { $0 = .directory(Directory(meta: same, opaque: true)) }
        tree.modify(["a", "f"]) { $0 = .whiteout }
        tree.modify(["a", "g"]) { $0 = .file(FileContent(opaqueSize: 9), same) }
        let changes: [(String, FileMetadata)] = [
            ("h0", FileMetadata(mode: 0o644, uid: 0, gid: 0, mtime: 1_700_000_000)),
            ("h1", FileMetadata(mode: 0o644, uid: 1, gid: 0, mtime: 1_700_000_000)),
            ("h2", FileMetadata(mode: 0o644, uid: 1, gid: 10, mtime: 1_700_000_000)),
            ("h3", FileMetadata(mode: 0o644, uid: 1, gid: 10, mtime: 1_700_000_001)),
            ("h4", FileMetadata(mode: 0o644, uid: 1, gid: 10, mtime: 1_700_000_001)),
            ("h5", FileMetadata(mode: 0o644, uid: -1, gid: Int.min, mtime: Int64.min)),
            ("h6", FileMetadata(mode: UInt32.max, uid: Int.max, gid: 9, mtime: Int64.max)),
            ("h7", FileMetadata(mode: 0, uid: 0, gid: 0, mtime: 0)),
        ]
        for (name, meta) in changes {
            tree.modify(["a", name]) { $0 = .file(FileContent(opaqueSize: 5), meta) }
        }
        var size: Int64 = 1
        for index in 0..<19 {
            tree.modify(["a", "s\(index)"]) { $0 = .file(FileContent(opaqueSize: size), same) }
            tree.modify(["a", "t\(index)"]) { $0 = .file(FileContent(opaqueSize: size - 1), same) }
            if index < 18 { size *= 10 }  // 10^18 at most: the folders' sizes are sums
        }
        tree.modify(["a", "v"]) { $0 = .file(FileContent(opaqueSize: -12_345), same) }
        tree.modify(["z"]) { $0 = .file(FileContent(text: "last\n"), same) }
        #expect(tree.madeDiffID == referenceDiffID(tree))
        // Two trees that differ in one field of one entry only differ in their diffIDs.
        var other = tree
        other.modify(["a", "h4"]) { $0 = .file(FileContent(opaqueSize: 5), changes[2].1) }
        #expect(other.madeDiffID == referenceDiffID(other))
        #expect(other.madeDiffID != tree.madeDiffID)
    }

    // MARK: - sorting a folder

    /// A folder's entries come in the byte order (what the stream and a merge walk read):
    /// names with NUL bytes, the empty name, long shared beginnings, multi-byte characters.
    @Test func aFoldersEntriesSortByTheirBytes() {
        var names: Set<String> = [
            "", "\u{0}", "a", "a\u{0}", "a\u{0}b", "a\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}x", "abcdefgh", "abcdefgh\u{0}",
            "abcdefg\u{0}", "abcdefgha", "abcdefg", "\u{FF}", "\u{7F}", "é", "日本語",
        ]
        var random = Generator(state: 7)
        let pieces = ["a", "b", "\u{0}", "é", "\u{FF}", "lib", "x86_64-", ".so"]
        for _ in 0..<2_000 {
            var name = ""
            for _ in 0..<random.next(7) { name += pieces[random.next(pieces.count)] }
            names.insert(name)
        }
        let folder = Directory(meta: FileMetadata(mode: 0o755, mtime: 0))
        var tree = FileTree(root: folder)
        for name in names where !name.isEmpty {
            tree.modify([name]) { $0 = .file(FileContent(text: name), FileMetadata(mode: 0o644, mtime: 0)) }
        }
        let expected = tree.root.entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let sorted = tree.root.sortedEntries
        #expect(sorted.map(\.name) == expected)
        #expect(sorted.allSatisfy { $0.node.ownSize == Int64($0.name.utf8.count) })
        #expect(expected.count > 1_000)
    }
}
