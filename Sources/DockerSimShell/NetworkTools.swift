import DockerSimCore

// The network tools of the simulated machines, resolved and routed through the engine's model
// (``Engine/resolve(_:from:)``, ``Engine/route(from:to:)``, ``Engine/connect(from:to:port:proto:)``):
// no real socket is ever opened. Two flavours, as the images have them: BusyBox 1.36's applets
// (alpine: networking/ping.c, nslookup.c, libiproute) and Debian's programs (iputils ping
// 20221126, curl 7.88.1, GNU wget 1.21.3, glibc getent, iproute2 6.1).

/// What a network tool printed, its status, and how long it took.
public struct ToolResult: Sendable, Equatable {
    public var stdout = ""
    public var stderr = ""
    public var status: Int32 = 0
    /// Seconds of simulated time it took (packets one second apart, timeouts).
    public var seconds: Double = 0

    public init() {}
}

/// The network tools: `ping`, `nslookup`, `getent`, `ip`, `curl`, `wget`.
public enum NetworkTools {
    /// The names the shells dispatch here.
    public static let names: Set<String> = ["ping", "nslookup", "getent", "ip", "curl", "wget"]

    /// BusyBox's applets or the full programs of a Debian system.
    public enum Flavor: Sendable {
        case busybox, gnu
    }

    /// What a tool needs from the shell that runs it.
    public struct Context {
        public var origin: TrafficOrigin
        public var flavor: Flavor
        /// Whether stdout is a terminal (curl's progress meter goes to stderr when it is not).
        public var stdoutIsTerminal: Bool
        /// The language of dockersim's own texts (its "not simulated yet").
        public var language: Language
        /// Saves a downloaded file (`curl -o`, `wget`); returns the error text of a failure.
        public var save: (inout Engine, String, [UInt8]) -> String?

        public init(
            origin: TrafficOrigin, flavor: Flavor, stdoutIsTerminal: Bool, language: Language = .en,
            save: @escaping (inout Engine, String, [UInt8]) -> String?
        ) {
            self.origin = origin
            self.flavor = flavor
            self.stdoutIsTerminal = stdoutIsTerminal
            self.language = language
            self.save = save
        }
    }

    /// Runs a tool; the caller moves the clock by `seconds`.
    public static func run(_ name: String, _ args: [String], context: Context, engine: inout Engine) -> ToolResult {
        switch name {
        case "ping": return ping(args, context, engine)
        case "nslookup": return nslookup(args, context, engine)
        case "getent": return getent(args, context, engine)
        case "ip": return ip(args, context, engine)
        case "curl": return curl(args, context, &engine)
        case "wget": return wget(args, context, &engine)
        default:
            var result = ToolResult()
            result.status = 127
            return result
        }
    }

    /// A deterministic value in `0..<1` for a text (the round-trip times vary, the same way in
    /// every run).
    static func fraction(_ text: String) -> Double {
        let hex = Digest.sha256(of: text).hex.prefix(8)
        return Double(UInt32(hex, radix: 16) ?? 0) / 4_294_967_296
    }

