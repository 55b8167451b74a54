import DockerSimCore

// Sources: apk-tools 2.14 (src/database.c "fetch " URL_FMT, src/commit.c "(%i/%i) %s %s (%s)",
// "Executing %s", "OK: %zu MiB in %d packages" with the installed bytes divided down to whole MiB,
// "unable to select packages:", "(no such package):", "required by: world[…]"; src/app_update.c
// the index versions and "OK: %d distinct packages available").

/// `apk` in an Alpine container: `add` (`--no-cache`, `-U`/`--update-cache`), `del`, `update`,
/// over the package catalog (``PackageCatalog``, `Packages/alpine/…`). What is installed follows
/// `/etc/apk/world` as apk's solver does: the packages named there, what they depend on, and what
/// installs itself once its `install-if` packages are there. Without `--no-cache` the indexes
/// apk fetched stay in `/var/cache/apk`, which is what `--no-cache` saves in a layer.
struct Apk {
    let containerID: String
    var out = ""
    var err = ""
    /// The language of dockersim's own texts (its "not simulated yet").
    var language = Language.en

    init(containerID: String) {
        self.containerID = containerID
    }

    struct Options {
        var noCache = false
        var updateCache = false
        var quiet = false
        var operation = ""
        var names: [String] = []
    }

    /// Runs the command; returns its exit status.
    mutating func run(_ args: [String], engine: inout Engine) -> Int32 {
        var options = Options()
        for arg in args {
            switch arg {
            case "--no-cache": options.noCache = true
            case "-U", "--update-cache": options.updateCache = true
            case "-q", "--quiet": options.quiet = true
            case "--no-progress", "--progress", "-v", "--verbose", "--no-network", "--purge", "-f", "--force",
                "--clean-protected", "--force-broken-world", "--force-overwrite":
                break
            default:
                if arg.hasPrefix("-") {
                    err += "apk: unrecognized option '\(arg.drop { $0 == "-" })'\n"
                    return 1
                }
                if options.operation.isEmpty { options.operation = arg } else { options.names.append(arg) }
            }
        }
        guard let repository = repository(engine) else {
            err += "ERROR: " + Apt.noCatalog.text(language) + "\n"
            return 1
        }
        switch options.operation {
        case "add": return add(options, repository, engine: &engine)
        case "del": return del(options, repository, engine: &engine)
        case "update": return update(options, repository, engine: &engine)
        case "":
            out += "apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n"
            return 1
        default:
            err += Message.notSimulated("apk \(options.operation)").text(language) + "\n"
            return 1
        }
    }

    // MARK: - Where we are

    func fs(_ engine: Engine) -> ContainerFS? { engine.containers[containerID]?.fs }

    /// The repository of the container's release (`/etc/os-release`: `alpine 3.19.0`).
    func repository(_ engine: Engine) -> PackageRepository? {
        PackageRepository.of(containerID, engine: engine)
    }

    /// `/etc/apk/world`: the packages asked for, one a line (a version constraint dropped).
    func world(_ engine: Engine) -> [String] {
        guard let text = try? fs(engine)?.read("/etc/apk/world", cwd: []).text else { return [] }
        return text.split(whereSeparator: { $0 == "\n" || $0 == " " }).map {
            String($0.prefix { !"=<>~".contains($0) })
        }
    }

    /// What a world installs, dependencies before the packages that need them (apk's order),
    /// then what installs itself (`install-if`).
    static func resolve(_ names: [String], _ repository: PackageRepository) -> [CatalogPackage] {
        var order: [CatalogPackage] = []
        var seen: Set<String> = []
        func visit(_ name: String) {
            guard seen.insert(name).inserted, let package = try? repository.package(name) else { return }
            for group in package.preDepends + package.depends {
                if let first = group.first { visit(first.name) }
            }
            order.append(package)
        }
        for name in names { visit(name) }
        var changed = true
        while changed {
            changed = false
            for name in repository.names where !seen.contains(name) {
                guard let package = try? repository.package(name), !package.installIf.isEmpty,
                    package.installIf.allSatisfy({ seen.contains($0.name) })
                else { continue }
                visit(name)
                changed = true
            }
        }
        return order
    }

