import DockerSimCore

// Sources: docker/cli cli/command/network/list.go, network/prune.go,
// cli/command/formatter/network.go. dockersim simulates no networks but docker's three
// predefined ones (bridge, host, none), which cannot be removed.

/// The predefined networks every daemon has, with IDs invented from the engine's seed.
enum PredefinedNetworks {
    /// Name, driver, scope; sorted by name as `docker network ls` lists them.
    static let all: [(name: String, driver: String, scope: String)] = [
        ("bridge", "bridge", "local"), ("host", "host", "local"), ("none", "null", "local"),
    ]

    /// A network's 64-hex ID (invented, stable for one seed).
    static func id(_ name: String, engine: Engine) -> String {
        Digest.sha256(of: "dockersim-network:\(name):\(engine.seed)").hex
    }
}

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

/// `docker network prune`: removes custom networks no container uses (there are none); prints
/// nothing after the answer, as docker does when no network was removed.
enum NetworkPruneCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker network prune", use: "[OPTIONS]", summary: "Remove all unused networks", args: .none,
        flags: [Prune.filterFlag, Prune.forceFlag])

    static let warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try Prune.checkFilterFormat(args, spec: spec, path: context.invokedAs)
        let raw = args.list("filter")
        return Prune.confirm(warning, force: args.flag("force"), context: &context) { ctx in
            do throws(DockerError) {
                _ = try PruneFilter.parse(raw, now: ctx.engine.now)
            } catch {
                return ctx.fail(error)
            }
            return 0
        }
    }
}
