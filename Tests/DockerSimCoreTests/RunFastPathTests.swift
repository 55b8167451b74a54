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
        #expect(Engine.seed("", "", "", serial: 0) == "::0")
        for (prefix, one, two, serial) in [
            ("é:", "ü", "🐳", -5), ("x", String(repeating: "7", count: 300), "", Int.max),
            ("", "e\u{301}", "\u{301}", Int.min),
        ] {
            #expect(Engine.seed(prefix, one, two, serial: serial) == "\(prefix)\(one):\(two):\(serial)")
            #expect(Engine.seed(prefix, one, serial: serial) == "\(prefix)\(one):\(serial)")
        }
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

// MARK: - One change of the stored container for the start, the exit and the removal

extension RunFastPathTests {

    /// What a container's networking, state and mounted files are, and what the engine holds
    /// for it outside (addresses, host ports, events): what the merged changes must leave as the
    /// separate ones did.
    struct Observed: Equatable {
        var status: String
        var exitCode: Int32
        var startedAt: Timestamp
        var finishedAt: Timestamp
        var process: MainProcess?
        var restartCount: Int
        var execSessions: Int
        var endpoints: [NetworkEndpoint]
        var ports: [PublishedPort]
        var hasSandbox: Bool
        var files: [String?]
        var mounts: [String]
        var leases: String
        var attachments: String
        var hostPorts: PortAllocator
        var events: [EngineEvent]
        var exists: Bool
    }

    func observe(_ engine: Engine, _ id: String) -> Observed {
        let container = engine.containers[id]
        let paths = [Engine.hostnamePath, Engine.hostsPath, Engine.resolvConfPath]
        return Observed(
            status: container.map { "\($0.status)" } ?? "", exitCode: container?.exitCode ?? -1,
            startedAt: container?.startedAt ?? .zero, finishedAt: container?.finishedAt ?? .zero,
            process: container?.process, restartCount: container?.restartCount ?? -1,
            execSessions: container?.execSessions ?? -1, endpoints: container?.endpoints ?? [],
            ports: container?.ports ?? [], hasSandbox: container?.hasSandbox ?? false,
            files: paths.map { container?.fs.mountedFile($0)?.text },
            mounts: container?.fs.mounts.map { mount in
                let content: String =
                    switch mount.content {
                    case .directory(let tree): "dir \(tree.count) \(tree.size)"
                    case .file(let file, let meta): "file \(file.bytes?.count ?? -1) \(meta)"
                    }
                return FilePath.string(mount.path) + " " + content
            } ?? [],
            leases:
                "\(engine.leases.sorted { $0.key.id < $1.key.id }.map { ($0.key.id, $0.value.sorted { $0.key.description < $1.key.description }) })",
            attachments:
                "\(engine.attachments.sorted { $0.key.id < $1.key.id }.map { ($0.key.id, $0.value.map(\.id).sorted()) })",
            hostPorts: engine.hostPorts, events: engine.events.events(), exists: container != nil)
    }

    /// A container on a user network and the default bridge, with a published port and a
    /// tmpfs: every part of the networking and of the exit has something to do.
    func busyContainer(_ engine: inout Engine, name: String = "busy", port: String = "8080") throws -> String {
        _ = try? engine.createNetwork(NetworkCreateRequest(name: "red"))
        var host = HostConfig()
        host.portBindings = ["80/tcp": [PortBinding(hostIP: "", hostPort: port)]]
        host.tmpfs = ["/run": ""]
        host.networkMode = "red"
        let id = try engine.createContainer(
            ContainerConfig(image: "base", exposedPorts: ["80/tcp"]), hostConfig: host, name: name)
        try engine.connect(id, to: "bridge")
        return id
    }

    /// The start's change of the stored container made with the networking's
    /// (``Engine/setUpNetworking(_:alsoChange:)``) leaves what the two changes one after the
    /// other left.
    @Test(arguments: [false, true])
    func networkingAndStartInOneChangeAgreeWithTwo(busy: Bool) throws {
        var engine = try engineWithBase()
        let id =
            busy ? try busyContainer(&engine) : try engine.createContainer(ContainerConfig(image: "base"), name: "c1")
        let change = { (container: inout Container) in
            container.status = .running
            container.startedAt = Timestamp(seconds: 1234)
            container.process = .service
            container.restartCount = 0
        }
        var merged = engine
        try merged.setUpNetworking(id, alsoChange: change)
        var separate = engine
        try separate.setUpNetworking(id)
        separate.containers.update(id, change)
        #expect(observe(merged, id) == observe(separate, id))
        #expect(merged.containers[id]?.status == .running)
        #expect(merged.invariantViolations() == [])
        // A failed set-up changes nothing of the container (its port is taken).
        var failing = separate
        let other = try failing.createContainer(
            ContainerConfig(image: "base", exposedPorts: ["80/tcp"]),
            hostConfig: {
                var host = HostConfig()
                host.portBindings = ["80/tcp": [PortBinding(hostIP: "", hostPort: busy ? "8080" : "8081")]]
                return host
            }(), name: "other")
        if busy {
            let before = observe(failing, other)
            #expect(throws: DockerError.self) { try failing.setUpNetworking(other, alsoChange: change) }
            #expect(observe(failing, other).status == before.status)
            #expect(observe(failing, other).endpoints == before.endpoints)
            #expect(failing.invariantViolations() == [])
        }
    }

