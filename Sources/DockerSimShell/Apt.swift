import DockerSimCore
import Synchronization

// Sources: apt 2.6 (apt-private/private-install.cc, private-output.cc ShowList, SizeToStr,
// apt-pkg/acquire.cc "Fetched … in … (…/s)"), dpkg 1.21 (src/main/archives.c, unpack.c,
// configure.c: "Selecting previously unselected package", "(Reading database ...",
// "Preparing to unpack", "Unpacking", "Setting up", "Processing triggers for").

/// `apt-get` and `apt` in a container: `update`, `install`, `remove`, `purge`, `clean`,
/// `autoremove` over the package catalog (``PackageCatalog``), changing the container's files as
/// dpkg does (each package's files, dpkg's database, apt's lists and logs), with their output.
struct Apt {
    /// `apt-get` or `apt`.
    let tool: String
    let containerID: String
    /// Whether the output goes to a terminal (apt adds " Done" to its progress lines there).
    let terminal: Bool
    var out = ""
    var err = ""

    /// An image whose packages dockersim has no catalog for (apt's and apk's note).
    static let noCatalog = Message(
        en: "dockersim: no package catalog for this image",
        es: "dockersim: no hay catálogo de paquetes para esta imagen")

    init(tool: String, containerID: String, terminal: Bool) {
        self.tool = tool
        self.containerID = containerID
        self.terminal = terminal
    }

    struct Options {
        var yes = false
        var quiet = 0
        var recommends = true
        var purge = false
        var operation = ""
        var packages: [String] = []
    }

    /// Runs the command; returns its exit status.
    mutating func run(_ args: [String], engine: inout Engine) -> Int32 {
        var options = Options()
        for arg in args {
            switch arg {
            case "-y", "--yes", "--assume-yes", "-qy", "-yq":
                options.yes = true
                if arg.contains("q") { options.quiet += 1 }
            case "-q", "--quiet": options.quiet += 1
            case "-qq": options.quiet += 2
            case "--no-install-recommends": options.recommends = false
            case "--install-recommends": options.recommends = true
            case "--purge": options.purge = true
            case "-f", "--fix-broken", "--no-install-suggests", "--allow-unauthenticated": break
            default:
                if arg.hasPrefix("-") {
                    if arg.hasPrefix("-o") || arg.hasPrefix("--option") { continue }
                    err += "E: Command line option '\(arg)' is not understood in combination with the other options\n"
                    return 100
                }
                if options.operation.isEmpty { options.operation = arg } else { options.packages.append(arg) }
            }
        }
        if tool == "apt" && !terminal {
            err += "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
        }
        switch options.operation {
        case "update": return update(options, engine: &engine)
        case "install", "reinstall": return install(options, engine: &engine)
        case "remove", "purge", "autoremove":
            if options.operation == "purge" { options.purge = true }
            return remove(options, engine: &engine)
        case "clean", "autoclean":
            clean(engine: &engine)
            return 0
        case "":
            if tool == "apt" {
                out += "apt 2.6.1 (amd64)\nUsage: apt [options] command\n"
            } else {
                out += "apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n"
            }
            return 1
        default:
            err += "E: Invalid operation \(options.operation)\n"
            return 100
        }
    }

    // MARK: - Where we are

    /// The container's files.
    func fs(_ engine: Engine) -> ContainerFS? { engine.containers[containerID]?.fs }

    /// The repository of the container's distribution (from `/etc/os-release`).
    func repository(_ engine: Engine) -> PackageRepository? {
        PackageRepository.of(containerID, engine: engine)
    }

    /// Installed packages (dpkg's `info/*.list`), by name.
    func installed(_ engine: Engine) -> Set<String> {
        guard let fs = fs(engine) else { return [] }
        var names: Set<String> = []
        for name in fs.list(["var", "lib", "dpkg", "info"]).keys {
            if let package = Self.listedPackage(name) { names.insert(package) }
        }
        return names
    }

