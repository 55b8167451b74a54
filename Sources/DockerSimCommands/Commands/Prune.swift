import DockerSimCore

// Sources: docker/cli cli/command/container/prune.go, image/prune.go, system/prune.go,
// internal/prompt/prompt.go, opts/filter.go.

/// What the prune commands share: the `[y/N]` question, `--filter` checks, the report's text.
enum Prune {
    /// Asks `warning [y/N] ` unless `force`; runs `action` now (forced) or on a `y` answer.
    static func confirm(_ warning: String, force: Bool, context: inout CommandContext,
                        _ action: @escaping (inout CommandContext) -> Int32) -> Int32 {
        if force { return action(&context) }
        context.out(warning + " [y/N] ")
        context.confirmation = action
        return 0
    }

    /// `opts.FilterOpt.Set`: every value must be `name=value` (pflag's error, exit 125).
    static func checkFilterFormat(_ args: ParsedArguments, spec: CommandSpec, path: String) throws(DockerError) {
        for value in args.list("filter") where !value.contains("=") {
            let usage = path.isEmpty ? spec.usageLine : spec.at(path).usageLine
            let shownPath = path.isEmpty ? spec.path : path
            throw .cli("invalid argument \"\(value)\" for \"--filter\" flag: bad format of filter (expected name=value)\n\nUsage:  \(usage)\n\nRun '\(shownPath) --help' for more information", status: 125)
        }
    }

    /// `Deleted Containers:` and the IDs, or nothing when none went.
    static func containersText(_ report: PruneReport) -> String {
        guard !report.containersDeleted.isEmpty else { return "" }
        return "Deleted Containers:\n" + report.containersDeleted.map { $0 + "\n" }.joined()
    }

    /// `Deleted Images:` with lowercase `untagged:`/`deleted:` lines, or nothing when none went.
    static func imagesText(_ report: PruneReport) -> String {
        guard !report.imagesDeleted.isEmpty else { return "" }
        var text = "Deleted Images:\n"
        for record in report.imagesDeleted {
            switch record {
            case .untagged(let ref): text += "untagged: \(ref)\n"
            case .deleted(let digest): text += "deleted: \(digest)\n"
            }
        }
        return text
    }

    /// `fmt.Fprintln(out, "Total reclaimed space:", units.HumanSize(…))`.
    static func total(_ bytes: Int64) -> String {
        "Total reclaimed space: \(Units.humanSize(bytes))\n"
    }

    static let filterFlag = FlagSpec("filter", nil, .list, "Provide filter values (e.g. \"until=<timestamp>\")")
    static let forceFlag = FlagSpec("force", "f", .bool, "Do not prompt for confirmation")
}

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

/// `docker image prune`: removes dangling images (all unused ones with `-a`).
enum ImagePruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker image prune", use: "[OPTIONS]", summary: "Remove unused images", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Remove all unused images, not just dangling ones"),
            Prune.filterFlag, Prune.forceFlag,
        ])

    static let danglingWarning = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
    static let allWarning = "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"

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
        let shown = filters.filter { $0.hasPrefix("label=") || $0.hasPrefix("label!=") || $0.hasPrefix("until=") }.sorted()
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
        return Prune.confirm(warning(all: all, volumes: volumes, filters: raw), force: args.flag("force"), context: &context) { ctx in
            let filter: PruneFilter
            do throws(DockerError) {
                filter = try PruneFilter.parse(raw, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            let containers = ctx.engine.pruneContainers(filter: filter)
            let containersText = Prune.containersText(containers)
            if !containersText.isEmpty { ctx.out(containersText + "\n") }
            let images = ctx.engine.pruneImages(all: all, filter: filter)
            let imagesText = Prune.imagesText(images)
            if !imagesText.isEmpty { ctx.out(imagesText + "\n") }
            ctx.out(Prune.total(containers.spaceReclaimed + images.spaceReclaimed))
            return 0
        }
    }
}
