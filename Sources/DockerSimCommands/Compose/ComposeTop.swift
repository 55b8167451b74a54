// Source: docker/compose v2.40.0 cmd/compose/top.go (each running container's name, then its
// process table, a blank line between containers).

import DockerSimCompose
import DockerSimCore

/// `docker compose top`: the processes of each running container.
enum ComposeTopCommand: ComposeSubcommand {
    static let spec = composeSpec("top", use: "[SERVICES...]", summary: "Display the running processes")

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let containers = compose.containers(project: name, services: args.operands, all: false)
            .sorted { $0.name < $1.name }
        var first = true
        for container in containers {
            var inner = ComposeRun(global: compose.global, local: compose.local)
            swap(&inner.context, &compose.context)
            let saved = inner.context.output
            inner.context.output = CommandOutput()
            let status = try? ComposeExecCommand.delegate(TopCommand.self, [container.id], compose: &inner)
            let table = inner.context.output.stdout
            inner.context.output = saved
            swap(&inner.context, &compose.context)
            guard status == 0 else { continue }
            compose.context.out((first ? "" : "\n") + container.name + "\n" + table)
            first = false
        }
        return 0
    }
}
