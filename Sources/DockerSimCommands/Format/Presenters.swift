import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How docker's formatters show the model's values: IDs, times, states, commands, sizes.
enum Present {
    /// `3 days ago` (`HumanDuration(now - time) + " ago"`, whole seconds as the API gives them).
    static func ago(_ time: Timestamp, now: Timestamp) -> String {
        Units.humanDuration(now.interval(since: Timestamp(seconds: time.seconds))) + " ago"
    }

    /// ``ago(_:now:)`` for the rows of one table: rows come sorted by time, and neighbours
    /// mostly print the same age (`5 minutes ago`), so the last text is kept and made again only
    /// when the age shown changes.
    struct AgoTexts {
        let now: Timestamp
        /// The last text, and the whole seconds known to print it (`earliest...latest`).
        private var last: (earliest: Int64, latest: Int64, duration: Units.HumanDuration, text: String)?

        init(now: Timestamp) { self.now = now }

        mutating func text(_ time: Timestamp) -> String {
            let seconds = time.seconds
            if let last, seconds >= last.earliest, seconds <= last.latest { return last.text }
            let duration = age(seconds)
            if let last, last.duration == duration {
                // Printed the same, so is everything between (the text grows with the age).
                self.last?.earliest = min(last.earliest, seconds)
                self.last?.latest = max(last.latest, seconds)
                return last.text
            }
            let text = duration.text + " ago"
            let (earliest, latest) = span(of: duration, at: seconds)
            last = (earliest, latest, duration, text)
            return text
        }

        /// The age of a time of `seconds` whole seconds.
        private func age(_ seconds: Int64) -> Units.HumanDuration {
            Units.HumanDuration(now.interval(since: Timestamp(seconds: seconds)))
        }

        /// The whole seconds around `seconds` that print `duration`: the ages its unit and count
        /// stand for, kept only when both ends print it too (``Units/HumanDuration`` grows with
        /// the age, so everything between them does); else `seconds` alone.
        private func span(of duration: Units.HumanDuration, at seconds: Int64) -> (Int64, Int64) {
            let hour: Int64 = 3600
            /// The ages whose hours (`age / 3600 + 0.5` rounded down) are `first...last`.
            func hours(_ first: Int64, _ last: Int64) -> (Int64, Int64) {
                (first * hour - 1800, last * hour + 1799)
            }
            let count = duration.count
            let ages: (Int64, Int64)
            switch duration.unit {
            case .lessThanASecond, .oneSecond, .seconds: return (seconds, seconds)
            case .aboutAMinute: ages = (60, 119)
            case .minutes: ages = (count * 60, count * 60 + 59)
            case .aboutAnHour: ages = (3600, 5399)
            case .hours: ages = hours(count, count)
            case .days: ages = hours(max(48, count * 24), min(335, count * 24 + 23))
            case .weeks: ages = hours(max(336, count * 168), min(1439, count * 168 + 167))
            case .months: ages = hours(max(1440, count * 720), min(17_519, count * 720 + 719))
            case .years: ages = (count * 8760 * hour, (count + 1) * 8760 * hour - 1)
            }
            let (latest, overflowLatest) = now.seconds.subtractingReportingOverflow(ages.0)
            let (earliest, overflowEarliest) = now.seconds.subtractingReportingOverflow(ages.1)
            guard !overflowLatest, !overflowEarliest, earliest <= seconds, seconds <= latest,
                age(earliest) == duration, age(latest) == duration
            else { return (seconds, seconds) }
            return (earliest, latest)
        }
    }

    /// The COMMAND column of a table, quoted and cut to a width (`goQuote(ellipsis(command, width))`),
    /// with the last text kept: the containers of one image mostly have the same command, and
    /// arrays that share their storage compare at once.
    struct CommandTexts {
        private var last: (entrypoint: [String], cmd: [String], width: Int, text: String)?

