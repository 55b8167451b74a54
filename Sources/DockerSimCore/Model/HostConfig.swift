// Source: moby api/types/container/hostconfig.go (v28.5.1) and the values docker/cli's
// cli/command/container/opts.go sends for `docker run`/`docker create`, after the daemon's
// adjustments on a cgroup v2 Linux host (daemon/daemon_unix.go, daemon/create_unix.go).

/// What a container asks of the host (`HostConfig` in `docker inspect`): networking, published
/// ports, mounts, restart policy and resource limits.
///
/// Every field docker's `HostConfig` has is printed by `inspect`; the ones modelled here are
/// those the simulator acts on or that `docker run` flags set. The rest print docker's values
/// for a container created by the CLI with no such flag.
///
/// ```swift
/// var host = HostConfig()
/// host.portBindings["80/tcp"] = [PortBinding(hostIP: "", hostPort: "8080")]
/// host.nanoCpus = 1_500_000_000  // --cpus 1.5
/// ```
public struct HostConfig: Sendable, Equatable {
    /// `-v` specifications as typed (`Binds`); nil when there were none.
    public var binds: [String]?
    /// `--network` (`bridge` unless given): `bridge`, `host`, `none`, a network's name or
    /// `container:NAME`.
    public var networkMode: String = "bridge"
    /// `-p`: container port with protocol (`80/tcp`) → its host bindings.
    public var portBindings: [String: [PortBinding]] = [:]
    /// `--restart`.
    public var restartPolicy = RestartPolicy()
    /// `--rm`.
    public var autoRemove = false
    /// `--volumes-from`; nil when there were none.
    public var volumesFrom: [String]?
    /// The terminal's size (rows, columns) when the container has one (`-t`), else `[0, 0]`.
    public var consoleSize: [Int] = [0, 0]
    /// `--cap-add`, `--cap-drop`; nil when there were none.
    public var capAdd: [String]?
    public var capDrop: [String]?
    /// `--dns`, `--dns-option`, `--dns-search` (never nil: docker sends empty lists).
    public var dns: [String] = []
    public var dnsOptions: [String] = []
    public var dnsSearch: [String] = []
    /// `--add-host` entries (`name:ip`); nil when there were none.
    public var extraHosts: [String]?
    /// `--link`; nil when there were none.
    public var links: [String]?
    /// `--privileged`.
    public var privileged = false
    /// `-P`: publish every exposed port on an ephemeral host port.
    public var publishAllPorts = false
    /// `--read-only`.
    public var readonlyRootfs = false
    /// `--tmpfs` (path → options); nil when there were none.
    public var tmpfs: [String: String]?
    /// `--shm-size`, 64 MiB by default.
    public var shmSize: Int64 = 67_108_864
    /// `--cpu-shares`.
    public var cpuShares: Int64 = 0
    /// `-m`/`--memory`, in bytes (0: no limit).
    public var memory: Int64 = 0
    /// `--cpus` in units of 10⁻⁹ CPUs (0: no limit).
    public var nanoCpus: Int64 = 0
    /// `--memory-reservation`, in bytes.
    public var memoryReservation: Int64 = 0
    /// `--memory-swap`, in bytes (-1: unlimited; the daemon makes it twice ``memory`` when only
    /// that is given, see ``Engine/updateContainer(_:_:)``).
    public var memorySwap: Int64 = 0
    /// `--mount` specifications as docker's `mount.Mount` objects, in the order given; nil when
    /// there were none.
    public var mounts: [MountSpec]?

    public init() {}
}

/// One host binding of a published port (`HostIp`, `HostPort`; empty strings for "any").
public struct PortBinding: Sendable, Equatable, Hashable {
    public var hostIP: String
    public var hostPort: String

    public init(hostIP: String, hostPort: String) {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }
}

/// `--restart`: `no`, `always`, `unless-stopped` or `on-failure[:N]`.
public struct RestartPolicy: Sendable, Equatable {
    public var name = "no"
    public var maximumRetryCount = 0

    public init(name: String = "no", maximumRetryCount: Int = 0) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }
}

extension HostConfig {
    /// The paths the runtime hides from a container that is not privileged (moby
    /// oci/defaults.go; a host without thermal-throttle files adds no more).
    public static let defaultMaskedPaths = [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap",
    ]

    /// The paths mounted read-only in a container that is not privileged.
    public static let defaultReadonlyPaths = [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ]

