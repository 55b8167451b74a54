import DockerSimCore

/// `docker network prune`: removes the networks users created that no running container uses.
/// Source: docker/cli v28.5.1 cli/command/network/prune.go.
enum NetworkPruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network prune", use: "[OPTIONS]", summary: "Remove all unused networks", args: .none,
        flags: [Prune.filterFlag, Prune.forceFlag])

    static let warning =
        "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?"

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
            let text = Prune.networksText(ctx.engine.pruneNetworks(filter: filter))
            if !text.isEmpty { ctx.out(text + "\n") }
            return 0
        }
    }
}
