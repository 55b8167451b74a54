// Source: docker/compose v2.40.0 cmd/compose/restart.go, pkg/compose/restart.go
// (`[+] Restarting N/N`, `Restarting` → `Started`).

import DockerSimCompose
import DockerSimCore

/// `docker compose restart`: stops and starts the project's containers again.
enum ComposeRestartCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "restart", use: "[OPTIONS] [SERVICE...]", summary: "Restart service containers",
        flags: [
            FlagSpec("no-deps", nil, .bool, "Don't restart dependent services"),
            FlagSpec("timeout", "t", .int, "Specify a shutdown timeout in seconds"),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let containers = compose.containers(project: name, services: args.operands)
        let timeout = args.string("timeout").flatMap(Double.init) ?? 10
        compose.beginProgress("Restarting")
        let order: [String] =
            project.map { DependencyGraph($0).dependencyOrder() }
            ?? containers.map { ComposeRun.service(of: $0) }
        var seen = Set<String>()
        for service in order where seen.insert(service).inserted {
            for container in containers where ComposeRun.service(of: container) == service {
                let eventName = ComposeRun.progressName(container)
                compose.event(eventName, .working, "Restarting")
                compose.context.engine.stop(container.id, timeout: timeout)
                do {
                    _ = try StartCommand.startAndAttach(
                        container.id, attach: false, interactive: false, context: &compose.context,
                        failure: { error, _ in error })
                } catch {
                    throw ComposeError(error)
                }
                compose.event(eventName, .done, "Started")
            }
        }
        compose.flushProgress()
        return 0
    }
}
