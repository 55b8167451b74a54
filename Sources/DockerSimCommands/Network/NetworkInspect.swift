import DockerSimCore

// Sources: docker/cli v28.5.1 cli/command/network/inspect.go; moby v28.5.1 daemon/network.go
// (buildNetworkResource, buildIPAMResources, buildEndpointResource), api/types/network.

/// `docker network inspect`: the daemon's JSON of each network, with its running containers.
enum NetworkInspectCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network inspect", use: "[OPTIONS] NETWORK [NETWORK...]",
        summary: "Display detailed information on one or more networks", args: .min(1),
        flags: [
            FlagSpec("format", "f", .string, "Format output using a custom template"),
            FlagSpec("verbose", "v", .bool, "Verbose output for diagnostics"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let engine = context.engine
        var found: [Result<JSONValue, DockerError>] = []
        for name in args.operands {
            do {
                found.append(.success(json(try engine.findNetwork(name), engine: engine)))
            } catch {
                found.append(.failure(error))
            }
        }
        return try InspectCommand.write(found, format: args.string("format") ?? "", context: &context)
    }

    /// A network as the API's `network.Inspect` (key order of the Go struct; maps sorted).
    static func json(_ network: Network, engine: Engine) -> JSONValue {
        func strings(_ map: [String: String]) -> JSONValue { .sortedObject(map.mapValues(JSONValue.string)) }
        var configs: [JSONValue] = []
        if !network.ipam.configured.isEmpty {
            for pool in network.ipam.configured {
                var pairs: [(String, JSONValue)] = [("Subnet", .string(pool.subnet.description))]
                if let range = pool.ipRange { pairs.append(("IPRange", .string(range.description))) }
                if let gateway = pool.configuredGateway { pairs.append(("Gateway", .string(gateway.description))) }
                if !pool.auxAddresses.isEmpty { pairs.append(("AuxiliaryAddresses", strings(pool.auxAddresses))) }
                configs.append(.object(pairs))
            }
        } else {
            for pool in network.ipam.pools {
                var pairs: [(String, JSONValue)] = [("Subnet", .string(pool.subnet.description))]
                if let gateway = pool.gateway { pairs.append(("Gateway", .string(gateway.description))) }
                configs.append(.object(pairs))
            }
        }
        var containers: [String: JSONValue] = [:]
        for container in engine.attachedContainers(network.id) {
            guard let endpoint = container.endpoint(on: network.name) else { continue }
            let address = endpoint.address.map { "\($0)/\(endpoint.prefixLength)" } ?? ""
            containers[container.id] = .object([
                ("Name", .string(container.name)),
                ("EndpointID", .string(endpoint.endpointID)),
                ("MacAddress", .string(endpoint.macAddress)),
                ("IPv4Address", .string(address)),
                ("IPv6Address", .string("")),
            ])
        }
        return .object([
            ("Name", .string(network.name)),
            ("Id", .string(network.id)),
            ("Created", .string(network.created.rfc3339Nano)),
            ("Scope", .string(network.scope)),
            ("Driver", .string(network.driver)),
            ("EnableIPv4", .bool(network.enableIPv4)),
            ("EnableIPv6", .bool(network.enableIPv6)),
            (
                "IPAM",
                .object([
                    ("Driver", .string(network.ipam.driver)),
                    ("Options", network.ipam.options.map(strings) ?? .null),
                    ("Config", configs.isEmpty ? .null : .array(configs)),
                ])
            ),
            ("Internal", .bool(network.isInternal)),
            ("Attachable", .bool(network.attachable)),
            ("Ingress", .bool(network.ingress)),
            ("ConfigFrom", .object([("Network", .string(network.configFrom))])),
            ("ConfigOnly", .bool(network.configOnly)),
            ("Containers", .sortedObject(containers)),
            ("Options", strings(network.options)),
            ("Labels", strings(network.labels)),
        ])
    }
}
