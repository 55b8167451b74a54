import Testing

@testable import DockerSimCore

/// The fast paths of a catalog folder's first read and of a folder's sort: the order taken from
/// the list's lines (sorted from there, or from the entries when a name is listed twice), the
/// names' bytes sorted in one buffer, and a line's time taken from the line before it. Each must
/// answer as the general way does.
@Suite struct CatalogReadFastPathTests {
    private static let meta = FileMetadata(mode: 0o644, mtime: 0)

    /// The names of `pairs` sorted the general way: by their bytes, compared as `strcmp` does.
    private func expected(_ pairs: [(name: String, node: FileNode)]) -> [String] {
        pairs.map(\.name).sorted(by: Directory.bytesPrecede)
    }

    @Test func namesInAnyOrderSortAsTheirBytesDo() {
        var random = Generator(state: 11)
        let pieces = ["a", "b", "\u{0}", "é", "e\u{301}", "\u{FF}", "lib", "x86_64-linux-gnu", ".so", "12345678"]
        for round in 0..<200 {
            var names: Set<[UInt8]> = []
            var pairs: [(name: String, node: FileNode)] = []
            // Small folders (sorted as Strings) and large ones (sorted as bytes in one buffer).
            for _ in 0..<random.next(round % 2 == 0 ? 2 * Directory.smallSort : 300) {
                var name = ""
                for _ in 0..<(1 + random.next(6)) { name += pieces[random.next(pieces.count)] }
                // Names that differ as bytes (`é` composed or not are two names to a folder's order).
                guard names.insert(Array(name.utf8)).inserted else { continue }
                pairs.append((name, .file(FileContent(text: name), Self.meta)))
            }
            // In order, in reverse, in two runs, shuffled: the same order comes out.
            let inOrder = pairs.sorted { Directory.bytesPrecede($0.name, $1.name) }
            let half = inOrder.count / 2
            var shuffled = pairs
            for index in shuffled.indices.reversed() where index > 0 {
                shuffled.swapAt(index, random.next(index + 1))
            }
            let arrangements = [
                pairs, inOrder, Array(inOrder.reversed()), Array(inOrder[half...] + inOrder[..<half]), shuffled,
            ]
            for arrangement in arrangements {
                var sorted = arrangement
                Directory.sortByBytes(&sorted)
                #expect(sorted.map(\.name) == expected(pairs), "round \(round)")
                #expect(sorted.allSatisfy { $0.node.ownSize == Int64($0.name.utf8.count) }, "round \(round)")
            }
        }
    }

    /// A list whose folder `usr/share/doc` names `café` twice (composed and not: one name to a
    /// `String`, two to the list), and whose other folders have their entries out of order.
    private static let twiceList: StaticString = #"""
        drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/share/doc/
        -rw-r--r-- 0/0 2 2024-01-11 12:00 usr/share/doc/zz
        -rw-r--r-- 0/0 5 2024-01-11 12:00 usr/share/doc/café
        -rw-r--r-- 0/0 6 2024-01-11 12:00 usr/share/doc/café
        -rw-r--r-- 0/0 1 2024-01-11 12:00 usr/share/doc/a
        drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/share/doc/b/
        -rw-r--r-- 0/0 7 2024-01-11 12:01 usr/bin/zed
        lrwxrwxrwx 0/0 0 2024-01-11 12:01 usr/bin/ab -> zed
        -rw-r--r-- 0/0 7 2024-01-11 12:01 usr/bin/abc
        drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/bin/aa/

