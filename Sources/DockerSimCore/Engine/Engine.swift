/// The simulated Docker daemon: the one owner of all mutable state (layers, images, references,
/// containers, the clock). A value type, so a snapshot of the whole world is a copy.
///
/// ```swift
/// var engine = Engine(clock: .manual(at: start), seed: 1)
/// let report = try engine.pull(ImageReference.parse("ubuntu"))
/// ```
///
/// The engine knows nothing of terminals: commands format what it returns.
public struct Engine: Sendable {
    public internal(set) var clock: SimClock
    var rng: SeededGenerator
    /// The seed of container IDs and names (chosen at random when none was given), so that a
    /// session can be recorded and replayed.
    public let seed: UInt64
    /// When the simulator started.
    public let startTime: Timestamp
    /// The simulated Docker Hub (what `docker push` sends is published there).
    public internal(set) var registry: Registry
    public internal(set) var layers = LayerStore()
    /// BuildKit's cache: the results of build steps, kept between builds.
    public internal(set) var buildCache = BuildCache()
    /// The layers `docker save` wrote into archives, by diffID (an archive carries its layers,
    /// so `docker load` can bring back images whose layers were removed since).
    public internal(set) var exportStore: [Digest: LayerContent] = [:]
    /// The archives `docker save` wrote, by the digest their host file names.
    public internal(set) var savedArchives: [Digest: SavedArchive] = [:]
    public internal(set) var images: PersistentMap<Digest, Image> = [:]
    /// Every tag and digest reference, by its normalized form (indexed by image ID too).
    public internal(set) var references = ReferenceTable()
    /// The containers by ID, with the index of those whose process needs the clock (``settle()``).
    public internal(set) var containers = ContainerTable()
    /// Children by parent, containers by image, image holders by layer: see ``EngineIndexes``.
    var indexes = EngineIndexes()
    /// Container name → ID.
    public internal(set) var containerNames: PersistentMap<String, String> = [:]
    /// The volumes, by name (see ``Volume``).
    public internal(set) var volumes: [String: Volume] = [:]
    /// The student's own machine as `docker cp` and the host shell see it (simulated, never the
    /// real disk): a file system without lower layers holding `/home/usuario` and `/tmp`.
    /// Every change to it reaches the containers that bind-mount its folders.
    public internal(set) var host: ContainerFS = Engine.newHostFileSystem() {
        didSet { syncBindMounts() }
    }
    /// The host shell's working directory (`/home/usuario` at start).
    public internal(set) var hostCwd: [String] = ["home", "usuario"]
    /// The networks by ID: docker's three predefined ones and those created with
    /// `network create` (see `Engine+Networks.swift`).
    public internal(set) var networks: [String: Network] = [:]
    /// Network name → ID.
    public internal(set) var networkNames: [String: String] = [:]
    /// Network ID → address → the running container that holds it.
    var leases: [IDKey: [IPv4Address: String]] = [:]
    /// Network ID → the running containers with an endpoint on it (by ID).
    var attachments: [IDKey: Set<IDKey>] = [:]
    /// Host ports published by running containers.
    public internal(set) var hostPorts = PortAllocator()
    /// Counts networks created and endpoints joined (their IDs are derived from it).
    var nextNetworkSerial = 0
    /// The next interface index on the simulated host (`lo` 1, `eth0` 2, `docker0` 3).
    var nextInterfaceIndex = 4
    /// The last connection id each SQL server handed out, with the start it belongs to (see
    /// Engine+SQL.swift): a server's threads count again from its start.
    var sqlConnectionIDs: [String: (Timestamp, Int)] = [:]
    /// The data of each Redis server in memory, for the run that started at that time
    /// (Engine+Redis.swift).
    var redisMemory: [String: (Timestamp, RedisDataset)] = [:]
    /// The run of each Redis server whose AOF has had its `SELECT 0`.
    var redisSelected: [String: Timestamp] = [:]
    /// The caps this simulator runs with (line length, disk, clock-run processes…).
    public var limits = Limits.standard
    /// The language of dockersim's own notes in the shells this engine runs (the session's,
    /// set before each line); docker's own texts never change with it.
    public var language = Language.en
    /// The work the running line has done, against ``limits`` (see ``WorkMeter``).
    public var meter = WorkMeter()
    /// What the running line did to storage, for `explain` (see ``StorageEvent``).
    public internal(set) var storageEvents = StorageEventLog()
    /// The daemon's recent events, for `docker events`.
    public internal(set) var events = EngineEventLog()
    /// The IDs of the interactive execs still open, by container, newest last: their
    /// `exec_die` comes when they end.
    var openExecs: [String: [String]] = [:]
    /// Notes about containers whose main process a cap stopped (``noteStoppedByCap(_:note:)``),
    /// waiting to be shown on the terminal; the session takes them after each line.
    public var capNotices: [String] = []
    /// Containers whose main process a cap has just stopped: ``finish(_:exitCode:at:mayRestart:)``
    /// does not restart them.
    var capStopped: Set<String> = []
    /// Counts the calls of ``settle()`` that ran programs: a program's wake-ups are counted per
    /// call (``Limits/wakeupsPerStep``), with either clock (the real clock moves between wake-ups).
    public internal(set) var settleStep = 0
    var nextSequence = 0
    var nextProgram = 0
    /// While a program runs at its wake-up time, the time it sees.
    var eventTime: Timestamp?
    /// Starts a main process again when a restart policy brings a container back (the shell
    /// provides it; without one a restarted process runs until stopped).
    public var launcher: (any MainProcessLauncher)?

