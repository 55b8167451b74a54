import DockerSimCore

// Sources: pip 23.0/23.2 (src/pip/_internal/operations/prepare.py "Collecting %s",
// network/download.py "Downloading %s (%s)" with utils/misc.format_size, cli/progress_bars.py
// rich's bar, 40 columns, "eta 0:00:00"; resolution/resolvelib: requirements collected in the
// order they are found; req/req_install ordering by resolution/resolvelib/resolver.py
// get_topological_weights (leaves first, by name descending); commands/install.py "Installing
// collected packages: …", "Successfully installed …" sorted, the root-user warning
// (cli/base_command.py), the externally-managed error (exceptions.py, Debian's text);
// self_outdated_check.py's notice). pip 23.1 added "(from …)" to the Collecting lines.

/// `pip` / `pip3` in a container: `install NAME…` and `install -r FILE` over the PyPI catalog
/// (`Packages/python/pypi`), into the image's site-packages, with pip's output.
struct Pip {
    let containerID: String
    let cwd: [String]
    var out = ""
    var err = ""
    /// The language of dockersim's own texts (its "not simulated yet").
    var language = Language.en

    init(containerID: String, cwd: [String]) {
        self.containerID = containerID
        self.cwd = cwd
    }

    /// The Python a container has: its version, where pip installs, which pip.
    struct Environment {
        var python: String  // 3.10.13
        var site: String  // /usr/local/lib/python3.10/site-packages
        var pip: String  // 23.0.1
        var musl: Bool
        var externallyManaged: Bool
        var debianPip: Bool

        var abi: String {
            let parts = python.split(separator: ".")
            return "cp" + parts.prefix(2).joined()
        }
        var platform: String { musl ? "musllinux_1_1_x86_64" : "manylinux_2_17_x86_64.manylinux2014_x86_64" }
        /// pip 23.1 and later say where a requirement comes from.
        var saysFrom: Bool { DebianVersion.compare(pip, "23.1") >= 0 }
    }

    /// One requirement being collected: the name as written, its specifier, who asked.
    struct Requirement {
        var written: String
        var specifier: String
        var from: String?
        var package: CatalogPackage
    }

