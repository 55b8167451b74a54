import DockerSimCore

// Sources: docker/cli cli/command/volume/prune.go; moby volume/service/service.go (Prune,
// acceptedPruneFilters), volume/service/convert.go (withPrune).

/// `docker volume prune` (`-a` for named volumes too): removes the volumes no container uses,
/// after docker's question; `Deleted Volumes:` and `Total reclaimed space: …`.
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
            do throws(DockerError) {
                let (includeNamed, filter) = try parseFilter(raw, now: ctx.engine.now)
                let report = ctx.engine.pruneVolumes(all: all || includeNamed, filter: filter)
                ctx.out(text(report))
                ctx.out(Prune.total(report.spaceReclaimed))
                return 0
            } catch {
                return ctx.fail(error)
            }
        }
    }

    /// `Deleted Volumes:`, the names and a blank line, or nothing when none went.
    static func text(_ report: VolumePruneReport) -> String {
        guard !report.deleted.isEmpty else { return "" }
        return "Deleted Volumes:\n" + report.deleted.map { $0 + "\n" }.joined() + "\n"
    }

    /// The daemon's prune filters for volumes: `label`, `label!` and `all` (a boolean), nothing else.
    /// - Returns: whether `all=true` asked for named volumes too, and the label filter.
    static func parseFilter(_ raw: [String], now: Timestamp) throws(DockerError) -> (Bool, PruneFilter) {
        var labels: [String] = []
        var allValues: [String] = []
        for item in raw {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).trimmingBlanks
            let value = parts.count > 1 ? String(parts[1]).trimmingBlanks : ""
            switch name {
            case "label", "label!": labels.append(item)
            case "all": if !allValues.contains(value) { allValues.append(value) }
            default: throw .daemon("invalid filter '\(name)'", kind: .invalidParameter)
            }
        }
        var all = false
        if allValues.count > 1 {
            throw .daemon(
                "invalid filter 'all=[\(allValues.joined(separator: " "))]': only one value is expected",
                kind: .invalidParameter)
        }
        if let value = allValues.first {
            switch value {
            case "1", "t", "T", "true", "TRUE", "True": all = true
            case "0", "f", "F", "false", "FALSE", "False": all = false
            default:
                throw .daemon(
                    "invalid filter 'all': strconv.ParseBool: parsing \"\(value)\": invalid syntax",
                    kind: .invalidParameter)
            }
        }
        return (all, try PruneFilter.parse(labels, now: now))
    }
}

extension String {
    fileprivate var trimmingBlanks: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
