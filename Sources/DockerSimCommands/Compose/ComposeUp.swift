// Source: docker/compose v2.40.0 cmd/compose/up.go (flags, `-d`, "Attaching to …"),
// pkg/compose/up.go and create.go (one progress display for networks, volumes and containers;
// missing images pulled first in a display of their own).

import DockerSimCompose
import DockerSimCore

/// `docker compose up`: creates what the project needs and starts it.
enum ComposeUpCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "up", use: "[OPTIONS] [SERVICE...]", summary: "Create and start containers",
        flags: [
            FlagSpec(
                "abort-on-container-exit", nil, .bool,
                "Stops all containers if any container was stopped. Incompatible with -d"),
            FlagSpec(
                "always-recreate-deps", nil, .bool, "Recreate dependent containers. Incompatible with --no-recreate."),
            FlagSpec(
                "attach", nil, .list,
                "Restrict attaching to the specified services. Incompatible with --attach-dependencies."),
            FlagSpec("build", nil, .bool, "Build images before starting containers"),
            FlagSpec("detach", "d", .bool, "Detached mode: Run containers in the background"),
            FlagSpec(
                "force-recreate", nil, .bool,
                "Recreate containers even if their configuration and image haven't changed"),
            FlagSpec(
                "menu", nil, .bool, "Enable interactive shortcuts when running attached. Incompatible with --detach."),
            FlagSpec("no-build", nil, .bool, "Don't build an image, even if it's policy"),
            FlagSpec("no-color", nil, .bool, "Produce monochrome output"),
            FlagSpec("no-deps", nil, .bool, "Don't start linked services"),
            FlagSpec("no-log-prefix", nil, .bool, "Don't print prefix in logs"),
            FlagSpec(
                "no-recreate", nil, .bool,
                "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
            FlagSpec("no-start", nil, .bool, "Don't start the services after creating them"),
            FlagSpec(
                "pull", nil, .string, "Pull image before running (\"always\"|\"missing\"|\"never\")",
                default: "\"policy\""),
            FlagSpec("quiet-pull", nil, .bool, "Pull without printing progress information"),
            FlagSpec("remove-orphans", nil, .bool, "Remove containers for services not defined in the Compose file"),
            FlagSpec(
                "scale", nil, .list,
                "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present."),
            FlagSpec(
                "timeout", "t", .int,
                "Use this timeout in seconds for container shutdown when attached or when containers are already running"
            ),
            FlagSpec("wait", nil, .bool, "Wait for services to be running|healthy. Implies detached mode."),
            FlagSpec("watch", "w", .bool, "Watch source code and rebuild/refresh containers when files are updated."),
            FlagSpec("yes", "y", .bool, "Assume \"yes\" as answer to all prompts and run non-interactively"),
        ])

    static let notSimulated = ["abort-on-container-exit", "attach", "scale", "wait", "watch", "menu"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        if args.flag("detach") && args.flag("abort-on-container-exit") {
            throw ComposeError("--abort-on-container-exit and --detach are incompatible")
        }
        if args.flag("force-recreate") && args.flag("no-recreate") {
            throw ComposeError("--force-recreate and --no-recreate are incompatible")
        }
        if args.flag("build") && args.flag("no-build") {
            throw ComposeError("--build and --no-build are incompatible")
        }
        let project = try compose.loadProject()
        try ComposeRun.checkServices(args.operands, in: project)
        let graph = DependencyGraph(project)
        let selected =
            args.flag("no-deps") && !args.operands.isEmpty
            ? Set(args.operands) : graph.withDependencies(args.operands)
        try compose.checkSimulated(project, services: selected)
        let ordered = project.serviceNames.filter { selected.contains($0) }
        try compose.pullMissingImages(
            project, services: ordered, always: args.string("pull") == "always", quiet: args.flag("quiet-pull"))
        let built =
            args.flag("no-build")
            ? [] : try compose.buildImages(project, services: ordered, force: args.flag("build"))
        compose.beginProgress()
        for image in built { compose.event(image, .done, "Built") }
        if args.flag("remove-orphans") {
            let orphans = compose.containers(project: project.name).filter {
                project.service(ComposeRun.service(of: $0)) == nil
            }
            try compose.remove(orphans, project: project, timeout: nil)
        }
        try compose.ensureNetworks(project, services: ordered)
        try compose.ensureVolumes(project, services: ordered)
        try compose.convergeContainers(
            project, services: ordered, forceRecreate: args.flag("force-recreate"),
            noRecreate: args.flag("no-recreate"))
        if !args.flag("no-start") { try compose.startContainers(project, services: ordered) }
        compose.flushProgress()
        guard !args.flag("detach") && !args.flag("no-start") else { return 0 }
        // Attached: compose streams the services' logs until they stop (Ctrl-C stops them).
        let containers = compose.containers(project: project.name, services: ordered)
        compose.context.out("Attaching to " + containers.map(\.name).joined(separator: ", ") + "\n")
        ComposeLogsCommand.printLogs(containers, prefix: !args.flag("no-log-prefix"), compose: &compose)
        compose.context.err(Message.servicesKeepRunning.text(compose.context.language) + "\n")
        return 0
    }
}