    mutating func run(_ args: [String], engine: inout Engine) -> Int32 {
        guard args.first == "install" else {
            if args.first == "--version" || args.first == "-V", let env = environment(engine) {
                let major = env.python.split(separator: ".").prefix(2).joined(separator: ".")
                out += "pip \(env.pip) from \(env.site)/pip (python \(major))\n"
                return 0
            }
            err += Message.notSimulated("pip \(args.first ?? "")").text(language) + "\n"
            return 1
        }
        var names: [(String, String?)] = []  // requirement, where it comes from (-r FILE (line N))
        var breakSystem = false
        var quiet = false
        var rest = args.dropFirst()[...]
        while let arg = rest.first {
            rest = rest.dropFirst()
            switch arg {
            case "-r", "--requirement":
                guard let file = rest.first else {
                    err +=
                        "\nUsage:   \n  pip install [options] <requirement specifier> [package-index-options] ...\n\n-r option requires 1 argument\n"
                    return 2
                }
                rest = rest.dropFirst()
                guard let text = try? engine.containers[containerID]?.fs.read(file, cwd: cwd).text else {
                    err +=
                        "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '\(file)'\n"
                    return 1
                }
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let requirement = line.split(separator: "#").first.map { String($0) }?.trimmed(" \t\r") ?? ""
                    if !requirement.isEmpty { names.append((requirement, "-r \(file) (line \(index + 1))")) }
                }
            case "--break-system-packages": breakSystem = true
            case "-q", "--quiet": quiet = true
            case "--no-cache-dir", "--upgrade", "-U", "--disable-pip-version-check", "--root-user-action=ignore",
                "--no-compile", "--user":
                break
            default:
                if arg.hasPrefix("-") {
                    err +=
                        "\nUsage:   \n  pip install [options] <requirement specifier> [package-index-options] ...\n\nno such option: \(arg)\n"
                    return 2
                }
                names.append((arg, nil))
            }
        }
        guard let env = environment(engine),
            let repository = try? PackageCatalog.standard.repository("python/pypi")
        else {
            err += Message(en: "dockersim: no Python here", es: "dockersim: aquí no hay Python").text(language) + "\n"
            return 1
        }
        if env.externallyManaged && !breakSystem {
            err += Self.externallyManaged(env.python)
            return 1
        }
        if names.isEmpty {
            err += "ERROR: You must give at least one requirement to install (see \"pip help install\")\n"
            return 1
        }
        let installed = installedNames(env, engine)
        // Collecting: what was asked for, then what each needs, in the order found.
        var queue: [Requirement] = []
        for (text, source) in names {
            let name = String(text.prefix { !"<>=!~ ;[".contains($0) })
            guard let package = try? repository.package(name) else {
                collecting(text, from: source, env: env, quiet: quiet)
                err +=
                    "ERROR: Could not find a version that satisfies the requirement \(text) (from versions: none)\nERROR: No matching distribution found for \(name)\n"
                return 1
            }
            queue.append(Requirement(written: name, specifier: text, from: source, package: package))
        }
        var chosen: [String: Requirement] = [:]
        var order: [String] = []
        var index = 0
        var downloaded: Int64 = 0
        while index < queue.count {
            let requirement = queue[index]
            index += 1
            let key = PackageRepository.canonical(requirement.package.name)
            if chosen[key] != nil || installed.contains(key) { continue }
            chosen[key] = requirement
            order.append(key)
            collecting(requirement.specifier, from: requirement.from, env: env, quiet: quiet)
            let package = requirement.package
            if !quiet {
                let file = package.filename.replacing("{abi}", with: env.abi).replacing(
                    "{platform}", with: env.platform)
                out += "  Downloading \(file) (\(Self.size(package.downloadSize)))\n"
                let speed = Self.decimal(Int64(Double(package.downloadSize) / 0.08 + 1_000_000))
                out +=
                    "     " + String(repeating: "\u{2501}", count: 40)
                    + " \(Self.fraction(package.downloadSize)) \(speed)/s eta 0:00:00\n"
            }
            downloaded += package.downloadSize
            let chain =
                requirement.from.map { requirement.specifier + "->" + $0 } ?? requirement.specifier
            for group in package.depends {
                guard let relation = group.first, applies(package, relation.name, env),
                    let dependency = try? repository.package(relation.name)
                else { continue }
                let specifier = relation.name + (relation.op.map { $0 + (relation.version ?? "") } ?? "")
                queue.append(
                    Requirement(written: relation.name, specifier: specifier, from: chain, package: dependency))
            }
        }
        engine.advance(by: 0.5 + Double(downloaded) / 5_000_000 + 0.1 * Double(order.count))
        if order.isEmpty {
            for (text, _) in names {
                let version =
                    (try? repository.package(String(text.prefix { !"<>=!~ ;[".contains($0) })))??.version ?? ""
                out += "Requirement already satisfied: \(text) in \(env.site) (\(version))\n"
            }
        } else {
            let sorted = Self.installOrder(order, chosen, repository, env: env)
            let display = sorted.map { chosen[$0]?.written ?? $0 }
            out += "Installing collected packages: " + display.joined(separator: ", ") + "\n"
            let done = sorted.map { (chosen[$0]?.written ?? $0) + "-" + (chosen[$0]?.package.version ?? "") }.sorted()
            out += "Successfully installed " + done.joined(separator: " ") + "\n"
        }
        err +=
            "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv\n"
        if !env.debianPip, let latest = (try? repository.package("pip")) ?? nil,
            DebianVersion.compare(env.pip, latest.version) < 0
        {
            err +=
                "\n[notice] A new release of pip is available: \(env.pip) -> \(latest.version)\n[notice] To update, run: pip install --upgrade pip\n"
        }
        let now = engine.now.seconds
        let site = FilePath.components(env.site)
        let packages = order.compactMap { chosen[$0]?.package }
        do {
            try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                for package in packages {
                    guard let tree = try? package.files() else { continue }
                    var placed = FileTree()
                    Self.graft(tree, ["site-packages"], to: site, into: &placed, mtime: now)
                    Self.graft(tree, ["bin"], to: ["usr", "local", "bin"], into: &placed, mtime: now)
                    try fs.merge(placed)
                }
            }
        } catch {
            err += "ERROR: dockersim: \(error.text)\n"
            return 1
        }
        return 0
    }

    mutating func collecting(_ specifier: String, from: String?, env: Environment, quiet: Bool) {
        guard !quiet else { return }
        out += "Collecting \(specifier)" + (env.saysFrom ? from.map { " (from \($0))" } ?? "" : "") + "\n"
    }

    /// Whether a requirement holds here (its environment marker, when it has one).
    func applies(_ package: CatalogPackage, _ name: String, _ env: Environment) -> Bool {
        guard let marker = package.markers[name] ?? package.markers[PackageRepository.canonical(name)],
            marker.count == 3, marker[0].hasPrefix("python")
        else { return true }
        let order = DebianVersion.compare(env.python, marker[2])
        switch marker[1] {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        case ">=": return order >= 0
        default: return true
        }
    }

    /// pip's installation order: the leaves of the graph first (by name, descending), then the
    /// leaves of what is left, and so on (`get_topological_weights`).
    static func installOrder(
        _ keys: [String], _ chosen: [String: Requirement], _ repository: PackageRepository, env: Environment
    ) -> [String] {
        var children: [String: Set<String>] = [:]
        let set = Set(keys)
        for key in keys {
            let package = chosen[key]?.package
            children[key] = Set(
                (package?.depends ?? []).compactMap { $0.first.map { PackageRepository.canonical($0.name) } }.filter {
                    set.contains($0)
                })
        }
        var remaining = set
        var result: [String] = []
        while !remaining.isEmpty {
            let leaves = remaining.filter { (children[$0] ?? []).isDisjoint(with: remaining) }
            let round = leaves.isEmpty ? remaining : leaves
            result += round.sorted(by: >)
            remaining.subtract(round)
        }
        return result
    }

    /// Puts the part of `tree` under `from` at `to` in `placed`.
    static func graft(_ tree: FileTree, _ from: [String], to: [String], into placed: inout FileTree, mtime: Int64) {
        guard case .directory(let directory)? = tree.node(at: from) else { return }
        var path: [String] = []
        for part in to.dropLast() {
            path.append(part)
            if placed.node(at: path) == nil {
                placed.modify(path) { $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: mtime))) }
            }
        }
        placed.modify(to) { $0 = .directory(directory) }
    }

    /// Canonical names of what is installed (the `*.dist-info` folders of site-packages).
    func installedNames(_ env: Environment, _ engine: Engine) -> Set<String> {
        guard let fs = engine.containers[containerID]?.fs else { return [] }
        var names: Set<String> = []
        for name in fs.list(FilePath.components(env.site)).keys where name.hasSuffix(".dist-info") {
            names.insert(PackageRepository.canonical(String(name.prefix { $0 != "-" })))
        }
        return names
    }

    /// The container's Python: `/usr/local/bin/python3` (the official images) or Debian's.
    func environment(_ engine: Engine) -> Environment? {
        guard let container = engine.containers[containerID] else { return nil }
        let fs = container.fs
        var vars: [String: String] = [:]
        for pair in container.config.env {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { vars[String(parts[0])] = String(parts[1]) }
        }
        let musl = (try? fs.stat("/lib/ld-musl-x86_64.so.1", cwd: [], follow: false)) != nil
        let repository = try? PackageCatalog.standard.repository("python/pypi")
        if let version = vars["PYTHON_VERSION"] {
            let major = version.split(separator: ".").prefix(2).joined(separator: ".")
            let pip = vars["PYTHON_PIP_VERSION"] ?? repository?.settings.bundledPip[version] ?? "23.0.1"
            return Environment(
                python: version, site: "/usr/local/lib/python\(major)/site-packages", pip: pip, musl: musl,
                externallyManaged: false, debianPip: false)
        }
        // Debian's python3 with python3-pip: into /usr/local/lib/python3.X/dist-packages.
        for minor in ["3.11", "3.12", "3.10"] where (try? fs.stat("/usr/bin/python" + minor, cwd: [])) != nil {
            let managed = (try? fs.stat("/usr/lib/python\(minor)/EXTERNALLY-MANAGED", cwd: [])) != nil
            let python = minor == "3.11" ? "3.11.2" : minor + ".0"
            return Environment(
                python: python, site: "/usr/local/lib/python\(minor)/dist-packages",
                pip: repository?.settings.bundledPip[python] ?? "23.0.1", musl: musl, externallyManaged: managed,
                debianPip: true)
        }
        return nil
    }

    /// pip's `format_size`: `101 kB`, `5.7 kB`, `1.2 MB`, `512 bytes`.
    static func size(_ bytes: Int64) -> String {
        if bytes > 1_000_000 { return Self.oneDecimal(Double(bytes) / 1_000_000) + " MB" }
        if bytes > 10_000 { return "\(bytes / 1000) kB" }
        if bytes > 1000 { return Self.oneDecimal(Double(bytes) / 1000) + " kB" }
        return "\(bytes) bytes"
    }

    /// rich's decimal sizes: `101.2 kB`, `5.7 kB`, `2.1 MB`.
    static func decimal(_ bytes: Int64) -> String {
        if bytes >= 1_000_000 { return oneDecimal(Double(bytes) / 1_000_000) + " MB" }
        if bytes >= 1000 { return oneDecimal(Double(bytes) / 1000) + " kB" }
        return "\(bytes) bytes"
    }

    /// rich's DownloadColumn when the download is whole: `101.2/101.2 kB`.
    static func fraction(_ bytes: Int64) -> String {
        let text = decimal(bytes)
        guard let space = text.lastIndex(of: " ") else { return text }
        let number = text[..<space]
        return "\(number)/\(number)\(text[space...])"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Debian's EXTERNALLY-MANAGED message, as pip prints it.
    static func externallyManaged(_ python: String) -> String {
        let minor = python.split(separator: ".").prefix(2).joined(separator: ".")
        return """
            error: externally-managed-environment

            × This environment is externally managed
            ╰─> To install Python packages system-wide, try apt install
                python3-xyz, where xyz is the package you are trying to
                install.
                
                If you wish to install a non-Debian-packaged Python package,
                create a virtual environment using python3 -m venv path/to/venv.
                Then use path/to/venv/bin/python3 and path/to/venv/bin/pip3 to
                make sure you have python3-full installed.
                
                If you wish to install a non-Debian packaged Python application,
                it may be easiest to use pipx install xyz, which will manage a
                virtual environment for you. Make sure you have pipx installed.
                
                See /usr/share/doc/python\(minor)/README.venv for more information.

            note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
            hint: See PEP 668 for the detailed specification.

            """
    }
}
