import DockerSimCore
import Foundation

/// `--filter name=value` as docker's `opts.FilterOpt` collects it and moby's `filters.Args`
/// matches it: values per name, a set (repeated values count once).
struct FilterArgs {
    private(set) var fields: [String: [String]] = [:]

    /// Parses every `-f` value; a value without `=` is pflag's error (status 125).
    static func parse(_ values: [String], command: String, use: String) throws(DockerError) -> FilterArgs {
        var args = FilterArgs()
        for value in values where !value.isEmpty {
            guard let equals = value.firstIndex(of: "=") else {
                throw .cli(
                    "invalid argument \"\(value)\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"
                        + "\n\nUsage:  \(command) \(use)\n\nRun '\(command) --help' for more information", status: 125)
            }
            let name = value[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let text = value[value.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if !(args.fields[name]?.contains(text) ?? false) { args.fields[name, default: []].append(text) }
        }
        return args
    }

    var isEmpty: Bool { fields.isEmpty }

    func contains(_ name: String) -> Bool { fields[name] != nil }

    func values(_ name: String) -> [String] { fields[name] ?? [] }

    /// moby's `Validate`: `invalid filter 'foo'` for a name the daemon does not know.
    func validate(_ accepted: Set<String>) throws(DockerError) {
        for name in fields.keys.sorted() where !accepted.contains(name) {
            throw DockerError.daemon("invalid filter '\(name)'", kind: .invalidParameter)
        }
    }

    /// `Match`: true without the filter; else an exact value or a regular expression found in `source`.
    func match(_ name: String, _ source: String) -> Bool {
        guard let values = fields[name] else { return true }
        for pattern in values {
            if pattern == source || pattern.isEmpty { return true }
            if let regex = try? NSRegularExpression(pattern: pattern),
                regex.firstMatch(in: source, range: NSRange(source.startIndex..., in: source)) != nil
            {
                return true
            }
        }
        return false
    }

    /// `MatchKVList`: every `label=k` must exist, every `label=k=v` must have that value.
    func matchKVList(_ name: String, _ sources: [String: String]) -> Bool {
        guard let values = fields[name], !values.isEmpty else { return true }
        if sources.isEmpty { return false }
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let found = sources[String(parts[0])] else { return false }
            if parts.count > 1 && String(parts[1]) != found { return false }
        }
        return true
    }

    /// `GetBoolOrDefault`: `true`/`1`, `false`/`0`, else `invalid filter 'name=value'`.
    func bool(_ name: String) throws(DockerError) -> Bool? {
        guard let values = fields[name] else { return nil }
        guard values.count == 1, let value = values.first else {
            throw DockerError.daemon(
                "invalid filter '\(name)=\(values.joined(separator: ","))'", kind: .invalidParameter)
        }
        if value.lowercased() == "true" || value == "1" { return true }
        if value.lowercased() == "false" || value == "0" { return false }
        throw DockerError.daemon("invalid filter '\(name)=\(value)'", kind: .invalidParameter)
    }
}

/// The daemon's container list (`daemon/list.go`): which containers `docker ps` gets.
enum ContainerListing {
    static let accepted: Set<String> = [
        "ancestor", "before", "exited", "health", "id", "isolation", "label", "name",
        "network", "publish", "since", "status", "volume", "expose", "is-task",
    ]
    static let simulated: Set<String> = [
        "ancestor", "before", "exited", "id", "label", "name", "since", "status", "health",
        "network", "expose", "publish", "volume", "is-task",
    ]
    static let healthStates: Set<String> = ["starting", "healthy", "unhealthy", "none"]
    static let states: Set<String> = ["paused", "restarting", "running", "removing", "dead", "created", "exited"]

