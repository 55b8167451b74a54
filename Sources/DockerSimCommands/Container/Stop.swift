import DockerSimCore

/// `docker stop`: SIGTERM, then SIGKILL after the timeout.
enum StopCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker stop", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Stop one or more running containers",
        args: .min(1),
        flags: [
            FlagSpec("signal", "s", .string, "Signal to send to the container"),
            FlagSpec("timeout", "t", .int, "Seconds to wait before killing the container"),
        ].notSimulated(["signal"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let timeout = max(0, Double(args.string("timeout") ?? "10") ?? 10)
        var errors: [String] = []
        var found: [(name: String, id: String)] = []
        for name in args.operands {
            do {
                found.append((name, try context.engine.findContainer(name).id))
            } catch {
                errors.append(error.description)
            }
        }
        context.engine.stop(found.map(\.id), timeout: timeout)
        for (name, _) in found { context.out(name + "\n") }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
