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
