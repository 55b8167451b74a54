import Testing

@testable import DockerSimCore

/// The fast paths of a walk over a layer's or a package's files: the sorted order a catalog
/// folder keeps from its first read, what its list's index knows of whiteouts and opaque
/// folders below it, the diffID's stream written field by field into one buffer, and catalog
/// lines split by `memchr`. Each must answer as the general way does.
@Suite struct TreeWalkFastPathTests {
    /// Every built-in list (the Hub's layers, the packages' files and set-up files), read folder
    /// by folder as a process reads them.
    private func builtInTrees() throws -> [(name: String, tree: FileTree)] {
        var trees: [(name: String, tree: FileTree)] = []
        for file in HubCatalog.builtInFiles where file.path.hasSuffix(".layer") {
            let record = try LayerRecord.header(of: file)
            let tree = try #require(CatalogFolder.tree(of: file, from: record.entriesOffset), "\(file.path)")
            trees.append((file.path, tree))
        }
        for (path, file) in PackageCatalog.standard.sources.sorted(by: { $0.key < $1.key }) {
            if path.hasSuffix(".setup") {
                trees.append((path, try #require(CatalogFolder.tree(of: file, from: 0), "\(path)")))
            } else if path.hasSuffix(".package") {
                let package = try CatalogPackage.parse(file, setup: nil)
                guard package.hasFiles else { continue }
                trees.append((path, try #require(CatalogFolder.tree(of: file, from: package.entriesOffset), "\(path)")))
            }
        }
        return trees
    }

    /// The sorted entries of `dir` made the general way: every name sorted by its bytes.
    private func sortedByBytes(_ dir: Directory) -> [String] {
        dir.entries.keys.sorted(by: Directory.bytesPrecede)
    }

    /// True when nothing at or below `dir` is opaque or a whiteout (the general walk).
    private func plain(_ dir: Directory) -> Bool {
        if dir.opaque { return false }
        for node in dir.entries.values {
            switch node {
            case .whiteout: return false
            case .directory(let child): if !plain(child) { return false }
            default: break
            }
        }
        return true
    }

    @Test func aCatalogFolderKeepsTheOrderASortMakes() throws {
        var folders = 0
        var plainOnes = 0
        for (name, tree) in try builtInTrees() {
            func check(_ dir: Directory, _ path: String) {
                let knownPlain = dir.listedPlain
                #expect(knownPlain == plain(dir), "\(name): \(path)")
                if knownPlain { plainOnes += 1 }
                let sorted = dir.sortedEntries
                #expect(dir.keepsItsSortedOrder, "\(name): \(path)")
                #expect(sorted.map { $0.name } == sortedByBytes(dir), "\(name): \(path)")
                for (entry, node) in sorted {
                    switch (node, dir.entries[entry]) {
                    case (.directory(let child), .directory(let same)?): #expect(child === same)
                    case (.file(let content, let meta), .file(let other, let otherMeta)?):
                        #expect(content == other && meta == otherMeta)
                    case (.symlink(let target, let meta), .symlink(let other, let otherMeta)?):
                        #expect(target == other && meta == otherMeta)
                    case (.whiteout, .whiteout?): break
                    default: Issue.record("\(name): \(path)/\(entry) is not the folder's entry")
                    }
                }
                folders += 1
                for case (let child, .directory(let below)) in sorted { check(below, path + "/" + child) }
            }
            check(tree.root, "")
        }
        #expect(folders > 1000)
        #expect(plainOnes > 0)
    }

    @Test func theTrickyListsFoldersKnowWhatHidesBelowThem() throws {
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", text: Self.hidingList)
        let tree = try #require(CatalogFolder.tree(of: file, from: 0))
        let folders: [(path: [String], plain: Bool)] = [
            (["usr"], false), (["usr", "bin"], true), (["usr", "share"], false), (["usr", "share", "doc"], false),
            (["var"], false), (["var", "lib"], false), (["var", "cache"], false), (["etc"], true),
        ]
        for (path, expected) in folders {
            guard case .directory(let dir)? = tree.node(at: path) else {
                Issue.record("no /\(path.joined(separator: "/"))")
                continue
            }
            #expect(dir.listedPlain == expected, "/\(path.joined(separator: "/"))")
            #expect(plain(dir) == expected, "/\(path.joined(separator: "/"))")
        }
        #expect(!tree.root.listedPlain)
        // A folder made here knows nothing: it is walked.
        #expect(!Directory(meta: FileMetadata(mode: 0o755, mtime: 0)).listedPlain)
    }

    private static let hidingList: StaticString = #"""
        drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/bin/
        -rwxr-xr-x 0/0 1000 2024-01-11 12:00 usr/bin/big
        drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/share/doc/
        -rw-r--r-- 0/0 0 2024-01-11 12:00 usr/share/doc/.wh..wh..opq
        -rw-r--r-- 0/0 0 2024-01-11 12:00 var/lib/.wh.old
        -rw-r--r-- 0/0 0 2024-01-11 13:00 var/cache/.wh..wh..opq
        -rw-r--r-- 0/0 3 2024-01-11 12:00 etc/issue
        | ab

        """#

    @Test func aChangedCopyOfACatalogFolderSortsItsEntriesAgain() throws {
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", text: Self.hidingList)
        let catalog = try #require(CatalogFolder.tree(of: file, from: 0))
        var tree = catalog
        guard case .directory(let bin)? = catalog.node(at: ["usr", "bin"]) else {
            Issue.record("no /usr/bin")
            return
        }
        #expect(bin.sortedEntries.map { $0.name } == ["big"])
        #expect(bin.keepsItsSortedOrder)
        tree.modify(["usr", "bin", "a"]) { $0 = .file(FileContent(text: "x"), FileMetadata(mode: 0o644, mtime: 1)) }
        guard case .directory(let changed)? = tree.node(at: ["usr", "bin"]) else {
            Issue.record("no /usr/bin")
            return
        }
        #expect(changed !== bin)
        #expect(!changed.keepsItsSortedOrder)
        #expect(changed.sortedEntries.map { $0.name } == ["a", "big"])
        // The catalog's folder is as it was.
        #expect(bin.sortedEntries.map { $0.name } == ["big"])
        #expect(bin.keepsItsSortedOrder)
    }

    /// The stream ``FileTree/diffID`` hashes, written the plain way (text made by `String`).
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

    @Test func theDiffIDsStreamIsThePlainOne() throws {
        var tree = FileTree()
        let odd = [
            FileMetadata(mode: 0, uid: 0, gid: 0, mtime: 0),
            FileMetadata(mode: 0o7777, uid: Int(Int32.max), gid: 65_534, mtime: -1),
            FileMetadata(mode: UInt32.max, uid: -5, gid: Int.max, mtime: Int64.min),
            FileMetadata(mode: 0o644, uid: 1000, gid: 1000, mtime: Int64.max),
        ]
        tree.modify(["d"]) { $0 = .directory(Directory(meta: odd[1], opaque: true)) }
        tree.modify(["e"]) { $0 = .directory(Directory(meta: odd[2])) }
        for (index, meta) in odd.enumerated() {
            tree.modify(["d", "f\(index)"]) { $0 = .file(FileContent(text: "text \(index)\n"), meta) }
            tree.modify(["e", "é\(index)"]) { $0 = .file(FileContent(opaqueSize: Int64(index) * 1_000_003), meta) }
            tree.modify(["d", "l\(index)"]) { $0 = .symlink(target: "../e/é\(index)", meta) }
        }
        tree.modify(["d", "big"]) { $0 = .file(FileContent(bytes: (0..<10_000).map { UInt8($0 % 251) }), odd[3]) }
        tree.modify(["gone"]) { $0 = .whiteout }
        tree.modify(["e", "empty"]) { $0 = .file(FileContent(bytes: []), odd[0]) }
        #expect(tree.madeDiffID == referenceDiffID(tree))
        // The Hub's layers and the packages' files.
        var compared = 0
        for (name, catalog) in try builtInTrees() {
            #expect(catalog.madeDiffID == referenceDiffID(catalog), "\(name)")
            compared += 1
        }
        #expect(compared > 300)
        #expect(FileTree().madeDiffID == .emptyTar)
    }

    @Test func catalogLinesAreSplitAtEveryNewline() {
        let text = Array("one\r\ntwo\n\n  three\nlast".utf8)
        text.withUnsafeBufferPointer { bytes in
            var lines = CatalogLines(bytes)
            var read: [(String, Int, Int)] = []
            while let line = lines.next() {
                read.append((String(decoding: line.text, as: UTF8.self), line.number, line.start))
            }
            #expect(read.map { $0.0 } == ["one", "two", "", "  three", "last"])
            #expect(read.map { $0.1 } == [1, 2, 3, 4, 5])
            #expect(read.map { $0.2 } == [0, 5, 9, 10, 18])
            var fromTheMiddle = CatalogLines(bytes, from: 6)
            #expect(fromTheMiddle.next().map { String(decoding: $0.text, as: UTF8.self) } == "wo")
        }
        let ending = Array("a\n".utf8)
        ending.withUnsafeBufferPointer { bytes in
            var lines = CatalogLines(bytes)
            #expect(lines.next().map { String(decoding: $0.text, as: UTF8.self) } == "a")
            #expect(lines.next() == nil)
        }
    }
}
