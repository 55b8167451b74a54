// How traffic moves in the simulation (no real socket is ever opened): names resolve through the
// origin's own /etc/hosts and /etc/resolv.conf (the embedded DNS 127.0.0.11 answers the names of
// containers on the user networks it shares with the asker, libnetwork/resolver.go), packets
// follow the routes docker sets up (a container reaches the containers of its networks, the host
// through its gateway and the internet through NAT; networks are isolated from each other by
// the DOCKER-ISOLATION chains, so packets between them are dropped), and published ports lead
// from the host's addresses to a container's port (docker-proxy).

import Synchronization

/// Where traffic starts: the student's machine or a container.
public enum TrafficOrigin: Sendable, Hashable {
    case host
    case container(String)
}

/// Where a packet sent to an address ends up.
public enum Hop: Sendable, Equatable {
    /// The origin itself (its loopback or one of its own addresses).
    case local
    /// The Docker host (a bridge's gateway, its LAN address), seen from a container.
    case host
    /// A running container, reached on a network (by name).
    case container(String, network: String)
    /// A public host that answers.
    case internet(IPv4Address)
    /// Nothing ever answers (another docker network, an address nobody has on the internet).
    case silent
    /// On a directly connected network but nobody has the address (ARP fails).
    case noHost
    /// No route (a container on the `none` network).
    case unreachable
}

/// What a name resolved to, and which server said so (nil: `/etc/hosts`).
public enum NameLookup: Sendable, Equatable {
    case found([IPv4Address], server: IPv4Address?)
    /// The server answered that the name does not exist.
    case notFound(server: IPv4Address?)
    /// No nameserver could be reached.
    case noServer

    /// The addresses found (none when the name was not found).
    public var addresses: [IPv4Address] {
        if case .found(let list, _) = self { return list }
        return []
    }
}

/// What answers on a port of a container: its main program's web server, or another service
/// that accepts connections but does not speak HTTP (a database). What a program serves is
/// catalog data (its `web` block); the caller says what listens where (see
/// ``Engine/connect(from:to:port:proto:listeners:)``).
public struct Listener: Sendable, Equatable {
    public var port: ContainerPort
    public var service: Service

    public enum Service: Sendable, Equatable {
        /// An HTTP server (its catalog description).
        case web(ProgramSpec.Web)
        /// A service that accepts connections but does not speak HTTP (`mysql`, `redis`).
        case other(String)
    }

    public init(port: ContainerPort, service: Service) {
        self.port = port
        self.service = service
    }
}

/// The result of opening a TCP connection.
public enum Connection: Sendable, Equatable {
    /// A container's service accepted it; `client` is the address it sees the connection from.
    case open(containerID: String, listener: Listener, client: IPv4Address)
    /// A published port whose container does not listen on its side: docker-proxy accepts and
    /// then closes the connection.
    case reset
    /// Nothing listens: the peer answers with a reset.
    case refused
    /// A public host: what it serves is not simulated.
    case internet(IPv4Address)
    /// No answer ever comes (the connection times out).
    case silent
    case noHost
    case unreachable
}

extension Engine {
    // MARK: - Addresses and routes

    /// Whether the origin shares the host's network stack (the host, or `--network host`).
    public func isHostNamespace(_ origin: TrafficOrigin) -> Bool {
        guard case .container(let id) = origin else { return true }
        return containers[id]?.hostConfig.networkMode == "host"
    }

    /// The host's own addresses: its LAN address and the gateway of every bridge.
    public var hostAddresses: [IPv4Address] {
        [SimulatedHost.lanAddress] + networks.values.compactMap { $0.driver == "bridge" ? $0.gateway : nil }
    }

    /// Where a packet from `origin` to `address` goes (see ``Hop``).
    public func route(from origin: TrafficOrigin, to address: IPv4Address) -> Hop {
        if address.isLoopback { return .local }
        if isHostNamespace(origin) {
            if hostAddresses.contains(address) { return .local }
            return bridgeHop(address) ?? internetHop(address)
        }
        guard case .container(let id) = origin, let container = containers[id], container.isRunning else {
            return .unreachable
        }
        let live = container.endpoints.filter { $0.address != nil }
        if live.isEmpty { return .unreachable }
        if live.contains(where: { $0.address == address }) { return .local }
        for endpoint in live {
            guard let network = networks[endpoint.networkID], let subnet = network.subnet, subnet.contains(address)
            else { continue }
            if address == network.gateway { return .host }
            if let holder = self.container(at: address, on: network.id) {
                return .container(holder.id, network: network.name)
            }
            return .noHost
        }
        if hostAddresses.contains(address) { return .host }
        if networks.values.contains(where: { $0.subnet?.contains(address) == true }) { return .silent }
        if live.allSatisfy({ networks[$0.networkID]?.isInternal == true }) { return .unreachable }
        return internetHop(address)
    }