    /// A new, empty daemon.
    /// - Parameters:
    ///   - clock: the simulated clock (`.manual(at:)` for repeatable runs).
    ///   - seed: seeds container IDs and names; nil for random ones.
    ///   - registry: the Hub to pull from.
    public init(clock: SimClock = .real(), seed: UInt64? = nil, registry: Registry = HubCatalog.standard) {
        self.clock = clock
        var system = SystemRandomNumberGenerator()
        let chosen = seed ?? system.next() >> 1
        self.seed = chosen
        self.rng = SeededGenerator(seed: chosen)
        self.startTime = clock.now
        self.registry = registry
        installPredefinedNetworks()
    }

    /// The current simulated time.
    public var now: Timestamp {
        // Not `eventTime ?? clock.now`: the autoclosure of `??` captured a copy of the whole
        // engine (a retain and a release of each of its tables) on every read.
        if let eventTime { return eventTime }
        return clock.now
    }

    /// ``now`` read from the two fields it depends on, for mutating methods: there a call of the
    /// getter on the whole engine copied it first (a retain and a release of each of its tables).
    static func current(_ eventTime: Timestamp?, _ clock: SimClock) -> Timestamp {
        if let eventTime { return eventTime }
        return clock.now
    }

    /// `time`, or ``now`` when it is nil (without `??`'s autoclosure, see ``now``).
    func time(or time: Timestamp?) -> Timestamp {
        if let time { return time }
        return now
    }

    /// Goes on with a clock of `mode` from the time it reads now (a lesson resumed on a terminal
    /// follows the real time again after its replay on a manual clock).
    public mutating func continueClock(_ mode: SimClock.Mode) {
        guard clock.mode != mode else { return }
        clock = mode == .manual ? .manual(at: now) : .real(startingAt: now)
    }

    /// Lets `seconds` of simulated time pass, running what the clock drives (containers that
    /// exit on their own).
    public mutating func advance(by seconds: Double) {
        clock.advance(by: seconds)
        settle()
    }

    /// Whether ``settle()`` would change nothing now and until the clock is moved by hand: the
    /// clock is manual and no container's process is due (or a program's wake-up is running).
    /// A command that fails only before its first change, but for `settle()`, leaves such an
    /// engine exactly as it was.
    public mutating func isSettledUntilAdvanced() -> Bool {
        guard clock.mode == .manual else { return false }
        if eventTime != nil { return true }
        return containers.earliestDue().map({ $0 > clock.now }) ?? true
    }

