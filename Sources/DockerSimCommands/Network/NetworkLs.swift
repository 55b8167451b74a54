import DockerSimCore
import DockerSimTemplate

// Sources: docker/cli v28.5.1 cli/command/network/list.go (rows sorted by name, natural order),
// cli/command/network/formatter.go; moby daemon/network/filter.go (the filters).

/// `docker network ls`.
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

    static let accepted: Set<String> = ["dangling", "driver", "id", "label", "name", "scope", "type"]

    static let header: [String: String] = [
        "ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv6": "IPV6", "IPv4": "IPV4",
        "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let path = context.invokedAs.isEmpty ? spec.path : context.invokedAs
        let filters = try FilterArgs.parse(args.list("filter"), command: path, use: spec.use)
        let engine = context.engine
        let list = try networks(engine, filters: filters)
        let noTrunc = args.flag("no-trunc")
        let format = args.string("format") ?? ""
        let quiet = args.flag("quiet")
        if !format.isEmpty && format != "table" && !quiet {
            let rows = list.map { GoValue.context(row($0, trunc: !noTrunc)) }
            context.out(try DockerFormatter.write(format: format, rows: rows, header: header))
            return 0
        }
        let ids = list.map { noTrunc ? $0.id : String($0.id.prefix(12)) }
        if quiet {
            context.out(ids.map { $0 + "\n" }.joined())
            return 0
        }
        var table = Table(header: ["NETWORK ID", "NAME", "DRIVER", "SCOPE"])
        for (index, network) in list.enumerated() {
            table.append([ids[index], network.name, network.driver, network.scope])
        }
        context.out(table.render())
        return 0
    }

    /// The daemon's list with `--filter` applied, sorted by name.
    static func networks(_ engine: Engine, filters: FilterArgs) throws(DockerError) -> [Network] {
        try filters.validate(accepted)
        var list = engine.networksByName.filter { network in
            if filters.contains("driver") && !filters.values("driver").contains(network.driver) { return false }
            if !filters.match("name", network.name) || !filters.match("id", network.id) { return false }
            if !filters.matchKVList("label", network.labels) { return false }
            if filters.contains("scope") && !filters.values("scope").contains(network.scope) { return false }
            return true
        }
        let dangling = filters.values("dangling")
        if !dangling.isEmpty {
            guard dangling.count == 1 else {
                throw .daemon("got more than one value for filter key \"dangling\"", kind: .invalidParameter)
            }
            let only: Bool
            switch dangling[0] {
            case "0", "false": only = false
            case "1", "true": only = true
            default:
                throw .daemon(
                    "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")",
                    kind: .invalidParameter)
            }
            list = list.filter { network in
                let used = !engine.attachedContainers(network.id).isEmpty
                return only ? !network.isPredefined && !used : network.isPredefined || used
            }
        }
        if filters.contains("type") {
            var typed: [Network] = []
            for value in filters.values("type") {
                switch value {
                case "builtin": typed += list.filter(\.isPredefined)
                case "custom": typed += list.filter { !$0.isPredefined }
                default: throw .daemon("invalid filter: 'type'='\(value)'", kind: .invalidParameter)
                }
            }
            list = typed
        }
        return list
    }

    /// `networkContext` for `--format`.
    static func row(_ network: Network, trunc: Bool) -> TemplateContext {
        let labels = network.labels
        return TemplateContext(
            typeName: "*network.networkContext",
            fields: [
                "ID": trunc ? String(network.id.prefix(12)) : network.id,
                "Name": network.name,
                "Driver": network.driver,
                "Scope": network.scope,
                "IPv6": String(network.enableIPv6),
                "IPv4": String(network.enableIPv4),
                "Internal": String(network.isInternal),
                "Labels": labels.keys.sorted().map { $0 + "=" + (labels[$0] ?? "") }.joined(separator: ","),
                "CreatedAt": DockerFormatter.goTime(network.created),
            ], labels: labels)
    }
}