    /// A container address on one of the bridges, as the host reaches it.
    func bridgeHop(_ address: IPv4Address) -> Hop? {
        for network in networks.values where network.driver == "bridge" {
            guard let subnet = network.subnet, subnet.contains(address) else { continue }
            if let holder = container(at: address, on: network.id) {
                return .container(holder.id, network: network.name)
            }
            return .noHost
        }
        return nil
    }

    func internetHop(_ address: IPv4Address) -> Hop {
        Internet.answers(address) ? .internet(address) : .silent
    }

    // MARK: - Names

    /// The `/etc/hosts` the origin reads now (a container's own file, edits included).
    public func hostsText(_ origin: TrafficOrigin) -> String {
        guard case .container(let id) = origin, let container = containers[id] else { return SimulatedHost.hostsFile }
        return (try? container.fs.read("/etc/hosts", cwd: []).text) ?? nil ?? ""
    }

    /// The nameservers of the origin's `/etc/resolv.conf`.
    public func nameservers(_ origin: TrafficOrigin) -> [IPv4Address] {
        let text: String
        if case .container(let id) = origin, let container = containers[id] {
            text = (try? container.fs.read("/etc/resolv.conf", cwd: []).text) ?? nil ?? ""
        } else {
            text = SimulatedHost.resolvConf
        }
        return TrafficTexts.nameservers(of: text)
    }

    /// The nameservers a `/etc/resolv.conf` of text `text` names, in order.
    static func readNameservers(_ text: String) -> [IPv4Address] {
        text.split(separator: "\n").compactMap { line -> IPv4Address? in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { return nil }
            return IPv4Address(String(words[1]))
        }
    }

    /// The IPv4 addresses `/etc/hosts` gives a name (the first line that has it).
    public func hostsFileAddresses(_ name: String, from origin: TrafficOrigin) -> [IPv4Address] {
        let key = name.lowercased()
        for line in TrafficTexts.hostsLines(of: hostsText(origin)) where line.names.contains(key) {
            return [line.address]
        }
        return []
    }

    /// The lines of a `/etc/hosts` of text `text` that give an address (comments cut off): the
    /// address and the names after it, lowercased.
    static func readHostsLines(_ text: String) -> [TrafficTexts.HostsLine] {
        var lines: [TrafficTexts.HostsLine] = []
        for line in text.split(separator: "\n") {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2, let address = IPv4Address(words[0]) else { continue }
            lines.append(TrafficTexts.HostsLine(address: address, names: words.dropFirst().map { $0.lowercased() }))
        }
        return lines
    }

    /// Resolves a name as the C library does: an address as it is, then `/etc/hosts`, then
    /// each nameserver of `/etc/resolv.conf` in turn.
    public func resolve(_ name: String, from origin: TrafficOrigin) -> NameLookup {
        if let address = IPv4Address(name) { return .found([address], server: nil) }
        let fromFile = hostsFileAddresses(name, from: origin)
        if !fromFile.isEmpty { return .found(fromFile, server: nil) }
        // The first server that answers decides (a "no such name" is an answer).
        for server in nameservers(origin) {
            let answer = query(name, server: server, from: origin)
            if answer != .noServer { return answer }
        }
        return .noServer
    }

    /// One DNS query for a name's A records, asked of `server`.
    public func query(_ name: String, server: IPv4Address, from origin: TrafficOrigin) -> NameLookup {
        if server == Self.embeddedDNS {
            guard case .container(let id) = origin, let container = containers[id], usesEmbeddedDNS(container) else {
                return .noServer
            }
            if let found = embeddedLookup(name, for: container) { return .found(found, server: server) }
            // Names it does not know go to the external servers, from the host's side.
            let external =
                container.hostConfig.dns.isEmpty
                ? SimulatedHost.nameservers.compactMap(IPv4Address.init)
                : container.hostConfig.dns.compactMap(IPv4Address.init)
            for upstream in external where Internet.resolvers.contains(upstream) {
                if let address = Internet.address(of: name) { return .found([address], server: server) }
                return .notFound(server: server)
            }
            return .notFound(server: server)
        }
        switch route(from: origin, to: server) {
        case .internet:
            guard Internet.resolvers.contains(server) else { return .noServer }
            if let address = Internet.address(of: name) { return .found([address], server: server) }
            return .notFound(server: server)
        default:
            return .noServer
        }
    }

    /// The embedded DNS server's answer: the running containers, on the user networks the
    /// asker is on, that have the name (container name, alias, short ID, hostname); from the
    /// first network that has it.
    func embeddedLookup(_ name: String, for container: Container) -> [IPv4Address]? {
        var key = name.lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        for endpoint in container.endpoints where endpoint.isActive {
            guard let network = networks[endpoint.networkID], network.isUserDefined else { continue }
            var found: [IPv4Address] = []
            for other in attachedContainers(network.id) {
                guard let peer = other.endpoint(on: network.name), let address = peer.address,
                    (peer.dnsNames ?? []).contains(where: { $0.lowercased() == key })
                else { continue }
                found.append(address)
            }
            if !found.isEmpty { return found.sorted() }
        }
        return nil
    }

