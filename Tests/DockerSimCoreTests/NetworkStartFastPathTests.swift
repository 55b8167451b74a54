import Testing

@testable import DockerSimCore

/// The shortcuts of a container's start and exit in its networks (issue 18, `run -it` + `exit`)
/// agree with the general paths they stand for.
@Suite struct NetworkStartFastPathTests {
    /// `/etc/hosts` as the general builder writes it: the default records, then the extra hosts,
    /// then an `ADDRESS\tNAMES` line per endpoint with an address.
    private func reference(_ names: String, _ endpoints: [NetworkEndpoint]) -> String {
        var text = Engine.defaultHostsRecords
        for endpoint in endpoints {
            guard let address = endpoint.address else { continue }
            text += "\(address)\t\(names)\n"
        }
        return text
    }

    private func endpoint(_ address: IPv4Address?) -> NetworkEndpoint {
        var endpoint = NetworkEndpoint(network: "bridge", networkID: "")
        endpoint.address = address
        return endpoint
    }

    /// The hosts file written into its buffer is the one appended piece by piece, for every
    /// width of octet, several endpoints, endpoints without an address and non-ASCII names.
    @Test func theHostsFileWrittenAtOnceIsTheAppendedOne() {
        let addresses: [IPv4Address?] = [
            IPv4Address(172, 17, 0, 2), IPv4Address(0, 0, 0, 0), IPv4Address(255, 255, 255, 255),
            IPv4Address(10, 9, 99, 100), nil, IPv4Address(1, 22, 103, 7),
        ]
        for names in ["5f3a9c21d0e4", "web web", "", "café é", "a.b.c a", String(repeating: "x", count: 300)] {
            for count in 0...addresses.count {
                let endpoints = addresses.prefix(count).map(endpoint)
                #expect(Engine.hostsFile(names: names, endpoints: endpoints) == reference(names, endpoints))
            }
            // Endpoints without any address: the records alone.
            #expect(Engine.hostsFile(names: names, endpoints: [endpoint(nil), endpoint(nil)]) == reference(names, []))
        }
    }

