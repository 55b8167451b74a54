/// One line of `docker diff`: a path added, changed or deleted in a container's writable layer.
public struct Change: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case added = "A"
        case changed = "C"
        case deleted = "D"
    }

    public var kind: Kind
    public var path: String

    public init(_ kind: Kind, _ path: String) {
        self.kind = kind
        self.path = path
    }
}

/// A container's root file system: a writable upper tree over read-only lower layers
/// (the init layer and the image's layers), with overlayfs copy-up and whiteouts.
///
/// Paths that docker bind-mounts (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`) live in
/// ``mounts``: writing them never touches the upper tree, so they never count in its size.
public struct ContainerFS: Sendable {
    /// The writable layer (overlayfs "upper dir").
    public private(set) var upper: FileTree
    /// The read-only layers below, top first: the container's init layer, then the image's layers.
    public let lower: [FileTree]
    /// Bind-mounted files by absolute path.
    public private(set) var mounts: [String: FileContent]

    public init(upper: FileTree = FileTree(), lower: [FileTree], mounts: [String: FileContent] = [:]) {
        self.upper = upper
        self.lower = lower
        self.mounts = mounts
    }

    /// Replaces the content of a file docker bind-mounts (`/etc/hosts`…), or adds one.
    public mutating func setMountedFile(_ path: String, _ content: FileContent) {
        mounts[path] = content
    }

    /// The merged view a process inside the container sees.
    public var view: UnionView { UnionView(layers: [upper] + lower) }

    private var lowerView: UnionView { UnionView(layers: lower) }

    /// The size of the writable layer as docker computes `SizeRw`.
    public var size: Int64 { upper.size }

    // MARK: - Reading

