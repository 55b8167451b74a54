// Source: docker/compose v2.40.0 cmd/compose/pause.go, pkg/compose/pause.go (`Unpaused`).

import DockerSimCompose
import DockerSimCore

/// `docker compose unpause`: resumes the project's paused containers.
enum ComposeUnpauseCommand: ComposeSubcommand {
    static let spec = composeSpec("unpause", use: "[SERVICE...]", summary: "Unpause services")

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let containers = compose.containers(project: name, services: args.operands, all: false)
        compose.beginProgress()
        for container in containers {
            do {
                try compose.context.engine.unpause(container.id)
            } catch {
                throw ComposeError(error)
            }
            compose.event(ComposeRun.progressName(container), .done, "Unpaused")
        }
        compose.flushProgress()
        return 0
    }
}
