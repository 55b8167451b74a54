// Source: docker/compose v2.40.0 cmd/compose/pause.go, pkg/compose/pause.go (`[+] Pausing N/N`,
// `Paused`).

import DockerSimCompose
import DockerSimCore

/// `docker compose pause`: freezes the project's running containers.
enum ComposePauseCommand: ComposeSubcommand {
    static let spec = composeSpec("pause", use: "[SERVICE...]", summary: "Pause services")

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let containers = compose.containers(project: name, services: args.operands, all: false)
        compose.beginProgress("Pausing")
        for container in containers {
            do {
                try compose.context.engine.pause(container.id)
            } catch {
                throw ComposeError(error)
            }
            compose.event(ComposeRun.progressName(container), .done, "Paused")
        }
        compose.flushProgress()
        return 0
    }
}
