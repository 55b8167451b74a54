import Testing

@testable import DockerSimCore

/// A layer's diffID with the bytes of catalog folders made once per process (``SubtreeStreams``)
/// is the one made entry by entry; the same folder at another path is another stream.
@Suite struct SubtreeStreamTests {
    /// A package's files (a catalog tree: its folders are the catalog's, never changed in place).
    static func packageTree(_ name: String) throws -> FileTree {
        let repository = try #require(try PackageCatalog.standard.repository(osRelease: "debian 12"))
        let package = try #require(try repository.package(name))
        return try package.files()
    }

    /// `tree`'s diffID made with the kept streams off, then on (twice: made, then found).
    static func diffIDs(_ tree: FileTree) -> (off: Digest, made: Digest, found: Digest) {
        SubtreeStreams.enabled.store(false, ordering: .relaxed)
        let off = tree.madeDiffID
        SubtreeStreams.enabled.store(true, ordering: .relaxed)
        return (off, tree.madeDiffID, tree.madeDiffID)
    }

    @Test func aLayerHoldingCatalogFoldersHasTheSameDiffID() throws {
        for name in ["apache2", "apache2-data", "perl-modules-5.36", "git"] {
            let files = try Self.packageTree(name)
            // The package's tree itself, and its folders under a writable layer's own folders.
            var layer = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 7))
            let meta = FileMetadata(mode: 0o755, mtime: 1_700_000_000)
            layer.modify(["usr"]) { $0 = .directory(Directory(meta: meta)) }
            if case .directory(let usr)? = files.node(at: ["usr"]) {
                for (child, node) in usr.sortedEntries {
                    layer.modify(["usr", child]) { $0 = node }
                }
            }
            layer.modify(["etc"]) { $0 = .file(FileContent(text: "x"), meta) }
            for tree in [files, layer] {
                let ids = Self.diffIDs(tree)
                #expect(ids.made == ids.off, "\(name)")
                #expect(ids.found == ids.off, "\(name)")
            }
        }
        #expect(SubtreeStreams.count > 0)
    }

    @Test func theSameFolderAtAnotherPathIsAnotherStream() throws {
        let files = try Self.packageTree("apache2-data")
        guard case .directory(let usr)? = files.node(at: ["usr"]) else {
            Issue.record("apache2-data has no /usr")
            return
        }
        #expect(usr.listedBelow >= SubtreeStreams.smallest)
        let meta = FileMetadata(mode: 0o755, mtime: 5)
        var here = FileTree(rootMeta: meta)
        here.modify(["usr"]) { $0 = .directory(usr) }
        var there = FileTree(rootMeta: meta)
        there.modify(["opt"]) { $0 = .directory(usr) }
        let first = Self.diffIDs(here)
        let second = Self.diffIDs(there)
        #expect(first.found == first.off)
        #expect(second.made == second.off)
        #expect(second.found == second.off)
        #expect(first.off != second.off)
    }
}
