import DockerSimCore

/// `docker network rm`: removes each network, printing its name as typed; errors go to stderr
/// and the others are still removed. Source: docker/cli v28.5.1 cli/command/network/remove.go.
enum NetworkRmCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network rm", use: "NETWORK [NETWORK...]", summary: "Remove one or more networks", args: .min(1),
        flags: [FlagSpec("force", "f", .bool, "Do not error if the network does not exist")],
        aliases: ["docker network rm, docker network remove"])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var status: Int32 = 0
        for name in args.operands {
            do {
                try context.engine.removeNetwork(name)
                context.out(name + "\n")
            } catch {
                if args.flag("force") && error.kind == .notFound { continue }
                context.err(error.description + "\n")
                status = 1
            }
        }
        return status
    }
}
