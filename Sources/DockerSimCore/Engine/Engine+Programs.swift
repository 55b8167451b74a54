extension Engine {
    /// What the catalog says the program at `path` of a container does (see ``ProgramSpec``).
    ///
    /// The path is resolved in the container the way the kernel finds an executable (the folders
    /// on the way through their links), then looked up in the image's layers, top first. A
    /// symbolic link with no description of its own is followed (`/usr/bin/sh` → `dash`). A
    /// description that wants other arguments (``ProgramSpec/argumentsPrefix``) is passed over.
    /// - Parameter entry: `path`'s entry as `stat(path, cwd:, follow: false)` gives it, when the
    ///   caller has it already (its first look-up is then not done again).
    /// - Returns: the path that has the description, and the description; nil when none does.
    public func program(
        _ path: String, in containerID: String, cwd: [String] = [], arguments: [String] = [],
        entry: (path: [String], node: FileNode)? = nil
    ) -> (
        path: String, spec: ProgramSpec
    )? {
        guard let container = containers[containerID] else { return nil }
        let chain = layers.chain(from: container.imageTopLayer)
        var current = path
        var known = entry
        for _ in 0..<8 {
            let looked = known ?? (try? container.fs.stat(current, cwd: cwd, follow: false))
            known = nil
            guard let (resolved, node) = looked else { return nil }
            let key = FilePath.string(resolved)
            for layer in chain {
                if let spec = layer.content.programs[key], arguments.starts(with: spec.argumentsPrefix) {
                    return (key, spec)
                }
            }
            // A program a package manager installed in the container (or in a build step).
            if case .file = node, let spec = PackageCatalog.standard.program(at: key),
                arguments.starts(with: spec.argumentsPrefix)
            {
                return (key, spec)
            }
            guard case .symlink(let target, _) = node else { return nil }
            current = target.hasPrefix("/") ? target : FilePath.string(Array(resolved.dropLast())) + "/" + target
        }
        return nil
    }

    /// The application an image puts in a web server's folder: the `web` block (with routes) of
    /// a program of the image's layers, top first, that names the same port and folder — MediaWiki's
    /// `index.php`, WordPress's files that its entrypoint copies into /var/www/html. Nil when none.
    public func application(servedAt root: String, port: Int, in containerID: String) -> ProgramSpec.Web? {
        guard let container = containers[containerID] else { return nil }
        for layer in layers.chain(from: container.imageTopLayer) {
            for path in layer.content.programs.keys.sorted() {
                if let web = layer.content.programs[path]?.web, web.port == port, web.root == root,
                    !web.routes.isEmpty
                {
                    return web
                }
            }
        }
        return nil
    }
}
