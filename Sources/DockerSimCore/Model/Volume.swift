// Sources: moby volume/service/service.go (Create, Prune, LocalVolumesSize), volume/service/store.go
// (references, Remove), volume/local/local.go (names, paths), api/types/volume/volume.go.

/// A volume of the `local` driver: a directory the daemon keeps under
/// `/var/lib/docker/volumes/NAME/_data`, outside every container's writable layer.
///
/// Its files are a ``FileTree`` of their own: containers that mount it see and change that tree,
/// and its size is what `docker system df -v` reports. The daemon counts the containers that
/// reference it (of any state); a referenced volume cannot be removed.
///
/// ```swift
/// let volume = try engine.createVolume(named: "datos", labels: [:])
/// volume.mountpoint  // "/var/lib/docker/volumes/datos/_data"
/// ```
public struct Volume: Sendable {
    /// The label the daemon puts on the volumes it names itself (`-v /data`, an image's `VOLUME`).
    public static let anonymousLabel = "com.docker.volume.anonymous"

    /// The name: given, or 64 random hex digits for an anonymous volume.
    public let name: String
    /// Always `local` (the only driver simulated).
    public let driver: String
    /// When the daemon created it (`CreatedAt`: the volume directory's modification time).
    public let createdAt: Timestamp
    /// Labels as the daemon stores them: nil when the creator sent none (a volume created by
    /// `-v NAME:/path` prints `"Labels": null`; `volume create` sends an empty map: `{}`).
    public let labels: [String: String]?
    /// Driver options (`-o`), nil or empty (options are not simulated).
    public let options: [String: String]?
    /// The content of `_data`.
    public internal(set) var data: FileTree
    /// The IDs of the containers that reference the volume (docker's reference counts).
    public internal(set) var references: Set<String> = []

    public init(
        name: String, driver: String = "local", createdAt: Timestamp, labels: [String: String]?,
        options: [String: String]?, data: FileTree
    ) {
        self.name = name
        self.driver = driver
        self.createdAt = createdAt
        self.labels = labels
        self.options = options
        self.data = data
    }

    /// Whether the daemon named it (it carries ``anonymousLabel``): what `volume prune` removes
    /// without `-a`, and what `rm -v` removes with its container.
    public var isAnonymous: Bool { labels?[Self.anonymousLabel] != nil }

    /// `/var/lib/docker/volumes/NAME/_data`.
    public var mountpoint: String { "/var/lib/docker/volumes/\(name)/_data" }

    /// The bytes of its files (`directory.Size`), as `system df -v` shows them.
    public var size: Int64 { data.size }

    /// How many containers reference it (`LINKS` in `system df -v`).
    public var referenceCount: Int { references.count }

    /// The metadata of a new volume's `_data` directory (root's, 0755).
    static func dataDirectoryMeta(_ time: Timestamp) -> FileMetadata {
        FileMetadata(mode: 0o755, mtime: time.seconds)
    }

    /// The volume as `docker volume inspect` prints it (moby's `volume.Volume`, keys in its order).
    public var json: JSONValue {
        func map(_ values: [String: String]?) -> JSONValue {
            values.map { .sortedObject($0.mapValues(JSONValue.string)) } ?? .null
        }
        return .object([
            ("CreatedAt", .string(createdAt.rfc3339)),
            ("Driver", .string(driver)),
            ("Labels", map(labels)),
            ("Mountpoint", .string(mountpoint)),
            ("Name", .string(name)),
            ("Options", map(options)),
            ("Scope", .string("local")),
        ])
    }
}