        mutating func text(_ config: ContainerConfig, width: Int) -> String {
            if let last, last.width == width, last.cmd == config.cmd, last.entrypoint == config.entrypoint {
                return last.text
            }
            let text = goQuote(ellipsis(Present.command(config), width))
            last = (config.entrypoint, config.cmd, width, text)
            return text
        }
    }

    /// ``status(_:now:)`` for the rows of one table, with the last text kept: neighbouring
    /// rows (newest first) mostly print the same status.
    struct StatusTexts {
        let now: Timestamp
        private var last: (status: ContainerStatus, exitCode: Int32, duration: Units.HumanDuration, text: String)?

        init(now: Timestamp) { self.now = now }

        mutating func text(_ container: Container) -> String {
            // Only the exited ones are kept: the other states' texts are short or depend on more.
            guard container.status == .exited, !container.startedAt.isZero else {
                return Present.status(container, now: now)
            }
            let duration = Units.HumanDuration(now.interval(since: container.finishedAt))
            if let last, last.status == container.status, last.exitCode == container.exitCode,
                last.duration == duration
            {
                return last.text
            }
            let text = Present.status(container, now: now)
            last = (container.status, container.exitCode, duration, text)
            return text
        }
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
        // Path is the first of entrypoint + cmd, the args the rest: written in one pass over
        // both arrays (no concatenated arrays, no array of quoted args).
        var text = ""
        var first = true
        func add(_ list: [String]) {
            for part in list {
                if first {
                    text = part
                    first = false
                } else if part.utf8.contains(0x20) {
                    text += " '" + part + "'"
                } else {
                    text += " " + part
                }
            }
        }
        add(config.entrypoint)
        add(config.cmd)
        return text
    }

    /// `reference.familiarName`, with a short way for the usual name on Docker Hub whose path
    /// is not under `library/` (the path itself).
    static func familiarName(_ reference: ImageReference) -> String {
        if reference.path.utf8.first != 0x6C, reference.domain == "docker.io" { return reference.path }
        return reference.familiarName
    }

    /// The IMAGE column: what the user typed, in familiar form, or the image ID when that name
    /// no longer leads to the container's image.
    static func image(_ container: Container, engine: Engine, truncate: Bool) -> String {
        var memo: [ImageColumnKey: String] = [:]
        return image(container, engine: engine, truncate: truncate, memo: &memo)
    }

    /// ``image(_:engine:truncate:)`` for the rows of one table: what a typed name and an image ID
    /// give is worked out once (a lookup and a parse) and kept in `memo` for the other rows.
    static func image(
        _ container: Container, engine: Engine, truncate: Bool, memo: inout [ImageColumnKey: String]
    ) -> String {
        // Created from the full ID as typed (`sha256:…`): that text leads to the container's
        // image, or, once the image is gone, is the ID shown instead; either way the column is
        // the ID (12 characters when truncated). No lookup, no parse.
        if isFullID(container.config.image, of: container.imageID) {
            return truncate ? container.imageID.short : container.imageID.description
        }
        let key = ImageColumnKey(typed: container.config.image, imageID: container.imageID)
        if let known = memo[key] { return known }
        let shown = imageColumn(container, engine: engine, truncate: truncate)
        memo[key] = shown
        return shown
    }

    /// What the IMAGE column of a container depends on: the name typed and the image it gave.
    struct ImageColumnKey: Hashable {
        var typed: String
        var imageID: Digest
    }

