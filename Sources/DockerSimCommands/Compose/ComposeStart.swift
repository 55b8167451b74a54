// Source: docker/compose v2.40.0 cmd/compose/start.go, pkg/compose/start.go.

import DockerSimCompose
import DockerSimCore

/// `docker compose start`: starts the project's existing containers, dependencies first.
enum ComposeStartCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "start", use: "[SERVICE...]", summary: "Start services",
        flags: [
            FlagSpec("wait", nil, .bool, "Wait for services to be running|healthy. Implies detached mode."),
            FlagSpec(
                "wait-timeout", nil, .int, "Maximum duration in seconds to wait for the project to be running|healthy"),
        ])

    static let notSimulated = ["wait", "wait-timeout"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let containers = compose.containers(project: name, services: args.operands)
        guard !containers.isEmpty else {
            throw ComposeError("service \"\(args.operands.first ?? "")\" has no container to start")
        }
        compose.beginProgress()
        if let project {
            try compose.startContainers(project, services: compose.selectedServices(project, args.operands))
        } else {
            for container in containers where !container.isRunning { try compose.start(container) }
        }
        compose.flushProgress()
        return 0
    }
}