    /// Brings processes up to the current time: containers whose main process ends by now exit
    /// at the instant they end, programs run every wake-up that is due, and containers whose
    /// restart policy brings them back start again, all in time order.
    public mutating func settle() {
        guard eventTime == nil else { return }  // already running a program's wake-up
        let current = clock.now
        // The due index: nothing to look at unless some container's process is due by now.
        if containers.earliestDue().map({ $0 > current }) ?? true { return }
        settleStep &+= 1
        var restartsThisStep: [String: Int] = [:]
        while true {
            // Ctrl-C: the programs stay due; the next line brings them up to time.
            if meter.interrupted { return }
            var next: (id: String, due: Timestamp, sequence: Int)?
            // Only the due containers are looked at (the due index), and in a block of its own: the
            // loop's view must be gone before a program runs, or what the program changes would be
            // shared with it and copied whole.
            do {
                for (id, due) in containers.due where due <= current {
                    let sequence = containers[id]?.sequence ?? 0
                    if let best = next, (best.due, best.sequence) <= (due, sequence) { continue }
                    next = (id, due, sequence)
                }
            }
            guard let (id, due, _) = next else { return }
            if containers[id]?.status == .restarting {
                // A policy restarting a process that ends at once, through a long sleep: counted
                // as the program's wake-ups are, and stopped past the same cap.
                restartsThisStep[id, default: 0] += 1
                if restartsThisStep[id, default: 0] > limits.wakeupsPerStep {
                    cancelRestart(id)
                    noteStoppedByCap(id, note: limits.tooManyRestarts.text(language))
                    capStopped.remove(id)  // not running: a start by hand gets its policy back
                    continue
                }
                restart(id, at: due)
                continue
            }
            guard let process = containers[id]?.process else { return }
            switch process {
            case .timed(_, let code):
                finish(id, exitCode: code, at: due)
            case .program(var running):
                eventTime = due
                let step = running.program.resume(containerID: id, engine: &self)
                eventTime = nil
                guard containers[id]?.status == .running else { continue }
                switch step {
                case .sleep(let seconds):
                    running.wake = due.adding(seconds: max(seconds, 0.000_001))
                    containers[id]?.process = .program(running)
                case .exit(let code):
                    finish(id, exitCode: code, at: due)
                case .service:
                    containers[id]?.process = .service
                }
            default:
                return
            }
        }
    }

    /// Hands a container's main process to a program that is now sleeping for `seconds`.
    public mutating func runProgram(_ id: String, _ program: any ContainerProgram, sleeping seconds: Double) {
        guard containers[id]?.isRunning == true else { return }
        nextProgram += 1
        let running = RunningProgram(program: program, wake: now.adding(seconds: seconds), serial: nextProgram)
        containers[id]?.process = .program(running)
        settle()
    }

    // MARK: - Lookups

    /// Finds an image as the daemon's `GetImage` does: a reference (`ubuntu` is `ubuntu:latest`),
    /// then a full or prefix image ID.
    public func findImage(_ text: String) throws(DockerError) -> Image {
        var named: ImageReference?
        return try findImage(text, named: &named)
    }

    /// ``findImage(_:)``, also giving the reference `text` parsed as when it was read as a name
    /// (nil when it was read as an ID): `rmi` then does not parse it again.
    func findImage(_ text: String, named: inout ImageReference?) throws(DockerError) -> Image {
        let parsed: AnyReference
        do {
            parsed = try ImageReference.parseAny(text)
        } catch {
            throw DockerError.daemon(error.description, kind: .invalidParameter)
        }
        switch consume parsed {
        case .id(let digest):
            if let image = images[digest] { return image }
            throw Self.noSuchImage(digest.description)
        case .named(let ref):
            // The reference moved into `named` after its last read (assigned first, it was copied).
            let tagged = ref.withDefaultTag
            named = ref
            if let id = references[tagged], let image = images[id] { return image }
            if let image = imageByIDPrefix(text) { return image }
            throw Self.noSuchImage(tagged.familiarString)
        }
    }

