// Source: moby volume/mounts/linux_parser.go, parser.go, validate.go, mounts.go, volume_copy.go
// (v28.5.1): how the daemon reads `Binds` (`-v SRC:DST[:MODE]`), `Mounts` (`--mount`) and
// `VolumesFrom`, with its error texts.

/// A mount the daemon has parsed, before volumes are looked up or created.
public struct ParsedMount: Sendable, Equatable {
    public var type: MountType
    /// A volume's name ("" for an anonymous volume, a bind or a tmpfs).
    public var name: String = ""
    /// A bind's host path, cleaned.
    public var source: String = ""
    /// The path in the container, cleaned.
    public var destination: String
    public var rw: Bool
    public var mode: String = ""
    public var propagation: String = ""
    /// Whether a new, empty volume is first filled with what the image has at the destination.
    public var copyData = false
    /// `Spec.Source`: the source as asked ("" for an anonymous volume).
    public var specSource: String = ""
    /// `--mount` binds: the host path must exist (the daemon does not create it).
    public var skipMountpointCreation = false
    /// `volume-label`s for a volume `--mount` creates.
    public var volumeLabels: [String: String]?
}

/// The daemon's Linux mount parser.
public enum MountParser {
    static let propagationModes: Set<String> = ["private", "rprivate", "slave", "rslave", "shared", "rshared"]
    static let labelModes: Set<String> = ["z", "Z"]
    static let consistencyModes: Set<String> = ["consistent", "cached", "delegated"]

