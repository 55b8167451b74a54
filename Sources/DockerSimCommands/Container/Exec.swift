import DockerSimCore
import DockerSimShell

/// `docker exec`: runs a command in a running container.
enum ExecCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker exec", use: "[OPTIONS] CONTAINER COMMAND [ARG...]", summary: "Execute a command in a running container",
        args: .min(2),
        flags: [
            FlagSpec("detach", "d", .bool, "Detached mode: run command in the background"),
            FlagSpec("detach-keys", nil, .string, "Override the key sequence for detaching a container"),
            FlagSpec("env", "e", .list, "Set environment variables"),
            FlagSpec("env-file", nil, .list, "Read in a file of environment variables"),
            FlagSpec("interactive", "i", .bool, "Keep STDIN open even if not attached"),
            FlagSpec("privileged", nil, .bool, "Give extended privileges to the command"),
            FlagSpec("tty", "t", .bool, "Allocate a pseudo-TTY"),
            FlagSpec("user", "u", .string, "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            FlagSpec("workdir", "w", .string, "Working directory inside the container"),
        ].notSimulated(["user", "detach-keys", "env-file"]),
        interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        guard container.status == .running else {
            if container.status == .paused {
                throw .daemon("Container \(container.id) is paused, unpause the container before exec")
            }
            if container.status == .restarting {
                throw .daemon("Container \(container.id) is restarting, wait until the container is running")
            }
            throw .daemon("container \(container.id) is not running")
        }
        let argv = Array(args.operands.dropFirst())
        let interactive = args.flag("interactive")
        let tty = args.flag("tty")
        if let program = argv.first, SQLClient.names.contains(String(program.split(separator: "/").last ?? "")),
            Shell(containerID: container.id, engine: context.engine, interactive: false, terminal: tty)
                .which(program, engine: context.engine) != nil
        {
            return sqlClient(Array(argv.dropFirst()), container.id, args, interactive && tty, &context)
        }
        let launch = ContainerRuntime.launch(
            argv: argv, containerID: container.id, engine: &context.engine,
            openStdin: interactive, tty: tty)
        switch launch {
        case .failed(let message, let code):
            throw .cli(
                "OCI runtime exec failed: exec failed: unable to start container process: \(message): unknown",
                status: code == 127 ? 127 : 126)
        case .interactiveShell:
            if args.flag("detach") { return 0 }
            context.engine.noteExecStarted(container.id, argv: argv, interactive: true)
            context.engine.setExecSessions(container.id, delta: 1)
            context.attach = .execShell(containerID: container.id)
            return 0
        case .completed(let stdout, let stderr, let code):
            let execID = context.engine.noteExecStarted(container.id, argv: argv, interactive: false)
            context.engine.noteExecDied(container.id, execID: execID, exitCode: code)
            if args.flag("detach") { return 0 }
            context.out(stdout)
            tty ? context.out(stderr) : context.err(stderr)
            return code
        case .service(let output):
            if !args.flag("detach") {
                for chunk in output {
                    tty || chunk.stream == .stdout ? context.out(chunk.text) : context.err(chunk.text)
                }
            }
            return 0
        case .timed(let seconds):
            if !args.flag("detach") {
                context.engine.advance(by: min(seconds, context.engine.limits.foregroundSeconds))
            }
            return 0
        case .program:
            return 0  // exec runs scripts to their end (`mainProcess: false`); not reached
        }
    }

    /// `docker exec -it DB mysql …`: the MariaDB monitor takes the terminal (see ``SQLClient``).
    static func sqlClient(
        _ args: [String], _ id: String, _ parsed: ParsedArguments, _ terminal: Bool, _ context: inout CommandContext
    ) -> Int32 {
        switch SQLClient.start(args, origin: .container(id), terminal: terminal, stdin: "", engine: &context.engine) {
        case .finished(let stdout, let stderr, let status):
            if parsed.flag("detach") { return 0 }
            context.out(stdout)
            parsed.flag("tty") ? context.out(stderr) : context.err(stderr)
            return status
        case .interactive(let client, let banner):
            if parsed.flag("detach") { return 0 }
            context.out(banner)
            context.engine.noteExecStarted(id, argv: parsed.operands.dropFirst().map { $0 }, interactive: true)
            context.engine.setExecSessions(id, delta: 1)
            context.attach = .sqlClient(containerID: id, client: client)
            return 0
        }
    }
}
