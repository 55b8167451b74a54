import Testing

@testable import DockerSimCore

/// The shortcuts of `run -it` + `exit` (issue 18) agree with the general paths they stand for.
@Suite struct RunFastPathTests {
    func engineWithBase() throws -> Engine {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        return engine
    }

    /// A new container's daemon files get the metadata the layers give their paths (what a
    /// look-up in the layers gave them), and stay sorted by path.
    @Test func newContainersMountsHaveTheLayersMetadata() throws {
        var engine = try engineWithBase()
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "c1")
        let fs = try #require(engine.containers[id]?.fs)
        #expect(fs.mounts.map { FilePath.string($0.path) } == ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"])
        for mount in fs.mounts {
            guard case .file(_, let meta) = mount.content else {
                Issue.record("not a file mount: \(mount.path)")
                continue
            }
            #expect(meta == fs.layersMetadata(mount.path))
        }
        #expect(engine.invariantViolations() == [])
    }

    /// The network seeds are the interpolations they replace.
    @Test func seedsAreTheInterpolations() {
        let first = String(repeating: "ab", count: 32)
        let second = String(repeating: "c9", count: 32)
        #expect(
            Engine.seed("dockersim-endpoint:", first, second, serial: 17) == "dockersim-endpoint:\(first):\(second):17")
        #expect(Engine.seed("dockersim-sandbox:", first, serial: 3) == "dockersim-sandbox:\(first):3")
        #expect(Engine.seed("", "", serial: 0) == ":0")
    }

    /// ``Engine/networkName(_:)`` is the name ``Engine/findNetwork(_:)`` finds, or the term.
    @Test func networkNameIsFindNetworksName() throws {
        var engine = miniEngine()
        let red = try engine.createNetwork(NetworkCreateRequest(name: "red"))
        let bridge = try engine.findNetwork("bridge").id
        for term in ["bridge", "host", "none", "red", red, String(red.prefix(12)), bridge, "nope", "", "default"] {
            #expect(engine.networkName(term) == ((try? engine.findNetwork(term))?.name ?? term), "\(term)")
        }
    }

    /// A container on a user network still gets the embedded DNS server in its resolv.conf
    /// (the start reads it from the networks it joined), and one on the default bridge does not.
    @Test func startWritesTheResolvConfOfItsNetworks() throws {
        var engine = try engineWithBase()
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red"))
        var host = HostConfig()
        host.networkMode = "red"
        let onRed = try engine.createContainer(ContainerConfig(image: "base"), hostConfig: host, name: "aa")
        try engine.start(onRed, process: .service)
        let onBridge = try engine.createContainer(ContainerConfig(image: "base"), name: "bb")
        try engine.start(onBridge, process: .service)
        for id in [onRed, onBridge] {
            let container = try #require(engine.containers[id])
            #expect(container.fs.mountedFile(Engine.resolvConfPath)?.text == engine.resolvConf(for: container))
            #expect(container.fs.mountedFile(Engine.hostsPath)?.text == engine.hostsFile(for: container))
        }
        #expect(engine.resolvConf(for: try #require(engine.containers[onRed])).contains("nameserver 127.0.0.11"))
        #expect(!engine.resolvConf(for: try #require(engine.containers[onBridge])).contains("127.0.0.11"))
        #expect(engine.invariantViolations() == [])
    }

    /// A new file in a folder of the root that only the layers hold (bash's history in
    /// `/root`) is written as ``ContainerFS/put(_:at:)`` writes it after copying the folder up.
    @Test(arguments: [false, true])
    func newFileInALowerFolderIsWhatPutWrites(append: Bool) throws {
        let lower = FileTree.build(
            [
                ("/root/.bashrc", .file(FileContent(bytes: Array("x\n".utf8)), FileMetadata(mode: 0o644, mtime: 5))),
                ("/usr/bin/bash", .file(FileContent(bytes: []), FileMetadata(mode: 0o755, mtime: 5))),
            ], dirMeta: FileMetadata(mode: 0o700, uid: 3, gid: 4, mtime: 9))
        var fast = ContainerFS(upper: FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 1)), lower: [lower])
        fast.creator = (12, 34)
        var general = fast
        let bytes = Array("exit\n".utf8)
        try fast.write("/root/.bash_history", cwd: [], bytes: bytes, append: append, mtime: 77)
        try general.put(
            .file(FileContent(bytes: bytes), FileMetadata(mode: 0o644, uid: 12, gid: 34, mtime: 77)),
            at: ["root", ".bash_history"])
        #expect(fast.changes() == general.changes())
        #expect(fast.size == general.size && fast.upper.count == general.upper.count)
        #expect(fast.upper.node(at: ["root"])?.metadata == general.upper.node(at: ["root"])?.metadata)
        let (written, expected) = (
            fast.upper.node(at: ["root", ".bash_history"]), general.upper.node(at: ["root", ".bash_history"])
        )
        #expect(written?.metadata == expected?.metadata)
        if case .file(let content, _)? = written, case .file(let other, _)? = expected {
            #expect(content == other)
        } else {
            Issue.record("not files: \(String(describing: written)) \(String(describing: expected))")
        }
        // The written file reads back; a second append grows it in place.
        try fast.write("/root/.bash_history", cwd: [], bytes: bytes, append: true, mtime: 78)
        #expect(try fast.read("/root/.bash_history", cwd: []).bytes == bytes + bytes)
        // A read-only root refuses it, as the general path does.
        var readOnly = ContainerFS(upper: FileTree(), lower: [lower])
        readOnly.readOnlyRoot = true
        #expect(throws: FSError.readOnly) {
            try readOnly.write("/root/.bash_history", cwd: [], bytes: bytes, append: append, mtime: 77)
        }
    }

    /// ``Engine/exceedsDisk(before:after:excluding:)``, read in place, answers as the sums and
    /// counts over `[upper] + directory mounts` it was written with.
    @Test func exceedsDiskAgreesWithTheTreesSums() throws {
        var engine = miniEngine()
        engine.limits.filesPerContainer = 3
        engine.limits.simulatedBytes = 100
        func tree(_ files: Int, bytes: Int) -> FileTree {
            FileTree.build(
                (0..<files).map {
                    (
                        "/f\($0)",
                        .file(
                            FileContent(bytes: Array(repeating: 1, count: bytes)), FileMetadata(mode: 0o644, mtime: 0))
                    )
                }, dirMeta: FileMetadata(mode: 0o755, mtime: 0))
        }
        func fs(_ upper: FileTree, _ mounts: [FileTree], file: Bool) -> ContainerFS {
            var made = ContainerFS(upper: upper, lower: [])
            for (index, mounted) in mounts.enumerated() {
                made.attach(
                    ContainerFS.Mount(path: ["m\(index)"], content: .directory(mounted), origin: .volume("v\(index)")))
            }
            if file {
                made.attach(
                    ContainerFS.Mount(
                        path: ["etc", "hosts"],
                        content: .file(FileContent(bytes: [1, 2]), FileMetadata(mode: 0o644, mtime: 0)),
                        origin: .daemon))
            }
            return made
        }
        func reference(_ before: ContainerFS, _ after: ContainerFS) -> Bool {
            func trees(_ fs: ContainerFS) -> [FileTree] { [fs.upper] + fs.mounts.compactMap(\.tree) }
            let (old, new) = (trees(before), trees(after))
            for (index, tree) in new.enumerated() where tree.count > engine.limits.filesPerContainer {
                if index >= old.count || tree.count > old[index].count { return true }
            }
            let grown = new.reduce(Int64(0)) { $0 + $1.size } - old.reduce(Int64(0)) { $0 + $1.size }
            guard grown > 0 else { return false }
            return engine.host.size + grown + engine.containers.writableBytes + engine.containers.tmpfsBytes
                > engine.limits.simulatedBytes
        }
        let shapes: [(FileTree, [FileTree])] = [
            (tree(0, bytes: 0), []), (tree(2, bytes: 10), []), (tree(4, bytes: 1), []), (tree(1, bytes: 200), []),
            (tree(0, bytes: 0), [tree(1, bytes: 5)]), (tree(1, bytes: 5), [tree(5, bytes: 1), tree(1, bytes: 1)]),
            (tree(1, bytes: 1), [tree(1, bytes: 60), tree(2, bytes: 30)]), (tree(0, bytes: 0), [tree(4, bytes: 0)]),
        ]
        for (upperBefore, mountsBefore) in shapes {
            for (upperAfter, mountsAfter) in shapes {
                for file in [false, true] {
                    let before = fs(upperBefore, mountsBefore, file: file)
                    let after = fs(upperAfter, mountsAfter, file: !file)
                    #expect(
                        engine.exceedsDisk(before: before, after: after, excluding: "x") == reference(before, after))
                }
            }
        }
    }
}

@Suite struct SortedUnionTests {
    /// ``Engine/sortedUnion(_:_:)`` is `Array(Set(first + second)).sorted()`.
    @Test func isTheSortedSetOfBoth() {
        let lists: [[String]] = [[], ["80/tcp"], ["443/tcp", "80/tcp"], ["80/tcp", "80/tcp", "8080/udp"], ["/data"]]
        for first in lists {
            for second in lists {
                #expect(Engine.sortedUnion(first, second) == Array(Set(first + second)).sorted())
            }
        }
    }
}
