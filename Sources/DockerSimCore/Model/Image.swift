/// An image in the local store: a config and the chain of layers it names.
public struct Image: Sendable {
    /// What never changes once the image exists, in one shared box: an image is copied whenever
    /// it is looked up or listed, and copying its digests and the config's many strings and
    /// arrays (a retain each) cost more than the lookup itself.
    @usableFromInline final class Facts: Sendable {
        // (The fields a walk over every image reads first, so that they share a cache line: the
        // config is large and inline.)
        @usableFromInline let topLayer: Digest?
        /// The store's facts of ``topLayer``, when the engine stored the image (see
        /// ``Image/topLayerFacts``).
        @usableFromInline let topLayerFacts: Layer.Facts?
        @usableFromInline let size: Int64
        /// How many history entries made a layer (see ``Image/layerSteps``).
        @usableFromInline let layerSteps: Int
        @usableFromInline let id: Digest
        @usableFromInline let parent: Digest?
        @usableFromInline let config: ImageConfig

        init(
            id: Digest, config: ImageConfig, parent: Digest?, topLayer: Digest?, size: Int64,
            topLayerFacts: Layer.Facts? = nil, layerSteps: Int? = nil
        ) {
            self.id = id
            self.config = config
            self.parent = parent
            self.topLayer = topLayer
            self.size = size
            self.topLayerFacts = topLayerFacts
            self.layerSteps = layerSteps ?? config.history.reduce(0) { $0 + ($1.isEmptyLayer ? 0 : 1) }
        }
    }

    @usableFromInline private(set) var facts: Facts

    /// The image ID: the digest of its config.
    @inlinable public var id: Digest { facts.id }
    /// The config. It never changes once the image exists.
    @inlinable public var config: ImageConfig { facts.config }
    /// The image this one was made from by `docker commit` (classic-builder style parent link).
    @inlinable public var parent: Digest? { facts.parent }
    /// The chainID of the image's top layer; nil for an image without layers.
    @inlinable public var topLayer: Digest? { facts.topLayer }
    /// The sum of the diff sizes of the image's layers.
    @inlinable public var size: Int64 { facts.size }
    /// When a tag was last added here (`Metadata.LastTagTime`).
    public var lastTagTime: Timestamp?

    public init(
        id: Digest, config: ImageConfig, parent: Digest?, topLayer: Digest?, size: Int64, lastTagTime: Timestamp? = nil
    ) {
        self.facts = Facts(id: id, config: config, parent: parent, topLayer: topLayer, size: size)
        self.lastTagTime = lastTagTime
    }

    @inlinable public var created: Timestamp { facts.config.created }

    /// The layer store's facts of the top layer, linked when the engine stored the image
    /// (``Engine/insertImage(_:)``): an image holds its top layer, so while the image is in the
    /// engine these are the store's (``Engine/invariantViolations()`` checks it), and a chain is
    /// walked from them through ``Layer/Facts/below`` with no look-up by chainID. nil for an
    /// image without layers, or one not stored by the engine (look ``topLayer`` up then).
    @inlinable public var topLayerFacts: Layer.Facts? { facts.topLayerFacts }

    /// How many entries of the config's history made a layer (not `empty_layer`), counted once
    /// when the image is made: the storage map matches histories to chains by it.
    @inlinable public var layerSteps: Int { facts.layerSteps }

    /// The same image with its top layer's facts linked (see ``topLayerFacts``).
    func linking(topLayer layer: Layer.Facts?) -> Image {
        guard layer !== facts.topLayerFacts else { return self }
        var linked = self
        linked.facts = Facts(
            id: facts.id, config: facts.config, parent: facts.parent, topLayer: facts.topLayer, size: facts.size,
            topLayerFacts: layer, layerSteps: facts.layerSteps)
        return linked
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
    /// `StopSignal`: what `docker stop` sends (`--stop-signal`, else the image's); nil: SIGTERM.
    public var stopSignal: String? = nil

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
        // The newlines counted over the bytes in place when the string has them in one piece.
        let counted = text.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var lines = 0
            for byte in bytes where byte == 10 { lines += 1 }
            return lines
        }
        var lines = 0
        if let counted {
            lines = counted
        } else {
            for byte in text.utf8 where byte == 10 { lines += 1 }
        }
        return text.utf8.count + 70 * max(lines, 1)
    }
}

