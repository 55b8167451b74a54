import DockerSimCore
import DockerSimTemplate

/// `docker ps` / `docker container ls`.
enum PsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker ps", use: "[OPTIONS]", summary: "List containers", args: .none,
        flags: [
            FlagSpec("all", "a", .bool, "Show all containers (default shows just running)"),
            FlagSpec("filter", "f", .list, "Filter output based on conditions provided"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("last", "n", .int, "Show n last created containers (includes all states)", default: "-1"),
            FlagSpec("latest", "l", .bool, "Show the latest created container (includes all states)"),
            FlagSpec("no-trunc", nil, .bool, "Don't truncate output"),
            FlagSpec("quiet", "q", .bool, "Only display container IDs"),
            FlagSpec("size", "s", .bool, "Display total file sizes"),
        ],
        aliases: ["docker container ls", "docker container list", "docker container ps", "docker ps"])

    /// `NewContainerFormat`'s `raw` format.
    static let rawFormat = """
        container_id: {{.ID}}
        image: {{.Image}}
        command: {{.Command}}
        created_at: {{.CreatedAt}}
        state: {{- pad .State 1 0}}
        status: {{- pad .Status 1 0}}
        names: {{.Names}}
        labels: {{- pad .Labels 1 0}}
        ports: {{- pad .Ports 1 0}}

        """

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let filters = try FilterArgs.parse(
            args.list("filter"), command: context.invokedAs.isEmpty ? "docker ps" : context.invokedAs,
            use: spec.use)
        let format = args.string("format") ?? ""
        let quiet = args.flag("quiet")
        if !format.isEmpty && quiet {
            context.err("WARNING: Ignoring custom format, because both --format and --quiet are set.\n")
        }
        var size = args.flag("size")
        if !format.isEmpty {
            // The CLI checks the template against an empty row, and asks for sizes if it uses .Size.
            let template: GoTemplate
            do {
                template = try GoTemplate(format)
            } catch {
                throw .cli("failed to parse template: " + error.message)
            }
            let check = template.executeCollecting(.context(FormatContexts.emptyContainer))
            if let error = check.error { throw .cli("failed to execute template: " + error.message) }
            if !quiet && !size && !args.has("size") && check.fieldsUsed.contains("Size") { size = true }
        }
        context.engine.settle()
        let engine = context.engine
        var limit = Int(args.string("last") ?? "-1") ?? -1
        if args.flag("latest") && limit == -1 { limit = 1 }
        let list = try ContainerListing.list(engine, all: args.flag("all"), limit: limit, filters: filters)
        let noTrunc = args.flag("no-trunc")
        if !format.isEmpty && format != "table" {
            var chosen = quiet ? "{{.ID}}" : format
            if format == "raw" {
                chosen = quiet ? "container_id: {{.ID}}" : rawFormat + (size ? "size: {{.Size}}\\n" : "")
            }
            let rows = list.map {
                GoValue.context(FormatContexts.container($0, engine: engine, trunc: !noTrunc, size: size))
            }
            context.out(try DockerFormatter.write(format: chosen, rows: rows, header: FormatContexts.containerHeader))
            return 0
        }
        if quiet {
            context.out(list.map { (noTrunc ? $0.id : $0.shortID) + "\n" }.joined())
            return 0
        }
        var header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
        if size { header.append("SIZE") }
        var table = Table(header: header)
        var imageMemo: [Present.ImageColumnKey: String] = [:]
        for container in list {
            let command = Present.command(container.config)
            var row = [
                noTrunc ? container.id : container.shortID,
                Present.image(container, engine: engine, truncate: !noTrunc, memo: &imageMemo),
                goQuote(noTrunc ? command : ellipsis(command, 20)),
                Present.ago(container.created, now: engine.now),
                Present.status(container, now: engine.now),
                Present.ports(container),
                container.name,
            ]
            if size { row.append(Present.containerSize(container, engine: engine)) }
            table.append(row)
        }
        context.out(table.render())
        return 0
    }
}