    /// Whether `typed` is `sha256:` followed by `id`'s 64 hex digits.
    static func isFullID(_ typed: String, of id: Digest) -> Bool {
        let text = typed.utf8
        let hex = id.hex.utf8
        guard text.count == 71, hex.count == 64 else { return false }
        // Compared in the strings' own storage, read without a copy: the prefix as one word
        // (`sha256:` and the first digit), the digits with `memcmp` (a byte loop cost 600
        // instructions a row of `system df -v`).
        let same = text.withContiguousStorageIfAvailable { text in
            hex.withContiguousStorageIfAvailable { hex -> Bool in
                guard let text = text.baseAddress, let hex = hex.baseAddress else { return false }
                let prefix = UInt64(littleEndian: UnsafeRawPointer(text).loadUnaligned(as: UInt64.self))
                return prefix & 0x00FF_FFFF_FFFF_FFFF == 0x003A_3635_3261_6873 && memcmp(text + 7, hex, 64) == 0
            }
        }
        return same.flatMap { $0 } ?? (typed == "sha256:" + id.hex)
    }

    private static func imageColumn(_ container: Container, engine: Engine, truncate: Bool) -> String {
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

    /// One entry of the daemon's port list (`container.Port` in `docker ps`'s API).
    struct APIPort {
        var privatePort: Int
        var publicPort: Int
        var type: String
        var ip: String
    }

    /// The daemon's port list of a container (`NetworkSettings.Ports` flattened: a port without
    /// a host binding once, a bound one once per binding), in the model's order.
    static func apiPorts(_ container: Container) -> [APIPort] {
        var list: [APIPort] = []
        for published in container.ports {
            if published.bindings.isEmpty {
                list.append(
                    APIPort(privatePort: published.port.port, publicPort: 0, type: published.port.proto, ip: ""))
            }
            for binding in published.bindings {
                guard let host = Int(binding.hostPort) else { continue }
                list.append(
                    APIPort(
                        privatePort: published.port.port, publicPort: host, type: published.port.proto,
                        ip: binding.hostIP))
            }
        }
        return list
    }

    /// PORTS (docker/cli formatter `DisplayablePorts`): the daemon's port list from
    /// `NetworkSettings.Ports` (empty while stopped), sorted; ports without a host binding and
    /// bindings to the same host port folded into ranges, then the other host mappings.
    static func ports(_ container: Container) -> String {
        var list = apiPorts(container)
        list.sort { a, b in
            if a.privatePort != b.privatePort { return a.privatePort < b.privatePort }
            if a.ip != b.ip { return a.ip < b.ip }
            if a.publicPort != b.publicPort { return a.publicPort < b.publicPort }
            return a.type < b.type
        }
        func joinHostPort(_ host: String, _ port: String) -> String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
        func formGroup(_ key: String, _ first: Int, _ last: Int) -> String {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var type = parts[0]
            var ip = ""
            if parts.count > 1 {
                ip = parts[0]
                type = parts[1]
            }
            var group = String(first)
            if first != last { group += "-\(last)" }
            if !ip.isEmpty { group = "\(joinHostPort(ip, group))->\(group)" }
            return group + "/" + type
        }
        var groups: [String: (first: Int, last: Int)] = [:]
        var keys: [String] = []
        var result: [String] = []
        var mappings: [String] = []
        for port in list {
            var key = port.type
            if !port.ip.isEmpty {
                if port.publicPort != port.privatePort {
                    mappings.append(
                        "\(joinHostPort(port.ip, String(port.publicPort)))->\(port.privatePort)/\(port.type)")
                    continue
                }
                key = port.ip + "/" + port.type
            }
            guard let group = groups[key] else {
                groups[key] = (port.privatePort, port.privatePort)
                keys.append(key)
                continue
            }
            if port.privatePort == group.last + 1 {
                groups[key] = (group.first, port.privatePort)
                continue
            }
            result.append(formGroup(key, group.first, group.last))
            groups[key] = (port.privatePort, port.privatePort)
        }
        for key in keys {
            if let group = groups[key] { result.append(formGroup(key, group.first, group.last)) }
        }
        return (result + mappings).joined(separator: ", ")
    }

    /// `LOCAL VOLUMES`: the mounts of volumes of the `local` driver.
    static func localVolumes(_ container: Container) -> Int {
        var count = 0
        for point in container.mountPoints where point.driver == "local" { count += 1 }
        return count
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
