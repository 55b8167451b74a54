import DockerSimCore

/// `docker network create`: prints the new network's ID.
/// Source: docker/cli v28.5.1 cli/command/network/create.go (createIPAMConfig).
enum NetworkCreateCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network create", use: "[OPTIONS] NETWORK", summary: "Create a network", args: .exact(1),
        flags: [
            FlagSpec("attachable", nil, .bool, "Enable manual container attachment"),
            FlagSpec(
                "aux-address", nil, .list, "Auxiliary IPv4 or IPv6 addresses used by Network driver", default: "map[]"),
            FlagSpec("config-from", nil, .string, "The network from which to copy the configuration"),
            FlagSpec("config-only", nil, .bool, "Create a configuration only network"),
            FlagSpec("driver", "d", .string, "Driver to manage the Network", default: "\"bridge\""),
            FlagSpec("gateway", nil, .list, "IPv4 or IPv6 Gateway for the master subnet", typeName: "strings"),
            FlagSpec("ingress", nil, .bool, "Create swarm routing-mesh network"),
            FlagSpec("internal", nil, .bool, "Restrict external access to the network"),
            FlagSpec("ip-range", nil, .list, "Allocate container ip from a sub-range", typeName: "strings"),
            FlagSpec("ipam-driver", nil, .string, "IP Address Management Driver", default: "\"default\""),
            FlagSpec("ipam-opt", nil, .list, "Set IPAM driver specific options", default: "map[]"),
            FlagSpec("ipv4", nil, .bool, "Enable or disable IPv4 address assignment", default: "true"),
            FlagSpec("ipv6", nil, .bool, "Enable or disable IPv6 address assignment"),
            FlagSpec("label", nil, .list, "Set metadata on a network"),
            FlagSpec("opt", "o", .list, "Set driver specific options", default: "map[]"),
            FlagSpec("scope", nil, .string, "Control the network's scope"),
            FlagSpec(
                "subnet", nil, .list, "Subnet in CIDR format that represents a network segment", typeName: "strings"),
        ].notSimulated([
            "aux-address", "config-from", "config-only", "ingress", "ipam-driver", "ipam-opt", "ipv6", "scope",
        ]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        if args.has("ipv4") && !args.flag("ipv4") {
            throw .notSimulated("docker network create --ipv4=false")
        }
        // StringSlice flags take comma-separated values.
        func slice(_ name: String) -> [String] {
            args.list(name).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let subnets = slice("subnet")
        let ranges = slice("ip-range")
        let gateways = slice("gateway")
        if subnets.contains(where: { $0.contains(":") }) {
            throw .notSimulated("docker network create --subnet IPv6")
        }
        var request = NetworkCreateRequest(name: args.operands[0])
        request.driver = args.string("driver") ?? "bridge"
        request.isInternal = args.flag("internal")
        request.attachable = args.flag("attachable")
        for pair in args.list("opt") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            request.options[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        for label in args.list("label") {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            request.labels[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        request.pools = try ipamConfig(subnets: subnets, ranges: ranges, gateways: gateways)
        let id = try context.engine.createNetwork(request)
        context.out(id + "\n")
        return 0
    }

    /// `createIPAMConfig`: every range and gateway must fall in one of the subnets.
    static func ipamConfig(
        subnets: [String], ranges: [String], gateways: [String]
    ) throws(DockerError)
        -> [IPAMPoolRequest]
    {
        if subnets.count < ranges.count || subnets.count < gateways.count {
            throw .cli("every ip-range or gateway must have a corresponding subnet")
        }
        var pools: [IPAMPoolRequest] = []
        for subnet in subnets {
            for pool in pools {
                let forward = try matches(subnet, pool.subnet)
                let backward = try matches(pool.subnet, subnet)
                if forward || backward {
                    throw .cli("multiple overlapping subnet configuration is not supported")
                }
            }
            pools.append(IPAMPoolRequest(subnet: subnet))
        }
        for range in ranges {
            if IPv4Subnet(range) == nil { throw .cli("invalid CIDR address: \(range)") }
            var matched = false
            for index in pools.indices {
                guard try matches(pools[index].subnet, range) else { continue }
                if !pools[index].ipRange.isEmpty {
                    throw .cli(
                        "cannot configure multiple ranges (\(range), \(pools[index].ipRange)) on the same subnet (\(pools[index].subnet))"
                    )
                }
                pools[index].ipRange = range
                matched = true
            }
            if !matched { throw .cli("no matching subnet for range \(range)") }
        }
        for gateway in gateways {
            var matched = false
            for index in pools.indices {
                guard try matches(pools[index].subnet, gateway) else { continue }
                if !pools[index].gateway.isEmpty {
                    throw .cli(
                        "cannot configure multiple gateways (\(gateway), \(pools[index].gateway)) for the same subnet (\(pools[index].subnet))"
                    )
                }
                pools[index].gateway = gateway
                matched = true
            }
            if !matched { throw .cli("no matching subnet for gateway \(gateway)") }
        }
        return pools
    }

    /// `subnetMatches`: whether `data` (an address or a CIDR) is in `subnet`.
    static func matches(_ subnet: String, _ data: String) throws(DockerError) -> Bool {
        guard let parsed = IPv4Subnet(subnet) else { throw .cli("invalid subnet: invalid CIDR address: \(subnet)") }
        let address: IPv4Address?
        if data.contains("/") {
            guard let cidr = IPv4Subnet(data) else { throw .cli("invalid CIDR address: \(data)") }
            address = cidr.address
        } else {
            address = IPv4Address(data)
        }
        guard let address else { return false }
        return parsed.contains(address)
    }
}
