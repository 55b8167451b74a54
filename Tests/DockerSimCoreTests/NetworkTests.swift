import Testing

@testable import DockerSimCore

@Suite struct PortSpecTests {
    @Test(arguments: [
        ("8080:80", [("80/tcp", "", "8080")]),
        ("127.0.0.1:8081:80", [("80/tcp", "127.0.0.1", "8081")]),
        ("80", [("80/tcp", "", "")]),
        ("8080:80/udp", [("80/udp", "", "8080")]),
        ("8000-8001:80-81", [("80/tcp", "", "8000"), ("81/tcp", "", "8001")]),
        ("8000-8010:80", [("80/tcp", "", "8000-8010")]),
        ("[::1]:8080:80", [("80/tcp", "::1", "8080")]),
        (":8080:80/TCP", [("80/tcp", "", "8080")]),
    ])
    func parses(_ raw: String, _ expected: [(String, String, String)]) throws {
        let mappings = try PortSpec.parse(raw)
        #expect(mappings.map(\.port.description) == expected.map(\.0))
        #expect(mappings.map(\.binding.hostIP) == expected.map(\.1))
        #expect(mappings.map(\.binding.hostPort) == expected.map(\.2))
    }

    @Test(arguments: [
        ("abc", "invalid containerPort: abc"),
        ("8080:80/xyz", "invalid proto: xyz"),
        ("1.2.3:8080:80", "invalid IP address: 1.2.3"),
        ("70000:80", "invalid hostPort: 70000"),
        ("8080:", "invalid proto: "),
        ("8000-8001:80-82", "invalid ranges specified for container and host Ports: 80-82 and 8000-8001"),
        ("90-80", "invalid containerPort: 90-80"),
    ])
    func refuses(_ raw: String, _ message: String) {
        #expect(throws: DockerError.cli(message)) { _ = try PortSpec.parse(raw) }
    }

    @Test func exposeRanges() throws {
        #expect(try PortSpec.expose("8000-8002/udp").map(\.description) == ["8000/udp", "8001/udp", "8002/udp"])
        #expect(throws: DockerError.cli("invalid port format for --expose: 1:2")) { _ = try PortSpec.expose("1:2") }
    }
}

@Suite struct PortAllocatorTests {
    @Test func samePortTwiceIsRefusedOnEitherFamily() {
        var ports = PortAllocator()
        #expect(ports.request(addresses: ["0.0.0.0", "::"], proto: "tcp", start: 8080, end: 8080) == .success(8080))
        #expect(
            ports.request(addresses: ["0.0.0.0", "::"], proto: "tcp", start: 8080, end: 8080)
                == .failure(.allocated(address: "0.0.0.0", port: 8080)))
        // A specific address conflicts with the unspecified one of its family.
        #expect(
            ports.request(addresses: ["127.0.0.1"], proto: "tcp", start: 8080, end: 8080)
                == .failure(.allocated(address: "0.0.0.0", port: 8080)))
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "udp", start: 8080, end: 8080) == .success(8080))
    }

    @Test func ephemeralPortsGoOnFromTheLastOne() {
        var ports = PortAllocator()
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 0, end: 0) == .success(32768))
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 0, end: 0) == .success(32769))
        ports.release(address: "0.0.0.0", proto: "tcp", port: 32768)
        // Not the lowest free one: the next after the last handed out.
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 0, end: 0) == .success(32770))
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 8000, end: 8001) == .success(8000))
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 8000, end: 8001) == .success(8001))
        #expect(ports.request(addresses: ["0.0.0.0"], proto: "tcp", start: 8000, end: 8001) == .failure(.exhausted))
    }
}

@Suite struct NetworkModelTests {
    func engineWithBase() throws -> Engine {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        return engine
    }

    func run(
        _ engine: inout Engine, _ name: String, host: HostConfig = HostConfig(),
        endpoints: [String: EndpointRequest] = [:]
    )
        throws -> String
    {
        let id = try engine.createContainer(
            ContainerConfig(image: "base", exposedPorts: Array(host.portBindings.keys)), hostConfig: host, name: name,
            endpoints: endpoints)
        try engine.start(id, process: .service)
        return id
    }