/// A container: its configuration, state, times and copy-on-write file system.
///
/// A value type whose stored fields live in one shared box, copied on the first change of a
/// shared copy (as `Array` does): a container is copied whenever it is looked up or listed
/// (`containers[id]`, `containersNewestFirst`), and copying its ~25 fields (a retain each) cost
/// more than the lookup itself. Reads go straight to the box; each change goes through
/// ``unique()``.
public struct Container: Sendable {
    /// The stored fields, as the struct had them.
    @usableFromInline struct Fields: Sendable {
        @usableFromInline let id: String
        @usableFromInline var name: String
        @usableFromInline let created: Timestamp
        @usableFromInline let sequence: Int
        @usableFromInline let imageID: Digest
        @usableFromInline let imageTopLayer: Digest?
        @usableFromInline var config: ContainerConfig
        @usableFromInline var hostConfig: HostConfig
        @usableFromInline var status: ContainerStatus
        @usableFromInline var exitCode: Int32 = 0
        @usableFromInline var startedAt: Timestamp = .zero
        @usableFromInline var finishedAt: Timestamp = .zero
        @usableFromInline var process: MainProcess?
        @usableFromInline var restartCount = 0
        @usableFromInline var restartDue: Timestamp?
        @usableFromInline var restartDelay: Double = 0
        @usableFromInline var fs: ContainerFS
        @usableFromInline var mountPoints: [MountPoint] = []
        @usableFromInline var logs: [LogEntry] = []
        @usableFromInline var logsRotated = 0
        @usableFromInline var logFile: (start: Int, bytes: Int) = (0, 0)
        @usableFromInline var execSessions = 0
        @usableFromInline var endpoints: [NetworkEndpoint] = []
        @usableFromInline var ports: [PublishedPort] = []
        @usableFromInline var sandboxSeed = ""
        @usableFromInline var writtenHosts: String?
        @usableFromInline var writtenResolvConf: String?
    }

    /// The box: shared by copies until one of them changes (``unique()``). Not checked for
    /// exclusive access at run time: only a uniquely referenced box is ever changed.
    @usableFromInline final class Storage: @unchecked Sendable {
        @usableFromInline @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var storage: Storage

    init(
        id: String, name: String, created: Timestamp, sequence: Int, imageID: Digest, imageTopLayer: Digest?,
        config: ContainerConfig, hostConfig: HostConfig, status: ContainerStatus = .created,
        process: MainProcess? = nil, fs: ContainerFS
    ) {
        storage = Storage(
            Fields(
                id: id, name: name, created: created, sequence: sequence, imageID: imageID,
                imageTopLayer: imageTopLayer, config: config, hostConfig: hostConfig, status: status,
                process: process, fs: fs))
    }

