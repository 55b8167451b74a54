// Source: docker/compose v2.40.0 cmd/compose/version.go ("Docker Compose version v2.40.0",
// `--short`, `--format json`).

import DockerSimCompose
import DockerSimCore

/// `docker compose version`.
enum ComposeVersionCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "version", use: "[OPTIONS]", summary: "Show the Docker Compose version information", args: .none,
        flags: [
            FlagSpec("format", "f", .string, "Format the output. Values: [pretty | json]. (Default: pretty)"),
            FlagSpec("short", nil, .bool, "Shows only Compose's version number"),
        ])

    static let pretty = "Docker Compose version v\(ComposeRun.composeVersion)"

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        if args.flag("short") {
            compose.context.out(ComposeRun.composeVersion + "\n")
        } else if args.string("format") == "json" {
            compose.context.out("{\"version\":\"v\(ComposeRun.composeVersion)\"}\n")
        } else {
            compose.context.out(pretty + "\n")
        }
        return 0
    }
}