    /// `linuxValidMountMode`: comma-separated options, at most one of each kind.
    static func validMode(_ mode: String) -> Bool {
        if mode.isEmpty { return true }
        var counts = [0, 0, 0, 0, 0]
        for option in mode.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if option == "rw" || option == "ro" {
                counts[0] += 1
            } else if labelModes.contains(option) {
                counts[1] += 1
            } else if propagationModes.contains(option) {
                counts[2] += 1
            } else if option == "nocopy" {
                counts[3] += 1
            } else if consistencyModes.contains(option) {
                counts[4] += 1
            } else {
                return false
            }
        }
        return counts.allSatisfy { $0 <= 1 }
    }

    static func options(_ mode: String) -> [String] {
        mode.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// `ReadWrite`: false for an invalid mode or one with `ro`.
    static func readWrite(_ mode: String) -> Bool {
        validMode(mode) && !options(mode).contains("ro")
    }

    static func invalidSpec(_ raw: String) -> String { "invalid volume specification: '\(raw)'" }

    /// `path.Clean` for an absolute or relative slash path.
    public static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = FilePath.normalize(path)
        if absolute { return FilePath.string(parts) }
        // A relative path keeps leading `..` that cannot be folded.
        var kept: [String] = []
        for part in FilePath.components(path) {
            if part == "..", let last = kept.last, last != ".." {
                kept.removeLast()
            } else {
                kept.append(part)
            }
        }
        return kept.isEmpty ? "." : kept.joined(separator: "/")
    }

    /// `ParseMountRaw`: one `-v` specification that has a source (`SRC:DST[:MODE]`).
    public static func parseRaw(_ raw: String) throws(DockerError) -> ParsedMount {
        let parts = raw.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard !parts[0].isEmpty else { throw .daemon(invalidSpec(raw), kind: .invalidParameter) }
        var spec = MountSpec(type: "")
        var mode = ""
        switch parts.count {
        case 1:
            spec.target = parts[0]
        case 2:
            // Destination + mode is not a volume (`/foo:rw`).
            if validMode(parts[1]) { throw .daemon(invalidSpec(raw), kind: .invalidParameter) }
            spec.source = parts[0]
            spec.target = parts[1]
        case 3:
            spec.source = parts[0]
            spec.target = parts[1]
            mode = parts[2]
        default:
            throw .daemon(invalidSpec(raw), kind: .invalidParameter)
        }
        guard validMode(mode) else { throw .daemon("invalid mode: \(mode)", kind: .invalidParameter) }
        spec.type = spec.source.hasPrefix("/") ? "bind" : "volume"
        spec.readOnly = !readWrite(mode)
        if options(mode).contains("nocopy") {
            spec.hasVolumeOptions = true
            spec.noCopy = true
        }
        if let propagation = options(mode).first(where: propagationModes.contains) {
            spec.hasBindOptions = true
            spec.propagation = propagation
        }
        var parsed: ParsedMount
        do {
            parsed = try parseSpec(spec, bindSourceExists: nil)
        } catch {
            throw .daemon(invalidSpec(raw) + ": " + error.message, kind: .invalidParameter)
        }
        parsed.mode = mode
        return parsed
    }

    /// `validateMountConfigImpl` then `parseMountSpec`: one `--mount` (or a `-v` turned into one).
    /// - Parameter bindSourceExists: whether a host path exists; nil not to check (`-v`).
    public static func parseSpec(
        _ spec: MountSpec, bindSourceExists: ((String) -> Bool)?
    ) throws(DockerError) -> ParsedMount {
        try validate(spec, bindSourceExists: bindSourceExists)
        let destination = clean(spec.target)
        switch spec.type {
        case "volume":
            var parsed = ParsedMount(type: .volume, destination: destination, rw: !spec.readOnly)
            parsed.name = spec.source
            parsed.specSource = spec.source
            parsed.copyData = spec.noCopy != true
            parsed.volumeLabels = spec.hasVolumeOptions ? (spec.volumeLabels ?? [:]) : nil
            return parsed
        case "bind":
            var parsed = ParsedMount(type: .bind, destination: destination, rw: !spec.readOnly)
            parsed.source = clean(spec.source)
            parsed.specSource = spec.source
            parsed.propagation = spec.propagation.flatMap { $0.isEmpty ? nil : $0 } ?? "rprivate"
            return parsed
        default:
            return ParsedMount(type: .tmpfs, destination: destination, rw: !spec.readOnly)
        }
    }

    /// `validateMountConfigImpl`.
    static func validate(_ spec: MountSpec, bindSourceExists: ((String) -> Bool)?) throws(DockerError) {
        func fail(_ reason: String) -> DockerError {
            .daemon("invalid mount config for type \"\(spec.type)\": \(reason)", kind: .invalidParameter)
        }
        if spec.target.isEmpty { throw fail("field Target must not be empty") }
        if let problem = destinationProblem(spec.target) { throw fail(problem) }
        switch spec.type {
        case "bind":
            if spec.source.isEmpty { throw fail("field Source must not be empty") }
            if let propagation = spec.propagation, !propagation.isEmpty, !propagationModes.contains(propagation) {
                throw fail("invalid propagation mode: \(propagation)")
            }
            if spec.hasVolumeOptions { throw fail("field VolumeOptions must not be specified") }
            if !spec.source.hasPrefix("/") {
                throw fail("invalid mount path: '\(spec.source)' mount path must be absolute")
            }
            if let bindSourceExists, !bindSourceExists(spec.source) {
                throw fail("bind source path does not exist: \(spec.source)")
            }
        case "volume":
            if spec.hasBindOptions { throw fail("field BindOptions must not be specified") }
            let anonymous = spec.source.isEmpty
            if let subpath = spec.subpath, !subpath.isEmpty {
                if anonymous { throw fail("must not set Subpath when using anonymous volumes") }
                let cleaned = clean(subpath)
                if subpath.hasPrefix("/") || cleaned == ".." || cleaned.hasPrefix("../") {
                    throw fail("subpath must be a relative path within the volume")
                }
            }
            if spec.readOnly && anonymous { throw fail("must not set ReadOnly mode when using anonymous volumes") }
        case "tmpfs":
            if spec.hasBindOptions { throw fail("field BindOptions must not be specified") }
            if !spec.source.isEmpty { throw fail("field Source must not be specified") }
        default:
            throw fail("mount type unknown")
        }
    }

    /// `linuxValidateNotRoot` and `linuxValidateAbsolute` (`ValidateTmpfsMountDestination`): what is
    /// wrong with a destination, or nil.
    public static func destinationProblem(_ target: String) -> String? {
        let slashed = target.replacing("\\", with: "/")
        if clean(slashed) == "/" { return "invalid specification: destination can't be '/'" }
        if !slashed.hasPrefix("/") { return "invalid mount path: '\(slashed)' mount path must be absolute" }
        return nil
    }

    /// `ParseVolumesFrom`: `CONTAINER[:MODE]` (`rw` unless a mode says otherwise).
    public static func parseVolumesFrom(_ spec: String) throws(DockerError) -> (container: String, mode: String) {
        if spec.isEmpty {
            throw .daemon("volumes-from specification cannot be an empty string", kind: .invalidParameter)
        }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let mode = parts.count > 1 ? parts[1] : ""
        if mode.isEmpty { return (parts[0], "rw") }
        let opts = options(mode)
        guard validMode(mode), !opts.contains(where: propagationModes.contains), !opts.contains("nocopy") else {
            throw .daemon("invalid mode: \(mode)", kind: .invalidParameter)
        }
        return (parts[0], mode)
    }
}
