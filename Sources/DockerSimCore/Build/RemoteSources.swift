/// What `ADD https://…` and `ADD …git` fetch: the simulated remotes a course's Dockerfiles use,
/// data files of the catalog (`Hub/remotes/HOST/PATH.remote`, see `Hub/README.md`), not the
/// network. A `.remote` file is a file list in the layer format: a git repository's tree (BuildKit
/// leaves out `.git`), or for a URL the one file it downloads.
enum RemoteSources {
    /// The entries a remote source gives (a file for a URL, a folder's contents for a repository),
    /// nil when the simulated network has nothing at that address.
    static func fetch(_ url: String) -> (name: String, item: CopyItem, isDirectory: Bool)? {
        guard let path = catalogPath(url),
            let file = HubCatalog.builtInFiles.first(where: { $0.path == path }),
            let tree = try? LayerEntry.tree(of: file, from: 0, line: 0)
        else { return nil }
        let item = Self.item(.directory(tree.root), name: "")
        let name = String(path.split(separator: "/").last?.dropLast(".remote".count) ?? "")
        if isRepository(url) { return (name, item, true) }
        // A URL: the one file the list holds, under the URL's last name.
        guard case .directory(_, let children) = item, let only = children.first else { return nil }
        return (name, only.item, only.item.isDirectory)
    }

    /// `remotes/github.com/josedom24/2048.git.remote` for `https://github.com/josedom24/2048.git`
    /// (also `git@github.com:josedom24/2048.git`, and a `#ref` left out).
    static func catalogPath(_ url: String) -> String? {
        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if rest.hasPrefix("git@") {
            rest = rest.dropFirst(4)
            if let colon = rest.firstIndex(of: ":") { rest.replaceSubrange(colon...colon, with: "/") }
        } else {
            return nil
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let parts = rest.split(separator: "/")
        guard parts.count >= 2, !parts.contains(".."), !parts.contains(".") else { return nil }
        return "remotes/" + parts.joined(separator: "/") + ".remote"
    }

    /// A git repository rather than a file to download.
    static func isRepository(_ url: String) -> Bool {
        let bare = url.split(separator: "#").first.map(String.init) ?? url
        return bare.hasSuffix(".git") || url.hasPrefix("git@")
    }

    /// A tree as the files a copy puts down.
    static func item(_ node: FileNode, name: String) -> CopyItem {
        switch node {
        case .file(let content, let meta): return .file(content, meta)
        case .symlink(let target, let meta): return .symlink(target, meta)
        case .directory(let dir):
            let children = dir.entries.keys.sorted().compactMap { child -> (name: String, item: CopyItem)? in
                guard let node = dir.entries[child], !node.isWhiteout else { return nil }
                return (child, item(node, name: child))
            }
            return .directory(dir.meta, children)
        case .whiteout: return .directory(FileMetadata(mode: 0o755, mtime: 0), [])
        }
    }
}
