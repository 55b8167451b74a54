import DockerSimCore

/// `docker port`: the container's published ports. dockersim publishes none (`-p` is not
/// simulated), so it prints nothing, or docker's error for a given port.
/// Source: docker/cli cli/command/container/port.go.
enum PortCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker port", use: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container",
        args: .range(1, 2), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let typed = args.operands[0]
        _ = try context.engine.findContainer(typed)
        if args.operands.count == 2 {
            let requested = args.operands[1]
            let port = String(requested.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if port.isEmpty || !port.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw .cli("Error: invalid port (\(port)): strconv.ParseUint: parsing \"\(port)\": invalid syntax")
            }
            if port.count > 5 || (Int(port) ?? 65536) > 65535 {
                throw .cli("Error: invalid port (\(port)): strconv.ParseUint: parsing \"\(port)\": value out of range")
            }
            throw .cli("Error: No public port '\(requested)' published for \(typed)")
        }
        return 0
    }
}
