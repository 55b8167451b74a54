import DockerSimCore

/// `docker port`: the container's published ports (`80/tcp -> 0.0.0.0:8080`), or the host
/// addresses of one port, from its `NetworkSettings.Ports` (nothing while it is stopped).
/// Source: docker/cli cli/command/container/port.go (lines in natural order).
enum PortCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker port", use: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container",
        args: .range(1, 2), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let typed = args.operands[0]
        let container = try context.engine.findContainer(typed)
        func joinHostPort(_ binding: PortBinding) -> String {
            binding.hostIP.contains(":")
                ? "[\(binding.hostIP)]:\(binding.hostPort)" : "\(binding.hostIP):\(binding.hostPort)"
        }
        var lines: [String] = []
        if args.operands.count == 2 {
            let requested = args.operands[1]
            let parts = requested.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let port = String(parts[0])
            let proto = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : "tcp"
            if port.isEmpty || !port.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw .cli("Error: invalid port (\(port)): strconv.ParseUint: parsing \"\(port)\": invalid syntax")
            }
            if port.count > 5 || (Int(port) ?? 65536) > 65535 {
                throw .cli("Error: invalid port (\(port)): strconv.ParseUint: parsing \"\(port)\": value out of range")
            }
            let key = "\(port)/\(proto)"
            guard let published = container.ports.first(where: { $0.port.description == key }),
                !published.bindings.isEmpty
            else {
                throw .cli("Error: No public port '\(requested)' published for \(typed)")
            }
            lines = published.bindings.map(joinHostPort)
        } else {
            for published in container.ports {
                lines += published.bindings.map { "\(published.port) -> \(joinHostPort($0))" }
            }
        }
        if !lines.isEmpty {
            context.out(lines.sorted(by: NaturalOrder.less).joined(separator: "\n") + "\n")
        }
        return 0
    }
}
