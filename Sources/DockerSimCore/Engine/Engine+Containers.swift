import Synchronization

extension Engine {
    /// Creates a container from an image (the image must be here; `docker run` pulls first).
    /// - Parameter endpoints: what it asks of each network (`--ip`, `--network-alias`), by
    ///   network name; it joins `hostConfig.networkMode` in any case.
    /// - Returns: the new container's 64-hex ID.
    ///
    /// The settings are taken (`consuming`): they are changed and stored in the container, and
    /// a copy of each retained and released every string and array of it.
    public mutating func createContainer(
        _ config: consuming ContainerConfig, hostConfig: consuming HostConfig = HostConfig(), name: String?,
        endpoints requests: [String: EndpointRequest] = [:]
    ) throws(DockerError) -> String {
        settle()
        // The daemon checks the container's settings (its stop signal), the host settings (`--rm`
        // with a restart policy, the `--mount`s and `--tmpfs`es, the restart policy), then looks
        // the image up, then reserves the name (moby daemon/create.go, daemon/container.go
        // validateContainerConfig, validateHostConfig).
        if let signal = config.stopSignal { _ = try Signals.parse(signal) }
        if hostConfig.restartPolicy.name.isEmpty { hostConfig.restartPolicy.name = "no" }
        if hostConfig.autoRemove && hostConfig.restartPolicy.name != "no" {
            throw .daemon("can't create 'AutoRemove' container with restart policy", kind: .invalidParameter)
        }
        try validateMountRequests(hostConfig)
        try Self.validate(hostConfig.restartPolicy)
        try Self.adaptResources(&hostConfig)
        let image = try findImage(config.image)
        if let name {
            guard Self.isValidName(name) else { throw Self.invalidName(name) }
            if let owner = containerNames[name] { throw Self.nameConflict(name, owner) }
        }
        let endpoints = try initialEndpoints(hostConfig: hostConfig, config: &config, requests: requests)
        let imageConfig = image.config.config
        if config.cmd.isEmpty && config.entrypoint.isEmpty { config.cmd = imageConfig.cmd ?? [] }
        if config.entrypoint.isEmpty { config.entrypoint = imageConfig.entrypoint ?? [] }
        if config.workingDir.isEmpty { config.workingDir = imageConfig.workingDir }
        if config.stopSignal == nil { config.stopSignal = imageConfig.stopSignal }
        // The image's variables and labels, under the container's own: the image's alone when
        // the container has none (as `run ubuntu`: nothing filtered, merged or copied).
        if config.env.isEmpty {
            config.env = imageConfig.env ?? []
        } else {
            // Each variable's name split off once (not once for each pair of variables).
            let names = config.env.map { $0.split(separator: "=").first }
            config.env =
                (imageConfig.env ?? []).filter { variable in
                    !names.contains(variable.split(separator: "=").first)
                } + config.env
        }
        if config.labels.isEmpty {
            config.labels = imageConfig.labels ?? [:]
        } else {
            config.labels = (imageConfig.labels ?? [:]).merging(config.labels) { $1 }
        }
        // The union of the image's and the container's, sorted (nothing to merge when both are
        // empty, as for `run ubuntu`).
        config.exposedPorts = Self.sortedUnion(imageConfig.exposedPorts ?? [], config.exposedPorts)
        config.volumes = Self.sortedUnion(imageConfig.volumes ?? [], config.volumes)

        let id = newContainerID()
        if config.hostname.isEmpty { config.hostname = Self.shortHex(id) }
        let containerName = name ?? generateName()
        let created = now
        let initLayer = Self.initLayer(mtime: created.seconds)
        // The network files as ``writeNetworkFiles(_:)`` writes them on the new container (they
        // read its settings, hostname and endpoints, and the networks), mounted at once.
        let files = networkFiles(hostConfig: hostConfig, hostname: config.hostname, endpoints: endpoints)
        // The init layer, then the image's (one array, made at its size).
        let chain = layers.chain(from: image.topLayer)
        var lower: [FileTree] = []
        lower.reserveCapacity(chain.count + 1)
        lower.append(initLayer)
        for layer in chain { lower.append(layer.tree) }
        let mountPoints = try registerMounts(
            id, config: config, hostConfig: hostConfig, layers: UnionView(layers: lower))
        if let top = image.topLayer { layers.retain(top) }  // held by the container's RW layer
        nextSequence += 1
        // The init layer on top of `lower` holds the three files (``initLayerFileMeta(mtime:)``)
        // and the writable layer is empty: that is the metadata the layers give each mount.
        let fileMeta = Self.initLayerFileMeta(mtime: created.seconds)
        var fs = ContainerFS(
            upper: FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: created.seconds)), lower: lower,
            sortedFileMounts: [
                (Self.hostnamePath, FileContent(text: files.hostname), fileMeta),
                (Self.hostsPath, Self.mountedContent(files.hosts), fileMeta),
                (Self.resolvConfPath, Self.mountedContent(files.resolv), fileMeta),
            ],
            // The memo of the image's layers, when they are all here (a layer holds the one
            // below it, so they always are: checked, not assumed).
            imageAnswers: chain.last?.parent == nil ? chain.first?.facts.pathAnswers : nil)
        // A mount of the user's at one of those paths replaces the daemon's file: then they are
        // written as ``writeNetworkFiles(_:)`` writes them, over what is mounted there.
        var overMounted = false
        for mount in fileSystemMounts(mountPoints, tmpfs: hostConfig.tmpfs, created: created) {
            if mount.path == Self.hostnamePath || mount.path == Self.hostsPath || mount.path == Self.resolvConfPath {
                overMounted = true
            }
            fs.attach(mount)
        }
        fs.readOnlyRoot = hostConfig.readonlyRootfs
        // Read before the settings are moved into the container.
        let imageName = config.image
        var container = Container(
            id: id, name: containerName, created: created, sequence: nextSequence, imageID: image.id,
            imageTopLayer: image.topLayer, config: config, hostConfig: hostConfig, fs: fs)
        container.mountPoints = mountPoints
        container.endpoints = endpoints  // set before it is stored: no change of the stored one
        if overMounted {
            Self.write(files, into: &container)
        } else {
            container.writtenHosts = files.hosts
            container.writtenResolvConf = files.resolv
        }
        // Logged from the new container itself, before it is stored (what the event reads of it,
        // its ID, name, image and labels, is what the table then holds): no look-up.
        logContainer(container, "create")
        insertContainer(container)
        containerNames[containerName] = id
        note(
            .containerCreated(
                container: containerName, image: imageName, layers: lower.count - 1, imageSize: image.size))
        return id
    }

    /// Marks a container running with the given main process, after setting up its networking
    /// (addresses, published ports). Starting a running container does nothing.
    /// - Throws: the daemon's error when the networking cannot be set up (a host port already
    ///   allocated, a network that is gone); the container then stays as it was, with exit
    ///   code 128 as docker records it.
    public mutating func start(_ id: String, process: MainProcess) throws(DockerError) {
        settle()
        // Only what the failure needs is read: a copy of the container held here would make
        // each change below copy its stored fields (the box is shared while it lives).
        guard let autoRemove = containers[id].flatMap({ $0.isRunning ? nil : $0.hostConfig.autoRemove }) else {
            return
        }
        // The networking's change of the stored container and the start's are one change (the
        // networking reads neither the time nor the container's status).
        let time = Self.current(eventTime, clock)
        do {
            try setUpNetworking(id) { container in
                container.status = .running
                container.startedAt = time
                container.process = process
                // A start by hand gives the restart manager a fresh start (moby ResetRestartManager).
                container.restartCount = 0
                container.restartDelay = 0
            }
        } catch {
            containers[id]?.exitCode = 128
            if autoRemove { removeContainerRecord(id, removingVolumes: true) }
            throw error
        }
        prepareMounts(id)
        logVolumeMounts(id)
        logContainer(id: id, "start")
        settle()
    }

    /// Changes what a running container's main process is doing.
    public mutating func setProcess(_ id: String, _ process: MainProcess) {
        // One look-up: the running container changed in place.
        let changed = containers.update(id) { container -> Bool in
            guard container.isRunning else { return false }
            container.process = process
            return true
        }
        guard changed == true else { return }
        settle()
    }

    /// The main process could not be started: the container stays `Created`, with the
    /// runtime's exit code recorded (as docker records 127 for a missing executable).
    public mutating func failStart(_ id: String, exitCode: Int32) {
        guard var container = containers[id] else { return }
        container.status = .created
        container.startedAt = .zero
        container.exitCode = exitCode
        container.process = nil
        containers[id] = container
        tearDownNetworking(id)
        if container.hostConfig.autoRemove { removeContainerRecord(id, removingVolumes: true) }  // `--rm`
    }

    /// The main process ended by itself: the container is exited with `exitCode` (and removed if
    /// `--rm`), or `restarting` when its restart policy brings it back.
    /// - Parameter mayRestart: false when the process was stopped by hand (`stop`, `kill`,
    ///   `rm -f`) or a restart failed: the restart policy does not apply then.
    public mutating func finish(_ id: String, exitCode: Int32, at time: Timestamp? = nil, mayRestart: Bool = true) {
        guard var container = containers[id], container.isRunning else { return }
        // Most engines never had a container stopped by a cap: no ID hashed then.
        let mayRestart = (capStopped.isEmpty ? nil : capStopped.remove(id)) == nil && mayRestart
        let time = self.time(or: time)
        // What the exit does happens at its time (the events it logs), also when the clock
        // has run past it.
        let outer = eventTime
        eventTime = time
        defer { eventTime = outer }
        if container.status == .restarting {
            cancelRestart(id)
            return
        }
        if mayRestart, let delay = restartDelay(container, exitCode: exitCode, at: time) {
            container.status = .restarting
            container.exitCode = exitCode
            container.finishedAt = time
            container.process = nil
            container.execSessions = 0
            container.restartCount += 1
            container.restartDelay = delay
            container.restartDue = time.adding(seconds: delay)
            containers[id] = container
            tearDownNetworking(id)
            clearTmpfs(id)
            logDie(container, exitCode: exitCode, at: time)
            return
        }
        // What the `die` event reads (the container before the exit) is kept apart from the
        // stored container, which changes in place: a copy of the whole container held across
        // the change would make it copy its stored fields.
        let died = DiedContainer(container)
        // The networking is torn down (``tearDownNetworking(_:)``) in the same change of the
        // stored container as the exit: its addresses and ports released first (they read the
        // leases and the networks, not the container's status).
        let tearsDown = Self.hasNetworkingToTearDown(joined: container.hasSandbox, ports: container.ports)
        if tearsDown { releaseNetworking(id, endpoints: container.endpoints, ports: container.ports) }
        // Its mounts are not changed by the exit: a container without tmpfs is not looked up again.
        let hasTmpfs = container.fs.mounts.contains { $0.origin == .tmpfs }
        _ = consume container
        containers.update(id) { container in
            container.status = .exited
            container.exitCode = exitCode
            container.finishedAt = time
            container.process = nil
            container.execSessions = 0
            if tearsDown { Self.clearNetworking(&container) }
        }
        if hasTmpfs { clearTmpfs(id) }
        logDie(died, exitCode: exitCode, at: time)
        if died.autoRemove { removeContainerRecord(id, removingVolumes: true) }
    }

    /// `docker stop`: SIGTERM, then SIGKILL after 10 seconds. PID 1 ignores SIGTERM without a
    /// handler (bash, sh, sleep), so those end with 137 after the full timeout; a process that
    /// ends on its own within it exits as it would have, and a service that handles the signal
    /// (the catalog's `stop` line: Apache, nginx, MariaDB, Redis…) shuts down with its own status.
    public mutating func stop(_ id: String, timeout: Double = 10) {
        stop([id], timeout: timeout)
    }

    /// Stops several containers at once, as the CLI does (in parallel): the clock moves by the
    /// longest wait, not by the sum. `signal` (`docker stop --signal`) is sent instead of each
    /// container's stop signal.
    public mutating func stop(_ ids: [String], timeout: Double = 10, signal override: Int32? = nil) {
        settle()
        // A container waiting to restart has no process: the restart is called off at once.
        for id in ids where containers[id]?.status == .restarting { cancelRestart(id) }
        let running = ids.filter { containers[$0]?.isRunning == true }
        guard !running.isEmpty else { return }
        defer { for id in ids { logContainer(id: id, "stop") } }
        var signals: [String: Int32] = [:]
        for id in running {
            let signal = override ?? stopSignal(of: id)
            signals[id] = signal
            logContainer(id: id, "kill", [EngineEvent.Attribute(key: "signal", value: String(signal))])
        }
        let deadline = now.adding(seconds: timeout)
        // Services that handle the signal shut down; processes that end by themselves before
        // the deadline do so; the rest are killed then (at once, when the signal is SIGKILL).
        var shutdowns: [(id: String, at: Timestamp, stop: ProgramSpec.Stop?)] = []
        var ends: [Timestamp] = []
        for id in running {
            if signals[id] == Signals.kill {
                shutdowns.append((id, now, nil))
                ends.append(now)
                continue
            }
            switch containers[id]?.process {
            case .timed(let until, _)? where until <= deadline:
                ends.append(until)
            case .service?:
                // A service that handles its image's stop signal also ends on SIGTERM, SIGINT and
                // SIGQUIT; what it prints is what the catalog says for its own signal.
                let signal = signals[id] ?? Signals.term
                let own = imageStopSignal(of: id)
                if signal == own || [Signals.term, Signals.interrupt, Signals.quit].contains(signal),
                    var stop = launcher?.stopping(id, engine: self), stop.seconds <= timeout
                {
                    if signal != own { stop.output = [] }
                    let at = now.adding(seconds: stop.seconds)
                    shutdowns.append((id, at, stop))
                    ends.append(at)
                }
            default:
                break
            }
        }
        let allEnd = ends.count == running.count
        let last = allEnd ? (ends.max() ?? now) : deadline
        clock.advance(by: last.interval(since: now))
        for shutdown in shutdowns where containers[shutdown.id]?.isRunning == true {
            guard let stop = shutdown.stop else {
                finish(shutdown.id, exitCode: 137, at: shutdown.at, mayRestart: false)
                continue
            }
            logShutdown(shutdown.id, stop.output, at: shutdown.at)
            finish(shutdown.id, exitCode: stop.status, at: shutdown.at, mayRestart: false)
        }
        settle()  // what the others do while they ignore SIGTERM
        if allEnd { return }
        for id in running where containers[id]?.isRunning == true {
            logContainer(id: id, "kill", [EngineEvent.Attribute(key: "signal", value: "9")])
            finish(id, exitCode: 137, mayRestart: false)
        }
    }

    /// The signal `docker stop` sends a container: its `StopSignal` (moby falls back to SIGTERM
    /// when the stored name does not parse).
    func stopSignal(of id: String) -> Int32 { Signals.stopping(containers[id]?.config.stopSignal) }

    /// The signal the image says its program stops on (`STOPSIGNAL`, else SIGTERM): the one the
    /// catalog's `stop` and `shutdown` lines describe.
    func imageStopSignal(of id: String) -> Int32 {
        Signals.stopping(containers[id].flatMap { images[$0.imageID] }?.config.config.stopSignal)
    }

    /// What a service prints while it shuts down (the catalog's `shutdown` lines), in its log at
    /// the time it ends.
    mutating func logShutdown(_ id: String, _ lines: [ProgramSpec.Output], at time: Timestamp) {
        guard !lines.isEmpty, let container = containers[id] else { return }
        let context = ProgramSpec.Context(
            ip: container.ipAddress ?? "", hostname: container.config.hostname, env: container.config.env, time: time)
        let maxSize = limits.logBytes
        for line in ProgramSpec.render(lines, context, firstRun: true) {
            let entry = LogEntry(stream: container.config.tty ? .stdout : line.stream, text: line.text, time: time)
            containers.update(id) { $0.appendLog(entry, maxSize: maxSize) }
        }
    }

    /// `docker kill`: SIGKILL (exit code 137), or `signal` (`--signal`). A service that handles
    /// the signal (its image's stop signal, SIGTERM, SIGINT, SIGQUIT: as `docker stop` finds it)
    /// shuts down with its own status; any other main process is a PID 1 without a handler, to
    /// which the kernel does not deliver the signal: it goes on (moby's `killWithSignal` returns
    /// once the signal is sent). Either way it is not restarted (`HasBeenManuallyStopped`).
    public mutating func kill(_ id: String, signal: Int32 = Signals.kill) throws(DockerError) {
        settle()
        guard let container = containers[id] else { throw Self.noSuchContainer(id) }
        guard container.isRunning else {
            throw .daemon(
                "cannot kill container: \(container.name): container \(container.id) is not running", kind: .conflict)
        }
        logContainer(container, "kill", [EngineEvent.Attribute(key: "signal", value: String(signal))])
        if signal == Signals.kill {
            finish(id, exitCode: 137, mayRestart: false)
            return
        }
        guard container.status != .paused, case .service? = container.process else { return }
        let own = imageStopSignal(of: id)
        guard signal == own || [Signals.term, Signals.interrupt, Signals.quit].contains(signal),
            var stop = launcher?.stopping(id, engine: self)
        else { return }
        if signal != own { stop.output = [] }
        logShutdown(id, stop.output, at: now)
        finish(id, exitCode: stop.status, at: now, mayRestart: false)
    }

    /// `docker rm`: removes a container (a running one only with `force`, which kills it first).
    /// - Parameters:
    ///   - typed: the argument as the user typed it, for docker's message.
    ///   - volumes: `-v`: its anonymous volumes go too (those nothing else uses).
    public mutating func removeContainer(
        _ id: String, force: Bool, typed: String, volumes removingVolumes: Bool = false
    ) throws(DockerError) {
        settle()
        guard let container = containers[id] else { throw Self.noSuchContainer(typed) }
        if container.isRunning {
            guard force else {
                let reason =
                    container.status == .paused
                    ? "container is paused and must be unpaused first"
                    : "container is \(container.status.rawValue): stop the container before removing or force remove"
                throw .daemon("cannot remove container \"\(typed)\": \(reason)", kind: .conflict)
            }
            logContainer(container, "kill", [EngineEvent.Attribute(key: "signal", value: "9")])
            finish(id, exitCode: 137, mayRestart: false)
            if containers[id] == nil { return }  // --rm removed it already
        }
        removeContainerRecord(id, removingVolumes: removingVolumes)
    }

    mutating func removeContainerRecord(_ id: String, removingVolumes: Bool = false) {
        guard let container = containers.removeValue(forKey: id) else { return }
        // ``tearDownNetworking(_:)`` of the removed container: what it releases and logs, without
        // changing the container that is gone (nor looking it up first).
        if Self.hasNetworkingToTearDown(joined: container.hasSandbox, ports: container.ports) {
            releaseNetworking(id, endpoints: container.endpoints, ports: container.ports)
        }
        note(.containerRemoved(container: container.name, size: container.sizeRw))
        releaseMounts(of: container, removingVolumes: removingVolumes)
        logContainer(container, "destroy")
        indexes.containersByImage[container.imageID]?.remove(id)
        if indexes.containersByImage[container.imageID]?.isEmpty == true {
            indexes.containersByImage[container.imageID] = nil
        }
        containerNames[container.name] = nil
        if let top = container.imageTopLayer { layers.release(top) }
    }

    /// `docker rename`.
    public mutating func renameContainer(_ id: String, to newName: String) throws(DockerError) {
        guard var container = containers[id] else { throw Self.noSuchContainer(id) }
        let newName = newName.hasPrefix("/") ? String(newName.dropFirst()) : newName
        guard Self.isValidName(newName) else { throw Self.invalidName(newName) }
        if container.name == newName {
            throw .daemon("Renaming a container with the same name as its current name", kind: .invalidParameter)
        }
        if let owner = containerNames[newName] { throw Self.nameConflict(newName, owner) }
        containerNames[container.name] = nil
        let oldName = container.name
        container.name = newName
        containerNames[newName] = id
        containers[id] = container
        logContainer(container, "rename", [EngineEvent.Attribute(key: "oldName", value: "/" + oldName)])
    }

    /// Changes a container's file system (what its processes do to it). What changes under a
    /// mount reaches the volume or the host folder it shows, and every other container that
    /// mounts them.
    /// A change that would take the simulated disk past ``Limits/filesPerContainer`` or
    /// ``Limits/simulatedBytes`` is undone whole and fails with ``FSError/noSpace``.
    public mutating func withFileSystem<R>(
        _ id: String, _ body: (inout ContainerFS) throws(FSError) -> R
    ) throws(FSError) -> R {
        // Only the file system is taken out and stored back (the container is not copied out and
        // replaced whole); the table holds the old one while the caps are checked against it,
        // read where the container's box holds it (no copy of it kept as the one before).
        guard let container = containers[id] else { throw FSError.noSuchFile }
        var fs = container.fs
        // The body's value or error kept apart (no `Result` of the generic value made: its
        // type was looked up at run time on every call from another module).
        let value: R
        do throws(FSError) {
            value = try body(&fs)
        } catch {
            // A failed change is stored as far as it went, unless it grew past the caps.
            let exceeds = container.withFS { before in exceedsDisk(before: before, after: fs, excluding: id) }
            _ = consume container  // the box referenced once again before the change
            if !exceeds { store(&fs, of: id) }
            throw error
        }
        let exceeds = container.withFS { before in exceedsDisk(before: before, after: fs, excluding: id) }
        _ = consume container  // the box referenced once again before the change
        if exceeds { throw FSError.noSpace }
        store(&fs, of: id)
        return value
    }

    /// What ``withFileSystem(_:_:)`` does with a changed file system: stored in the container,
    /// its mounts kept in step with their sources, the change of its size noted. `fs` is
    /// swapped with the stored one: it comes back as the file system it replaced (neither is
    /// copied: a copy retained and released each of its trees and arrays).
    private mutating func store(_ fs: inout ContainerFS, of id: String) {
        let size = fs.size
        // Only a volume or a host folder has anything to keep in step (the container's own
        // files and tmpfs have not): most containers have neither, and are not looked up again.
        let sharedMounts = Self.hasSharedMounts(fs)
        let name =
            containers.update(id) { stored in
                swap(&stored.fs, &fs)
                return stored.name
            } ?? ""
        // `fs` is the one before the change now.
        if sharedMounts { syncMounts(of: id, before: fs) }
        if fs.size != size {
            note(.writableLayerChanged(container: name, before: fs.size, after: size))
        }
    }

    /// Whether `fs` has a mount that ``syncMounts(of:before:)`` keeps in step with where it
    /// comes from (a volume or a folder of the host); it skips the others.
    static func hasSharedMounts(_ fs: ContainerFS) -> Bool {
        fs.mounts.contains { mount in
            switch mount.origin {
            case .volume, .host: true
            case .daemon, .tmpfs: false
            }
        }
    }

    /// Writes (or appends to) a file in a container, as a process's `>` or `>>` does: refused
    /// beforehand, with nothing changed, when the file would pass ``Limits/fileBytes`` ("File
    /// too large") or the disk its caps ("No space left on device"); otherwise done in place (an
    /// append to the writable layer costs what it appends). Returns the file's new size.
    @discardableResult
    public mutating func writeFile(
        _ id: String, path: String, cwd: [String], bytes: [UInt8], append: Bool, mtime: Int64
    ) throws(FSError) -> Int64 {
        guard let plan = try containers[id]?.fs.plannedWrite(path, cwd: cwd, count: bytes.count, append: append)
        else { throw FSError.noSuchFile }
        if plan.stored && plan.newSize > Int64(limits.fileBytes) { throw FSError.fileTooLarge }
        let before = containers[id]?.sizeRw ?? 0
        let target = writeTarget(id, path: path, cwd: cwd)
        if plan.inMount {
            // A volume, bind or tmpfs: written as any change, kept in step with where it comes from.
            try withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
                try fs.write(path, cwd: cwd, bytes: bytes, append: append, mtime: mtime)
            }
        } else {
            if wouldExceedDisk(id, sizeDelta: plan.sizeDelta, countDelta: plan.countDelta) { throw FSError.noSpace }
            try containers[id]?.fs.write(path, cwd: cwd, bytes: bytes, append: append, mtime: mtime)
        }
        if let target { noteWrite(id, path: path, cwd: cwd, target: target, before: before) }
        return plan.newSize
    }

    /// Whether growing container `id`'s writable layer by `sizeDelta` bytes and `countDelta`
    /// entries would pass the caps (counted as ``exceedsDisk(before:after:excluding:)`` counts).
    func wouldExceedDisk(_ id: String, sizeDelta: Int64, countDelta: Int) -> Bool {
        let count = containers[id]?.fs.upper.count ?? 0
        if countDelta > 0 && count + countDelta > limits.filesPerContainer { return true }
        guard sizeDelta > 0 else { return false }
        var total = host.size + sizeDelta
        for volume in volumes.values { total += volume.size }
        // Every container's writable layer and tmpfs mounts, as the table keeps their sums.
        total += containers.writableBytes + containers.tmpfsBytes
        return total > limits.simulatedBytes
    }

    /// Whether a container's file system that went from `before` to `after` (its writable layer
    /// and what it wrote under its mounts) grew past the caps.
    func exceedsDisk(before: ContainerFS, after: ContainerFS, excluding id: String) -> Bool {
        // The trees are the writable layer, then each directory mount's, in order: read in
        // place (no array of them made for each change).
        let cap = limits.filesPerContainer
        var grown = after.upper.size - before.upper.size
        if after.upper.count > cap && after.upper.count > before.upper.count { return true }
        var oldIndex = before.mounts.startIndex
        for mount in after.mounts {
            guard case .directory(let tree) = mount.content else { continue }
            // The old tree at the same place among the directory mounts, if any.
            var old: FileTree?
            while oldIndex < before.mounts.endIndex {
                defer { oldIndex += 1 }
                if case .directory(let found) = before.mounts[oldIndex].content {
                    old = found
                    break
                }
            }
            if tree.count > cap, tree.count > old?.count ?? -1 { return true }
            grown += tree.size - (old?.size ?? 0)
        }
        while oldIndex < before.mounts.endIndex {
            if case .directory(let found) = before.mounts[oldIndex].content { grown -= found.size }
            oldIndex += 1
        }
        guard grown > 0 else { return false }
        var total = host.size + grown
        for volume in volumes.values { total += volume.size }
        // Every container's writable layer and tmpfs mounts, as the table keeps their sums.
        total += containers.writableBytes + containers.tmpfsBytes
        return total > limits.simulatedBytes
    }

    /// Appends what a container's process printed to its log.
    public mutating func appendLog(_ id: String, stream: LogEntry.Stream, text: String) {
        guard !text.isEmpty else { return }
        let entry = LogEntry(stream: stream, text: text, time: now)
        let maxSize = limits.logBytes
        containers.update(id) { $0.appendLog(entry, maxSize: maxSize) }
    }

    /// Stops nothing by itself: records that a container's main process was stopped by one of
    /// dockersim's caps (``Limits``), with `note` (dockersim's bilingual note), both in the
    /// container's log (as its own stderr) and in ``capNotices``, which the session prints on the
    /// terminal after the line that was running, so that the student sees why.
    public mutating func noteStoppedByCap(_ id: String, note: String) {
        appendLog(id, stream: .stderr, text: note)
        markStoppedByCap(id)
        let name = containers[id]?.name ?? String(id.prefix(12))
        let text = note.hasPrefix("dockersim: ") ? String(note.dropFirst("dockersim: ".count)) : note
        capNotices.append("dockersim: [\(name)] \(text)")
    }

    /// Marks container `id`'s main process as stopped by a cap: when it ends, its restart policy
    /// does not bring it back (as after a `docker stop`), since it would only be stopped again,
    /// for ever.
    public mutating func markStoppedByCap(_ id: String) {
        capStopped.insert(id)
    }

    /// Counts shells opened by `docker exec -it`.
    /// An interactive exec opened (`delta` 1) or ended (-1, with its shell's `exitCode`: its
    /// `exec_die`).
    public mutating func setExecSessions(_ id: String, delta: Int, exitCode: Int32 = 0) {
        containers[id]?.execSessions += delta
        if delta < 0, let execID = openExecs[id]?.popLast() {
            if openExecs[id]?.isEmpty == true { openExecs[id] = nil }
            noteExecDied(id, execID: execID, exitCode: exitCode)
        }
    }

    // MARK: - IDs and names

    /// `count` hex digits from the engine's seeded generator (compose's one-off slugs…).
    public mutating func randomHex(_ count: Int) -> String { rng.hex(count) }

    mutating func newContainerID() -> String {
        while true {
            let id = Self.hex64(&rng)
            // pkg/stringid: the short ID is never all digits (it could be read as a number).
            if Self.startsWithTwelveDigits(id) { continue }
            if containers[id] == nil { return id }
        }
    }

    /// `rng.hex(64)`: the same 64 digits (four words, each lowest nibble first), written into
    /// the new string's buffer at once (no array grown digit by digit, then decoded).
    static func hex64(_ rng: inout SeededGenerator) -> String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            for word in 0..<4 {
                var bits = rng.next()
                for nibble in 0..<16 {
                    let digit = UInt8(bits & 0xF)
                    buffer[word &* 16 &+ nibble] = digit < 10 ? 48 &+ digit : 87 &+ digit  // 0-9, a-f
                    bits >>= 4
                }
            }
            return 64
        }
    }

    /// Whether the first 12 bytes of `id` are decimal digits
    /// (`id.utf8.prefix(12).allSatisfy { $0 >= 48 && $0 <= 57 }`), read in place.
    static func startsWithTwelveDigits(_ id: String) -> Bool {
        let found = id.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes.prefix(12) where byte < 48 || byte > 57 { return false }
            return true
        }
        return found ?? id.utf8.prefix(12).allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The first 12 characters of an ID (`String(id.prefix(12))`): of its bytes when the first
    /// 12 are ASCII letters and digits and the next one (if any) is ASCII (a generated ID's
    /// hex: no mark can join the twelfth character), without reading it as characters.
    static func shortHex(_ id: String) -> String {
        let short = id.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let head = bytes.prefix(12)
            guard head.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) }),
                bytes.count <= 12 || bytes[12] < 0x80
            else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: head), as: UTF8.self)
        }
        if let short, let short { return short }
        return String(id.prefix(12))
    }

    mutating func generateName() -> String {
        for retry in 0..<10 {
            var name = NameGenerator.name(using: &rng)
            if retry > 0 { name += String(Int(rng.next() % 10)) }
            if containerNames[name] == nil { return name }
        }
        return NameGenerator.name(using: &rng) + "_" + rng.hex(6)
    }

    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]+`
    public static func isValidName(_ name: String) -> Bool {
        // As bytes: every byte of a valid name is one of these ASCII characters.
        func alphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        func valid(_ bytes: some Collection<UInt8>) -> Bool {
            guard bytes.count >= 2, let first = bytes.first, alphanumeric(first) else { return false }
            return bytes.dropFirst().allSatisfy {
                alphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
            }
        }
        // From the name's own bytes when it has them in one piece (nearly always): the generic
        // walk of the UTF-8 view cost about fifty instructions a byte.
        return name.utf8.withContiguousStorageIfAvailable { valid($0) } ?? valid(name.utf8)
    }

    static func invalidName(_ name: String) -> DockerError {
        .daemon("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", kind: .invalidParameter)
    }

    static func nameConflict(_ name: String, _ owner: String) -> DockerError {
        .daemon(
            "Conflict. The container name \"/\(name)\" is already in use by container \"\(owner)\". You have to remove (or rename) that container to be able to reuse that name.",
            kind: .conflict)
    }

    /// The elements of `first` and `second` without repeats, sorted (`Array(Set(first +
    /// second)).sorted()`), made only when there is any.
    static func sortedUnion(_ first: [String], _ second: [String]) -> [String] {
        if first.isEmpty && second.isEmpty { return [] }
        return Array(Set(first + second)).sorted()
    }

    /// The init layer docker puts under every container: placeholders that never count.
    /// Containers made in the same second get the same (read-only, copy-on-write) tree.
    static func initLayer(mtime: Int64) -> FileTree {
        if let last = lastInitLayer.withLock({ $0 }), last.mtime == mtime { return last.tree }
        let tree = makeInitLayer(mtime: mtime)
        lastInitLayer.withLock { $0 = (mtime, tree) }
        return tree
    }

    /// The init layer made last, and its time.
    private static let lastInitLayer = Mutex<(mtime: Int64, tree: FileTree)?>(nil)

    /// The metadata of the init layer's empty files (`/etc/hostname`, `/etc/hosts`,
    /// `/etc/resolv.conf`…) made at `mtime`.
    static func initLayerFileMeta(mtime: Int64) -> FileMetadata { FileMetadata(mode: 0o644, mtime: mtime) }

    private static func makeInitLayer(mtime: Int64) -> FileTree {
        let dirMeta = FileMetadata(mode: 0o755, mtime: mtime)
        let empty = initLayerFileMeta(mtime: mtime)
        return FileTree.build(
            [
                ("/.dockerenv", .file(FileContent(bytes: []), empty)),
                ("/dev/console", .file(FileContent(bytes: []), empty)),
                ("/dev/pts", .directory(Directory(meta: dirMeta))),
                ("/dev/shm", .directory(Directory(meta: dirMeta))),
                ("/etc/hostname", .file(FileContent(bytes: []), empty)),
                ("/etc/hosts", .file(FileContent(bytes: []), empty)),
                ("/etc/mtab", .symlink(target: "/proc/mounts", FileMetadata(mode: 0o777, mtime: mtime))),
                ("/etc/resolv.conf", .file(FileContent(bytes: []), empty)),
                ("/proc", .directory(Directory(meta: dirMeta))),
                ("/sys", .directory(Directory(meta: dirMeta))),
            ], dirMeta: dirMeta)
    }

}

extension Engine {
    /// `docker pause`: freezes a running container (its clock-driven program stops).
    public mutating func pause(_ id: String) throws(DockerError) {
        settle()
        guard let container = containers[id] else { throw Self.noSuchContainer(id) }
        if container.status == .restarting { throw Self.isRestarting(container.id) }
        guard container.status == .running || container.status == .paused else {
            throw .daemon("container \(container.id) is not running", kind: .conflict)
        }
        guard container.status == .running else {
            throw .daemon("container \(container.id) is already paused", kind: .conflict)
        }
        containers[id]?.status = .paused
        logContainer(id: id, "pause")
    }

    /// `docker unpause`: a program's sleep ran on while it was frozen, so it wakes at once.
    public mutating func unpause(_ id: String) throws(DockerError) {
        settle()
        guard let container = containers[id] else { throw Self.noSuchContainer(id) }
        guard container.status == .paused else {
            throw .daemon("container \(container.id) is not paused", kind: .conflict)
        }
        containers[id]?.status = .running
        logContainer(id: id, "unpause")
        let current = now
        switch container.process {
        case .program(var running)? where running.wake < current:
            running.wake = current
            containers[id]?.process = .program(running)
        default: break
        }
        settle()
    }
}
