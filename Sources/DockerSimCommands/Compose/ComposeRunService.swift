// Source: docker/compose v2.40.0 cmd/compose/run.go, pkg/compose/run.go (dependencies started
// first in a progress display; a one-off container `PROJECT-SERVICE-run-<12 hex>` labelled
// `oneoff=True` with a slug; then `docker start -a`, or its ID printed with `-d`).

import DockerSimCompose
import DockerSimCore

/// `docker compose run SERVICE [COMMAND]`: a one-off container of a service.
enum ComposeRunCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "run", use: "[OPTIONS] SERVICE [COMMAND] [ARGS...]", summary: "Run a one-off command on a service",
        args: .min(1),
        flags: [
            FlagSpec("build", nil, .bool, "Build image before starting container"),
            FlagSpec("detach", "d", .bool, "Run container in background and print container ID"),
            FlagSpec("entrypoint", nil, .string, "Override the entrypoint of the image"),
            FlagSpec("env", "e", .list, "Set environment variables"),
            FlagSpec("interactive", "i", .bool, "Keep STDIN open even if not attached", default: "true"),
            FlagSpec("label", "l", .list, "Add or override a label"),
            FlagSpec("name", nil, .string, "Assign a name to the container"),
            FlagSpec("no-TTY", "T", .bool, "Disable pseudo-TTY allocation (default: auto-detected)"),
            FlagSpec("no-deps", nil, .bool, "Don't start linked services"),
            FlagSpec("publish", "p", .list, "Publish a container's port(s) to the host"),
            FlagSpec("quiet-pull", nil, .bool, "Pull without printing progress information"),
            FlagSpec("remove-orphans", nil, .bool, "Remove containers for services not defined in the Compose file"),
            FlagSpec("rm", nil, .bool, "Automatically remove the container when it exits"),
            FlagSpec(
                "service-ports", "P", .bool, "Run command with all service's ports enabled and mapped to the host"),
            FlagSpec("tty", "t", .bool, "Allocate a pseudo-TTY", default: "true"),
            FlagSpec(
                "use-aliases", nil, .bool,
                "Use the service's network useAliases in the network(s) the container connects to"),
            FlagSpec("user", "u", .string, "Run as specified username or uid"),
            FlagSpec("volume", "v", .list, "Bind mount a volume"),
            FlagSpec("workdir", "w", .string, "Working directory inside the container"),
        ],
        interspersed: false)

    static let notSimulated = ["build", "publish", "service-ports", "volume", "user", "use-aliases"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let project = try compose.loadProject()
        let name = args.operands[0]
        guard var service = project.service(name) else { throw ComposeError("no such service: \(name)") }
        let graph = DependencyGraph(project)
        var dependencies = graph.withDependencies([name])
        dependencies.remove(name)
        if args.flag("no-deps") { dependencies = [] }
        try compose.checkSimulated(project, services: dependencies.union([name]))
        let ordered = project.serviceNames.filter { dependencies.contains($0) }
        try compose.pullMissingImages(project, services: ordered + [name], quiet: args.flag("quiet-pull"))
        let built = try compose.buildImages(
            project, services: ordered + [name], force: false)
        if !ordered.isEmpty || !project.networks.isEmpty || !built.isEmpty {
            compose.beginProgress()
            for image in built { compose.event(image, .done, "Built") }
            try compose.ensureNetworks(project, services: ordered + [name])
            try compose.ensureVolumes(project, services: ordered + [name])
            try compose.convergeContainers(project, services: ordered, forceRecreate: false, noRecreate: true)
            try compose.startContainers(project, services: ordered)
            compose.flushProgress()
        }
        let command = Array(args.operands.dropFirst())
        if !command.isEmpty { service.command = command }
        if let entrypoint = args.string("entrypoint") { service.entrypoint = GoShellwords.words(entrypoint) }
        if let workdir = args.string("workdir") { service.workingDir = workdir }
        for variable in args.list("env") {
            let parts = variable.split(separator: "=", maxSplits: 1).map(String.init)
            service.environment.removeAll { $0.0 == parts[0] }
            service.environment.append((parts[0], parts.count > 1 ? parts[1] : nil))
        }
        for label in args.list("label") {
            let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
            service.labels.removeAll { $0.0 == parts[0] }
            service.labels.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        let tty = compose.context.hasTerminal && !args.flag("no-TTY") && (!args.has("tty") || args.flag("tty"))
        service.tty = tty
        service.stdinOpen = !args.has("interactive") || args.flag("interactive")
        let slug = compose.context.engine.randomHex(64)
        let containerName = args.string("name") ?? "\(project.name)-\(name)-run-\(slug.prefix(12))"
        var (config, host, endpoints) = compose.containerSpec(
            project, service, number: nil, hash: ComposeRun.configHash(service, project: project), oneOff: true,
            containerName: containerName)
        config.labels[ComposeRun.Label.slug] = slug
        host.autoRemove = args.flag("rm")
        // A one-off container publishes no ports (unless `--service-ports`).
        host.portBindings = [:]
        if tty { host.consoleSize = [24, 80] }
        let id: String
        do {
            id = try compose.context.engine.createContainer(
                config, hostConfig: host, name: containerName, endpoints: endpoints)
        } catch {
            throw ComposeError(error)
        }
        if args.flag("detach") {
            do {
                _ = try StartCommand.startAndAttach(
                    id, attach: false, interactive: false, context: &compose.context, failure: { error, _ in error })
            } catch {
                throw ComposeError(error)
            }
            compose.context.out(id + "\n")
            return 0
        }
        do {
            return try StartCommand.startAndAttach(
                id, attach: true, interactive: service.stdinOpen, context: &compose.context,
                failure: { error, status in DockerError(.cli, error.description, status: status) })
        } catch {
            throw ComposeError(error.description, status: error.status)
        }
    }
}