    /// The package whose dpkg file list is named `name` (`libc6:amd64.list` → `libc6`), nil
    /// for another file of dpkg's `info` folder: an ASCII name (each byte a Character) read as
    /// bytes, any other as ``listedPackageByCharacters(_:)`` reads it.
    static func listedPackage(_ name: String) -> String? {
        let utf8 = name.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return listedPackageByCharacters(name) }
        guard utf8.count >= 5, utf8.suffix(5).elementsEqual(".list".utf8) else { return nil }
        let stem = utf8.dropLast(5)
        return String(Substring(stem[..<(stem.firstIndex(of: UInt8(ascii: ":")) ?? stem.endIndex)]))
    }

    /// ``listedPackage(_:)`` read as Characters: the name without `.list` and from its first `:`.
    static func listedPackageByCharacters(_ name: String) -> String? {
        guard name.hasSuffix(".list") else { return nil }
        var base = String(name.dropLast(5))
        if let colon = base.firstIndex(of: ":") { base = String(base[..<colon]) }
        return base
    }

    /// Whether `apt-get update` has fetched the indexes.
    func hasLists(_ repository: PackageRepository, _ engine: Engine) -> Bool {
        guard let first = repository.settings.indexes.last else { return false }
        return (try? fs(engine)?.stat("/var/lib/apt/lists/" + first.storedName, cwd: [])) != nil
    }

    mutating func progress(_ text: String) {
        out += text + (terminal ? " Done\n" : "\n")
    }

    // MARK: - update

    mutating func update(_ options: Options, engine: inout Engine) -> Int32 {
        guard let repository = repository(engine) else {
            err += "E: " + Self.noCatalog.text(engine.language) + "\n"
            return 100
        }
        var fetched: Int64 = 0
        var number = 0
        let now = engine.now.seconds
        var writes: [(String, Int64)] = []
        for index in repository.settings.indexes {
            let path = "/var/lib/apt/lists/" + index.storedName
            let present = (try? fs(engine)?.stat(path, cwd: [])) != nil
            if index.description.hasSuffix("Packages") && present { continue }
            number += 1
            if present {
                if options.quiet < 2 { out += "Hit:\(number) \(index.description)\n" }
            } else {
                if options.quiet < 2 {
                    out += "Get:\(number) \(index.description) [\(Self.size(index.downloadSize))]\n"
                }
                fetched += index.downloadSize
                writes.append((path, index.storedSize))
            }
        }
        let seconds = 0.4 + Double(fetched) / 20_000_000
        engine.advance(by: seconds)
        if fetched > 0 && options.quiet < 2 {
            out +=
                "Fetched \(Self.size(fetched)) in \(Self.duration(seconds)) (\(Self.size(Int64(Double(fetched) / max(seconds, 0.001))))/s)\n"
        }
        _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
            for (path, size) in writes {
                try fs.makeDirectory("/var/lib/apt/lists", cwd: [], parents: true, mtime: now)
                try fs.writeOpaque(path, size: size, mode: 0o644, mtime: now)
            }
        }
        if options.quiet < 2 { progress("Reading package lists...") }
        if tool == "apt" && options.quiet < 2 {
            progress("Building dependency tree...")
            progress("Reading state information...")
            out += "All packages are up to date.\n"
        }
        return 0
    }

    // MARK: - install

    mutating func install(_ options: Options, engine: inout Engine) -> Int32 {
        if options.quiet < 2 {
            progress("Reading package lists...")
            progress("Building dependency tree...")
            progress("Reading state information...")
        }
        let installed = installed(engine)
        guard let repository = repository(engine), hasLists(repository, engine) else {
            for name in options.packages where !installed.contains(name) {
                err += "E: Unable to locate package \(name)\n"
                return 100
            }
            for name in options.packages {
                out += "\(name) is already the newest version.\n"
            }
            out += "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
            return 0
        }
        // What to install: the packages asked for, and what they need (worked out once per
        // process for the same repository, installed packages, names and recommends).
        let plan = InstallResolution.of(
            repository: repository, installed: installed, names: options.packages, recommends: options.recommends)
        for (name, outcome) in zip(options.packages, plan.outcomes) {
            switch outcome {
            case .ok: break
            case .unknown:
                err += "E: Unable to locate package \(name)\n"
                return 100
            case .virtual(let providers):
                out += "Package \(name) is a virtual package provided by:\n"
                for provider in providers {
                    out += "  \(provider) \((try? repository.package(provider))??.version ?? "")\n"
                }
                out += "\n"
                err += "E: Package '\(name)' has no installation candidate\n"
                return 100
            case .installed(let version):
                out += "\(name) is already the newest version (\(version)).\n"
            }
        }
        let new = plan.order
        let requested = plan.requested
        // The lists, the sizes, the `Get:` lines and dpkg's lines are the resolution's texts
        // (each a function of the packages alone, made with it).
        out += plan.listsText
        guard !new.isEmpty else { return 0 }
        out += plan.sizesText
        if plan.hasAdditional && !options.yes {
            out += "Do you want to continue? [Y/n] Abort.\n"
            return 1
        }
        out += plan.getText
        if plan.delaysDebconf {
            err += "debconf: delaying package configuration, since apt-utils is not installed\n"
        }
        engine.advance(by: plan.downloadSeconds)
        out += plan.fetchedText
        // dpkg: unpack everything, then configure, then the triggers.
        var files = 0
        if let fs = fs(engine) { files = Self.databaseCount(fs) }
        let stamp = Self.logTime(engine.now)
        out += plan.firstSelectText
        out += "(Reading database ... \(files) files and directories currently installed.)\n"
        out += plan.unpackText
        engine.advance(by: plan.unpackSeconds)
        let groups = plan.groups
        out += plan.setupText
        let dpkgLog = plan.dpkgLog(stamp: stamp)
        // Triggers of packages interested in what was installed.
        let trees = plan.trees
        let fired = plan.fired
        out += plan.triggerText
        engine.advance(by: 0.2 * Double(new.count))
        let now = engine.now.seconds
        let requestedNames = requested
        let command = "\(tool) install " + (options.yes ? "-y " : "") + options.packages.joined(separator: " ")
        let termText = out
        let newTrees = trees
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                if TreeIdentity.memos {
                    try Self.rememberedInstall(
                        new, trees: newTrees, requested: requestedNames, groups: groups, fired: fired, fs: &fs,
                        now: now, dpkgLog: dpkgLog, command: command, termText: termText, keepArchives: false)
                } else {
                    try Self.applyInstall(
                        new, trees: newTrees, requested: requestedNames, groups: groups, fired: fired, fs: &fs,
                        now: now, dpkgLog: dpkgLog, command: command, termText: termText, keepArchives: false)
                }
            }
        } catch {
            err += "E: dockersim: \(error.text)\n"
            return 100
        }
        return 0
    }

    /// What installing does to the files: each package's files and what its scripts make, dpkg's
    /// database, apt's and dpkg's logs, the caches the triggers rewrite.
    /// dpkg's file list of a package (`/.`, then every path of `tree` in walk order: parents
    /// first, names sorted by bytes) and how many of its files are shared libraries under `/usr/lib`
    /// (below a folder of it), which ldconfig's cache grows by.
    static func fileList(_ tree: FileTree) -> (list: [UInt8], libraries: Int) {
        // A package's tree is the catalog's, shared and never changed (a change copies it): its
        // list is made once per process, however many containers install the package.
        let key = ObjectIdentifier(tree.root)
        if let known = FileLists.made.withLock({ $0[key] }) { return (known.list, known.libraries) }
        let made = makeFileList(tree)
        FileLists.made.withLock { $0[key] = (tree.root, made.list, made.libraries) }
        return made
    }

    /// The file lists ``fileList(_:)`` made, by the root folder of their tree (kept, so that
    /// the folder is never changed in place nor its identity taken by another).
    private enum FileLists {
        static let made = Mutex<[ObjectIdentifier: (root: Directory, list: [UInt8], libraries: Int)]>([:])
    }

    /// ``fileList(_:)`` made from the tree.
    static func makeFileList(_ tree: FileTree) -> (list: [UInt8], libraries: Int) {
        var list = Array("/.\n".utf8)
        var path: [UInt8] = []
        var libraries = 0
        func visit(_ dir: Directory, depth: Int, inUsrLib: Bool) {
            for (name, node) in dir.sortedEntries {
                let mark = path.count
                path.append(0x2F)
                path.append(contentsOf: name.utf8)
                list.append(contentsOf: path)
                list.append(0x0A)
                switch node {
                case .file:
                    if inUsrLib, depth >= 3, Self.mentionsSharedObject(name) { libraries += 1 }
                case .directory(let child):
                    let below = depth == 0 ? name == "usr" : depth == 1 ? inUsrLib && name == "lib" : inUsrLib
                    visit(child, depth: depth + 1, inUsrLib: below)
                default:
                    break
                }
                path.removeLast(path.count - mark)
            }
        }
        visit(tree.root, depth: 0, inUsrLib: false)
        return (list, libraries)
    }

    /// Whether a file's name holds `.so` (`libz.so.1.2.13`), read as bytes when it is ASCII.
    static func mentionsSharedObject(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return name.contains(".so") }
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            if previous == (0x2E, 0x73), byte == 0x6F { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// ``applyInstall(_:trees:requested:groups:fired:fs:now:dpkgLog:command:termText:keepArchives:)``,
    /// whose result is a function of the file system and of its arguments alone: an install
    /// done before on a file system that held the same (``ContainerFS/holdsTheSame(as:)``: its
    /// writable layer, layers below, mounts, read-only root and creator) with the same packages
    /// (their files, set-up files and dpkg's facts of them) and the same other arguments gives
    /// its writable layer and mounts again, without the work. What the install does outside the
    /// files (output, the clock, events, the disk caps) is the caller's, done every time.
    static func rememberedInstall(
        _ new: [CatalogPackage], trees: [String: FileTree], requested: Set<String>, groups: [(String, Int)],
        fired: [CatalogPackage], fs: inout ContainerFS, now: Int64, dpkgLog: String, command: String,
        termText: String, keepArchives: Bool
    ) throws(FSError) {
        func apply(_ fs: inout ContainerFS) throws(FSError) {
            try applyInstall(
                new, trees: trees, requested: requested, groups: groups, fired: fired, fs: &fs, now: now,
                dpkgLog: dpkgLog, command: command, termText: termText, keepArchives: keepArchives)
        }
        // A large writable layer costs more to compare than the memo saves.
        guard fs.upper.count <= InstallMemo.upperLimit else { return try apply(&fs) }
        var packageTrees: [FileTree] = []
        var text = ""
        for package in new {
            packageTrees.append(trees[package.name] ?? FileTree())
            packageTrees.append((try? package.setupFiles()) ?? FileTree())
            text += "\(package.name)\u{0}\(package.qualifiedName)\u{0}\(package.architecture)\u{0}\(package.version)"
            text += "\u{0}\(package.statusBytes)\u{0}\(requested.contains(package.name))"
            for (name, size) in package.maintainerFiles { text += "\u{0}\(name)=\(size)" }
            text += "\n"
        }
        text += "groups"
        for (name, gid) in groups { text += "\u{0}\(name)=\(gid)" }
        text += "\nfired"
        for package in fired { text += "\u{0}\(package.name)" }
        text += "\n\(now)\u{0}\(keepArchives)\u{0}\(command)\u{0}\(dpkgLog)\u{0}\(termText)"
        var hasher = Hasher()
        hasher.combine(fs.fingerprint)
        for tree in packageTrees { hasher.combine(TreeIdentity.fingerprint(tree.root, keep: true)) }
        let key = InstallMemo.Key(print: UInt64(truncatingIfNeeded: hasher.finalize()), text: Array(text.utf8))
        if let done = InstallMemo.done(key, fs: fs, packageTrees: packageTrees) {
            fs.adoptChanges(of: done)
            return
        }
        let before = fs
        try apply(&fs)
        InstallMemo.keep(key, InstallMemo.Entry(before: before, packageTrees: packageTrees, after: fs))
    }

    static func applyInstall(
        _ new: [CatalogPackage], trees: [String: FileTree], requested: Set<String>, groups: [(String, Int)],
        fired: [CatalogPackage], fs: inout ContainerFS, now: Int64, dpkgLog: String, command: String,
        termText: String, keepArchives: Bool
    ) throws(FSError) {
        let info = "/var/lib/dpkg/info"
        var status: Int64 = 0
        var newLibraries = 0
        var templates: Int64 = 0
        var auto = ""
        for package in new {
            let tree = trees[package.name] ?? FileTree()
            try fs.merge(tree)
            if let setup = try? package.setupFiles() { try fs.merge(setup, mtime: now) }
            // dpkg's database: the file list and the maintainer files, written into its folder at once.
            let (list, libraries) = fileList(tree)
            newLibraries += libraries
            var database: [(name: String, file: ContainerFS.NewFile)] = [
                (package.qualifiedName + ".list", .bytes(list))
            ]
            for (name, size) in package.maintainerFiles where name != "control" {
                let mode: UInt32 = ["postinst", "preinst", "postrm", "prerm", "config"].contains(name) ? 0o755 : 0o644
                if name == "templates" {
                    templates += size
                    continue
                }
                database.append((package.qualifiedName + "." + name, .opaque(size: size, mode: mode)))
            }
            try fs.writeFiles(in: info, database, mtime: now)
            status += package.statusBytes + 1
            if !requested.contains(package.name) {
                auto +=
                    "Package: \(package.name)\nArchitecture: \(package.architecture == "all" ? "amd64" : package.architecture)\nAuto-Installed: 1\n\n"
            }
        }
        // /var/lib/dpkg/status grows by each stanza; status-old keeps the one before.
        if let old = try? fs.read("/var/lib/dpkg/status", cwd: []) {
            try fs.writeOpaque("/var/lib/dpkg/status-old", size: old.size, mode: 0o644, mtime: now)
            try fs.writeOpaque("/var/lib/dpkg/status", size: old.size + status, mode: 0o644, mtime: now)
        }
        try fs.write("/var/lib/apt/extended_states", cwd: [], bytes: Array(auto.utf8), append: true, mtime: now)
        try fs.write("/var/log/dpkg.log", cwd: [], bytes: Array(dpkgLog.utf8), append: true, mtime: now)
        let date = logTime(Timestamp(seconds: now))
        let history =
            "\nStart-Date: \(date)\nCommandline: \(command)\nInstall: "
            + new.map {
                "\($0.name):\($0.architecture == "all" ? "amd64" : $0.architecture) (\($0.version)\(requested.contains($0.name) ? "" : ", automatic"))"
            }
            .joined(separator: ", ") + "\nEnd-Date: \(date)\n"
        try fs.makeDirectory("/var/log/apt", cwd: [], parents: true, mtime: now)
        try fs.write("/var/log/apt/history.log", cwd: [], bytes: Array(history.utf8), append: true, mtime: now)
        let term = "\nLog started: \(date)\n" + termText + "Log ended: \(date)\n"
        try fs.write("/var/log/apt/term.log", cwd: [], bytes: Array(term.utf8), append: true, mtime: now)
        try fs.writeOpaque("/var/log/apt/eipp.log.xz", size: 4_016 + Int64(new.count) * 36, mode: 0o644, mtime: now)
        // debconf's database takes the templates of the packages that have some.
        if templates > 0, let old = try? fs.read("/var/cache/debconf/templates.dat", cwd: []),
            let config = try? fs.read("/var/cache/debconf/config.dat", cwd: [])
        {
            try fs.writeOpaque("/var/cache/debconf/templates.dat-old", size: old.size, mode: 0o644, mtime: now)
            try fs.writeOpaque("/var/cache/debconf/templates.dat", size: old.size + templates, mode: 0o644, mtime: now)
            try fs.writeOpaque("/var/cache/debconf/config.dat-old", size: config.size, mode: 0o644, mtime: now)
            try fs.writeOpaque(
                "/var/cache/debconf/config.dat", size: config.size + templates / 40, mode: 0o644, mtime: now)
        }
        // ldconfig (libc-bin's trigger) rewrites its cache with the new libraries.
        if fired.contains(where: { $0.name == "libc-bin" }) {
            if let cache = try? fs.read("/etc/ld.so.cache", cwd: []) {
                try fs.writeOpaque(
                    "/etc/ld.so.cache", size: cache.size + Int64(newLibraries) * 96, mode: 0o644, mtime: now)
            }
            if let aux = try? fs.read("/var/cache/ldconfig/aux-cache", cwd: []) {
                try fs.writeOpaque(
                    "/var/cache/ldconfig/aux-cache", size: aux.size + Int64(newLibraries) * 80, mode: 0o600, mtime: now)
            }
        }
        // Groups made by maintainer scripts (`addgroup --system`).
        for (name, gid) in groups {
            for (file, line) in [("/etc/group", "\(name):x:\(gid):\n"), ("/etc/gshadow", "\(name):!::\n")] {
                guard let old = try? fs.read(file, cwd: []) else { continue }
                let meta = (try? fs.stat(file, cwd: []).node.metadata) ?? nil
                try fs.write(file + "-", cwd: [], bytes: old.bytes ?? [], append: false, mtime: now)
                try fs.write(file, cwd: [], bytes: Array(line.utf8), append: true, mtime: now)
                _ = meta
            }
        }
    }

    /// The installs ``rememberedInstall(_:trees:requested:groups:fired:fs:now:dpkgLog:command:termText:keepArchives:)``
    /// did, for every thread of the process.
    enum InstallMemo {
        /// Writable layers with more entries than this are installed into without the memo.
        static let upperLimit = 20_000
        /// At most this many installs are kept; then the memory is emptied and starts again.
        static let limit = 256

        struct Key: Hashable {
            /// The fingerprints of the file system and of the packages' trees.
            var print: UInt64
            /// Every other argument, written out (as bytes: what the logs are written as; two
            /// Strings Swift finds equal may hold different bytes).
            var text: [UInt8]
            /// `text` hashed once: the logs make it long, and a look-up, a store and every
            /// growth of the memo would hash it again.
            private var textHash: Int

            init(print: UInt64, text: [UInt8]) {
                self.print = print
                self.text = text
                self.textHash = Self.hash(of: text)
            }

            /// A hash of `text`'s bytes, fed to the hasher at once (an array's own hash feeds
            /// it byte by byte: tens of thousands of calls for an install's logs).
            static func hash(of text: [UInt8]) -> Int {
                var hasher = Hasher()
                hasher.combine(text.count)
                text.withUnsafeBytes { hasher.combine(bytes: $0) }
                return hasher.finalize()
            }

            static func == (a: Key, b: Key) -> Bool {
                a.print == b.print && a.textHash == b.textHash && a.text == b.text
            }

            func hash(into hasher: inout Hasher) {
                hasher.combine(print)
                hasher.combine(textHash)
            }
        }

        /// One install: the file system before and after, and the packages' trees it merged.
        struct Entry {
            var before: ContainerFS
            var packageTrees: [FileTree]
            var after: ContainerFS
        }

        private static let made = Mutex<[Key: [Entry]]>([:])

        /// The file system after the install of `key` on one that holds the same as `fs`, with
        /// the same package trees, when one was done.
        static func done(_ key: Key, fs: ContainerFS, packageTrees: [FileTree]) -> ContainerFS? {
            guard let entries = made.withLock({ $0[key] }) else { return nil }
            for entry in entries where entry.packageTrees.count == packageTrees.count {
                guard
                    zip(entry.packageTrees, packageTrees).allSatisfy({ TreeIdentity.same($0.root, $1.root) }),
                    entry.before.holdsTheSame(as: fs)
                else { continue }
                return entry.after
            }
            return nil
        }

        static func keep(_ key: Key, _ entry: Entry) {
            made.withLock {
                if $0.count >= limit { $0.removeAll() }
                $0[key, default: []].append(entry)
            }
        }
    }

    // MARK: - remove, purge, autoremove

    mutating func remove(_ options: Options, engine: inout Engine) -> Int32 {
        if options.quiet < 2 {
            progress("Reading package lists...")
            progress("Building dependency tree...")
            progress("Reading state information...")
        }
        let installed = installed(engine)
        guard let repository = repository(engine) else {
            for name in options.packages {
                err += "E: Unable to locate package \(name)\n"
                return 100
            }
            out += "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
            return 0
        }
        var targets: [CatalogPackage] = []
        for name in options.packages {
            guard let package = try? repository.package(name) else {
                err += "E: Unable to locate package \(name)\n"
                return 100
            }
            if installed.contains(name) {
                targets.append(package)
            } else {
                out += "Package '\(name)' is not installed, so not removed\n"
            }
        }
        if options.operation == "autoremove" || options.purge && options.operation == "autoremove" {
            targets = autoremovable(repository, installed: installed, engine: engine)
        }
        guard !targets.isEmpty else {
            out += "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
            return 0
        }
        let names = targets.map { $0.name + (options.purge ? "*" : "") }.sorted()
        showList("The following packages will be REMOVED:", names)
        out += "0 upgraded, 0 newly installed, \(targets.count) to remove and 0 not upgraded.\n"
        let freed = targets.reduce(Int64(0)) { $0 + $1.installedSize } * 1024
        out += "After this operation, \(Self.size(freed)) disk space will be freed.\n"
        if !options.yes && targets.count > options.packages.count {
            out += "Do you want to continue? [Y/n] Abort.\n"
            return 1
        }
        var files = 0
        if let fs = fs(engine) { files = Self.databaseCount(fs) }
        out += "(Reading database ... \(files) files and directories currently installed.)\n"
        for package in targets {
            out += "Removing \(package.qualifiedName) (\(package.version)) ...\n"
        }
        if options.purge {
            for package in targets {
                out += "Purging configuration files for \(package.qualifiedName) (\(package.version)) ...\n"
            }
        }
        engine.advance(by: 0.3 * Double(targets.count))
        let now = engine.now.seconds
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                for package in targets {
                    let list =
                        (try? fs.read("/var/lib/dpkg/info/" + package.qualifiedName + ".list", cwd: []).text) ?? nil
                    let paths = (list ?? "").split(separator: "\n").map(String.init).reversed()
                    for path in paths where path != "/." {
                        guard let node = try? fs.stat(path, cwd: [], follow: false).node else { continue }
                        if case .directory = node, !fs.list(FilePath.components(path)).isEmpty { continue }
                        try? fs.remove(path, cwd: [], recursive: false)
                    }
                    for name in fs.list(["var", "lib", "dpkg", "info"]).keys
                    where name.hasPrefix(package.qualifiedName + ".") {
                        if !options.purge && (name.hasSuffix(".postrm") || name.hasSuffix(".list"))
                            && name.hasSuffix(".postrm")
                        {
                            continue
                        }
                        try? fs.remove("/var/lib/dpkg/info/" + name, cwd: [], recursive: false)
                    }
                }
                try fs.write(
                    "/var/log/dpkg.log", cwd: [],
                    bytes: Array(
                        targets.map {
                            "\(Self.logTime(Timestamp(seconds: now))) remove \($0.name):\($0.architecture) \($0.version) <none>\n"
                        }.joined().utf8),
                    append: true, mtime: now)
            }
        } catch {
            err += "E: dockersim: \(error.text)\n"
            return 100
        }
        return 0
    }

    /// Packages installed as dependencies (apt's `extended_states`) that nothing installed needs.
    func autoremovable(_ repository: PackageRepository, installed: Set<String>, engine: Engine) -> [CatalogPackage] {
        guard let text = try? fs(engine)?.read("/var/lib/apt/extended_states", cwd: []).text else { return [] }
        var automatic: Set<String> = []
        var current = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Package: ") { current = String(line.dropFirst(9)) }
            if line == "Auto-Installed: 1", installed.contains(current) { automatic.insert(current) }
        }
        // Everything a manually installed package needs stays.
        var needed: Set<String> = []
        var stack = installed.subtracting(automatic).map { $0 }
        while let name = stack.popLast() {
            guard let package = try? repository.package(name) else { continue }
            for group in package.preDepends + package.depends + package.recommends {
                for relation in group
                where installed.contains(relation.name) || !repository.providersOf(relation.name).isEmpty {
                    let target =
                        installed.contains(relation.name)
                        ? relation.name : repository.providersOf(relation.name).first { installed.contains($0) } ?? ""
                    if !target.isEmpty, needed.insert(target).inserted { stack.append(target) }
                    break
                }
            }
        }
        return automatic.subtracting(needed).sorted().compactMap { try? repository.package($0) }
    }

    // MARK: - clean

    mutating func clean(engine: inout Engine) {
        _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
            for name in fs.list(["var", "cache", "apt", "archives"]).keys where name.hasSuffix(".deb") {
                try? fs.remove("/var/cache/apt/archives/" + name, cwd: [], recursive: false)
            }
            for name in ["pkgcache.bin", "srcpkgcache.bin"] {
                try? fs.remove("/var/cache/apt/" + name, cwd: [], recursive: false)
            }
        }
    }

    // MARK: - Output helpers

    /// apt's `ShowList`: a title, then the words wrapped at 77 columns (a line breaks at the
    /// last space that fits, so `| alternative` may start one), indented by two spaces.
    mutating func showList(_ title: String, _ names: [String]) {
        Self.showList(title, names, into: &out)
    }

    /// ``showList(_:_:)`` into `out`.
    static func showList(_ title: String, _ names: [String], into out: inout String) {
        out += title + "\n"
        let joined = names.joined(separator: " ")
        let width = 80 - 3
        // Package names are ASCII: each byte is then a Character, and the lines are cut by
        // byte (the same places; making an array of Characters cost more than the rest).
        let bytes = Array(joined.utf8)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            var start = 0
            while start < bytes.count {
                var end: Int
                if start + width >= bytes.count {
                    end = bytes.count
                } else {
                    end = start + width
                    while end > start && bytes[end] != 0x20 { end -= 1 }
                    if end <= start { end = start + width }
                }
                out += "  " + String(decoding: bytes[start..<end], as: UTF8.self) + "\n"
                start = end + 1
            }
            return
        }
        let list = Array(joined)
        var start = 0
        while start < list.count {
            var end: Int
            if start + width >= list.count {
                end = list.count
            } else {
                end = start + width
                while end > start && list[end] != " " { end -= 1 }
                if end <= start { end = start + width }
            }
            out += "  " + String(list[start..<end]) + "\n"
            start = end + 1
        }
    }

    /// apt's `SizeToStr` followed by `B`: `9699 kB`, `30.7 MB`, `151 kB`, `30 B`.
    static func size(_ bytes: Int64) -> String {
        var value = Double(bytes)
        let units = ["", "k", "M", "G", "T"]
        var unit = 0
        while unit < units.count {
            if value < 100 && unit != 0 { return formatOne(value) + " " + units[unit] + "B" }
            if value < 10_000 { return String(Int64(value.rounded())) + " " + units[unit] + "B" }
            value /= 1000
            unit += 1
        }
        return String(Int64(value)) + " TB"
    }

    static func formatOne(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// apt's `TimeToStr`: `0s`, `12s`, `1min 5s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        if whole >= 60 { return "\(whole / 60)min \(whole % 60)s" }
        return "\(whole)s"
    }

    /// `2024-02-20 10:00:00` (dpkg's and apt's logs).
    static func logTime(_ time: Timestamp) -> String {
        let p = Timestamp.civilParts(time.seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(p.year)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second))"
    }

    /// dpkg's count of the files and directories it knows about: what the image's system folders hold.
    static func databaseCount(_ fs: ContainerFS) -> Int {
        let skipping = [["var", "lib", "dpkg"], ["var", "cache"], ["var", "log"]]
        var count = 0
        for top in ["etc", "usr", "var", "opt", "srv"] {
            count += fs.entryCount(below: [top], skipping: skipping)
        }
        return count
    }
}

