/// An image in the local store: a config and the chain of layers it names.
public struct Image: Sendable {
    /// The image ID: the digest of its config.
    public let id: Digest
    /// The config, kept in a shared box: an image is copied whenever it is looked up or listed,
    /// and copying the config's many strings and arrays (a retain each) cost more than the
    /// lookup itself. It never changes once the image exists.
    public var config: ImageConfig { box.config }
    private let box: ConfigBox
    /// The image this one was made from by `docker commit` (classic-builder style parent link).
    public let parent: Digest?
    /// The chainID of the image's top layer; nil for an image without layers.
    public let topLayer: Digest?
    /// The sum of the diff sizes of the image's layers.
    public let size: Int64
    /// When a tag was last added here (`Metadata.LastTagTime`).
    public var lastTagTime: Timestamp?

    public init(
        id: Digest, config: ImageConfig, parent: Digest?, topLayer: Digest?, size: Int64, lastTagTime: Timestamp? = nil
    ) {
        self.id = id
        self.box = ConfigBox(config)
        self.parent = parent
        self.topLayer = topLayer
        self.size = size
        self.lastTagTime = lastTagTime
    }

    public var created: Timestamp { box.config.created }

    private final class ConfigBox: Sendable {
        let config: ImageConfig
        init(_ config: ImageConfig) { self.config = config }
    }
}

/// The states docker gives a container (`.State.Status`).
public enum ContainerStatus: String, Sendable {
    case created, running, paused, restarting, removing, exited, dead
}

/// A process that runs by the simulated clock: it works until it sleeps or ends (a shell loop
/// such as `while true; do date >> hora.txt; sleep 1; done`). The shell provides it.
public protocol ContainerProgram: Sendable {
    /// Runs from where it stopped until it sleeps or ends, at the engine's current time.
    mutating func resume(containerID: String, engine: inout Engine) -> ProgramStep
}

/// Where a program stopped.
public enum ProgramStep: Sendable, Equatable {
    /// It sleeps for this many seconds.
    case sleep(Double)
    /// It ended with this status.
    case exit(Int32)
    /// It handed over to a long-running program (a script whose last line starts a web server
    /// in the foreground): the container's main process is now a service.
    case service
}

/// A program held by a container, compared by identity.
public struct RunningProgram: Sendable, Equatable {
    public var program: any ContainerProgram
    /// When it wakes up next.
    public var wake: Timestamp
    let serial: Int

    public static func == (lhs: RunningProgram, rhs: RunningProgram) -> Bool {
        lhs.serial == rhs.serial && lhs.wake == rhs.wake
    }
}

/// What a running container's main process is doing, as far as time and signals go.
public enum MainProcess: Sendable, Equatable {
    /// An interactive shell waiting for its terminal (`run -it ubuntu`): runs until it is told to exit.
    case interactiveShell
    /// A long-running service (`apache2ctl -D FOREGROUND`).
    case service
    /// A process that exits by itself at a given time (`sleep 30`).
    case timed(until: Timestamp, exitCode: Int32)
    /// A script run by the clock (a shell loop).
    case program(RunningProgram)

    /// When the process next needs the clock: its exit time or its next wake-up.
    var due: Timestamp? {
        switch self {
        case .timed(let until, _): until
        case .program(let running): running.wake
        default: nil
        }
    }
}

/// How a container was asked to run: the parts of `docker create` the simulator models.
public struct ContainerConfig: Sendable, Equatable {
    /// The image as the user typed it (`Config.Image`).
    public var image: String
    public var hostname: String
    public var tty: Bool
    public var openStdin: Bool
    public var env: [String]
    /// The user's command (replaces the image's Cmd when not empty).
    public var cmd: [String]
    public var entrypoint: [String]
    public var workingDir: String
    public var labels: [String: String]
    public var exposedPorts: [String]
    /// `Volumes`: the paths that get an anonymous volume (`-v /path`, and the image's `VOLUME`s
    /// once created), sorted.
    public var volumes: [String]

    public init(
        image: String, hostname: String = "", tty: Bool = false, openStdin: Bool = false, env: [String] = [],
        cmd: [String] = [], entrypoint: [String] = [], workingDir: String = "",
        labels: [String: String] = [:], exposedPorts: [String] = [], volumes: [String] = []
    ) {
        self.image = image
        self.hostname = hostname
        self.tty = tty
        self.openStdin = openStdin
        self.env = env
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.workingDir = workingDir
        self.labels = labels
        self.exposedPorts = exposedPorts
        self.volumes = volumes
    }

    /// `Path` and `Args`: the first word of Entrypoint + Cmd and the rest.
    public var path: String { (entrypoint + cmd).first ?? "" }
    public var args: [String] { Array((entrypoint + cmd).dropFirst()) }
}

/// One line a container's processes wrote, with the stream it went to.
public struct LogEntry: Sendable, Equatable {
    public enum Stream: Sendable { case stdout, stderr }
    public var stream: Stream
    public var text: String
    public var time: Timestamp