    /// ``Engine/start(_:process:)`` leaves what the networking, then the start's change, left.
    @Test func startAgreesWithTheSeparateSteps() throws {
        var engine = try engineWithBase()
        let id = try busyContainer(&engine)
        var started = engine
        try started.start(id, process: .service)
        var reference = engine
        reference.settle()
        try reference.setUpNetworking(id)
        let time = Engine.current(reference.eventTime, reference.clock)
        reference.containers.update(id) { container in
            container.status = .running
            container.startedAt = time
            container.process = .service
            container.restartCount = 0
            container.restartDelay = 0
        }
        reference.prepareMounts(id)
        reference.logVolumeMounts(id)
        reference.logContainer(id: id, "start")
        reference.settle()
        #expect(observe(started, id) == observe(reference, id))
        #expect(started.invariantViolations() == [])
    }

    /// ``Engine/finish(_:exitCode:at:mayRestart:)`` (the exit and the networking's tear-down
    /// in one change) leaves what the exit's change, then ``Engine/tearDownNetworking(_:)``,
    /// the tmpfs cleared and the `die` event left; with and without networking to tear down.
    @Test(arguments: [false, true])
    func finishAgreesWithTheSeparateSteps(busy: Bool) throws {
        var engine = try engineWithBase()
        let id =
            busy ? try busyContainer(&engine) : try engine.createContainer(ContainerConfig(image: "base"), name: "c1")
        try engine.start(id, process: .service)
        if !busy {
            // No sandbox and no ports: nothing to tear down.
            engine.tearDownNetworking(id)
            #expect(engine.containers[id]?.hasSandbox == false)
        }
        engine.advance(by: 5)
        var finished = engine
        finished.finish(id, exitCode: 3)
        var reference = engine
        let container = try #require(reference.containers[id])
        let time = reference.now
        let died = DiedContainer(container)
        reference.containers.update(id) { container in
            container.status = .exited
            container.exitCode = 3
            container.finishedAt = time
            container.process = nil
            container.execSessions = 0
        }
        reference.tearDownNetworking(id)
        reference.clearTmpfs(id)
        reference.logDie(died, exitCode: 3, at: time)
        #expect(observe(finished, id) == observe(reference, id))
        #expect(finished.containers[id]?.status == .exited)
        #expect(finished.invariantViolations() == [])
    }

    /// The removal of a container whose networking is still set up releases it as
    /// ``Engine/tearDownNetworking(_:)`` before the removal did.
    @Test func removalReleasesTheNetworkingAsTheTearDown() throws {
        var engine = try engineWithBase()
        let id = try busyContainer(&engine)
        try engine.start(id, process: .service)
        var removed = engine
        removed.removeContainerRecord(id)
        var reference = engine
        reference.tearDownNetworking(id)
        reference.removeContainerRecord(id)
        #expect(observe(removed, id) == observe(reference, id))
        #expect(!observe(removed, id).exists)
        // Its address and host port are free again: another container gets them.
        let again = try busyContainer(&removed, name: "again")
        try removed.start(again, process: .service)
        #expect(removed.containers[again]?.ports.first?.bindings.first?.hostPort == "8080")
        #expect(removed.invariantViolations() == [])
    }

    /// The byte readers of a new ID agree with the character ones they replace.
    @Test func idPrefixesAgreeWithTheCharacterReaders() {
        let ids = [
            String(repeating: "0123456789ab", count: 5) + "cdef", "012345678901ab", "01234567890", "", "a",
            "123456789012", "1234567890123", "12345678901x", "abcdefABCDEF", "abcdefabcdef\u{301}x", "abcdefabcdefé",
            "héllo-wörld-12345", "a\r\nbcdefghijklmn", "ＡＢＣ", "abc def ghij kl",
        ]
        for id in ids {
            #expect(Engine.shortHex(id) == String(id.prefix(12)), "\(id)")
            #expect(
                Engine.startsWithTwelveDigits(id) == id.utf8.prefix(12).allSatisfy { $0 >= 48 && $0 <= 57 }, "\(id)")
        }
    }

    /// ``Engine/hasSharedMounts(_:)`` is true exactly when a mount is a volume or a host folder
    /// (the only ones ``Engine/syncMounts(of:before:)`` reads), and a write under a volume
    /// through ``Engine/withFileSystem(_:_:)`` still reaches the volume.
    @Test func sharedMountsAreVolumesAndHostFolders() throws {
        let tree = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 1))
        let origins: [ContainerFS.MountOrigin] = [.daemon, .tmpfs, .volume("v"), .host(["srv"])]
        for origin in origins {
            var fs = ContainerFS(lower: [], mounts: ["/etc/hosts": FileContent(text: "x\n")])
            #expect(!Engine.hasSharedMounts(fs))
            fs.attach(ContainerFS.Mount(path: ["data"], content: .directory(tree), origin: origin))
            let shared: Bool =
                switch origin {
                case .volume, .host: true
                default: false
                }
            #expect(Engine.hasSharedMounts(fs) == shared, "\(origin)")
        }
        var engine = try engineWithBase()
        var host = HostConfig()
        host.binds = ["datos:/data"]
        let id = try engine.createContainer(ContainerConfig(image: "base"), hostConfig: host, name: "vol")
        try engine.start(id, process: .service)
        try engine.withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
            try fs.write("/data/new.txt", cwd: [], bytes: Array("hi\n".utf8), append: false, mtime: 5)
        }
        let other = try engine.createContainer(ContainerConfig(image: "base"), hostConfig: host, name: "vol2")
        #expect(try engine.containers[other]?.fs.read("/data/new.txt", cwd: []).text == "hi\n")
        #expect(engine.invariantViolations() == [])
    }
}