    /// Whether apk's index cache holds every index.
    func hasCache(_ repository: PackageRepository, _ engine: Engine) -> Bool {
        repository.settings.indexes.allSatisfy {
            (try? fs(engine)?.stat("/var/cache/apk/" + $0.storedName, cwd: [])) != nil
        }
    }

    /// Fetches the indexes (`fetch URL` each); keeps them in `/var/cache/apk` unless `--no-cache`.
    mutating func fetchIndexes(
        _ repository: PackageRepository, keep: Bool, engine: inout Engine
    ) -> [(String, Int64)] {
        var bytes: Int64 = 0
        var kept: [(String, Int64)] = []
        for index in repository.settings.indexes {
            out += "fetch \(index.description)\n"
            bytes += index.downloadSize
            if keep { kept.append(("/var/cache/apk/" + index.storedName, index.storedSize)) }
        }
        engine.advance(by: 0.3 + Double(bytes) / 20_000_000)
        return kept
    }

    /// `OK: 12 MiB in 19 packages`: the installed sizes added up, divided down to whole MiB.
    static func summary(_ installed: [CatalogPackage]) -> String {
        let bytes = installed.reduce(Int64(0)) { $0 + $1.installedSize * 1024 }
        return "OK: \(bytes / (1024 * 1024)) MiB in \(installed.count) packages\n"
    }

    // MARK: - update

