import DockerSimCore

/// `docker system prune`: stopped containers, unused networks, (volumes), dangling or unused
/// images and build cache, after one question.
enum SystemPruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker system prune", use: "[OPTIONS]", summary: "Remove unused data", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Remove all unused images not just dangling ones"),
            FlagSpec("filter", nil, .list, "Provide filter values (e.g. \"label=<key>=<value>\")"),
            Prune.forceFlag,
            FlagSpec("volumes", nil, .bool, "Prune anonymous volumes"),
        ])

    /// The warning of `confirmationTemplate`.
    static func warning(all: Bool, volumes: Bool, filters: [String]) -> String {
        var items = ["all stopped containers", "all networks not used by at least one container"]
        if volumes { items.append("all anonymous volumes not used by at least one container") }
        items.append(all ? "all images without at least one container associated to them" : "all dangling images")
        items.append(all ? "all build cache" : "unused build cache")
        var text = "WARNING! This will remove:" + items.map { "\n  - " + $0 }.joined() + "\n"
        let shown = filters.filter { $0.hasPrefix("label=") || $0.hasPrefix("label!=") || $0.hasPrefix("until=") }
            .sorted()
        if !shown.isEmpty {
            text += "\n  Items to be pruned will be filtered with:" + shown.map { "\n  - " + $0 }.joined() + "\n"
        }
        return text + "\nAre you sure you want to continue?"
    }

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try Prune.checkFilterFormat(args, spec: spec, path: context.invokedAs)
        let raw = args.list("filter")
        let all = args.flag("all")
        let volumes = args.flag("volumes")
        if volumes && raw.contains(where: { $0.hasPrefix("until=") }) {
            throw .cli("ERROR: The \"until\" filter is not supported with \"--volumes\"")
        }
        return Prune.confirm(
            warning(all: all, volumes: volumes, filters: raw), force: args.flag("force"), context: &context
        ) { ctx in
            let filter: PruneFilter
            do throws(DockerError) {
                filter = try PruneFilter.parse(raw, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            let containers = ctx.engine.pruneContainers(filter: filter)
            let containersText = Prune.containersText(containers)
            if !containersText.isEmpty { ctx.out(containersText + "\n") }
            let networksText = Prune.networksText(ctx.engine.pruneNetworks(filter: filter))
            if !networksText.isEmpty { ctx.out(networksText + "\n") }
            // `volume.RunPrune`: anonymous volumes only, whatever `-a` says.
            var volumesReclaimed: Int64 = 0
            if volumes {
                let report = ctx.engine.pruneVolumes(all: false, filter: filter)
                ctx.out(VolumePruneCommand.text(report))
                volumesReclaimed = report.spaceReclaimed
            }
            let images = ctx.engine.pruneImages(all: all, filter: filter)
            let imagesText = Prune.imagesText(images)
            if !imagesText.isEmpty { ctx.out(imagesText + "\n") }
            // builder.CachePrune: the daemon's build cache prune (unused records; all with -a).
            let cache = ctx.engine.pruneBuildCache(all: all)
            if !cache.deleted.isEmpty {
                ctx.out("Deleted build cache objects:\n" + cache.deleted.map { $0.id + "\n" }.joined() + "\n")
            }
            ctx.out(
                Prune.total(containers.spaceReclaimed + volumesReclaimed + images.spaceReclaimed + cache.reclaimed))
            return 0
        }
    }
}
