/// One message of the daemon's event stream (`docker events`): moby's `events.Message` as
/// `daemon/events.go` logs it. The attributes are kept as their sources (the labels, shared
/// with the container or image, and the few pairs the action adds) and merged only when
/// printed, so logging costs little on every command.
public struct EngineEvent: Sendable, Equatable {
    /// `events.Type`: what the actor is.
    public enum Kind: String, Sendable, CaseIterable {
        case container, image, network, volume
    }

    /// A pair of the actor's attributes.
    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    public let time: Timestamp
    public let type: Kind
    /// `create`, `start`, `die`, `pull`, `connect`…
    public let action: String
    /// The container's or image's ID, the reference pulled, the network's ID, the volume's name.
    public let actorID: String
    /// Labels copied into the attributes (`copyAttributes`): the container's or image's.
    let labels: [String: String]
    /// The action's own attributes, over the labels (before ``image`` and ``name``).
    private let extra: [Attribute]
    /// A container event's `image` attribute, after ``extra`` (nil: none).
    private let image: String?
    /// A container event's `name` attribute, after ``image`` (nil: none).
    private let name: String?

    public init(
        time: Timestamp, type: Kind, action: String, actorID: String, labels: [String: String] = [:],
        pairs: [Attribute] = []
    ) {
        self.time = time
        self.type = type
        self.action = action
        self.actorID = actorID
        self.labels = labels
        self.extra = pairs
        self.image = nil
        self.name = nil
    }

    /// A container event (`LogContainerEventWithAttributes`): `extra`, then `image` (when not
    /// empty) and `name`, kept apart so that an event with no `extra` makes no array of its own.
    init(
        time: Timestamp, container id: String, action: String, labels: [String: String], extra: [Attribute],
        image: String, name: String
    ) {
        self.time = time
        self.type = .container
        self.action = action
        self.actorID = id
        self.labels = labels
        self.extra = extra
        self.image = image.isEmpty ? nil : image
        self.name = name
    }

    /// The action's own attributes, in the order they were given: `extra`, then a container
    /// event's `image` and `name`.
    var pairs: [Attribute] {
        var all = extra
        if let image { all.append(Attribute(key: "image", value: image)) }
        if let name { all.append(Attribute(key: "name", value: name)) }
        return all
    }

    /// `Actor.Attributes`: the labels, then the action's own attributes over them.
    public var attributes: [String: String] {
        var merged = labels
        for pair in extra { merged[pair.key] = pair.value }
        if let image { merged["image"] = image }
        if let name { merged["name"] = name }
        return merged
    }

    /// Equal events: the same time, type, action, actor, labels and attribute pairs (however
    /// the pairs are kept).
    public static func == (lhs: EngineEvent, rhs: EngineEvent) -> Bool {
        lhs.time == rhs.time && lhs.type == rhs.type && lhs.action == rhs.action && lhs.actorID == rhs.actorID
            && lhs.labels == rhs.labels && lhs.pairs == rhs.pairs
    }
}

/// The daemon's record of recent events: moby keeps the last 256 in memory (`eventsLimit` in
/// daemon/events/events.go) for `docker events --since`; older ones are forgotten.
///
/// An append-only log in chunks of ``chunkSize`` events: the chunks already full are never
/// changed again (the session's per-command snapshot shares them), and an event is appended to
/// the chunk being filled, a small array that a snapshot makes the log copy (a few references)
/// at most once per command. A persistent map paid a hash-trie insert (about 2 k instructions)
/// for every event; the chunks' log pays an array append. Restoring a snapshot restores the log
/// exactly, as any value.
public struct EngineEventLog: Sendable {
    /// moby's `eventsLimit`.
    public static let capacity = 256
    /// How many events a chunk holds (``capacity`` is a multiple of it).
    static let chunkSize = 16
    /// The full chunks still holding a kept event, oldest first: number `firstSealed` is the
    /// first event of the first one.
    private var sealed: [[Boxed]] = []
    /// The events after the full chunks (fewer than ``chunkSize``), oldest first.
    private var filling: [Boxed] = []
    /// The number of the first event of `sealed`'s first chunk.
    private var firstSealed = 0

    /// An event kept in the log: one reference to copy where the event's strings, labels and
    /// attributes were four.
    private final class Boxed: Sendable {
        let event: EngineEvent

