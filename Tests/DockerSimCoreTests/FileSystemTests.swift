import Testing

@testable import DockerSimCore

/// A small image: /etc/passwd (100 bytes), /etc/motd (10), /bin -> usr/bin, /usr/bin/ls (1000), /root.
func sampleLower() -> [FileTree] {
    let meta = FileMetadata(mode: 0o644, mtime: 100)
    let tree = FileTree.build(
        [
            ("/etc/passwd", .file(FileContent(opaqueSize: 100), meta)),
            ("/etc/motd", .file(FileContent(text: "hello 123\n"), meta)),
            ("/bin", .symlink(target: "usr/bin", meta)),
            ("/usr/bin/ls", .file(FileContent(opaqueSize: 1000), FileMetadata(mode: 0o755, mtime: 100))),
            ("/root", .directory(Directory(meta: FileMetadata(mode: 0o700, mtime: 100)))),
            ("/var/log/dpkg.log", .file(FileContent(opaqueSize: 50), meta)),
        ], dirMeta: FileMetadata(mode: 0o755, mtime: 100))
    return [tree]
}

@Suite struct FileTreeTests {
    @Test func sizeCountsFilesAndSymlinkTargets() {
        let tree = sampleLower()[0]
        #expect(tree.size == 100 + 10 + 7 + 1000 + 50)
    }

    /// A folder's entries come in the C locale's byte order (what `ls`, the diffID's stream and
    /// a merge walk read), however the names share their first bytes: the sort by the first
    /// eight bytes must tell apart names equal there, and a name that is another's prefix.
    @Test func entriesAreSortedByTheirBytes() {
        var names = [
            "b", "a", "abcdefgh", "abcdefghi", "abcdefgg", "abcdefgh0", "abcdefg", "Z", "é", "e\u{301}", "e",
            "libpython3.11.so", "libpython3.11.so.1", "libpython3.11.so.1.0", "libpython3.1", "x86_64-linux-gnu",
            "x86_64-linux-gnux32", ".wh.a", ".", "..a", "~", "\u{7F}", "a b", "a\tb", "日本", "日本語",
        ]
        // And many more names with long shared beginnings, in no particular order.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60) + 1
            var name = ["lib", "python3.1", "x86_64-l"][Int((state >> 20) % 3)]
            for shift in 0..<length { name.append(["a", "b", ".", "1", "é"][Int((state >> UInt64(shift * 3)) % 5)]) }
            names.append(name)
        }
        var tree = FileTree()
        var unique: Set<String> = []
        for name in names where unique.insert(name).inserted {
            tree.modify([name]) { $0 = .file(FileContent(text: name), FileMetadata(mode: 0o644, mtime: 0)) }
        }
        let expected = unique.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(tree.root.sortedNames == expected)
        #expect(tree.root.sortedEntries.map(\.name) == expected)
        #expect(tree.root.sortedEntries.allSatisfy { $0.node.ownSize == Int64($0.name.utf8.count) })
        #expect(Directory(meta: FileMetadata(mode: 0o755, mtime: 0)).sortedEntries.isEmpty)
    }

    @Test func copiesShareUntilWritten() {
        var a = sampleLower()[0]
        let b = a
        a.modify(["etc", "motd"]) { $0 = nil }
        #expect(a.node(at: ["etc", "motd"]) == nil)
        #expect(b.node(at: ["etc", "motd"]) != nil)
        #expect(a.size == b.size - 10)
    }
}

