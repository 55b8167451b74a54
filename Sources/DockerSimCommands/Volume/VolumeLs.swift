import DockerSimCore

// Sources: docker/cli cli/command/volume/list.go, volume/prune.go. dockersim simulates no
// volumes: the list is empty and a prune reclaims nothing.

/// `docker volume ls`: the empty table.
enum VolumeLsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume ls", use: "[OPTIONS]", summary: "List volumes", args: .none,
        flags: [
            FlagSpec("cluster", nil, .bool, "Display only cluster volumes, and use cluster volume list formatting"),
            FlagSpec("filter", "f", .list, "Provide filter values (e.g. \"dangling=true\")"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("quiet", "q", .bool, "Only display volume names"),
        ],
        aliases: ["docker volume ls, docker volume list"])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["cluster", "filter", "format"], command: "docker volume ls")
        if args.flag("quiet") { return 0 }
        context.out(Table(header: ["DRIVER", "VOLUME NAME"]).render())
        return 0
    }
}
