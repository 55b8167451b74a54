// Sources: moby daemon/container.go (validateHostConfig), daemon/daemon_unix.go (tmpfs
// destinations), daemon/volumes.go (registerMountPoints), daemon/create_unix.go (anonymous
// volumes of `Config.Volumes`, populateVolume), container/container_unix.go (copyExistingContents),
// daemon/mounts.go (removeMountPoints), volume/mounts/mounts.go (Setup: `-v` creates a missing
// bind source), daemon/errors.go (duplicateMountPointError).

extension Engine {
    // MARK: - Creating a container's mounts

    /// What `verifyContainerSettings` checks before the image is looked up: every `--mount` (a
    /// bind's source must exist on the host) and every `--tmpfs` destination.
    func validateMountRequests(_ hostConfig: HostConfig) throws(DockerError) {
        for spec in hostConfig.mounts ?? [] {
            try MountParser.validate(spec) { hostPathExists($0) }
        }
        for destination in (hostConfig.tmpfs ?? [:]).keys.sorted() {
            if let problem = MountParser.destinationProblem(destination) {
                throw .daemon(problem, kind: .invalidParameter)
            }
        }
    }

    /// Whether `path` exists on the simulated host (symlinks followed).
    func hostPathExists(_ path: String) -> Bool {
        (try? host.stat(path, cwd: [], follow: true)) != nil
    }

    static func duplicateMountPoint(_ destination: String) -> DockerError {
        .daemon("Duplicate mount point: \(destination)", kind: .invalidParameter)
    }

    /// `registerMountPoints`, then the anonymous volumes of `Config.Volumes` and their first
    /// filling (`createContainerOSSpecificSettings`): the container's mount points, with the
    /// volumes they use created and referenced by `id`. On an error the references taken go
    /// back (the volumes made by then stay, as docker leaves them).
    mutating func registerMounts(
        _ id: String, config: ContainerConfig, hostConfig: HostConfig, layers view: UnionView
    ) throws(DockerError) -> [MountPoint] {
        var points: [String: MountPoint] = [:]
        var copyData: [String: Bool] = [:]
        var asked: Set<String> = []
        let tmpfs = hostConfig.tmpfs ?? [:]
        func replace(_ point: MountPoint, copy: Bool) {
            let old = points[point.destination]
            points[point.destination] = point
            copyData[point.destination] = copy
            // The reference goes only when no mount point of the container still uses the volume
            // (`-v datos:/datos` over the same volume from `--volumes-from`).
            if let old, old.type == .volume,
                !points.values.contains(where: { $0.type == .volume && $0.name == old.name })
            {
                release(old.name, from: id)
            }
        }
        do throws(DockerError) {
            for spec in hostConfig.volumesFrom ?? [] {
                let (reference, mode) = try MountParser.parseVolumesFrom(spec)
                let source: Container
                do {
                    source = try findContainer(reference)
                } catch {
                    throw DockerError.daemon(error.message, kind: .invalidParameter)
                }
                for var point in source.mountPoints where point.type != .tmpfs {
                    point.rw = point.rw && MountParser.readWrite(mode)
                    point.mode = ""
                    if point.type == .volume { retain(point.name, by: id) }
                    replace(point, copy: false)
                }
            }
            for raw in hostConfig.binds ?? [] {
                let parsed = try MountParser.parseRaw(raw)
                if asked.contains(parsed.destination) || tmpfs[parsed.destination] != nil {
                    throw Self.duplicateMountPoint(parsed.destination)
                }
                var point = MountPoint(
                    type: parsed.type, destination: parsed.destination, mode: parsed.mode, rw: parsed.rw,
                    specSource: parsed.specSource)
                if parsed.type == .volume {
                    let volume = try createVolume(named: parsed.name, labels: nil)
                    retain(volume.name, by: id)
                    point.name = volume.name
                    point.source = volume.mountpoint
                    point.driver = volume.driver
                    if point.mode.isEmpty { point.mode = "z" }
                } else {
                    point.source = parsed.source
                    point.propagation = parsed.propagation
                }
                asked.insert(parsed.destination)
                replace(point, copy: parsed.copyData)
            }
            for spec in hostConfig.mounts ?? [] {
                let hostFS = host
                let parsed = try MountParser.parseSpec(spec) { (try? hostFS.stat($0, cwd: [], follow: true)) != nil }
                if asked.contains(parsed.destination) { throw Self.duplicateMountPoint(spec.target) }
                var point = MountPoint(
                    type: parsed.type, destination: parsed.destination, rw: parsed.rw, specSource: parsed.specSource)
                switch parsed.type {
                case .volume:
                    let volume = try createVolume(
                        named: parsed.name.isEmpty ? nil : parsed.name, driver: spec.volumeDriver ?? "local",
                        labels: parsed.volumeLabels)
                    retain(volume.name, by: id)
                    point.name = volume.name
                    point.source = volume.mountpoint
                    point.driver = volume.driver
                    point.mode = "z"
                case .bind:
                    point.source = parsed.source
                    point.propagation = parsed.propagation
                    point.createsSource = false
                case .tmpfs:
                    break
                }
                asked.insert(parsed.destination)
                replace(point, copy: parsed.copyData)
            }
        } catch {
            for point in points.values where point.type == .volume { release(point.name, from: id) }
            throw error
        }
        // The anonymous volumes of `Config.Volumes` (`-v /path`, the image's `VOLUME`s).
        do throws(DockerError) {
            for path in config.volumes {
                let destination = MountParser.clean(path)
                if points[destination] != nil || tmpfs[destination] != nil { continue }
                if destination == "/" {
                    throw DockerError.daemon("invalid specification: destination can't be '/'", kind: .invalidParameter)
                }
                if let resolved = try? view.resolve(destination, cwd: [], followLast: true),
                    let node = view.lookup(resolved), !node.isDirectory
                {
                    throw DockerError.daemon(
                        "cannot mount volume over existing file, file exists /var/lib/docker/overlay2/\(Digest.sha256(of: id).hex)/merged\(destination)"
                    )
                }
                let volume = try createVolume(named: nil, labels: nil)
                retain(volume.name, by: id)
                replace(
                    MountPoint(
                        type: .volume, name: volume.name, source: volume.mountpoint, destination: destination,
                        driver: volume.driver), copy: true)
            }
        } catch {
            for point in points.values where point.type == .volume {
                release(point.name, from: id)
                if point.isAnonymousVolume, volumes[point.name]?.references.isEmpty == true {
                    volumes[point.name] = nil
                }
            }
            throw error
        }
        // `populateVolume`: a new, empty volume first takes what the image has at its path.
        for point in points.values where point.type == .volume && copyData[point.destination] == true {
            guard let volume = volumes[point.name], volume.data.isEmpty,
                let resolved = try? view.resolve(point.destination, cwd: [], followLast: true),
                let content = view.flattened(resolved)
            else { continue }
            volumes[point.name]?.data = FileTree(root: content)
        }
        return points.values.sorted { $0.destination < $1.destination }
    }

