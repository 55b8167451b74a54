// Source: docker/compose v2.40.0 cmd/compose/config.go (`--services`, `--volumes`,
// `--networks`, `--images`, `-q`, the YAML of the normalized project).

import DockerSimCompose
import DockerSimCore

/// `docker compose config`: the project as compose understood it (or just its names).
enum ComposeConfigCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "config", use: "[OPTIONS] [SERVICE...]",
        summary: "Parse, resolve and render compose file in canonical format",
        flags: [
            FlagSpec("environment", nil, .bool, "Print environment used for interpolation."),
            FlagSpec("format", nil, .string, "Format the output. Values: [yaml | json]"),
            FlagSpec("hash", nil, .string, "Print the service config hash, one per line."),
            FlagSpec("images", nil, .bool, "Print the image names, one per line."),
            FlagSpec("networks", nil, .bool, "Print the network names, one per line."),
            FlagSpec("no-interpolate", nil, .bool, "Don't interpolate environment variables"),
            FlagSpec("output", "o", .string, "Save to file (default to stdout)"),
            FlagSpec("profiles", nil, .bool, "Print the profile names, one per line."),
            FlagSpec("quiet", "q", .bool, "Only validate the configuration, don't print anything"),
            FlagSpec("services", nil, .bool, "Print the service names, one per line."),
            FlagSpec("variables", nil, .bool, "Print model variables and default values."),
            FlagSpec("volumes", nil, .bool, "Print the volume names, one per line."),
        ])

    static let notSimulated = ["format", "hash", "no-interpolate", "output", "variables", "environment"]

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        var project = try compose.loadProject()
        try ComposeRun.checkServices(args.operands, in: project)
        if !args.operands.isEmpty {
            let keep = DependencyGraph(project).withDependencies(args.operands)
            project.services.removeAll { !keep.contains($0.name) }
        }
        if args.flag("quiet") { return 0 }
        if args.flag("services") {
            for name in DependencyGraph(project).dependencyOrder() { compose.context.out(name + "\n") }
            return 0
        }
        if args.flag("volumes") {
            for volume in project.volumes { compose.context.out(volume.key + "\n") }
            return 0
        }
        if args.flag("networks") {
            for network in project.networks { compose.context.out(network.key + "\n") }
            return 0
        }
        if args.flag("images") {
            for service in project.services { compose.context.out(service.imageName(project: project.name) + "\n") }
            return 0
        }
        if args.flag("profiles") { return 0 }
        compose.context.out(ConfigWriter.yaml(project))
        return 0
    }
}
