import DockerSimPackageData
import Synchronization

/// The package repositories the simulated package managers install from (the top-level
/// `Packages/` folder, embedded in the executable; see `Packages/README.md`): for each
/// distribution, its packages and what `apt-get update` fetches. Nothing is parsed until a
/// package manager asks: a repository's file names are indexed on first use, a package's header
/// when it is resolved, its file list when it is installed.
public final class PackageCatalog: Sendable {
    /// The catalog built into dockersim.
    public static let standard = PackageCatalog(files: PackageData.files.map { ($0.path, $0.text) })

    /// One file of the catalog: its path below `Packages/` and its text.
    let sources: [String: CatalogFile]
    /// The distributions that have a `repository.repo` (`debian/bookworm`), in name order:
    /// sorted once, not on every ``program(at:)`` a shell asks.
    private let distributions: [String]
    private let repositories: Mutex<[String: PackageRepository]> = Mutex([:])

    init(files: [(path: String, text: StaticString)]) {
        var sources: [String: CatalogFile] = [:]
        for (path, text) in files {
            sources[path] = CatalogFile(path: path, displayName: "Packages/" + path, text: text)
        }
        self.sources = sources
        self.distributions = Self.distributions(of: sources)
    }

    /// A catalog from files given as bytes (a teacher's folder, tests).
    public init(bytes files: [(path: String, bytes: [UInt8])]) {
        var sources: [String: CatalogFile] = [:]
        for (path, bytes) in files {
            sources[path] = CatalogFile(path: path, displayName: path, bytes: bytes)
        }
        self.sources = sources
        self.distributions = Self.distributions(of: sources)
    }

    private static func distributions(of sources: [String: CatalogFile]) -> [String] {
        sources.keys.filter { $0.hasSuffix("/repository.repo") }.sorted().map {
            String($0.dropLast("/repository.repo".count))
        }
    }

    /// The repository of a distribution (`debian/bookworm`), nil when the catalog has none.
    public func repository(_ distribution: String) throws(CatalogError) -> PackageRepository? {
        if let found = repositories.withLock({ $0[distribution] }) { return found }
        let prefix = distribution + "/"
        guard let index = sources[prefix + "repository.repo"] else { return nil }
        var packageFiles: [String: CatalogFile] = [:]
        var setupFiles: [String: CatalogFile] = [:]
        for (path, file) in sources where path.hasPrefix(prefix) {
            let name = String(path.dropFirst(prefix.count))
            if name.hasSuffix(".package") {
                packageFiles[String(name.dropLast(8))] = file
            } else if name.hasSuffix(".setup") {
                setupFiles[String(name.dropLast(6))] = file
            }
        }
        let repository = PackageRepository(
            distribution: distribution, settings: try RepositorySettings.parse(index), packageFiles: packageFiles,
            setupFiles: setupFiles)
        repositories.withLock { $0[distribution] = repository }
        return repository
    }

    /// The repository whose images say `ID VERSION_ID` in `/etc/os-release` (`debian 12`).
    public func repository(osRelease: String) throws(CatalogError) -> PackageRepository? {
        for distribution in distributions {
            if let found = try repository(distribution), found.settings.osRelease.contains(osRelease) { return found }
        }
        return nil
    }

    /// What the program at `path` does, when a package of the catalog installs it there.
    public func program(at path: String) -> ProgramSpec? {
        for distribution in distributions {
            guard let repository = try? repository(distribution),
                let owner = repository.settings.programs[path],
                let package = try? repository.package(owner)
            else { continue }
            if let spec = package.programs[path] { return spec }
        }
        return nil
    }

    /// Every problem of every file (`file:line: message`), all packages read in full.
    public func lint() -> [CatalogError] {
        var problems: [CatalogError] = []
        var distributions: Set<String> = []
        for path in sources.keys where path.hasSuffix("/repository.repo") {
            distributions.insert(String(path.dropLast("/repository.repo".count)))
        }
        for distribution in distributions.sorted() {
            do {
                guard let repository = try repository(distribution) else { continue }
                for name in repository.names {
                    do {
                        guard let package = try repository.package(name) else { continue }
                        _ = try package.parsedFiles()
                        _ = try package.parsedSetupFiles()
                        for group in package.depends + package.preDepends {
                            if !group.contains(where: { repository.hasCandidate($0.name) }) {
                                problems.append(
                                    CatalogError(
                                        file: package.file.displayName, line: 0,
                                        message:
                                            "depends on \(group.map(\.name).joined(separator: " | ")), which no package provides"
                                    ))
                            }
                        }
                    } catch {
                        problems.append(error)
                    }
                }
            } catch {
                problems.append(error)
            }
        }
        return problems
    }
}

/// What `apt-get update` fetches for a distribution, and how its images are recognised.
public struct RepositorySettings: Sendable {
    /// One index file: what `Get:` prints, its download size, where apt keeps it and its size there.
    public struct Index: Sendable {
        public var description: String
        public var downloadSize: Int64
        public var storedName: String
        public var storedSize: Int64
    }

    /// `debian 12`: the `/etc/os-release` ID and VERSION_ID of the images that use it.
    public var osRelease: [String] = []
    public var indexes: [Index] = []
    /// Packages whose trigger runs when a package installs files below a path.
    public var triggerPaths: [(package: String, path: String)] = []
    /// Programs the packages describe (`program` blocks), by path: the package that has the block.
    public var programs: [String: String] = [:]
    /// What the package manager prints after it fetched the indexes (`apk update`'s index
    /// versions and its count of packages).
    public var updateLines: [String] = []
    /// pip: the pip each CPython bundles (`pip-bundled 3.12.1 23.2.1`), by Python version.
    public var bundledPip: [String: String] = [:]

