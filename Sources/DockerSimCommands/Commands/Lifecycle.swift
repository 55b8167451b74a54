import DockerSimCore

/// `docker pause`: freezes the processes of running containers.
enum PauseCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker pause", use: "CONTAINER [CONTAINER...]", summary: "Pause all processes within one or more containers",
        args: .min(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in try context.engine.pause(id) }
    }
}

/// `docker unpause`.
enum UnpauseCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker unpause", use: "CONTAINER [CONTAINER...]", summary: "Unpause all processes within one or more containers",
        args: .min(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in try context.engine.unpause(id) }
    }
}

/// `docker restart`: stop (with the timeout), then start again.
enum RestartCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker restart", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Restart one or more containers", args: .min(1),
        flags: [
            FlagSpec("signal", "s", .string, "Signal to send to the container"),
            FlagSpec("timeout", "t", .int, "Seconds to wait before killing the container"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["signal"], command: "docker restart")
        let timeout = max(0, Double(args.string("timeout") ?? "10") ?? 10)
        return try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in
            context.engine.stop(id, timeout: timeout)
            _ = try StartCommand.startAndAttach(id, attach: false, interactive: false, context: &context,
                                                failure: { error, _ in error })
        }
    }
}

/// Runs `body` for each container named, printing each name as given; errors are collected
/// and printed at the end, as docker's lifecycle commands do.
func eachContainer(
    _ names: [String], _ context: inout CommandContext,
    _ body: (String, inout CommandContext) throws(DockerError) -> Void
) throws(DockerError) -> Int32 {
    var errors: [String] = []
    for name in names {
        do throws(DockerError) {
            let container = try context.engine.findContainer(name)
            try body(container.id, &context)
            context.out(name + "\n")
        } catch {
            errors.append(error.description)
        }
    }
    if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
    return 0
}