    mutating func update(_ options: Options, _ repository: PackageRepository, engine: inout Engine) -> Int32 {
        let kept = fetchIndexes(repository, keep: true, engine: &engine)
        for line in repository.settings.updateLines { out += line + "\n" }
        let now = engine.now.seconds
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                try fs.makeDirectory("/var/cache/apk", cwd: [], parents: true, mtime: now)
                for (path, size) in kept { try fs.writeOpaque(path, size: size, mode: 0o644, mtime: now) }
            }
        } catch {
            err += "ERROR: dockersim: \(error.text)\n"
            return 1
        }
        return 0
    }

    // MARK: - add

    mutating func add(_ options: Options, _ repository: PackageRepository, engine: inout Engine) -> Int32 {
        var kept: [(String, Int64)] = []
        if options.noCache || options.updateCache || !hasCache(repository, engine) {
            kept = fetchIndexes(repository, keep: !options.noCache, engine: &engine)
        }
        let world = world(engine)
        let requested = options.names.map { String($0.prefix { !"=<>~".contains($0) }) }
        let missing = requested.filter { !repository.hasCandidate($0) }
        if !missing.isEmpty {
            err += "ERROR: unable to select packages:\n"
            for name in missing { err += "  \(name) (no such package):\n    required by: world[\(name)]\n" }
            return 1
        }
        let before = Self.resolve(world, repository)
        let had = Set(before.map(\.name))
        let newWorld = Array(Set(world + requested)).sorted()
        let after = Self.resolve(newWorld, repository)
        let new = after.filter { !had.contains($0.name) }
        // What each new package installs, and the triggers its files fire.
        var trees: [String: FileTree] = [:]
        for package in new { trees[package.name] = (try? package.files()) ?? FileTree() }
        for (index, package) in new.enumerated() {
            out += "(\(index + 1)/\(new.count)) Installing \(package.name) (\(package.version))\n"
            for line in package.setupOutput { out += line + "\n" }
        }
        var fired: [String] = []
        let installed = Set(after.map(\.name))
        for (name, path) in repository.settings.triggerPaths where installed.contains(name) && !fired.contains(name) {
            let parts = FilePath.components(path)
            if new.contains(where: { trees[$0.name]?.node(at: parts) != nil }) { fired.append(name) }
        }
        for name in fired {
            guard let package = try? repository.package(name) else { continue }
            for line in package.triggerOutput { out += line + "\n" }
        }
        let download = new.reduce(Int64(0)) { $0 + $1.downloadSize }
        let bytes = new.reduce(Int64(0)) { $0 + $1.installedSize * 1024 }
        engine.advance(by: Double(download) / 25_000_000 + Double(bytes) / 60_000_000 + 0.05 * Double(new.count))
        out += Self.summary(after)
        let now = engine.now.seconds
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                for package in new { try fs.merge(trees[package.name] ?? FileTree()) }
                try Self.writeDatabase(world: newWorld, added: new, removed: [], fs: &fs, now: now)
                if !kept.isEmpty { try fs.makeDirectory("/var/cache/apk", cwd: [], parents: true, mtime: now) }
                for (path, size) in kept { try fs.writeOpaque(path, size: size, mode: 0o644, mtime: now) }
            }
        } catch {
            err += "ERROR: dockersim: \(error.text)\n"
            return 1
        }
        return 0
    }

    /// apk's database: the world, and `installed` grown or shrunk by each package's record (its
    /// fields and a line per file), `scripts.tar` by the scripts of those that have some.
    static func writeDatabase(
        world: [String], added: [CatalogPackage], removed: [CatalogPackage], fs: inout ContainerFS, now: Int64
    ) throws(FSError) {
        try fs.write(
            "/etc/apk/world", cwd: [], bytes: Array(world.map { $0 + "\n" }.joined().utf8), append: false,
            mtime: now)
        func record(_ package: CatalogPackage) -> Int64 {
            var files = 0
            (try? package.files())?.walk { _, _ in
                files += 1
                return true
            }
            return Int64(160 + package.name.count * 2 + package.description.count + files * 64)
        }
        let grown = added.reduce(Int64(0)) { $0 + record($1) } - removed.reduce(Int64(0)) { $0 + record($1) }
        if let old = try? fs.read("/lib/apk/db/installed", cwd: []) {
            try fs.writeOpaque("/lib/apk/db/installed", size: max(0, old.size + grown), mode: 0o644, mtime: now)
        }
        let scripts = Int64(added.filter { !$0.setupOutput.isEmpty }.count * 1024)
        if scripts > 0, let old = try? fs.read("/lib/apk/db/scripts.tar", cwd: []) {
            try fs.writeOpaque("/lib/apk/db/scripts.tar", size: old.size + scripts, mode: 0o644, mtime: now)
        }
    }

    // MARK: - del

    mutating func del(_ options: Options, _ repository: PackageRepository, engine: inout Engine) -> Int32 {
        let world = world(engine)
        var newWorld = world
        for name in options.names {
            guard let index = newWorld.firstIndex(of: name) else {
                err += "WARNING: No such package: \(name)\n"
                continue
            }
            newWorld.remove(at: index)
        }
        let before = Self.resolve(world, repository)
        let after = Self.resolve(newWorld, repository)
        let keep = Set(after.map(\.name))
        // Removed in the reverse of the install order: what needs a package goes first.
        let gone = before.filter { !keep.contains($0.name) }.reversed().map { $0 }
        for (index, package) in gone.enumerated() {
            out += "(\(index + 1)/\(gone.count)) Purging \(package.name) (\(package.version))\n"
        }
        var fired: [String] = []
        for (name, path) in repository.settings.triggerPaths where keep.contains(name) && !fired.contains(name) {
            let parts = FilePath.components(path)
            if gone.contains(where: { ((try? $0.files())?.node(at: parts)) != nil }) { fired.append(name) }
        }
        for name in fired {
            guard let package = try? repository.package(name) else { continue }
            for line in package.triggerOutput { out += line + "\n" }
        }
        engine.advance(by: 0.05 * Double(gone.count) + 0.1)
        out += Self.summary(after)
        let now = engine.now.seconds
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                for package in gone {
                    guard let tree = try? package.files() else { continue }
                    var paths: [[String]] = []
                    tree.walk { path, _ in
                        paths.append(path)
                        return true
                    }
                    // Files first, then the folders left empty, deepest first.
                    for path in paths.reversed() {
                        let text = FilePath.string(path)
                        guard let node = try? fs.stat(text, cwd: [], follow: false).node else { continue }
                        if node.isDirectory && !fs.list(path).isEmpty { continue }
                        try? fs.remove(text, cwd: [], recursive: false)
                    }
                }
                try Self.writeDatabase(world: newWorld, added: [], removed: gone, fs: &fs, now: now)
            }
        } catch {
            err += "ERROR: dockersim: \(error.text)\n"
            return 1
        }
        return 0
    }
}
