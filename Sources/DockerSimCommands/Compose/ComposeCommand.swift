// Sources: docker/compose v2.40.0 cmd/compose/compose.go (the root command, its project flags,
// "unknown docker command"), cmd/main.go (flag errors are status 1), docker/cli v28.5.1
// cli-plugins/plugin/plugin.go (a plugin's error is printed alone on stderr, status 1).

import DockerSimCompose
import DockerSimCore

/// `docker compose`: Compose v2 as bundled with docker 28.5, on the same engine as every other
/// command. The sub-commands live beside this file, one per file (`ComposeUp.swift`…).
enum ComposeCommand: DockerCommand {
    /// The flags every compose sub-command takes (cobra's persistent flags of `docker compose`).
    static let projectFlags: [FlagSpec] = [
        FlagSpec("all-resources", nil, .bool, "Include all resources, even those not used by services"),
        FlagSpec(
            "ansi", nil, .string, "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")",
            default: "\"auto\""),
        FlagSpec("compatibility", nil, .bool, "Run compose in backward compatibility mode"),
        FlagSpec("dry-run", nil, .bool, "Execute command in dry run mode"),
        FlagSpec("env-file", nil, .list, "Specify an alternate environment file"),
        FlagSpec("file", "f", .list, "Compose configuration files"),
        FlagSpec("parallel", nil, .int, "Control max parallelism, -1 for unlimited", default: "-1"),
        FlagSpec("profile", nil, .list, "Specify a profile to enable"),
        FlagSpec("progress", nil, .string, "Set type of progress output (auto, tty, plain, json, quiet)"),
        FlagSpec(
            "project-directory", nil, .string,
            "Specify an alternate working directory\n(default: the path of the, first specified, Compose file)"),
        FlagSpec("project-name", "p", .string, "Project name"),
    ]

    static let spec = CommandSpec(
        "docker compose", use: "[OPTIONS] COMMAND", summary: "Docker Compose", args: .min(0),
        flags: projectFlags + [FlagSpec("version", "v", .bool, "Show the Docker Compose version information")],
        interspersed: false)

    /// The sub-commands (computed: metatypes are not `Sendable` to keep in a static table).
    static var subcommands: [any ComposeSubcommand.Type] {
        [
            ComposeUpCommand.self, ComposeDownCommand.self, ComposePsCommand.self, ComposeStartCommand.self,
            ComposeStopCommand.self, ComposeRestartCommand.self, ComposeRmCommand.self, ComposeLogsCommand.self,
            ComposeExecCommand.self, ComposeRunCommand.self, ComposeKillCommand.self, ComposePauseCommand.self,
            ComposeUnpauseCommand.self, ComposeTopCommand.self, ComposeImagesCommand.self, ComposePortCommand.self,
            ComposeConfigCommand.self, ComposeLsCommand.self, ComposeVersionCommand.self, ComposeCreateCommand.self,
            ComposePullCommand.self, ComposeBuildCommand.self,
        ]
    }

    /// The sub-command called `name`.
    static func subcommand(_ name: String) -> (any ComposeSubcommand.Type)? {
        subcommandIndex[name].map { subcommands[$0] }
    }

    /// The place in ``subcommands`` of the first sub-command of each name, made once per
    /// process (a name is read from its spec, which is made each time it is asked for).
    static let subcommandIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (place, type) in subcommands.enumerated() where index[type.name] == nil { index[type.name] = place }
        return index
    }()

    /// What compose has that dockersim does not simulate yet.
    static let unsimulated: Set<String> = [
        "attach", "bridge", "commit", "cp", "events", "export", "publish", "push", "scale", "stats", "wait", "watch",
        "alpha", "volumes",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        guard let name = args.operands.first else {
            if args.flag("version") {
                context.out(ComposeVersionCommand.pretty + "\n")
                return 0
            }
            context.out(help())
            return 0
        }
        guard let type = subcommand(name) else {
            if unsimulated.contains(name) {
                throw .notSimulated("docker compose \(name)")
            }
            throw .cli("unknown docker command: \"compose \(name)\"", status: 1)
        }
        let subSpec = type.spec
        let parsed: ParsedArguments
        do {
            parsed = try FlagParser.parse(Array(args.operands.dropFirst()), spec: subSpec)
        } catch {
            // Compose's flag errors are cobra's first line, status 1 (cmd/main.go).
            let first = error.description.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            throw .cli(String(first), status: 1)
        }
        if parsed.helpRequested {
            context.out(Help.text(for: subSpec))
            return 0
        }
        // The run holds the session's engine in place (no copy of the engine's tables).
        var compose = ComposeRun(global: args, local: parsed)
        swap(&compose.context, &context)
        defer { swap(&compose.context, &context) }
        do throws(ComposeError) {
            if let refused = type.notSimulated.first(where: { parsed.has($0) }) {
                throw .notSimulated("docker compose \(name) --\(refused)")
            }
            if parsed.flag("dry-run") || args.flag("dry-run") {
                throw .notSimulated("docker compose --dry-run")
            }
            let status = try type.run(parsed, &compose)
            compose.flushWarnings()
            return status
        } catch {
            compose.flushWarnings()
            compose.flushProgress()
            var failure = DockerError.cli(error.message, status: error.status)
            failure.localized = error.localized
            throw failure
        }
    }

    /// `docker compose --help`'s command list.
    static func help() -> String {
        var text =
            "Usage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nCommands:\n"
        for type in subcommands.sorted(by: { $0.name < $1.name }) {
            text += "  " + type.name.padding(12) + type.spec.summary + "\n"
        }
        text += "\nRun 'docker compose COMMAND --help' for more information on a command.\n"
        return text
    }
}

/// One `docker compose` sub-command.
protocol ComposeSubcommand {
    static var spec: CommandSpec { get }
    /// Flags compose has that dockersim refuses as not simulated yet.
    static var notSimulated: [String] { get }
    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32
}

extension ComposeSubcommand {
    static var name: String { String(spec.path.split(separator: " ").last ?? "") }
    static var notSimulated: [String] { [] }

    /// A spec for `docker compose NAME` with the project flags added.
    static func composeSpec(
        _ name: String, use: String, summary: String, args: ArgRule = .min(0), flags: [FlagSpec] = [],
        interspersed: Bool = true
    ) -> CommandSpec {
        CommandSpec(
            "docker compose \(name)", use: use, summary: summary, args: args,
            flags: (flags + ComposeCommand.projectFlags).sorted { $0.long < $1.long }, interspersed: interspersed)
    }
}

extension Engine {
    /// An empty engine that stands in while a command holds the session's.
    static let placeholder = Engine(clock: .manual(at: .zero), seed: 0)
}
