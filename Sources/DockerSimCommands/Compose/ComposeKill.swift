// Source: docker/compose v2.40.0 cmd/compose/kill.go, pkg/compose/kill.go (`[+] Killing N/N`,
// "no container to kill").

import DockerSimCompose
import DockerSimCore

/// `docker compose kill`: SIGKILL (or `--signal`'s) to the project's running containers.
enum ComposeKillCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "kill", use: "[OPTIONS] [SERVICE...]", summary: "Force stop service containers",
        flags: [
            FlagSpec("remove-orphans", nil, .bool, "Remove containers for services not defined in the Compose file"),
            FlagSpec("signal", "s", .string, "SIGNAL to send to the container", default: "\"SIGKILL\""),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        // Each container's kill is refused by the daemon when the signal does not parse.
        var signal = Signals.kill
        var badSignal: DockerError?
        if let text = args.string("signal") {
            do throws(DockerError) { signal = try Signals.parse(text) } catch { badSignal = error }
        }
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        var containers = compose.containers(project: name, services: args.operands, all: false, oneOff: true)
        if let project, !args.flag("remove-orphans") {
            containers = containers.filter { project.service(ComposeRun.service(of: $0)) != nil }
        }
        guard !containers.isEmpty else {
            compose.context.err("no container to kill")
            return 0
        }
        compose.beginProgress("Killing")
        for container in containers {
            let eventName = ComposeRun.progressName(container)
            compose.event(eventName, .working, "Killing")
            do throws(DockerError) {
                if let badSignal { throw badSignal }
                try compose.context.engine.kill(container.id, signal: signal)
            } catch {
                compose.event(eventName, .error, "Error while Killing")
                throw ComposeError(error)
            }
            compose.event(eventName, .done, "Killed")
        }
        compose.flushProgress()
        return 0
    }
}
