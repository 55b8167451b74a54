// Sources: docker/cli cli/command/container/cp.go (28.x), moby/go-archive copy.go
// (CopyInfoSourcePath, PrepareArchiveCopy, CopyTo), moby daemon/archive*.go
// (ContainerExtractToDir, ContainerArchivePath, containerFileNotFound).

/// A file tree taken out of one file system to be put into another, as the tar stream of
/// `docker cp` carries it.
public indirect enum CopyItem: Sendable {
    case file(FileContent, FileMetadata)
    case symlink(String, FileMetadata)
    case directory(FileMetadata, [(name: String, item: CopyItem)])

    /// Bytes of the tar stream for this entry and what is below it: a 512-byte header per entry
    /// and file data padded to 512.
    public var tarSize: Int64 {
        switch self {
        case .file(let content, _): 512 + (content.size + 511) / 512 * 512
        case .symlink: 512
        case .directory(_, let children): 512 + children.reduce(0) { $0 + $1.item.tarSize }
        }
    }

    /// The whole stream: the entries and the 1024 zero bytes that end a tar archive.
    public var streamSize: Int64 { tarSize + 1024 }

    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }

    /// The same tree with every entry owned by `uid:gid`.
    func owned(by owner: (uid: Int, gid: Int)?) -> CopyItem {
        guard let owner else { return self }
        func own(_ meta: FileMetadata) -> FileMetadata {
            var meta = meta
            meta.uid = owner.uid
            meta.gid = owner.gid
            return meta
        }
        switch self {
        case .file(let content, let meta): return .file(content, own(meta))
        case .symlink(let target, let meta): return .symlink(target, own(meta))
        case .directory(let meta, let children):
            return .directory(own(meta), children.map { ($0.name, $0.item.owned(by: owner)) })
        }
    }
}

/// What `docker cp` did: the bytes of the tar stream and where the CLI says it copied to, and
/// the error to print after the success line (docker prints the line even when extraction fails).
public struct CopyOutcome: Sendable, Equatable {
    public var streamSize: Int64
    /// `hora-container2:/tmp` (the path as typed), `/home/usuario/.` (made absolute)
    public var shownDestination: String
    public var lateError: DockerError?
}

extension Engine {
    /// The host user's uid and gid (`usuario`).
    public static let hostUser = (uid: 1000, gid: 1000)

    /// A new host file system: `/etc` (the accounts, the host's name, addresses and DNS servers,
    /// its `os-release`), `/home/usuario` (the user's), `/opt`, `/tmp`, and docker's data root
    /// `/var/lib/docker`, whose folders the user can see but not enter (``DataRoot``).
    public static func newHostFileSystem() -> ContainerFS { hostTemplate }

    /// The new host's file system, made once: every engine starts from it, and its folders are
    /// copied on write like any tree's.
    private static let hostTemplate: ContainerFS = makeHostFileSystem()

    private static func makeHostFileSystem() -> ContainerFS {
        let installed: Int64 = 1_704_067_200
        let root = FileMetadata(mode: 0o755, mtime: installed)
        let user = FileMetadata(mode: 0o750, uid: hostUser.uid, gid: hostUser.gid, mtime: installed)
        func file(_ text: String, _ mode: UInt32 = 0o644) -> FileNode {
            .file(FileContent(text: text), FileMetadata(mode: mode, mtime: installed))
        }
        var entries: [(path: String, node: FileNode)] = [
            ("/etc", .directory(Directory(meta: root))),
            ("/etc/group", file(SimulatedHost.groupFile)),
            ("/etc/hostname", file(SimulatedHost.hostname + "\n")),
            ("/etc/hosts", file(SimulatedHost.hostsFile)),
            ("/etc/os-release", .symlink(target: "../usr/lib/os-release", FileMetadata(mode: 0o777, mtime: installed))),
            ("/etc/passwd", file(SimulatedHost.passwdFile)),
            ("/etc/resolv.conf", file(SimulatedHost.resolvConf)),
            ("/usr", .directory(Directory(meta: root))),
            ("/usr/lib", .directory(Directory(meta: root))),
            ("/usr/lib/os-release", file(SimulatedHost.osRelease)),
            ("/home", .directory(Directory(meta: root))),
            ("/home/usuario", .directory(Directory(meta: user))),
            // Debian's empty /opt (the course keeps its bind-mount folders there).
            ("/opt", .directory(Directory(meta: root))),
            ("/tmp", .directory(Directory(meta: FileMetadata(mode: 0o1777, mtime: installed)))),
            // Docker's data root: only root may enter it; what it holds is shown when root
            // looks (``Engine/withDataRoot(_:)``).
            ("/var", .directory(Directory(meta: root))),
            ("/var/lib", .directory(Directory(meta: root))),
            ("/var/lib/docker", .directory(Directory(meta: DataRoot.rootMeta))),
            (
                "/var/lib/docker/engine-id",
                .file(FileContent(opaqueSize: 36), FileMetadata(mode: 0o600, mtime: installed))
            ),
        ]
        for (name, mode) in DataRoot.topFolders {
            entries.append(
                ("/var/lib/docker/" + name, .directory(Directory(meta: FileMetadata(mode: mode, mtime: installed)))))
        }
        let tree = FileTree.build(entries, dirMeta: root)
        var fs = ContainerFS(upper: tree, lower: [])
        fs.creator = hostUser
        fs.sealed = DataRoot.path
        return fs
    }

