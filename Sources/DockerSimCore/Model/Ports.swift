// Sources: docker/go-connections nat/nat.go and nat/parse.go (vendored by docker/cli v28.5.1),
// docker/cli cli/command/container/opts.go (`-p`, `--expose`), moby libnetwork/portallocator.

/// A container port with its protocol (`80/tcp`), as `ExposedPorts` and `PortBindings` key it.
public struct ContainerPort: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var port: Int
    public var proto: String

    public init(_ port: Int, _ proto: String = "tcp") {
        self.port = port
        self.proto = proto
    }

    /// Parses `80/tcp` or `80` (tcp).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let port = Int(parts[0]), (0...65535).contains(port) else { return nil }
        self.port = port
        self.proto = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : "tcp"
    }

    public var description: String { "\(port)/\(proto)" }

    /// nat's sort: by port number, then protocol (tcp < udp < sctp in libnetwork's order).
    public static func < (lhs: ContainerPort, rhs: ContainerPort) -> Bool {
        if lhs.port != rhs.port { return lhs.port < rhs.port }
        return Self.protoRank(lhs.proto) < Self.protoRank(rhs.proto)
    }

    static func protoRank(_ proto: String) -> Int { ["tcp": 0, "udp": 1, "sctp": 2][proto] ?? 3 }
}

/// `-p` as the CLI parses it: one container port and its requested host binding.
public struct PortMapping: Sendable, Equatable {
    public var port: ContainerPort
    public var binding: PortBinding
}

/// Port-spec parsing with the CLI's error texts (they are printed after `docker: `).
public enum PortSpec {
    /// `nat.ParsePortSpec`: `[ip:][hostPort:]containerPort[/proto]`, ranges allowed
    /// (`8000-8002:80-82`, `8000-8010:80` picks one free host port in the range).
    public static func parse(_ raw: String) throws(DockerError) -> [PortMapping] {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var ip = ""
        var hostPort = ""
        var containerPart = ""
        switch parts.count {
        case 1: containerPart = parts[0]
        case 2: (hostPort, containerPart) = (parts[0], parts[1])
        case 3: (ip, hostPort, containerPart) = (parts[0], parts[1], parts[2])
        default:
            ip = parts.dropLast(2).joined(separator: ":")
            (hostPort, containerPart) = (parts[parts.count - 2], parts[parts.count - 1])
        }
        let protoSplit = containerPart.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let containerPort = String(protoSplit[0])
        var proto = protoSplit.count > 1 ? String(protoSplit[1]) : ""
        if containerPort.isEmpty {
            proto = ""
        } else if proto.isEmpty {
            proto = "tcp"
        }
        proto = proto.lowercased()
        guard ["tcp", "udp", "sctp"].contains(proto) else { throw .cli("invalid proto: " + proto) }
        if ip.hasPrefix("[") {
            guard ip.hasSuffix("]"), ip.count >= 2 else {
                throw .cli("invalid IP address \(ip): address \(ip): missing ']' in address")
            }
            ip = String(ip.dropFirst().dropLast())
        }
        if !ip.isEmpty && !isIPAddress(ip) { throw .cli("invalid IP address: " + ip) }
        if containerPort.isEmpty { throw .cli("no port specified: \(raw)<empty>") }
        guard let (start, end) = try? range(containerPort) else {
            throw .cli("invalid containerPort: " + containerPort)
        }
        var hostStart = 0
        var hostEnd = 0
        if !hostPort.isEmpty {
            guard let (low, high) = try? range(hostPort) else { throw .cli("invalid hostPort: " + hostPort) }
            (hostStart, hostEnd) = (low, high)
            if end - start != hostEnd - hostStart, end != start {
                throw .cli(
                    "invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
            }
        }
        let count = end - start + 1
        var mappings: [PortMapping] = []
        for offset in 0..<count {
            var host = ""
            if !hostPort.isEmpty {
                host = String(hostStart + offset)
                if count == 1 && hostStart != hostEnd { host += "-\(hostEnd)" }
            }
            mappings.append(
                PortMapping(
                    port: ContainerPort(start + offset, proto), binding: PortBinding(hostIP: ip, hostPort: host)))
        }
        return mappings
    }

    /// `--expose 80`, `--expose 8000-8002/udp`: the ports it exposes.
    public static func expose(_ raw: String) throws(DockerError) -> [ContainerPort] {
        if raw.contains(":") { throw .cli("invalid port format for --expose: " + raw) }
        let parts = raw.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let port = String(parts[0])
        var proto = parts.count > 1 ? String(parts[1]) : ""
        if proto.isEmpty { proto = "tcp" }
        do {
            let (start, end) = try range(port)
            return (start...end).map { ContainerPort($0, proto) }
        } catch {
            throw .cli("invalid range format for --expose: \(raw), error: \(error.message)")
        }
    }

    /// `nat.ParsePortRange`: `80` or `8000-8010`, with Go's `strconv` errors.
    public static func range(_ text: String) throws(DockerError) -> (Int, Int) {
        if text.isEmpty { throw .cli("empty string specified for ports") }
        guard text.contains("-") else {
            let value = try parseUint16(text)
            return (value, value)
        }
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let start = try parseUint16(pieces[0])
        let end = try parseUint16(pieces[1])
        if end < start { throw .cli("invalid range specified for port: " + text) }
        return (start, end)
    }

    /// `strconv.ParseUint(s, 10, 16)` with its error text.
    static func parseUint16(_ text: String) throws(DockerError) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .cli("strconv.ParseUint: parsing \(goQuote(text)): invalid syntax")
        }
        guard text.count <= 5, let value = Int(text), value <= 65535 else {
            throw .cli("strconv.ParseUint: parsing \(goQuote(text)): value out of range")
        }
        return value
    }

    /// Go's `net.ParseIP`: IPv4 dotted quads or IPv6 text.
    public static func isIPAddress(_ text: String) -> Bool {
        IPv4Address(text) != nil || isIPv6(text)
    }

    /// A loose check of IPv6 text (hex groups, at most one `::`, optional trailing IPv4).
    public static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), !text.contains(":::") else { return false }
        let doubles = text.pieces(separatedBy: "::").count - 1
        guard doubles <= 1 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        var budget = 8
        if let last = groups.last, last.contains(".") {
            guard IPv4Address(last) != nil else { return false }
            groups.removeLast()
            budget = 6
        }
        guard groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return doubles == 1 ? groups.count < budget : groups.count == budget
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func pieces(separatedBy separator: String) -> [String] {
        split(separator: Substring(separator), omittingEmptySubsequences: false).map(String.init)
    }
}

