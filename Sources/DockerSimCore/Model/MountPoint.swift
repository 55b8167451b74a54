// Sources: moby volume/mounts/mounts.go (MountPoint), api/types/container/container.go
// (MountPoint: the `.Mounts` of inspect), api/types/mount/mount.go (Mount: `--mount`'s request),
// container/container_unix.go (GetMountPoints).

/// The kinds of mount a container can have (`mount.Type`).
public enum MountType: String, Sendable, Equatable, CaseIterable {
    case volume, bind, tmpfs
}

/// One mount of a container as the daemon records it (`container.MountPoints`): what `.Mounts`
/// shows in `docker inspect`, and what `rm -v` looks at.
///
/// ```swift
/// MountPoint(type: .volume, name: "miweb", source: "/var/lib/docker/volumes/miweb/_data",
///            destination: "/usr/local/apache2/htdocs", driver: "local", mode: "z", rw: true)
/// ```
public struct MountPoint: Sendable, Equatable {
    public var type: MountType
    /// The volume's name ("" for binds and tmpfs).
    public var name: String
    /// The volume's mountpoint or the bind's host path ("" for tmpfs).
    public var source: String
    /// The absolute path inside the container, cleaned.
    public var destination: String
    /// `local` for volumes, "" otherwise.
    public var driver: String
    /// The options typed after the last `:` of `-v` (`ro`, `z`…); `z` for a named volume given
    /// without any; "" for `--mount` binds, tmpfs and the anonymous volumes of `VOLUME`.
    public var mode: String
    /// Read-write (false for `:ro`, `readonly`).
    public var rw: Bool
    /// `rprivate` for binds, "" otherwise.
    public var propagation: String
    /// The source the mount was asked with (`Spec.Source`): "" for an anonymous volume, which
    /// `rm -v` and `--rm` remove with the container.
    public var specSource: String
    /// Whether a missing host path is made when the container starts (`-v`'s binds; a
    /// `--mount` bind's source must exist instead).
    public var createsSource = true

    public init(
        type: MountType, name: String = "", source: String = "", destination: String, driver: String = "",
        mode: String = "", rw: Bool = true, propagation: String = "", specSource: String = ""
    ) {
        self.type = type
        self.name = name
        self.source = source
        self.destination = destination
        self.driver = driver
        self.mode = mode
        self.rw = rw
        self.propagation = propagation
        self.specSource = specSource
    }

    /// Whether `rm -v` removes the volume with the container: an anonymous volume.
    public var isAnonymousVolume: Bool { type == .volume && specSource.isEmpty }

    /// One element of `.Mounts` (`Name` and `Driver` left out when empty, as docker's
    /// `omitempty` does).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("Type", .string(type.rawValue))]
        if !name.isEmpty { pairs.append(("Name", .string(name))) }
        pairs += [("Source", .string(source)), ("Destination", .string(destination))]
        if !driver.isEmpty { pairs.append(("Driver", .string(driver))) }
        pairs += [("Mode", .string(mode)), ("RW", .bool(rw)), ("Propagation", .string(propagation))]
        return .object(pairs)
    }
}

/// A `--mount` request as the CLI sends it (`mount.Mount`), kept in `HostConfig.Mounts`.
public struct MountSpec: Sendable, Equatable {
    public var type: String
    public var source: String = ""
    public var target: String = ""
    public var readOnly = false
    /// `bind-propagation`.
    public var propagation: String?
    /// `volume-nocopy`.
    public var noCopy: Bool?
    /// `volume-label`s (present, possibly empty, when any `volume-*` option was given).
    public var volumeLabels: [String: String]?
    /// `volume-driver`.
    public var volumeDriver: String?
    /// `volume-opt`s.
    public var volumeOptions: [String: String]?
    /// `volume-subpath`.
    public var subpath: String?
    /// `tmpfs-size` in bytes and `tmpfs-mode`.
    public var tmpfsSize: Int64?
    public var tmpfsMode: UInt32?
    /// Whether the request had `BindOptions`, `VolumeOptions`, `TmpfsOptions` objects at all.
    public var hasBindOptions = false
    public var hasVolumeOptions = false
    public var hasTmpfsOptions = false

    public init(type: String) { self.type = type }

    /// The object as `HostConfig.Mounts` shows it in `docker inspect`.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("Type", .string(type))]
        if !source.isEmpty { pairs.append(("Source", .string(source))) }
        pairs.append(("Target", .string(target)))
        if readOnly { pairs.append(("ReadOnly", .bool(true))) }
        if hasBindOptions {
            var bind: [(String, JSONValue)] = []
            if let propagation { bind.append(("Propagation", .string(propagation))) }
            pairs.append(("BindOptions", .object(bind)))
        }
        if hasVolumeOptions {
            var volume: [(String, JSONValue)] = []
            if noCopy == true { volume.append(("NoCopy", .bool(true))) }
            if let volumeLabels, !volumeLabels.isEmpty {
                volume.append(("Labels", .sortedObject(volumeLabels.mapValues(JSONValue.string))))
            }
            if let subpath, !subpath.isEmpty { volume.append(("Subpath", .string(subpath))) }
            var driver: [(String, JSONValue)] = []
            if let volumeDriver, !volumeDriver.isEmpty { driver.append(("Name", .string(volumeDriver))) }
            if let volumeOptions, !volumeOptions.isEmpty {
                driver.append(("Options", .sortedObject(volumeOptions.mapValues(JSONValue.string))))
            }
            volume.append(("DriverConfig", .object(driver)))
            pairs.append(("VolumeOptions", .object(volume)))
        }
        if hasTmpfsOptions {
            var tmpfs: [(String, JSONValue)] = []
            if let tmpfsSize { tmpfs.append(("SizeBytes", .int(tmpfsSize))) }
            if let tmpfsMode { tmpfs.append(("Mode", .int(Int64(tmpfsMode)))) }
            pairs.append(("TmpfsOptions", .object(tmpfs)))
        }
        return .object(pairs)
    }
}