    /// The entry at `path`, following symlinks (the last one too when `follow`).
    public func stat(
        _ path: String, cwd: [String], follow: Bool = true
    ) throws(FSError) -> (path: [String], node: FileNode) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: follow)
        if let mounted = mounts[FilePath.string(resolved)] {
            let meta = view.lookup(resolved)?.metadata ?? FileMetadata(mode: 0o644, mtime: 0)
            return (resolved, .file(mounted, meta))
        }
        guard let node = view.lookup(resolved) else { throw .noSuchFile }
        return (resolved, node)
    }

    /// The content of the regular file at `path`.
    public func read(_ path: String, cwd: [String]) throws(FSError) -> FileContent {
        let (_, node) = try stat(path, cwd: cwd)
        switch node {
        case .file(let content, _): return content
        case .directory: throw .isADirectory
        default: throw .noSuchFile
        }
    }

    /// The merged entries of the directory at physical path `dir`.
    public func list(_ dir: [String]) -> [String: FileNode] {
        var entries = view.list(dir)
        for (path, content) in mounts {
            let parts = FilePath.components(path)
            if Array(parts.dropLast()) == dir, let name = parts.last, case .file(_, let meta)? = entries[name] {
                entries[name] = .file(content, meta)
            }
        }
        return entries
    }

    // MARK: - Writing

    /// Writes (or appends to) the regular file at `path`, creating it when missing.
    public mutating func write(
        _ path: String, cwd: [String], bytes: [UInt8], append: Bool, mtime: Int64
    ) throws(FSError) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: true)
        guard !resolved.isEmpty else { throw .isADirectory }
        let key = FilePath.string(resolved)
        if var mounted = mounts[key] {
            mounted = append ? FileContent(bytes: (mounted.bytes ?? []) + bytes) : FileContent(bytes: bytes)
            mounts[key] = mounted
            return
        }
        try requireDirectory(Array(resolved.dropLast()))
        let existing = view.lookup(resolved)
        var meta = FileMetadata(mode: 0o644, mtime: mtime)
        var content = FileContent(bytes: bytes)
        switch existing {
        case .directory?: throw .isADirectory
        case .file(let old, let oldMeta)?:
            meta = oldMeta
            meta.mtime = mtime
            if append {
                if let oldBytes = old.bytes {
                    content = FileContent(bytes: oldBytes + bytes)
                } else {
                    content = FileContent(opaqueSize: old.size + Int64(bytes.count))
                }
            }
        default: break
        }
        try copyUpDirectories(Array(resolved.dropLast()))
        upper.modify(resolved) { $0 = .file(content, meta) }
    }

    /// Creates (or replaces) the regular file at `path` with `size` bytes whose content is not
    /// simulated (the data files a database makes on its first run).
    public mutating func writeOpaque(
        _ path: String, cwd: [String], size: Int64, mode: UInt32, mtime: Int64
    ) throws(FSError) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: true)
        guard !resolved.isEmpty, mounts[FilePath.string(resolved)] == nil else { throw .isADirectory }
        try requireDirectory(Array(resolved.dropLast()))
        if case .directory? = view.lookup(resolved) { throw .isADirectory }
        try copyUpDirectories(Array(resolved.dropLast()))
        let content = size == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size)
        upper.modify(resolved) { $0 = .file(content, FileMetadata(mode: mode, mtime: mtime)) }
    }

    /// Replaces the content of the regular file at `path` (which must exist) with `content`.
    public mutating func replaceContent(_ path: String, cwd: [String], with content: FileContent) throws(FSError) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: true)
        guard case .file(_, let meta)? = view.lookup(resolved) else { throw .noSuchFile }
        try copyUpDirectories(Array(resolved.dropLast()))
        upper.modify(resolved) { $0 = .file(content, meta) }
    }

    /// Writes a file of `size` bytes whose content is not simulated (a package's binary, a cache
    /// rewritten by a tool), replacing what was there; its folder must exist.
    public mutating func writeOpaque(_ path: String, size: Int64, mode: UInt32, mtime: Int64) throws(FSError) {
        let resolved = try view.resolve(path, cwd: [], followLast: true)
        guard !resolved.isEmpty else { throw .isADirectory }
        try requireDirectory(Array(resolved.dropLast()))
        if case .directory? = view.lookup(resolved) { throw .isADirectory }
        try copyUpDirectories(Array(resolved.dropLast()))
        upper.modify(resolved) { $0 = .file(FileContent(opaqueSize: size), FileMetadata(mode: mode, mtime: mtime)) }
    }

    /// Creates the directory at `path` (and its missing parents when `parents`).
    public mutating func makeDirectory(_ path: String, cwd: [String], parents: Bool, mtime: Int64) throws(FSError) {
        let target = FilePath.normalize(path, cwd: cwd)
        if parents {
            var built: [String] = []
            for name in target {
                let candidate = built + [name]
                let resolved = try view.resolve(FilePath.string(candidate), cwd: [], followLast: true)
                switch view.lookup(resolved) {
                case .directory?: break
                case nil: try createDirectory(resolved, mtime: mtime)
                default: throw .fileExists
                }
                built = resolved
            }
            return
        }
        let resolved = try view.resolve(path, cwd: cwd, followLast: false)
        guard !resolved.isEmpty else { throw .fileExists }
        if view.lookup(resolved) != nil { throw .fileExists }
        try requireDirectory(Array(resolved.dropLast()))
        try createDirectory(resolved, mtime: mtime)
    }

    private mutating func createDirectory(_ resolved: [String], mtime: Int64) throws(FSError) {
        try copyUpDirectories(Array(resolved.dropLast()))
        // Something of that name below was deleted: the new directory must hide it (opaque).
        let opaque = lowerView.lookup(resolved) != nil
        upper.modify(resolved) {
            $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: mtime), opaque: opaque))
        }
    }

    /// Adds every entry of `tree` (rooted at `/`) as a package manager unpacks an archive: missing
    /// folders are made, files and links replace what was there. Existing folders keep their
    /// metadata. With `mtime`, every entry gets that time (files a maintainer script makes now).
    public mutating func merge(_ tree: FileTree, mtime: Int64? = nil) throws(FSError) {
        var failure: FSError?
        var entries: [([String], FileNode)] = []
        tree.walk { path, node in
            entries.append((path, node))
            return true
        }
        for (listed, node) in entries {
            do throws(FSError) {
                // dpkg follows links to folders (`/bin` → `usr/bin` in a merged-/usr system).
                guard let name = listed.last else { continue }
                let parent = try view.resolve(FilePath.string(Array(listed.dropLast())), cwd: [], followLast: true)
                let path = parent + [name]
                switch node {
                case .directory(let dir):
                    if case .symlink? = view.lookup(path),
                        case .directory? = (try? view.resolve(FilePath.string(path), cwd: [], followLast: true))
                            .flatMap({ view.lookup($0) })
                    {
                        continue
                    }
                    switch view.lookup(path) {
                    case .directory?: continue
                    case nil:
                        try copyUpDirectories(Array(path.dropLast()))
                        var meta = dir.meta
                        if let mtime { meta.mtime = mtime }
                        let opaque = lowerView.lookup(path) != nil
                        upper.modify(path) { $0 = .directory(Directory(meta: meta, opaque: opaque)) }
                    default:
                        try copyUpDirectories(Array(path.dropLast()))
                        var meta = dir.meta
                        if let mtime { meta.mtime = mtime }
                        upper.modify(path) { $0 = .directory(Directory(meta: meta, opaque: true)) }
                    }
                case .file(let content, var meta):
                    if let mtime { meta.mtime = mtime }
                    try copyUpDirectories(Array(path.dropLast()))
                    upper.modify(path) { $0 = .file(content, meta) }
                case .symlink(let target, var meta):
                    if let mtime { meta.mtime = mtime }
                    try copyUpDirectories(Array(path.dropLast()))
                    upper.modify(path) { $0 = .symlink(target: target, meta) }
                case .whiteout:
                    continue
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Puts a whole tree at `path`, as a folder (with the tree's root metadata) that replaces
    /// whatever was there: a folder copied in from outside (`dockersim --context-from`).
    public mutating func place(tree: FileTree, at path: [String]) throws(FSError) {
        guard !path.isEmpty else { throw .invalidArgument }
        try requireDirectory(Array(path.dropLast()))
        try copyUpDirectories(Array(path.dropLast()))
        upper.modify(path) { $0 = .directory(tree.root) }
    }

    /// Removes the entry at `path`: from the upper tree, and with a whiteout when a lower layer has it.
    public mutating func remove(_ path: String, cwd: [String], recursive: Bool) throws(FSError) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: false)
        guard !resolved.isEmpty else { throw .busy }
        guard let node = view.lookup(resolved) else { throw .noSuchFile }
        if node.isDirectory && !recursive { throw .isADirectory }
        if mounts[FilePath.string(resolved)] != nil { throw .busy }
        try copyUpDirectories(Array(resolved.dropLast()))
        let below = lowerView.lookup(resolved) != nil
        upper.modify(resolved) { $0 = below ? .whiteout : nil }
    }

    /// Updates the modification time of `path`, creating an empty file when it is missing.
    /// A file of the image is copied up whole, as overlayfs does for any metadata change.
    public mutating func touch(_ path: String, cwd: [String], mtime: Int64) throws(FSError) {
        let resolved = try view.resolve(path, cwd: cwd, followLast: true)
        if mounts[FilePath.string(resolved)] != nil { return }
        try requireDirectory(Array(resolved.dropLast()))
        switch view.lookup(resolved) {
        case nil:
            try copyUpDirectories(Array(resolved.dropLast()))
            upper.modify(resolved) { $0 = .file(FileContent(bytes: []), FileMetadata(mode: 0o644, mtime: mtime)) }
        case .file(let content, var meta)?:
            meta.mtime = mtime
            try copyUpDirectories(Array(resolved.dropLast()))
            upper.modify(resolved) { $0 = .file(content, meta) }
        case .directory?:
            try copyUpDirectories(resolved)
            upper.setDirectoryMeta(resolved) { meta, _ in meta.mtime = mtime }
        default:
            break
        }
    }

    /// Copies the entry at physical path `source` to physical path `destination` (a whole tree
    /// when `source` is a directory), as `cp -r` does.
    public mutating func copyTree(from source: [String], to destination: [String], mtime: Int64) throws(FSError) {
        guard let node = view.lookup(source) else { throw .noSuchFile }
        if destination.starts(with: source), node.isDirectory { throw .invalidArgument }
        try requireDirectory(Array(destination.dropLast()))
        switch node {
        case .file(let content, var meta):
            if case .directory? = view.lookup(destination) { throw .isADirectory }
            meta.mtime = mtime
            if let mounted = mounts[FilePath.string(source)] {
                try write(
                    FilePath.string(destination), cwd: [], bytes: mounted.bytes ?? [], append: false, mtime: mtime)
                return
            }
            try copyUpDirectories(Array(destination.dropLast()))
            upper.modify(destination) { $0 = .file(content, meta) }
        case .symlink(let target, var meta):
            meta.mtime = mtime
            try copyUpDirectories(Array(destination.dropLast()))
            upper.modify(destination) { $0 = .symlink(target: target, meta) }
        case .directory:
            switch view.lookup(destination) {
            case .directory?: break
            case nil: try createDirectory(destination, mtime: mtime)
            default: throw .notADirectory
            }
            for name in list(source).keys.sorted() {
                try copyTree(from: source + [name], to: destination + [name], mtime: mtime)
            }
        case .whiteout:
            throw .noSuchFile
        }
    }

    // MARK: - Helpers

    private func requireDirectory(_ dir: [String]) throws(FSError) {
        switch view.lookup(dir) {
        case .directory?: return
        case nil: throw .noSuchFile
        default: throw .notADirectory
        }
    }

    /// Creates in the upper tree every directory on `dir`, copying the lower one's metadata
    /// (a copy-up of directories: they count 0 bytes).
    private mutating func copyUpDirectories(_ dir: [String]) throws(FSError) {
        guard !dir.isEmpty else { return }
        for depth in 1...dir.count {
            let prefix = Array(dir[0..<depth])
            if case .directory? = upper.node(at: prefix) { continue }
            guard case .directory(let merged)? = view.lookup(prefix) else { throw .notADirectory }
            upper.modify(prefix) { $0 = .directory(Directory(meta: merged.meta)) }
        }
    }

    // MARK: - docker diff

    /// The changes of the writable layer against the layers below, in docker's walk order:
    /// parents before children, a changed directory (`C`) before what changed inside it,
    /// names sorted, deletions of a directory after its other changes.
    public func changes() -> [Change] {
        var result: [Change] = []
        collect(upper.root, path: [], into: &result)
        return result
    }

    private func collect(_ dir: Directory, path: [String], into result: inout [Change]) {
        var deleted: [String] = []
        var present = dir.entries.keys.filter { !(dir.entries[$0]?.isWhiteout ?? true) }
        present.sort()
        for name in dir.entries.keys.sorted() where dir.entries[name]?.isWhiteout == true {
            if lowerView.lookup(path + [name]) != nil { deleted.append(name) }
        }
        if dir.opaque {
            // The directory hides everything below: names the layers below had are deleted.
            for name in lowerView.list(path).keys.sorted() where dir.entries[name] == nil {
                deleted.append(name)
            }
            deleted.sort()
        }
        for name in present {
            guard let node = dir.entries[name] else { continue }
            let childPath = path + [name]
            let text = FilePath.string(childPath)
            let old = dir.opaque ? nil : lowerView.lookup(childPath)
            switch (node, old) {
            case (.directory(let child), nil):
                result.append(Change(.added, text))
                collectAdded(child, path: childPath, into: &result)
            case (.directory(let child), .directory(let oldDir)?):
                let mark = result.count
                let metaChanged =
                    child.meta.mode != oldDir.meta.mode || child.meta.uid != oldDir.meta.uid
                    || child.meta.gid != oldDir.meta.gid
                collect(child, path: childPath, into: &result)
                if metaChanged || result.count > mark || child.opaque {
                    result.insert(Change(.changed, text), at: mark)
                }
            case (.directory(let child), _?):
                result.append(Change(.changed, text))
                collectAdded(child, path: childPath, into: &result)
            case (_, nil):
                result.append(Change(.added, text))
            case (_, _?):
                result.append(Change(.changed, text))
            }
        }
        for name in deleted {
            result.append(Change(.deleted, FilePath.string(path + [name])))
        }
    }

    private func collectAdded(_ dir: Directory, path: [String], into result: inout [Change]) {
        for name in dir.sortedNames {
            guard let node = dir.entries[name], !node.isWhiteout else { continue }
            result.append(Change(.added, FilePath.string(path + [name])))
            if case .directory(let child) = node { collectAdded(child, path: path + [name], into: &result) }
        }
    }
}
