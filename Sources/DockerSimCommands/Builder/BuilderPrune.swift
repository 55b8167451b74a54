import DockerSimCore

/// `docker builder prune` (docker 28 hands `docker builder` to buildx: `docker buildx prune`).
/// Source: docker/buildx v0.29.1 commands/prune.go (the question, the table written row by row
/// with tabs, `Total:`).
enum BuilderPruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker buildx prune", use: "", summary: "Remove build cache", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Include internal/frontend images"),
            FlagSpec("builder", nil, .string, "Override the configured builder instance"),
            FlagSpec("filter", nil, .list, "Provide filter values"),
            FlagSpec("force", "f", .bool, "Do not prompt for confirmation"),
            FlagSpec("keep-storage", nil, .string, "Amount of disk space to keep for cache", hidden: true),
            FlagSpec("max-used-space", nil, .string, "Maximum amount of disk space allowed to keep for cache"),
            FlagSpec("min-free-space", nil, .string, "Target amount of free disk space after pruning"),
            FlagSpec("reserved-space", nil, .string, "Amount of disk space always allowed to keep for cache"),
            FlagSpec("verbose", nil, .bool, "Provide a more verbose output"),
        ].notSimulated([
            "builder", "filter", "keep-storage", "max-used-space", "min-free-space", "reserved-space", "verbose",
        ]),
        aliases: ["docker builder prune", "docker buildx prune"], plugin: true)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let all = args.flag("all")
        let warning =
            all
            ? "WARNING! This will remove all build cache. Are you sure you want to continue?"
            : "WARNING! This will remove all dangling build cache. Are you sure you want to continue?"
        return Prune.confirm(warning, force: args.flag("force"), context: &context) { ctx in
            let now = ctx.engine.now
            let report = ctx.engine.pruneBuildCache(all: all)
            var first = true
            for record in report.deleted {
                let lastUsed = record.lastUsedAt.map { Units.humanDuration(now.interval(since: $0)) + " ago" } ?? ""
                let row = [
                    record.id.padding(toLength: 40), "true ", Units.humanSize(record.size).padding(toLength: 10),
                    lastUsed,
                ]
                let header = first ? ["ID", "RECLAIMABLE", "SIZE", "LAST ACCESSED"] : []
                ctx.out(Table(header: header, rows: [row], style: .tabs).render())
                first = false
            }
            ctx.out(Table(header: [], rows: [["Total:", Units.humanSize(report.reclaimed)]], style: .tabs).render())
            return 0
        }
    }
}

extension String {
    /// Go's `%-Ns`: the text followed by spaces up to `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