        """#

    @Test func aFolderReadFromItsListSortsAsItsEntriesDo() throws {
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", text: Self.twiceList)
        let tree = try #require(CatalogFolder.tree(of: file, from: 0))
        for path in [["usr"], ["usr", "share"], ["usr", "share", "doc"], ["usr", "bin"]] {
            guard case .directory(let dir)? = tree.node(at: path) else {
                Issue.record("no /\(path.joined(separator: "/"))")
                continue
            }
            let sorted = dir.sortedEntries
            #expect(dir.keepsItsSortedOrder)
            let general = Directory.sorted(dir.entries)
            #expect(sorted.map(\.name) == general.map(\.name), "/\(path.joined(separator: "/"))")
            for ((name, node), (_, other)) in zip(sorted, general) {
                #expect(node.totalSize == other.totalSize && node.metadata == other.metadata, "\(name)")
            }
        }
        guard case .directory(let doc)? = tree.node(at: ["usr", "share", "doc"]) else { return }
        #expect(doc.sortedEntries.map(\.name).count == 4)  // a, b, café (one of them), zz
        guard case .directory(let bin)? = tree.node(at: ["usr", "bin"]) else { return }
        #expect(bin.sortedEntries.map(\.name) == ["aa", "ab", "abc", "zed"])
    }

    @Test func aLinesTimeTakenFromTheLineBeforeIsItsOwn() throws {
        let list: StaticString = #"""
            -rw-r--r-- 0/0 1 2024-01-11 12:00 a
            -rw-r--r-- 0/0 1 2024-01-11 12:00 b
            -rw-r--r-- 0/0 1 2024-01-11 12:00:07 c
            -rw-r--r-- 0/0 1 2024-01-12 12:00:07 d
            -rw-r--r-- 0/0 1 2024-01-12  12:00:07 e
            -rw-r--r-- 0/0 1 2024-01-12 12:01:07 f
            -rw-r--r-- 0/0 1 2024-13-12 12:01:07 g
            -rw-r--r-- 0/0 1 2024-01-12 12:01:07 h
            -rw-r--r-- 0/0 1 1999-12-31 23:59 i

            """#
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", text: list)
        try file.withBytes { bytes throws(CatalogError) in
            var lines = CatalogLines(bytes, from: 0)
            var lastTime: CatalogFolder.LastTime?
            var count = 0
            while let line = lines.next() {
                guard !line.isBlankOrComment else { continue }
                var none: CatalogFolder.LastTime?
                let memo = CatalogFolder.entry(line, bytes: bytes, lastTime: &lastTime)
                let fresh = CatalogFolder.entry(line, bytes: bytes, lastTime: &none)
                #expect(memo?.name == fresh?.name)
                #expect(memo?.node.metadata == fresh?.node.metadata, "\(fresh?.name ?? "-")")
                #expect((memo == nil) == (fresh == nil))
                count += 1
            }
            #expect(count == 9)
        }
    }

    @Test func aFilesBytesHashedAtOnceNameItsContent() {
        let meta = FileMetadata(mode: 0o644, mtime: 3)
        func tree(_ content: FileContent) -> FileTree {
            FileTree.build([("/var/lib/dpkg/info/x.list", .file(content, meta))], dirMeta: meta)
        }
        let text = String(repeating: "/usr/share/doc/x\n", count: 300)
        let print = TreeIdentity.fingerprint(tree(FileContent(text: text)).root, keep: false)
        #expect(TreeIdentity.fingerprint(tree(FileContent(text: String(text))).root, keep: false) == print)
        var changed = Array(text.utf8)
        changed[150] = UInt8(ascii: "X")
        let others = [
            FileContent(bytes: changed), FileContent(text: text + "y"), FileContent(opaqueSize: Int64(text.utf8.count)),
            FileContent(bytes: []), FileContent(opaqueSize: 0),
        ]
        var prints: Set<UInt64> = [print]
        for other in others { prints.insert(TreeIdentity.fingerprint(tree(other).root, keep: false)) }
        #expect(prints.count == 6)
    }

    @Test func onlyALineThatMayStartWithPageIsSplitForIt() {
        let lines = [
            "page index", "  page index", "page 404", "page", "pages x", "pagex y", "stdout page x", " \u{301}page x",
            "page\u{301} x", "pag\u{E9} x", "\tpage x", "page  x", "  ", "", "p", "route GET /page",
        ]
        for line in lines {
            let words = line.split(separator: " ")
            let first = words.first == "page"
            let bytes = Array(line.utf8)
            let may = bytes.withUnsafeBufferPointer { ProgramSpec.mayStartWithPage($0[...]) }
            // Never false where the words start with `page` (the check only skips the split).
            #expect(!first || may, "\(line.debugDescription)")
        }
        let yes = Array("page index".utf8).withUnsafeBufferPointer { ProgramSpec.mayStartWithPage($0[...]) }
        let no = Array("stdout x".utf8).withUnsafeBufferPointer { ProgramSpec.mayStartWithPage($0[...]) }
        #expect(yes && !no)
    }

    /// A small deterministic generator (xorshift).
    private struct Generator {
        var state: UInt64
        /// A number in `0..<bound` (0 when `bound` is 0).
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return bound > 0 ? Int(state % UInt64(bound)) : 0
        }
    }
}