    // MARK: - Listeners and connections

    /// What listens in running containers, by container ID (the processes know it, the
    /// network does not).
    public typealias Listeners = (String) -> [Listener]

    /// Opens a connection from `origin` to `address:port` (see ``Connection``).
    public func connect(
        from origin: TrafficOrigin, to address: IPv4Address, port: Int, proto: String = "tcp",
        listeners: Listeners
    ) -> Connection {
        let hop = route(from: origin, to: address)
        switch hop {
        case .local:
            if isHostNamespace(origin) {
                return hostConnection(address, port: port, proto: proto, listeners: listeners)
            }
            guard case .container(let id) = origin else { return .refused }
            return containerConnection(id, port: port, proto: proto, client: .loopback, listeners: listeners)
        case .host:
            return hostConnection(address, port: port, proto: proto, listeners: listeners)
        case .container(let id, let network):
            let client = clientAddress(origin, network: network)
            return containerConnection(id, port: port, proto: proto, client: client, listeners: listeners)
        case .internet(let ip): return .internet(ip)
        case .silent: return .silent
        case .noHost: return .noHost
        case .unreachable: return .unreachable
        }
    }

    /// A connection to one of the host's addresses: a published port (through docker-proxy,
    /// which the container sees as its network's gateway), or a `--network host` container.
    func hostConnection(_ address: IPv4Address, port: Int, proto: String, listeners: Listeners) -> Connection {
        if let (target, containerPort) = publishedPort(port, proto: proto, hostAddress: address.description) {
            let gateway = target.endpoints.first { $0.address != nil }?.gateway ?? .loopback
            if let listener = running(target.id, listeners).first(where: { $0.port == containerPort }) {
                return .open(containerID: target.id, listener: listener, client: gateway)
            }
            return .reset
        }
        for container in containers.values.sorted(by: { $0.sequence < $1.sequence })
        where container.hostConfig.networkMode == "host" {
            if let listener = running(container.id, listeners).first(where: { $0.port == ContainerPort(port, proto) }) {
                let client: IPv4Address = address.isLoopback ? .loopback : address
                return .open(containerID: container.id, listener: listener, client: client)
            }
        }
        return .refused
    }

    func containerConnection(
        _ id: String, port: Int, proto: String, client: IPv4Address, listeners: Listeners
    ) -> Connection {
        if let listener = running(id, listeners).first(where: { $0.port == ContainerPort(port, proto) }) {
            return .open(containerID: id, listener: listener, client: client)
        }
        return .refused
    }

    /// What listens in a container that runs (a paused one accepts nothing in time).
    func running(_ id: String, _ listeners: Listeners) -> [Listener] {
        containers[id]?.status == .running ? listeners(id) : []
    }

    /// The address a container sees a connection from: the origin's address on that network,
    /// or the network's gateway for the host.
    func clientAddress(_ origin: TrafficOrigin, network: String) -> IPv4Address {
        if case .container(let id) = origin, let endpoint = containers[id]?.endpoint(on: network),
            let address = endpoint.address
        {
            return address
        }
        return (try? findNetwork(network))?.gateway ?? .loopback
    }
}

/// The facts read from the texts of `/etc/resolv.conf` and `/etc/hosts`, for this process:
/// every container of a network holds the same few texts, and each name resolved read its
/// lines again (split as Characters).
///
/// The keys are complete: each fact is a function of its text alone, keyed by its bytes (two
/// Strings Swift finds equal may hold different bytes).
enum TrafficTexts {
    /// A line of `/etc/hosts` that gives an address: the address and the names after it,
    /// lowercased (as a name is compared).
    struct HostsLine: Sendable {
        var address: IPv4Address
        var names: [String]
    }

    /// At most this many texts of each kind are kept; then the memory is emptied.
    static let limit = 256
    private static let resolv = Mutex<[[UInt8]: [IPv4Address]]>([:])
    private static let hosts = Mutex<[[UInt8]: [HostsLine]]>([:])

    static func nameservers(of text: String) -> [IPv4Address] {
        let key = Array(text.utf8)
        if let known = resolv.withLock({ $0[key] }) { return known }
        let made = Engine.readNameservers(text)
        resolv.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[key] = made
        }
        return made
    }

    static func hostsLines(of text: String) -> [HostsLine] {
        let key = Array(text.utf8)
        if let known = hosts.withLock({ $0[key] }) { return known }
        let made = Engine.readHostsLines(text)
        hosts.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[key] = made
        }
        return made
    }
}
