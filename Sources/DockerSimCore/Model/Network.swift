// Sources: moby api/types/network/network.go (Inspect, IPAM), api/types/network/endpoint.go
// (EndpointSettings), daemon/network.go (buildNetworkResource, buildIPAMResources),
// daemon/daemon_unix.go (the default bridge's options), v28.5.1.

/// A docker network: the three predefined ones (`bridge`, `host`, `none`) and the bridges a
/// user creates. Engine state: containers join it through ``NetworkEndpoint``s.
public struct Network: Sendable, Equatable {
    /// 64 hex characters.
    public let id: String
    public let name: String
    /// `bridge`, `host` or `null` (`none`'s driver).
    public let driver: String
    public let scope: String
    public let created: Timestamp
    public var enableIPv4 = true
    public var enableIPv6 = false
    public var ipam: IPAMSettings
    public var isInternal = false
    public var attachable = false
    public var ingress = false
    public var configOnly = false
    public var configFrom = ""
    /// Driver options (`-o`); the default bridge's are docker's own.
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// The index of its Linux bridge on the host (`ip a`), nil for `host` and `none`.
    public var deviceIndex: Int?

    public init(
        id: String, name: String, driver: String, created: Timestamp, ipam: IPAMSettings, scope: String = "local"
    ) {
        self.id = id
        self.name = name
        self.driver = driver
        self.created = created
        self.ipam = ipam
        self.scope = scope
    }

    /// The names docker creates at start and never removes.
    public static let predefinedNames: Set<String> = ["bridge", "host", "none"]

    public var isPredefined: Bool { Self.isPredefinedName(name) }

    /// Whether `name` is one of ``predefinedNames``, by a switch (the same `==`) instead of a
    /// hashed look-up: every container's start and removal asks it of its networks.
    public static func isPredefinedName(_ name: String) -> Bool {
        switch name {
        case "bridge", "host", "none": true
        default: false
        }
    }

    /// The default bridge (`docker0`): no embedded DNS, legacy links.
    public var isDefaultBridge: Bool { name == "bridge" }

    /// A bridge network the user created (it has the embedded DNS server 127.0.0.11).
    public var isUserDefined: Bool { !isPredefined }

    /// The Linux bridge on the host: `docker0`, or `br-` and the short ID.
    public var bridgeDevice: String? {
        guard driver == "bridge" else { return nil }
        return isDefaultBridge ? "docker0" : "br-" + id.prefix(12)
    }

    /// The IPv4 subnet containers get addresses from.
    public var subnet: IPv4Subnet? { ipam.pools.first?.subnet }

    /// The gateway (the host's address on the bridge).
    public var gateway: IPv4Address? { ipam.pools.first?.gateway }
}

/// `IPAM` of a network: the driver, its options and the address pools.
public struct IPAMSettings: Sendable, Equatable {
    public var driver = "default"
    /// nil prints `null` (networks docker creates itself), else an object.
    public var options: [String: String]?
    /// The pools as configured (`--subnet`…); empty when docker picked one.
    public var configured: [IPAMPool] = []
    /// The pools in use: the configured ones, or the one docker picked.
    public var pools: [IPAMPool] = []

    public init(driver: String = "default", options: [String: String]? = nil) {
        self.driver = driver
        self.options = options
    }
}

/// One address pool: a subnet, its gateway, an optional sub-range containers get addresses from.
public struct IPAMPool: Sendable, Equatable {
    public var subnet: IPv4Subnet
    /// The gateway in use (configured, or the first address of the subnet).
    public var gateway: IPv4Address?
    /// The gateway as configured (`--gateway`), nil when docker chose it.
    public var configuredGateway: IPv4Address?
    public var ipRange: IPv4Subnet?
    public var auxAddresses: [String: String] = [:]

    public init(
        subnet: IPv4Subnet, gateway: IPv4Address?, configuredGateway: IPv4Address? = nil, ipRange: IPv4Subnet? = nil
    ) {
        self.subnet = subnet
        self.gateway = gateway
        self.configuredGateway = configuredGateway
        self.ipRange = ipRange
    }

    /// The addresses containers may get: the range if given, else the subnet.
    public var allocationRange: IPv4Subnet { ipRange ?? subnet }
}

