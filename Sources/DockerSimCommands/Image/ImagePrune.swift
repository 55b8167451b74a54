import DockerSimCore

/// `docker image prune`: removes dangling images (all unused ones with `-a`).
enum ImagePruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker image prune", use: "[OPTIONS]", summary: "Remove unused images", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Remove all unused images, not just dangling ones"),
            Prune.filterFlag, Prune.forceFlag,
        ])

    static let danglingWarning = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
    static let allWarning =
        "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try Prune.checkFilterFormat(args, spec: spec, path: context.invokedAs)
        let raw = args.list("filter")
        let all = args.flag("all")
        return Prune.confirm(all ? allWarning : danglingWarning, force: args.flag("force"), context: &context) { ctx in
            let filter: PruneFilter
            do throws(DockerError) {
                filter = try PruneFilter.parse(raw.filter { !$0.hasPrefix("dangling=") }, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            let report = ctx.engine.pruneImages(all: all, filter: filter)
            let text = Prune.imagesText(report)
            if !text.isEmpty { ctx.out(text + "\n") }
            ctx.out(Prune.total(report.spaceReclaimed))
            return 0
        }
    }
}