    /// The public builder takes the shortcuts only where they give its text: no address yet
    /// (the records themselves), no extra hosts; a dotted hostname adds its first label; extra
    /// hosts and host networking keep the general path.
    @Test func theHostsFileShortcutsAreTheGeneralText() {
        let endpoints = [endpoint(IPv4Address(172, 17, 0, 3)), endpoint(nil), endpoint(IPv4Address(10, 0, 0, 1))]
        #expect(
            Engine.hostsFile(hostConfig: HostConfig(), hostname: "abc", endpoints: []) == Engine.defaultHostsRecords)
        #expect(
            Engine.hostsFile(hostConfig: HostConfig(), hostname: "abc", endpoints: [endpoint(nil)])
                == Engine.defaultHostsRecords)
        #expect(
            Engine.hostsFile(hostConfig: HostConfig(), hostname: "abc", endpoints: endpoints)
                == reference("abc", endpoints))
        #expect(
            Engine.hostsFile(hostConfig: HostConfig(), hostname: "db.local", endpoints: endpoints)
                == reference("db.local db", endpoints))
        var extra = HostConfig()
        extra.extraHosts = ["gw:host-gateway", "x:1.2.3.4"]
        #expect(
            Engine.hostsFile(hostConfig: extra, hostname: "abc", endpoints: endpoints)
                == Engine.defaultHostsRecords + "172.17.0.1\tgw\n1.2.3.4\tx\n" + "172.17.0.3\tabc\n10.0.0.1\tabc\n")
        #expect(
            Engine.hostsFile(hostConfig: extra, hostname: "abc", endpoints: [])
                == Engine.defaultHostsRecords + "172.17.0.1\tgw\n1.2.3.4\tx\n")
        var host = HostConfig()
        host.networkMode = "host"
        #expect(Engine.hostsFile(hostConfig: host, hostname: "abc", endpoints: endpoints) == SimulatedHost.hostsFile)
    }

    /// The shared contents are the texts' own bytes; any other text gets a content of its own.
    @Test func sharedMountedContentsAreTheTexts() {
        for text in [
            Engine.defaultHostsRecords, Engine.defaultResolvConf, "", "abc\n",
            Engine.defaultHostsRecords + "172.17.0.2\tabc\n", String(Engine.defaultResolvConf.dropLast()) + "X",
        ] {
            #expect(Engine.mountedContent(text) == FileContent(text: text))
        }
    }

    /// A started container's `connect` events and an exited one's `disconnect` events carry the
    /// network's name and driver after the container, as ``Engine/logNetwork(_:_:_:at:)`` logs
    /// them; on the default bridge and on a user network, joined in order.
    @Test func connectAndDisconnectEventsNameTheNetwork() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let red = try engine.createNetwork(NetworkCreateRequest(name: "red"))
        let bridge = try engine.findNetwork("bridge").id
        var host = HostConfig()
        host.networkMode = "red"
        for (mode, networkID, name) in [(HostConfig(), bridge, "bridge"), (host, red, "red")] {
            let id = try engine.createContainer(ContainerConfig(image: "base"), hostConfig: mode, name: nil)
            let before = engine.events.events().count
            try engine.start(id, process: .service)
            engine.finish(id, exitCode: 0)
            let network = engine.events.events().dropFirst(before).filter { $0.type == .network }
            #expect(network.map(\.action) == ["connect", "disconnect"])
            for event in network {
                #expect(event.actorID == networkID)
                #expect(
                    event.pairs.map { [$0.key, $0.value] } == [
                        ["container", id], ["name", name], ["type", "bridge"],
                    ])
            }
        }
        #expect(engine.invariantViolations() == [])
    }

    /// A container that exposes no port publishes none, whatever its bindings: the start skips
    /// ``Engine/publishPorts(_:endpoints:)`` for it, which gives no port then.
    @Test func noExposedPortPublishesNothing() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        var host = HostConfig()
        host.portBindings = ["80/tcp": [PortBinding(hostIP: "", hostPort: "8080")]]
        let id = try engine.createContainer(ContainerConfig(image: "base"), hostConfig: host, name: "pp")
        let container = try #require(engine.containers[id])
        #expect(container.config.exposedPorts.isEmpty)
        let endpoints = [endpoint(IPv4Address(172, 17, 0, 2))]
        #expect(try engine.publishPorts(container, endpoints: endpoints).isEmpty)
        try engine.start(id, process: .service)
        #expect(engine.containers[id]?.ports.isEmpty == true)
        // One that exposes its port publishes it (the shortcut is not taken).
        var config = ContainerConfig(image: "base")
        config.exposedPorts = ["80/tcp"]
        let web = try engine.createContainer(config, hostConfig: host, name: "ww")
        try engine.start(web, process: .service)
        #expect(engine.containers[web]?.ports.first?.bindings.map(\.hostPort) == ["8080", "8080"])
        #expect(engine.invariantViolations() == [])
    }
}

/// The second step's shortcuts: container IDs written at once, the shared daemon files told
/// apart by their buffers.
@Suite struct NetworkFilesSharedContentTests {
    /// ``Engine/hex64(_:)`` draws what `hex(64)` draws, and leaves the generator where it does.
    @Test func hex64IsHex64() {
        for seed: UInt64 in [0, 1, 42, 0xDEAD_BEEF, .max] {
            var general = SeededGenerator(seed: seed)
            var direct = SeededGenerator(seed: seed)
            for _ in 0..<50 {
                #expect(Engine.hex64(&direct) == general.hex(64))
            }
            #expect(direct.next() == general.next())
        }
    }

