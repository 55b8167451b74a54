// Source: docker/compose v2.40.0 cmd/compose/create.go, pkg/compose/create.go.

import DockerSimCompose
import DockerSimCore

/// `docker compose create`: what `up` does, without starting anything.
enum ComposeCreateCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "create", use: "[OPTIONS] [SERVICE...]", summary: "Creates containers for a service",
        flags: [
            FlagSpec("build", nil, .bool, "Build images before starting containers"),
            FlagSpec(
                "force-recreate", nil, .bool,
                "Recreate containers even if their configuration and image haven't changed"),
            FlagSpec("no-build", nil, .bool, "Don't build an image, even if it's policy"),
            FlagSpec(
                "no-recreate", nil, .bool,
                "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
            FlagSpec(
                "pull", nil, .string, "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")",
                default: "\"policy\""),
            FlagSpec("quiet-pull", nil, .bool, "Pull without printing progress information"),
            FlagSpec("remove-orphans", nil, .bool, "Remove containers for services not defined in the Compose file"),
            FlagSpec(
                "scale", nil, .list,
                "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present."),
            FlagSpec("yes", "y", .bool, "Assume \"yes\" as answer to all prompts and run non-interactively"),
        ])

    static let notSimulated = ["scale"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        if args.flag("force-recreate") && args.flag("no-recreate") {
            throw ComposeError("--force-recreate and --no-recreate are incompatible")
        }
        let project = try compose.loadProject()
        try ComposeRun.checkServices(args.operands, in: project)
        let selected = DependencyGraph(project).withDependencies(args.operands)
        try compose.checkSimulated(project, services: selected)
        let ordered = project.serviceNames.filter { selected.contains($0) }
        try compose.pullMissingImages(
            project, services: ordered, always: args.string("pull") == "always", quiet: args.flag("quiet-pull"))
        let built = try compose.buildImages(
            project, services: ordered, force: args.flag("build"))
        compose.beginProgress("Creating")
        for image in built { compose.event(image, .done, "Built") }
        try compose.ensureNetworks(project, services: ordered)
        try compose.ensureVolumes(project, services: ordered)
        try compose.convergeContainers(
            project, services: ordered, forceRecreate: args.flag("force-recreate"),
            noRecreate: args.flag("no-recreate"))
        compose.flushProgress()
        return 0
    }
}