    /// The image whose ID starts with `prefix` (with or without `sha256:`), when exactly one does.
    public func imageByIDPrefix(_ prefix: String) -> Image? {
        let hex = prefix.hasPrefix("sha256:") ? String(prefix.dropFirst(7)) : prefix
        guard !hex.isEmpty, hex.count <= 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let matches = images.keys.filter { $0.hex.hasPrefix(hex) }
        return matches.count == 1 ? images[matches[0]] : nil
    }

    /// Finds a container as the daemon does: full ID, then name, then unique ID prefix.
    public func findContainer(_ text: String) throws(DockerError) -> Container {
        if let container = containers[text] { return container }
        let name = text.hasPrefix("/") ? String(text.dropFirst()) : text
        if let id = containerNames[name], let container = containers[id] { return container }
        if !text.isEmpty {
            let matches = Array(containers.keys.filter { $0.hasPrefix(text) })
            if matches.count > 1 {
                throw DockerError.daemon("multiple IDs found with provided prefix: \(text)", kind: .notFound)
            }
            if let id = matches.first, let container = containers[id] { return container }
        }
        throw Self.noSuchContainer(text)
    }

    /// The tag and digest references of an image, in the daemon's order (sorted by full string).
    public func references(of id: Digest) -> [ImageReference] {
        references.pointing(at: id)
    }

    /// `RepoTags` of an image, familiar form.
    public func repoTags(of id: Digest) -> [String] {
        references(of: id).filter { $0.digest == nil }.map(\.familiarString)
    }

    /// `RepoDigests` of an image, familiar form.
    public func repoDigests(of id: Digest) -> [String] {
        references(of: id).filter { $0.digest != nil }.map(\.familiarString)
    }

    /// Images whose recorded parent is `id`.
    public func children(of id: Digest) -> [Image] {
        guard let ids = indexes.childImages[id] else { return [] }
        return ids.compactMap { images[$0] }
    }

    /// The containers, newest first (docker's `ps` order).
    public var containersNewestFirst: [Container] {
        var all = Array(containers.values)
        if let order = Self.newestFirstBySequence(all) {
            all.permute(by: order)
            return all
        }
        // Sorted by compact keys, then the containers moved into that order: a container is a
        // large value, and a copy retains each of its many strings and arrays.
        var keys: [(created: Timestamp, sequence: Int, index: Int)] = []
        keys.reserveCapacity(all.count)
        for index in all.indices { keys.append((all[index].created, all[index].sequence, index)) }
        keys.sort { a, b in a.created != b.created ? a.created > b.created : a.sequence > b.sequence }
        all.permute(by: keys.map(\.index))
        return all
    }

    /// The order of `all` newest first without sorting, when the containers' sequence numbers
    /// tell it: distinct, in a range not much wider than their count (each container is placed
    /// at its number), and creation times that never grow from a higher number to a lower one
    /// (the usual case: a container is made after the ones before it). Nil otherwise (then
    /// the containers are sorted).
    static func newestFirstBySequence(_ all: [Container]) -> [Int]? {
        guard all.count > 1 else { return nil }
        var low = Int.max
        var high = Int.min
        for index in all.indices {
            low = min(low, all[index].sequence)
            high = max(high, all[index].sequence)
        }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < 4 * all.count + 16 else { return nil }
        var slots = [Int](repeating: -1, count: span + 1)
        for index in all.indices {
            let slot = all[index].sequence - low
            guard slots[slot] < 0 else { return nil }
            slots[slot] = index
        }
        var order: [Int] = []
        order.reserveCapacity(all.count)
        var newer = all[slots[span]].created
        for slot in stride(from: span, through: 0, by: -1) where slots[slot] >= 0 {
            let created = all[slots[slot]].created
            guard created <= newer else { return nil }
            newer = created
            order.append(slots[slot])
        }
        return order
    }

    /// The layers of an image, bottom first.
    public func layers(of image: Image) -> [Layer] {
        layers.chain(from: image.topLayer).reversed()
    }
}

// MARK: - Messages

extension Engine {
    static func noSuchImage(_ ref: String) -> DockerError {
        .daemon("No such image: \(ref)", kind: .notFound)
    }

    static func noSuchContainer(_ ref: String) -> DockerError {
        .daemon("No such container: \(ref)", kind: .notFound)
    }
}
