// Source: docker/compose v2.40.0 cmd/compose/stop.go, pkg/compose/stop.go (`[+] Stopping N/N`,
// dependents first).

import DockerSimCompose
import DockerSimCore

/// `docker compose stop`: stops the project's running containers.
enum ComposeStopCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "stop", use: "[OPTIONS] [SERVICE...]", summary: "Stop services",
        flags: [FlagSpec("timeout", "t", .int, "Specify a shutdown timeout in seconds")])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        var services = args.operands
        if let project, !services.isEmpty {
            // Stopping a service stops what depends on it first.
            services = project.serviceNames.filter { candidate in
                services.contains(candidate)
                    || DependencyGraph(project).withDependencies([candidate]).contains { services.contains($0) }
            }
        }
        let containers = compose.containers(project: name, services: services, all: false)
        compose.beginProgress("Stopping")
        compose.stop(containers, project: project, timeout: args.string("timeout").flatMap(Double.init))
        compose.flushProgress()
        return 0
    }
}
