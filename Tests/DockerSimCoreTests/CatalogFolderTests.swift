import Testing

@testable import DockerSimCore

/// A list with what the catalog's parse treats specially: folders made for the entries below
/// them and listed after them, `./` and `/` around paths, text files (sized by their text or
/// not, with and without their last newline), links, opaque markers before and after their
/// folder, whiteouts, a file named `.wh.`, comments, blank lines and a CRLF line.
private let trickyList: StaticString = #"""
    -rw-r--r-- 0/0 5 2024-01-11 12:00 etc/deep/file.txt
    drwxr-x--- 1/2 0 2023-05-01 08:30:15 etc/
    -rw-r--r-- 0/0 - 2024-01-11 12:00 ./etc/motd
    | hola
    |
    | adiós
    \ No newline at end of file
    -rw-r--r-- 0/0 3 2024-01-11 12:00 /etc/issue
    | ab
    lrwxrwxrwx 0/0 0 2024-01-11 12:00 bin -> usr/bin
    drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/bin/
    -rwxr-xr-x 0/0 1000 2024-01-11 12:00 usr/bin/big
    -rw-r--r-- 0/0 0 2024-01-11 13:00 var/cache/.wh..wh..opq
    drwxr-xr-x 0/0 0 2024-01-11 12:00 var/cache/
    -rw-r--r-- 0/0 0 2024-01-11 12:00 var/lib/.wh.old
    -rw-r--r-- 0/0 0 2024-01-11 12:00 var/.wh.
    # a comment

    -rwsr-sr-t 0/0 - 2024-01-11 12:00 usr/bin/empty
    drwxr-xr-x 0/0 0 2024-01-11 12:00 usr/share/doc/
    -rw-r--r-- 0/0 0 2024-01-11 12:00 usr/share/doc/.wh..wh..opq
    -rw-r--r-- 0/0 2 2024-01-11 12:00 usr/share/doc/café
    | x
    lrwxrwxrwx 0/0 0 2024-01-11 12:00 usr/share/doc/latest -> café\#r
    -rw-r--r-- 0/0 7 2024-01-11 12:00 usr/bin/last

    """#

/// A built-in list's folders are read when first asked for (``CatalogFolder``): what they
/// hold must be what the whole list's parse makes, to the byte.
@Suite struct CatalogFolderTests {
    /// The list read folder by folder and the list parsed whole, compared in full.
    private func compare(_ file: CatalogFile, from offset: Int, line: Int) throws {
        let unread = try #require(CatalogFolder.tree(of: file, from: offset), "\(file.path)")
        let parsed = try LayerEntry.parseTree(of: file, from: offset, line: line)
        #expect(unread.root.isUnread, "\(file.path)")
        #expect(unread.size == parsed.size, "\(file.path)")
        #expect(unread.count == parsed.count, "\(file.path)")
        #expect(TreeIdentity.same(unread.root, parsed.root), "\(file.path)")
        // What each folder says is listed below it is what its entries hold.
        func check(_ folder: Directory, _ path: String) -> Int {
            var listed = 0
            for (name, node) in folder.entries {
                switch node {
                case .whiteout: continue
                case .directory(let child): listed += 1 + check(child, path + "/" + name)
                default: listed += 1
                }
            }
            #expect(folder.listedBelow == listed, "\(file.path): \(path)")
            return listed
        }
        _ = check(unread.root, "")
    }

    @Test func aListReadFolderByFolderHoldsWhatItsParseMakes() throws {
        try compare(CatalogFile(path: "t.layer", displayName: "t.layer", text: trickyList), from: 0, line: 0)
    }

    @Test func everyBuiltInListReadFolderByFolderHoldsWhatItsParseMakes() throws {
        var lists = 0
        for file in HubCatalog.builtInFiles where file.path.hasSuffix(".layer") {
            let record = try LayerRecord.header(of: file)
            try compare(file, from: record.entriesOffset, line: record.entriesLine)
            lists += 1
        }
        for (path, file) in PackageCatalog.standard.sources.sorted(by: { $0.key < $1.key }) {
            if path.hasSuffix(".setup") {
                try compare(file, from: 0, line: 0)
                lists += 1
            } else if path.hasSuffix(".package") {
                let package = try CatalogPackage.parse(file, setup: nil)
                guard package.hasFiles else { continue }
                try compare(file, from: package.entriesOffset, line: package.entriesLine)
                lists += 1
            }
        }
        #expect(lists > 300)
    }

    @Test func aFolderIsReadWhenFirstAskedFor() throws {
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", text: trickyList)
        let parsed = try LayerEntry.parseTree(of: file, from: 0, line: 0)
        let tree = try LayerEntry.tree(of: file, from: 0, line: 0)
        #expect(tree.root.isUnread)
        #expect(tree.size == parsed.size && tree.size > 1000)
        guard case .directory(let usr)? = tree.node(at: ["usr"]),
            case .directory(let parsedUsr)? = parsed.node(at: ["usr"])
        else {
            Issue.record("no /usr")
            return
        }
        #expect(!tree.root.isUnread)
        #expect(usr.isUnread)
        #expect(usr.size == parsedUsr.size && usr.count == parsedUsr.count && usr.count == 5)
        #expect(usr.entries.keys.sorted() == ["bin", "share"])
        #expect(!usr.isUnread)
        // The same tree again: a list is read once per process.
        #expect(try LayerEntry.tree(of: file, from: 0, line: 0).root === tree.root)
    }

    @Test func aFolderMadeHereKnowsNothingOfWhatIsListedBelowIt() {
        #expect(Directory(meta: FileMetadata(mode: 0o755, mtime: 0)).listedBelow == -1)
    }

    @Test func aTeachersListIsParsedWhole() throws {
        let file = CatalogFile(path: "t.layer", displayName: "t.layer", bytes: Array("\(trickyList)".utf8))
        let tree = try LayerEntry.tree(of: file, from: 0, line: 0)
        #expect(!tree.root.isUnread)
        guard case .directory(let usr)? = tree.root.entries["usr"] else {
            Issue.record("no /usr")
            return
        }
        #expect(!usr.isUnread)
    }
}
