import DockerSimCore

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

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["filter", "format"], command: "docker ps")
        context.engine.settle()
        let engine = context.engine
        var last = Int(args.string("last") ?? "-1") ?? -1
        if args.flag("latest") { last = 1 }
        var list = engine.containersNewestFirst
        if last > 0 {
            list = Array(list.prefix(last))
        } else if !args.flag("all") && last != 0 {
            list = list.filter(\.isRunning)
        }
        if last == 0 && !args.flag("all") { list = list.filter(\.isRunning) }
        let noTrunc = args.flag("no-trunc")
        if args.flag("quiet") {
            context.out(list.map { (noTrunc ? $0.id : $0.shortID) + "\n" }.joined())
            return 0
        }
        let size = args.flag("size")
        var header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
        if size { header.append("SIZE") }
        var table = Table(header: header)
        for container in list {
            let command = Present.command(container.config)
            var row = [
                noTrunc ? container.id : container.shortID,
                Present.image(container, engine: engine, truncate: !noTrunc),
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