/// Which packages an install adds, in the order apt unpacks them (what a package depends on
/// before it), and what the lists around it show.
struct InstallPlan {
    let repository: PackageRepository
    var installed: Set<String>
    let recommends: Bool
    /// Packages to install, in order.
    private(set) var order: [CatalogPackage] = []
    private(set) var requested: [String] = []
    private var chosen: Set<String> = []
    /// Recommends left out (`--no-install-recommends`) and suggests, by the package that has them.
    private var recommendsOf: [String: [String]] = [:]
    private var suggestsOf: [String: [String]] = [:]

    init(repository: PackageRepository, installed: Set<String>, recommends: Bool) {
        self.repository = repository
        self.installed = installed
        self.recommends = recommends
    }

    enum Outcome {
        case ok
        case unknown
        case virtual([String])
        case installed(String)
    }

    mutating func request(_ name: String) -> Outcome {
        if installed.contains(name) {
            return .installed((try? repository.package(name))??.version ?? "")
        }
        guard let package = try? repository.package(name) else {
            let providers = repository.providersOf(name)
            if providers.count == 1 { return request(providers[0]) }
            return providers.isEmpty ? .unknown : .virtual(providers.sorted())
        }
        requested.append(package.name)
        add(package)
        return .ok
    }

    /// After the packages asked for and what they depend on: what they recommend, in the order
    /// of the names (each after what it depends on), until nothing more is recommended.
    mutating func addRecommends() {
        guard recommends else { return }
        var done = 0
        while done < order.count {
            let batch = order[done...]
            done = order.count
            var wanted: Set<String> = []
            for package in batch {
                for group in package.recommends where !group.contains(where: { has($0.name) }) {
                    if let first = group.first(where: { repository.hasCandidate($0.name) }) {
                        wanted.insert(first.name)
                    }
                }
            }
            // apt takes the more important packages first, then by name.
            let ranked = wanted.sorted { a, b in
                let ra = Self.rank((try? repository.package(a))??.priority ?? "optional")
                let rb = Self.rank((try? repository.package(b))??.priority ?? "optional")
                return ra == rb ? a < b : ra < rb
            }
            for name in ranked where !has(name) { satisfy([CatalogPackage.Relation(name: name)]) }
        }
    }

