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
            FlagSpec("interactive", "i", .bool, "Keep STDIN open even if not attached"),
            FlagSpec("privileged", nil, .bool, "Give extended privileges to the command"),
            FlagSpec("tty", "t", .bool, "Allocate a pseudo-TTY"),
            FlagSpec("user", "u", .string, "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            FlagSpec("workdir", "w", .string, "Working directory inside the container"),
        ],
        interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["user", "detach-keys"], command: "docker exec")
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        guard container.status == .running else {
            if container.status == .paused {
                throw .daemon("Container \(container.id) is paused, unpause the container before exec")
            }
            throw .daemon("container \(container.id) is not running")
        }
        let argv = Array(args.operands.dropFirst())
        let interactive = args.flag("interactive")
        let tty = args.flag("tty")
        let launch = ContainerRuntime.launch(argv: argv, containerID: container.id, engine: &context.engine,
                                             openStdin: interactive, tty: tty)
        switch launch {
        case .failed(let message, let code):
            throw .cli("OCI runtime exec failed: exec failed: unable to start container process: \(message): unknown", status: code == 127 ? 127 : 126)
        case .interactiveShell:
            if args.flag("detach") { return 0 }
            context.engine.setExecSessions(container.id, delta: 1)
            context.attach = .execShell(containerID: container.id)
            return 0
        case .completed(let stdout, let stderr, let code):
            if args.flag("detach") { return 0 }
            context.out(stdout)
            tty ? context.out(stderr) : context.err(stderr)
            return code
        case .service(let output):
            if !args.flag("detach") { context.out(output) }
            return 0
        case .timed(let seconds):
            if !args.flag("detach") { context.engine.advance(by: seconds) }
            return 0
        case .program:
            return 0  // exec runs scripts to their end (`mainProcess: false`); not reached
        }
    }
}

/// `docker logs`: what a container's main process printed.
enum LogsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker logs", use: "[OPTIONS] CONTAINER", summary: "Fetch the logs of a container", args: .exact(1),
        flags: [
            FlagSpec("details", nil, .bool, "Show extra details provided to logs"),
            FlagSpec("follow", "f", .bool, "Follow log output"),
            FlagSpec("since", nil, .string, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            FlagSpec("tail", "n", .string, "Number of lines to show from the end of the logs", default: "\"all\""),
            FlagSpec("timestamps", "t", .bool, "Show timestamps"),
            FlagSpec("until", nil, .string, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["since", "until", "details"], command: "docker logs")
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        var lines: [(LogEntry.Stream, String, Timestamp)] = []
        for entry in container.logs {
            var text = Substring(entry.text)
            while !text.isEmpty {
                let end = text.firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
                lines.append((entry.stream, String(text[..<end]), entry.time))
                text = text[end...]
            }
        }
        if let tail = args.string("tail"), tail != "all" {
            guard let count = Int(tail) else { throw .cli("invalid value for \"tail\": \(tail)") }
            if count >= 0 { lines = Array(lines.suffix(count)) }
        }
        for (stream, text, time) in lines {
            let line = args.flag("timestamps") ? time.rfc3339NanoFixed + " " + text : text
            stream == .stdout ? context.out(line) : context.err(line)
        }
        return 0
    }
}

/// `docker diff`: what changed in a container's writable layer.
enum DiffCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker diff", use: "CONTAINER", summary: "Inspect changes to files or directories on a container's filesystem",
        args: .exact(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        context.out(container.fs.changes().map { "\($0.kind.rawValue) \($0.path)\n" }.joined())
        return 0
    }
}
