import Synchronization

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
/// (the init layer and the image's layers), with overlayfs copy-up and whiteouts, and the
/// files and directories mounted over it.
///
/// A mount hides what is below its path: what is written under it goes to the mount's own
/// tree (a volume's files, a folder of the host, a tmpfs), never to the upper tree, so it never
/// counts in its size, `docker diff` or `docker commit`. The paths docker bind-mounts
/// (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`) are file mounts. The engine keeps each
/// mount's content in step with where it comes from (``Mount/origin``).
public struct ContainerFS: Sendable {
    /// The writable layer (overlayfs "upper dir").
    public private(set) var upper: FileTree
    /// The read-only layers below, top first: the container's init layer, then the image's layers.
    public let lower: [FileTree]
    /// What is mounted over the layers, sorted by path (a mount comes before those inside it).
    public private(set) var mounts: [Mount]
    /// `--read-only`: nothing outside a writable mount can change.
    public var readOnlyRoot = false
    /// Who owns what processes create here (root in a container, the user on the host).
    public var creator: (uid: Int, gid: Int) = (0, 0)
    /// A folder the one working here may not enter: the host's `/var/lib/docker` (`drwx--x---
    /// root root`) for the user without `sudo`. A path below it is "Permission denied" (decided
    /// on the path's text: nothing in the folder is a link out of it); nil in containers.
    public var sealed: [String]?
    /// What the image's layers (`lower` but its first, the container's init layer) answer for
    /// paths, shared by every container of the image (``ImagePathAnswers``): set for a
    /// container's file system made over an image (``init(upper:lower:sortedFileMounts:imageAnswers:)``),
    /// nil for any other.
    let imageAnswers: ImagePathAnswers?

    /// A file or directory mounted at a path of the container.
    public struct Mount: Sendable {
        /// What is mounted: a directory (its tree) or a single file.
        public enum Content: Sendable {
            case directory(FileTree)
            case file(FileContent, FileMetadata)
        }

        /// The absolute path, as components.
        public let path: [String]
        public internal(set) var content: Content
        /// Writes under it fail with "Read-only file system".
        public let readOnly: Bool
        /// Where its content comes from, for the engine to keep both in step.
        public let origin: MountOrigin

        public init(path: [String], content: Content, readOnly: Bool = false, origin: MountOrigin) {
            self.path = path
            self.content = content
            self.readOnly = readOnly
            self.origin = origin
        }

        /// The entry the mount shows at its path.
        public var node: FileNode {
            switch content {
            case .directory(let tree): .directory(tree.root)
            case .file(let content, let meta): .file(content, meta)
            }
        }

        /// The directory tree of a directory mount.
        public var tree: FileTree? {
            if case .directory(let tree) = content { return tree }
            return nil
        }
    }

    /// Where a mount's content lives outside the container.
    public enum MountOrigin: Sendable, Hashable {
        /// A file the daemon keeps for the container (`/etc/hosts`…): the container's own.
        case daemon
        /// A volume, by name.
        case volume(String)
        /// A path of the simulated host (a bind mount).
        case host([String])
        /// Memory that lives while the container runs.
        case tmpfs
    }

