/// Why a file-system operation inside a container failed (the errno a real kernel would give).
public enum FSError: Error, Equatable, Sendable {
    case noSuchFile
    case notADirectory
    case isADirectory
    case fileExists
    case directoryNotEmpty
    case tooManyLinks
    case invalidArgument
    case busy
    /// The simulated disk is full (``Limits``): "No space left on device", with dockersim's note.
    case noSpace
    /// A file past ``Limits/fileBytes``: "File too large" (EFBIG), with dockersim's note.
    case fileTooLarge
    /// A path longer than Linux's `PATH_MAX` (4096 bytes), a name longer than `NAME_MAX` (255
    /// bytes), or a path deeper than ``Limits/pathDepth``:
    /// "File name too long" (ENAMETOOLONG).
    case nameTooLong
    /// A read-only mount (`:ro`, `readonly`) or root (`--read-only`).
    case readOnly
    /// A folder the user may not enter (the host's `/var/lib/docker` without `sudo`).
    case permissionDenied

    /// The text `strerror` gives, as tools print it.
    public var text: String {
        switch self {
        case .noSuchFile: "No such file or directory"
        case .notADirectory: "Not a directory"
        case .isADirectory: "Is a directory"
        case .fileExists: "File exists"
        case .directoryNotEmpty: "Directory not empty"
        case .tooManyLinks: "Too many levels of symbolic links"
        case .invalidArgument: "Invalid argument"
        case .busy: "Device or resource busy"
        case .noSpace: "No space left on device (dockersim: disco simulado lleno / simulated disk full)"
        case .nameTooLong: "File name too long"
        case .fileTooLarge:
            "File too large (dockersim: un fichero del disco simulado no pasa de \(Limits.standard.fileBytes >> 20) MiB / a file of the simulated disk stays under \(Limits.standard.fileBytes >> 20) MiB)"
        case .readOnly: "Read-only file system"
        case .permissionDenied: "Permission denied"
        }
    }
}

/// A read-only overlay of layer trees, top layer first, with overlayfs semantics: whiteouts hide
/// names below, opaque directories hide whole directories below, the top-most entry wins.
public struct UnionView: Sendable {
    /// The layers, top first.
    public var layers: [FileTree]

    public init(layers: [FileTree]) { self.layers = layers }

    /// The entry at `path` as the merged view shows it (no symlinks followed).
    public func lookup(_ path: [String]) -> FileNode? {
        if path.isEmpty { return layers.first.map { .directory($0.root) } }
        for tree in layers {
            if case .decided(let node) = Self.answer(of: tree, for: path) { return node }
        }
        return nil
    }

    /// What one layer says about a (non-empty) path.
    enum LayerAnswer {
        /// The layer decides: the entry it holds there, or nil when it hides the path (a
        /// whiteout, a file on the way, an opaque folder without it).
        case decided(FileNode?)
        /// The layer does not hold the path and hides nothing: the layers below decide.
        case passes
    }

    /// ``LayerAnswer`` of `tree` for `path`: the step ``lookup(_:)`` takes for each layer (also
    /// used by ``ContainerFS`` over its writable and read-only layers without joining them).
    static func answer(of tree: FileTree, for path: [String]) -> LayerAnswer {
        var dir = tree.root
        var hidesBelow = dir.opaque
        for (index, name) in path.enumerated() {
            guard let node = dir.entries[name] else { break }
            if index == path.count - 1 {
                return .decided(node.isWhiteout ? nil : node)
            }
            guard case .directory(let child) = node else { return .decided(nil) }  // a file or whiteout hides below
            dir = child
            if child.opaque { hidesBelow = true }
        }
        return hidesBelow ? .decided(nil) : .passes
    }

    /// The merged entries of the directory at `path`, whiteouts removed.
    public func list(_ path: [String]) -> [String: FileNode] {
        var result: [String: FileNode] = [:]
        var hidden: Set<String> = []
        for tree in layers {
            var dir: Directory? = tree.root
            var stop = false
            for name in path {
                guard case .directory(let child)? = dir?.entries[name] else {
                    if dir?.entries[name] != nil { stop = true }  // a file or whiteout hides below
                    dir = nil
                    break
                }
                dir = child
                if child.opaque { stop = true }
            }
            if let dir {
                for (name, node) in dir.entries where result[name] == nil && !hidden.contains(name) {
                    if node.isWhiteout { hidden.insert(name) } else { result[name] = node }
                }
                if dir.opaque { stop = true }
            }
            if stop { break }
        }
        return result
    }

    /// The directory at `path` as the merged view shows it, flattened into one directory of its
    /// own (whiteouts applied, opaque directories respected), with the merged metadata; nil when
    /// `path` is not a directory.
    public func flattened(_ path: [String]) -> Directory? {
        guard case .directory(let top)? = lookup(path) else { return nil }
        let result = Directory(meta: top.meta)
        var tree = FileTree(root: result)
        func copy(_ dir: [String], into target: [String]) {
            for (name, node) in list(dir) {
                switch node {
                case .directory(let child):
                    tree.modify(target + [name]) { $0 = .directory(Directory(meta: child.meta)) }
                    copy(dir + [name], into: target + [name])
                case .whiteout:
                    continue
                default:
                    tree.modify(target + [name]) { $0 = node }
                }
            }
        }
        copy(path, into: [])
        return tree.root
    }

    /// Resolves `path` against `cwd`, following symlinks in every component (and in the last one
    /// when `followLast`). Returns the physical path; the last component may not exist.
    public func resolve(_ path: String, cwd: [String], followLast: Bool = true) throws(FSError) -> [String] {
        try FilePath.resolve(path, cwd: cwd, followLast: followLast, lookup: lookup)
    }
}

extension FilePath {
    /// Resolves `path` against `cwd` in the file system `lookup` describes, following symlinks
    /// in every component (and in the last one when `followLast`, at most 40 in all). Returns the
    /// physical path; the last component may not exist.
    public static func resolve(
        _ path: String, cwd: [String], followLast: Bool, lookup: ([String]) -> FileNode?
    ) throws(FSError) -> [String] {
        // Linux refuses a path past PATH_MAX; dockersim also keeps trees shallow enough that
        // every walk over them stays quick and within the stack (``Limits/pathDepth``).
        guard path.utf8.count < 4096 else { throw .nameTooLong }
        var pending = FilePath.components(path)
        var next = 0  // the first component of `pending` not walked yet
        var resolved: [String] = path.hasPrefix("/") ? [] : cwd
        var hops = 0
        while next < pending.count {
            let name = pending[next]
            next += 1
            if name == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            // Linux's NAME_MAX: a component longer than 255 bytes is never looked up.
            guard name.utf8.count <= 255 else { throw .nameTooLong }
            resolved.append(name)  // the candidate: taken back if it is a link to follow
            guard resolved.count <= Limits.standard.pathDepth else { throw .nameTooLong }
            let isLast = next == pending.count
            switch lookup(resolved) {
            case .symlink(let target, _)? where !isLast || followLast:
                resolved.removeLast()
                hops += 1
                if hops > 40 { throw .tooManyLinks }
                if target.hasPrefix("/") { resolved = [] }
                pending = FilePath.components(target) + pending[next...]
                next = 0
            case .directory?, .symlink?:
                break
            case .file?, .whiteout?:
                if !isLast { throw .notADirectory }
            case nil:
                if !isLast { throw .noSuchFile }
            }
        }
        return resolved
    }
}