@Suite struct ContainerFSTests {
    @Test func newFileCountsItsBytes() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.write("/file.txt", cwd: [], bytes: Array("00000000000000000\n".utf8), append: false, mtime: 1)
        #expect(fs.size == 18)
        #expect(fs.changes() == [Change(.added, "/file.txt")])
    }

    @Test func appendingToALowerFileCopiesItUpWhole() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.write("/etc/motd", cwd: [], bytes: Array("x".utf8), append: true, mtime: 1)
        #expect(fs.size == 11)
        #expect(try fs.read("/etc/motd", cwd: []).text == "hello 123\nx")
        #expect(fs.changes() == [Change(.changed, "/etc"), Change(.changed, "/etc/motd")])
    }

    @Test func touchingALowerFileCopiesItUp() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.touch("/etc/passwd", cwd: [], mtime: 5)
        #expect(fs.size == 100)
    }

    @Test func deletingALowerFileLeavesAZeroByteWhiteout() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.remove("/etc/passwd", cwd: [], recursive: false)
        #expect(fs.size == 0)
        #expect(throws: FSError.noSuchFile) { try fs.read("/etc/passwd", cwd: []) }
        #expect(fs.changes() == [Change(.changed, "/etc"), Change(.deleted, "/etc/passwd")])
    }

    @Test func deletingAnUpperFileForgetsItsBytes() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.write("/tmp.txt", cwd: [], bytes: [1, 2, 3], append: false, mtime: 1)
        try fs.remove("/tmp.txt", cwd: [], recursive: false)
        #expect(fs.size == 0)
        #expect(fs.changes().isEmpty)
    }

    @Test func deletingALowerDirectoryWhitesItOut() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.remove("/var/log", cwd: [], recursive: true)
        #expect(fs.changes() == [Change(.changed, "/var"), Change(.deleted, "/var/log")])
        try fs.makeDirectory("/var/log", cwd: [], parents: false, mtime: 2)
        #expect(fs.list(["var", "log"]).isEmpty)  // the new directory is opaque
    }

    @Test func renamingALowerFileIsCopyPlusWhiteout() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.copyTree(from: ["etc", "passwd"], to: ["etc", "passwd.bak"], mtime: 3)
        try fs.remove("/etc/passwd", cwd: [], recursive: false)
        #expect(fs.size == 100)
        #expect(
            fs.changes() == [
                Change(.changed, "/etc"), Change(.added, "/etc/passwd.bak"), Change(.deleted, "/etc/passwd"),
            ])
    }

    @Test func pathsFollowSymlinks() throws {
        let fs = ContainerFS(lower: sampleLower())
        #expect(try fs.stat("/bin/ls", cwd: []).path == ["usr", "bin", "ls"])
    }

    @Test func bindMountedFilesNeverCount() throws {
        var fs = ContainerFS(lower: sampleLower(), mounts: ["/etc/hostname": FileContent(text: "abc\n")])
        try fs.write("/etc/hostname", cwd: [], bytes: Array("other\n".utf8), append: false, mtime: 1)
        #expect(fs.size == 0)
        #expect(try fs.read("/etc/hostname", cwd: []).text == "other\n")
    }

    @Test func newDirectoriesAreAddedWithTheirContent() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.makeDirectory("/srv/app/data", cwd: [], parents: true, mtime: 1)
        try fs.write("/srv/app/data/x", cwd: [], bytes: [1], append: false, mtime: 1)
        #expect(
            fs.changes() == [
                Change(.added, "/srv"), Change(.added, "/srv/app"), Change(.added, "/srv/app/data"),
                Change(.added, "/srv/app/data/x"),
            ])
    }

    /// A package's folders that no layer has are taken whole (shared with the package until
    /// either changes); a folder that hides one deleted below is made opaque, entry by entry;
    /// links to folders are followed (`/bin` is `usr/bin`).
    @Test func mergingAPackageAddsItsEntriesAsAnArchiveDoes() throws {
        let meta = FileMetadata(mode: 0o644, mtime: 7)
        let dirMeta = FileMetadata(mode: 0o755, mtime: 7)
        let package = FileTree.build(
            [
                ("/bin/tool", .file(FileContent(opaqueSize: 10), meta)),
                ("/usr/share/doc/tool/copyright", .file(FileContent(text: "MIT\n"), meta)),
                ("/usr/share/doc/tool/NEWS", .symlink(target: "copyright", meta)),
                ("/root/cfg/a", .file(FileContent(text: "a\n"), meta)),
            ], dirMeta: dirMeta)
        var fs = ContainerFS(lower: sampleLower())
        try fs.remove("/root", cwd: [], recursive: true)
        try fs.merge(package)
        #expect(
            fs.changes() == [
                Change(.changed, "/root"), Change(.added, "/root/cfg"), Change(.added, "/root/cfg/a"),
                Change(.changed, "/usr"), Change(.changed, "/usr/bin"), Change(.added, "/usr/bin/tool"),
                Change(.added, "/usr/share"), Change(.added, "/usr/share/doc"), Change(.added, "/usr/share/doc/tool"),
                Change(.added, "/usr/share/doc/tool/NEWS"), Change(.added, "/usr/share/doc/tool/copyright"),
            ])
        guard case .directory(let root)? = fs.upper.node(at: ["root"]),
            case .directory(let share)? = fs.upper.node(at: ["usr", "share"]),
            case .directory(let packaged)? = package.node(at: ["usr", "share"])
        else {
            Issue.record("the merged folders are missing")
            return
        }
        #expect(root.opaque)
        #expect(share === packaged)
        #expect(fs.size == 10 + 4 + 9 + 2)
        // Writing in a folder taken whole leaves the package's own tree as it was.
        try fs.write("/usr/share/doc/tool/extra", cwd: [], bytes: [1, 2], append: false, mtime: 8)
        #expect(package.node(at: ["usr", "share", "doc", "tool", "extra"]) == nil)
        #expect(package.size == 10 + 4 + 9 + 2)
        #expect(fs.size == 10 + 4 + 9 + 2 + 2)
        // With a time given (files a maintainer script makes now), every entry takes it.
        var stamped = ContainerFS(lower: sampleLower())
        try stamped.merge(package, mtime: 99)
        #expect(stamped.upper.node(at: ["usr", "share", "doc", "tool", "copyright"])?.metadata?.mtime == 99)
        #expect(stamped.upper.node(at: ["usr", "share"])?.metadata?.mtime == 99)
    }

    /// Files and links merged into folders the image already has (a whiteout and an opaque
    /// folder in the layers, a link replaced by a file and a file by a link, `/bin` followed to
    /// `usr/bin`) give the writable layer that putting them one by one gives.
    @Test func mergingIntoExistingFoldersMatchesPuttingEachEntry() throws {
        let meta = FileMetadata(mode: 0o644, mtime: 7)
        var top = FileTree()
        top.modify(["etc"]) { $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: 3))) }
        top.modify(["etc", "motd"]) { $0 = .whiteout }
        top.modify(["var"]) { $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: 3))) }
        top.modify(["var", "log"]) {
            $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: 3), opaque: true))
        }
        top.modify(["etc", "link"]) { $0 = .symlink(target: "passwd", meta) }
        let lower = [top] + sampleLower()
        let entries: [(String, FileNode)] = [
            ("/bin/tool", .file(FileContent(opaqueSize: 10), meta)),
            ("/bin/ls", .file(FileContent(opaqueSize: 20), meta)),
            ("/etc/link", .file(FileContent(text: "was a link\n"), meta)),
            ("/etc/motd", .file(FileContent(text: "new motd\n"), meta)),
            ("/etc/passwd", .symlink(target: "motd", meta)),
            ("/etc/zzz", .file(FileContent(text: "last\n"), meta)),
            ("/var/log/dpkg.log", .file(FileContent(opaqueSize: 5), meta)),
            ("/var/log/new.log", .whiteout),
        ]
        let package = FileTree.build(entries, dirMeta: FileMetadata(mode: 0o755, mtime: 7))
        var merged = ContainerFS(lower: lower)
        try merged.merge(package, mtime: 11)
        var oneByOne = ContainerFS(lower: lower)
        for (path, node) in entries {
            let parent = try oneByOne.resolve(FilePath.string(FilePath.components(path).dropLast()), cwd: [])
            guard let name = FilePath.components(path).last else { continue }
            switch node {
            case .file(let content, var meta):
                meta.mtime = 11
                try oneByOne.put(.file(content, meta), at: parent + [name])
            case .symlink(let target, var meta):
                meta.mtime = 11
                try oneByOne.put(.symlink(target: target, meta), at: parent + [name])
            default: break
            }
        }
        func listing(_ fs: ContainerFS) -> [String] {
            var lines: [String] = []
            fs.upper.walk { path, node in
                let meta = node.metadata.map { "\($0.mode) \($0.mtime)" } ?? "-"
                lines.append("\(FilePath.string(path)) \(node.ownSize) \(node.entryCount) \(meta) \(node.isWhiteout)")
                return true
            }
            return lines
        }
        #expect(listing(merged) == listing(oneByOne))
        #expect(merged.changes() == oneByOne.changes())
        #expect(merged.size == oneByOne.size)
        #expect(merged.size == merged.upper.countedSize)
        #expect(merged.upper.count == oneByOne.upper.count)
        #expect(try merged.read("/usr/bin/tool", cwd: []).size == 10)
        #expect(try merged.read("/etc/passwd", cwd: []).text == "new motd\n")
        #expect(lower[0].node(at: ["etc", "link"])?.isWhiteout == false)  // the layers below are untouched
    }

    /// ``ContainerFS/entryCount(below:skipping:)`` counts what listing every folder counts:
    /// names shadowed, whiteouts, opaque folders, a file over a folder, links, file and folder
    /// mounts, skipped folders, and a folder that is missing.
    @Test func countingEntriesMatchesListingEveryFolder() throws {
        let meta = FileMetadata(mode: 0o644, mtime: 7)
        let dirMeta = FileMetadata(mode: 0o755, mtime: 7)
        let bottom = FileTree.build(
            [
                ("/usr/lib/a/one", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/lib/a/two", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/lib/b/deep/x", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/share/doc/d", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/was-dir/inside", .file(FileContent(opaqueSize: 1), meta)),
                ("/etc/hosts", .file(FileContent(opaqueSize: 1), meta)),
                ("/etc/conf/c1", .file(FileContent(opaqueSize: 1), meta)),
                ("/var/lib/dpkg/status", .file(FileContent(opaqueSize: 1), meta)),
                ("/var/lib/data/d1", .file(FileContent(opaqueSize: 1), meta)),
                ("/var/cache/c", .file(FileContent(opaqueSize: 1), meta)),
            ], dirMeta: dirMeta)
        var middle = FileTree.build(
            [
                ("/usr/lib/a/three", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/lib/a/one", .whiteout),
                ("/usr/was-dir", .file(FileContent(opaqueSize: 1), meta)),
                ("/usr/share/link", .symlink(target: "doc", meta)),
                ("/etc/conf/c2", .file(FileContent(opaqueSize: 1), meta)),
            ], dirMeta: dirMeta)
        middle.modify(["usr", "lib", "b"]) { $0 = .directory(Directory(meta: dirMeta, opaque: true)) }
        middle.modify(["usr", "lib", "b", "fresh"]) { $0 = .file(FileContent(opaqueSize: 1), meta) }
        var fs = ContainerFS(lower: [middle, bottom], mounts: ["/etc/hostname": FileContent(text: "h\n")])
        try fs.write("/usr/lib/a/four", cwd: [], bytes: [1], append: false, mtime: 9)
        try fs.remove("/usr/lib/a/two", cwd: [], recursive: false)
        try fs.makeDirectory("/opt/new/sub", cwd: [], parents: true, mtime: 9)
        var volume = FileTree()
        volume.modify(["v1"]) { $0 = .file(FileContent(opaqueSize: 3), meta) }
        volume.modify(["vdir"]) { $0 = .directory(Directory(meta: dirMeta)) }
        fs.attach(ContainerFS.Mount(path: ["var", "lib", "data"], content: .directory(volume), origin: .volume("v")))
        fs.attach(
            ContainerFS.Mount(
                path: ["etc", "conf"], content: .file(FileContent(opaqueSize: 2), meta), origin: .daemon))
        let skipping = [["var", "lib", "dpkg"], ["var", "cache"]]
        func listed(_ top: [String]) -> Int {
            var count = 0
            var stack = [top]
            while let dir = stack.popLast() {
                if skipping.contains(dir) { continue }
                for (name, node) in fs.list(dir) {
                    count += 1
                    if node.isDirectory { stack.append(dir + [name]) }
                }
            }
            return count
        }
        for top in [["usr"], ["etc"], ["var"], ["opt"], ["srv"], ["usr", "lib"], ["var", "lib", "data"]] {
            #expect(fs.entryCount(below: top, skipping: skipping) == listed(top), "below \(top)")
        }
        #expect(fs.entryCount(below: ["usr"], skipping: skipping) == 11)
    }

    /// Writing through ``ContainerFS/writeOpaque(_:size:mode:mtime:)`` follows links on the way
    /// and at the end, and refuses folders and missing folders, whichever way the path is found.
    @Test func writingOpaqueFilesResolvesAsTheLayersShow() throws {
        var fs = ContainerFS(lower: sampleLower())
        try fs.writeOpaque("/bin/tool", size: 5, mode: 0o755, mtime: 1)
        #expect(fs.upper.node(at: ["usr", "bin", "tool"])?.totalSize == 5)
        try fs.writeOpaque("/usr/bin/./ls", size: 6, mode: 0o755, mtime: 1)
        #expect(fs.upper.node(at: ["usr", "bin", "ls"])?.totalSize == 6)
        try fs.put(.symlink(target: "/etc/motd", FileMetadata(mode: 0o777, mtime: 1)), at: ["etc", "greeting"])
        try fs.writeOpaque("/etc/greeting", size: 7, mode: 0o644, mtime: 1)
        #expect(try fs.read("/etc/motd", cwd: []).size == 7)
        #expect(throws: FSError.isADirectory) { try fs.writeOpaque("/etc", size: 1, mode: 0o644, mtime: 1) }
        #expect(throws: FSError.noSuchFile) { try fs.writeOpaque("/nope/file", size: 1, mode: 0o644, mtime: 1) }
        #expect(throws: FSError.notADirectory) {
            try fs.writeOpaque("/etc/passwd/x", size: 1, mode: 0o644, mtime: 1)
        }
        try fs.writeOpaque("/var/log/../log/new.log", size: 8, mode: 0o644, mtime: 1)
        #expect(fs.upper.node(at: ["var", "log", "new.log"])?.totalSize == 8)
        #expect(fs.size == fs.upper.countedSize)
    }

    /// A folder changed through ``FileTree/editDirectory(_:_:)`` keeps the sizes and counts
    /// above it current, and a copy of the tree taken before does not change.
    @Test func editingAFolderInPlaceKeepsSizesAndCopies() {
        var tree = sampleLower()[0]
        let before = tree
        let meta = FileMetadata(mode: 0o644, mtime: 1)
        let done = tree.editDirectory(["etc"]) { folder in
            folder.set("motd", nil)
            folder.set("passwd", .file(FileContent(opaqueSize: 30), meta))
            folder.set("new", .symlink(target: "passwd", meta))
            return folder.entry("new") != nil
        }
        #expect(done == true)
        #expect(tree.size == before.size - 10 - 100 + 30 + 6)
        #expect(tree.size == tree.countedSize)
        #expect(tree.count == before.count)
        #expect(before.node(at: ["etc", "motd"]) != nil)
        #expect(before.size == before.countedSize)
        #expect(tree.editDirectory(["etc", "passwd"]) { _ in true } == nil)
        tree.editDirectory([]) { $0.set("top", .file(FileContent(opaqueSize: 4), meta)) }
        #expect(tree.size == tree.countedSize)
    }

    /// `stat` and `write` answer a path through a link at the root (`/bin` → `usr/bin`, and an
    /// absolute `/lib` → `/usr/lib`) with one look-up of the target; the answers must be the
    /// ones of the walk (`resolve` and `lookup`), also for a missing file, a link at the end
    /// (followed or not), `..`, a file on the way, and a mount over the target.
    @Test func pathsThroughARootLinkAgreeWithTheWalk() throws {
        let meta = FileMetadata(mode: 0o644, mtime: 100)
        var lower = sampleLower()
        lower[0].modify(["lib"]) { $0 = .symlink(target: "/usr/lib", meta) }
        lower[0].modify(["usr", "lib"]) { $0 = .directory(Directory(meta: meta)) }
        lower[0].modify(["usr", "bin", "sh"]) { $0 = .symlink(target: "ls", meta) }
        lower[0].modify(["loop"]) { $0 = .symlink(target: "loop", meta) }
        var fs = ContainerFS(lower: lower, mounts: ["/usr/lib/mounted": FileContent(text: "m\n")])
        let paths = [
            "/bin/ls", "/bin/sh", "/bin/none", "/bin/ls/x", "/bin/../etc/motd", "/lib/mounted", "/lib/none",
            "/loop/x", "/bin//./ls", "/bin", "/bin/none/deeper",
        ]
        for path in paths {
            for follow in [true, false] {
                let walked: Result<[String], FSError> = Result { () throws(FSError) in
                    try fs.resolve(path, cwd: [], followLast: follow)
                }
                var expected: ([String], FileNode)?
                if let parts = try? walked.get(), let node = fs.lookup(parts) { expected = (parts, node) }
                let found = try? fs.stat(path, cwd: [], follow: follow)
                #expect(found?.path == expected?.0, "\(path) follow \(follow)")
                #expect(found.map { kind($0.node) } == expected.map { kind($0.1) }, "\(path) follow \(follow)")
            }
        }
        try fs.write("/bin/new", cwd: [], bytes: Array("x".utf8), append: true, mtime: 5)
        #expect(fs.upper.node(at: ["usr", "bin", "new"]) != nil)
        #expect(fs.upper.node(at: ["bin"]) == nil)
        try fs.write("/root/.history", cwd: [], bytes: Array("a\n".utf8), append: true, mtime: 5)
        try fs.write("/root/.history", cwd: [], bytes: Array("b\n".utf8), append: true, mtime: 6)
        #expect(try fs.read("/root/.history", cwd: []).text == "a\nb\n")
        try fs.write("/lib/mounted", cwd: [], bytes: Array("n\n".utf8), append: false, mtime: 5)
        #expect(fs.mountedFile("/usr/lib/mounted")?.text == "n\n")
        #expect(throws: FSError.notADirectory) {
            try fs.write("/bin/ls/x", cwd: [], bytes: [1], append: false, mtime: 1)
        }
        func kind(_ node: FileNode) -> String {
            switch node {
            case .file(let content, _): "file \(content.size)"
            case .symlink(let target, _): "link \(target)"
            case .directory(let folder): "folder \(folder.entries.count)"
            case .whiteout: "whiteout"
            }
        }
    }

    /// ``ContainerFS/writeFiles(in:_:mtime:)`` gives what writing each file by itself gives (the
    /// same layer, to its owners, modes and times, the same mounts, the same error): files new,
    /// in the image, deleted, hidden by an opaque folder, written twice, through a link, at a
    /// link, at a folder, at a mount, in a missing folder, on a read-only root, as a user.
    @Test func writingFilesOfAFolderAtOnceIsWritingThemOneByOne() throws {
        typealias Files = [(name: String, file: ContainerFS.NewFile)]
        let meta = FileMetadata(mode: 0o777, mtime: 1)
        func prepared(_ change: (inout ContainerFS) throws -> Void) throws -> ContainerFS {
            var fs = ContainerFS(lower: sampleLower(), mounts: ["/etc/hostname": FileContent(text: "box\n")])
            try change(&fs)
            return fs
        }
        let cases: [(ContainerFS, String, Files)] = [
            (
                try prepared { _ in }, "/etc",
                [
                    ("motd", .bytes(Array("hi\n".utf8))), ("new", .bytes([1, 2])),
                    ("passwd", .opaque(size: 9, mode: 0o600)),
                    ("twice", .opaque(size: 3, mode: 0o755)), ("twice", .bytes([3])),
                ]
            ),
            (try prepared { try $0.remove("/etc/motd", cwd: [], recursive: false) }, "/etc", [("motd", .bytes([4]))]),
            (
                try prepared {
                    try $0.remove("/var/log", cwd: [], recursive: true)
                    try $0.makeDirectory("/var/log", cwd: [], parents: false, mtime: 2)
                }, "/var/log", [("dpkg.log", .bytes([5])), ("other", .opaque(size: 1, mode: 0o644))]
            ),
            (
                try prepared { $0.creator = (1000, 1000) }, "/var/log",
                [("dpkg.log", .bytes([6])), ("mine.log", .bytes([7]))]
            ),
            (try prepared { _ in }, "/bin", [("tool", .opaque(size: 5, mode: 0o755)), ("ls", .bytes([8]))]),
            (
                try prepared { try $0.put(.symlink(target: "/etc/motd", meta), at: ["etc", "greeting"]) }, "/etc",
                [("new", .bytes([9])), ("greeting", .bytes([10]))]
            ),
            (try prepared { _ in }, "/var", [("new", .bytes([11])), ("log", .bytes([12]))]),
            (try prepared { _ in }, "/etc", [("hostname", .bytes(Array("other\n".utf8)))]),
            (try prepared { _ in }, "/nope", [("file", .bytes([13]))]),
            (try prepared { $0.readOnlyRoot = true }, "/etc", [("new", .opaque(size: 1, mode: 0o644))]),
            (try prepared { _ in }, "/etc", []),
        ]
        for (index, (start, folder, files)) in cases.enumerated() {
            var atOnce = start
            let batch = Result { () throws(FSError) in try atOnce.writeFiles(in: folder, files, mtime: 50) }
            var oneByOne = start
            let single = Result { () throws(FSError) in
                for (name, file) in files {
                    switch file {
                    case .bytes(let bytes):
                        try oneByOne.write(folder + "/" + name, cwd: [], bytes: bytes, append: false, mtime: 50)
                    case .opaque(let size, let mode):
                        try oneByOne.writeOpaque(folder + "/" + name, size: size, mode: mode, mtime: 50)
                    }
                }
            }
            #expect(String(describing: batch) == String(describing: single), "case \(index)")
            #expect(atOnce.upper.diffID == oneByOne.upper.diffID, "case \(index)")
            #expect(atOnce.size == oneByOne.size && atOnce.upper.count == oneByOne.upper.count, "case \(index)")
            #expect(atOnce.size == atOnce.upper.countedSize, "case \(index)")
            #expect(atOnce.mountedFile("/etc/hostname") == oneByOne.mountedFile("/etc/hostname"), "case \(index)")
        }
        // The cases test something: the files land, with the image's owner for a file it had.
        var fs = try prepared { $0.creator = (1000, 1000) }
        try fs.writeFiles(in: "/etc", [("motd", .bytes([1])), ("new", .bytes([2]))], mtime: 50)
        #expect(fs.upper.node(at: ["etc", "motd"])?.metadata == FileMetadata(mode: 0o644, mtime: 50))
        #expect(
            fs.upper.node(at: ["etc", "new"])?.metadata == FileMetadata(mode: 0o644, uid: 1000, gid: 1000, mtime: 50))
    }

    /// `stat` of an absolute path finds the entry and its folder in one walk of each layer
    /// (whiteouts, opaque folders, files on the way, entries in several layers): the answers
    /// must be the walk's (a relative path from the root is walked component by component).
    @Test func entryAndFolderFoundInOneWalkAgreeWithTheWalk() throws {
        let meta = FileMetadata(mode: 0o644, mtime: 100)
        var middle = FileTree.build(
            [
                ("/etc/fresh", .file(FileContent(text: "f\n"), meta)), ("/var/log", .whiteout),
                ("/usr/bin/ls", .whiteout), ("/root/notes", .file(FileContent(text: "n\n"), meta)),
                ("/opt", .file(FileContent(text: "o\n"), meta)),
            ], dirMeta: FileMetadata(mode: 0o755, mtime: 100))
        middle.setDirectoryMeta(["etc"]) { _, opaque in opaque = true }
        var fs = ContainerFS(lower: [middle] + sampleLower())
        try fs.write("/root/top", cwd: [], bytes: [1], append: false, mtime: 5)
        try fs.remove("/root/notes", cwd: [], recursive: false)
        let paths = [
            "/etc/passwd", "/etc/fresh", "/etc/none", "/var/log", "/var/log/dpkg.log", "/var/none", "/usr/bin/ls",
            "/bin/ls", "/bin/none", "/root/notes", "/root/top", "/root/none", "/opt/x", "/opt", "/none/x", "/none",
            "/root/top/x", "/etc/fresh/x", "/usr/bin/ls/x", "/var/log/x/y",
        ]
        for path in paths {
            for follow in [true, false] {
                let direct = Result { () throws(FSError) in try fs.stat(path, cwd: [], follow: follow) }
                let relative = String(path.dropFirst())
                let walked = Result { () throws(FSError) in try fs.stat(relative, cwd: [], follow: follow) }
                #expect(
                    String(describing: direct.map { "\($0.path) \($0.node)" })
                        == String(describing: walked.map { "\($0.path) \($0.node)" }), "\(path) follow \(follow)")
            }
        }
        // The cases test something: the opaque folder hides the image's files, the whiteout its log.
        #expect((try? fs.stat("/etc/passwd", cwd: [])) == nil)
        #expect((try? fs.stat("/var/log", cwd: [])) == nil)
        #expect((try? fs.stat("/etc/fresh", cwd: [])) != nil)
    }

    /// `write` of an absolute path takes the entry (or its absence) from its one look-up
    /// (``ContainerFS/stat(_:cwd:follow:)``'s) instead of looking at the folder and the file
    /// again; a relative path is walked: both must give the same layer, mounts and error, for
    /// new files, files of the image or the layer, appends, folders, links, mounts, files on
    /// the way, missing folders and a read-only root.
    @Test func writesAnsweredByOneLookUpAgreeWithTheWalk() throws {
        let meta = FileMetadata(mode: 0o600, mtime: 100)
        var start = ContainerFS(lower: sampleLower(), mounts: ["/etc/hostname": FileContent(text: "box\n")])
        try start.write("/root/kept", cwd: [], bytes: [1, 2], append: false, mtime: 3)
        try start.put(.symlink(target: "/etc/motd", meta), at: ["etc", "greeting"])
        var readOnly = start
        readOnly.readOnlyRoot = true
        let paths = [
            "/root/.bash_history", "/root/kept", "/etc/motd", "/etc/passwd", "/etc", "/etc/greeting", "/etc/hostname",
            "/bin/ls", "/bin/new", "/etc/motd/x", "/nope/file", "/usr/bin/new", "/new",
        ]
        for base in [start, readOnly] {
            for path in paths {
                for append in [false, true] {
                    var direct = base
                    let one = Result { () throws(FSError) in
                        try direct.write(path, cwd: [], bytes: [7, 8], append: append, mtime: 9)
                    }
                    var walked = base
                    // The same path from the root's folder: relative, so it is walked.
                    let relative = String(path.dropFirst())
                    let walk = Result { () throws(FSError) in
                        try walked.write(relative, cwd: [], bytes: [7, 8], append: append, mtime: 9)
                    }
                    let label = "\(path) append \(append) read-only \(base.readOnlyRoot)"
                    #expect(String(describing: one) == String(describing: walk), "\(label)")
                    #expect(direct.upper.diffID == walked.upper.diffID, "\(label)")
                    #expect(direct.size == walked.size && direct.upper.count == walked.upper.count, "\(label)")
                    #expect(direct.mountedFile("/etc/hostname") == walked.mountedFile("/etc/hostname"), "\(label)")
                    #expect(direct.upper.node(at: ["root"])?.metadata == walked.upper.node(at: ["root"])?.metadata)
                }
            }
        }
        // The cases test something: a new file lands with the copied-up folder's metadata.
        var fs = start
        try fs.write("/root/.bash_history", cwd: [], bytes: Array("exit\n".utf8), append: true, mtime: 9)
        #expect(try fs.read("/root/.bash_history", cwd: []).text == "exit\n")
        #expect(fs.upper.node(at: ["root"])?.metadata == FileMetadata(mode: 0o700, mtime: 100))
    }

    @Test func errorsLeaveTheLayerUnchanged() {
        var fs = ContainerFS(lower: sampleLower())
        #expect(throws: FSError.noSuchFile) { try fs.write("/nope/file", cwd: [], bytes: [1], append: false, mtime: 1) }
        #expect(throws: FSError.isADirectory) { try fs.write("/etc", cwd: [], bytes: [1], append: false, mtime: 1) }
        #expect(throws: FSError.isADirectory) { try fs.remove("/etc", cwd: [], recursive: false) }
        #expect(fs.upper.isEmpty)
    }
}
