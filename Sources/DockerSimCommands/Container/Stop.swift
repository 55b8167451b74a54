import DockerSimCore

/// `docker stop`: the container's stop signal (SIGTERM unless it names another) or `--signal`'s,
/// then SIGKILL after the timeout.
enum StopCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker stop", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Stop one or more running containers",
        args: .min(1),
        flags: [
            FlagSpec("signal", "s", .string, "Signal to send to the container"),
            FlagSpec("timeout", "t", .int, "Seconds to wait before killing the container"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let timeout = max(0, Double(args.string("timeout") ?? "10") ?? 10)
        // moby parses `--signal` only for a running container (daemon/stop.go): a stopped one
        // is left as it is, whatever the signal says.
        var signal: Int32?
        var invalidSignal: DockerError?
        if let text = args.string("signal") {
            do throws(DockerError) { signal = try Signals.parse(text) } catch { invalidSignal = error }
        }
        var errors: [String] = []
        var found: [(name: String, id: String)] = []
        for name in args.operands {
            do {
                let container = try context.engine.findContainer(name)
                if let invalidSignal, container.isRunning {
                    errors.append(invalidSignal.description)
                    continue
                }
                found.append((name, container.id))
            } catch {
                errors.append(error.description)
            }
        }
        context.engine.stop(found.map(\.id), timeout: timeout, signal: signal)
        for (name, _) in found { context.out(name + "\n") }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