    static func rank(_ priority: String) -> Int {
        ["required": 0, "important": 1, "standard": 2, "optional": 3, "extra": 4][priority] ?? 3
    }

    /// Adds a package after everything it needs.
    private mutating func add(_ package: CatalogPackage) {
        guard chosen.insert(package.name).inserted else { return }
        for group in package.preDepends + package.depends { satisfy(group) }
        order.append(package)
        if !recommends {
            for group in package.recommends {
                recommendsOf[package.name, default: []].append(group.map(\.name).joined(separator: " | "))
            }
        }
        for group in package.suggests {
            suggestsOf[package.name, default: []].append(group.map(\.name).joined(separator: " | "))
        }
    }

    private func has(_ name: String) -> Bool {
        installed.contains(name) || chosen.contains(name)
            || repository.providersOf(name).contains { installed.contains($0) || chosen.contains($0) }
    }

    /// Installs the first alternative that can be had, unless one is already there.
    private mutating func satisfy(_ group: [CatalogPackage.Relation]) {
        if group.contains(where: { has($0.name) }) { return }
        for relation in group {
            if let package = try? repository.package(relation.name),
                package.hasFiles || !installed.contains(package.name),
                relation.accepts(package.version)
            {
                add(package)
                return
            }
            if let provider = repository.providersOf(relation.name).first,
                let package = try? repository.package(provider)
            {
                add(package)
                return
            }
        }
    }

    /// What the new packages suggest that is not installed, each once, package by package in
    /// the order of their names (as apt lists them).
    var suggested: [String] { missing(suggestsOf) }

    /// What they recommend and is not installed (shown with `--no-install-recommends`).
    var skippedRecommends: [String] { missing(recommendsOf) }

    private func missing(_ relations: [String: [String]]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for name in relations.keys.sorted() {
            for relation in relations[name] ?? [] where seen.insert(relation).inserted {
                let names = relation.split(separator: "|").map { $0.trimmingCharacters(in: " ") }
                if names.contains(where: { has($0) }) { continue }
                result.append(relation)
            }
        }
        return result
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
