import DockerSimCore

/// `docker network connect`: a running container gets a new interface at once.
/// Source: docker/cli v28.5.1 cli/command/network/connect.go.
enum NetworkConnectCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network connect", use: "[OPTIONS] NETWORK CONTAINER", summary: "Connect a container to a network",
        args: .exact(2),
        flags: [
            FlagSpec("alias", nil, .list, "Add network-scoped alias for the container", typeName: "strings"),
            FlagSpec("driver-opt", nil, .list, "driver options for the network", typeName: "strings"),
            FlagSpec(
                "gw-priority", nil, .int,
                "Highest gw-priority provides the default gateway. Accepts positive and negative values."),
            FlagSpec("ip", nil, .string, "IPv4 address (e.g., \"172.30.100.104\")"),
            FlagSpec("ip6", nil, .string, "IPv6 address (e.g., \"2001:db8::33\")"),
            FlagSpec("link", nil, .list, "Add link to another container"),
            FlagSpec("link-local-ip", nil, .list, "Add a link-local address for the container", typeName: "strings"),
        ].notSimulated(["driver-opt", "gw-priority", "ip6", "link", "link-local-ip"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let aliases = args.list("alias").flatMap { $0.split(separator: ",").map(String.init) }
        let request = EndpointRequest(ipv4Address: args.string("ip") ?? "", aliases: aliases.isEmpty ? nil : aliases)
        let container = try context.engine.findContainer(args.operands[1])
        try context.engine.connect(container.id, to: args.operands[0], request: request)
        return 0
    }
}