/// libnetwork's port allocator: host ports in use per host address and protocol, and the
/// last port picked in each range (ephemeral ports go on from there, wrapping around).
public struct PortAllocator: Sendable, Equatable {
    /// The kernel's `ip_local_port_range` on a stock Linux host.
    public static let ephemeral = 32768...60999

    /// Host address (`0.0.0.0`, `::`, `127.0.0.1`) → protocol → ports taken.
    public private(set) var taken: [String: [String: Set<Int>]] = [:]
    /// Host address → protocol → range (`begin-end`) → last port handed out.
    var last: [String: [String: [String: Int]]] = [:]

    public init() {}

    static func isV4(_ address: String) -> Bool { IPv4Address(address) != nil }

    /// `RequestPortsInRange`: the same port for every address in `addresses` (`start == end`:
    /// exactly that port; both 0: the ephemeral range). A port is free when no requested
    /// address has it, nor the unspecified address of its family, nor (for an unspecified
    /// address) any address of that family.
    public mutating func request(addresses: [String], proto: String, start: Int, end: Int) -> Result<Int, PortError> {
        var checked: [String] = addresses
        for unspecified in ["0.0.0.0", "::"] {
            let v4 = unspecified == "0.0.0.0"
            if addresses.contains(unspecified) {
                for known in taken.keys.sorted() where Self.isV4(known) == v4 && !checked.contains(known) {
                    checked.append(known)
                }
            } else if addresses.contains(where: { Self.isV4($0) == v4 }) {
                checked.append(unspecified)
            }
        }
        func isTaken(_ port: Int) -> String? {
            checked.first { taken[$0]?[proto]?.contains(port) == true }
        }
        if start > 0 && start == end {
            if let holder = isTaken(start) { return .failure(.allocated(address: holder, port: start)) }
            for address in addresses { taken[address, default: [:]][proto, default: []].insert(start) }
            return .success(start)
        }
        let low = start == 0 ? Self.ephemeral.lowerBound : start
        let high = end == 0 ? Self.ephemeral.upperBound : end
        let key = "\(low)-\(high)"
        let first = addresses.first ?? "0.0.0.0"
        var port = last[first]?[proto]?[key] ?? high
        for _ in low...high {
            port += 1
            if port > high { port = low }
            if isTaken(port) == nil {
                for address in addresses {
                    taken[address, default: [:]][proto, default: []].insert(port)
                    last[address, default: [:]][proto, default: [:]][key] = port
                }
                return .success(port)
            }
        }
        return .failure(.exhausted)
    }

    /// Gives a port back.
    public mutating func release(address: String, proto: String, port: Int) {
        taken[address]?[proto]?.remove(port)
        if taken[address]?[proto]?.isEmpty == true { taken[address]?[proto] = nil }
        if taken[address]?.isEmpty == true { taken[address] = nil }
    }

    /// Why a request failed, with libnetwork's text.
    public enum PortError: Error, Equatable {
        case allocated(address: String, port: Int)
        case exhausted

        public var message: String {
            switch self {
            case .allocated(let address, let port):
                return "Bind for \(address):\(port) failed: port is already allocated"
            case .exhausted: return "all ports are allocated"
            }
        }
    }
}
