// Source: docker/compose v2.40.0 cmd/compose/ps.go (flags, rows sorted by name, `--services`,
// `-q`, "no such service"), cmd/formatter/container.go (NAME IMAGE COMMAND SERVICE CREATED
// STATUS PORTS; COMMAND cut to 20 characters and quoted).

import DockerSimCompose
import DockerSimCore
import DockerSimTemplate

/// `docker compose ps`: the project's containers.
enum ComposePsCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "ps", use: "[OPTIONS] [SERVICE...]", summary: "List containers",
        flags: [
            FlagSpec("all", "a", .bool, "Show all stopped containers (including those created by the run command)"),
            FlagSpec("filter", nil, .string, "Filter services by a property (supported filters: status)"),
            FlagSpec("format", nil, .string, "Format output using a custom template", default: "\"table\""),
            FlagSpec("no-trunc", nil, .bool, "Don't truncate output"),
            FlagSpec("orphans", nil, .bool, "Include orphaned services (not declared by project)", default: "true"),
            FlagSpec("quiet", "q", .bool, "Only display IDs"),
            FlagSpec("services", nil, .bool, "Display services"),
            FlagSpec(
                "status", nil, .list,
                "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]"
            ),
        ])

    static let defaultFormat =
        "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}"

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        var statuses = args.list("status")
        if let filter = args.string("filter") {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ComposeError("invalid filter \(filter)") }
            guard parts[0] == "status" else { throw ComposeError("unknown filter \(parts[0])") }
            statuses.append(parts[1])
        }
        let (project, name) = try compose.projectOrName()
        var services = args.operands
        try ComposeRun.checkServices(services, in: project)
        if let project, services.isEmpty, !args.flag("orphans") { services = project.serviceNames }
        compose.context.engine.settle()
        let all = args.flag("all") || !statuses.isEmpty
        var containers = compose.containers(project: name, services: services, all: all, oneOff: true)
        if !args.flag("all") && statuses.isEmpty {
            containers = containers.filter { $0.config.labels[ComposeRun.Label.oneoff] != "True" || $0.isRunning }
        }
        if !statuses.isEmpty { containers = containers.filter { statuses.contains($0.status.rawValue) } }
        containers.sort { $0.name < $1.name }
        if args.flag("quiet") {
            for container in containers { compose.context.out(container.id + "\n") }
            return 0
        }
        if args.flag("services") {
            var names: [String] = []
            for container in containers where !names.contains(ComposeRun.service(of: container)) {
                names.append(ComposeRun.service(of: container))
            }
            compose.context.out(names.joined(separator: "\n") + "\n")
            return 0
        }
        var format = args.string("format") ?? "table"
        if format == "table" || format.isEmpty { format = defaultFormat }
        let rows = containers.map { row($0, compose: compose, truncate: !args.flag("no-trunc")) }
        do {
            compose.context.out(try DockerFormatter.write(format: format, rows: rows, header: headers))
        } catch {
            throw ComposeError(error.message)
        }
        return 0
    }

    static let headers = [
        "ID": "CONTAINER ID", "Name": "NAME", "Names": "NAMES", "Project": "PROJECT", "Service": "SERVICE",
        "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS",
        "State": "STATE", "Status": "STATUS", "Labels": "LABELS", "ExitCode": "EXIT CODE", "Health": "HEALTH",
        "Size": "SIZE", "Mounts": "MOUNTS", "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES",
    ]

    /// One container as compose's `ContainerContext` shows it, from the `api.ContainerSummary`
    /// its `Ps` builds: no size asked of the daemon (`Size` is `0B`), the exit code only of an
    /// exited container, the ports as `Publishers` sorted by container port.
    static func row(_ container: Container, compose: ComposeRun, truncate: Bool) -> GoValue {
        let engine = compose.context.engine
        let command = Present.command(container.config)
        let labels = container.config.labels
        let fields: [String: String] = [
            "ID": truncate ? container.shortID : container.id,
            "Name": container.name,
            "Names": container.name,
            "Project": labels[ComposeRun.Label.project] ?? "",
            "Service": labels[ComposeRun.Label.service] ?? "",
            "Image": Present.image(container, engine: engine, truncate: false),
            "Command": goQuote(truncate ? ellipsis(command, 20) : command),
            "CreatedAt": DockerFormatter.goTime(container.created),
            "RunningFor": Present.ago(container.created, now: engine.now),
            "Ports": Present.ports(container),
            "State": container.status.rawValue,
            "Status": Present.status(container, now: engine.now),
            "Labels": labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "Health": "",
            "Size": "0B",
            "Mounts": Present.mounts(container, trunc: truncate),
            "Networks": container.endpoints.map(\.network).joined(separator: ","),
            "LocalVolumes": String(Present.localVolumes(container)),
        ]
        let exited = container.status == .exited || container.status == .dead
        let publishers = Present.apiPorts(container).sorted { $0.privatePort < $1.privatePort }.map { port in
            GoValue.dict(
                [
                    ("URL", .string(port.ip)), ("TargetPort", .int(Int64(port.privatePort))),
                    ("PublishedPort", .int(Int64(port.publicPort))), ("Protocol", .string(port.type)),
                ], isMap: false)
        }
        return .context(
            TemplateContext(
                typeName: "*formatter.ContainerContext", fields: fields, labels: labels,
                values: [
                    "ExitCode": .int(exited ? Int64(container.exitCode) : 0), "Publishers": .list(publishers),
                ]))
    }
}
