import DockerSimCore

/// `docker volume prune` (`-a` for named volumes too): nothing to remove, `Total reclaimed space: 0B`.
enum VolumePruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume prune", use: "[OPTIONS]", summary: "Remove unused local volumes", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Remove all unused volumes, not just anonymous ones"),
            FlagSpec("filter", nil, .list, "Provide filter values (e.g. \"label=<label>\")"),
            Prune.forceFlag,
        ])

    static let anonymousWarning =
        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    static let allWarning =
        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"

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
