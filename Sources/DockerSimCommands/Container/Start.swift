import DockerSimCore
import DockerSimShell

/// `docker start`: starts stopped containers (and with `-a`/`-i` attaches to one).
enum StartCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker start", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Start one or more stopped containers",
        args: .min(1),
        flags: [
            FlagSpec("attach", "a", .bool, "Attach STDOUT/STDERR and forward signals"),
            FlagSpec("detach-keys", nil, .string, "Override the key sequence for detaching a container"),
            FlagSpec("interactive", "i", .bool, "Attach container's STDIN"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let attach = args.flag("attach") || args.flag("interactive")
        if attach {
            guard args.operands.count == 1 else {
                throw .cli("you cannot start and attach multiple containers at once")
            }
            let container = try context.engine.findContainer(args.operands[0])
            if container.isRunning {
                return try AttachCommand.attach(container.id, context: &context)
            }
            return try startAndAttach(
                container.id, attach: true, interactive: args.flag("interactive"), context: &context,
                failure: { error, status in DockerError(.cli, error.description, status: status) })
        }
        var failed: [String] = []
        for name in args.operands {
            do {
                let container = try context.engine.findContainer(name)
                if !container.isRunning {
                    _ = try startAndAttach(
                        container.id, attach: false, interactive: false, context: &context,
                        failure: { error, _ in error })
                }
                context.out(name + "\n")
            } catch {
                context.err(error.description + "\n")
                failed.append(name)
            }
        }
        if !failed.isEmpty {
            throw .cli("Error: failed to start containers: " + failed.joined(separator: ", "))
        }
        return 0
    }

    /// Starts a container's main process and, when attached, shows what it prints or hands the
    /// terminal to its shell. Returns the CLI's exit status (the container's, when attached).
    static func startAndAttach(
        _ id: String, attach: Bool, interactive: Bool, context: inout CommandContext,
        failure: (DockerError, Int32) -> DockerError
    ) throws(DockerError) -> Int32 {
        // The CLI attaches before it starts the container (the daemon's `attach` event first).
        if attach { context.engine.noteAttached(id) }
        do {
            try context.engine.start(id, process: .service)
        } catch {
            throw failure(error, 125)
        }
        let launch = ContainerRuntime.launch(id, engine: &context.engine)
        // What is read of the container after the launch, in one look-up: whether it has a
        // terminal, its log's length (counted from its start, rotated entries included) and the
        // program its main process runs (none of them changes before they are used below).
        let (tty, logged, program) =
            context.engine.containers[id].map { container in
                (
                    container.config.tty, container.logsRotated + container.logs.count,
                    container.config.entrypoint.first ?? container.config.cmd.first
                )
            } ?? (false, 0, nil)
        if case .failed(let message, let code) = launch {
            context.engine.failStart(id, exitCode: code)
            throw failure(.daemon(ContainerOptions.startFailure(message)), code)
        }
        ContainerRuntime.record(launch, containerID: id, engine: &context.engine)
        guard attach else { return 0 }
        switch launch {
        case .failed:
            return 0
        case .interactiveShell:
            if interactive {
                context.attach = .mainShell(containerID: id)
                // The launch found its program as a file: when that is bash's path, the shell's
                // own look-up of bash would find it too (nothing changed the files since).
                context.attachedShellFoundBash = program == "/bin/bash" || program == "/usr/bin/bash"
            }
            return 0
        case .service(let output):
            for chunk in output {
                tty || chunk.stream == .stdout ? context.out(chunk.text) : context.err(chunk.text)
            }
            return 0
        case .timed(let seconds):
            // Attached to a process that outlasts the terminal's patience (`sleep infinity`), the
            // wait stops where an attached program's does; the container goes on running.
            context.engine.advance(by: min(seconds, context.engine.limits.foregroundSeconds))
            return 0
        case .program(_, let stdout, let stderr, _):
            // Attached: the terminal shows what it prints while the clock runs, until it ends.
            context.out(stdout)
            tty ? context.out(stderr) : context.err(stderr)
            let started = context.engine.now
            while context.engine.containers[id]?.isRunning == true,
                context.engine.now.interval(since: started) < context.engine.limits.foregroundSeconds
            {
                context.engine.advance(by: 1)
            }
            // Entries dropped by the log's rotation meanwhile are no longer there to show.
            let rotated = context.engine.containers[id]?.logsRotated ?? 0
            let shown = logged + (stdout.isEmpty ? 0 : 1) + (stderr.isEmpty ? 0 : 1)
            for entry in context.engine.containers[id]?.logs.dropFirst(max(0, shown - rotated)) ?? [] {
                entry.stream == .stdout ? context.out(entry.text) : context.err(entry.text)
            }
            guard let container = context.engine.containers[id], !container.isRunning else {
                context.err(Message.containerKeepsRunning.text(context.language) + "\n")
                return 0
            }
            return container.exitCode
        case .completed(let stdout, let stderr, let code):
            context.out(stdout)
            tty ? context.out(stderr) : context.err(stderr)
            return code
        }
    }
}