    /// `HostConfig` as `docker inspect` prints it, every key in docker's order.
    public var json: JSONValue {
        func strings(_ list: [String]?) -> JSONValue { list.map { .array($0.map(JSONValue.string)) } ?? .null }
        func map(_ dictionary: [String: String]?) -> JSONValue? {
            dictionary.map { .sortedObject($0.mapValues(JSONValue.string)) }
        }
        let bindings = portBindings.mapValues { list in
            JSONValue.array(
                list.map { .object([("HostIp", .string($0.hostIP)), ("HostPort", .string($0.hostPort))]) })
        }
        var pairs: [(String, JSONValue)] = [
            ("Binds", strings(binds)),
            ("ContainerIDFile", .string("")),
            ("LogConfig", .object([("Type", .string("json-file")), ("Config", .object([]))])),
            ("NetworkMode", .string(networkMode)),
            ("PortBindings", .sortedObject(bindings)),
            (
                "RestartPolicy",
                .object([
                    ("Name", .string(restartPolicy.name)),
                    ("MaximumRetryCount", .int(Int64(restartPolicy.maximumRetryCount))),
                ])
            ),
            ("AutoRemove", .bool(autoRemove)),
            ("VolumeDriver", .string("")),
            ("VolumesFrom", strings(volumesFrom)),
            ("ConsoleSize", .array(consoleSize.map { .int(Int64($0)) })),
            ("CapAdd", strings(capAdd)),
            ("CapDrop", strings(capDrop)),
            ("CgroupnsMode", .string("private")),
            ("Dns", strings(dns)),
            ("DnsOptions", strings(dnsOptions)),
            ("DnsSearch", strings(dnsSearch)),
            ("ExtraHosts", strings(extraHosts)),
            ("GroupAdd", .null),
            ("IpcMode", .string("private")),
            ("Cgroup", .string("")),
            ("Links", strings(links)),
            ("OomScoreAdj", .int(0)),
            ("PidMode", .string("")),
            ("Privileged", .bool(privileged)),
            ("PublishAllPorts", .bool(publishAllPorts)),
            ("ReadonlyRootfs", .bool(readonlyRootfs)),
            ("SecurityOpt", .null),
        ]
        if let tmpfs = map(tmpfs) { pairs.append(("Tmpfs", tmpfs)) }
        pairs += [
            ("UTSMode", .string("")),
            ("UsernsMode", .string("")),
            ("ShmSize", .int(shmSize)),
            ("Runtime", .string("runc")),
            ("Isolation", .string("")),
            ("CpuShares", .int(cpuShares)),
            ("Memory", .int(memory)),
            ("NanoCpus", .int(nanoCpus)),
            ("CgroupParent", .string("")),
            ("BlkioWeight", .int(0)),
            ("BlkioWeightDevice", .array([])),
            ("BlkioDeviceReadBps", .array([])),
            ("BlkioDeviceWriteBps", .array([])),
            ("BlkioDeviceReadIOps", .array([])),
            ("BlkioDeviceWriteIOps", .array([])),
            ("CpuPeriod", .int(0)),
            ("CpuQuota", .int(0)),
            ("CpuRealtimePeriod", .int(0)),
            ("CpuRealtimeRuntime", .int(0)),
            ("CpusetCpus", .string("")),
            ("CpusetMems", .string("")),
            ("Devices", .array([])),
            ("DeviceCgroupRules", .null),
            ("DeviceRequests", .null),
            ("MemoryReservation", .int(memoryReservation)),
            ("MemorySwap", .int(memorySwap)),
            ("MemorySwappiness", .null),
            ("OomKillDisable", .null),
            ("PidsLimit", .null),
            ("Ulimits", .array([])),
            ("CpuCount", .int(0)),
            ("CpuPercent", .int(0)),
            ("IOMaximumIOps", .int(0)),
            ("IOMaximumBandwidth", .int(0)),
        ]
        if let mounts { pairs.append(("Mounts", .array(mounts.map(\.json)))) }
        pairs += [
            ("MaskedPaths", privileged ? .null : .array(Self.defaultMaskedPaths.map(JSONValue.string))),
            ("ReadonlyPaths", privileged ? .null : .array(Self.defaultReadonlyPaths.map(JSONValue.string))),
        ]
        return .object(pairs)
    }
}
