import DockerSimCore
import DockerSimTemplate

/// `docker history`: an image's layers and the steps that made them, newest first.
enum HistoryCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker history", use: "[OPTIONS] IMAGE", summary: "Show the history of an image", args: .exact(1),
        flags: [
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("human", "H", .bool, "Print sizes and dates in human readable format", default: "true"),
            FlagSpec("no-trunc", nil, .bool, "Don't truncate output"),
            FlagSpec(
                "platform", nil, .string,
                #"Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")"#),
            FlagSpec("quiet", "q", .bool, "Only show image IDs"),
        ].notSimulated(["platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let engine = context.engine
        let image = try engine.findImage(args.operands[0])
        let human = args.has("human") ? args.flag("human") : true
        let noTrunc = args.flag("no-trunc")
        var rows: [(id: String, created: Timestamp, createdBy: String, size: Int64, comment: String)] = []
        var diffIndex = 0
        let layers = engine.layers(of: image)
        for entry in image.config.history {
            var size: Int64 = 0
            if !entry.isEmptyLayer, diffIndex < layers.count {
                size = layers[diffIndex].diffSize
                diffIndex += 1
            }
            rows.insert(("<missing>", entry.created, entry.createdBy, size, entry.comment ?? ""), at: 0)
        }
        var current: Image? = image
        for index in rows.indices {
            guard let shown = current else { break }
            rows[index].id = noTrunc ? shown.id.description : shown.id.short
            current = shown.parent.flatMap { engine.images[$0] }
        }
        let cutoff = Timestamp(seconds: 946_684_800)  // 2000-01-01: older dates show N/A
        let format = args.string("format") ?? ""
        if !format.isEmpty && format != "table" {
            let contexts: [GoValue] = rows.map { row in
                let createdAt = row.created <= cutoff ? "N/A" : Timestamp(seconds: row.created.seconds).rfc3339
                let createdBy = row.createdBy.replacingTabs()
                return .context(
                    TemplateContext(
                        typeName: "*image.historyContext",
                        fields: [
                            "ID": row.id,
                            "CreatedAt": createdAt,
                            "CreatedSince": row.created <= cutoff
                                ? "N/A" : (human ? Present.ago(row.created, now: engine.now) : createdAt),
                            "CreatedBy": noTrunc ? createdBy : ellipsis(createdBy, 45),
                            "Size": human ? Units.humanSize(row.size, precision: 3) : String(row.size),
                            "Comment": row.comment,
                        ]))
            }
            context.out(try DockerFormatter.write(format: format, rows: contexts, header: FormatContexts.historyHeader))
            return 0
        }
        if args.flag("quiet") {
            context.out(rows.map { $0.id + "\n" }.joined())
            return 0
        }
        var table = Table(header: ["IMAGE", human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT"])
        for row in rows {
            let created =
                row.created <= cutoff
                ? "N/A"
                : (human ? Present.ago(row.created, now: engine.now) : Timestamp(seconds: row.created.seconds).rfc3339)
            var createdBy = row.createdBy.replacingTabs()
            if !noTrunc { createdBy = ellipsis(createdBy, 45) }
            table.append([
                row.id, created, createdBy, human ? Units.humanSize(row.size, precision: 3) : String(row.size),
                row.comment,
            ])
        }
        context.out(table.render())
        return 0
    }
}

extension String {
    func replacingTabs() -> String { utf8.contains(9) ? String(map { $0 == "\t" ? " " : $0 }) : self }
}
