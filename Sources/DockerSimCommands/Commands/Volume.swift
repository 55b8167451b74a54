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

/// `docker volume prune` (`-a` for named volumes too): nothing to remove, `Total reclaimed space: 0B`.
enum VolumePruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume prune", use: "[OPTIONS]", summary: "Remove unused local volumes", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Remove all unused volumes, not just anonymous ones"),
            FlagSpec("filter", nil, .list, "Provide filter values (e.g. \"label=<label>\")"),
            Prune.forceFlag,
        ])

    static let anonymousWarning = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    static let allWarning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try Prune.checkFilterFormat(args, spec: spec, path: context.invokedAs)
        let raw = args.list("filter")
        let all = args.flag("all")
        if all && raw.contains(where: { $0.hasPrefix("all=") }) {
            throw .cli("conflicting options: cannot specify both --all and --filter all=1")
        }
        return Prune.confirm(all ? allWarning : anonymousWarning, force: args.flag("force"), context: &context) { ctx in
            ctx.out(Prune.total(0))
            return 0
        }
    }
}
