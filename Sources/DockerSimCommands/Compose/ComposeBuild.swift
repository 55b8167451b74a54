// Source: docker/compose v2.40.0 cmd/compose/build.go.

import DockerSimCompose
import DockerSimCore

/// `docker compose build`: builds the services that have a `build:` section (through the
/// engine's build, once it has one).
enum ComposeBuildCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "build", use: "[OPTIONS] [SERVICE...]", summary: "Build or rebuild services",
        flags: [
            FlagSpec("build-arg", nil, .list, "Set build-time variables for services"),
            FlagSpec("builder", nil, .string, "Set builder to use"),
            FlagSpec("check", nil, .bool, "Check build configuration"),
            FlagSpec("no-cache", nil, .bool, "Do not use cache when building the image"),
            FlagSpec("print", nil, .bool, "Print equivalent bake file"),
            FlagSpec("pull", nil, .bool, "Always attempt to pull a newer version of the image"),
            FlagSpec("push", nil, .bool, "Push service images"),
            FlagSpec("quiet", "q", .bool, "Suppress the build output"),
            FlagSpec("with-dependencies", nil, .bool, "Also build dependencies (transitively)"),
        ])

    static let notSimulated = ["build-arg", "builder", "check", "no-cache", "print", "pull", "push"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let project = try compose.loadProject()
        try ComposeRun.checkServices(args.operands, in: project)
        let selected =
            args.flag("with-dependencies")
            ? Array(DependencyGraph(project).withDependencies(args.operands))
            : (args.operands.isEmpty ? project.serviceNames : args.operands)
        _ = try compose.buildImages(project, services: selected, force: true)
        return 0
    }
}
