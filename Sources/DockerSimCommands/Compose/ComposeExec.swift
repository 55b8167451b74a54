// Source: docker/compose v2.40.0 cmd/compose/exec.go (a TTY by default on a terminal, `-T` to
// go without; stdin open), pkg/compose/exec.go, pkg/compose/containers.go ("service \"x\" is
// not running").

import DockerSimCompose
import DockerSimCore

/// `docker compose exec SERVICE COMMAND`: `docker exec -it` in the service's container.
enum ComposeExecCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "exec", use: "[OPTIONS] SERVICE COMMAND [ARGS...]", summary: "Execute a command in a running container",
        args: .min(2),
        flags: [
            FlagSpec("detach", "d", .bool, "Detached mode: Run command in the background"),
            FlagSpec("env", "e", .list, "Set environment variables"),
            FlagSpec("index", nil, .int, "Index of the container if service has multiple replicas"),
            FlagSpec("interactive", "i", .bool, "Keep STDIN open even if not attached", default: "true"),
            FlagSpec(
                "no-tty", "T", .bool, "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY."
            ),
            FlagSpec("privileged", nil, .bool, "Give extended privileges to the process"),
            FlagSpec("user", "u", .string, "Run the command as this user"),
            FlagSpec("workdir", "w", .string, "Path to workdir directory for this command"),
        ],
        interspersed: false)

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        let service = args.operands[0]
        try ComposeRun.checkServices([service], in: project)
        let index = Int(args.string("index") ?? "0") ?? 0
        let container = try runningContainer(project: name, service: service, index: index, compose: compose)
        var words: [String] = []
        if args.flag("detach") { words.append("-d") }
        let tty = compose.context.hasTerminal && !args.flag("no-tty") && !args.flag("detach")
        if tty { words.append("-t") }
        if !args.has("interactive") || args.flag("interactive") { words.append("-i") }
        for variable in args.list("env") { words += ["-e", variable] }
        if let user = args.string("user") { words += ["-u", user] }
        if let workdir = args.string("workdir") { words += ["-w", workdir] }
        if args.flag("privileged") { words.append("--privileged") }
        words.append(container.id)
        words += args.operands.dropFirst()
        return try delegate(ExecCommand.self, words, compose: &compose)
    }

    /// The service's running container (`--index`, else the first).
    static func runningContainer(
        project: String, service: String, index: Int, compose: ComposeRun
    ) throws(ComposeError) -> Container {
        let candidates = compose.serviceContainers(project, service).filter {
            $0.isRunning
        }
        if index > 0 {
            guard
                let found = candidates.first(where: {
                    $0.config.labels[ComposeRun.Label.containerNumber] == String(index)
                })
            else {
                throw ComposeError("service \"\(service)\" is not running container #\(index)")
            }
            return found
        }
        guard let first = candidates.first else { throw ComposeError("service \"\(service)\" is not running") }
        return first
    }

    /// Runs a docker command with the engine and terminal compose holds.
    static func delegate(
        _ type: any DockerCommand.Type, _ words: [String], compose: inout ComposeRun
    ) throws(ComposeError) -> Int32 {
        do {
            let parsed = try FlagParser.parse(words, spec: type.spec)
            return try type.run(parsed, &compose.context)
        } catch {
            throw ComposeError(error.description, status: error.status)
        }
    }
}
