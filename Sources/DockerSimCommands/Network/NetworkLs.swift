import DockerSimCore

/// `docker network ls`: the three predefined networks.
enum NetworkLsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network ls", use: "[OPTIONS]", summary: "List networks", args: .none,
        flags: [
            FlagSpec("filter", "f", .list, "Provide filter values (e.g. \"driver=bridge\")"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("no-trunc", nil, .bool, "Do not truncate the output"),
            FlagSpec("quiet", "q", .bool, "Only display network IDs"),
        ],
        aliases: ["docker network ls, docker network list"])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["filter", "format"], command: "docker network ls")
        let noTrunc = args.flag("no-trunc")
        let ids = PredefinedNetworks.all.map { network in
            let id = PredefinedNetworks.id(network.name, engine: context.engine)
            return noTrunc ? id : String(id.prefix(12))
        }
        if args.flag("quiet") {
            context.out(ids.map { $0 + "\n" }.joined())
            return 0
        }
        var table = Table(header: ["NETWORK ID", "NAME", "DRIVER", "SCOPE"])
        for (index, network) in PredefinedNetworks.all.enumerated() {
            table.append([ids[index], network.name, network.driver, network.scope])
        }
        context.out(table.render())
        return 0
    }
}
