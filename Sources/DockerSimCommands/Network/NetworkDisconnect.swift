import DockerSimCore

/// `docker network disconnect`. Source: docker/cli v28.5.1 cli/command/network/disconnect.go.
enum NetworkDisconnectCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network disconnect", use: "[OPTIONS] NETWORK CONTAINER",
        summary: "Disconnect a container from a network", args: .exact(2),
        flags: [FlagSpec("force", "f", .bool, "Force the container to disconnect from a network")])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let container = try context.engine.findContainer(args.operands[1])
        try context.engine.disconnect(container.id, from: args.operands[0], force: args.flag("force"))
        return 0
    }
}
