import DockerSimCore

// Sources: docker/cli cli/command/container/prune.go, image/prune.go, system/prune.go,
// internal/prompt/prompt.go, opts/filter.go.

/// What the prune commands share: the `[y/N]` question, `--filter` checks, the report's text.
enum Prune {
    /// Asks `warning [y/N] ` unless `force`; runs `action` now (forced) or on a `y` answer.
    static func confirm(
        _ warning: String, force: Bool, context: inout CommandContext,
        _ action: @escaping (inout CommandContext) -> Int32
    ) -> Int32 {
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
            throw .cli(
                "invalid argument \"\(value)\" for \"--filter\" flag: bad format of filter (expected name=value)\n\nUsage:  \(usage)\n\nRun '\(shownPath) --help' for more information",
                status: 125)
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

    /// `Deleted Networks:` and the names, or nothing when none went.
    static func networksText(_ names: [String]) -> String {
        guard !names.isEmpty else { return "" }
        return "Deleted Networks:\n" + names.map { $0 + "\n" }.joined()
    }

    /// `fmt.Fprintln(out, "Total reclaimed space:", units.HumanSize(…))`.
    static func total(_ bytes: Int64) -> String {
        "Total reclaimed space: \(Units.humanSize(bytes))\n"
    }

    static let filterFlag = FlagSpec("filter", nil, .list, "Provide filter values (e.g. \"until=<timestamp>\")")
    static let forceFlag = FlagSpec("force", "f", .bool, "Do not prompt for confirmation")
}