    static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded()
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded) - whole * Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return decimals == 0 ? String(whole) : "\(whole).\(fraction)"
    }

    // MARK: - ping

    static func ping(_ args: [String], _ context: Context, _ engine: Engine) -> ToolResult {
        var result = ToolResult()
        var count: Int?
        var target: String?
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "-c" || arg.hasPrefix("-c") {
                let value = arg == "-c" ? (index < args.count ? args[index] : "") : String(arg.dropFirst(2))
                if arg == "-c" { index += 1 }
                guard let number = Int(value), number > 0 else {
                    if context.flavor == .busybox {
                        result.stderr = "ping: invalid number '\(value)'\n"
                    } else {
                        result.stderr = "ping: invalid argument: '\(value)'\n"
                    }
                    result.status = context.flavor == .busybox ? 1 : 1
                    return result
                }
                count = number
            } else if arg == "-4" || arg == "-q" || arg == "-n" {
                continue
            } else if arg.hasPrefix("-") {
                if ["-W", "-w", "-i", "-s", "-t"].contains(arg) { index += 1 }
                continue
            } else {
                target = arg
            }
        }
        guard let target else {
            if context.flavor == .busybox {
                result.stderr =
                    "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n"
            } else {
                result.stderr = "ping: usage error: Destination address required\n"
            }
            result.status = context.flavor == .busybox ? 1 : 1
            return result
        }
        let address: IPv4Address
        switch engine.resolve(target, from: context.origin) {
        case .found(let list, _) where !list.isEmpty:
            address = list[0]
        default:
            if context.flavor == .busybox {
                result.stderr = "ping: bad address '\(target)'\n"
                result.status = 1
            } else {
                result.stderr = "ping: \(target): Name or service not known\n"
                result.status = 2
            }
            return result
        }
        // One packet a second: a count past the foreground time limit is stopped there, as
        // Ctrl-C would (the fuzzer's `ping -c 14294967296` once asked for 114 GB of times).
        let cap = max(1, Int(min(engine.limits.foregroundSeconds, 1e9)) + 1)
        let interrupted = count == nil || (count ?? 0) > cap
        let packets = min(count ?? 4, cap)
        let hop = engine.route(from: context.origin, to: address)
        var ttl = 64
        var base = 0.04
        var spread = 0.09
        var replies = true
        switch hop {
        case .internet:
            ttl = engine.isHostNamespace(context.origin) ? 54 : 53
            base = 9.5
            spread = 3
        case .local:
            base = 0.02
            spread = 0.04
        case .silent, .noHost: replies = false
        case .unreachable:
            if context.flavor == .busybox {
                result.stdout = "PING \(target) (\(address)): 56 data bytes\n"
                result.stderr = "ping: sendto: Network unreachable\n"
            } else {
                result.stderr = "ping: connect: Network is unreachable\n"
                result.status = 2
                return result
            }
            result.status = 1
            return result
        default: break
        }
        let origin = "\(context.origin)"
        let times = (0..<packets).map { seq in
            base + spread * fraction("\(origin)>\(address)#\(seq)@\(engine.now.seconds)")
        }
        if context.flavor == .busybox {
            result.stdout = "PING \(target) (\(address)): 56 data bytes\n"
            if replies {
                for (seq, time) in times.enumerated() {
                    result.stdout +=
                        "64 bytes from \(address): seq=\(seq) ttl=\(ttl) time=\(format(time, decimals: 3)) ms\n"
                }
            }
            if interrupted { result.stdout += "^C" }
            let received = replies ? packets : 0
            result.stdout += "\n--- \(target) ping statistics ---\n"
            result.stdout +=
                "\(packets) packets transmitted, \(received) packets received, \(replies ? 0 : 100)% packet loss\n"
            if replies, let low = times.min(), let high = times.max() {
                let average = times.reduce(0, +) / Double(times.count)
                result.stdout +=
                    "round-trip min/avg/max = \(format(low, decimals: 3))/\(format(average, decimals: 3))/\(format(high, decimals: 3)) ms\n"
            }
        } else {
            result.stdout = "PING \(target) (\(address)) 56(84) bytes of data.\n"
            let from = IPv4Address(target) == nil ? "\(address) (\(address))" : "\(address)"
            if replies {
                for (seq, time) in times.enumerated() {
                    result.stdout +=
                        "64 bytes from \(from): icmp_seq=\(seq + 1) ttl=\(ttl) time=\(iputilsTime(time)) ms\n"
                }
            } else if hop == .noHost {
                for seq in 0..<packets {
                    result.stdout +=
                        "From \(engine.route(from: context.origin, to: address) == .noHost ? gatewayText(engine, context.origin, address) : "") icmp_seq=\(seq + 1) Destination Host Unreachable\n"
                }
            }
            if interrupted { result.stdout += "^C" }
            let received = replies ? packets : 0
            let elapsed = (packets - 1) * 1000 + Int(fraction("\(origin)>\(address)@\(engine.now.seconds)") * 60)
            result.stdout += "\n--- \(target) ping statistics ---\n"
            let errors = !replies && hop == .noHost ? " +\(packets) errors," : ""
            result.stdout +=
                "\(packets) packets transmitted, \(received) received,\(errors) \(replies ? 0 : 100)% packet loss, time \(elapsed)ms\n"
            if replies, let low = times.min(), let high = times.max() {
                let average = times.reduce(0, +) / Double(times.count)
                let deviation =
                    (times.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(times.count)).squareRoot()
                result.stdout +=
                    "rtt min/avg/max/mdev = \(format(low, decimals: 3))/\(format(average, decimals: 3))/\(format(high, decimals: 3))/\(format(deviation, decimals: 3)) ms\n"
            } else {
                result.stdout += "\n"
            }
        }
        if interrupted {
            let note = Message(
                en: "dockersim: ping without -c stops after \(packets) packets, as with Ctrl-C",
                es: "dockersim: ping sin -c se detiene tras \(packets) paquetes, como con Ctrl-C")
            result.stderr += note.text(context.language) + "\n"
        }
        result.status = replies ? 0 : 1
        result.seconds = Double(packets - (replies ? 1 : 0))
        return result
    }

    /// The address an iputils "Destination Host Unreachable" comes from (the origin's own
    /// address on that network).
    static func gatewayText(_ engine: Engine, _ origin: TrafficOrigin, _ address: IPv4Address) -> String {
        if case .container(let id) = origin, let container = engine.containers[id] {
            for endpoint in container.endpoints {
                if let network = engine.networks[endpoint.networkID], network.subnet?.contains(address) == true,
                    let own = endpoint.address
                {
                    return own.description
                }
            }
        }
        for network in engine.networks.values where network.subnet?.contains(address) == true {
            if let gateway = network.gateway { return gateway.description }
        }
        return SimulatedHost.lanAddress.description
    }

    /// iputils' precision: three decimals under 1 ms, two under 10, one under 100.
    static func iputilsTime(_ ms: Double) -> String {
        if ms < 1 { return format(ms, decimals: 3) }
        if ms < 10 { return format(ms, decimals: 2) }
        if ms < 100 { return format(ms, decimals: 1) }
        return format(ms, decimals: 0)
    }

    // MARK: - nslookup (BusyBox)

    static func nslookup(_ args: [String], _ context: Context, _ engine: Engine) -> ToolResult {
        var result = ToolResult()
        let words = args.filter { !$0.hasPrefix("-") }
        guard let name = words.first, words.count <= 2 else {
            result.stderr =
                "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any\n"
            result.status = 1
            return result
        }
        var servers: [IPv4Address] = []
        if words.count == 2 {
            guard let server = IPv4Address(words[1]) ?? engine.resolve(words[1], from: context.origin).addresses.first
            else {
                result.stderr = "nslookup: can't resolve '\(words[1])'\n"
                result.status = 1
                return result
            }
            servers = [server]
        } else {
            servers = engine.nameservers(context.origin)
            if servers.isEmpty { servers = [.loopback] }
        }
        let asked = IPv4Address(name).map { address -> String in
            let b = address.bytes
            return "\(b[3]).\(b[2]).\(b[1]).\(b[0]).in-addr.arpa"
        }
        for server in servers {
            let answer: NameLookup =
                asked != nil ? .notFound(server: server) : engine.query(name, server: server, from: context.origin)
            if answer == .noServer {
                result.seconds += 10
                continue
            }
            result.stdout += "Server:\t\t\(server)\nAddress:\t\(server):53\n\n"
            switch answer {
            case .found(let addresses, _):
                result.stdout += "Non-authoritative answer:\n\n"
                result.stdout += "Non-authoritative answer:\n"
                for address in addresses { result.stdout += "Name:\t\(name)\nAddress: \(address)\n" }
                result.stdout += "\n"
            default:
                let shown = asked ?? name
                result.stdout += "** server can't find \(shown): NXDOMAIN\n\n"
                if asked == nil { result.stdout += "** server can't find \(shown): NXDOMAIN\n\n" }
                result.status = 1
            }
            return result
        }
        result.stdout += ";; connection timed out; no servers could be reached\n\n"
        result.status = 1
        return result
    }

    // MARK: - getent (glibc)

    static func getent(_ args: [String], _ context: Context, _ engine: Engine) -> ToolResult {
        var result = ToolResult()
        guard let database = args.first else {
            result.stderr =
                "getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more information.\n"
            result.status = 1
            return result
        }
        guard database == "hosts" || database == "ahosts" else {
            result.stderr = Message.notSimulated("getent \(database)").text(context.language) + "\n"
            result.status = 1
            return result
        }
        var status: Int32 = 0
        for key in args.dropFirst() {
            if let address = IPv4Address(key) {
                let names = hostsLine(address, engine.hostsText(context.origin))
                if let names {
                    result.stdout += pad15(address.description) + " " + names + "\n"
                } else {
                    status = 2
                }
                continue
            }
            // gethostbyname2: IPv6 first (localhost is ::1), then IPv4.
            let text = engine.hostsText(context.origin)
            if let line = hostsEntry(key, text, ipv6: true) {
                result.stdout += pad15(line.address) + " " + line.names + "\n"
                continue
            }
            if let line = hostsEntry(key, text, ipv6: false) {
                result.stdout += pad15(line.address) + " " + line.names + "\n"
                continue
            }
            if case .found(let addresses, _) = engine.resolve(key, from: context.origin), let first = addresses.first {
                result.stdout += pad15(first.description) + " " + key + "\n"
                continue
            }
            status = 2
        }
        result.status = status
        return result
    }

    static func pad15(_ text: String) -> String {
        text.count >= 15 ? text : text + String(repeating: " ", count: 15 - text.count)
    }

    /// The first `/etc/hosts` line of that family that has `name`: its address and its names.
    static func hostsEntry(_ name: String, _ text: String, ipv6: Bool) -> (address: String, names: String)? {
        for line in text.split(separator: "\n") {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2, (IPv4Address(words[0]) == nil) == ipv6, words[0].contains(":") == ipv6 else {
                continue
            }
            if words.dropFirst().contains(where: { $0.lowercased() == name.lowercased() }) {
                return (words[0], words.dropFirst().joined(separator: " "))
            }
        }
        return nil
    }

    /// The names of the first `/etc/hosts` line for an address.
    static func hostsLine(_ address: IPv4Address, _ text: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.count >= 2, IPv4Address(words[0]) == address { return words.dropFirst().joined(separator: " ") }
        }
        return nil
    }

    // MARK: - ip

    /// One interface as `ip` shows it.
    struct Interface {
        var index: Int
        var name: String
        var peer: Int?
        var flags: String
        var mtu: Int
        var qdisc: String
        var state: String
        var queue: Int?
        var master: String?
        var linkType: String
        var mac: String
        var broadcast: String
        var inet: [(address: String, broadcast: String?, scope: String)]
        var inet6: [(address: String, scope: String)]
    }

    static func ip(_ args: [String], _ context: Context, _ engine: Engine) -> ToolResult {
        var result = ToolResult()
        let words = args.filter { $0 != "-4" }
        guard let object = words.first else {
            result.stderr =
                context.flavor == .busybox
                ? "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n"
                : "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
            result.status = context.flavor == .busybox ? 1 : 255
            return result
        }
        let interfaces = self.interfaces(context, engine)
        if "address".hasPrefix(object) && !object.isEmpty {
            for interface in interfaces { result.stdout += render(interface, context.flavor, addresses: true) }
            return result
        }
        if "link".hasPrefix(object) && !object.isEmpty {
            for interface in interfaces { result.stdout += render(interface, context.flavor, addresses: false) }
            return result
        }
        if "route".hasPrefix(object) && !object.isEmpty {
            result.stdout = routes(context, engine)
            return result
        }
        result.stderr = Message.notSimulated("ip \(object)").text(context.language) + "\n"
        result.status = 1
        return result
    }

    static func render(_ interface: Interface, _ flavor: Flavor, addresses: Bool) -> String {
        var text = "\(interface.index): \(interface.name)"
        text += interface.peer.map { "@if\($0): " } ?? ": "
        text += "<\(interface.flags)> mtu \(interface.mtu) qdisc \(interface.qdisc) "
        if let master = interface.master { text += "master \(master) " }
        text += "state \(interface.state) "
        if flavor == .gnu { text += "group default " }
        if let queue = interface.queue { text += "qlen \(queue)" }
        text += "\n    link/\(interface.linkType) \(interface.mac) brd \(interface.broadcast)"
        if flavor == .gnu && interface.peer != nil && interface.name.hasPrefix("veth") { text += " link-netnsid 0" }
        text += "\n"
        guard addresses else { return text }
        for inet in interface.inet {
            text += "    inet \(inet.address) "
            if let broadcast = inet.broadcast { text += "brd \(broadcast) " }
            text += "scope \(inet.scope) \(interface.name)\n       valid_lft forever preferred_lft forever\n"
        }
        for inet6 in interface.inet6 {
            text += "    inet6 \(inet6.address) scope \(inet6.scope) \n       valid_lft forever preferred_lft forever\n"
        }
        return text
    }

    static func loopback(_ flavor: Flavor) -> Interface {
        Interface(
            index: 1, name: "lo", peer: nil, flags: "LOOPBACK,UP,LOWER_UP", mtu: 65536, qdisc: "noqueue",
            state: "UNKNOWN", queue: 1000, master: nil, linkType: "loopback", mac: "00:00:00:00:00:00",
            broadcast: "00:00:00:00:00:00", inet: [("127.0.0.1/8", nil, "host")],
            inet6: [(flavor == .gnu ? "::1/128" : "::1/128", "host")])
    }

    /// The interfaces of the origin's network namespace.
    static func interfaces(_ context: Context, _ engine: Engine) -> [Interface] {
        var list = [loopback(context.flavor)]
        if engine.isHostNamespace(context.origin) {
            list.append(
                Interface(
                    index: 2, name: "eth0", peer: nil, flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1500,
                    qdisc: "fq_codel", state: "UP", queue: 1000, master: nil, linkType: "ether",
                    mac: hashedMAC("host-eth0", engine), broadcast: "ff:ff:ff:ff:ff:ff",
                    inet: [
                        (
                            "\(SimulatedHost.lanAddress)/\(SimulatedHost.lanPrefixLength)",
                            IPv4Subnet(SimulatedHost.lanAddress, prefixLength: SimulatedHost.lanPrefixLength).broadcast
                                .description, "global"
                        )
                    ], inet6: []))
            var devices: [Interface] = []
            for network in engine.networks.values where network.driver == "bridge" {
                guard let index = network.deviceIndex, let device = network.bridgeDevice, let subnet = network.subnet,
                    let gateway = network.gateway
                else { continue }
                let used = !engine.attachedContainers(network.id).isEmpty
                devices.append(
                    Interface(
                        index: index, name: device, peer: nil,
                        flags: used ? "BROADCAST,MULTICAST,UP,LOWER_UP" : "NO-CARRIER,BROADCAST,MULTICAST,UP",
                        mtu: 1500, qdisc: "noqueue", state: used ? "UP" : "DOWN", queue: nil, master: nil,
                        linkType: "ether", mac: hashedMAC("bridge-" + network.id, engine),
                        broadcast: "ff:ff:ff:ff:ff:ff",
                        inet: [("\(gateway)/\(subnet.prefixLength)", subnet.broadcast.description, "global")],
                        inet6: []))
                for container in engine.attachedContainers(network.id) {
                    guard let endpoint = container.endpoint(on: network.name), let own = endpoint.interfaceIndex
                    else { continue }
                    devices.append(
                        Interface(
                            index: own + 1, name: "veth" + Digest.sha256(of: endpoint.endpointID).hex.prefix(7),
                            peer: own, flags: "BROADCAST,MULTICAST,UP,LOWER_UP", mtu: 1500, qdisc: "noqueue",
                            state: "UP", queue: nil, master: device, linkType: "ether",
                            mac: hashedMAC("veth-" + endpoint.endpointID, engine), broadcast: "ff:ff:ff:ff:ff:ff",
                            inet: [], inet6: []))
                }
            }
            list += devices.sorted { $0.index < $1.index }
            return list
        }
        guard case .container(let id) = context.origin, let container = engine.containers[id] else { return list }
        for endpoint in container.endpoints {
            guard let name = endpoint.interface, let index = endpoint.interfaceIndex, let address = endpoint.address,
                let subnet = engine.networks[endpoint.networkID]?.subnet
            else { continue }
            let broadcast = IPv4Subnet(address, prefixLength: endpoint.prefixLength).broadcast
            list.append(
                Interface(
                    index: index, name: name, peer: index + 1,
                    flags: context.flavor == .busybox
                        ? "BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN" : "BROADCAST,MULTICAST,UP,LOWER_UP",
                    mtu: 1500, qdisc: "noqueue", state: "UP", queue: nil, master: nil, linkType: "ether",
                    mac: endpoint.macAddress, broadcast: "ff:ff:ff:ff:ff:ff",
                    inet: [("\(address)/\(subnet.prefixLength)", broadcast.description, "global")], inet6: []))
        }
        return list
    }

    static func hashedMAC(_ text: String, _ engine: Engine) -> String {
        let hex = Array(Digest.sha256(of: "dockersim-mac:\(engine.seed):\(text)").hex.prefix(12))
        var pairs = stride(from: 0, to: 12, by: 2).map { String(hex[$0..<$0 + 2]) }
        if let first = UInt8(pairs[0], radix: 16) {
            let fixed = String((first & 0xFE) | 0x02, radix: 16)
            pairs[0] = fixed.count == 1 ? "0" + fixed : fixed
        }
        return pairs.joined(separator: ":")
    }

    /// `ip route`: the default route through the gateway endpoint, then one route per network.
    static func routes(_ context: Context, _ engine: Engine) -> String {
        let busybox = context.flavor == .busybox
        var text = ""
        if engine.isHostNamespace(context.origin) {
            text +=
                "default via \(SimulatedHost.lanGateway) dev eth0 \(busybox ? "" : "proto dhcp src \(SimulatedHost.lanAddress) metric 100 ")\n"
            var lines: [(IPv4Address, String)] = []
            for network in engine.networks.values where network.driver == "bridge" {
                guard let device = network.bridgeDevice, let subnet = network.subnet, let gateway = network.gateway
                else { continue }
                let used = !engine.attachedContainers(network.id).isEmpty
                let tail = busybox ? " src \(gateway) " : "src \(gateway) " + (used ? "" : "linkdown ")
                lines.append(
                    (
                        subnet.network,
                        "\(subnet.canonical) dev \(device) proto kernel scope link \(busybox ? "" : "")" + tail
                    ))
            }
            let lan = IPv4Subnet(SimulatedHost.lanAddress, prefixLength: SimulatedHost.lanPrefixLength)
            lines.append(
                (
                    lan.network,
                    "\(lan.canonical) dev eth0 proto kernel scope link src \(SimulatedHost.lanAddress) \(busybox ? "" : "metric 100 ")"
                ))
            for (_, line) in lines.sorted(by: { $0.0 < $1.0 }) { text += line + "\n" }
            return text
        }
        guard case .container(let id) = context.origin, let container = engine.containers[id] else { return "" }
        let live = container.endpoints.filter { $0.address != nil }
        if let first = live.first, let gateway = first.gateway, let name = first.interface {
            text += "default via \(gateway) dev \(name) \n"
        }
        for endpoint in live {
            guard let name = endpoint.interface, let address = endpoint.address,
                let subnet = engine.networks[endpoint.networkID]?.subnet
            else { continue }
            text +=
                busybox
                ? "\(subnet.canonical) dev \(name) scope link  src \(address) \n"
                : "\(subnet.canonical) dev \(name) proto kernel scope link src \(address) \n"
        }
        return text
    }
}
