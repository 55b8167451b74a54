import DockerSimCore

extension Shell {
    /// Whether a word has an unquoted `*`, `?` or `[` (bash expands such words into the paths
    /// that match).
    static func hasPattern(_ word: [ShellScript.WordPart]) -> Bool {
        word.contains { part in
            // By bytes: `*`, `?` and `[` are ASCII, never part of another character's UTF-8.
            if case .literal(let text) = part {
                return text.utf8.contains { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B }
            }
            return false
        }
    }

    /// bash's pathname expansion: the paths that match `pattern` (sorted), or nil when none do
    /// (bash then keeps the word as written). A name starting with `.` matches only a pattern
    /// that starts with `.`.
    func glob(_ pattern: String, engine: Engine) -> [String]? {
        guard let fs = fileSystem(engine) else { return nil }
        let absolute = pattern.hasPrefix("/")
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty else { return nil }
        // Candidates: (what to print, physical path).
        var candidates: [(shown: String, path: [String])] = [(absolute ? "" : "", absolute ? [] : cwd)]
        for (index, part) in parts.enumerated() {
            let last = index == parts.count - 1
            var next: [(String, [String])] = []
            for (shown, path) in candidates {
                let prefix = shown.isEmpty ? (absolute ? "/" : "") : shown + "/"
                if part.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
                    guard let dir = try? fs.view.resolve(FilePath.string(path), cwd: [], followLast: true) else {
                        continue
                    }
                    // A folder the user may not read (the host's /var/lib/docker) matches nothing.
                    if fs.isSealed(dir) { continue }
                    let entries = fs.list(dir)
                    let hidden = part.hasPrefix(".")
                    // Matched first, sorted after: a folder of thousands of long names costs one
                    // pass, not a sort of every name on each expansion.
                    let matched = entries.filter { name, _ in
                        (hidden || !name.hasPrefix(".")) && Glob.matches(part, name, slashes: false)
                    }
                    for (name, node) in matched.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                        if !last, !(node.isDirectory || isLinkToDirectory(fs, dir + [name])) { continue }
                        next.append((prefix + name, dir + [name]))
                    }
                } else {
                    let candidate = path + [part]
                    if last, (try? fs.stat(FilePath.string(candidate), cwd: [], follow: false)) == nil { continue }
                    next.append((prefix + part, candidate))
                }
            }
            candidates = next
            if candidates.isEmpty { return nil }
        }
        return candidates.map(\.shown)
    }

    private func isLinkToDirectory(_ fs: ContainerFS, _ path: [String]) -> Bool {
        guard let found = try? fs.stat(FilePath.string(path), cwd: [], follow: true) else { return false }
        return found.node.isDirectory
    }
}
