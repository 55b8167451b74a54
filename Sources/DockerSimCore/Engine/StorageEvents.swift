/// What the engine did to storage, event by event, as it did it: the record dockersim's
/// `explain` turns into sentences. The engine only notes facts (layers, sizes, names); the CLI
/// formats them. The record is cheap: a short array, cleared before every line the session runs
/// (``Engine/clearStorageEvents()``), capped at ``StorageEventLog/capacity`` events (what comes
/// after is only counted), and repeated writes to one file are one event.
public enum StorageEvent: Sendable, Equatable {
    /// A pull of `image`: the layers it downloaded and those already here (bottom first), and
    /// how many images already held those (none: only containers did). Both lists are empty
    /// when the image itself was already here.
    case pulled(image: String, downloaded: [LayerFact], existing: [LayerFact], heldBy: Int)
    /// A container was created: a new, empty writable layer over its image's `layers` layers.
    case containerCreated(container: String, image: String, layers: Int, imageSize: Int64)
    /// A container was removed with its writable layer of `size` bytes.
    case containerRemoved(container: String, size: Int64)
    /// A process wrote a file of a container (see ``WriteFact``).
    case wrote(WriteFact)
    /// A process changed a container's writable layer in another way (bash saving its history,
    /// apt installing packages): its size before and after.
    case writableLayerChanged(container: String, before: Int64, after: Int64)
    /// `rmi` took the reference off its image; `imageStays` when other references still name it.
    case untagged(reference: String, imageStays: Bool)
    /// `rmi` deleted an image record.
    case imageDeleted(id: Digest)
    /// `rmi` deleted a layer nobody holds any more.
    case layerDeleted(LayerFact)
    /// `rmi` deleted an image but kept its layer `layer` and the ones below it (`below` layers in
    /// all): `images` images still hold it (none: a container still stands on it).
    case layerKept(LayerFact, below: Int, images: Int)
    /// `rmi` refused: `containers` (names) use the image, `children` images are built on it.
    case removalRefused(reference: String, id: Digest, containers: [String], running: Bool, children: Int)

    /// Whether the event still holds after the command failed and its changes were undone (a
    /// refusal is what happened; anything else was undone).
    public var survivesUndo: Bool {
        if case .removalRefused = self { return true }
        return false
    }
}

/// A layer as an event names it: its diffID and its own size.
public struct LayerFact: Sendable, Equatable {
    public var diffID: Digest
    public var size: Int64
}

/// One file written by a container's processes (repeated writes to it in one line: `times`).
public struct WriteFact: Sendable, Equatable {
    /// Where the bytes went.
    public enum Target: Sendable, Equatable {
        /// A file that did not exist: created in the writable layer.
        case newFile
        /// A file of an image layer (its diffID; nil for the container's init layer) copied up
        /// into the writable layer before it changed.
        case copiedUp(from: Digest?)
        /// A file already in the writable layer, changed in place.
        case writableLayer
        /// A mount over the layers: a volume (its name), a host folder (its path) or a tmpfs.
        case mount(at: String, origin: ContainerFS.MountOrigin)
    }

    public var container: String
    public var path: String
    public var target: Target
    /// The writable layer's size before the first write and after the last.
    public var before: Int64
    public var after: Int64
    public var times: Int
}

/// The events of the running line (see ``StorageEvent``).
public struct StorageEventLog: Sendable {
    /// At most this many events are kept; ``dropped`` counts the rest.
    public static let capacity = 64
    public private(set) var events: [StorageEvent] = []
    public private(set) var dropped = 0

    mutating func append(_ event: StorageEvent) {
        if case .wrote(let fact) = event, case .wrote(var last)? = events.last, last.container == fact.container,
            last.path == fact.path
        {
            last.after = fact.after
            last.times += 1
            events[events.count - 1] = .wrote(last)
            return
        }
        if case .writableLayerChanged(let name, _, let after) = event,
            case .writableLayerChanged(name, let before, _)? = events.last
        {
            events[events.count - 1] = .writableLayerChanged(container: name, before: before, after: after)
            return
        }
        guard events.count < Self.capacity else {
            dropped += 1
            return
        }
        events.append(event)
    }

    mutating func replaceLast(with event: StorageEvent) {
        guard !events.isEmpty else { return }
        events[events.count - 1] = event
    }

    mutating func removeAll() {
        if !events.isEmpty { events.removeAll(keepingCapacity: true) }
        dropped = 0
    }
}

extension Engine {
    /// Forgets the recorded events (the session does it before every line).
    public mutating func clearStorageEvents() { storageEvents.removeAll() }

    /// Keeps `events` (the refusals of a failed command) after its changes were undone.
    public mutating func keepStorageEvents(_ events: StorageEventLog) {
        for event in events.events where event.survivesUndo { storageEvents.append(event) }
    }

    /// The record of a failed command that changed nothing (so no snapshot was restored), made
    /// what a restored snapshot leaves: the record as it was (`before`), then the refusals of
    /// the whole record as it is now (``keepStorageEvents(_:)``).
    public mutating func undoStorageEvents(to before: StorageEventLog) {
        let events = storageEvents
        storageEvents = before
        keepStorageEvents(events)
    }

    mutating func note(_ event: StorageEvent) { storageEvents.append(event) }

    /// Where a write to `path` of container `id` goes, looked at before it is done.
    func writeTarget(_ id: String, path: String, cwd: [String]) -> WriteFact.Target? {
        guard let container = containers[id], let resolved = try? container.fs.resolve(path, cwd: cwd) else {
            return nil
        }
        if let mount = container.fs.mountHolding(resolved).map({ container.fs.mounts[$0.index] }) {
            return .mount(at: FilePath.string(mount.path), origin: mount.origin)
        }
        if let node = container.fs.upper.node(at: resolved) { return node.isWhiteout ? .newFile : .writableLayer }
        guard let index = container.fs.lower.firstIndex(where: { $0.node(at: resolved) != nil }) else {
            return .newFile
        }
        // The lower layers are the init layer, then the image's layers top first.
        var current = container.imageTopLayer
        for _ in 0..<max(index - 1, 0) { current = current.flatMap { layers[$0]?.parent } }
        return .copiedUp(from: index == 0 ? nil : current.flatMap { layers[$0]?.diffID })
    }

    /// Notes a write about to be done (``writeTarget(_:path:cwd:)``) and completes it after.
    mutating func noteWrite(
        _ id: String, path: String, cwd: [String], target: WriteFact.Target, before: Int64
    ) {
        guard let container = containers[id] else { return }
        let resolved = (try? container.fs.resolve(path, cwd: cwd)).map(FilePath.string) ?? path
        note(
            .wrote(
                WriteFact(
                    container: container.name, path: resolved, target: target, before: before,
                    after: container.sizeRw, times: 1)))
    }
}
