import DockerSimCore

/// `docker network prune`: removes custom networks no container uses (there are none); prints
/// nothing after the answer, as docker does when no network was removed.
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
            do throws(DockerError) {
                _ = try PruneFilter.parse(raw, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            return 0
        }
    }
}
