import DockerSimCore

/// `docker kill`: SIGKILL.
enum KillCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker kill", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Kill one or more running containers",
        args: .min(1),
        flags: [FlagSpec("signal", "s", .string, "Signal to send to the container")].notSimulated(["signal"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var errors: [String] = []
        for name in args.operands {
            do throws(DockerError) {
                let container = try context.engine.findContainer(name)
                do throws(DockerError) {
                    try context.engine.kill(container.id)
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
