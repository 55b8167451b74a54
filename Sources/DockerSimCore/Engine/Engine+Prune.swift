// Sources: moby daemon/prune.go (ContainersPrune), daemon/images/image_prune.go (ImagesPrune),
// daemon/internal/filters (prune filters), docker/cli opts/filter.go.

/// What a prune removed and the space it gave back.
public struct PruneReport: Sendable, Equatable {
    /// Full IDs of the removed containers, newest first.
    public var containersDeleted: [String] = []
    /// `untagged:` / `deleted:` records of the images removed, in the daemon's order.
    public var imagesDeleted: [RemovalRecord] = []
    /// Σ SizeRw of the removed containers, or Σ diff size of the deleted layers.
    public var spaceReclaimed: Int64 = 0

    public init() {}
}

/// The `--filter` values a prune takes (`until=`, `label=`, `label!=`), as the daemon checks them.
public struct PruneFilter: Sendable, Equatable {
    /// Only objects created before this time.
    public var until: Timestamp?
    /// `label=KEY` or `label=KEY=VALUE`: every one must match.
    public var labels: [(key: String, value: String?)] = []
    /// `label!=KEY` or `label!=KEY=VALUE`: none may match.
    public var notLabels: [(key: String, value: String?)] = []

    public init() {}

    public static func == (lhs: PruneFilter, rhs: PruneFilter) -> Bool {
        lhs.until == rhs.until && lhs.labels.map(\.key) == rhs.labels.map(\.key)
            && lhs.labels.map(\.value) == rhs.labels.map(\.value)
            && lhs.notLabels.map(\.key) == rhs.notLabels.map(\.key)
            && lhs.notLabels.map(\.value) == rhs.notLabels.map(\.value)
    }

    /// Parses `name=value` filters the CLI already split (`until=24h`, `label=env=prod`).
    /// - Parameters:
    ///   - raw: the `--filter` values as typed.
    ///   - now: what a duration counts back from.
    /// - Throws: the daemon's `invalid filter '…'` for a name it does not accept.
    public static func parse(_ raw: [String], now: Timestamp) throws(DockerError) -> PruneFilter {
        var filter = PruneFilter()
        for item in raw {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0].trimmed
            let value = parts.count > 1 ? parts[1].trimmed : ""
            switch name {
            case "until":
                if filter.until != nil {
                    throw .daemon("more than one until filter specified", kind: .invalidParameter)
                }
                filter.until = try untilTime(value, now: now)
            case "label", "label!":
                let pair = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let entry = (key: pair[0], value: pair.count > 1 ? pair[1] : nil)
                if name == "label" { filter.labels.append(entry) } else { filter.notLabels.append(entry) }
            default:
                throw .daemon("invalid filter '\(name)'", kind: .invalidParameter)
            }
        }
        return filter
    }

    /// Whether an object with these labels, created then, is pruned.
    public func matches(labels objectLabels: [String: String], created: Timestamp) -> Bool {
        if let until, created >= until { return false }
        for label in labels {
            guard let found = objectLabels[label.key] else { return false }
            if let wanted = label.value, wanted != found { return false }
        }
        for label in notLabels {
            if let found = objectLabels[label.key], label.value == nil || label.value == found { return false }
        }
        return true
    }

    /// `timetypes.GetTimestamp` (see ``FilterTime``).
    static func untilTime(_ value: String, now: Timestamp) throws(DockerError) -> Timestamp {
        try FilterTime.timestamp(value, now: now)
    }
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

extension Engine {
    /// `docker container prune`: removes every container that is not running (created and
    /// exited ones), newest first; the space is the sum of their writable layers.
    public mutating func pruneContainers(filter: PruneFilter = PruneFilter()) -> PruneReport {
        settle()
        var report = PruneReport()
        for container in containersNewestFirst where !container.isRunning {
            guard filter.matches(labels: container.config.labels, created: container.created) else { continue }
            report.spaceReclaimed += container.sizeRw
            removeContainerRecord(container.id)
            report.containersDeleted.append(container.id)
        }
        return report
    }

    /// `docker image prune` (`all` for `-a`): the daemon's `ImagesPrune`. Dangling top-level images
    /// go (by ID, or through their digest references); with `all`, also tagged images no container
    /// uses. Each removal is an rmi without force, so images in use are skipped silently.
    /// The space is the sum of the diff sizes of the layers deleted.
    public mutating func pruneImages(all: Bool, filter: PruneFilter = PruneFilter()) -> PruneReport {
        settle()
        var report = PruneReport()
        let layersBefore = layers.layers
        // Heads (no children) when dangling only; every top-level image with -a.
        let candidates = images.values.filter { image in
            let refs = references(of: image.id)
            let hasChildren = !children(of: image.id).isEmpty
            if !all { return !hasChildren }
            return !(refs.isEmpty && hasChildren)
        }.filter { image in
            filter.matches(labels: image.config.config.labels ?? [:], created: image.created)
        }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        for image in candidates {
            guard images[image.id] != nil else { continue }  // gone with an earlier one
            let refs = references(of: image.id)
            var records: [RemovalRecord] = []
            if refs.isEmpty {
                if let removed = try? removeImage(image.id.hex, force: false, prune: true) { records = removed }
            } else {
                let shouldDelete = all || !refs.contains { $0.digest == nil }
                guard shouldDelete else { continue }
                for ref in refs where references[ref] != nil {
                    if let removed = try? removeImage(ref.familiarString, force: false, prune: true) {
                        records += removed
                    }
                }
            }
            report.imagesDeleted += records
        }
        for record in report.imagesDeleted {
            if case .deleted(let digest) = record, let layer = layersBefore[digest] {
                report.spaceReclaimed += layer.diffSize
            }
        }
        return report
    }
}
