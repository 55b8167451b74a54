import DockerSimCore

/// How docker's formatters show the model's values: IDs, times, states, commands, sizes.
enum Present {
    /// `3 days ago` (`HumanDuration(now - time) + " ago"`, whole seconds as the API gives them).
    static func ago(_ time: Timestamp, now: Timestamp) -> String {
        Units.humanDuration(now.interval(since: Timestamp(seconds: time.seconds))) + " ago"
    }

    /// The daemon's STATUS text: `Up 2 minutes`, `Exited (0) 9 seconds ago`, `Created`.
    static func status(_ container: Container, now: Timestamp) -> String {
        switch container.status {
        case .running:
            return "Up " + Units.humanDuration(now.interval(since: container.startedAt))
        case .paused:
            return "Up " + Units.humanDuration(now.interval(since: container.startedAt)) + " (Paused)"
        case .restarting:
            return "Restarting (\(container.exitCode)) "
                + Units.humanDuration(now.interval(since: container.finishedAt)) + " ago"
        case .removing:
            return "Removal In Progress"
        case .dead:
            return "Dead"
        case .created:
            return "Created"
        case .exited:
            if container.startedAt.isZero { return "Created" }
            return "Exited (\(container.exitCode)) " + Units.humanDuration(now.interval(since: container.finishedAt))
                + " ago"
        }
    }

    /// The daemon's COMMAND: Path and Args, args with spaces in single quotes.
    static func command(_ config: ContainerConfig) -> String {
        let args = config.args.map { $0.contains(" ") ? "'\($0)'" : $0 }
        return args.isEmpty ? config.path : config.path + " " + args.joined(separator: " ")
    }

    /// The IMAGE column: what the user typed, in familiar form, or the image ID when that name
    /// no longer leads to the container's image.
    static func image(_ container: Container, engine: Engine, truncate: Bool) -> String {
        var shown = container.config.image
        if (try? engine.findImage(shown))?.id != container.imageID { shown = container.imageID.description }
        if shown.isEmpty { return "<no image>" }
        guard truncate else { return shown }
        if truncateID(container.imageID.description) == truncateID(shown) { return truncateID(shown) }
        if let ref = try? ImageReference.parse(shown) {
            var trimmed = ImageReference(domain: ref.domain, path: ref.path)
            trimmed.tag = ref.tag
            return trimmed.familiarString
        }
        return shown
    }

    /// moby's `TruncateID`: drop up to the first `:`, keep 12 characters.
    static func truncateID(_ id: String) -> String {
        var text = Substring(id)
        if let colon = text.firstIndex(of: ":") { text = text[text.index(after: colon)...] }
        return String(text.prefix(12))
    }

    /// PORTS: exposed ports not published, sorted, consecutive ones folded into ranges.
    static func ports(_ container: Container) -> String {
        var parsed: [(Int, String)] = container.config.exposedPorts.compactMap { spec in
            let parts = spec.split(separator: "/")
            guard let port = Int(parts.first ?? "") else { return nil }
            return (port, parts.count > 1 ? String(parts[1]) : "tcp")
        }
        parsed.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out: [String] = []
        var index = 0
        while index < parsed.count {
            var end = index
            while end + 1 < parsed.count, parsed[end + 1].0 == parsed[end].0 + 1, parsed[end + 1].1 == parsed[index].1 {
                end += 1
            }
            out.append(
                end > index
                    ? "\(parsed[index].0)-\(parsed[end].0)/\(parsed[index].1)" : "\(parsed[index].0)/\(parsed[index].1)"
            )
            index = end + 1
        }
        return out.joined(separator: ", ")
    }

    /// `LOCAL VOLUMES`: the mounts of volumes of the `local` driver.
    static func localVolumes(_ container: Container) -> Int {
        container.mountPoints.filter { $0.driver == "local" }.count
    }

    /// `MOUNTS` (`ContainerContext.Mounts`): each mount's volume name or source, comma-separated
    /// (`trunc`: each cut to 15 characters with `…`).
    static func mounts(_ container: Container, trunc: Bool) -> String {
        container.mountPoints.map { point in
            let name = point.name.isEmpty ? point.source : point.name
            return trunc ? ellipsis(name, 15) : name
        }.joined(separator: ",")
    }

    /// `5B (virtual 77.9MB)`.
    static func containerSize(_ container: Container, engine: Engine, virtual: Bool = true) -> String {
        let rw = Units.humanSize(container.sizeRw, precision: 3)
        let rootFS = engine.layers.size(of: container.imageTopLayer) + container.sizeRw
        return virtual && rootFS > 0 ? "\(rw) (virtual \(Units.humanSize(rootFS, precision: 3)))" : rw
    }
}