    /// The containers, newest first, as `ContainerList` returns them for these options.
    static func list(
        _ engine: Engine, all allFlag: Bool, limit: Int, filters: FilterArgs
    ) throws(DockerError) -> [Container] {
        try filters.validate(accepted)
        for name in filters.fields.keys.sorted() where !simulated.contains(name) {
            throw .notSimulated("docker ps --filter \(name)=…")
        }
        var exitAllowed: [Int32] = []
        for value in filters.values("exited") {
            guard let code = Int32(value) else {
                throw DockerError.daemon(
                    "invalid filter 'exited=\(value)': strconv.Atoi: parsing \"\(value)\": invalid syntax",
                    kind: .invalidParameter)
            }
            exitAllowed.append(code)
        }
        var all = allFlag
        for value in filters.values("status") {
            guard states.contains(value) else {
                throw DockerError.daemon("invalid filter 'status=\(value)'", kind: .invalidParameter)
            }
            all = true
        }
        var isTask: Bool?
        if let values = filters.fields["is-task"] {
            if values.contains("true") {
                isTask = true
            } else if values.contains("false") {
                isTask = false
            } else {
                throw DockerError.daemon(
                    "invalid filter 'is-task=\(values.joined(separator: ","))'", kind: .invalidParameter)
            }
        }
        for value in filters.values("health") where !healthStates.contains(value) {
            throw DockerError.daemon("Unrecognised filter value for health: \(value)", kind: .invalidParameter)
        }
        let published = try ports("publish", filters)
        let exposed = try ports("expose", filters)
        var before: Container?
        for value in filters.values("before") { before = try engine.findContainer(value) }
        var since: Container?
        for value in filters.values("since") { since = try engine.findContainer(value) }
        var ancestors: Set<Digest> = []
        for value in filters.values("ancestor") {
            guard let image = try? engine.findImage(value) else { continue }
            var pending = [image.id]
            while let id = pending.popLast() {
                guard ancestors.insert(id).inserted else { continue }
                pending += engine.children(of: id).map(\.id)
            }
        }
        var result: [Container] = []
        for container in engine.containersNewestFirst {
            if let mark = before {
                if container.id == mark.id { before = nil }
                continue
            }
            if let mark = since, container.id == mark.id { break }
            if !container.isRunning && !all && limit <= 0 { continue }
            if !filters.match("name", "/" + container.name) && !filters.match("name", container.name) { continue }
            if !filters.match("id", container.id) { continue }
            if !filters.matchKVList("label", container.config.labels) { continue }
            if limit > 0 && result.count == limit { break }
            if !exitAllowed.isEmpty {
                let ended = !container.isRunning && !container.startedAt.isZero
                if !(ended && exitAllowed.contains(container.exitCode)) { continue }
            }
            if !filters.match("status", container.status.rawValue) { continue }
            if isTask == true { continue }
            // No health checks are simulated: every container's health is "none".
            if filters.contains("health") && !filters.values("health").contains("none") { continue }
            // `volume=`: a mount's destination, or its volume's name (a bind's source).
            if filters.contains("volume") {
                let wanted = filters.values("volume")
                let mounted = container.mountPoints.contains { point in
                    wanted.contains(point.destination)
                        || wanted.contains(point.name.isEmpty ? point.source : point.name)
                }
                if !mounted { continue }
            }
            if filters.contains("ancestor") && !ancestors.contains(container.imageID) { continue }
            // Its networks by name, or by a prefix of the network's ID.
            if filters.contains("network")
                && !filters.values("network").contains(where: { value in
                    container.endpoints.contains { $0.network == value || $0.networkID.hasPrefix(value) }
                })
            {
                continue
            }
            // The daemon's port list (running containers only): host port or container port.
            if !(published.isEmpty && exposed.isEmpty) {
                let matches = container.ports.contains { port in
                    let hostPorts = port.bindings.isEmpty ? [0] : port.bindings.compactMap { Int($0.hostPort) }
                    return hostPorts.contains { published.contains("\($0)/\(port.port.proto)") }
                        || exposed.contains(port.port.description)
                }
                if !matches { continue }
            }
            result.append(container)
        }
        return result
    }
}

extension ContainerListing {
    /// `portOp`: `80`, `80/udp`, `8000-8002/tcp` as a set of `port/proto`.
    static func ports(_ key: String, _ filters: FilterArgs) throws(DockerError) -> Set<String> {
        var result: Set<String> = []
        for value in filters.values(key) {
            if value.contains(":") {
                throw DockerError.daemon(
                    "filter for '\(key)' should not contain ':': \(value)", kind: .invalidParameter)
            }
            let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let proto = parts.count > 1 ? parts[1] : "tcp"
            let range = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var bounds: [Int] = []
            for text in range {
                guard let port = UInt16(text) else {
                    throw DockerError.daemon(
                        "error while looking up for \(key) \(value): strconv.ParseUint: parsing \"\(text)\": invalid syntax",
                        kind: .invalidParameter)
                }
                bounds.append(Int(port))
            }
            let low = bounds[0]
            let high = bounds.count > 1 ? bounds[1] : low
            guard low <= high else {
                throw DockerError.daemon(
                    "error while looking up for \(key) \(value): invalid range specified for port: \(parts[0])",
                    kind: .invalidParameter)
            }
            for port in low...high { result.insert("\(port)/\(proto)") }
        }
        return result
    }
}

/// The daemon's image list (`daemon/images/image_list.go`) with `--filter`.
enum ImageListing {
    static let accepted: Set<String> = ["dangling", "label", "before", "since", "reference", "until"]

    /// The images `docker images` gets, their references narrowed by `reference=`.
    static func list(_ engine: Engine, all: Bool, filters: FilterArgs) throws(DockerError) -> [ImageSummary] {
        try filters.validate(accepted)
        var untilTime: Timestamp?
        for value in filters.values("until") {
            untilTime = try FilterTime.timestamp(value, now: engine.now)
        }
        let danglingOnly = try filters.bool("dangling") ?? false
        var beforeTime: Timestamp?
        for value in filters.values("before") {
            let image = try engine.findImage(value)
            if beforeTime.map({ image.created < $0 }) ?? true { beforeTime = image.created }
        }
        var sinceTime: Timestamp?
        for value in filters.values("since") {
            let image = try engine.findImage(value)
            if sinceTime.map({ image.created > $0 }) ?? true { sinceTime = image.created }
        }
        var result: [ImageSummary] = []
        for var summary in engine.listImages(all: true) {
            let id = summary.image.id
            let hasChildren = !engine.children(of: id).isEmpty
            if danglingOnly && hasChildren { continue }
            if let beforeTime, !(summary.image.created < beforeTime) { continue }
            if let sinceTime, !(summary.image.created > sinceTime) { continue }
            if let untilTime, !(summary.image.created < untilTime) { continue }
            if filters.contains("label") && !filters.matchKVList("label", summary.image.config.config.labels ?? [:]) {
                continue
            }
            if filters.contains("reference") {
                let patterns = filters.values("reference")
                func keep(_ ref: ImageReference) -> Bool {
                    let text = ref.familiarString
                    return patterns.contains {
                        ImagesCommand.glob($0, text) || ImagesCommand.glob($0, ref.familiarName)
                    }
                }
                summary.tagReferences = summary.tagReferences.filter(keep)
                summary.digestReferences = summary.digestReferences.filter(keep)
            }
            if summary.tagReferences.isEmpty && summary.digestReferences.isEmpty {
                guard all || !hasChildren else { continue }
                if filters.contains("dangling") && !danglingOnly { continue }
                if filters.contains("reference") { continue }
            } else if danglingOnly && !summary.tagReferences.isEmpty {
                continue
            }
            result.append(summary)
        }
        return result
    }
}