    public init(stream: Stream, text: String, time: Timestamp) {
        self.stream = stream
        self.text = text
        self.time = time
    }

    /// The bytes `text` takes in a json-file log: one JSON line per line of text, about 70
    /// bytes of keys, stream and time around it.
    static func jsonFileBytes(_ text: String) -> Int {
        var lines = 0
        for byte in text.utf8 where byte == 10 { lines += 1 }
        return text.utf8.count + 70 * max(lines, 1)
    }
}

/// A container: its configuration, state, times and copy-on-write file system.
public struct Container: Sendable {
    /// 64 hex characters.
    public let id: String
    /// The name without docker's leading `/`.
    public internal(set) var name: String
    public let created: Timestamp
    /// Orders containers created in the same instant (docker sorts by nanosecond creation time).
    public let sequence: Int
    /// The image the container was created from.
    public let imageID: Digest
    /// The image's top layer, which the container's writable layer holds.
    public let imageTopLayer: Digest?
    public internal(set) var config: ContainerConfig
    /// What it asks of the host: networking, ports, mounts, restart policy, limits.
    public internal(set) var hostConfig: HostConfig
    public internal(set) var status: ContainerStatus = .created
    public internal(set) var exitCode: Int32 = 0
    public internal(set) var startedAt: Timestamp = .zero
    public internal(set) var finishedAt: Timestamp = .zero
    public internal(set) var process: MainProcess?
    public internal(set) var restartCount = 0
    /// While `restarting`: when its restart policy starts it again.
    public internal(set) var restartDue: Timestamp?
    /// The restart manager's current back-off in seconds (0: none yet), reset by a manual start.
    var restartDelay: Double = 0
    /// The container's root file system (writable layer over the image, and its mounts).
    public internal(set) var fs: ContainerFS
    /// Its volumes, bind mounts and tmpfs mounts (`.Mounts`), sorted by destination.
    public internal(set) var mountPoints: [MountPoint] = []
    /// What its processes printed, for `docker logs`: the current log file and the one rotated
    /// before it (``appendLog(_:maxSize:)``).
    public internal(set) var logs: [LogEntry] = []
    /// Entries dropped by rotation since the container was created (so an index into the log
    /// stays valid: `logsRotated + logs.count` only grows).
    public internal(set) var logsRotated = 0
    /// Where the current log file starts in ``logs``, and its size in json-file bytes.
    var logFile: (start: Int, bytes: Int) = (0, 0)
    /// Shells opened with `docker exec -it` that are still attached.
    public internal(set) var execSessions = 0
    /// The networks it is attached to, in the order it joined them (`NetworkSettings.Networks`);
    /// their endpoints (address, MAC…) exist while it runs.
    public internal(set) var endpoints: [NetworkEndpoint] = []
    /// Its exposed and published ports while it runs (`NetworkSettings.Ports`); empty when stopped.
    public internal(set) var ports: [PublishedPort] = []
    /// The network sandbox while it runs (`SandboxID`), empty when stopped.
    public internal(set) var sandboxID = ""
    /// The `/etc/hosts` and `/etc/resolv.conf` docker last wrote: a file the user changed since
    /// is left alone (docker keeps a hash of what it wrote).
    var writtenHosts: String?
    var writtenResolvConf: String?

    /// The address of its first live endpoint (`172.17.0.2`), nil when stopped or without one.
    public var ipAddress: String? {
        endpoints.first { $0.address != nil }?.address?.description
    }

    /// Its endpoint on a network, by the network's name.
    public func endpoint(on network: String) -> NetworkEndpoint? {
        endpoints.first { $0.network == network }
    }

    /// When the clock next needs it: its running process's exit or wake-up, or its restart.
    var due: Timestamp? {
        switch status {
        case .running: process?.due
        case .restarting: restartDue
        default: nil
        }
    }

    public var shortID: String { id.utf8Prefix12 }

    /// Appends to the log as docker's json-file driver with `max-size` and `max-file=2` does:
    /// when the current file would pass `maxSize` it is rotated (it becomes the older file, and
    /// the older one is deleted), so the log never holds much more than twice `maxSize`.
    /// Sizes are the json-file lines' (`{"log":"…","stream":"stdout","time":"…"}` per line).
    mutating func appendLog(_ entry: LogEntry, maxSize: Int) {
        let size = LogEntry.jsonFileBytes(entry.text)
        if logFile.bytes > 0 && logFile.bytes + size > maxSize {
            logs.removeFirst(logFile.start)
            logsRotated += logFile.start
            logFile = (logs.count, 0)
        }
        logs.append(entry)
        logFile.bytes += size
    }
    public var isRunning: Bool { status == .running || status == .paused || status == .restarting }
    /// `SizeRw`: the size of the writable layer.
    public var sizeRw: Int64 { fs.size }
}