    /// Makes the box this value's own before a change (a copy of it when shared).
    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    /// 64 hex characters.
    @inlinable public var id: String { storage.fields.id }
    /// The name without docker's leading `/`.
    public internal(set) var name: String {
        @inlinable get { storage.fields.name }
        _modify {
            unique()
            yield &storage.fields.name
        }
    }
    @inlinable public var created: Timestamp { storage.fields.created }
    /// Orders containers created in the same instant (docker sorts by nanosecond creation time).
    @inlinable public var sequence: Int { storage.fields.sequence }
    /// The image the container was created from.
    @inlinable public var imageID: Digest { storage.fields.imageID }
    /// The image's top layer, which the container's writable layer holds.
    @inlinable public var imageTopLayer: Digest? { storage.fields.imageTopLayer }
    public internal(set) var config: ContainerConfig {
        @inlinable get { storage.fields.config }
        _modify {
            unique()
            yield &storage.fields.config
        }
    }
    /// What it asks of the host: networking, ports, mounts, restart policy, limits.
    public internal(set) var hostConfig: HostConfig {
        @inlinable get { storage.fields.hostConfig }
        _modify {
            unique()
            yield &storage.fields.hostConfig
        }
    }
    public internal(set) var status: ContainerStatus {
        @inlinable get { storage.fields.status }
        _modify {
            unique()
            yield &storage.fields.status
        }
    }
    public internal(set) var exitCode: Int32 {
        @inlinable get { storage.fields.exitCode }
        _modify {
            unique()
            yield &storage.fields.exitCode
        }
    }
    public internal(set) var startedAt: Timestamp {
        @inlinable get { storage.fields.startedAt }
        _modify {
            unique()
            yield &storage.fields.startedAt
        }
    }
    public internal(set) var finishedAt: Timestamp {
        @inlinable get { storage.fields.finishedAt }
        _modify {
            unique()
            yield &storage.fields.finishedAt
        }
    }
    public internal(set) var process: MainProcess? {
        @inlinable get { storage.fields.process }
        _modify {
            unique()
            yield &storage.fields.process
        }
    }
    public internal(set) var restartCount: Int {
        @inlinable get { storage.fields.restartCount }
        _modify {
            unique()
            yield &storage.fields.restartCount
        }
    }
    /// While `restarting`: when its restart policy starts it again.
    public internal(set) var restartDue: Timestamp? {
        @inlinable get { storage.fields.restartDue }
        _modify {
            unique()
            yield &storage.fields.restartDue
        }
    }
    /// The restart manager's current back-off in seconds (0: none yet), reset by a manual start.
    var restartDelay: Double {
        get { storage.fields.restartDelay }
        _modify {
            unique()
            yield &storage.fields.restartDelay
        }
    }
    /// The container's root file system (writable layer over the image, and its mounts).
    public internal(set) var fs: ContainerFS {
        @inlinable get { storage.fields.fs }
        _modify {
            unique()
            yield &storage.fields.fs
        }
    }
    /// Its volumes, bind mounts and tmpfs mounts (`.Mounts`), sorted by destination.
    public internal(set) var mountPoints: [MountPoint] {
        @inlinable get { storage.fields.mountPoints }
        _modify {
            unique()
            yield &storage.fields.mountPoints
        }
    }
    /// What its processes printed, for `docker logs`: the current log file and the one rotated
    /// before it (``appendLog(_:maxSize:)``).
    public internal(set) var logs: [LogEntry] {
        @inlinable get { storage.fields.logs }
        _modify {
            unique()
            yield &storage.fields.logs
        }
    }
    /// Entries dropped by rotation since the container was created (so an index into the log
    /// stays valid: `logsRotated + logs.count` only grows).
    public internal(set) var logsRotated: Int {
        @inlinable get { storage.fields.logsRotated }
        _modify {
            unique()
            yield &storage.fields.logsRotated
        }
    }
    /// Where the current log file starts in ``logs``, and its size in json-file bytes.
    var logFile: (start: Int, bytes: Int) {
        get { storage.fields.logFile }
        _modify {
            unique()
            yield &storage.fields.logFile
        }
    }
    /// Shells opened with `docker exec -it` that are still attached.
    public internal(set) var execSessions: Int {
        @inlinable get { storage.fields.execSessions }
        _modify {
            unique()
            yield &storage.fields.execSessions
        }
    }
    /// The networks it is attached to, in the order it joined them (`NetworkSettings.Networks`);
    /// their endpoints (address, MAC…) exist while it runs.
    public internal(set) var endpoints: [NetworkEndpoint] {
        @inlinable get { storage.fields.endpoints }
        _modify {
            unique()
            yield &storage.fields.endpoints
        }
    }
    /// Its exposed and published ports while it runs (`NetworkSettings.Ports`); empty when stopped.
    public internal(set) var ports: [PublishedPort] {
        @inlinable get { storage.fields.ports }
        _modify {
            unique()
            yield &storage.fields.ports
        }
    }
    /// The network sandbox while it runs (`SandboxID`), empty when stopped: the SHA-256 of
    /// ``sandboxSeed``, computed when read (inspect), not on every start.
    public var sandboxID: String {
        let seed = storage.fields.sandboxSeed
        return seed.isEmpty ? "" : Digest.sha256(of: seed).hex
    }
    /// What the sandbox ID is the hash of (`dockersim-sandbox:ID:SERIAL`), empty when stopped.
    var sandboxSeed: String {
        get { storage.fields.sandboxSeed }
        _modify {
            unique()
            yield &storage.fields.sandboxSeed
        }
    }
    /// Whether it has a network sandbox (it runs, or its networking is not torn down yet).
    @inlinable public var hasSandbox: Bool { !storage.fields.sandboxSeed.isEmpty }
    /// The `/etc/hosts` and `/etc/resolv.conf` docker last wrote: a file the user changed since
    /// is left alone (docker keeps a hash of what it wrote).
    var writtenHosts: String? {
        get { storage.fields.writtenHosts }
        _modify {
            unique()
            yield &storage.fields.writtenHosts
        }
    }
    var writtenResolvConf: String? {
        get { storage.fields.writtenResolvConf }
        _modify {
            unique()
            yield &storage.fields.writtenResolvConf
        }
    }