    /// The file-system mounts of a new container: its mount points (each with its origin's
    /// content) and its `--tmpfs` directories.
    func fileSystemMounts(_ points: [MountPoint], tmpfs: [String: String]?, created: Timestamp) -> [ContainerFS.Mount] {
        var mounts = points.map { fileSystemMount($0, created: created) }
        for (destination, options) in tmpfs ?? [:] {
            let readOnly = options.split(separator: ",").contains("ro")
            mounts.append(
                ContainerFS.Mount(
                    path: FilePath.components(MountParser.clean(destination)),
                    content: .directory(Self.emptyTmpfs(created)), readOnly: readOnly, origin: .tmpfs))
        }
        return mounts
    }

    /// A new tmpfs: an empty directory, mode 1777.
    static func emptyTmpfs(_ time: Timestamp) -> FileTree {
        FileTree(rootMeta: FileMetadata(mode: 0o1777, mtime: time.seconds))
    }

    func fileSystemMount(_ point: MountPoint, created: Timestamp) -> ContainerFS.Mount {
        let path = FilePath.components(point.destination)
        switch point.type {
        case .volume:
            let tree = volumes[point.name]?.data ?? FileTree(rootMeta: Volume.dataDirectoryMeta(created))
            return ContainerFS.Mount(
                path: path, content: .directory(tree), readOnly: !point.rw, origin: .volume(point.name))
        case .bind:
            let source = FilePath.components(point.source)
            let content =
                hostContent(source) ?? .directory(FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: created.seconds)))
            return ContainerFS.Mount(path: path, content: content, readOnly: !point.rw, origin: .host(source))
        case .tmpfs:
            return ContainerFS.Mount(
                path: path, content: .directory(Self.emptyTmpfs(created)), readOnly: !point.rw, origin: .tmpfs)
        }
    }

    /// What the host has at `path` (symlinks followed), as a mount's content.
    func hostContent(_ path: [String]) -> ContainerFS.Mount.Content? {
        guard let found = try? host.stat(FilePath.string(path), cwd: [], follow: true) else { return nil }
        switch found.node {
        case .directory(let dir): return .directory(FileTree(root: dir))
        case .file(let content, let meta): return .file(content, meta)
        default: return nil
        }
    }

    // MARK: - References

    /// Adds `id` to the containers that reference a volume.
    mutating func retain(_ volume: String, by id: String) {
        volumes[volume]?.references.insert(id)
    }

    /// Drops `id` from the containers that reference a volume.
    mutating func release(_ volume: String, from id: String) {
        volumes[volume]?.references.remove(id)
    }

    /// `removeMountPoints`: the container lets go of its volumes; with `removingVolumes`
    /// (`rm -v`, `--rm`) its anonymous volumes that nothing else uses go too.
    mutating func releaseMounts(of container: Container, removingVolumes: Bool) {
        for point in container.mountPoints where point.type == .volume {
            release(point.name, from: container.id)
            if removingVolumes, point.isAnonymousVolume, volumes[point.name]?.references.isEmpty == true {
                volumes[point.name] = nil
                log(.volume, "destroy", point.name, [EngineEvent.Attribute(key: "driver", value: "local")])
            }
        }
    }

    // MARK: - Starting and stopping

    /// What the runtime does to the mounts as the container starts: a `-v` bind whose host path
    /// is missing gets it made (a directory, root's); mount points missing from the layers are
    /// made in the writable layer (`docker diff` shows them); tmpfs mounts start empty.
    mutating func prepareMounts(_ id: String) {
        guard let container = containers[id], !container.fs.mounts.isEmpty else { return }
        let time = Self.current(eventTime, clock)
        for point in container.mountPoints where point.type == .bind && point.createsSource {
            guard !hostPathExists(point.source) else { continue }
            _ = try? withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
                try fs.makeDirectory(point.source, cwd: [], parents: true, mtime: time.seconds)
            }
        }
        // Only the files docker writes itself (`/etc/hosts`…): nothing to make.
        if container.fs.mounts.contains(where: { $0.origin != .daemon }), var fs = containers[id]?.fs {
            for mount in fs.mounts where mount.origin != .daemon {
                var isDirectory = true
                if case .file = mount.content { isDirectory = false }
                fs.createMountPoint(mount.path, directory: isDirectory, mtime: time.seconds)
                if mount.origin == .tmpfs { fs.setMountContent(at: mount.path, .directory(Self.emptyTmpfs(time))) }
            }
            containers[id]?.fs = fs
        }
        syncBindMounts()
    }

    /// The container stopped: its tmpfs mounts lose what they held.
    mutating func clearTmpfs(_ id: String) {
        guard let mounts = containers[id]?.fs.mounts else { return }
        let time = Self.current(eventTime, clock)
        for mount in mounts where mount.origin == .tmpfs {
            containers[id]?.fs.setMountContent(at: mount.path, .directory(Self.emptyTmpfs(time)))
        }
    }

    // MARK: - Keeping mounts in step

    /// After a container changed its file system: what changed in a volume goes to the volume and
    /// to every container that mounts it; what changed in a bind mount goes to the host folder
    /// (and from there to every bind mount of it).
    mutating func syncMounts(of id: String, before: ContainerFS) {
        guard let fs = containers[id]?.fs else { return }
        for (index, mount) in fs.mounts.enumerated() {
            // The daemon's files and tmpfs mounts have nothing outside to keep in step.
            switch mount.origin {
            case .tmpfs, .daemon: continue
            case .volume, .host: break
            }
            let old = before.mounts.indices.contains(index) ? before.mounts[index] : nil
            guard old?.path == mount.path, !Self.sameContent(old?.content, mount.content) else { continue }
            switch mount.origin {
            case .volume(let name):
                guard let tree = mount.tree else { continue }
                volumes[name]?.data = tree
                propagateVolume(name)
            case .host(let path):
                // A host folder removed meanwhile stays mounted (the container holds it), detached.
                guard let found = try? host.stat(FilePath.string(path), cwd: [], follow: true) else { continue }
                let node = mount.node
                host.modifyUpper(found.path, node)
            case .tmpfs, .daemon:
                continue
            }
        }
    }

    /// Whether two mount contents are the same (the same tree, or equal files).
    static func sameContent(_ lhs: ContainerFS.Mount.Content?, _ rhs: ContainerFS.Mount.Content) -> Bool {
        switch (lhs, rhs) {
        case (.directory(let a)?, .directory(let b)): return a.root === b.root
        case (.file(let a, let metaA)?, .file(let b, let metaB)): return a == b && metaA == metaB
        default: return false
        }
    }

    /// Gives every container that mounts volume `name` its current files.
    mutating func propagateVolume(_ name: String) {
        guard let volume = volumes[name] else { return }
        for id in volume.references {
            guard let mounts = containers[id]?.fs.mounts else { continue }
            for mount in mounts where mount.origin == .volume(name) {
                if case .directory(let tree) = mount.content, tree.root === volume.data.root { continue }
                containers[id]?.fs.setMountContent(at: mount.path, .directory(volume.data))
            }
        }
    }

    /// Gives every bind mount what the host has now at its path (after the host changed).
    mutating func syncBindMounts() {
        for id in containers.withBindMounts {
            guard let container = containers[id] else { continue }
            for mount in container.fs.mounts {
                guard case .host(let path) = mount.origin, let content = hostContent(path) else { continue }
                if Self.sameContent(mount.content, content) { continue }
                containers[id]?.fs.setMountContent(at: mount.path, content)
            }
        }
    }
}

extension Container {
    /// Whether any mount shows a folder or file of the host.
    var hasBindMounts: Bool {
        fs.mounts.contains {
            if case .host = $0.origin { return true }
            return false
        }
    }
}

extension ContainerFS {
    /// Puts `node` at physical `path` of the upper tree as it is (the host's side of a bind
    /// mount, which has no layers below).
    mutating func modifyUpper(_ path: [String], _ node: FileNode) {
        guard !path.isEmpty else { return }
        replaceUpper { tree in tree.modify(path) { $0 = node } }
    }
}
