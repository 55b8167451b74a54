import DockerSimCore

/// `docker restart`: stop (with the timeout), then start again.
enum RestartCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker restart", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Restart one or more containers",
        args: .min(1),
        flags: [
            FlagSpec("signal", "s", .string, "Signal to send to the container"),
            FlagSpec("timeout", "t", .int, "Seconds to wait before killing the container"),
        ].notSimulated(["signal"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let timeout = max(0, Double(args.string("timeout") ?? "10") ?? 10)
        return try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in
            context.engine.stop(id, timeout: timeout)
            _ = try StartCommand.startAndAttach(
                id, attach: false, interactive: false, context: &context,
                failure: { error, _ in error })
            context.engine.noteRestarted(id)
        }
    }
}