    static func parse(_ file: CatalogFile) throws(CatalogError) -> RepositorySettings {
        try file.withBytes { bytes throws(CatalogError) in
            var settings = RepositorySettings()
            var lines = CatalogLines(bytes)
            while let line = lines.next() {
                if line.isBlankOrComment { continue }
                let words = line.text.words.map(\.string)
                switch words.first {
                case "os-release":
                    settings.osRelease.append(words.dropFirst().joined(separator: " "))
                case "index":
                    // index DESCRIPTION… DOWNLOAD STORED-NAME STORED-SIZE
                    guard words.count >= 5, let download = Int64(words[words.count - 3]),
                        let stored = Int64(words[words.count - 1])
                    else {
                        throw file.error(line.number, "`index` wants DESCRIPTION DOWNLOAD-SIZE STORED-NAME STORED-SIZE")
                    }
                    settings.indexes.append(
                        Index(
                            description: words[1..<(words.count - 3)].joined(separator: " "), downloadSize: download,
                            storedName: words[words.count - 2], storedSize: stored))
                case "program":
                    guard words.count == 3 else { throw file.error(line.number, "`program` wants PATH PACKAGE") }
                    settings.programs[words[1]] = words[2]
                case "trigger-path":
                    guard words.count == 3 else { throw file.error(line.number, "`trigger-path` wants PACKAGE PATH") }
                    settings.triggerPaths.append((words[1], words[2]))
                case "update-line":
                    settings.updateLines.append(words.dropFirst().joined(separator: " "))
                case "pip-bundled":
                    guard words.count == 3 else { throw file.error(line.number, "`pip-bundled` wants PYTHON PIP") }
                    settings.bundledPip[words[1]] = words[2]
                default:
                    throw file.error(
                        line.number,
                        "unknown line '\(words.first ?? "")' (os-release, index, program, trigger-path, update-line, pip-bundled)"
                    )
                }
            }
            return settings
        }
    }
}

/// One distribution's packages, read as they are asked for.
public final class PackageRepository: Sendable {
    public let distribution: String
    public let settings: RepositorySettings
    let packageFiles: [String: CatalogFile]
    let setupFiles: [String: CatalogFile]
    private let parsed: Mutex<[String: CatalogPackage]> = Mutex([:])
    /// Virtual package name → the packages that provide it (built on first need).
    private let providers: Mutex<[String: [String]]?> = Mutex(nil)

    init(
        distribution: String, settings: RepositorySettings, packageFiles: [String: CatalogFile],
        setupFiles: [String: CatalogFile]
    ) {
        self.distribution = distribution
        self.settings = settings
        self.packageFiles = packageFiles
        self.setupFiles = setupFiles
    }

    /// Every package name, sorted.
    public var names: [String] { packageFiles.keys.sorted() }

    /// The package of that name.
    public func package(_ name: String) throws(CatalogError) -> CatalogPackage? {
        if let found = parsed.withLock({ $0[name] }) { return found }
        guard let file = packageFiles[name] ?? packageFiles[Self.canonical(name)] else { return nil }
        let package = try CatalogPackage.parse(file, setup: setupFiles[name])
        parsed.withLock { $0[name] = package }
        return package
    }

    /// Whether a real package or a provider answers `name`.
    public func hasCandidate(_ name: String) -> Bool {
        packageFiles[name] != nil || packageFiles[Self.canonical(name)] != nil || !(providersOf(name).isEmpty)
    }

    /// A name as PyPI compares names (PEP 503): lower case, runs of `-`, `_`, `.` as one `-`.
    /// Debian's and Alpine's names are already so.
    public static func canonical(_ name: String) -> String {
        var result = ""
        var dash = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                dash = true
                continue
            }
            if dash && !result.isEmpty { result.append("-") }
            dash = false
            result.append(c)
        }
        return result
    }

    /// The packages that provide a virtual name (`perl:any` aside, `httpd` → apache2).
    public func providersOf(_ name: String) -> [String] {
        if let map = providers.withLock({ $0 }) { return map[name] ?? [] }
        var map: [String: [String]] = [:]
        for package in names {
            // Only a header with a `provides` line can provide (or one with a `program` block,
            // whose lines only the parse reads as it does): the others are not parsed for it.
            guard let file = packageFiles[package], Self.mayProvide(file), let found = try? self.package(package)
            else { continue }
            for relation in found.provides { map[relation.name, default: []].append(package) }
        }
        providers.withLock { $0 = map }
        return map[name] ?? []
    }

    /// Whether the header of a package file, read line by line as ``CatalogPackage`` reads it
    /// up to the first file entry, has a line whose first word is `provides` or `program`.
    static func mayProvide(_ file: CatalogFile) -> Bool {
        let found = try? file.withBytes { bytes throws(CatalogError) -> Bool in
            var lines = CatalogLines(bytes)
            while let line = lines.next() {
                if line.isBlankOrComment { continue }
                if LayerEntry.isEntry(line.text) { return false }
                let word = line.text.splitWord.word
                if word.equals("provides") || word.equals("program") { return true }
            }
            return false
        }
        return found ?? true
    }
}
