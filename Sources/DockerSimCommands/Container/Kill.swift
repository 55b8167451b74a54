import DockerSimCore

/// `docker kill`: SIGKILL, or `--signal`'s.
enum KillCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker kill", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Kill one or more running containers",
        args: .min(1),
        flags: [FlagSpec("signal", "s", .string, "Signal to send to the container")])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var errors: [String] = []
        // moby parses the signal before it looks the container up (daemon/kill.go).
        var signal = Signals.kill
        if let text = args.string("signal"), !text.isEmpty {
            do throws(DockerError) {
                signal = try Signals.parse(text)
            } catch {
                throw .cli(args.operands.map { _ in error.description }.joined(separator: "\n"))
            }
        }
        for name in args.operands {
            do throws(DockerError) {
                let container = try context.engine.findContainer(name)
                do throws(DockerError) {
                    try context.engine.kill(container.id, signal: signal)
                } catch {
                    var typed = error
                    typed.message = "cannot kill container: \(name): container \(container.id) is not running"
                    throw typed
                }
                context.out(name + "\n")
            } catch {
                errors.append(error.description)
            }
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
