import Testing

@testable import DockerSimCore

/// Issue 18's `run -it` + `exit`, sixteenth step: a container's look-ups of absolute paths
/// answered from what its image's layers answer (``ImagePathAnswers``, kept once per image)
/// give what walking the path in every layer gives, whatever the writable layer, the init
/// layer and the mounts hold.
@Suite struct ImagePathAnswersTests {
    /// An image of two layers with what a walk meets: links at the root (relative, absolute,
    /// with `..`, to itself, dangling), a whiteout and an opaque folder in the top layer, a file
    /// on the way, non-ASCII names.
    static func registry() -> Registry {
        let dir = FileMetadata(mode: 0o755, mtime: 0)
        func file(_ text: String) -> FileNode { .file(FileContent(text: text), FileMetadata(mode: 0o644, mtime: 0)) }
        func link(_ target: String) -> FileNode { .symlink(target: target, FileMetadata(mode: 0o777, mtime: 0)) }
        let base = FileTree.build(
            [
                ("/bin", link("usr/bin")), ("/lib", link("/usr/lib")), ("/up", link("../usr")), ("/loop", link("loop")),
                ("/gone", link("nowhere/at/all")), ("/usr/bin/bash", file("bash")), ("/usr/bin/sh", link("bash")),
                ("/usr/lib/old", file("old")), ("/usr/lib/keep", file("keep")), ("/etc/passwd", file("root:x:0:0")),
                ("/root/.profile", file("# profile")), ("/opt/a/b", file("b")), ("/opt/c", file("c")),
                ("/tmp", .directory(Directory(meta: dir))), ("/caf\u{E9}/x", file("nfc")),
            ], dirMeta: dir)
        let top = FileTree.build(
            [
                ("/opt/a", .whiteout), ("/usr/lib", .directory(Directory(meta: dir, opaque: true))),
                ("/usr/lib/new", file("new")), ("/etc/passwd", file("root:x:0:0:changed")),
                ("/etc/link", link("passwd")),
                ("/sbin", link("usr/bin")),
            ], dirMeta: dir)
        func layer(_ name: String, _ tree: FileTree) -> HubLayer {
            HubLayer(blob: Digest.sha256(of: "blob " + name), tree: tree)
        }
        let layers = [layer("paths base", base), layer("paths top", top)]
        var hub = Registry()
        hub.publish(
            HubImage(
                id: Digest.sha256(of: "image paths"), manifestDigest: Digest.sha256(of: "manifest paths"),
                config: ImageConfig(
                    config: RunConfig(cmd: ["/bin/bash"]), created: Timestamp(seconds: 10),
                    history: layers.map { _ in HistoryEntry(created: Timestamp(seconds: 10), createdBy: "ADD") },
                    diffIDs: layers.map(\.diffID)),
                layers: layers),
            path: "test/paths", tags: ["latest"])
        return hub
    }

