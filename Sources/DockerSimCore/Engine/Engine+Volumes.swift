// Sources: moby volume/service/service.go (Create, Remove, Prune), volume/service/store.go
// (create, Get, Remove, refs), volume/service/errors.go (OpErr texts), volume/local/local.go
// (validateName), volume/service/convert.go (withPrune).

/// What `docker volume prune` removed.
public struct VolumePruneReport: Sendable, Equatable {
    /// The names of the removed volumes, sorted.
    public var deleted: [String] = []
    /// Σ size of their files.
    public var spaceReclaimed: Int64 = 0

    public init() {}
}

extension Engine {
    /// `docker volume create` (and the volumes `run` creates): the volume named `name`, created
    /// when it does not exist yet. An existing volume is returned as it is (its labels untouched).
    /// - Parameters:
    ///   - name: the name, or nil for an anonymous volume (64 random hex digits, labelled
    ///     ``Volume/anonymousLabel``).
    ///   - driver: only `local` exists; another name is the daemon's "plugin not found".
    ///   - labels: nil when the creator sends none (`-v NAME:/path`); `volume create` sends a map.
    /// - Throws: the daemon's errors for a bad name or driver (`create NAME: …`).
    @discardableResult
    public mutating func createVolume(
        named name: String?, driver: String = "local", labels: [String: String]?,
        options: [String: String]? = nil
    ) throws(DockerError) -> Volume {
        var labels = labels
        let chosen: String
        if let name, !name.isEmpty {
            chosen = name
        } else {
            chosen = newVolumeName()
            labels = (labels ?? [:]).merging([Volume.anonymousLabel: ""]) { $1 }
        }
        if let existing = volumes[chosen] { return existing }
        let driverName = driver.isEmpty ? "local" : driver
        guard driverName == "local" else {
            throw .daemon(
                "create \(chosen): error looking up volume plugin \(driverName): plugin \"\(driverName)\" not found",
                kind: .notFound)
        }
        try Self.validateVolumeName(chosen)
        let created = now
        let volume = Volume(
            name: chosen, createdAt: created, labels: labels, options: options,
            data: FileTree(rootMeta: Volume.dataDirectoryMeta(created)))
        volumes[chosen] = volume
        log(.volume, "create", chosen, [EngineEvent.Attribute(key: "driver", value: volume.driver)])
        return volume
    }

    /// The volume named `name` (`docker volume inspect`).
    /// - Throws: `get NAME: no such volume`.
    public func findVolume(_ name: String) throws(DockerError) -> Volume {
        guard let volume = volumes[name] else { throw Self.noSuchVolume(name) }
        return volume
    }

    /// The volumes, sorted by name.
    public var volumesByName: [Volume] {
        volumes.values.sorted { $0.name < $1.name }
    }

    /// `docker volume rm`: removes a volume no container references. With `force`, a volume that
    /// does not exist is no error.
    /// - Throws: `get NAME: no such volume`; `remove NAME: volume is in use - [IDs]`.
    public mutating func removeVolume(_ name: String, force: Bool = false) throws(DockerError) {
        guard let volume = volumes[name] else {
            if force { return }
            throw Self.noSuchVolume(name)
        }
        guard volume.references.isEmpty else {
            throw .daemon(
                "remove \(name): volume is in use - [\(volume.references.sorted().joined(separator: ", "))]",
                kind: .conflict)
        }
        volumes[name] = nil
        log(.volume, "destroy", name, [EngineEvent.Attribute(key: "driver", value: volume.driver)])
    }

    /// `docker volume prune`: removes the volumes no container references — only anonymous ones
    /// unless `all` — that match `filter`'s labels.
    public mutating func pruneVolumes(all: Bool, filter: PruneFilter = PruneFilter()) -> VolumePruneReport {
        settle()
        var report = VolumePruneReport()
        for volume in volumesByName where volume.references.isEmpty && (all || volume.isAnonymous) {
            guard volume.driver == "local", volume.options?.isEmpty ?? true else { continue }
            guard filter.matches(labels: volume.labels ?? [:], created: .zero) else { continue }
            report.spaceReclaimed += volume.size
            report.deleted.append(volume.name)
            volumes[volume.name] = nil
            log(.volume, "destroy", volume.name, [EngineEvent.Attribute(key: "driver", value: volume.driver)])
        }
        return report
    }

    // MARK: - Names

    /// A new anonymous volume's name: 64 hex digits whose first 12 are not all digits.
    mutating func newVolumeName() -> String {
        while true {
            let name = rng.hex(64)
            if name.prefix(12).allSatisfy(\.isNumber) { continue }
            if volumes[name] == nil { return name }
        }
    }

    /// The local driver's rule: at least two characters, `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    static func validateVolumeName(_ name: String) throws(DockerError) {
        if name.count == 1 {
            throw .daemon(
                "create \(name): volume name is too short, names should be at least two alphanumeric characters",
                kind: .invalidParameter)
        }
        guard isValidName(name) else {
            var quoted = ""
            JSONValue.quote(name, escapeHTML: false, into: &quoted)
            throw .daemon(
                "create \(name): \(quoted) includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                kind: .invalidParameter)
        }
    }

    static func noSuchVolume(_ name: String) -> DockerError {
        .daemon("get \(name): no such volume", kind: .notFound)
    }
}