        init(_ event: consuming EngineEvent) { self.event = event }
    }
    /// How many events were ever logged: the number the next one gets.
    public private(set) var end = 0

    /// The number of the oldest event still kept.
    public var start: Int { max(0, end - Self.capacity) }

    public init() {}

    /// Appends `event` (taken, not copied: the caller's is a temporary).
    mutating func append(_ event: consuming EngineEvent) {
        if filling.isEmpty { filling.reserveCapacity(Self.chunkSize) }
        filling.append(Boxed(event))
        end += 1
        guard filling.count == Self.chunkSize else { return }
        // The chunk is full: sealed, and the chunks holding only forgotten events dropped.
        sealed.append(filling)
        filling = []
        while firstSealed + Self.chunkSize <= start {
            sealed.removeFirst()
            firstSealed += Self.chunkSize
        }
    }

    /// The events kept from number `first` on (at least ``start``), oldest first.
    public func events(from first: Int = 0) -> [EngineEvent] {
        let from = max(first, start)
        guard from < end else { return [] }
        var result: [EngineEvent] = []
        result.reserveCapacity(end - from)
        let fillingStart = end - filling.count
        for number in from..<end {
            if number >= fillingStart {
                result.append(filling[number - fillingStart].event)
            } else {
                let offset = number - firstSealed
                result.append(sealed[offset / Self.chunkSize][offset % Self.chunkSize].event)
            }
        }
        return result
    }

    /// How many chunks the log holds (full ones and the one being filled): what it keeps in
    /// memory, bounded by ``capacity`` (for tests).
    var chunkCount: Int { sealed.count + (filling.isEmpty ? 0 : 1) }
}

extension Engine {
    /// Logs an event at the current time (or `time`).
    mutating func log(
        _ type: EngineEvent.Kind, _ action: String, _ actorID: String, labels: [String: String] = [:],
        _ pairs: [EngineEvent.Attribute] = [], at time: Timestamp? = nil
    ) {
        events.append(
            EngineEvent(
                time: self.time(or: time), type: type, action: action, actorID: actorID, labels: labels, pairs: pairs))
    }

    /// A container event with `LogContainerEventWithAttributes`' attributes: the container's
    /// labels (its image's and its own), `image` as it was asked for, `name`, and `extra`.
    mutating func logContainer(
        _ container: Container, _ action: String, _ extra: [EngineEvent.Attribute] = [], at time: Timestamp? = nil
    ) {
        // `image` and `name` kept beside `extra` (no array made for them).
        events.append(
            EngineEvent(
                time: self.time(or: time), container: container.id, action: action, labels: container.config.labels,
                extra: extra, image: container.config.image, name: container.name))
    }

    /// A container event for the container with this ID (nothing when there is none).
    mutating func logContainer(
        id: String, _ action: String, _ extra: [EngineEvent.Attribute] = [], at time: Timestamp? = nil
    ) {
        guard let container = containers[id] else { return }
        logContainer(container, action, extra, at: time)
    }

    /// A network event (`LogNetworkEventWithAttributes`): `name`, `type` and `extra`.
    mutating func logNetwork(
        _ network: Network, _ action: String, _ extra: [EngineEvent.Attribute] = [], at time: Timestamp? = nil
    ) {
        var pairs: [EngineEvent.Attribute] = []
        pairs.reserveCapacity(extra.count + 2)
        pairs += extra
        pairs.append(EngineEvent.Attribute(key: "name", value: network.name))
        pairs.append(EngineEvent.Attribute(key: "type", value: network.driver))
        log(.network, action, network.id, pairs, at: time)
    }

    /// An image event (`ImageService.LogImageEvent`): the image's labels while it exists, and
    /// `name`.
    mutating func logImage(_ action: String, _ actorID: String, image: Digest?, name: String) {
        let labels = image.flatMap { images[$0]?.config.config.labels } ?? [:]
        log(.image, action, actorID, labels: labels, [EngineEvent.Attribute(key: "name", value: name)])
    }