    static func engine() throws -> Engine {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_000_000)), seed: 7, registry: registry())
        _ = try engine.pull(ref("test/paths"))
        return engine
    }

    /// The paths looked up (each followed and not): through the links, into what the top layer
    /// hides, into the init layer's and the mounts' paths, odd spellings.
    static let paths = [
        "/bin/bash", "/bin/sh", "/bin", "/bin/", "/bin/nope", "/bin/bash/x", "/usr/bin/bash", "/usr/bin/sh",
        "/sbin/bash",
        "/lib/old", "/lib/new", "/lib/keep", "/usr/lib/old", "/usr/lib/new", "/up/bin/bash", "/loop/x", "/gone/x",
        "/opt/a/b", "/opt/a", "/opt/c", "/opt/nope", "/etc/passwd", "/etc/link", "/etc/hosts", "/etc/hosts/x",
        "/etc/hostname", "/etc/mtab", "/dev/console", "/dev/pts", "/proc/1", "/.dockerenv", "/root/.bash_history",
        "/root/.profile", "/root", "/tmp/x", "/tmp", "/nope", "/nope/x/y", "/bin/../etc/passwd", "//bin//bash",
        "/bin/./bash", "/./bin/bash", "/caf\u{E9}/x", "/cafe\u{301}/x", "/", "relative/path", "",
    ]

    /// What ``ContainerFS/stat(_:cwd:follow:)`` gives, as text: the components' bytes and the
    /// entry (a folder by identity), or the error.
    static func outcome(_ fs: ContainerFS, _ path: String, follow: Bool) -> String {
        do {
            let (parts, node) = try fs.stat(path, cwd: [], follow: follow)
            let shown: String =
                switch node {
                case .file(let content, let meta): "file \(content.size) \(content.bytes ?? []) \(meta)"
                case .symlink(let target, let meta): "link \(Array(target.utf8)) \(meta)"
                case .directory(let dir): "folder \(ObjectIdentifier(dir)) \(dir.meta) \(dir.opaque)"
                case .whiteout: "whiteout"
                }
            return "\(parts.map { Array($0.utf8) }) \(shown)"
        } catch {
            return "error \(error)"
        }
    }

    /// `fs` without the image's memo: its layers and mounts, walked.
    static func walked(_ fs: ContainerFS) -> ContainerFS {
        var twin = ContainerFS(upper: fs.upper, lower: fs.lower, sortedFileMounts: [])
        for mount in fs.mounts { twin.attach(mount) }
        twin.readOnlyRoot = fs.readOnlyRoot
        twin.creator = fs.creator
        #expect(twin.imageAnswers == nil)
        return twin
    }

    /// Every path, twice (the second from the memo), as the walk gives it.
    static func expectAgreement(_ fs: ContainerFS, _ label: String) {
        let twin = walked(fs)
        for path in paths {
            for follow in [true, false] {
                let expected = outcome(twin, path, follow: follow)
                #expect(outcome(fs, path, follow: follow) == expected, "\(label) \(path) follow: \(follow)")
                #expect(outcome(fs, path, follow: follow) == expected, "\(label) \(path) follow: \(follow), again")
            }
        }
    }

    /// Writes done on a container's file system and on its walked twin give the same trees.
    static func expectSameWrite(
        _ fs: inout ContainerFS, _ path: String, _ label: String, change: (inout ContainerFS) throws(FSError) -> Void
    ) {
        var twin = walked(fs)
        let mine = Result { () throws(FSError) in try change(&fs) }
        let theirs = Result { () throws(FSError) in try change(&twin) }
        #expect("\(mine)" == "\(theirs)", "\(label) \(path)")
        #expect(fs.holdsTheSame(as: twin), "\(label) \(path)")
        #expect(fs.upper.countedSize == fs.upper.size)
    }

    @Test func aNewContainersLookUpsAgreeWithTheWalk() throws {
        var engine = try Self.engine()
        let id = try engine.createContainer(ContainerConfig(image: "test/paths"), name: "c1")
        let fs = try #require(engine.containers[id]?.fs)
        let memo = try #require(fs.imageAnswers)
        Self.expectAgreement(fs, "new")
        #expect(memo.count > 0)
        // A second container of the image, made later (another init layer), shares the memo.
        engine.advance(by: 5)
        let other = try engine.createContainer(ContainerConfig(image: "test/paths"), name: "c2")
        let otherFS = try #require(engine.containers[other]?.fs)
        #expect(otherFS.imageAnswers === memo)
        #expect(!TreeIdentity.same(otherFS.lower[0].root, fs.lower[0].root))
        Self.expectAgreement(otherFS, "second")
        #expect(engine.invariantViolations() == [])
    }

    /// Whatever the writable layer comes to hold at the root (a folder copied up, a whiteout
    /// over a link, a folder over a link, an opaque root), and whatever is mounted, the answers
    /// stay the walk's; writes through the memo's answers land where the walk's land.
    @Test func changedContainersLookUpsAgreeWithTheWalk() throws {
        let engine = try Self.engine()
        var engineCopy = engine
        let id = try engineCopy.createContainer(ContainerConfig(image: "test/paths"), name: "c1")
        var fs = try #require(engineCopy.containers[id]?.fs)
        let changes: [(String, (inout ContainerFS) throws(FSError) -> Void)] = [
            (
                "history",
                { fs throws(FSError) in
                    try fs.write("/root/.bash_history", cwd: [], bytes: [0x61, 0x0A], append: true, mtime: 5)
                }
            ),
            (
                "history again",
                { fs throws(FSError) in
                    try fs.write("/root/.bash_history", cwd: [], bytes: [0x62], append: true, mtime: 6)
                }
            ),
            (
                "through the link",
                { fs throws(FSError) in try fs.write("/bin/new", cwd: [], bytes: [0x63], append: false, mtime: 7) }
            ),
            (
                "a mount's file",
                { fs throws(FSError) in try fs.write("/etc/hosts", cwd: [], bytes: [0x64], append: false, mtime: 8) }
            ),
            (
                "a new top folder",
                { fs throws(FSError) in try fs.makeDirectory("/data/x", cwd: [], parents: true, mtime: 9) }
            ),
            ("the link removed", { fs throws(FSError) in try fs.remove("/bin", cwd: [], recursive: false) }),
            (
                "a folder where the link was",
                { fs throws(FSError) in try fs.makeDirectory("/bin", cwd: [], parents: false, mtime: 10) }
            ),
            (
                "a file in it",
                { fs throws(FSError) in try fs.write("/bin/bash", cwd: [], bytes: [0x65], append: false, mtime: 11) }
            ),
            ("/usr changed", { fs throws(FSError) in try fs.remove("/usr/bin/sh", cwd: [], recursive: false) }),
            ("/lib removed", { fs throws(FSError) in try fs.remove("/lib", cwd: [], recursive: false) }),
            (
                "a missing one",
                { fs throws(FSError) in try fs.write("/nope/x", cwd: [], bytes: [], append: false, mtime: 12) }
            ),
        ]
        for (label, change) in changes {
            Self.expectSameWrite(&fs, label, label, change: change)
            Self.expectAgreement(fs, label)
        }
        // Mounts over a link's target, over a folder of the root, at a link.
        for (label, path) in [("over usr/bin", ["usr", "bin"]), ("over root", ["root"]), ("at sbin", ["sbin"])] {
            var mounted = try #require(engineCopy.containers[id]?.fs)
            mounted.attach(ContainerFS.Mount(path: path, content: .directory(FileTree()), origin: .tmpfs))
            Self.expectAgreement(mounted, label)
            Self.expectSameWrite(&mounted, "/root/.bash_history", label) { fs throws(FSError) in
                try fs.write("/root/.bash_history", cwd: [], bytes: [0x66], append: true, mtime: 13)
            }
        }
        // An opaque root in the writable layer hides the layers below.
        var opaque = try #require(engineCopy.containers[id]?.fs)
        opaque.replaceUpper { $0.setDirectoryMeta([]) { _, opaque in opaque = true } }
        Self.expectAgreement(opaque, "opaque root")
    }

    /// The check can fail: a wrong answer kept for a path shows.
    @Test func aWrongMemoShows() throws {
        var engine = try Self.engine()
        let id = try engine.createContainer(ContainerConfig(image: "test/paths"), name: "c1")
        let fs = try #require(engine.containers[id]?.fs)
        let memo = try #require(fs.imageAnswers)
        let twin = Self.walked(fs)
        #expect(Self.outcome(fs, "/bin/bash", follow: false) == Self.outcome(twin, "/bin/bash", follow: false))
        memo.keep(
            ImagePathAnswers.Entry(
                parts: ["bin", "bash"], redirected: ["usr", "bin", "bash"], heads: ["bin", "usr"],
                answer: .found(
                    ["usr", "bin", "bash"], .file(FileContent(text: "wrong"), FileMetadata(mode: 0o644, mtime: 0)))),
            for: ImagePathAnswers.Key(path: "/bin/bash", follow: false))
        #expect(Self.outcome(fs, "/bin/bash", follow: false) != Self.outcome(twin, "/bin/bash", follow: false))
        // The key is the path's bytes: a canonically equal spelling is another path.
        #expect(
            ImagePathAnswers.Key(path: "/caf\u{E9}", follow: true)
                != ImagePathAnswers.Key(path: "/cafe\u{301}", follow: true))
        #expect(ImagePathAnswers.Key(path: "/a", follow: true) != ImagePathAnswers.Key(path: "/a", follow: false))
        #expect(ImagePathAnswers.Key(path: "/a/b", follow: true) == ImagePathAnswers.Key(path: "/a/b", follow: true))
    }

    /// Real images of the catalog: a merged `/usr` (ubuntu), BusyBox (alpine), several layers.
    @Test func catalogImagesLookUpsAgreeWithTheWalk() throws {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_700_000_000)), seed: 3)
        for name in ["ubuntu", "alpine", "josedom24/servidorweb:v1"] {
            _ = try engine.pull(ref(name))
            let id = try engine.createContainer(ContainerConfig(image: name), name: nil)
            var fs = try #require(engine.containers[id]?.fs)
            Self.expectAgreement(fs, name)
            Self.expectSameWrite(&fs, "/root/.bash_history", name) { fs throws(FSError) in
                try fs.write("/root/.bash_history", cwd: [], bytes: [0x67, 0x0A], append: true, mtime: 1)
            }
            Self.expectAgreement(fs, name + " after the history")
        }
    }

    /// ``FilePath/components(_:)`` splits as before its array was made at its size.
    @Test func componentsSplitAsBefore() {
        for path in Self.paths + [
            "a", "/", "///", "/a//b/", "./.", "a/./b/../c", "/é/\u{301}x", String(repeating: "/ab", count: 70),
        ] {
            let expected = path.utf8.split(separator: UInt8(ascii: "/")).filter {
                !($0.count == 1 && $0.first == UInt8(ascii: "."))
            }
            .map { String(decoding: $0, as: UTF8.self) }
            #expect(FilePath.components(path).map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(path)")
        }
    }

    /// The byte comparison of the memo's keys is `elementsEqual` over the UTF-8 bytes, at every
    /// length and with a difference at every position.
    @Test func sameBytesIsElementsEqual() {
        for count in 0...40 {
            let text = String((0..<count).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            #expect(ImagePathAnswers.sameBytes(text, text))
            #expect(ImagePathAnswers.sameBytes(text, String(decoding: Array(text.utf8), as: UTF8.self)))
            #expect(!ImagePathAnswers.sameBytes(text, text + "x"))
            for position in 0..<count {
                var bytes = Array(text.utf8)
                bytes[position] = 0x5A
                #expect(
                    !ImagePathAnswers.sameBytes(text, String(decoding: bytes, as: UTF8.self)), "\(count) \(position)")
            }
        }
        #expect(!ImagePathAnswers.sameBytes("caf\u{E9}", "cafe\u{301}"))
        #expect(ImagePathAnswers.sameBytes("caf\u{E9}/\u{1F433}", "caf\u{E9}/\u{1F433}"))
    }

    /// A root's entry found name by name is the one its dictionary finds, for small and large
    /// folders and canonically equal spellings; a mount's prefix and index as the generic
    /// `starts(with:)` and `firstIndex` find them.
    @Test func namesFoundByScanningAsByHashing() {
        let meta = FileMetadata(mode: 0o644, mtime: 0)
        let names = ["bin", "usr", "caf\u{E9}", "e\u{301}", ".dockerenv", "dev", "etc", "proc", "sys"]
        for size in [0, 1, 5, 8, 9, 20] {
            var tree = FileTree()
            tree.editDirectory([]) { folder in
                for index in 0..<size {
                    let name = index < names.count ? names[index] : "n\(index)"
                    folder.set(name, .file(FileContent(bytes: []), meta))
                }
            }
            for name in names + ["cafe\u{301}", "\u{E9}", "", "n12", "n3", "bi", "binx"] {
                #expect(ContainerFS.holds(tree.root, name) == (tree.root.entries[name] != nil), "\(size) \(name)")
            }
        }
        let paths: [[String]] = [
            [], ["etc"], ["etc", "hosts"], ["etc", "hostname"], ["et"], ["caf\u{E9}"], ["cafe\u{301}", "x"],
        ]
        for prefix in paths {
            for path in paths {
                #expect(ContainerFS.isPrefix(prefix, of: path) == path.starts(with: prefix), "\(prefix) \(path)")
            }
        }
        var fs = ContainerFS(
            lower: [], mounts: ["/etc/hosts": FileContent(text: "h"), "/etc/hostname": FileContent(text: "n")])
        fs.attach(ContainerFS.Mount(path: ["cafe\u{301}"], content: .directory(FileTree()), origin: .tmpfs))
        for path in paths {
            #expect(fs.mount(at: path)?.path == fs.mounts.first(where: { $0.path == path })?.path, "\(path)")
            #expect(
                fs.mountHolding(path)?.index == fs.mounts.lastIndex(where: { path.starts(with: $0.path) }), "\(path)")
        }
    }

    /// A container name is valid as docker's pattern `[a-zA-Z0-9][a-zA-Z0-9_.-]+` says, read from
    /// the name's bytes in place.
    @Test func validNamesAreThePatterns() {
        func pattern(_ name: String) -> Bool {
            let scalars = Array(name.unicodeScalars)
            func alphanumeric(_ scalar: Unicode.Scalar) -> Bool {
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            }
            guard scalars.count >= 2, alphanumeric(scalars[0]) else { return false }
            return scalars.dropFirst().allSatisfy { alphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
        }
        var names = [
            "contenedor1", "a", "ab", "_a", "a_", "a.b-c_d", "-x", "1x", "x y", "caf\u{E9}", "Z9", "é1", "a\u{301}",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09_.-/ é\u{301}")
        for _ in 0..<300 {
            names.append(
                String(
                    (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!
                    }))
        }
        for name in names { #expect(Engine.isValidName(name) == pattern(name), "\(name)") }
    }

    /// The memo tells canonically equal spellings apart (they share a slot), keeps one answer
    /// per path and follow, and forgets everything once full.
    @Test func theMemoKeepsOneAnswerPerPathsBytes() {
        let memo = ImagePathAnswers()
        func entry(_ name: String) -> ImagePathAnswers.Entry {
            ImagePathAnswers.Entry(parts: [name], redirected: nil, heads: [name], answer: .unknown)
        }
        let composed = ImagePathAnswers.Key(path: "/caf\u{E9}", follow: true)
        let decomposed = ImagePathAnswers.Key(path: "/cafe\u{301}", follow: true)
        let unfollowed = ImagePathAnswers.Key(path: "/caf\u{E9}", follow: false)
        memo.keep(entry("one"), for: composed)
        #expect(memo.entry(decomposed) == nil)
        #expect(memo.entry(unfollowed) == nil)
        memo.keep(entry("two"), for: decomposed)
        memo.keep(entry("three"), for: unfollowed)
        #expect(memo.entry(composed)?.parts == ["one"])
        #expect(memo.entry(decomposed)?.parts == ["two"])
        #expect(memo.entry(unfollowed)?.parts == ["three"])
        memo.keep(entry("four"), for: composed)
        #expect(memo.entry(composed)?.parts == ["four"])
        #expect(memo.count == 3)
        for index in 0..<(ImagePathAnswers.limit - 3) {
            memo.keep(entry("n"), for: ImagePathAnswers.Key(path: "/n\(index)", follow: true))
        }
        #expect(memo.count == ImagePathAnswers.limit)
        memo.keep(entry("last"), for: ImagePathAnswers.Key(path: "/last", follow: true))
        #expect(memo.count == 1)
        #expect(memo.entry(composed) == nil)
        #expect(memo.entry(ImagePathAnswers.Key(path: "/last", follow: true))?.parts == ["last"])
    }
}
