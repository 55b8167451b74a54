// Sources (moby v28.5.1): daemon/network.go (create, find, delete), daemon/container_operations.go
// (connect, disconnect, DNS names), daemon/start_linux.go ("failed to set up container
// networking"), libnetwork/ipams/defaultipam (lowest free address, predefined pools),
// libnetwork/ipamutils (172.17–172.31/16, then 192.168.0.0/16 in /20s), libnetwork/error.go,
// api/types/network/ipam.go (ValidateIPAM), runconfig/errors.go.

extension Engine {
    // MARK: - Predefined networks

    /// A predefined network's ID (invented from the seed, stable for it).
    static func predefinedNetworkID(_ name: String, seed: UInt64) -> String {
        Digest.sha256(of: "dockersim-network:\(name):\(seed)").hex
    }

    /// docker's three networks: the default bridge (`docker0`, 172.17.0.0/16), `host`, `none`.
    mutating func installPredefinedNetworks() {
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            var ipam = IPAMSettings()
            if name == "bridge", let subnet = IPv4Subnet("172.17.0.0/16") {
                let gateway = IPv4Address(172, 17, 0, 1)
                let pool = IPAMPool(subnet: subnet, gateway: gateway, configuredGateway: gateway)
                ipam.configured = [pool]
                ipam.pools = [pool]
            }
            var network = Network(
                id: Self.predefinedNetworkID(name, seed: seed), name: name, driver: driver, created: startTime,
                ipam: ipam)
            if name == "bridge" {
                network.deviceIndex = 3
                network.options = [
                    "com.docker.network.bridge.default_bridge": "true",
                    "com.docker.network.bridge.enable_icc": "true",
                    "com.docker.network.bridge.enable_ip_masquerade": "true",
                    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                    "com.docker.network.bridge.name": "docker0",
                    "com.docker.network.driver.mtu": "1500",
                ]
            }
            networks[network.id] = network
            networkNames[name] = network.id
        }
    }

    // MARK: - Lookups

    /// Finds a network as the daemon's `FindNetwork` does: full ID, then name, then a unique
    /// ID prefix.
    public func findNetwork(_ term: String) throws(DockerError) -> Network {
        if let network = networks[term] { return network }
        if let id = networkNames[term], let network = networks[id] { return network }
        let matches = networks.keys.filter { $0.hasPrefix(term) }
        if matches.count > 1 {
            throw .daemon(
                "network \(term) is ambiguous (\(matches.count) matches found based on ID prefix)",
                kind: .invalidParameter)
        }
        if let id = matches.first, let network = networks[id] { return network }
        throw Self.noSuchNetwork(term)
    }

    /// The networks sorted by name (natural order), as `network ls` shows them.
    public var networksByName: [Network] {
        networks.values.sorted { NaturalOrder.less($0.name, $1.name) }
    }

    /// The running containers with an endpoint on a network, by container ID.
    public func attachedContainers(_ networkID: String) -> [Container] {
        (attachments[IDKey(networkID)] ?? []).map(\.id).sorted().compactMap { containers[$0] }
    }

    /// The running container that holds an address on a network, if any.
    public func container(at address: IPv4Address, on networkID: String) -> Container? {
        leases[IDKey(networkID)]?[address].flatMap { containers[$0] }
    }

    static func noSuchNetwork(_ term: String) -> DockerError {
        .daemon("network \(term) not found", kind: .notFound)
    }

    // MARK: - Create, remove, prune

    /// `docker network create` (bridge driver): checks the IPAM configuration as the daemon
    /// does, picks the next free default subnet when none is given.
    /// - Returns: the new network's 64-hex ID.
    public mutating func createNetwork(_ request: NetworkCreateRequest) throws(DockerError) -> String {
        let name = request.name
        if Network.isPredefinedName(name) || name == "default" {
            throw .daemon("operation is not permitted on predefined \(name) network ", kind: .conflict)
        }
        switch request.driver {
        case "bridge": break
        case "host", "null":
            throw .daemon("only one instance of \"\(request.driver)\" network is allowed", kind: .conflict)
        case "macvlan", "ipvlan":
            throw .notSimulated("docker network create --driver \(request.driver)")
        case "overlay":
            throw .daemon(
                "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.",
                kind: .conflict)
        default:
            throw .daemon("plugin \"\(request.driver)\" not found", kind: .notFound)
        }
        var configured: [IPAMPool] = []
        var problems: [String] = []
        for pool in request.pools {
            guard let subnet = IPv4Subnet(pool.subnet) else {
                problems.append("invalid subnet \(pool.subnet): invalid CIDR block notation")
                continue
            }
            if subnet.hasHostBits { problems.append("invalid subnet \(subnet): it should be \(subnet.canonical)") }
            var range: IPv4Subnet?
            if !pool.ipRange.isEmpty {
                if let parsed = IPv4Subnet(pool.ipRange) {
                    range = parsed
                    if parsed.prefixLength < subnet.prefixLength {
                        problems.append(
                            "invalid ip-range \(pool.ipRange): CIDR block is bigger than its parent subnet \(subnet)")
                    }
                    if parsed.hasHostBits {
                        problems.append("invalid ip-range \(parsed): it should be \(parsed.canonical)")
                    }
                    if !subnet.overlaps(parsed) {
                        problems.append(
                            "invalid ip-range \(pool.ipRange): parent subnet \(subnet) doesn't contain ip-range")
                    }
                } else {
                    problems.append("invalid ip-range \(pool.ipRange): invalid CIDR block notation")
                }
            }
            var gateway: IPv4Address?
            if !pool.gateway.isEmpty {
                if let parsed = IPv4Address(pool.gateway) {
                    gateway = parsed
                    if !subnet.contains(parsed) {
                        problems.append(
                            "invalid gateway \(pool.gateway): parent subnet \(subnet) doesn't contain this address")
                    }
                } else {
                    problems.append("invalid gateway \(pool.gateway): invalid address")
                }
            }
            var entry = IPAMPool(
                subnet: subnet, gateway: gateway ?? IPv4Address(subnet.network.value + 1), configuredGateway: gateway,
                ipRange: range)
            entry.auxAddresses = pool.auxAddresses
            configured.append(entry)
        }
        if !problems.isEmpty {
            let text =
                problems.count == 1
                ? problems[0] : "* " + problems.joined(separator: "\n* ")
            throw .daemon("invalid network config:\n" + text, kind: .invalidParameter)
        }
        if networkNames[name] != nil {
            throw .daemon("network with name \(name) already exists", kind: .conflict)
        }
        let taken = networks.values.flatMap { $0.ipam.pools.map(\.subnet) }
        for pool in configured where taken.contains(where: { $0.overlaps(pool.subnet) }) {
            throw .daemon(
                "invalid pool request: Pool overlaps with other one on this address space", kind: .conflict)
        }
        var pools = configured
        if pools.isEmpty {
            guard let subnet = Self.nextDefaultSubnet(avoiding: taken) else {
                throw .daemon(
                    "all predefined address pools have been fully subnetted", kind: .invalidParameter)
            }
            pools = [IPAMPool(subnet: subnet, gateway: IPv4Address(subnet.network.value + 1))]
        }
        nextNetworkSerial += 1
        let id = Digest.sha256(of: "dockersim-network:\(name):\(seed):\(nextNetworkSerial)").hex
        var ipam = IPAMSettings(driver: request.ipamDriver, options: request.ipamOptions)
        ipam.configured = configured
        ipam.pools = pools
        var network = Network(
            id: id, name: name, driver: request.driver, created: now, ipam: ipam,
            scope: request.scope.isEmpty ? "local" : request.scope)
        network.enableIPv4 = request.enableIPv4 ?? true
        network.enableIPv6 = request.enableIPv6 ?? false
        network.isInternal = request.isInternal
        network.attachable = request.attachable
        network.ingress = request.ingress
        network.configOnly = request.configOnly
        network.configFrom = request.configFrom
        network.options = request.options
        network.labels = request.labels
        network.deviceIndex = nextInterfaceIndex
        nextInterfaceIndex += 1  // the bridge device on the host
        networks[id] = network
        networkNames[name] = id
        logNetwork(network, "create")
        return id
    }

    /// The first of docker's default local pools that overlaps no network.
    static func nextDefaultSubnet(avoiding taken: [IPv4Subnet]) -> IPv4Subnet? {
        var candidates: [IPv4Subnet] = (17...31).map { IPv4Subnet(IPv4Address(172, UInt8($0), 0, 0), prefixLength: 16) }
        candidates += (0..<16).map { IPv4Subnet(IPv4Address(192, 168, UInt8($0 * 16), 0), prefixLength: 20) }
        return candidates.first { candidate in !taken.contains { $0.overlaps(candidate) } }
    }

    /// `docker network rm`: a predefined network, or one with running containers, stays.
    public mutating func removeNetwork(_ term: String) throws(DockerError) {
        let network = try findNetwork(term)
        if network.isPredefined {
            throw .daemon("\(network.name) is a pre-defined network and cannot be removed", kind: .conflict)
        }
        let active = attachedContainers(network.id).compactMap { container -> (String, String)? in
            guard let endpoint = container.endpoint(on: network.name) else { return nil }
            return (container.name, String(endpoint.endpointID.prefix(12)))
        }
        if !active.isEmpty {
            let list = active.sorted { $0.0 < $1.0 }.map { "name:\"\($0.0)\" id:\"\($0.1)\"" }
            throw .daemon(
                "error while removing network: network \(network.name) has active endpoints (\(list.joined(separator: ", ")))",
                kind: .conflict)
        }
        networks[network.id] = nil
        networkNames[network.name] = nil
        attachments[IDKey(network.id)] = nil
        leases[IDKey(network.id)] = nil
        logNetwork(network, "destroy")
    }

    /// `docker network prune`: removes the networks users created that no running container
    /// uses and that the filter selects. Returns their names, sorted.
    public mutating func pruneNetworks(filter: PruneFilter = PruneFilter()) -> [String] {
        settle()
        var removed: [String] = []
        for network in networksByName where !network.isPredefined && attachments[IDKey(network.id)]?.isEmpty ?? true {
            if !filter.matches(labels: network.labels, created: network.created) { continue }
            networks[network.id] = nil
            networkNames[network.name] = nil
            attachments[IDKey(network.id)] = nil
            leases[IDKey(network.id)] = nil
            logNetwork(network, "destroy")
            removed.append(network.name)
        }
        return removed
    }

    // MARK: - Container settings at creation

    /// What `docker create` checks of a container's networking (moby `validateNetMode`,
    /// `validateNetworkingConfig`), and the endpoints it starts with.
    func initialEndpoints(
        hostConfig: HostConfig, config: inout ContainerConfig, requests: [String: EndpointRequest]
    ) throws(DockerError) -> [NetworkEndpoint] {
        let mode = hostConfig.networkMode
        if mode == "container" || mode.hasPrefix("container:") {
            throw .notSimulated("--network container:NAME")
        }
        var problems: [String] = []
        // Sorted once, and not at all when nothing was asked (a plain `run`).
        let requested = requests.isEmpty ? [] : requests.keys.sorted()
        for name in requested {
            guard let request = requests[name] else { continue }
            let userDefined = !Network.isPredefinedName(name) && name != "default"
            var errors: [String] = []
            if !userDefined {
                if !request.ipv4Address.isEmpty {
                    errors.append("user specified IP address is supported on user defined networks only")
                }
                if !(request.aliases ?? []).isEmpty {
                    errors.append("network-scoped alias is supported only for containers in user defined networks")
                }
            }
            if !request.ipv4Address.isEmpty {
                if let ip = IPv4Address(request.ipv4Address), ip != .any {
                    // Looked up only here, where it is read (a failed look-up makes its error text).
                    if let network = try? findNetwork(name), let message = Self.staticAddressProblem(ip, on: network) {
                        errors.append(message)
                    }
                } else {
                    errors.append("invalid IPv4 address: \(request.ipv4Address)")
                }
            }
            for error in errors { problems.append("invalid config for network \(name): \(error)") }
        }
        if !problems.isEmpty {
            throw .daemon(
                problems.count == 1 ? problems[0] : "* " + problems.joined(separator: "\n* "),
                kind: .invalidParameter)
        }
        if mode == "host" && config.hostname.isEmpty { config.hostname = SimulatedHost.hostname }
        let primary = mode == "default" ? "bridge" : mode
        // Made with its first endpoint (one allocation, at its size for a plain `run`).
        var endpoints = [
            NetworkEndpoint(
                network: networkName(primary), networkID: "",
                request: requests.isEmpty ? EndpointRequest() : requests[primary] ?? EndpointRequest())
        ]
        for name in requested where name != primary {
            endpoints.append(
                NetworkEndpoint(network: name, networkID: "", request: requests[name] ?? EndpointRequest()))
        }
        return endpoints
    }

    /// The name of the network `term` finds (``findNetwork(_:)``), or `term` when none: a name
    /// that is not a full ID is its own network's name (the names index points to the network
    /// of that name), without copying the network out of the table.
    func networkName(_ term: String) -> String {
        if networks[term] == nil, networkNames[term] != nil { return term }
        return (try? findNetwork(term))?.name ?? term
    }

    /// Why `--ip` cannot be used on a network (moby `validateEndpointIPAddress`), nil when it can.
    static func staticAddressProblem(_ ip: IPv4Address, on network: Network) -> String? {
        guard !network.ipam.configured.isEmpty else {
            return
                "user specified IP address is supported only when connecting to networks with user configured subnets"
        }
        if network.ipam.configured.contains(where: { $0.subnet.contains(ip) }) { return nil }
        return "no configured subnet or ip-range contain the IP address \(ip)"
    }

    // MARK: - Joining at start, leaving at stop

    /// Sets up a starting container's networking: every endpoint's address, the published
    /// ports, `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf`. On failure nothing stays
    /// allocated and the error is the daemon's (`failed to set up container networking: …`).
    mutating func setUpNetworking(_ id: String) throws(DockerError) {
        try setUpNetworking(id) { _ in }
    }

    /// ``setUpNetworking(_:)``, with `alsoChange` applied to the stored container in the same
    /// change as the networking's (the start's status and process): one change of the table
    /// instead of two, the container's last state the same. Nothing is changed when it throws.
    mutating func setUpNetworking(
        _ id: String, alsoChange: (inout Container) -> Void
    ) throws(DockerError) {
        // Read, never changed: a changed copy would copy the container's stored fields, and
        // a copy alive while the stored container changes below would copy them again.
        guard let container = containers[id] else { return }
        var joined: [NetworkEndpoint] = []
        // Whether an endpoint is on a user network (``usesEmbeddedDNS(_:)`` of the joined ones,
        // all active), read from the networks as they are found.
        var embedded = false
        // The joined networks' name and driver, for their `connect` events below (each network
        // read once: looked up again by its 64-character ID, it was hashed and copied again).
        var connected: [(id: String, name: String, driver: String)] = []
        let ports: [PublishedPort]
        do throws(DockerError) {
            for endpoint in container.endpoints {
                let term = endpoint.networkID.isEmpty ? endpoint.network : endpoint.networkID
                // A full ID (the usual endpoint) read from the table itself, as `findNetwork`
                // does first: calling it on the whole engine here copied the engine.
                let network: Network
                if !endpoint.networkID.isEmpty, let found = networks[term] {
                    network = found
                } else {
                    network = try findNetwork(term)  // a name (or an ID gone): looked up once
                }
                if network.isUserDefined { embedded = true }
                joined.append(try join(container, endpoint, network: network, interface: joined.count))
                connected.append((network.id, network.name, network.driver))
            }
            // A container that exposes no port publishes none (``publishPorts(_:endpoints:)``
            // makes its bindings from the exposed ports only): its networks are not read for it.
            ports = container.config.exposedPorts.isEmpty ? [] : try publishPorts(container, endpoints: joined)
        } catch {
            for endpoint in joined { releaseLease(endpoint, containerID: id) }
            throw .daemon("failed to set up container networking: " + error.message, kind: error.kind)
        }
        nextNetworkSerial += 1
        let sandboxSeed = Self.seed("dockersim-sandbox:", id, serial: nextNetworkSerial)
        // The three fields changed in place: the stored container is not replaced by a copy.
        // The network files (``writeNetworkFiles(_:)``) follow from the new endpoints, in the
        // same change: they read the container's endpoints, settings and the networks only.
        let endpoints = joined
        // The settings read where the container's box holds them (no copy of them made).
        let files = container.withHostConfig { hostConfig in
            networkFiles(
                hostConfig: hostConfig, hostname: container.config.hostname, endpoints: endpoints, embedded: embedded)
        }
        _ = consume container
        containers.update(id) { stored in
            stored.endpoints = endpoints
            stored.ports = ports
            stored.sandboxSeed = sandboxSeed
            Self.write(files, into: &stored)
            alsoChange(&stored)
        }
        // Each joined network is in the table still (nothing above removes one): logged as
        // ``logNetwork(_:_:_:at:)`` logs it, from what the loop read.
        for network in connected {
            log(
                .network, "connect", network.id,
                [
                    EngineEvent.Attribute(key: "container", value: id),
                    EngineEvent.Attribute(key: "name", value: network.name),
                    EngineEvent.Attribute(key: "type", value: network.driver),
                ])
        }
    }

    /// One endpoint joining a network: its address (the one asked for, or the lowest free),
    /// gateway, MAC address, DNS names and interface.
    /// (`endpoint` is taken and changed into the joined one: a copy retained and released each
    /// of its strings and arrays.)
    mutating func join(
        _ container: Container, _ endpoint: consuming NetworkEndpoint, network: Network, interface: Int
    ) throws(DockerError) -> NetworkEndpoint {
        var joined = endpoint
        joined.network = network.name
        joined.networkID = network.id
        nextNetworkSerial += 1
        let serial = nextNetworkSerial
        joined.endpointSeed = Self.seed("dockersim-endpoint:", container.id, network.id, serial: serial)
        if network.isUserDefined {
            var names = [container.name] + (joined.request.aliases ?? []) + [container.shortID]
            if !container.config.hostname.isEmpty { names.append(container.config.hostname) }
            var seen: Set<String> = []
            joined.dnsNames = names.filter { seen.insert($0).inserted }
        } else {
            joined.dnsNames = nil
        }
        if network.driver == "bridge", let pool = network.ipam.pools.first {
            let address: IPv4Address
            if let requested = IPv4Address(joined.request.ipv4Address) {
                if leases[IDKey(network.id)]?[requested] != nil || requested == pool.gateway {
                    throw .daemon("Address already in use", kind: .conflict)
                }
                address = requested
            } else {
                guard let free = freeAddress(in: pool, networkID: network.id) else {
                    throw .daemon(
                        "no available IPv4 addresses on this network's address pools: \(network.name) (\(network.id))",
                        kind: .conflict)
                }
                address = free
            }
            joined.address = address
            joined.prefixLength = pool.subnet.prefixLength
            joined.gateway = pool.gateway
            joined.hasMACAddress = true
            joined.interface = interface == 0 ? "eth0" : "eth" + String(interface)
            joined.interfaceIndex = nextInterfaceIndex
            leases[IDKey(network.id), default: [:]][address] = container.id
            nextInterfaceIndex += 2  // the veth pair
        }
        attachments[IDKey(network.id), default: []].insert(IDKey(container.id))
        return joined
    }

    /// `prefix` + `first` + `:` + `second` (when given) + `:` + `serial`, as the interpolation
    /// `"\(prefix)\(first):\(second):\(serial)"` writes it, made at its size at once (the
    /// interpolation grew its buffer twice for two 64-character IDs).
    static func seed(_ prefix: String, _ first: String, _ second: String? = nil, serial: Int) -> String {
        let number = String(serial)
        let count =
            prefix.utf8.count + first.utf8.count + (second.map { $0.utf8.count + 1 } ?? 0) + 1 + number.utf8.count
        // The bytes copied into the new string's own buffer, each piece once (each `+=` checked
        // and grew the string again).
        return String(unsafeUninitializedCapacity: count) { buffer in
            // `offset` passed `inout` to a static helper: captured by a local function, it was
            // boxed, and every use of it checked for exclusive access at run time.
            var offset = 0
            put(prefix, into: buffer, at: &offset)
            put(first, into: buffer, at: &offset)
            if let second {
                put(":", into: buffer, at: &offset)
                put(second, into: buffer, at: &offset)
            }
            put(":", into: buffer, at: &offset)
            put(number, into: buffer, at: &offset)
            return offset
        }
    }

    /// Copies `piece`'s bytes into `buffer` at `offset`, and moves `offset` past them (``seed(_:_:_:serial:)``).
    @inline(__always)
    private static func put(_ piece: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
        var piece = piece
        let count = piece.withUTF8 { bytes in
            guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return 0 }
            (target + offset).initialize(from: source, count: bytes.count)
            return bytes.count
        }
        offset += count
    }

    /// A random locally administered unicast MAC address (libnetwork `GenerateRandomMAC`),
    /// here drawn from a hash.
    static func macAddress(_ hex: String) -> String {
        // A digest's hex (the only caller): read as bytes.
        let digits = Array(hex.utf8.prefix(12))
        if digits.count == 12, let high = hexValue(digits[0]), let low = hexValue(digits[1]),
            digits.allSatisfy({ hexValue($0) != nil })
        {
            let first = (high << 4 | low) & 0xFE | 0x02
            let lowerHex = Array("0123456789abcdef".utf8)
            var out: [UInt8] = [lowerHex[Int(first >> 4)], lowerHex[Int(first & 0xF)]]
            out.reserveCapacity(17)
            for index in stride(from: 2, to: 12, by: 2) {
                out.append(UInt8(ascii: ":"))
                out.append(digits[index])
                out.append(digits[index + 1])
            }
            return String(decoding: out, as: UTF8.self)
        }
        var bytes = Array(hex.prefix(12)).chunked(2).map { String($0) }
        if let first = UInt8(bytes[0], radix: 16) {
            let fixed = (first & 0xFE) | 0x02
            bytes[0] = String(fixed, radix: 16).leftPadded(2)
        }
        return bytes.joined(separator: ":")
    }

    /// The value of a hexadecimal digit's byte, nil for any other byte.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The lowest address of the pool's range that is not the subnet's network or broadcast
    /// address, the gateway, nor held by an endpoint.
    func freeAddress(in pool: IPAMPool, networkID: String) -> IPv4Address? {
        let range = pool.allocationRange
        let held = leases[IDKey(networkID)] ?? [:]
        var candidate = range.network.value
        let last = range.broadcast.value
        while candidate <= last {
            let address = IPv4Address(candidate)
            if address != pool.subnet.network, address != pool.subnet.broadcast, address != pool.gateway,
                held[address] == nil
            {
                return address
            }
            if candidate == UInt32.max { break }
            candidate += 1
        }
        return nil
    }

    mutating func releaseLease(_ endpoint: NetworkEndpoint, containerID: String) {
        // Each table's entry for the network found once (its key made once).
        let network = IDKey(endpoint.networkID)
        if let address = endpoint.address, let index = leases.index(forKey: network),
            leases.values[index][address] == containerID
        {
            leases.values[index][address] = nil
            if leases.values[index].isEmpty { leases.remove(at: index) }
        }
        if let index = attachments.index(forKey: network) {
            attachments.values[index].remove(IDKey(containerID))
            if attachments.values[index].isEmpty { attachments.remove(at: index) }
        }
    }

    /// A stopping container leaves its networks: addresses, host ports and the sandbox go;
    /// what it asked for (`--ip`, aliases) stays.
    mutating func tearDownNetworking(_ id: String) {
        guard let (endpoints, ports, joined) = containers[id].map({ ($0.endpoints, $0.ports, $0.hasSandbox) }),
            Self.hasNetworkingToTearDown(joined: joined, ports: ports)
        else { return }
        releaseNetworking(id, endpoints: endpoints, ports: ports)
        containers.update(id) { Self.clearNetworking(&$0) }
    }

    /// Whether ``tearDownNetworking(_:)`` has anything to do for a container with a sandbox
    /// (`joined`) or not and these published ports.
    static func hasNetworkingToTearDown(joined: Bool, ports: [PublishedPort]) -> Bool {
        joined || !ports.isEmpty
    }

    /// What ``tearDownNetworking(_:)`` does outside the container (its addresses and host
    /// ports released, the `disconnect` events), for a container with these endpoints and
    /// ports: a caller that changes the container anyway clears it in the same change
    /// (``clearNetworking(_:)``).
    mutating func releaseNetworking(_ id: String, endpoints: [NetworkEndpoint], ports: [PublishedPort]) {
        for endpoint in endpoints {
            releaseLease(endpoint, containerID: id)
            // The network's name and driver read in the table (the network is not copied out).
            if let index = networks.index(forKey: endpoint.networkID) {
                log(
                    .network, "disconnect", networks.values[index].id,
                    [
                        EngineEvent.Attribute(key: "container", value: id),
                        EngineEvent.Attribute(key: "name", value: networks.values[index].name),
                        EngineEvent.Attribute(key: "type", value: networks.values[index].driver),
                    ])
            }
        }
        for published in ports {
            for binding in published.bindings {
                guard let port = Int(binding.hostPort) else { continue }
                hostPorts.release(address: binding.hostIP, proto: published.port.proto, port: port)
            }
        }
    }

    /// What ``tearDownNetworking(_:)`` changes in the container: its endpoints' addresses, its
    /// published ports and its sandbox go; what it asked for stays.
    static func clearNetworking(_ container: inout Container) {
        for index in container.endpoints.indices { container.endpoints[index].clearOperationalData() }
        container.ports = []
        container.sandboxSeed = ""
    }

    // MARK: - Connect and disconnect

    /// `docker network connect`: a running container joins at once (a new interface, its
    /// name in the network's DNS); a stopped one will join when it starts.
    public mutating func connect(
        _ containerID: String, to term: String, request: EndpointRequest = EndpointRequest()
    ) throws(DockerError) {
        settle()
        guard let container = containers[containerID] else { throw Self.noSuchContainer(containerID) }
        let network = try findNetwork(term)
        let mode = container.hostConfig.networkMode
        if mode != "host" && network.driver == "host" {
            throw .daemon(
                "cannot connect container to host network - container must be created in host network mode",
                kind: .invalidParameter)
        }
        if let existing = container.endpoints.first(where: { $0.network == network.name }) {
            guard container.isRunning, existing.isActive else { return }
            throw .daemon(
                "endpoint with name \(container.name) already exists in network \(network.name)", kind: .conflict)
        }
        for endpoint in container.endpoints {
            let other = (try? findNetwork(endpoint.networkID.isEmpty ? endpoint.network : endpoint.networkID))
            let otherDriver = other?.driver ?? ""
            if otherDriver == "host" || network.driver == "host" {
                throw .daemon(
                    "container sharing network namespace with another container or host cannot be connected to any other network",
                    kind: .invalidParameter)
            }
            if endpoint.network == "none" || network.name == "none" {
                throw .daemon(
                    "container cannot be connected to multiple networks with one of the networks in private (none) mode",
                    kind: .invalidParameter)
            }
        }
        if !request.ipv4Address.isEmpty {
            var problems: [String] = []
            if network.isPredefined {
                problems.append("user specified IP address is supported on user defined networks only")
            }
            if let ip = IPv4Address(request.ipv4Address), ip != .any {
                if let problem = Self.staticAddressProblem(ip, on: network) { problems.append(problem) }
            } else {
                problems.append("invalid IPv4 address: \(request.ipv4Address)")
            }
            if !problems.isEmpty {
                throw .daemon(
                    problems.count == 1 ? problems[0] : "* " + problems.joined(separator: "\n* "),
                    kind: .invalidParameter)
            }
        }
        if network.isPredefined && !(request.aliases ?? []).isEmpty {
            throw .daemon(
                "network-scoped alias is supported only for containers in user defined networks",
                kind: .invalidParameter)
        }
        var endpoint = NetworkEndpoint(network: network.name, networkID: "", request: request)
        if container.isRunning {
            let interface = container.endpoints.filter { $0.interface != nil }.count
            endpoint = try join(container, endpoint, network: network, interface: interface)
        }
        containers[containerID]?.endpoints.append(endpoint)
        if container.isRunning {
            writeNetworkFiles(containerID)
            logNetwork(network, "connect", [EngineEvent.Attribute(key: "container", value: containerID)])
        }
    }

    /// `docker network disconnect`.
    public mutating func disconnect(_ containerID: String, from term: String, force: Bool = false) throws(DockerError) {
        settle()
        guard let container = containers[containerID] else { throw Self.noSuchContainer(containerID) }
        let found: Network?
        do {
            found = try findNetwork(term)
        } catch {
            if container.isRunning && !force { throw error }
            found = nil
        }
        let name = found?.name ?? term
        guard let index = container.endpoints.firstIndex(where: { $0.network == name }) else {
            if container.isRunning {
                throw .daemon("container \(container.id) is not connected to network \(name)", kind: .conflict)
            }
            throw .daemon("container \(container.id) is not connected to the network \(name)", kind: .conflict)
        }
        if container.isRunning && container.hostConfig.networkMode == "host" && found?.driver == "host" {
            throw .daemon(
                "cannot disconnect container from host network - container was created in host network mode",
                kind: .invalidParameter)
        }
        let endpoint = container.endpoints[index]
        releaseLease(endpoint, containerID: containerID)
        containers[containerID]?.endpoints.remove(at: index)
        if container.isRunning {
            if containers[containerID]?.endpoints.allSatisfy({ !$0.isActive }) == true {
                releasePorts(containerID)
            }
            writeNetworkFiles(containerID)
            if let found {
                logNetwork(found, "disconnect", [EngineEvent.Attribute(key: "container", value: containerID)])
            }
        }
    }

    mutating func releasePorts(_ id: String) {
        guard let container = containers[id] else { return }
        for published in container.ports {
            for binding in published.bindings {
                guard let port = Int(binding.hostPort) else { continue }
                hostPorts.release(address: binding.hostIP, proto: published.port.proto, port: port)
            }
        }
        containers[id]?.ports = []
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Engine {
    /// What must hold between networks, endpoints, leases and host ports: names and IDs agree;
    /// every address lease is a running container's endpoint and every live endpoint with an
    /// address holds its lease; the attachment index lists exactly the live endpoints; the host
    /// ports taken are exactly the running containers' bindings.
    func networkViolations() -> [String] {
        var problems: [String] = []
        for (name, id) in networkNames where networks[id]?.name != name {
            problems.append("network name \(name) points to missing network \(id.prefix(12))")
        }
        for network in networks.values where networkNames[network.name] != network.id {
            problems.append("network \(network.name) not indexed by name")
        }
        var expectedLeases: [IDKey: [IPv4Address: String]] = [:]
        var expectedAttachments: [IDKey: Set<IDKey>] = [:]
        var expectedPorts: [String: [String: Set<Int>]] = [:]
        for container in containers.values {
            for endpoint in container.endpoints where endpoint.isActive {
                if !container.isRunning {
                    problems.append(
                        "container \(container.shortID): live endpoint on \(endpoint.network) while stopped")
                }
                if networks[endpoint.networkID] == nil {
                    problems.append("container \(container.shortID): endpoint on missing network \(endpoint.network)")
                }
                expectedAttachments[IDKey(endpoint.networkID), default: []].insert(IDKey(container.id))
                if let address = endpoint.address {
                    if expectedLeases[IDKey(endpoint.networkID)]?[address] != nil {
                        problems.append("address \(address) held twice on \(endpoint.network)")
                    }
                    expectedLeases[IDKey(endpoint.networkID), default: [:]][address] = container.id
                }
            }
            for published in container.ports {
                for binding in published.bindings {
                    guard let port = Int(binding.hostPort) else { continue }
                    expectedPorts[binding.hostIP, default: [:]][published.port.proto, default: []].insert(port)
                }
            }
            if !container.isRunning && (!container.ports.isEmpty || container.hasSandbox) {
                problems.append("container \(container.shortID): ports or sandbox while stopped")
            }
        }
        if expectedLeases != leases { problems.append("address leases do not match the live endpoints") }
        if expectedAttachments != attachments {
            problems.append("network attachments do not match the live endpoints")
        }
        if expectedPorts != hostPorts.taken { problems.append("host ports taken do not match the bindings") }
        return problems
    }
}