    /// `docker exec` made and started a process in the container (`exec_create`, `exec_start`:
    /// moby's action names carry the command, `exec_create: bash `). Returns the exec's ID; an
    /// interactive one is kept open until ``setExecSessions(_:delta:exitCode:)`` ends it.
    @discardableResult
    public mutating func noteExecStarted(_ id: String, argv: [String], interactive: Bool) -> String {
        // Derived, not drawn from the seeded generator: an exec leaves later IDs and names as
        // they were.
        let execID = Digest.sha256(of: "dockersim-exec:\(id):\(events.end)").hex
        let command = (argv.first ?? "") + " " + argv.dropFirst().joined(separator: " ")
        let attribute = [EngineEvent.Attribute(key: "execID", value: execID)]
        logContainer(id: id, "exec_create: " + command, attribute)
        logContainer(id: id, "exec_start: " + command, attribute)
        if interactive { openExecs[id, default: []].append(execID) }
        return execID
    }

    /// An exec's process ended (`exec_die`).
    public mutating func noteExecDied(_ id: String, execID: String, exitCode: Int32) {
        logContainer(
            id: id, "exec_die",
            [
                EngineEvent.Attribute(key: "execID", value: execID),
                EngineEvent.Attribute(key: "exitCode", value: String(exitCode)),
            ])
    }

    /// `docker restart` stopped the container and started it again (moby logs `restart` last).
    public mutating func noteRestarted(_ id: String) {
        logContainer(id: id, "restart")
    }

    /// `docker run` or `docker start -a` (or `docker attach`) attached to the container.
    public mutating func noteAttached(_ id: String) {
        logContainer(id: id, "attach")
    }
}

extension Engine {
    /// A starting container's volumes are mounted (moby daemon/volumes_unix.go `setupMounts`,
    /// volumes only: bind mounts and tmpfs log nothing).
    mutating func logVolumeMounts(_ id: String) {
        guard let container = containers[id] else { return }
        for point in container.mountPoints where point.type == .volume {
            log(
                .volume, "mount", point.name,
                [
                    EngineEvent.Attribute(key: "container", value: id),
                    EngineEvent.Attribute(key: "destination", value: point.destination),
                    EngineEvent.Attribute(key: "driver", value: point.driver),
                    EngineEvent.Attribute(key: "propagation", value: point.propagation),
                    EngineEvent.Attribute(key: "read/write", value: point.rw ? "true" : "false"),
                ])
        }
    }

    /// A container's main process ended (moby `handleContainerExit`): after its networks are
    /// released, its volumes are unmounted (`Cleanup`), then `die` with the exit code and how
    /// many whole seconds it ran.
    mutating func logDie(_ container: Container, exitCode: Int32, at time: Timestamp) {
        logDie(DiedContainer(container), exitCode: exitCode, at: time)
    }

    /// ``logDie(_:exitCode:at:)`` from the parts of the container it reads.
    mutating func logDie(_ container: DiedContainer, exitCode: Int32, at time: Timestamp) {
        for point in container.mountPoints where point.type == .volume {
            log(
                .volume, "unmount", point.name,
                [
                    EngineEvent.Attribute(key: "container", value: container.id),
                    EngineEvent.Attribute(key: "driver", value: point.driver),
                ], at: time)
        }
        let ran = max(0, time.interval(since: container.startedAt))
        var pairs: [EngineEvent.Attribute] = []
        pairs.reserveCapacity(4)
        pairs.append(EngineEvent.Attribute(key: "execDuration", value: String(Int(ran))))
        pairs.append(EngineEvent.Attribute(key: "exitCode", value: String(exitCode)))
        // As ``logContainer(_:_:_:at:)`` adds them.
        if !container.image.isEmpty { pairs.append(EngineEvent.Attribute(key: "image", value: container.image)) }
        pairs.append(EngineEvent.Attribute(key: "name", value: container.name))
        log(.container, "die", container.id, labels: container.labels, pairs, at: time)
    }
}

/// What a container's `die` event reads of it (``Engine/logDie(_:exitCode:at:)``), taken before
/// its exit changes it: held instead of the whole container, whose stored fields a copy alive
/// across that change would make it copy.
struct DiedContainer {
    let id: String
    let name: String
    let image: String
    let labels: [String: String]
    let startedAt: Timestamp
    let mountPoints: [MountPoint]
    let autoRemove: Bool

    init(_ container: Container) {
        id = container.id
        name = container.name
        image = container.config.image
        labels = container.config.labels
        startedAt = container.startedAt
        mountPoints = container.mountPoints
        autoRemove = container.hostConfig.autoRemove
    }
}
