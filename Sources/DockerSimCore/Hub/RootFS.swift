/// The file trees of the layers of the simulated Docker Hub images.
///
/// Each image layer is a function returning `(path, node)` entries for ``FileTree/build(_:dirMeta:)``
/// (one file per layer: `RootFS+Ubuntu.swift`, `RootFS+Debian.swift`, `RootFS+Apache.swift`,
/// `RootFS+Small.swift`). The file lists and sizes are a plausible reconstruction of the real
/// images (invented, but stable); only the layer totals and the visible text files are exact.
///
/// Long lists are written as text tables parsed at run time (one entry a line), which keeps the
/// type checker fast: see ``table(_:_:mode:uid:gid:mtime:)``.
enum RootFS {
    /// One entry of a layer: an absolute path and what is there.
    typealias Entry = (path: String, node: FileNode)

    /// A regular file whose content is `text` (its size is the UTF-8 length).
    static func file(
        _ path: String, _ text: String, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0, mtime: Int64
    ) -> Entry {
        (path, .file(FileContent(text: text), FileMetadata(mode: mode, uid: uid, gid: gid, mtime: mtime)))
    }

    /// A regular file of `size` bytes whose content is not simulated (binaries, libraries, data).
    static func blob(
        _ path: String, size: Int64, mode: UInt32 = 0o755, uid: Int = 0, gid: Int = 0, mtime: Int64
    ) -> Entry {
        (path, .file(FileContent(opaqueSize: size), FileMetadata(mode: mode, uid: uid, gid: gid, mtime: mtime)))
    }

    /// An empty regular file (its content is known: nothing).
    static func empty(
        _ path: String, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0, mtime: Int64
    ) -> Entry {
        (path, .file(FileContent(bytes: []), FileMetadata(mode: mode, uid: uid, gid: gid, mtime: mtime)))
    }

    /// A symbolic link to `target` (kept as written: relative or absolute).
    static func link(_ path: String, _ target: String, mtime: Int64) -> Entry {
        (path, .symlink(target: target, FileMetadata(mode: 0o777, mtime: mtime)))
    }

    /// A directory with explicit metadata (its children are other entries).
    static func dir(
        _ path: String, mode: UInt32 = 0o755, uid: Int = 0, gid: Int = 0, mtime: Int64
    ) -> Entry {
        (path, .directory(Directory(meta: FileMetadata(mode: mode, uid: uid, gid: gid, mtime: mtime))))
    }

    /// Directories with the same metadata, one path a line (blank lines ignored).
    static func dirs(_ paths: String, mode: UInt32 = 0o755, mtime: Int64) -> [Entry] {
        paths.split(separator: "\n").compactMap { line in
            let path = line.trimmingSpaces
            return path.isEmpty ? nil : dir(path, mode: mode, mtime: mtime)
        }
    }

    /// The entries of a text table below the directory `base`, one a line:
    ///
    ///     name size                 a file of `size` bytes with the default mode
    ///     name size mode            the mode in octal, e.g. `4755`
    ///     name size mode gid        and a group id
    ///     name -> target            a symbolic link
    ///
    /// `name` may contain slashes (sub-directories are created by ``FileTree/build(_:dirMeta:)``).
    /// Blank lines and lines starting with `#` are ignored.
    static func table(
        _ base: String, _ spec: String, mode: UInt32 = 0o755, uid: Int = 0, gid: Int = 0, mtime: Int64
    ) -> [Entry] {
        var entries: [Entry] = []
        let prefix = base.hasSuffix("/") ? base : base + "/"
        for line in spec.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            let path = prefix + first
            if fields.count == 3, fields[1] == "->" {
                entries.append(link(path, String(fields[2]), mtime: mtime))
                continue
            }
            guard fields.count >= 2, fields.count <= 4, let size = Int64(fields[1]) else {
                assertionFailure("RootFS.table: bad line '\(line)'")
                continue
            }
            let fileMode = fields.count >= 3 ? UInt32(fields[2], radix: 8) ?? mode : mode
            let fileGid = fields.count == 4 ? Int(fields[3]) ?? gid : gid
            entries.append(blob(path, size: size, mode: fileMode, uid: uid, gid: fileGid, mtime: mtime))
        }
        return entries
    }

    /// A stable pseudo-random size in `range` for `key` (FNV-1a of its UTF-8): sizes of the many
    /// small files that are listed by name only (copyright files, dpkg lists, modules).
    static func stableSize(_ key: String, _ range: ClosedRange<Int64>) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int64(hash % span)
    }

    /// Files below `base` named from a whitespace-separated list, each with a
    /// ``stableSize(_:_:)`` (keyed by its full path) in `range`.
    /// `salt` makes two images that list the same paths get different sizes.
    static func sized(
        _ base: String, _ names: String, _ range: ClosedRange<Int64>, mode: UInt32 = 0o644,
        salt: String = "", mtime: Int64
    ) -> [Entry] {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return words(names).map { name in
            blob(prefix + name, size: stableSize(salt + prefix + name, range), mode: mode, mtime: mtime)
        }
    }

    /// The whitespace-separated words of `text`.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
    }

    /// The sum that docker counts for `entries`: file sizes plus symlink target lengths.
    static func size(of entries: [Entry]) -> Int64 {
        entries.reduce(0) { $0 + $1.node.ownSize }
    }

    /// Appends the files that make the layer's size exactly `total`: what the other entries leave
    /// is split between `files` in proportion to their weights, the last one taking the rest.
    static func balance(
        _ entries: inout [Entry], total: Int64, files: [(path: String, weight: Int64)],
        mode: UInt32 = 0o644, mtime: Int64
    ) {
        let remainder = total - size(of: entries)
        let weights = files.reduce(0) { $0 + $1.weight }
        precondition(remainder >= Int64(files.count) && weights > 0, "RootFS: layer over its total")
        var left = remainder
        for (index, file) in files.enumerated() {
            let share =
                index == files.count - 1
                ? left
                : remainder / weights * file.weight
                    + remainder % weights * file.weight / weights
            entries.append(blob(file.path, size: share, mode: mode, mtime: mtime))
            left -= share
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