    /// A file system over `lower`, with the daemon's files mounted at their paths.
    public init(upper: FileTree = FileTree(), lower: [FileTree], mounts: [String: FileContent] = [:]) {
        self.upper = upper
        self.lower = lower
        self.imageAnswers = nil
        let base = UnionView(layers: [upper] + lower)
        self.mounts = mounts.map { path, content in
            let parts = FilePath.components(path)
            let meta = base.lookup(parts)?.metadata ?? FileMetadata(mode: 0o644, mtime: 0)
            return Mount(path: parts, content: .file(content, meta), origin: .daemon)
        }.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    /// A file system over `lower` with the daemon's files mounted at their paths, given as
    /// components (`["etc", "hosts"]`): as ``init(upper:lower:mounts:)``, without splitting the
    /// paths or joining the layers into a view for each.
    init(upper: FileTree, lower: [FileTree], fileMounts: [(path: [String], content: FileContent)]) {
        self.upper = upper
        self.lower = lower
        self.imageAnswers = nil
        self.mounts = []
        var made: [Mount] = []
        made.reserveCapacity(fileMounts.count)
        for (parts, content) in fileMounts {
            let meta = unionLookup(parts)?.metadata ?? FileMetadata(mode: 0o644, mtime: 0)
            made.append(Mount(path: parts, content: .file(content, meta), origin: .daemon))
        }
        self.mounts = made.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    /// A file system over `lower` with the daemon's files mounted at their paths, each with the
    /// metadata its caller knows the layers give that path (`unionLookup(path)?.metadata`, as
    /// ``init(upper:lower:fileMounts:)`` looks it up): the engine's own init layer, on top of a
    /// new container's layers under an empty writable layer, holds every such file, so a new
    /// container's mounts need no look-up. `fileMounts` must be sorted by path.
    ///
    /// `imageAnswers`, when given, must be the memo of the layers `lower[1...]` (the image's, top
    /// first, under the container's init layer `lower[0]`): the one their top layer keeps
    /// (``Layer/Facts/pathAnswers``).
    init(
        upper: FileTree, lower: [FileTree],
        sortedFileMounts: [(path: [String], content: FileContent, meta: FileMetadata)],
        imageAnswers: ImagePathAnswers? = nil
    ) {
        self.upper = upper
        self.lower = lower
        assert(imageAnswers == nil || lower.count >= 2)
        self.imageAnswers = lower.count >= 2 ? imageAnswers : nil
        var made: [Mount] = []
        made.reserveCapacity(sortedFileMounts.count)
        for (parts, content, meta) in sortedFileMounts {
            made.append(Mount(path: parts, content: .file(content, meta), origin: .daemon))
        }
        assert(made.indices.dropFirst().allSatisfy { made[$0 - 1].path.lexicographicallyPrecedes(made[$0].path) })
        self.mounts = made
    }

    /// The metadata the layers give `path` (what ``init(upper:lower:fileMounts:)`` gives a
    /// file mounted there), for the tests of ``init(upper:lower:sortedFileMounts:)``.
    func layersMetadata(_ path: [String]) -> FileMetadata? { unionLookup(path)?.metadata }

    /// Takes the writable layer and the mounts of `other`, a file system over the same layers
    /// that the same pure work (see ``TreeIdentity``) changed from the same state as this one:
    /// the result of that work, without doing it again.
    public mutating func adoptChanges(of other: ContainerFS) {
        upper = other.upper
        mounts = other.mounts
    }

    /// Whether `other` is this file system as far as any work on files can tell: the same
    /// writable layer, layers below, mounts (paths, content, read-only, origin), read-only root
    /// and creator, compared by content (``TreeIdentity/same(_:_:)``).
    public func holdsTheSame(as other: ContainerFS) -> Bool {
        guard readOnlyRoot == other.readOnlyRoot, creator.uid == other.creator.uid, creator.gid == other.creator.gid,
            lower.count == other.lower.count,
            mounts.count == other.mounts.count, TreeIdentity.same(upper.root, other.upper.root)
        else { return false }
        for (mine, theirs) in zip(lower, other.lower) where !TreeIdentity.same(mine.root, theirs.root) {
            return false
        }
        for (mine, theirs) in zip(mounts, other.mounts) {
            guard mine.path.count == theirs.path.count,
                zip(mine.path, theirs.path).allSatisfy({ $0.utf8.elementsEqual($1.utf8) }),
                mine.readOnly == theirs.readOnly, mine.origin == theirs.origin
            else {
                return false
            }
            switch (mine.content, theirs.content) {
            case (.file(let content, let meta), .file(let otherContent, let otherMeta)):
                guard content == otherContent, meta == otherMeta else { return false }
            case (.directory(let tree), .directory(let otherTree)):
                guard TreeIdentity.same(tree.root, otherTree.root) else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// A fingerprint of what ``holdsTheSame(as:)`` compares: equal for file systems that hold
    /// the same. The layers below keep theirs (they are not changed in place); the writable
    /// layer and the mounts' folders do not.
    public var fingerprint: UInt64 {
        var hasher = Hasher()
        hasher.combine(TreeIdentity.fingerprint(upper.root, keep: false))
        hasher.combine(lower.count)
        for tree in lower { hasher.combine(TreeIdentity.fingerprint(tree.root, keep: true)) }
        hasher.combine(readOnlyRoot)
        hasher.combine(creator.uid)
        hasher.combine(creator.gid)
        hasher.combine(mounts.count)
        for mount in mounts {
            hasher.combine(mount.path)
            hasher.combine(mount.readOnly)
            hasher.combine(mount.origin)
            switch mount.content {
            case .file(let content, let meta):
                hasher.combine(content)
                hasher.combine(meta)
            case .directory(let tree):
                hasher.combine(TreeIdentity.fingerprint(tree.root, keep: false))
            }
        }
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }

    /// Replaces the content of a file docker bind-mounts (`/etc/hosts`…), or adds one.
    public mutating func setMountedFile(_ path: String, _ content: FileContent) {
        setMountedFile(FilePath.components(path), content)
    }

    /// ``setMountedFile(_:_:)`` at a path given as components (`["etc", "hosts"]`).
    public mutating func setMountedFile(_ parts: [String], _ content: FileContent) {
        if let index = mountIndex(at: parts), case .file(_, let meta) = mounts[index].content {
            mounts[index].content = .file(content, meta)
            return
        }
        let meta = unionLookup(parts)?.metadata ?? FileMetadata(mode: 0o644, mtime: 0)
        attach(Mount(path: parts, content: .file(content, meta), origin: .daemon))
    }

    /// The content of the file mounted at `path` (`/etc/hosts`…), if one is.
    public func mountedFile(_ path: String) -> FileContent? {
        mountedFile(FilePath.components(path))
    }

    /// ``mountedFile(_:)`` at a path given as components.
    public func mountedFile(_ parts: [String]) -> FileContent? {
        guard case .file(let content, _)? = mount(at: parts)?.content else { return nil }
        return content
    }

    /// The merged view of the layers alone, without the mounts.
    public var view: UnionView { UnionView(layers: [upper] + lower) }

    private var lowerView: UnionView { UnionView(layers: lower) }

    /// `view.lookup(path)` without making the view (an array of every layer) for each lookup.
    private func unionLookup(_ path: [String]) -> FileNode? {
        if path.isEmpty { return .directory(upper.root) }
        if case .decided(let node) = UnionView.answer(of: upper, for: path) { return node }
        for tree in lower {
            if case .decided(let node) = UnionView.answer(of: tree, for: path) { return node }
        }
        return nil
    }

    /// `(unionLookup(path), unionLookup(path.dropLast()))` for a path of two components or more,
    /// in one walk of each layer: the entry and its folder's entry, as the merged view shows them.
    private func unionLookupWithParent(_ path: [String]) -> (node: FileNode?, parent: FileNode?) {
        var (parent, node) = Self.answers(of: upper, for: path)
        for tree in lower {
            if case .decided = parent, case .decided = node { break }
            let (treeParent, treeNode) = Self.answers(of: tree, for: path)
            if case .passes = parent { parent = treeParent }
            if case .passes = node { node = treeNode }
        }
        let found: FileNode? = if case .decided(let entry) = node { entry } else { nil }
        let folder: FileNode? = if case .decided(let entry) = parent { entry } else { nil }
        return (found, folder)
    }

    /// `(UnionView.answer(of: tree, for: path.dropLast()), UnionView.answer(of: tree, for: path))`
    /// for a path of two components or more, in one walk: both walks take the same steps
    /// up to the folder's last.
    private static func answers(
        of tree: FileTree, for path: [String]
    ) -> (parent: UnionView.LayerAnswer, node: UnionView.LayerAnswer) {
        let last = path.count - 1
        var dir = tree.root
        var hidesBelow = dir.opaque
        var parent: UnionView.LayerAnswer?
        for index in 0...last {
            guard let node = dir.entries[path[index]] else {
                let answer: UnionView.LayerAnswer = hidesBelow ? .decided(nil) : .passes
                return (parent ?? answer, answer)
            }
            let entry: UnionView.LayerAnswer = .decided(node.isWhiteout ? nil : node)
            if index == last { return (parent ?? entry, entry) }
            if index == last - 1 { parent = entry }
            guard case .directory(let child) = node else { return (parent ?? .decided(nil), .decided(nil)) }
            dir = child
            if child.opaque { hidesBelow = true }
        }
        return (parent ?? .passes, .passes)  // not reached: the loop returns at `last`
    }

    /// `lowerView.lookup(path)` without making the view.
    private func lowerLookup(_ path: [String]) -> FileNode? {
        if path.isEmpty { return lower.first.map { .directory($0.root) } }
        for tree in lower {
            if case .decided(let node) = UnionView.answer(of: tree, for: path) { return node }
        }
        return nil
    }

    /// `view.resolve(path, cwd:, followLast:)` without making the view for each component.
    private func unionResolve(_ path: String, cwd: [String], followLast: Bool) throws(FSError) -> [String] {
        try FilePath.resolve(path, cwd: cwd, followLast: followLast, lookup: unionLookup)
    }

    /// The size of the writable layer as docker computes `SizeRw`.
    public var size: Int64 { upper.size }

    // MARK: - Mounts

    /// Mounts `mount` (replacing one at the same path).
    public mutating func attach(_ mount: Mount) {
        mounts.removeAll { $0.path == mount.path }
        mounts.append(mount)
        mounts.sort { $0.path.lexicographicallyPrecedes($1.path) }
    }

    /// Takes away the mounts at `path` and below it (the host's view of docker's data root).
    public mutating func detachAll(under path: [String]) {
        mounts.removeAll { $0.path.starts(with: path) }
    }

    /// Changes the upper tree directly (the host's file system, which has no layers below).
    mutating func replaceUpper(_ body: (inout FileTree) -> Void) {
        body(&upper)
    }

    /// The mount at exactly `path`.
    public func mount(at path: [String]) -> Mount? {
        mountIndex(at: path).map { mounts[$0] }
    }

    /// Replaces the content of the mount at `path` (the engine, bringing it in step with its origin).
    public mutating func setMountContent(at path: [String], _ content: Mount.Content) {
        guard let index = mountIndex(at: path) else { return }
        mounts[index].content = content
    }

    /// The innermost mount holding `path` (a directory mount over it, or a file mount at it),
    /// and the rest of the path inside it.
    func mountHolding(_ path: [String]) -> (index: Int, rest: ArraySlice<String>)? {
        var index = mounts.count
        while index > 0 {
            index -= 1
            let candidate = mounts[index].path
            guard Self.isPrefix(candidate, of: path) else { continue }
            return (index, path[candidate.count...])
        }
        return nil
    }

    /// `path.starts(with: prefix)`, compared name by name from the first (the generic
    /// `starts(with:)` went through two iterators).
    static func isPrefix(_ prefix: [String], of path: [String]) -> Bool {
        guard prefix.count <= path.count else { return false }
        var index = 0
        while index < prefix.count {
            guard prefix[index] == path[index] else { return false }
            index &+= 1
        }
        return true
    }

    /// The index of the mount at exactly `path` (`mounts.firstIndex { $0.path == path }`).
    private func mountIndex(at path: [String]) -> Int? {
        var index = 0
        while index < mounts.count {
            if mounts[index].path.count == path.count && Self.isPrefix(mounts[index].path, of: path) { return index }
            index &+= 1
        }
        return nil
    }

    /// What makes a change at physical path `path` fail, if anything: the read-only mount that
    /// holds it, or a read-only root (`docker cp`'s `checkWritablePath`).
    public func readOnlyHolder(of path: [String]) -> ReadOnlyHolder? {
        if let (index, _) = mountHolding(path) { return mounts[index].readOnly ? .mount : nil }
        return readOnlyRoot ? .root : nil
    }

    /// See ``readOnlyHolder(of:)``.
    public enum ReadOnlyHolder: Sendable, Equatable {
        case mount, root
    }

    // MARK: - Reading

    /// The entry at physical path `path`, mounts included (no symlinks followed).
    public func lookup(_ path: [String]) -> FileNode? {
        guard !mounts.isEmpty, let (index, rest) = mountHolding(path) else { return unionLookup(path) }
        switch mounts[index].content {
        case .directory(let tree): return tree.node(at: rest)
        case .file(let content, let meta): return rest.isEmpty ? .file(content, meta) : nil
        }
    }

    /// Resolves `path` against `cwd`, following symlinks in every component (and in the last
    /// one when `followLast`), mounts included. The last component may not exist.
    public func resolve(_ path: String, cwd: [String], followLast: Bool = true) throws(FSError) -> [String] {
        if sealed != nil { try checkSealed(path, cwd: cwd) }
        return try FilePath.resolve(path, cwd: cwd, followLast: followLast, lookup: lookup)
    }

    /// Throws "Permission denied" for a path that goes through ``sealed`` (its text made
    /// absolute, `..` taken back): below it, or into it and back out with `..`.
    private func checkSealed(_ path: String, cwd: [String]) throws(FSError) {
        guard let sealed else { return }
        var parts = path.utf8.first == UInt8(ascii: "/") ? [] : cwd
        for part in FilePath.components(path) {
            // Going through the folder (`x`, or `..` back out of it) needs its search permission.
            if parts == sealed { throw .permissionDenied }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
    }

    /// Whether `resolved` is the folder ``sealed``: it cannot be listed or entered.
    public func isSealed(_ resolved: [String]) -> Bool { sealed == resolved }

    /// The entry at `path`, following symlinks (the last one too when `follow`).
    public func stat(
        _ path: String, cwd: [String], follow: Bool = true
    ) throws(FSError) -> (path: [String], node: FileNode) {
        if sealed != nil { try checkSealed(path, cwd: cwd) }
        switch physicalEntry(path, follow: follow) {
        case .found(let found): return found
        case .missing: throw .noSuchFile
        case .unknown: break
        }
        let resolved = try resolve(path, cwd: cwd, followLast: follow)
        guard let node = lookup(resolved) else { throw .noSuchFile }
        return (resolved, node)
    }

    /// What one look-up in the layers tells of an absolute path (see ``physicalEntry(_:follow:)``).
    private enum PhysicalAnswer {
        case found((path: [String], node: FileNode))
        /// Its folder is a folder and has no such entry: the path (these components) does not
        /// exist, and is what ``resolve(_:cwd:followLast:)`` gives. With the folder's entry as
        /// the layers show it (the merged view's).
        case missing([String], folder: Directory)
        /// A link on the way, a mount, `..`: the path must be walked.
        case unknown
    }

    /// The entry at an absolute path that is its own resolution: no `..`, no mount holding it,
    /// and an entry in the layers that is not a link to follow. The layers' view is consistent
    /// (an entry is found under a folder only when that folder is one, not a link), so every
    /// component on the way is a folder and ``resolve(_:cwd:followLast:)`` would give the same
    /// components: one look-up instead of one per component. When the entry is missing but its
    /// folder is one, the path does not exist either. Otherwise the caller walks the path.
    private func physicalEntry(_ path: String, follow: Bool) -> PhysicalAnswer {
        guard path.utf8.first == UInt8(ascii: "/"), path.utf8.count < 4096 else { return .unknown }
        if let imageAnswers, let answer = answerFromImage(path, follow: follow, imageAnswers) { return answer }
        var redirected: [String]?
        return physicalEntry(parts: FilePath.components(path), follow: follow, redirect: true, redirected: &redirected)
    }

    /// ``physicalEntry(_:follow:)`` from what the image's layers answer for `path`
    /// (``ImagePathAnswers``: one look-up of the path's bytes, kept for every container of the
    /// image, instead of splitting the path and walking it in every layer), when the writable
    /// and init layers cannot change it; nil when they may (the path is then walked).
    ///
    /// ``physicalEntry(parts:follow:redirect:redirected:)`` looks up the path (and the path a
    /// link at the root sends it to) from the root of every layer, top first. A layer whose
    /// root is not opaque and has no entry named the path's first component passes: the
    /// layers below decide, both for the entry and for its folder. So when the writable and
    /// init layers have no entry named a first component the image's answer walked from (its
    /// `heads`), every look-up gives what the image's layers alone give, and so does the
    /// answer. The mounts are checked here, as the walk checks them (a mount holding the path,
    /// or the path it was sent to, leaves it to be walked). Only an entry missing from a
    /// folder of the root itself (one component: its folder is the writable layer's root) is
    /// not taken from the image.
    private func answerFromImage(_ path: String, follow: Bool, _ memo: ImagePathAnswers) -> PhysicalAnswer? {
        guard path.utf8.count <= ImagePathAnswers.longestPath else { return nil }
        let key = ImagePathAnswers.Key(path: path, follow: follow)
        let entry: ImagePathAnswers.Entry
        if let known = memo.entry(key) {
            entry = known
        } else {
            // Not asked for in the image yet: when this container's own layers hold the path's
            // first name, it is walked (the image's answer, made for nothing, may read folders
            // of a catalog's image that the walk never reads).
            if let first = FilePath.components(path).first,
                Self.holds(upper.root, first) || Self.holds(lower[0].root, first)
            {
                return nil
            }
            entry = imageEntry(path, follow: follow)
            memo.keep(entry, for: key)
        }
        if case .walk = entry.answer { return nil }
        let upperRoot = upper.root
        let initRoot = lower[0].root
        guard !upperRoot.opaque, !initRoot.opaque else { return nil }
        for head in entry.heads where Self.holds(upperRoot, head) || Self.holds(initRoot, head) {
            return nil
        }
        if !mounts.isEmpty {
            if mountHolding(entry.parts) != nil { return .unknown }
            if let redirected = entry.redirected, mountHolding(redirected) != nil { return .unknown }
        }
        switch entry.answer {
        case .found(let parts, let node): return .found((parts, node))
        case .missing(let parts, let folder): return .missing(parts, folder: folder)
        case .unknown: return .unknown
        case .walk: return nil
        }
    }

    /// Whether `root` has an entry `name` (`root.entries[name] != nil`): a folder of a few
    /// entries (the init layer's root has five, a new writable layer's none) is read name by
    /// name, compared as the dictionary compares them (`String`'s `==`), instead of hashing
    /// `name`.
    static func holds(_ root: Directory, _ name: String) -> Bool {
        let entries = root.entries
        guard entries.count <= 8 else { return entries[name] != nil }
        for key in entries.keys where key == name { return true }
        return false
    }

    /// What the image's layers alone (`lower[1...]`, no writable or init layer, no mounts)
    /// answer for `path` (``physicalEntry(_:follow:)``), for ``ImagePathAnswers``.
    private func imageEntry(_ path: String, follow: Bool) -> ImagePathAnswers.Entry {
        let image = ContainerFS(upper: FileTree(), lower: Array(lower.dropFirst()), sortedFileMounts: [])
        let parts = FilePath.components(path)
        var redirected: [String]?
        let answer: ImagePathAnswers.Answer =
            switch image.physicalEntry(parts: parts, follow: follow, redirect: true, redirected: &redirected) {
            case .found(let found): .found(found.path, found.node)
            // One component: its folder is the root of the writable layer, each container's own.
            case .missing(let missing, let folder): missing.count >= 2 ? .missing(missing, folder) : .walk
            case .unknown: .unknown
            }
        var heads: [String] = []
        if let first = parts.first { heads.append(first) }
        if let first = redirected?.first, first != heads.first { heads.append(first) }
        return ImagePathAnswers.Entry(parts: parts, redirected: redirected, heads: heads, answer: answer)
    }

    /// ``physicalEntry(_:follow:)`` of an absolute path's components. With `redirect`, a path
    /// whose first component is a link of the layers (`/bin` → `usr/bin` in a merged-`/usr`
    /// image) is answered as its target followed by the rest (`/usr/bin/bash` for `/bin/bash`),
    /// which is what ``resolve(_:cwd:followLast:)`` walks to: a link at the root resolves the
    /// same whether its target is absolute or relative, and a target without `..` adds no
    /// component to take back. Once only; anything else is walked.
    /// `redirected` is set to the path a link at the root sent it to, when it did.
    private func physicalEntry(
        parts: [String], follow: Bool, redirect: Bool, redirected: inout [String]?
    ) -> PhysicalAnswer {
        guard !parts.isEmpty, parts.count <= Limits.standard.pathDepth, !parts.contains("..") else { return .unknown }
        if !mounts.isEmpty && mountHolding(parts) != nil { return .unknown }
        // The entry and its folder's, in one walk of each layer (the folder is read when the
        // entry is missing).
        let (found, folder) =
            parts.count >= 2 ? unionLookupWithParent(parts) : (unionLookup(parts), unionLookup([]))
        guard let node = found else {
            let parent = folder
            if case .directory(let folder)? = parent { return .missing(parts, folder: folder) }
            guard redirect, parts.count >= 2 else { return .unknown }
            // No mount holds `parts`, so none is at its first component either.
            guard case .symlink(let target, _)? = parts.count == 2 ? parent : unionLookup([parts[0]]) else {
                return .unknown
            }
            let head = FilePath.components(target)
            guard !head.isEmpty, !head.contains("..") else { return .unknown }
            let sent = head + parts[1...]
            redirected = sent
            return physicalEntry(parts: sent, follow: follow, redirect: false, redirected: &redirected)
        }
        if case .symlink = node, follow { return .unknown }
        return .found((parts, node))
    }

    /// The components of an absolute path and the layers' entry there (nil when missing), when
    /// the layers alone (mounts left out) resolve it to itself, following a link at its end: no
    /// `..`, its folder a folder of the layers (so every folder on the way is one: see
    /// ``physicalEntry(_:follow:)``) and its entry not a link. Two look-ups instead of one per
    /// component; nil when the path must be walked (`unionResolve`).
    private func layersEntry(_ path: String) -> (parts: [String], node: FileNode?)? {
        guard path.utf8.first == UInt8(ascii: "/"), path.utf8.count < 4096 else { return nil }
        let parts = FilePath.components(path)
        guard !parts.isEmpty, parts.count <= Limits.standard.pathDepth, !parts.contains("..") else { return nil }
        guard case .directory? = unionLookup(Array(parts.dropLast())) else { return nil }
        let node = unionLookup(parts)
        if case .symlink? = node { return nil }
        return (parts, node)
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

    /// The merged entries of the directory at physical path `dir`, mounts included.
    public func list(_ dir: [String]) -> [String: FileNode] {
        var entries: [String: FileNode]
        if !mounts.isEmpty, let (index, rest) = mountHolding(dir) {
            if case .directory(let tree) = mounts[index].content, case .directory(let found)? = tree.node(at: rest) {
                entries = found.entries.filter { !$0.value.isWhiteout }
            } else {
                entries = [:]
            }
        } else {
            entries = view.list(dir)
        }
        for mount in mounts where mount.path.count == dir.count + 1 && mount.path.starts(with: dir) {
            if let name = mount.path.last { entries[name] = mount.node }
        }
        return entries
    }

    /// How many entries (files, links and folders) the view with its mounts holds below the
    /// folder `dir`, each folder's own entries counted as ``list(_:)`` lists them, without
    /// counting inside the folders of `skipping` (which are counted themselves). What listing
    /// every folder would count, with each layer's folder found once, not from the root for
    /// every folder, and no merged listing built where no mount is.
    public func entryCount(below dir: [String], skipping: [[String]]) -> Int {
        guard mounts.isEmpty || mountHolding(dir) == nil else { return listedCount(below: dir, skipping: skipping) }
        // Each layer's folder at `dir`, top first, as ``UnionView/list(_:)`` finds them: the
        // layers below one that hides the path (a file, a whiteout, an opaque folder) are left out.
        var folders: [Directory] = []
        for tree in [upper] + lower {
            var folder: Directory? = tree.root
            var stop = false
            for name in dir {
                guard case .directory(let child)? = folder?.entries[name] else {
                    if folder?.entries[name] != nil { stop = true }
                    folder = nil
                    break
                }
                folder = child
                if child.opaque { stop = true }
            }
            if let folder {
                folders.append(folder)
                if folder.opaque { stop = true }
            }
            if stop { break }
        }
        return entryCount(dir, folders, skipping: skipping)
    }

    /// ``entryCount(below:skipping:)`` of `dir`, whose folders in the layers are `folders` (top first).
    private func entryCount(_ dir: [String], _ folders: [Directory], skipping: [[String]]) -> Int {
        // Mounts right inside `dir` are entries of it, shown instead of what the layers hold there.
        var mounted: [String: FileNode] = [:]
        if !mounts.isEmpty {
            for mount in mounts where mount.path.count == dir.count + 1 && mount.path.starts(with: dir) {
                if let name = mount.path.last { mounted[name] = mount.node }
            }
        }
        var count = mounted.count
        var childPath = dir
        childPath.append("")
        func below(_ name: String, _ folders: [Directory]) -> Int {
            childPath[childPath.count - 1] = name
            if skipping.contains(childPath) { return 0 }
            return entryCount(childPath, folders, skipping: skipping)
        }
        for (name, node) in mounted where node.isDirectory {
            childPath[childPath.count - 1] = name
            if !skipping.contains(childPath) { count += listedCount(below: childPath, skipping: skipping) }
        }
        if folders.count == 1 && mounted.isEmpty {
            // A catalog's folder knows what is listed below it, when nothing below is skipped
            // or mounted (its entries are then not read).
            if folders[0].listedBelow >= 0,
                !skipping.contains(where: { $0.count > dir.count && $0.starts(with: dir) }),
                !mounts.contains(where: { $0.path.count > dir.count && $0.path.starts(with: dir) })
            {
                return folders[0].listedBelow
            }
            // One layer: its own entries, without a set of the names seen.
            for (name, node) in folders[0].entries {
                switch node {
                case .whiteout: continue
                case .directory(let child):
                    count += 1
                    count += below(name, [child])
                default: count += 1
                }
            }
            return count
        }
        var seen: Set<String> = []
        for (layer, folder) in folders.enumerated() {
            for (name, node) in folder.entries where mounted[name] == nil && !seen.contains(name) {
                seen.insert(name)
                if node.isWhiteout { continue }
                count += 1
                guard case .directory(let child) = node else { continue }
                // The child in this layer and the layers below it, as far as they show it.
                var children = [child]
                if !child.opaque {
                    for lowerFolder in folders[(layer + 1)...] {
                        guard let entry = lowerFolder.entries[name] else { continue }
                        guard case .directory(let lowerChild) = entry else { break }
                        children.append(lowerChild)
                        if lowerChild.opaque { break }
                    }
                }
                count += below(name, children)
            }
        }
        return count
    }

    /// ``entryCount(below:skipping:)`` by listing every folder (a folder a mount holds).
    private func listedCount(below dir: [String], skipping: [[String]]) -> Int {
        var count = 0
        var stack: [[String]] = [dir]
        while let folder = stack.popLast() {
            if folder != dir && skipping.contains(folder) { continue }
            for (name, node) in list(folder) {
                count += 1
                if node.isDirectory { stack.append(folder + [name]) }
            }
        }
        return count
    }

    // MARK: - Writing

    /// What writing `count` bytes to `path` would do, without doing it: the change of the
    /// writable layer's size and entry count, the file's new size, whether its content is stored
    /// (an image's binary keeps only its size), and whether the write lands in a mount (whose
    /// caps the engine checks as it writes). Throws what the write would throw.
    public func plannedWrite(
        _ path: String, cwd: [String], count: Int, append: Bool
    ) throws(FSError) -> (sizeDelta: Int64, countDelta: Int, newSize: Int64, stored: Bool, inMount: Bool) {
        let resolved = try resolve(path, cwd: cwd, followLast: true)
        guard !resolved.isEmpty else { throw .isADirectory }
        let inMount = try target(resolved) != nil
        if !inMount { try requireDirectory(Array(resolved.dropLast())) }
        let old: FileContent?
        switch lookup(resolved) {
        case .directory?: throw .isADirectory
        case .file(let content, _)?: old = content
        default: old = nil
        }
        let newSize = (append ? old?.size ?? 0 : 0) + Int64(count)
        let stored = !append || old.map { $0.bytes != nil } ?? true
        if inMount { return (0, 0, newSize, stored, true) }
        switch upper.node(at: resolved) {
        case .file(let content, _)?: return (newSize - content.size, 0, newSize, stored, false)
        case .symlink(let target, _)?: return (newSize - Int64(target.utf8.count), 0, newSize, stored, false)
        case .whiteout?: return (newSize, 0, newSize, stored, false)
        default: return (newSize, 1, newSize, stored, false)
        }
    }

    /// Where a change at physical path `path` lands: the upper tree, or a mount (its index and
    /// the path inside it). Fails on a read-only mount or root.
    private func target(_ path: [String]) throws(FSError) -> (index: Int, rest: [String])? {
        if !mounts.isEmpty, let (index, rest) = mountHolding(path) {
            if mounts[index].readOnly { throw .readOnly }
            return (index, Array(rest))
        }
        if readOnlyRoot { throw .readOnly }
        return nil
    }

    /// Puts `node` at `name` in the writable layer's root, which has no such entry (what
    /// `upper.modify([name]) { $0 = node }` does). A root with no entries at all (a container's
    /// writable layer before its first change, still shared with the engine's copy of the file
    /// system) is made anew with its metadata, holding `node`: the same tree, without copying
    /// the shared root and removing the missing entry from the copy first.
    mutating func setInUpperRoot(_ name: String, _ node: FileNode) {
        let emptyRoot: FileMetadata? = upper.root.opaque || !upper.root.entries.isEmpty ? nil : upper.root.meta
        guard let emptyRoot else {
            upper.modify([name]) { $0 = node }
            return
        }
        var fresh = FileTree(rootMeta: emptyRoot)
        fresh.editDirectory([]) { $0.set(name, node) }
        upper = fresh
    }

    /// Changes the tree of directory mount `index`.
    private mutating func changeMountTree(_ index: Int, _ body: (inout FileTree) -> Void) {
        guard case .directory(var tree) = mounts[index].content else { return }
        mounts[index].content = .directory(FileTree())  // drop the mount's hold so the tree is changed in place
        body(&tree)
        mounts[index].content = .directory(tree)
    }

    /// Puts `node` (a file or a symlink, or a new directory) at physical path `path`, whose parent
    /// is a directory: in the upper tree (copying up the directories on the way) or in a mount.
    /// A file mount at exactly `path` takes a file's content.
    public mutating func put(_ node: FileNode, at path: [String]) throws(FSError) {
        guard !path.isEmpty else { throw .isADirectory }
        guard let (index, rest) = try target(path) else {
            try copyUpDirectories(Array(path.dropLast()))
            upper.modify(path) { $0 = node }
            return
        }
        if rest.isEmpty {
            guard case .file = mounts[index].content, case .file(let content, let meta) = node else { throw .busy }
            mounts[index].content = .file(content, meta)
            return
        }
        changeMountTree(index) { tree in tree.modify(rest) { $0 = node } }
    }

    /// Writes (or appends to) the regular file at `path`, creating it when missing. Appending to
    /// a file already in the writable layer grows it in place: it costs what is appended, not
    /// the file's size (unless a snapshot of the engine still shares the file: then it is copied
    /// once).
    public mutating func write(
        _ path: String, cwd: [String], bytes: [UInt8], append: Bool, mtime: Int64
    ) throws(FSError) {
        if sealed != nil { try checkSealed(path, cwd: cwd) }
        let resolved: [String]
        // What one look-up told (`known`): the entry (nil: missing) at a path no mount holds,
        // whose folder is a folder of the layers, so `requireDirectory` and `lookup` need not
        // look again.
        let known: FileNode??
        switch physicalEntry(path, follow: true) {
        case .found(let found):
            resolved = found.path  // what `resolve` gives, found with one look-up
            known = .some(found.node)
        case .missing(let parts, let folder):
            // A new file in a folder of the root that only the layers below hold (`/root`, as
            // bash's history is saved): the folder is copied up with the file already in it, in
            // one change of the writable layer (what ``put(_:at:)`` does after copying the folder
            // up on its own). No mount holds the path (``physicalEntry(_:follow:)``).
            if parts.count == 2, !readOnlyRoot, upper.root.entries[parts[0]] == nil {
                var copied = FileTree(rootMeta: folder.meta)
                let file = FileNode.file(
                    FileContent(bytes: bytes),
                    FileMetadata(mode: 0o644, uid: creator.uid, gid: creator.gid, mtime: mtime))
                copied.editDirectory([]) { $0.set(parts[1], file) }
                setInUpperRoot(parts[0], .directory(copied.root))
                return
            }
            resolved = parts
            known = .some(nil)
        case .unknown:
            resolved = try resolve(path, cwd: cwd, followLast: true)
            known = nil
        }
        guard !resolved.isEmpty else { throw .isADirectory }
        if append, try target(resolved) == nil, case .file? = upper.node(at: resolved) {
            upper.modify(resolved) { node in
                guard case .file(var content, var meta)? = node else { return }
                node = nil  // the tree lets go of the bytes: they are ours alone, grown in place
                if content.bytes != nil {
                    content.bytes?.append(contentsOf: bytes)
                    content.size = Int64(content.bytes?.count ?? 0)
                } else {
                    content.size += Int64(bytes.count)
                }
                meta.mtime = mtime
                node = .file(content, meta)
            }
            return
        }
        let existing: FileNode?
        if let known {
            existing = known
        } else {
            try requireDirectory(Array(resolved.dropLast()))
            existing = lookup(resolved)
        }
        var meta = FileMetadata(mode: 0o644, uid: creator.uid, gid: creator.gid, mtime: mtime)
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
        try put(.file(content, meta), at: resolved)
    }

    /// A file ``writeFiles(in:_:mtime:)`` writes: bytes as ``write(_:cwd:bytes:append:mtime:)``
    /// writes them (replacing the content), or a file whose content is not simulated as
    /// ``writeOpaque(_:size:mode:mtime:)`` writes it.
    public enum NewFile: Sendable {
        case bytes([UInt8])
        case opaque(size: Int64, mode: UInt32)
    }

    /// Writes `files` into the folder at the absolute path `folder` one after the other, with
    /// the outcome of ``write(_:cwd:bytes:append:mtime:)`` (``NewFile/bytes(_:)``, not appending)
    /// or ``writeOpaque(_:size:mode:mtime:)`` (``NewFile/opaque(size:mode:)``) at
    /// `folder + "/" + name` for each: dpkg's database, several files of one folder per package.
    /// When the folder is its own resolution in the layers (see ``physicalEntry(_:follow:)``), no
    /// mount holds it or is inside it, the root is writable and no name is a folder or a link
    /// in the view, those calls would each put a file at that very path: the folder is found
    /// and copied up once and every file set in it in place. Otherwise each file is written by
    /// those calls.
    public mutating func writeFiles(
        in folder: String, _ files: [(name: String, file: NewFile)], mtime: Int64
    ) throws(FSError) {
        guard let parts = inPlaceFolder(folder, names: files.lazy.map(\.name)) else {
            for (name, file) in files {
                let path = folder + "/" + name
                switch file {
                case .bytes(let bytes): try write(path, cwd: [], bytes: bytes, append: false, mtime: mtime)
                case .opaque(let size, let mode): try writeOpaque(path, size: size, mode: mode, mtime: mtime)
                }
            }
            return
        }
        guard !files.isEmpty else { return }
        try copyUpDirectories(parts)
        guard case .folder(_, let upperHides) = Self.folderAnswer(of: upper, at: parts) else { return }
        let below = lower.map { Self.folderAnswer(of: $0, at: parts) }
        let creator = creator
        upper.editDirectory(parts) { folder in
            for (name, file) in files {
                switch file {
                case .bytes(let bytes):
                    // `write`: a file there keeps its owner and mode (copied up with them); a
                    // new one is the creator's.
                    var meta = FileMetadata(mode: 0o644, uid: creator.uid, gid: creator.gid, mtime: mtime)
                    if let old = Self.entry(name, upper: folder.entry(name), upperHides: upperHides, below: below)?
                        .metadata
                    {
                        meta = old
                        meta.mtime = mtime
                    }
                    folder.set(name, .file(FileContent(bytes: bytes), meta))
                case .opaque(let size, let mode):
                    folder.set(name, .file(FileContent(opaqueSize: size), FileMetadata(mode: mode, mtime: mtime)))
                }
            }
        }
    }

    /// The components of `folder` when ``writeFiles(in:_:mtime:)`` can set `names` in it in
    /// place (see there); nil when each must be written by itself.
    private func inPlaceFolder(_ folder: String, names: some Sequence<String>) -> [String]? {
        guard !readOnlyRoot, folder.utf8.first == UInt8(ascii: "/") else { return nil }
        let parts = FilePath.components(folder)
        guard !parts.isEmpty, parts.count < Limits.standard.pathDepth, !parts.contains("..") else { return nil }
        for mount in mounts where mount.path.starts(with: parts) || parts.starts(with: mount.path) { return nil }
        guard case .directory? = unionLookup(parts) else { return nil }
        let answers = ([upper] + lower).map { Self.folderAnswer(of: $0, at: parts) }
        let length = folder.utf8.count + 1
        for name in names {
            guard !name.isEmpty, name != ".", name != "..", !name.utf8.contains(UInt8(ascii: "/")),
                length + name.utf8.count < 4096
            else { return nil }
            switch Self.entry(name, upper: nil, upperHides: false, below: answers) {
            case .directory?, .symlink?: return nil
            default: break
            }
        }
        return parts
    }

    /// The view's entry `name` in a folder, from the upper tree's entry there (`upper`, nil when
    /// it has none; `upperHides` when its folder hides the layers below) and each lower layer's
    /// ``FolderAnswer`` at the folder.
    private static func entry(
        _ name: String, upper: FileNode?, upperHides: Bool, below: [FolderAnswer]
    ) -> FileNode? {
        if let upper { return upper.isWhiteout ? nil : upper }
        if upperHides { return nil }
        for answer in below {
            switch answer {
            case .folder(let dir, let hides):
                if let node = dir.entries[name] { return node.isWhiteout ? nil : node }
                if hides { return nil }
            case .hidden: return nil
            case .passes: continue
            }
        }
        return nil
    }

    /// Creates (or replaces) the regular file at `path` with `size` bytes whose content is not
    /// simulated (the data files a database makes on its first run), owned by ``creator``.
    public mutating func writeOpaque(
        _ path: String, cwd: [String], size: Int64, mode: UInt32, mtime: Int64
    ) throws(FSError) {
        let resolved = try resolve(path, cwd: cwd, followLast: true)
        guard !resolved.isEmpty, mount(at: resolved) == nil else { throw .isADirectory }
        try requireDirectory(Array(resolved.dropLast()))
        if case .directory? = lookup(resolved) { throw .isADirectory }
        let content = size == 0 ? FileContent(bytes: []) : FileContent(opaqueSize: size)
        try put(
            .file(content, FileMetadata(mode: mode, uid: creator.uid, gid: creator.gid, mtime: mtime)), at: resolved)
    }

    /// Replaces the content of the regular file at `path` (which must exist) with `content`
    /// (a file whose size is not that of the bytes kept: `docker save`'s archive), and its
    /// permission bits with `mode` when given.
    public mutating func replaceContent(
        _ path: String, cwd: [String], with content: FileContent, mode: UInt32? = nil
    ) throws(FSError) {
        let resolved = try resolve(path, cwd: cwd, followLast: true)
        guard case .file(_, var meta)? = lookup(resolved) else { throw .noSuchFile }
        if let mode { meta.mode = mode }
        try put(.file(content, meta), at: resolved)
    }

    /// Writes a file of `size` bytes whose content is not simulated (a package's binary, a cache
    /// rewritten by a tool), replacing what was there; its folder must exist.
    public mutating func writeOpaque(_ path: String, size: Int64, mode: UInt32, mtime: Int64) throws(FSError) {
        if sealed != nil { try checkSealed(path, cwd: []) }
        let resolved: [String]
        if let (parts, node) = layersEntry(path) {
            // The path is its own resolution and its folder is one in the layers (and, without
            // mounts, in the view ``requireDirectory(_:)`` checks).
            resolved = parts
            if !mounts.isEmpty { try requireDirectory(Array(parts.dropLast())) }
            if case .directory? = node { throw .isADirectory }
        } else {
            resolved = try unionResolve(path, cwd: [], followLast: true)
            guard !resolved.isEmpty else { throw .isADirectory }
            try requireDirectory(Array(resolved.dropLast()))
            if case .directory? = unionLookup(resolved) { throw .isADirectory }
        }
        try copyUpDirectories(Array(resolved.dropLast()))
        let meta = FileMetadata(mode: mode, uid: creator.uid, gid: creator.gid, mtime: mtime)
        upper.modify(resolved) { $0 = .file(FileContent(opaqueSize: size), meta) }
    }

    /// Creates the directory at `path` (and its missing parents when `parents`).
    public mutating func makeDirectory(_ path: String, cwd: [String], parents: Bool, mtime: Int64) throws(FSError) {
        let target = FilePath.normalize(path, cwd: cwd)
        if parents {
            var built: [String] = []
            for name in target {
                // One more name from the folder already resolved (not the whole path again).
                let resolved = try resolve(name, cwd: built, followLast: true)
                switch lookup(resolved) {
                case .directory?: break
                case nil:
                    try createDirectory(
                        resolved, meta: FileMetadata(mode: 0o755, uid: creator.uid, gid: creator.gid, mtime: mtime))
                default: throw .fileExists
                }
                built = resolved
            }
            return
        }
        let resolved = try resolve(path, cwd: cwd, followLast: false)
        guard !resolved.isEmpty else { throw .fileExists }
        if lookup(resolved) != nil { throw .fileExists }
        try requireDirectory(Array(resolved.dropLast()))
        try createDirectory(resolved, meta: FileMetadata(mode: 0o755, uid: creator.uid, gid: creator.gid, mtime: mtime))
    }

    /// Makes `path` (whose parent is a directory) a directory with `meta`: a new, empty one
    /// where nothing is, or the same directory with new metadata where one is.
    public mutating func setDirectory(_ path: [String], meta: FileMetadata) throws(FSError) {
        switch lookup(path) {
        case .directory?: try setDirectoryMeta(path) { $0 = meta }
        case nil: try createDirectory(path, meta: meta)
        default: throw .notADirectory
        }
    }

    /// Adds every entry of `tree` (rooted at `/`) as a package manager unpacks an archive: missing
    /// folders are made, files and links replace what was there. Existing folders keep their
    /// metadata. With `mtime`, every entry gets that time (files a maintainer script makes now).
    public mutating func merge(_ tree: FileTree, mtime: Int64? = nil) throws(FSError) {
        var failure: FSError?
        // An archive lists a folder's entries together: each folder is resolved and copied up
        // once, not once per entry. What was learnt stays true while entries only add files and
        // folders; a link written, or a folder or link replaced, forgets it all.
        //
        // The walk is depth first, and each listed folder is asked about only while it is on the
        // way down (its entries, its sub-folders' entries), so what is learnt of the folders on
        // the way is kept by depth (`known[d]`: the folder listed as `listed[0..<d]`), not in a
        // dictionary keyed by their paths. `nil` is not learnt yet (or forgotten).
        var known: [MergeStep?] = [nil]
        func forget() {
            for index in known.indices { known[index] = nil }
        }
        /// The folder listed at the current depth (`listed`, `known.count - 1` deep), copied up.
        func copyUp(_ parent: [String]) throws(FSError) {
            let depth = known.count - 1
            if let step = known[depth], step.copiedUp, step.resolved == parent { return }
            try copyUpDirectories(parent)
            if known[depth]?.resolved == parent { known[depth]?.copiedUp = true }
        }
        /// The folder `listed` (the current one) names, as dpkg finds it: it follows links to
        /// folders (`/bin` → `usr/bin` in a merged-/usr system).
        func resolveParent(_ listed: [String]) throws(FSError) -> [String] {
            let depth = known.count - 1
            if let step = known[depth] { return step.resolved }
            // A folder inside a folder resolved already: when the view has a folder there (not a
            // link), walking the whole path would take the same steps and end with it.
            if depth > 0, let name = listed.last, let above = known[depth - 1]?.resolved,
                above.count < Limits.standard.pathDepth,
                listed.reduce(listed.count, { $0 + $1.utf8.count }) < 4096
            {
                var path = above
                path.append(name)
                if case .directory? = unionLookup(path) {
                    known[depth] = MergeStep(resolved: path)
                    return path
                }
            }
            let parent = try unionResolve(FilePath.string(listed), cwd: [], followLast: true)
            known[depth] = MergeStep(resolved: parent)
            return parent
        }
        /// Forgets the folders on the way that resolved to `path` (a link now stands there).
        func forgetResolved(to path: [String]) {
            for index in known.indices where known[index]?.resolved == path { known[index] = nil }
        }
        /// Adds the entry `name` of the folder listed at `listed`; true when a new folder took
        /// the listed one whole (what is below it is then in place already). `child` is what is
        /// learnt of the folder `listed + [name]` (the next depth's, when the walk goes into it).
        func add(
            _ name: String, _ node: FileNode, in listed: [String], child: inout MergeStep?
        ) throws(FSError) -> Bool {
            let parent = try resolveParent(listed)
            let path = parent + [name]
            let before = unionLookup(path)
            switch node {
            case .directory(let dir):
                if case .symlink? = before,
                    case .directory? = (try? unionResolve(FilePath.string(path), cwd: [], followLast: true))
                        .flatMap({ unionLookup($0) })
                {
                    return false
                }
                switch before {
                case .directory?:
                    // The folder the listed one names is this one: what ``resolveParent`` would
                    // find when its entries come (one look-up fewer per folder).
                    if parent.count < Limits.standard.pathDepth,
                        listed.reduce(listed.count + 1 + name.utf8.count, { $0 + $1.utf8.count }) < 4096
                    {
                        child = MergeStep(resolved: path)
                    }
                    return false
                case nil:
                    try copyUp(parent)
                    var meta = dir.meta
                    if let mtime { meta.mtime = mtime }
                    let opaque = lowerLookup(path) != nil
                    // A folder new to every layer, that the layers below never had: the listed
                    // folder itself is the one entry by entry would build (the same names,
                    // metadata and sizes, and nothing below to hide), shared until either changes.
                    if mtime == nil, !opaque, Self.addsAsItIs(dir) {
                        upper.modify(path) { $0 = .directory(dir) }
                        return true
                    }
                    upper.modify(path) { $0 = .directory(Directory(meta: meta, opaque: opaque)) }
                default:
                    try copyUp(parent)
                    var meta = dir.meta
                    if let mtime { meta.mtime = mtime }
                    upper.modify(path) { $0 = .directory(Directory(meta: meta, opaque: true)) }
                    forget()
                }
            case .file(let content, var meta):
                if let mtime { meta.mtime = mtime }
                try copyUp(parent)
                upper.modify(path) { $0 = .file(content, meta) }
                switch before {
                case .directory?, .symlink?: forget()
                default: break
                }
            case .symlink(let target, var meta):
                if let mtime { meta.mtime = mtime }
                try copyUp(parent)
                upper.modify(path) { $0 = .symlink(target: target, meta) }
                if before == nil {
                    // Where nothing was, a link changes only what resolved to this very path
                    // (every folder a resolution walks through exists; its last name may not).
                    forgetResolved(to: path)
                } else {
                    forget()
                }
            case .whiteout:
                break
            }
            return false
        }
        /// Adds `entries` (files, links and whiteouts, in the listed order) of the folder listed
        /// at `listed`, as ``add(_:_:in:child:)`` adds them one after the other, but into the
        /// folder found once: each entry costs one look-up in the folder of each layer, not a
        /// walk of its whole path in every layer and another to write it.
        func addFiles(_ entries: ArraySlice<(name: String, node: FileNode)>, in listed: [String]) {
            var start = entries.startIndex
            while start < entries.endIndex {
                let parent: [String]
                do throws(FSError) {
                    parent = try resolveParent(listed)
                } catch {
                    failure = error  // every entry fails the same way (nothing changes meanwhile)
                    return
                }
                let rest = entries[start...]
                // Whiteouts change nothing, and need no folder copied up.
                guard rest.contains(where: { !$0.node.isWhiteout }) else { return }
                do throws(FSError) {
                    try copyUp(parent)
                } catch {
                    failure = error  // every file and link fails the same way
                    return
                }
                // What each layer holds at `parent` (see ``UnionView/answer(of:for:)``), so that
                // the entry below each name is one look-up per layer.
                guard case .folder(_, let upperHides) = Self.folderAnswer(of: upper, at: parent) else { return }
                let below = lower.map { Self.folderAnswer(of: $0, at: parent) }
                var forgets = false
                var linked: [[String]] = []
                var next = start
                upper.editDirectory(parent) { folder in
                    func before(_ name: String) -> FileNode? {
                        Self.entry(name, upper: folder.entry(name), upperHides: upperHides, below: below)
                    }
                    while next < rest.endIndex {
                        let (name, node) = rest[next]
                        next += 1
                        switch node {
                        case .file(let content, var meta):
                            let old = before(name)
                            if let mtime { meta.mtime = mtime }
                            folder.set(name, .file(content, meta))
                            switch old {
                            case .directory?, .symlink?:
                                forgets = true
                                return
                            default: break
                            }
                        case .symlink(let target, var meta):
                            let old = before(name)
                            if let mtime { meta.mtime = mtime }
                            folder.set(name, .symlink(target: target, meta))
                            if old == nil {
                                // Where nothing was, a link changes only what resolved to this
                                // very path (every folder a resolution walks through exists).
                                linked.append(parent + [name])
                            } else {
                                forgets = true
                                return
                            }
                        case .whiteout, .directory:
                            break
                        }
                    }
                }
                for path in linked { forgetResolved(to: path) }
                if forgets { forget() }
                start = next
            }
        }
        // Depth first, parents before children, names sorted (``FileTree/walk(_:)``'s order).
        var listed: [String] = []
        func visit(_ dir: Directory) {
            let entries = dir.sortedEntries
            var files = entries.startIndex  // the first of the files and links not added yet
            for (index, (name, node)) in entries.enumerated() {
                guard case .directory(let child) = node else { continue }
                addFiles(entries[files..<index], in: listed)
                files = index + 1
                var whole = false
                var inside: MergeStep?
                do throws(FSError) {
                    whole = try add(name, node, in: listed, child: &inside)
                } catch {
                    failure = error
                }
                if !whole {
                    listed.append(name)
                    known.append(inside)
                    visit(child)
                    known.removeLast()
                    listed.removeLast()
                }
            }
            addFiles(entries[files...], in: listed)
        }
        visit(tree.root)
        if let failure { throw failure }
    }

    /// What ``merge(_:mtime:)`` learnt of a folder on its way down: the folder the listed one
    /// names in the view (links followed), and whether it is copied up to the writable layer.
    private struct MergeStep {
        var resolved: [String]
        var copiedUp = false
    }

    /// What one layer holds at a folder's path, for looking up the names in that folder (the
    /// first steps of ``UnionView/answer(of:for:)``, taken once for every name).
    private enum FolderAnswer {
        /// The layer has the folder; `hides` when it or a folder above it is opaque (a name it
        /// lacks is then hidden from the layers below).
        case folder(Directory, hides: Bool)
        /// Something on the way hides everything there (a file, a whiteout, an opaque folder
        /// without the rest of the path).
        case hidden
        /// The layer holds nothing on the way and hides nothing: the layers below decide.
        case passes
    }

    /// ``FolderAnswer`` of `tree` at `path`.
    private static func folderAnswer(of tree: FileTree, at path: [String]) -> FolderAnswer {
        var dir = tree.root
        var hides = dir.opaque
        for name in path {
            guard let node = dir.entries[name] else { return hides ? .hidden : .passes }
            guard case .directory(let child) = node else { return .hidden }
            dir = child
            if child.opaque { hides = true }
        }
        return .folder(dir, hides: hides)
    }

    /// Whether merging `dir` entry by entry into a folder that is new everywhere builds `dir`
    /// itself: nothing below it is a whiteout (skipped by a merge) or an opaque folder (made
    /// plain by one).
    private static func addsAsItIs(_ dir: Directory) -> Bool {
        if dir.opaque { return false }
        // A catalog folder (a package's files) knows it from its list's index, without reading
        // the folders below it.
        if dir.listedPlain { return true }
        for node in dir.entries.values {
            switch node {
            case .whiteout: return false
            case .directory(let child): if !addsAsItIs(child) { return false }
            default: break
            }
        }
        return true
    }

    /// Puts a whole tree at `path`, as a folder (with the tree's root metadata) that replaces
    /// whatever was there: a folder copied in from outside (`dockersim --context-from`).
    public mutating func place(tree: FileTree, at path: [String]) throws(FSError) {
        guard !path.isEmpty else { throw .invalidArgument }
        try requireDirectory(Array(path.dropLast()))
        guard let (index, rest) = try target(path) else {
            try copyUpDirectories(Array(path.dropLast()))
            upper.modify(path) { $0 = .directory(tree.root) }
            return
        }
        guard !rest.isEmpty else { throw .busy }
        changeMountTree(index) { mounted in mounted.modify(rest) { $0 = .directory(tree.root) } }
    }

    private mutating func createDirectory(_ resolved: [String], meta: FileMetadata) throws(FSError) {
        guard let (index, rest) = try target(resolved) else {
            try copyUpDirectories(Array(resolved.dropLast()))
            // Something of that name below was deleted: the new directory must hide it (opaque).
            let opaque = lowerLookup(resolved) != nil
            upper.modify(resolved) { $0 = .directory(Directory(meta: meta, opaque: opaque)) }
            return
        }
        guard !rest.isEmpty else { throw .fileExists }
        changeMountTree(index) { tree in tree.modify(rest) { $0 = .directory(Directory(meta: meta)) } }
    }

    /// Changes the metadata of the directory at physical path `path`.
    private mutating func setDirectoryMeta(_ path: [String], _ change: (inout FileMetadata) -> Void) throws(FSError) {
        guard let (index, rest) = try target(path) else {
            try copyUpDirectories(path)
            upper.setDirectoryMeta(path) { meta, _ in change(&meta) }
            return
        }
        changeMountTree(index) { tree in tree.setDirectoryMeta(rest) { meta, _ in change(&meta) } }
    }

    /// Removes the entry at `path`: from the upper tree, and with a whiteout when a lower layer
    /// has it; or from the mount it is in. A mount point itself cannot go ("Device or resource
    /// busy"; with `recursive` its content goes first, as `rm -r` empties it).
    public mutating func remove(_ path: String, cwd: [String], recursive: Bool) throws(FSError) {
        let resolved = try resolve(path, cwd: cwd, followLast: false)
        guard !resolved.isEmpty else { throw .busy }
        guard let node = lookup(resolved) else { throw .noSuchFile }
        if node.isDirectory && !recursive { throw .isADirectory }
        if let index = mounts.firstIndex(where: { $0.path == resolved }) {
            if mounts[index].readOnly { throw .readOnly }
            if recursive, case .directory(let tree) = mounts[index].content {
                let emptied = FileTree(rootMeta: tree.root.meta)
                mounts[index].content = .directory(emptied)
            }
            throw .busy
        }
        if mounts.contains(where: { $0.path.count > resolved.count && $0.path.starts(with: resolved) }) {
            throw .busy
        }
        guard let (index, rest) = try target(resolved) else {
            try copyUpDirectories(Array(resolved.dropLast()))
            let below = lowerLookup(resolved) != nil
            upper.modify(resolved) { $0 = below ? .whiteout : nil }
            return
        }
        changeMountTree(index) { tree in tree.modify(rest) { $0 = nil } }
    }

    /// Updates the modification time of `path`, creating an empty file when it is missing.
    /// A file of the image is copied up whole, as overlayfs does for any metadata change.
    public mutating func touch(_ path: String, cwd: [String], mtime: Int64) throws(FSError) {
        let resolved = try resolve(path, cwd: cwd, followLast: true)
        try requireDirectory(Array(resolved.dropLast()))
        switch lookup(resolved) {
        case nil:
            try put(
                .file(
                    FileContent(bytes: []), FileMetadata(mode: 0o644, uid: creator.uid, gid: creator.gid, mtime: mtime)),
                at: resolved)
        case .file(let content, var meta)?:
            meta.mtime = mtime
            try put(.file(content, meta), at: resolved)
        case .directory?:
            try setDirectoryMeta(resolved) { $0.mtime = mtime }
        default:
            break
        }
    }

    /// Copies the entry at physical path `source` to physical path `destination` (a whole tree
    /// when `source` is a directory), as `cp -r` does.
    public mutating func copyTree(from source: [String], to destination: [String], mtime: Int64) throws(FSError) {
        guard let node = lookup(source) else { throw .noSuchFile }
        if destination.starts(with: source), node.isDirectory { throw .invalidArgument }
        try requireDirectory(Array(destination.dropLast()))
        switch node {
        case .file(let content, var meta):
            if case .directory? = lookup(destination) { throw .isADirectory }
            meta.mtime = mtime
            try put(.file(content, meta), at: destination)
        case .symlink(let target, var meta):
            meta.mtime = mtime
            try put(.symlink(target: target, meta), at: destination)
        case .directory:
            switch lookup(destination) {
            case .directory?: break
            case nil:
                try createDirectory(
                    destination, meta: FileMetadata(mode: 0o755, uid: creator.uid, gid: creator.gid, mtime: mtime))
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
        switch lookup(dir) {
        case .directory?: return
        case nil: throw .noSuchFile
        default: throw .notADirectory
        }
    }

    /// Creates in the upper tree every directory on `dir`, copying the lower one's metadata
    /// (a copy-up of directories: they count 0 bytes).
    private mutating func copyUpDirectories(_ dir: [String]) throws(FSError) {
        guard !dir.isEmpty else { return }
        // A folder of the upper tree has all its parents there too.
        if case .directory? = upper.node(at: dir) { return }
        for depth in 1...dir.count {
            let prefix = Array(dir[0..<depth])
            if case .directory? = upper.node(at: prefix) { continue }
            guard case .directory(let merged)? = unionLookup(prefix) else { throw .notADirectory }
            upper.modify(prefix) { $0 = .directory(Directory(meta: merged.meta)) }
        }
    }

    /// Creates the mount point `path` in the upper tree where the layers do not have it (with
    /// the directories on the way), as the runtime does when it mounts there; an existing entry
    /// is left alone.
    public mutating func createMountPoint(_ path: [String], directory: Bool, mtime: Int64) {
        guard !path.isEmpty else { return }
        var built: [String] = []
        for (depth, name) in path.enumerated() {
            built.append(name)
            switch unionLookup(built) {
            case .directory?: continue
            case nil:
                let isLast = depth == path.count - 1
                try? copyUpDirectories(Array(built.dropLast()))
                let meta = FileMetadata(mode: 0o755, mtime: mtime)
                let opaque = lowerLookup(built) != nil
                upper.modify(built) {
                    $0 =
                        isLast && !directory
                        ? .file(FileContent(bytes: []), FileMetadata(mode: 0o644, mtime: mtime))
                        : .directory(Directory(meta: meta, opaque: opaque))
                }
            default:
                return
            }
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
            if lowerLookup(path + [name]) != nil { deleted.append(name) }
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
            let old = dir.opaque ? nil : lowerLookup(childPath)
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

/// What an image's layers alone answer for absolute paths (``ContainerFS``'s one-look-up
/// answer of a path: its entry, or that it is missing from a folder, or that it must be walked),
/// kept once per image — by its top layer (``Layer/Facts/pathAnswers``) — for every container of
/// the image: an image's layers never change, so the answer is a function of the path's bytes
/// (and whether a link at its end is followed) alone. A container's look-up then costs one
/// look-up of the path here and a check that its writable and init layers and its mounts do not
/// change the answer (``ContainerFS``'s `answerFromImage`), where it walked every component in
/// every layer (`/bin/bash` through the `/bin → usr/bin` link: five walks).
///
/// Shared by the engines of every thread (a lesson's set-up is copied to each), so behind a lock:
/// a `Mutex<Void>` guarding a plain stored table, whose types the runtime knows already (a
/// `Mutex` of a table keyed by a type of its own made the runtime build their metadata from
/// their mangled names at the first use and at the first destroy, each time looking up the key's
/// `Hashable` conformance among every conformance of the program: ≈ 390 k instructions, once per
/// process, in the middle of a command).
final class ImagePathAnswers: @unchecked Sendable {
    /// A path as bytes (two paths Swift finds equal may name different files) and whether a
    /// link at its end is followed.
    struct Key: Equatable, Sendable {
        let path: String
        let follow: Bool

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.follow == rhs.follow && ImagePathAnswers.sameBytes(lhs.path, rhs.path)
        }
    }

    /// What the image's layers answer (see ``ContainerFS``'s `PhysicalAnswer`).
    enum Answer: Sendable {
        case found([String], FileNode)
        case missing([String], Directory)
        case unknown
        /// Not taken from the image: the path is walked in every layer.
        case walk
    }

    /// The answer for one path, with what a container's look-up checks before taking it.
    struct Entry: Sendable {
        /// The path's components.
        let parts: [String]
        /// The path a link at the root sent it to (`/usr/bin/bash` for `/bin/bash`), if any.
        let redirected: [String]?
        /// The names looked up in the layers' roots: the first components of `parts` and `redirected`.
        let heads: [String]
        let answer: Answer
    }

    /// Paths longer than this many bytes are walked, not kept.
    static let longestPath = 512
    /// At most this many answers are kept; then they are forgotten and kept again as asked.
    static let limit = 512

    /// Guards ``entries``: every access of it is inside `lock.withLock`.
    private let lock = Mutex<Void>(())
    /// The answers kept, by path (read and changed only under ``lock``): found by the path as a
    /// `String` (canonically equal spellings share a slot), then told apart by ``Key`` (bytes).
    /// A table keyed by ``Key`` itself made the runtime build its metadata at its first use,
    /// looking up `Key`'s `Hashable` conformance among every conformance of the program
    /// (≈ 390 k instructions, once per process, in the middle of a command); `String`'s is known.
    @exclusivity(unchecked) private var entries: [String: [(key: Key, entry: Entry)]] = [:]
    /// How many answers ``entries`` holds.
    @exclusivity(unchecked) private var kept = 0

    init() {}

    /// The answer kept for `key`, if any.
    func entry(_ key: Key) -> Entry? {
        lock.withLock { _ in
            guard let slot = entries[key.path] else { return nil }
            for candidate in slot where candidate.key == key { return candidate.entry }
            return nil
        }
    }

    /// Keeps `entry` as the answer for `key`.
    func keep(_ entry: Entry, for key: Key) {
        lock.withLock { _ in
            if kept >= Self.limit {
                entries.removeAll()
                kept = 0
            }
            var slot = entries.removeValue(forKey: key.path) ?? []
            if let index = slot.firstIndex(where: { $0.key == key }) {
                slot[index].entry = entry
            } else {
                slot.append((key, entry))
                kept += 1
            }
            entries[key.path] = slot
        }
    }

    /// How many answers are kept (for tests).
    var count: Int { lock.withLock { _ in kept } }

    /// Whether `a` and `b` have the same UTF-8 bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right -> Bool in
                guard left.count == right.count else { return false }
                // Eight bytes a turn (a byte a turn through the generic `elementsEqual` cost
                // twenty instructions a byte).
                let count = left.count
                let one = UnsafeRawBufferPointer(left)
                let other = UnsafeRawBufferPointer(right)
                var offset = 0
                while offset &+ 8 <= count {
                    guard
                        one.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                            == other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    else { return false }
                    offset &+= 8
                }
                while offset < count {
                    guard left[offset] == right[offset] else { return false }
                    offset &+= 1
                }
                return true
            }
        }
        if let answer = fast ?? nil { return answer }
        return a.utf8.elementsEqual(b.utf8)
    }
}
