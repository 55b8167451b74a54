import DockerSimCore
import DockerSimTemplate

// Sources: docker/cli v28.5.1 cli/command/registry/search.go and formatter_search.go (the table,
// the 45-character description, `[OK]`); moby v28.5.1 registry/search.go (the filters) and
// search_session.go (25 results by default, 1 to 100).

/// `docker search`: the simulated Docker Hub's repositories (its catalog's descriptions and
/// stars, and what was pushed to it) whose name or description holds the term.
enum SearchCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker search", use: "[OPTIONS] TERM", summary: "Search Docker Hub for images", args: .exact(1),
        flags: [
            FlagSpec("filter", "f", .list, "Filter output based on conditions provided"),
            FlagSpec("format", nil, .string, "Pretty-print search using a Go template"),
            FlagSpec("limit", nil, .int, "Max number of search results"),
            FlagSpec("no-trunc", nil, .bool, "Don't truncate output"),
        ])

    static let header: [String: String] = [
        "Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let term = args.operands[0]
        let path = context.invokedAs.isEmpty ? spec.path : context.invokedAs
        let filters = try FilterArgs.parse(args.list("filter"), command: path, use: spec.use)
        if filters.contains("is-automated") {
            context.err(
                "WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.\n"
            )
        }
        try filters.validate(["is-automated", "is-official", "stars"])
        let automated = try filters.bool("is-automated") ?? false
        let official = try filters.bool("is-official")
        var minimumStars = 0
        for value in filters.values("stars") {
            guard let stars = Int(value) else {
                throw .daemon(
                    "invalid filter 'stars=\(value)': strconv.Atoi: parsing \"\(value)\": invalid syntax",
                    kind: .invalidParameter)
            }
            minimumStars = max(minimumStars, stars)
        }
        if term.hasPrefix("http://") || term.hasPrefix("https://") {
            throw .daemon(
                "invalid repository name: repository name (\(term)) should not have a scheme", kind: .invalidParameter)
        }
        let parts = term.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost",
            parts[0] != "docker.io", parts[0] != "index.docker.io"
        {
            throw .notSimulated("docker search \(parts[0])/…")
        }
        var name =
            parts.count == 2 && (parts[0] == "docker.io" || parts[0] == "index.docker.io") ? String(parts[1]) : term
        if name.hasPrefix("library/") { name = String(name.dropFirst("library/".count)) }
        var limit = 25
        if let text = args.string("limit") { limit = Int(text) ?? 0 }
        if limit == 0 { limit = 25 }
        guard (1...100).contains(limit) else {
            throw .daemon("limit \(limit) is outside the range of [1, 100]", kind: .invalidParameter)
        }
        var results = automated ? [] : context.engine.registry.search(name, limit: limit)
        results.removeAll { result in
            (official.map { $0 != result.isOfficial } ?? false) || result.stars < minimumStars
        }
        let trunc = !args.flag("no-trunc")
        var format = args.string("format") ?? ""
        if format.isEmpty || format == "table" {
            format = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
        }
        let rows = results.map { GoValue.context(row($0, trunc: trunc, json: format == "json")) }
        context.out(try DockerFormatter.write(format: format, rows: rows, header: header))
        return 0
    }

    /// `searchContext` for `--format`.
    static func row(_ result: SearchResult, trunc: Bool, json: Bool) -> TemplateContext {
        var description = result.description.replacing("\n", with: " ").replacing("\r", with: " ")
        if trunc { description = ellipsis(description, 45) }
        let official = result.isOfficial ? (json ? "true" : "[OK]") : (json ? "false" : "")
        return TemplateContext(
            typeName: "*registry.searchContext",
            fields: [
                "Name": result.name, "Description": description, "StarCount": String(result.stars),
                "IsOfficial": official,
            ])
    }
}
