import DockerSimCore

/// `docker container prune`: removes every stopped container.
enum ContainerPruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker container prune", use: "[OPTIONS]", summary: "Remove all stopped containers", args: .none,
        flags: [Prune.filterFlag, Prune.forceFlag])

    static let warning = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try Prune.checkFilterFormat(args, spec: spec, path: context.invokedAs)
        let raw = args.list("filter")
        return Prune.confirm(warning, force: args.flag("force"), context: &context) { ctx in
            let filter: PruneFilter
            do throws(DockerError) {
                filter = try PruneFilter.parse(raw, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            let report = ctx.engine.pruneContainers(filter: filter)
            let text = Prune.containersText(report)
            if !text.isEmpty { ctx.out(text + "\n") }
            ctx.out(Prune.total(report.spaceReclaimed))
            return 0
        }
    }
}