/// What `docker network create` asks for (the API's `CreateRequest`).
public struct NetworkCreateRequest: Sendable, Equatable {
    public var name: String
    public var driver = "bridge"
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]
    public var isInternal = false
    public var attachable = false
    public var ingress = false
    public var enableIPv4: Bool?
    public var enableIPv6: Bool?
    public var scope = ""
    public var configOnly = false
    public var configFrom = ""
    public var ipamDriver = "default"
    public var ipamOptions: [String: String] = [:]
    /// `--subnet`/`--gateway`/`--ip-range` as typed, one entry per subnet.
    public var pools: [IPAMPoolRequest] = []

    public init(name: String) { self.name = name }
}

/// One `--subnet` with its `--gateway` and `--ip-range`, as typed.
public struct IPAMPoolRequest: Sendable, Equatable {
    public var subnet: String
    public var gateway = ""
    public var ipRange = ""
    public var auxAddresses: [String: String] = [:]

    public init(subnet: String, gateway: String = "", ipRange: String = "") {
        self.subnet = subnet
        self.gateway = gateway
        self.ipRange = ipRange
    }
}

/// What a container asks of one network (`--network`, `--ip`, `--network-alias`, `network
/// connect` options): docker's `EndpointSettings` configuration part.
public struct EndpointRequest: Sendable, Equatable {
    /// `--ip`.
    public var ipv4Address = ""
    /// `--network-alias`; nil when none.
    public var aliases: [String]?
    /// `--link` on a user network.
    public var links: [String]?

    public init(ipv4Address: String = "", aliases: [String]? = nil, links: [String]? = nil) {
        self.ipv4Address = ipv4Address
        self.aliases = aliases
        self.links = links
    }

    public var isEmpty: Bool { ipv4Address.isEmpty && aliases == nil && links == nil }
}

/// A container's attachment to one network (docker's `EndpointSettings`): what was asked,
/// and while the container runs, its endpoint: address, gateway, MAC.
public struct NetworkEndpoint: Sendable, Equatable {
    /// The network's name (the key of `NetworkSettings.Networks`).
    public var network: String
    public var networkID: String
    public var request: EndpointRequest
    /// Names the embedded DNS answers for (user networks only; nil elsewhere).
    public var dnsNames: [String]?

    // Operational data: set while the container runs.
    /// What the endpoint's ID is the SHA-256 of (`dockersim-endpoint:CONTAINER:NETWORK:SERIAL`),
    /// empty while stopped: the ID, and the MAC address drawn from it, are computed when read
    /// (inspect, `ip`), not on every start.
    var endpointSeed = ""
    /// Whether the endpoint has a MAC address (it is on a bridge network).
    var hasMACAddress = false
    /// The endpoint's ID (64 hex digits), empty while stopped.
    public var endpointID: String { endpointSeed.isEmpty ? "" : Digest.sha256(of: endpointSeed).hex }
    public var address: IPv4Address?
    public var prefixLength = 0
    public var gateway: IPv4Address?
    /// A locally administered MAC address drawn from the endpoint ID; empty without one.
    public var macAddress: String {
        hasMACAddress ? Engine.macAddress(Digest.sha256(of: "dockersim-mac:" + endpointID).hex) : ""
    }
    /// The interface inside the container (`eth0`, `eth1`…), nil while stopped or without one.
    public var interface: String?
    /// The interface's index in the container (`4: eth0@if5`); its host side is the next one.
    public var interfaceIndex: Int?

    public init(network: String, networkID: String, request: EndpointRequest = EndpointRequest()) {
        self.network = network
        self.networkID = networkID
        self.request = request
    }

    /// Whether it is live (the container runs and joined the network).
    public var isActive: Bool { !endpointSeed.isEmpty }

    /// Clears what only exists while the container runs (moby's `cleanOperationalData`).
    public mutating func clearOperationalData() {
        endpointSeed = ""
        address = nil
        prefixLength = 0
        gateway = nil
        hasMACAddress = false
        interface = nil
        interfaceIndex = nil
    }
}

/// A published port while the container runs: container port and its host bindings, in the
/// order libnetwork made them (IPv4 then IPv6 for each).
public struct PublishedPort: Sendable, Equatable {
    public var port: ContainerPort
    /// Empty for a port exposed but not published.
    public var bindings: [PortBinding]

    public init(port: ContainerPort, bindings: [PortBinding]) {
        self.port = port
        self.bindings = bindings
    }
}
