import Testing

@testable import DockerSimCore

/// The chunked event log (``EngineEventLog``) and the start's skip of a daemon file that
/// already has its text (``Engine/setMountedText(_:_:current:in:)``) agree with the general
/// rules they stand for (issue 18's `run -it` + `exit`).
@Suite struct EventLogAndNetworkFilesTests {
    private func event(_ number: Int) -> EngineEvent {
        EngineEvent(time: Timestamp(seconds: Int64(number)), type: .container, action: "a\(number)", actorID: "c")
    }

    /// What the log must give: the last ``EngineEventLog/capacity`` events of all appended,
    /// from `first` on.
    private func expected(_ all: [EngineEvent], from first: Int) -> [EngineEvent] {
        let start = max(0, all.count - EngineEventLog.capacity)
        let from = max(first, start)
        return from < all.count ? Array(all[from...]) : []
    }

    /// Appends, with copies taken on the way (the session's snapshots) and appended to on their
    /// own: every log gives the events a plain array of its appends gives, from any number on,
    /// and keeps no more chunks than the capacity needs.
    @Test func theChunkedLogIsAPlainArraysTail() {
        var log = EngineEventLog()
        var all: [EngineEvent] = []
        var snapshots: [(log: EngineEventLog, all: [EngineEvent])] = []
        var generator = SystemRandomNumberGenerator()
        for number in 0..<700 {
            log.append(event(number))
            all.append(event(number))
            if Int.random(in: 0..<9, using: &generator) == 0 { snapshots.append((log, all)) }
            #expect(log.end == all.count)
            #expect(log.start == max(0, all.count - EngineEventLog.capacity))
            #expect(log.chunkCount <= EngineEventLog.capacity / EngineEventLog.chunkSize + 1)
        }
        for from in [0, 1, 15, 16, 17, 443, 444, 445, 448, 460, 463, 464, 465, 699, 700, 701, 5000, -3] {
            #expect(log.events(from: from) == expected(all, from: from), "from \(from)")
        }
        #expect(log.events().count == EngineEventLog.capacity)
        // The snapshots kept what they had, and a change to one reaches neither the log nor the others.
        for (index, (var kept, var keptAll)) in snapshots.enumerated() {
            #expect(kept.events() == expected(keptAll, from: 0), "snapshot \(index)")
            for extra in 0..<(index % 20) {
                kept.append(event(10_000 + extra))
                keptAll.append(event(10_000 + extra))
            }
            for from in [0, kept.end - 1, kept.end - 17, kept.start + 16] {
                #expect(kept.events(from: from) == expected(keptAll, from: from), "snapshot \(index) from \(from)")
            }
        }
        #expect(log.events(from: 0) == expected(all, from: 0))
        for (index, snapshot) in snapshots.enumerated() {
            #expect(snapshot.log.events() == expected(snapshot.all, from: 0), "snapshot \(index) after")
        }
        #expect(EngineEventLog().events() == [])
        #expect(EngineEventLog.capacity % EngineEventLog.chunkSize == 0)
    }

    /// The engine's rollback: a failed command leaves the log as it was.
    @Test func aFailedCommandLeavesTheLogAsItWas() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        for index in 0..<40 { _ = try engine.createContainer(ContainerConfig(image: "base"), name: "c\(index)") }
        let before = engine.events.events()
        let end = engine.events.end
        var changed = engine
        _ = try changed.createContainer(ContainerConfig(image: "base"), name: "late")
        #expect(changed.events.end == end + 1)
        #expect(engine.events.end == end)
        #expect(engine.events.events() == before)
    }

    /// The rule ``Engine/write(_:into:)`` had: every file written as given (hosts and
    /// resolv.conf unless edited).
    private func generalWrite(
        _ files: (hostname: String, hosts: String, resolv: String), into container: inout Container
    ) {
        container.fs.setMountedFile(Engine.hostnamePath, FileContent(text: files.hostname))
        if container.writtenHosts == nil
            || Engine.isUnedited(container.fs.mountedFile(Engine.hostsPath), written: container.writtenHosts)
        {
            container.fs.setMountedFile(Engine.hostsPath, FileContent(text: files.hosts))
            container.writtenHosts = files.hosts
        }
        if container.writtenResolvConf == nil
            || Engine.isUnedited(container.fs.mountedFile(Engine.resolvConfPath), written: container.writtenResolvConf)
        {
            container.fs.setMountedFile(Engine.resolvConfPath, FileContent(text: files.resolv))
            container.writtenResolvConf = files.resolv
        }
    }

    /// What a container's mounts and written texts are, to compare.
    private func summary(_ container: Container) -> [String] {
        container.fs.mounts.map { mount in
            let content: String =
                switch mount.content {
                case .file(let file, let meta): "file \(file.size) \(String(describing: file.bytes)) \(meta)"
                case .directory(let tree): "directory \(tree.size)"
                }
            return "\(mount.path) \(mount.origin) \(mount.readOnly) \(content)"
        } + [String(describing: container.writtenHosts), String(describing: container.writtenResolvConf)]
    }

    /// Writing the daemon files skips a file that already has its text, and gives the container
    /// the general rule gives: same texts, new texts, an edited file, a file whose size is not
    /// its bytes', a file with no bytes, a text that is the same only canonically.
    @Test func writingTheSameTextLeavesWhatRewritingGives() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base", hostname: "caja"), name: "c1")
        let container = try #require(engine.containers[id])
        let files = engine.networkFiles(for: container)
        var edited = container
        edited.fs.setMountedFile(Engine.hostsPath, FileContent(text: "127.0.0.1 mine\n"))
        var sized = container
        var wrongSize = FileContent(text: files.hostname)
        wrongSize.size += 3
        sized.fs.setMountedFile(Engine.hostnamePath, wrongSize)
        var opaque = container
        opaque.fs.setMountedFile(Engine.resolvConfPath, FileContent(opaqueSize: Int64(files.resolv.utf8.count)))
        var never = container
        never.writtenHosts = nil
        never.writtenResolvConf = nil
        let inputs: [(hostname: String, hosts: String, resolv: String)] = [
            files, (hostname: "otra\n", hosts: files.hosts, resolv: files.resolv),
            (hostname: files.hostname, hosts: files.hosts + "10.0.0.9 x\n", resolv: "nameserver 1.1.1.1\n"),
            (hostname: "cafe\u{301}\n", hosts: files.hosts, resolv: files.resolv),
        ]
        var precomposed = container
        precomposed.fs.setMountedFile(Engine.hostnamePath, FileContent(text: "caf\u{E9}\n"))
        for (name, start) in [
            ("plain", container), ("edited", edited), ("sized", sized), ("opaque", opaque), ("never", never),
            ("precomposed", precomposed),
        ] {
            for (index, input) in inputs.enumerated() {
                var fast = start
                var general = start
                Engine.write(input, into: &fast)
                generalWrite(input, into: &general)
                #expect(summary(fast) == summary(general), "\(name) \(index)")
                // Twice: the second write finds every text in place.
                Engine.write(input, into: &fast)
                generalWrite(input, into: &general)
                #expect(summary(fast) == summary(general), "\(name) \(index) again")
            }
        }
    }
}