    /// The address of its first live endpoint (`172.17.0.2`), nil when stopped or without one.
    public var ipAddress: String? {
        storage.fields.endpoints.first { $0.address != nil }?.address?.description
    }

    /// Its endpoint on a network, by the network's name.
    public func endpoint(on network: String) -> NetworkEndpoint? {
        storage.fields.endpoints.first { $0.network == network }
    }

    /// When the clock next needs it: its running process's exit or wake-up, or its restart.
    var due: Timestamp? {
        switch storage.fields.status {
        case .running: storage.fields.process?.due
        case .restarting: storage.fields.restartDue
        default: nil
        }
    }

    public var shortID: String { storage.fields.id.utf8Prefix12 }

    /// Appends to the log as docker's json-file driver with `max-size` and `max-file=2` does:
    /// when the current file would pass `maxSize` it is rotated (it becomes the older file, and
    /// the older one is deleted), so the log never holds much more than twice `maxSize`.
    /// Sizes are the json-file lines' (`{"log":"…","stream":"stdout","time":"…"}` per line).
    mutating func appendLog(_ entry: LogEntry, maxSize: Int) {
        let size = LogEntry.jsonFileBytes(entry.text)
        unique()
        let fields = storage
        if fields.fields.logFile.bytes > 0 && fields.fields.logFile.bytes + size > maxSize {
            fields.fields.logs.removeFirst(fields.fields.logFile.start)
            fields.fields.logsRotated += fields.fields.logFile.start
            fields.fields.logFile = (fields.fields.logs.count, 0)
        }
        fields.fields.logs.append(entry)
        fields.fields.logFile.bytes += size
    }
    @inlinable public var isRunning: Bool {
        let status = storage.fields.status
        return status == .running || status == .paused || status == .restarting
    }
    /// `SizeRw`: the size of the writable layer.
    @inlinable public var sizeRw: Int64 { storage.fields.fs.size }

    // MARK: Borrowing readers

    /// Runs `body` on ``config`` where the box holds it, for reads. Passed on as
    /// `container.config`, the getter's copy of the whole struct retains and then releases
    /// each of its strings and arrays (the optimizer cannot borrow from a class's storage
    /// across a call it cannot see into); here nothing is copied. `body` must not change the
    /// container (it is not given a way to).
    @inlinable public func withConfig<R, E: Error>(_ body: (ContainerConfig) throws(E) -> R) throws(E) -> R {
        try Self.lend(&storage.fields.config, body)
    }

    /// ``withConfig(_:)`` for ``hostConfig``.
    @inlinable public func withHostConfig<R, E: Error>(_ body: (HostConfig) throws(E) -> R) throws(E) -> R {
        try Self.lend(&storage.fields.hostConfig, body)
    }

    /// ``withConfig(_:)`` for ``fs``, the container's file system.
    @inlinable public func withFS<R, E: Error>(_ body: (ContainerFS) throws(E) -> R) throws(E) -> R {
        try Self.lend(&storage.fields.fs, body)
    }

    /// Lends `value` to `body` for reading: reached through `inout` (an exclusive access of
    /// the field, unchecked in the box), it is borrowed, not loaded as a copy.
    @inlinable static func lend<T, R, E: Error>(_ value: inout T, _ body: (T) throws(E) -> R) throws(E) -> R {
        try body(value)
    }
}
