// Source: docker/compose v2.40.0 cmd/compose/logs.go, cmd/formatter/logs.go (each line prefixed
// with the container's name without the project — `web-1` — padded to the longest name plus
// one, then `| `), pkg/compose/compose.go `getContainerNameWithoutProject`.

import DockerSimCompose
import DockerSimCore

/// `docker compose logs`: the services' output, each line under its container's name.
enum ComposeLogsCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "logs", use: "[OPTIONS] [SERVICE...]", summary: "View output from containers",
        flags: [
            FlagSpec("follow", "f", .bool, "Follow log output"),
            FlagSpec("index", nil, .int, "index of the container if service has multiple replicas"),
            FlagSpec("no-color", nil, .bool, "Produce monochrome output"),
            FlagSpec("no-log-prefix", nil, .bool, "Don't print prefix in logs"),
            FlagSpec(
                "since", nil, .string,
                "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"),
            FlagSpec(
                "tail", "n", .string, "Number of lines to show from the end of the logs for each container",
                default: "\"all\""),
            FlagSpec("timestamps", "t", .bool, "Show timestamps"),
            FlagSpec(
                "until", nil, .string,
                "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"),
        ])

    static let notSimulated = ["since", "until"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        compose.context.engine.settle()
        let containers = compose.containers(project: name, services: args.operands, oneOff: true)
        var tail: Int?
        if let text = args.string("tail"), text != "all" {
            guard let count = Int(text) else {
                throw ComposeError(
                    "invalid value \"\(text)\" for flag --tail: strconv.Atoi: parsing \"\(text)\": invalid syntax")
            }
            tail = count >= 0 ? count : nil
        }
        printLogs(
            containers, prefix: !args.flag("no-log-prefix"), timestamps: args.flag("timestamps"), tail: tail,
            compose: &compose)
        if args.flag("follow") && containers.contains(where: \.isRunning) {
            compose.context.err(Message.followGivesBack.text(compose.context.language) + "\n")
        }
        return 0
    }

    /// The name compose shows for a container in logs: without the project, unless the service
    /// sets `container_name`.
    static func logName(_ container: Container) -> String {
        let labels = container.config.labels
        let project = labels[ComposeRun.Label.project] ?? ""
        let service = labels[ComposeRun.Label.service] ?? ""
        let number = labels[ComposeRun.Label.containerNumber] ?? ""
        if container.name == "\(project)-\(service)-\(number)" {
            return String(container.name.dropFirst(project.count + 1))
        }
        return container.name
    }

    /// Each container's log lines in turn, prefixed (`web-1  | …`).
    static func printLogs(
        _ containers: [Container], prefix: Bool, timestamps: Bool = false, tail: Int? = nil,
        compose: inout ComposeRun
    ) {
        let width = (containers.map { logName($0).count }.max() ?? 0) + 1
        for container in containers {
            let name = logName(container)
            let shown = prefix ? name + String(repeating: " ", count: max(0, width - name.count)) + " | " : ""
            var lines: [(LogEntry, Substring)] = []
            for entry in container.logs {
                var text = Substring(entry.text)
                if text.hasSuffix("\n") { text = text.dropLast() }
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append((entry, line))
                }
            }
            if let tail { lines = Array(lines.suffix(tail)) }
            for (entry, line) in lines {
                let stamp = timestamps ? entry.time.rfc3339NanoFixed + " " : ""
                let text = shown + stamp + line + "\n"
                entry.stream == .stdout ? compose.context.out(text) : compose.context.err(text)
            }
        }
    }
}