    @Test func predefinedNetworks() throws {
        let engine = miniEngine()
        #expect(engine.networksByName.map(\.name) == ["bridge", "host", "none"])
        #expect(try engine.findNetwork("bridge").subnet?.description == "172.17.0.0/16")
        #expect(throws: DockerError.daemon("network nope not found", kind: .notFound)) {
            _ = try engine.findNetwork("nope")
        }
    }

    @Test func userNetworksTakeTheNextFreePool() throws {
        var engine = miniEngine()
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red2"))
        #expect(try engine.findNetwork("red1").subnet?.description == "172.18.0.0/16")
        #expect(try engine.findNetwork("red2").subnet?.description == "172.19.0.0/16")
        try engine.removeNetwork("red1")
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red3"))
        #expect(try engine.findNetwork("red3").subnet?.description == "172.18.0.0/16")
        #expect(engine.invariantViolations() == [])
    }

    @Test func addressesAreTheLowestFreeAndReused() throws {
        var engine = try engineWithBase()
        let a = try run(&engine, "c1")
        let b = try run(&engine, "c2")
        #expect(engine.containers[a]?.ipAddress == "172.17.0.2")
        #expect(engine.containers[b]?.ipAddress == "172.17.0.3")
        engine.stop(a)
        #expect(engine.containers[a]?.ipAddress == nil)
        let c = try run(&engine, "c3")
        #expect(engine.containers[c]?.ipAddress == "172.17.0.2")
        #expect(engine.invariantViolations() == [])
    }

    @Test func aPortInUseLeavesTheSecondContainerCreated() throws {
        var engine = try engineWithBase()
        var host = HostConfig()
        host.portBindings = ["80/tcp": [PortBinding(hostIP: "", hostPort: "8080")]]
        let first = try run(&engine, "web", host: host)
        #expect(engine.containers[first]?.ports.first?.bindings.map(\.hostIP) == ["0.0.0.0", "::"])
        let second = try engine.createContainer(
            ContainerConfig(image: "base", exposedPorts: ["80/tcp"]), hostConfig: host, name: "web2")
        #expect(throws: DockerError.self) { try engine.start(second, process: .service) }
        #expect(engine.containers[second]?.status == .created)
        #expect(engine.containers[second]?.exitCode == 128)
        #expect(engine.invariantViolations() == [])
        engine.stop(first)
        try engine.start(second, process: .service)
        #expect(engine.containers[second]?.ports.first?.bindings.first?.hostPort == "8080")
        #expect(engine.invariantViolations() == [])
    }

    @Test func connectAndDisconnectWhileRunning() throws {
        var engine = try engineWithBase()
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        let id = try run(&engine, "web")
        try engine.connect(id, to: "red1")
        let container = try #require(engine.containers[id])
        #expect(container.endpoints.map(\.interface) == ["eth0", "eth1"])
        #expect(container.endpoint(on: "red1")?.address?.description == "172.18.0.2")
        #expect(engine.usesEmbeddedDNS(container))
        #expect(
            engine.hostsFile(for: container).hasSuffix(
                "172.17.0.2\t\(container.shortID)\n172.18.0.2\t\(container.shortID)\n"))
        #expect(throws: DockerError.daemon("endpoint with name web already exists in network red1", kind: .conflict)) {
            try engine.connect(id, to: "red1")
        }
        #expect(throws: DockerError.self) { try engine.removeNetwork("red1") }
        try engine.disconnect(id, from: "red1")
        #expect(engine.containers[id]?.endpoints.count == 1)
        try engine.removeNetwork("red1")
        #expect(engine.invariantViolations() == [])
    }

    /// What a container's three network files hold (path, content, metadata, origin), in order.
    func networkMounts(_ container: Container) -> [String] {
        container.fs.mounts.map { mount in
            guard case .file(let content, let meta) = mount.content else { return "\(mount.path) directory" }
            return "\(mount.path) \(content.text ?? "?") \(meta) \(mount.origin)"
        } + ["\(container.writtenHosts ?? "nil") \(container.writtenResolvConf ?? "nil")"]
    }

    /// `createContainer` mounts the network files already written, and `start` writes them in
    /// the same change as the endpoints: the same files, metadata and marks as the rule they
    /// replace (the files mounted empty, then ``Engine/writeNetworkFiles(_:)`` after each step).
    @Test func networkFilesWrittenAtOnceAgreeWithWriteNetworkFiles() throws {
        var engine = try engineWithBase()
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        var extra = HostConfig()
        extra.extraHosts = ["db:10.0.0.5", "gw:host-gateway"]
        extra.dns = ["1.1.1.1"]
        extra.dnsOptions = ["ndots:2"]
        var tmpfs = HostConfig()
        tmpfs.tmpfs = ["/run": ""]
        var host = HostConfig()
        host.networkMode = "host"
        let cases: [(HostConfig, [String: EndpointRequest], String)] = [
            (HostConfig(), [:], ""), (extra, [:], ""), (tmpfs, [:], ""),
            (HostConfig(), ["red1": EndpointRequest()], ""),
            (HostConfig(), ["red1": EndpointRequest(aliases: ["db"])], "web.example.com"), (host, [:], ""),
        ]
        for (index, (hostConfig, endpoints, hostname)) in cases.enumerated() {
            var config = ContainerConfig(image: "base")
            config.hostname = hostname
            let id = try engine.createContainer(config, hostConfig: hostConfig, name: "c\(index)", endpoints: endpoints)
            for step in ["create", "start"] {
                if step == "start" { try engine.start(id, process: .service) }
                let made = try #require(engine.containers[id])
                var old = engine
                old.containers.update(id) { container in
                    if step == "create" {
                        var fs = ContainerFS(
                            upper: container.fs.upper, lower: container.fs.lower,
                            mounts: [
                                "/etc/hostname": FileContent(text: ""), "/etc/hosts": FileContent(text: ""),
                                "/etc/resolv.conf": FileContent(text: ""),
                            ])
                        for mount in container.fs.mounts where mount.origin != .daemon { fs.attach(mount) }
                        container.fs = fs
                        container.writtenHosts = nil
                        container.writtenResolvConf = nil
                    }
                }
                old.writeNetworkFiles(id)
                let rewritten = try #require(old.containers[id])
                #expect(networkMounts(made) == networkMounts(rewritten), "case \(index), \(step)")
            }
            #expect(engine.invariantViolations() == [])
        }
        // A file the user edited stays as it is (the same bytes, or a text canonically the same).
        #expect(Engine.isUnedited(FileContent(text: "caf\u{E9}\n"), written: "caf\u{E9}\n"))
        #expect(Engine.isUnedited(FileContent(text: "cafe\u{301}\n"), written: "caf\u{E9}\n"))
        #expect(!Engine.isUnedited(FileContent(text: "cafe\n"), written: "caf\u{E9}\n"))
        #expect(!Engine.isUnedited(FileContent(bytes: [0xFF]), written: "caf\u{E9}\n"))
        #expect(!Engine.isUnedited(nil, written: "x"))
        #expect(Engine.isUnedited(nil, written: nil))
    }

    @Test func aRemovedNetworkStopsItsContainersFromStarting() throws {
        var engine = try engineWithBase()
        let networkID = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        let id = try run(&engine, "web", endpoints: [:])
        engine.stop(id)
        try engine.connect(id, to: "red1")
        try engine.start(id, process: .service)
        engine.stop(id)
        try engine.removeNetwork("red1")
        #expect(
            throws: DockerError.daemon(
                "failed to set up container networking: network \(networkID) not found", kind: .notFound)
        ) { try engine.start(id, process: .service) }
        #expect(engine.invariantViolations() == [])
    }

    @Test func staticAddressesNeedAUserSubnet() throws {
        var engine = try engineWithBase()
        var request = NetworkCreateRequest(name: "red2")
        request.pools = [IPAMPoolRequest(subnet: "192.168.0.0/24", gateway: "192.168.0.100")]
        _ = try engine.createNetwork(request)
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        var host = HostConfig()
        host.networkMode = "red2"
        let id = try run(
            &engine, "fixed", host: host, endpoints: ["red2": EndpointRequest(ipv4Address: "192.168.0.10")])
        #expect(engine.containers[id]?.ipAddress == "192.168.0.10")
        let other = try run(&engine, "other", host: host)
        #expect(engine.containers[other]?.ipAddress == "192.168.0.1")
        host.networkMode = "red1"
        #expect(
            throws: DockerError.daemon(
                "invalid config for network red1: user specified IP address is supported only when connecting to networks with user configured subnets",
                kind: .invalidParameter)
        ) { _ = try run(&engine, "bad", host: host, endpoints: ["red1": EndpointRequest(ipv4Address: "172.18.0.9")]) }
        #expect(engine.containers.values.contains { $0.name == "bad" } == false)
    }

    @Test func ipamConfigErrors() throws {
        var engine = miniEngine()
        var request = NetworkCreateRequest(name: "x")
        request.pools = [IPAMPoolRequest(subnet: "10.0.0.1/24", gateway: "10.1.0.1")]
        #expect(
            throws: DockerError.daemon(
                "invalid network config:\n* invalid subnet 10.0.0.1/24: it should be 10.0.0.0/24\n* invalid gateway 10.1.0.1: parent subnet 10.0.0.1/24 doesn't contain this address",
                kind: .invalidParameter)
        ) { _ = try engine.createNetwork(request) }
        request.pools = [IPAMPoolRequest(subnet: "172.17.5.0/24")]
        #expect(
            throws: DockerError.daemon(
                "invalid pool request: Pool overlaps with other one on this address space", kind: .conflict)
        ) { _ = try engine.createNetwork(request) }
        #expect(engine.networks.count == 3)
    }

    @Test func naturalOrder() {
        #expect(["red10", "red2", "Red", "a1"].sorted(by: NaturalOrder.less) == ["Red", "a1", "red2", "red10"])
    }
}

@Suite struct IPv4TextTests {
    /// The dotted quad written as bytes is the one interpolating the four octets gives, and it
    /// reads back as the same address.
    @Test func dottedQuadAgreesWithInterpolation() {
        let octets: [UInt32] = [0, 1, 9, 10, 17, 99, 100, 172, 199, 200, 254, 255]
        for a in octets {
            for b in [UInt32(0), 99, 255] {
                for c in octets {
                    let value = a << 24 | b << 16 | c << 8 | (a ^ c)
                    let address = IPv4Address(value)
                    let expected = "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
                    #expect(address.description == expected)
                    #expect(IPv4Address(address.description) == address)
                }
            }
        }
    }
}
