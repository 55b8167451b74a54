// Source: docker/compose v2.40.0 cmd/compose/list.go, pkg/compose/ls.go (NAME STATUS CONFIG
// FILES; the states counted and sorted: `exited(1), running(2)`; running projects only unless
// `-a`).

import DockerSimCompose
import DockerSimCore

/// `docker compose ls`: the projects that have containers.
enum ComposeLsCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "ls", use: "[OPTIONS]", summary: "List running compose projects", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Show all stopped Compose projects"),
            FlagSpec("filter", nil, .list, "Filter output based on conditions provided"),
            FlagSpec("format", nil, .string, "Format the output. Values: [table | json]", default: "\"table\""),
            FlagSpec("quiet", "q", .bool, "Only display project names"),
        ])

    static let notSimulated = ["filter"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        compose.context.engine.settle()
        let all = args.flag("all")
        var byProject: [String: [Container]] = [:]
        for container in compose.context.engine.containersNewestFirst.reversed() {
            let labels = container.config.labels
            guard let project = labels[ComposeRun.Label.project], labels[ComposeRun.Label.configHash] != nil,
                all || container.isRunning
            else { continue }
            byProject[project, default: []].append(container)
        }
        let names = byProject.keys.sorted()
        if args.flag("quiet") {
            for name in names { compose.context.out(name + "\n") }
            return 0
        }
        var table = Table(header: ["NAME", "STATUS", "CONFIG FILES"])
        for name in names {
            let containers = byProject[name] ?? []
            var counts: [String: Int] = [:]
            for container in containers { counts[container.status.rawValue, default: 0] += 1 }
            let status = counts.keys.sorted().map { "\($0)(\(counts[$0] ?? 0))" }.joined(separator: ", ")
            var files: [String] = []
            for container in containers {
                for file in (container.config.labels[ComposeRun.Label.configFiles] ?? "").split(separator: ",")
                where !files.contains(String(file)) {
                    files.append(String(file))
                }
            }
            table.append([name, status, files.joined(separator: ",")])
        }
        compose.context.out(table.render())
        return 0
    }
}
