import DockerSimCore
import DockerSimTemplate

/// `docker images` / `docker image ls`: the local images, one row per repository and tag.
enum ImagesCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker images", use: "[OPTIONS] [REPOSITORY[:TAG]]", summary: "List images", args: .max(1),
        flags: [
            FlagSpec("all", "a", .bool, "Show all images (default hides intermediate images)"),
            FlagSpec("digests", nil, .bool, "Show digests"),
            FlagSpec("filter", "f", .list, "Filter output based on conditions provided"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("no-trunc", nil, .bool, "Don't truncate output"),
            FlagSpec("quiet", "q", .bool, "Only show image IDs"),
            FlagSpec("tree", nil, .bool, "List multi-platform images as a tree (EXPERIMENTAL)"),
        ].notSimulated(["tree"]),
        aliases: ["docker image list", "docker image ls"])

    /// The words `docker images WORD` gets a "did you mean" hint for (CLI 26+).
    static let hinted: Set<String> = [
        "build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm", "save", "tag",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let filters = try FilterArgs.parse(
            args.list("filter"), command: context.invokedAs.isEmpty ? "docker images" : context.invokedAs,
            use: spec.use)
        context.engine.settle()
        let engine = context.engine
        let noTrunc = args.flag("no-trunc")
        let digests = args.flag("digests")
        let quiet = args.flag("quiet")
        let filter = args.operands.first
        let summaries =
            filters.isEmpty
            ? engine.listImages(all: args.flag("all"))
            : try ImageListing.list(engine, all: args.flag("all"), filters: filters)
        let format = args.string("format") ?? ""
        var ids: [String] = []
        var matched = 0  // the rows the table path printed or listed (`ids` counts the format path's)
        if !format.isEmpty && format != "table" {
            var chosen = format
            if format == "raw" {
                chosen =
                    quiet
                    ? "image_id: {{.ID}}"
                    : "repository: {{ .Repository }}\ntag: {{.Tag}}\n" + (digests ? "digest: {{.Digest}}\n" : "")
                        + "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
            } else if chosen.hasPrefix("table") && digests && !chosen.contains("{{.Digest}}") {
                chosen += "\t{{.Digest}}"
            }
            let needDigest = digests || chosen.contains("{{.Digest}}")
            var rows: [GoValue] = []
            for summary in summaries {
                for row in FormatContexts.imageRows(summary, digestFlag: digests, needDigest: needDigest)
                where matches(filter, repository: row.repo, tag: row.tag) {
                    rows.append(
                        .context(
                            FormatContexts.image(
                                summary, repo: row.repo, tag: row.tag, digest: row.digest,
                                trunc: !noTrunc, now: engine.now)))
                    ids.append(summary.image.id.short)
                }
            }
            context.out(try DockerFormatter.write(format: chosen, rows: rows, header: FormatContexts.imageHeader))
        } else {
            var table = Table(
                header: digests
                    ? ["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"]
                    : ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"])
            // Rows come newest first, and neighbours mostly show the same age: the last age text
            // is kept. Each row's cells go straight into the table (no array per row).
            var ago = Present.AgoTexts(now: engine.now)
            if !quiet { table.reserveCapacity(rows: summaries.count, columns: digests ? 6 : 5, bytesPerRow: 64) }
            for summary in summaries {
                func add(_ repository: String, _ tag: String, _ digest: String) {
                    guard filter == nil || matches(filter, repository: repository, tag: tag) else { return }
                    matched += 1
                    if quiet {
                        ids.append(noTrunc ? summary.image.id.description : summary.image.id.short)
                        return
                    }
                    let created = ago.text(summary.image.created)
                    table.add(repository)
                    table.add(tag)
                    if digests { table.add(digest) }
                    // The short ID goes into the table from the digest's text (no string made).
                    if noTrunc { table.add(summary.image.id.description) } else { table.add(shortID: summary.image.id) }
                    table.add(created)
                    table.add(humanSize: summary.size, precision: 3)
                    table.endRow()
                }
                // The usual image: one tag, no digest (what `rows` gives, without its array).
                if summary.digestReferences.isEmpty, summary.tagReferences.count == 1,
                    let ref = summary.tagReferences.first
                {
                    add(ref.familiarName, ref.tag ?? "<none>", "<none>")
                } else {
                    for row in rows(summary) { add(row.repository, row.tag, row.digest) }
                }
            }
            if quiet {
                context.out(ids.map { $0 + "\n" }.joined())
            } else {
                context.out(table.render())
            }
        }
        if let filter, ids.isEmpty, matched == 0, context.invokedAs == "docker images", hinted.contains(filter) {
            context.err("\nNo images found matching \"\(filter)\": did you mean \"docker image \(filter)\"?\n")
        }
        return 0
    }

    struct Row {
        var repository: String
        var tag: String
        var digest: String
    }

    /// docker's `imageFormatTaggedAndDigest`: a row per (repository, tag); a repository with
    /// only digests gets a `<none>` tag; an image with no references is `<none> <none>`.
    static func rows(_ summary: ImageSummary) -> [Row] {
        // The usual image: one tag, no digest (what the general case below gives, without its maps).
        if summary.digestReferences.isEmpty, summary.tagReferences.count == 1, let ref = summary.tagReferences.first {
            return [Row(repository: ref.familiarName, tag: ref.tag ?? "<none>", digest: "<none>")]
        }
        var repos: [String: (tags: [String], digests: [String])] = [:]
        for ref in summary.tagReferences {
            repos[ref.familiarName, default: ([], [])].tags.append(ref.tag ?? "<none>")
        }
        for ref in summary.digestReferences {
            repos[ref.familiarName, default: ([], [])].digests.append(ref.digest?.description ?? "<none>")
        }
        if repos.isEmpty { return [Row(repository: "<none>", tag: "<none>", digest: "<none>")] }
        var rows: [Row] = []
        for (repository, refs) in repos.sorted(by: { $0.key < $1.key }) {
            let tags = refs.tags.isEmpty ? ["<none>"] : refs.tags
            for tag in tags {
                if refs.digests.isEmpty {
                    rows.append(Row(repository: repository, tag: tag, digest: "<none>"))
                } else {
                    for digest in refs.digests { rows.append(Row(repository: repository, tag: tag, digest: digest)) }
                }
            }
        }
        return rows
    }

    /// The `[REPOSITORY[:TAG]]` argument: the repository (a `*` glob allowed) and, if given, the tag.
    static func matches(_ filter: String?, repository: String, tag: String) -> Bool {
        guard let filter else { return true }
        var repoPattern = filter
        var tagPattern: String?
        if let colon = filter.lastIndex(of: ":"), !filter[colon...].contains("/") {
            repoPattern = String(filter[..<colon])
            tagPattern = String(filter[filter.index(after: colon)...])
        }
        guard glob(repoPattern, repository) else { return false }
        if let tagPattern { return glob(tagPattern, tag) }
        return true
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" {
                var k = j
                while true {
                    if match(i + 1, k) { return true }
                    if k == t.count || t[k] == "/" { return false }
                    k += 1
                }
            }
            guard j < t.count, p[i] == "?" || p[i] == t[j] else { return false }
            return match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
