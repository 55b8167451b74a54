// Source: docker/compose v2.40.0 cmd/compose/remove.go, pkg/compose/remove.go ("Going to remove
// a, b" asked with survey's confirm on a terminal — `? … (y/N) ` — or printed with `-f`; "No
// stopped containers"; `[+] Removing N/N`), pkg/prompt/prompt.go.

import DockerSimCompose
import DockerSimCore

/// `docker compose rm`: removes the project's stopped containers, after asking.
enum ComposeRmCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "rm", use: "[OPTIONS] [SERVICE...]", summary: "Removes stopped service containers",
        flags: [
            FlagSpec("force", "f", .bool, "Don't ask to confirm removal"),
            FlagSpec("stop", "s", .bool, "Stop the containers, if required, before removing"),
            FlagSpec("volumes", "v", .bool, "Remove any anonymous volumes attached to containers"),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        if args.flag("stop") {
            let running = compose.containers(project: name, services: args.operands, all: false)
            compose.beginProgress("Stopping")
            compose.stop(running, project: project, timeout: nil)
            compose.flushProgress()
        }
        var containers = compose.containers(project: name, services: args.operands)
        if let project { containers = containers.filter { project.service(ComposeRun.service(of: $0)) != nil } }
        // The API lists containers newest first.
        let stopped = containers.filter { !$0.isRunning }.reversed().map(\.self)
        guard !stopped.isEmpty else {
            compose.context.err("No stopped containers\n")
            return 0
        }
        let message = "Going to remove " + stopped.map(\.name).joined(separator: ", ")
        let ids = stopped.map(\.id)
        if args.flag("force") {
            compose.context.out(message + "\n")
            removeAll(ids, project: project, compose: &compose)
            return 0
        }
        let tty = compose.context.hasTerminal
        compose.context.out(tty ? "? \(message) (y/N) " : message)
        let global = compose.global
        let local = compose.local
        compose.context.confirmationAccepts = { ["y", "yes", "true", "1"].contains($0.lowercased()) }
        compose.context.confirmation = { context in
            var run = ComposeRun(global: global, local: local)
            swap(&run.context, &context)
            defer { swap(&run.context, &context) }
            removeAll(ids, project: project, compose: &run)
            return 0
        }
        return 0
    }

    /// Compose removes them all at once, one goroutine each: the last one launched runs first
    /// (Go's scheduler), so the screen lists them in the reverse of the question's order.
    static func removeAll(_ ids: [String], project: ComposeProject?, compose: inout ComposeRun) {
        compose.beginProgress("Removing")
        for id in ids.reversed() {
            guard let container = compose.context.engine.containers[id] else { continue }
            compose.event(ComposeRun.progressName(container), .working, "Removing")
            try? compose.context.engine.removeContainer(container.id, force: false, typed: container.name)
            compose.event(ComposeRun.progressName(container), .done, "Removed")
        }
        compose.flushProgress()
    }
}