    /// Changes the host's file system and the host shell's working directory. A change that
    /// would take the simulated disk past ``Limits/filesPerContainer`` or ``Limits/simulatedBytes``
    /// is undone whole and fails with ``FSError/noSpace``, as in a container.
    public mutating func withHost<R>(
        _ body: (inout ContainerFS, inout [String]) throws(FSError) -> R
    ) throws(FSError) -> R {
        var fs = host
        var cwd = hostCwd
        let before = host.upper
        defer {
            host = fs
            hostCwd = cwd
        }
        func exceeds() -> Bool {
            hostExceedsDisk(
                count: fs.upper.count, countBefore: before.count, size: fs.upper.size, sizeBefore: before.size)
        }
        do throws(FSError) {
            let result = try body(&fs, &cwd)
            if exceeds() {
                fs = host
                throw FSError.noSpace
            }
            return result
        } catch {
            if error != .noSpace, exceeds() { fs = host }
            throw error
        }
    }

    /// Writes (or appends to) a file on the host, as a host shell's `>` or `>>` does: refused
    /// beforehand, with nothing changed, past the caps ``withHost(_:)`` checks ("No space left on
    /// device"); otherwise done in place, so that an append costs what it appends (through
    /// ``withHost(_:)`` the old tree is held for the undo, and every append copied the file).
    public mutating func writeHostFile(
        _ path: String, cwd: [String], bytes: [UInt8], append: Bool, mtime: Int64
    ) throws(FSError) {
        let plan = try host.plannedWrite(path, cwd: cwd, count: bytes.count, append: append)
        guard !plan.inMount else {
            try withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
                try fs.write(path, cwd: cwd, bytes: bytes, append: append, mtime: mtime)
            }
            return
        }
        let (count, size) = (host.upper.count, host.upper.size)
        if hostExceedsDisk(
            count: count + plan.countDelta, countBefore: count, size: size + plan.sizeDelta, sizeBefore: size)
        {
            throw FSError.noSpace
        }
        try host.write(path, cwd: cwd, bytes: bytes, append: append, mtime: mtime)
    }

    /// Whether the host's file system, grown from `countBefore` entries and `sizeBefore` bytes to
    /// `count` and `size`, passes the simulated disk's caps (one rule for ``withHost(_:)`` and
    /// ``writeHostFile(_:cwd:bytes:append:mtime:)``).
    private func hostExceedsDisk(count: Int, countBefore: Int, size: Int64, sizeBefore: Int64) -> Bool {
        if count > limits.filesPerContainer && count > countBefore { return true }
        guard size > sizeBefore else { return false }
        return size + containers.writableBytes > limits.simulatedBytes
    }

    /// Sets the host shell's working directory (where `docker cp` finds relative host paths).
    public mutating func setHostDirectory(_ cwd: [String]) {
        hostCwd = cwd
    }

    // MARK: - docker cp

    /// `docker cp HOSTPATH CONTAINER:PATH`.
    /// - Parameters:
    ///   - source: the host path as typed (relative to the host's working directory).
    ///   - typed: the container as typed.
    ///   - destination: the path in the container as typed (relative to `/`).
    ///   - followLink: `-L`; `archive`: `-a` (keep uid/gid; otherwise root owns the copy).
    public mutating func copyToContainer(
        source: String, container typed: String, destination: String,
        followLink: Bool = false, archive: Bool = false
    ) throws(DockerError) -> CopyOutcome {
        settle()
        let sourceAbsolute = Self.absolute(source, cwd: hostCwd)
        // The CLI stats the destination first (errors ignored), then the local source.
        let target = try? findContainer(typed)
        var destination = destination
        // A destination that is a symbolic link is evaluated: the copy goes to its target
        // (docker's cli/command/container/cp.go), so `cp f c:/app` with /app -> /opt/x/webapps
        // copies into /opt/x/webapps.
        if let target, case .symlink(let link, _)? = (try? target.fs.stat(destination, cwd: [], follow: false))?.node {
            destination =
                link.hasPrefix("/")
                ? link : FilePath.string(Array(FilePath.normalize(destination).dropLast()) + FilePath.components(link))
        }
        var dstExists = false
        var dstIsDir = false
        if let target, let node = (try? target.fs.stat(destination, cwd: [], follow: true))?.node {
            dstExists = true
            dstIsDir = node.isDirectory
        }
        let item = try Self.readSource(host, path: sourceAbsolute, followLink: followLink)
        let contentsOnly = Self.specifiesCurrentDir(sourceAbsolute)
        let name = FilePath.components(sourceAbsolute).last ?? ""
        // PrepareArchiveCopy
        let dstParts = FilePath.normalize(destination)
        var extractDir = dstParts
        var entryName: String? = name
        if dstExists && dstIsDir {
            if contentsOnly { entryName = nil }
        } else if dstExists && item.isDirectory {
            throw .cli("cannot copy directory")
        } else if !dstExists && !item.isDirectory
            && (destination.hasSuffix("/") || Self.specifiesCurrentDir(destination))
        {
            throw .cli("no such directory")
        } else {
            extractDir = Array(dstParts.dropLast())
            entryName = dstParts.last ?? name
        }
        let outcome = CopyOutcome(
            streamSize: item.streamSize, shownDestination: typed + ":" + destination, lateError: nil)
        guard let target else {
            return CopyOutcome(
                streamSize: outcome.streamSize, shownDestination: outcome.shownDestination,
                lateError: Self.noSuchContainer(typed))
        }
        let extractText = FilePath.string(extractDir)
        let owned = item.owned(by: archive ? nil : (0, 0))
        var fs = target.fs
        // `checkWritablePath` looks at the container's mount points only: a `--tmpfs` (HostConfig.Tmpfs)
        // is not one of them, so on a read-only root file system it is refused as the root.
        let tmpfsPaths =
            target.hostConfig.readonlyRootfs
            ? (target.hostConfig.tmpfs ?? [:]).keys.map { FilePath.components(MountParser.clean($0)) } : []
        do throws(DockerError) {
            try Self.extract(
                owned, named: entryName, into: extractDir, fs: &fs, containerName: typed, dirText: extractText,
                unlistedMounts: tmpfsPaths)
        } catch {
            return CopyOutcome(
                streamSize: outcome.streamSize, shownDestination: outcome.shownDestination, lateError: error)
        }
        try? withFileSystem(target.id) { (containerFS: inout ContainerFS) throws(FSError) in containerFS = fs }
        return outcome
    }

    /// `docker cp CONTAINER:PATH HOSTPATH`.
    public mutating func copyFromContainer(
        container typed: String, source: String, destination: String,
        followLink: Bool = false
    ) throws(DockerError) -> CopyOutcome {
        settle()
        let destinationAbsolute = Self.absolute(destination, cwd: hostCwd)
        // command.ValidateOutputPath
        let cleaned = FilePath.normalize(destinationAbsolute)
        if !cleaned.isEmpty {
            let parent = Array(cleaned.dropLast())
            if (try? host.stat(FilePath.string(parent), cwd: [], follow: true)) == nil {
                throw .cli("invalid output path: directory \"\(FilePath.string(parent))\" does not exist")
            }
        }
        let container = try findContainer(typed)
        let item: CopyItem
        do {
            item = try Self.readSource(
                container.fs, path: FilePath.string(FilePath.normalize(source)), followLink: followLink)
        } catch {
            throw .daemon("Could not find the file \(source) in container \(typed)", kind: .notFound)
        }
        let contentsOnly = Self.specifiesCurrentDir(source)
        let name = FilePath.components(FilePath.string(FilePath.normalize(source))).last ?? ""
        var outcome = CopyOutcome(streamSize: item.streamSize, shownDestination: destinationAbsolute, lateError: nil)
        // archive.CopyTo: CopyInfoDestinationPath, PrepareArchiveCopy, Untar.
        var dstExists = false
        var dstIsDir = false
        if let node = (try? host.stat(destinationAbsolute, cwd: [], follow: true))?.node {
            dstExists = true
            dstIsDir = node.isDirectory
        }
        var extractDir = cleaned
        var entryName: String? = name
        if dstExists && dstIsDir {
            if contentsOnly { entryName = nil }
        } else if dstExists && item.isDirectory {
            outcome.streamSize = 0
            outcome.lateError = .cli("cannot copy directory")
            return outcome
        } else if !dstExists && !item.isDirectory
            && (destination.hasSuffix("/") || Self.specifiesCurrentDir(destination))
        {
            outcome.streamSize = 0
            outcome.lateError = .cli("no such directory")
            return outcome
        } else {
            extractDir = Array(cleaned.dropLast())
            entryName = cleaned.last ?? name
        }
        var fs = host
        do throws(DockerError) {
            try Self.extract(
                item.owned(by: Self.hostUser), named: entryName, into: extractDir, fs: &fs,
                containerName: "", dirText: FilePath.string(extractDir))
        } catch {
            outcome.lateError = error
            return outcome
        }
        host = fs
        return outcome
    }

    // MARK: - Helpers

    /// `filepath.Abs` with `PreserveTrailingDotOrSeparator`.
    static func absolute(_ path: String, cwd: [String]) -> String {
        preservingTrailing(FilePath.string(FilePath.normalize(path, cwd: cwd)), path)
    }

    static func preservingTrailing(_ cleaned: String, _ original: String) -> String {
        var result = cleaned
        if !specifiesCurrentDir(cleaned) && specifiesCurrentDir(original) {
            if !result.hasSuffix("/") { result += "/" }
            result += "."
        }
        if !result.hasSuffix("/") && original.hasSuffix("/") { result += "/" }
        return result
    }

    /// `filepath.Base(path) == "."`.
    static func specifiesCurrentDir(_ path: String) -> Bool {
        path == "." || path.hasSuffix("/.")
    }

    /// Reads the tree at `path` (absolute) of a file system, without following a last symlink
    /// unless `followLink`. Errors are the host's `lstat` text.
    static func readSource(_ fs: ContainerFS, path: String, followLink: Bool) throws(DockerError) -> CopyItem {
        let parts = FilePath.normalize(path)
        // The first missing component is what lstat complains about.
        var walked: [String] = []
        for part in parts {
            walked.append(part)
            if (try? fs.stat(FilePath.string(walked), cwd: [], follow: walked.count < parts.count || followLink)) == nil
            {
                throw .cli("lstat \(FilePath.string(walked)): no such file or directory")
            }
        }
        guard let found = try? fs.stat(FilePath.string(parts), cwd: [], follow: followLink) else {
            throw .cli("lstat \(FilePath.string(parts)): no such file or directory")
        }
        return read(fs, found.path, found.node)
    }

    private static func read(_ fs: ContainerFS, _ path: [String], _ node: FileNode) -> CopyItem {
        switch node {
        case .file(let content, let meta): return .file(content, meta)
        case .symlink(let target, let meta): return .symlink(target, meta)
        case .directory(let dir):
            let entries = fs.list(path)
            let names = entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var children: [(name: String, item: CopyItem)] = []
            for name in names {
                guard let child = entries[name], !child.isWhiteout else { continue }
                children.append((name, read(fs, path + [name], child)))
            }
            return .directory(dir.meta, children)
        case .whiteout: return .directory(FileMetadata(mode: 0o755, mtime: 0), [])
        }
    }

    /// Untars `item` into the directory `dir` of `fs` (as `name`, or its contents when nil).
    /// `unlistedMounts`: mounts that are not the container's mount points (its `--tmpfs` on a
    /// read-only root), where the daemon checks the root's read-only flag instead.
    static func extract(
        _ item: CopyItem, named name: String?, into dir: [String], fs: inout ContainerFS,
        containerName: String, dirText: String, unlistedMounts: [[String]] = []
    ) throws(DockerError) {
        switch (try? fs.stat(FilePath.string(dir), cwd: [], follow: true))?.node {
        case .directory?: break
        case nil:
            if containerName.isEmpty { throw .cli("lstat \(dirText): no such file or directory") }
            throw .daemon("Could not find the file \(dirText) in container \(containerName)", kind: .notFound)
        default:
            throw .daemon("extraction point is not a directory", kind: .invalidParameter)
        }
        guard let resolvedDir = try? fs.stat(FilePath.string(dir), cwd: [], follow: true).path else { return }
        switch fs.readOnlyHolder(of: resolvedDir) {
        case .mount?: throw .daemon("mounted volume is marked read-only", kind: .invalidParameter)
        case .root?: throw .daemon("container rootfs is marked read-only", kind: .invalidParameter)
        case nil:
            if let (index, _) = fs.mountHolding(resolvedDir), unlistedMounts.contains(fs.mounts[index].path) {
                throw .daemon("container rootfs is marked read-only", kind: .invalidParameter)
            }
        }
        if let name {
            try insert(item, at: resolvedDir + [name], fs: &fs)
        } else if case .directory(_, let children) = item {
            for child in children {
                try insert(child.item, at: resolvedDir + [child.name], fs: &fs)
            }
        }
    }

    private static func insert(_ item: CopyItem, at path: [String], fs: inout ContainerFS) throws(DockerError) {
        let existing = fs.lookup(path)
        let text = FilePath.string(path)
        // Trees stay within ``Limits/pathDepth`` however often they are copied into each other.
        guard path.count <= Limits.standard.pathDepth else {
            throw .daemon("mkdir \(text): file name too long", kind: .invalidParameter)
        }
        func change(_ body: (inout ContainerFS) throws(FSError) -> Void) throws(DockerError) {
            do {
                try body(&fs)
            } catch {
                throw .daemon(text + ": " + error.text, kind: .invalidParameter)
            }
        }
        switch item {
        case .file, .symlink:
            if case .directory? = existing {
                throw .daemon(
                    "cannot overwrite directory \"\(text)\" with non-directory \"\(text)\"", kind: .invalidParameter)
            }
            let node: FileNode
            switch item {
            case .file(let content, let meta): node = .file(content, meta)
            case .symlink(let target, let meta): node = .symlink(target: target, meta)
            case .directory: return
            }
            try change { (fs: inout ContainerFS) throws(FSError) in try fs.put(node, at: path) }
        case .directory(let meta, let children):
            switch existing {
            case .directory?, nil:
                try change { (fs: inout ContainerFS) throws(FSError) in try fs.setDirectory(path, meta: meta) }
            default:
                throw .daemon(
                    "cannot overwrite non-directory \"\(text)\" with directory \"\(text)\"", kind: .invalidParameter)
            }
            for child in children {
                try insert(child.item, at: path + [child.name], fs: &fs)
            }
        }
    }

    /// Puts `item` at `path` of a bare upper tree over `lower` (a build stage's file system),
    /// copying up nothing: the caller has made the folders on the way.
    static func insert(
        _ item: CopyItem, at path: [String], upper: inout FileTree, view: UnionView, lower: UnionView
    ) throws(DockerError) {
        let existing = view.lookup(path)
        let text = FilePath.string(path)
        // Trees stay within ``Limits/pathDepth`` however often they are copied into each other.
        guard path.count <= Limits.standard.pathDepth else {
            throw .daemon("mkdir \(text): file name too long", kind: .invalidParameter)
        }
        switch item {
        case .file(let content, let meta):
            if case .directory? = existing {
                throw .daemon(
                    "cannot overwrite directory \"\(text)\" with non-directory \"\(text)\"", kind: .invalidParameter)
            }
            upper.modify(path) { $0 = .file(content, meta) }
        case .symlink(let target, let meta):
            if case .directory? = existing {
                throw .daemon(
                    "cannot overwrite directory \"\(text)\" with non-directory \"\(text)\"", kind: .invalidParameter)
            }
            upper.modify(path) { $0 = .symlink(target: target, meta) }
        case .directory(let meta, let children):
            switch existing {
            case .directory?:
                if case .directory? = upper.node(at: path) {
                    upper.setDirectoryMeta(path) { current, _ in current = meta }
                } else {
                    upper.modify(path) { $0 = .directory(Directory(meta: meta)) }
                }
            case nil:
                let opaque = lower.lookup(path) != nil
                upper.modify(path) { $0 = .directory(Directory(meta: meta, opaque: opaque)) }
            default:
                throw .daemon(
                    "cannot overwrite non-directory \"\(text)\" with directory \"\(text)\"", kind: .invalidParameter)
            }
            for child in children {
                try insert(child.item, at: path + [child.name], upper: &upper, view: view, lower: lower)
            }
        }
    }
}
