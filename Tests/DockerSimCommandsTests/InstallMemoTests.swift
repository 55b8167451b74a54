import Testing

@testable import DockerSimCore
@testable import DockerSimShell

/// The memos of pure file-system work: a tree's diffID and a package install are reused only for
/// the same content and the same arguments; anything else that differs gives its own result.
@Suite struct InstallMemoTests {
    static func tree(mtime: Int64 = 5, text: String? = "hi", extra: Bool = false) -> FileTree {
        let content = text.map { FileContent(text: $0) } ?? FileContent(opaqueSize: 2)
        var entries: [(path: String, node: FileNode)] = [
            ("/etc/a", .file(content, FileMetadata(mode: 0o644, mtime: mtime))),
            ("/usr/bin/x", .symlink(target: "y", FileMetadata(mode: 0o777, mtime: 1))),
        ]
        if extra { entries.append(("/usr/bin/z", .whiteout)) }
        return FileTree.build(entries, dirMeta: FileMetadata(mode: 0o755, mtime: 1))
    }

    @Test func treesAreTheSameOnlyWithTheSameContentAndSoAreTheirDiffIDs() {
        let a = Self.tree()
        let again = Self.tree()
        #expect(a.root !== again.root)
        #expect(TreeIdentity.same(a.root, again.root))
        #expect(TreeIdentity.fingerprint(a.root, keep: false) == TreeIdentity.fingerprint(again.root, keep: false))
        #expect(a.diffID == a.madeDiffID)
        #expect(again.diffID == a.diffID)
        let others = [Self.tree(mtime: 6), Self.tree(text: "ho"), Self.tree(text: nil), Self.tree(extra: true)]
        for other in others {
            #expect(!TreeIdentity.same(a.root, other.root))
            #expect(!TreeIdentity.same(other.root, a.root))
            // Known diffIDs are taken only for the same content.
            #expect(other.diffID == other.madeDiffID)
        }
        #expect(Set(([a] + others).map(\.diffID.description)).count == 5)
        // Names Swift finds equal but whose bytes differ (`é` composed, or `e` and a combining
        // accent) are different names in a layer's stream.
        let meta = FileMetadata(mode: 0o644, mtime: 1)
        let composed = FileTree.build([("/caf\u{E9}", .file(FileContent(text: "x"), meta))], dirMeta: meta)
        let decomposed = FileTree.build([("/cafe\u{301}", .file(FileContent(text: "x"), meta))], dirMeta: meta)
        #expect(composed.diffID == composed.madeDiffID)
        #expect(!TreeIdentity.same(composed.root, decomposed.root))
        #expect(decomposed.diffID == decomposed.madeDiffID)
        #expect(decomposed.diffID != composed.diffID)
    }

    /// A lower layer with dpkg's status, the group file and the folders an install writes into.
    static func base(statusSize: Int64 = 1_000, group: String = "root:x:0:\n") -> FileTree {
        let meta = FileMetadata(mode: 0o644, mtime: 100)
        return FileTree.build(
            [
                ("/var/lib/dpkg/status", .file(FileContent(opaqueSize: statusSize), meta)),
                ("/var/lib/dpkg/info/base-files.list", .file(FileContent(text: "/.\n"), meta)),
                ("/etc/group", .file(FileContent(text: group), meta)),
                ("/etc/gshadow", .file(FileContent(text: "root:*::\n"), meta)),
                ("/var/log/apt/eipp.log.xz", .file(FileContent(opaqueSize: 10), meta)),
                ("/var/lib/apt/extended_states", .file(FileContent(text: ""), meta)),
                ("/usr/share/doc/base-files/copyright", .file(FileContent(opaqueSize: 10), meta)),
            ], dirMeta: FileMetadata(mode: 0o755, mtime: 100))
    }

    struct Install {
        var now: Int64 = 2_000
        var groups: [(String, Int)] = [("ssl-cert", 101)]
        var command = "apt-get install -y netbase"
    }

    static func install(_ fs: ContainerFS, _ arguments: Install, remembered: Bool) throws -> ContainerFS {
        let repository = try #require(try PackageCatalog.standard.repository(osRelease: "debian 12"))
        let package = try #require(try repository.package("netbase"))
        let trees = [package.name: try package.files()]
        var fs = fs
        if remembered {
            try Apt.rememberedInstall(
                [package], trees: trees, requested: [package.name], groups: arguments.groups, fired: [], fs: &fs,
                now: arguments.now, dpkgLog: "log\n", command: arguments.command, termText: "term\n",
                keepArchives: false)
        } else {
            try Apt.applyInstall(
                [package], trees: trees, requested: [package.name], groups: arguments.groups, fired: [], fs: &fs,
                now: arguments.now, dpkgLog: "log\n", command: arguments.command, termText: "term\n",
                keepArchives: false)
        }
        return fs
    }

    static func fileSystem(
        lower: FileTree = base(), upperFile: String? = nil, mounted group: String? = nil, creator: Int = 0
    ) -> ContainerFS {
        var upper = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 2_000))
        if let upperFile {
            upper = FileTree.build(
                [(upperFile, .file(FileContent(text: "x"), FileMetadata(mode: 0o644, mtime: 2_000)))],
                dirMeta: FileMetadata(mode: 0o755, mtime: 2_000))
        }
        var fs = ContainerFS(
            upper: upper, lower: [lower], mounts: group.map { ["/etc/group": FileContent(text: $0)] } ?? [:])
        fs.creator = (creator, creator)
        return fs
    }

    @Test func anInstallIsReusedOnlyOnTheSameFilesWithTheSameArguments() throws {
        let first = try Self.install(Self.fileSystem(), Install(), remembered: true)
        #expect(first.holdsTheSame(as: try Self.install(Self.fileSystem(), Install(), remembered: false)))
        // The same files made again (other objects): the install done is taken, not done again.
        let again = try Self.install(Self.fileSystem(), Install(), remembered: true)
        #expect(again.upper.root === first.upper.root)
        // Anything else that differs: the result is its own, as the install without the memo makes it.
        var later = Install()
        later.now = 2_001
        var otherGroups = Install()
        otherGroups.groups = []
        var otherCommand = Install()
        otherCommand.command = "apt-get install netbase"
        let cases: [(ContainerFS, Install)] = [
            (Self.fileSystem(lower: Self.base(statusSize: 1_001)), Install()),  // another base, same packages
            (Self.fileSystem(lower: Self.base(group: "root:x:0:\nstaff:x:50:\n")), Install()),
            (Self.fileSystem(upperFile: "/root/notes"), Install()),  // the container's own writes
            (Self.fileSystem(mounted: "root:x:0:\nwheel:x:10:\n"), Install()),  // a mounted file
            (Self.fileSystem(creator: 1_000), Install()),
            (Self.fileSystem(), later),
            (Self.fileSystem(), otherGroups),
            (Self.fileSystem(), otherCommand),
        ]
        for (fs, arguments) in cases {
            let direct = try Self.install(fs, arguments, remembered: false)
            #expect(!direct.holdsTheSame(as: first))
            let remembered = try Self.install(fs, arguments, remembered: true)
            #expect(remembered.holdsTheSame(as: direct))
            #expect(remembered.upper.root !== first.upper.root)
        }
    }
}
