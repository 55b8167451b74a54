// Source: docker/compose v2.40.0 cmd/compose/port.go, pkg/compose/port.go ("no port 80/tcp for
// container x: …").

import DockerSimCompose
import DockerSimCore

/// `docker compose port SERVICE PRIVATE_PORT`: the host address a container port is published on.
enum ComposePortCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "port", use: "[OPTIONS] SERVICE PRIVATE_PORT", summary: "Print the public port for a port binding",
        args: .exact(2),
        flags: [
            FlagSpec("index", nil, .int, "Index of the container if service has multiple replicas"),
            FlagSpec("protocol", nil, .string, "tcp or udp", default: "\"tcp\""),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        let service = args.operands[0]
        try ComposeRun.checkServices([service], in: project)
        guard let port = Int(args.operands[1]) else {
            throw ComposeError("invalid port: \(args.operands[1])")
        }
        let proto = args.string("protocol") ?? "tcp"
        let index = Int(args.string("index") ?? "0") ?? 0
        let container = try ComposeExecCommand.runningContainer(
            project: name, service: service, index: index, compose: compose)
        let key = "\(port)/\(proto)"
        guard let bindings = container.hostConfig.portBindings[key], let first = bindings.first else {
            let published = container.hostConfig.portBindings.keys.sorted().joined(separator: ", ")
            throw ComposeError("no port \(key) for container \(container.name): \(published)")
        }
        compose.context.out("\(first.hostIP.isEmpty ? "0.0.0.0" : first.hostIP):\(first.hostPort)\n")
        return 0
    }
}