    /// The shared contents are recognised by their very bytes: a copy of the same bytes in a
    /// buffer of its own (what an edit that restored the text writes) is not, nor other files.
    @Test func sharedContentsAreKnownByTheirBuffers() {
        let hosts = Engine.mountedContent(Engine.defaultHostsRecords)
        let resolv = Engine.mountedContent(Engine.defaultResolvConf)
        #expect(Engine.sharedText(of: hosts) == Engine.defaultHostsRecords)
        #expect(Engine.sharedText(of: resolv) == Engine.defaultResolvConf)
        #expect(Engine.sharedText(of: FileContent(text: Engine.defaultHostsRecords)) == nil)
        #expect(Engine.sharedText(of: FileContent(text: Engine.defaultResolvConf)) == nil)
        #expect(Engine.sharedText(of: FileContent(text: "")) == nil)
        #expect(Engine.sharedText(of: FileContent(opaqueSize: 12)) == nil)
        var resized = resolv
        resized.size += 1  // same bytes, another size: not the shared file
        #expect(Engine.sharedText(of: resized) == nil)
        // Unedited as the bytes tell, edited likewise.
        #expect(Engine.isUnedited(hosts, written: Engine.defaultHostsRecords))
        #expect(!Engine.isUnedited(hosts, written: Engine.defaultHostsRecords + "x"))
        #expect(!Engine.isUnedited(resolv, written: Engine.defaultHostsRecords))
        #expect(Engine.isUnedited(resized, written: Engine.defaultResolvConf))  // its bytes are the text
    }

    /// A file the user edited keeps its edit over a restart, and an unedited one is rewritten:
    /// with the shared contents of a new container as with contents of their own.
    @Test func editedDaemonFilesSurviveARestart() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "ed")
        let created = try #require(engine.containers[id])
        #expect(created.fs.mountedFile(Engine.hostsPath) == FileContent(text: Engine.defaultHostsRecords))
        try engine.start(id, process: .service)
        let started = try #require(engine.containers[id])
        #expect(started.fs.mountedFile(Engine.hostsPath)?.text == engine.hostsFile(for: started))
        #expect(started.fs.mountedFile(Engine.resolvConfPath)?.text == Engine.defaultResolvConf)
        // The user edits resolv.conf, then the container stops and starts again.
        engine.containers.update(id) { container in
            container.fs.setMountedFile(Engine.resolvConfPath, FileContent(text: "nameserver 9.9.9.9\n"))
        }
        engine.finish(id, exitCode: 0)
        try engine.start(id, process: .service)
        let restarted = try #require(engine.containers[id])
        #expect(restarted.fs.mountedFile(Engine.resolvConfPath)?.text == "nameserver 9.9.9.9\n")
        #expect(restarted.fs.mountedFile(Engine.hostsPath)?.text == engine.hostsFile(for: restarted))
        #expect(restarted.fs.mountedFile(Engine.hostnamePath)?.text == restarted.config.hostname + "\n")
        #expect(engine.invariantViolations() == [])
    }
}

/// A new container's variables and labels: the image's under its own.
@Suite struct CreateEnvAndLabelsTests {
    /// Without variables or labels of its own a container has the image's; with them, the
    /// image's that it does not set, then its own (the general merge).
    @Test func theImagesVariablesAndLabelsUnderTheContainers() throws {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_700_000_000)), seed: 1)
        _ = try engine.pull(ref("ubuntu"))
        let image = try engine.findImage("ubuntu").config.config
        #expect(!(image.env ?? []).isEmpty)
        #expect(!(image.labels ?? [:]).isEmpty)
        let plain = try engine.createContainer(ContainerConfig(image: "ubuntu"), name: "plain")
        #expect(engine.containers[plain]?.config.env == image.env)
        #expect(engine.containers[plain]?.config.labels == image.labels)
        var own = ContainerConfig(image: "ubuntu")
        own.env = ["PATH=/x", "A=1"]
        own.labels = ["org.opencontainers.image.version": "mine", "b": "2"]
        let mixed = try engine.createContainer(own, name: "mixed")
        #expect(engine.containers[mixed]?.config.env == ["PATH=/x", "A=1"])
        var labels = image.labels ?? [:]
        labels["org.opencontainers.image.version"] = "mine"
        labels["b"] = "2"
        #expect(engine.containers[mixed]?.config.labels == labels)
        #expect(engine.invariantViolations() == [])
    }
}
