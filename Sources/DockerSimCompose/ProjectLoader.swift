// Sources: compose-spec/compose-go v2.9.0 cli/options.go (finding the compose file, `.env`,
// the project name's precedence), loader/loader.go (parse, interpolate, validate, the `version`
// warning, "empty compose file"), loader/normalize.go (the default network, resource names),
// loader/validate.go (consistency errors), graph/cycle.go; docker/compose v2.40.0
// cmd/compose/compose.go (`WithoutUnnecessaryResources`, the `-p` check).

import DockerSimCore

/// What `docker compose` was told on its command line about the project.
public struct ComposeOptions: Sendable, Hashable {
    /// `-f` as typed (relative to the current folder); empty: look for the default names.
    public var files: [String] = []
    /// `-p`.
    public var projectName: String?
    /// `--project-directory`.
    public var projectDirectory: String?
    /// `--env-file` as typed.
    public var envFiles: [String] = []
    /// The shell's current folder (absolute).
    public var cwd: String
    /// The shell's environment (compose reads `COMPOSE_PROJECT_NAME` and variables from it).
    public var environment: [String: String] = [:]

    public init(cwd: String) { self.cwd = cwd }
}

/// The files compose reads: the simulated host's, never the real disk.
public struct ComposeFiles {
    /// The text of the regular file at an absolute path; nil when there is none.
    public var read: (String) -> String?
    /// Whether an absolute path is a folder.
    public var isDirectory: (String) -> Bool

    public init(read: @escaping (String) -> String?, isDirectory: @escaping (String) -> Bool) {
        self.read = read
        self.isDirectory = isDirectory
    }
}

/// Loads a compose project as compose-go does, with compose's errors and warnings.
public enum ProjectLoader {
    /// compose-go's default file names, in order of preference.
    public static let defaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]

    /// Reads, interpolates, validates and normalizes the project.
    /// - Parameter warnings: what compose logs as warnings while loading (logrus), in order;
    ///   filled even when loading fails half way.
    public static func load(
        _ options: ComposeOptions, files: ComposeFiles, warnings: inout [String]
    ) throws(ComposeError) -> ComposeProject {
        let configFiles = try findConfigFiles(options, files: files, warnings: &warnings)
        guard let first = configFiles.first else {
            throw ComposeError("no configuration file provided: not found")
        }
        let workingDir = options.projectDirectory.map { absolute($0, cwd: options.cwd) } ?? dirname(first)
        var environment = options.environment
        environment["PWD"] = options.cwd
        for (key, value) in try readEnvFiles(options, workingDir: workingDir, files: files, environment: environment)
        where environment[key] == nil {
            environment[key] = value
        }
        let lookup: (String) -> String? = { [environment] in environment[$0] }

        // Parse every file (the name is looked for before interpolation, as compose-go does).
        var documents: [(path: String, value: YAMLValue)] = []
        for path in configFiles {
            guard let text = files.read(path) else {
                throw ComposeError("open \(path): no such file or directory")
            }
            do {
                if let value = try YAMLReader.parse(text) { documents.append((path, value)) }
            } catch {
                throw ComposeError("failed to parse \(path): \(error.message)")
            }
        }

        // The project name: -p, COMPOSE_PROJECT_NAME, `name:`, the folder.
        var name: String
        if let imperative = options.projectName
            ?? environment["COMPOSE_PROJECT_NAME"].flatMap({ $0.isEmpty ? nil : $0 })
        {
            guard normalizeProjectName(imperative) == imperative else {
                throw ComposeError(
                    "invalid project name \"\(imperative)\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
                )
            }
            name = imperative
        } else {
            name = normalizeProjectName(basename(workingDir))
            var fromFile = ""
            for document in documents { if let value = document.value["name"]?.scalarText { fromFile = value } }
            if !fromFile.isEmpty {
                var interpolator = Interpolator(lookup: lookup)
                fromFile = try interpolator.substitute(fromFile, path: "name")
                warnings += interpolator.unsetVariables.map(unsetWarning)
                let normalized = normalizeProjectName(fromFile)
                if !normalized.isEmpty { name = normalized }
            }
        }

        var merged: [YAMLPair] = []
        for document in documents {
            guard case .mapping(let pairs) = document.value else {
                throw ComposeError("top-level object must be a mapping")
            }
            var interpolator = Interpolator(lookup: lookup)
            let interpolated = try interpolator.interpolate(.mapping(pairs))
            warnings += interpolator.unsetVariables.map(unsetWarning)
            if let failure = ComposeSchema.validate(interpolated) {
                throw ComposeError("validating \(document.path): \(failure)")
            }
            if interpolated["version"] != nil {
                warnings.append(
                    "\(document.path): the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                )
            }
            merged = merge(merged, interpolated.pairs ?? [])
        }
        let model = YAMLValue.mapping(merged.filter { $0.key != "version" })
        guard !(model.pairs ?? []).isEmpty else { throw ComposeError("empty compose file") }
        try refuseUnsimulated(model)

        var project = ComposeProject(
            name: name, workingDir: workingDir, composeFiles: configFiles, environment: environment)
        try ProjectBuilder.build(model, into: &project, files: files)
        try checkConsistency(project)
        project.dropUnusedResources()
        return project
    }

    static func unsetWarning(_ name: String) -> String {
        "The \"\(name)\" variable is not set. Defaulting to a blank string."
    }

    /// configs and secrets are refused with a clear message (dockersim does not simulate them).
    static func refuseUnsimulated(_ model: YAMLValue) throws(ComposeError) {
        for key in ["configs", "secrets", "include", "models"] where model[key] != nil {
            throw .notSimulatedInFile("\(key):")
        }
        for service in model["services"]?.pairs ?? [] {
            for key in ["configs", "secrets", "extends", "models", "provider"] where service.value[key] != nil {
                throw .notSimulatedInFile("services.\(service.key).\(key)")
            }
        }
    }

    /// Later files override earlier ones: mappings merge key by key, anything else is replaced.
    static func merge(_ base: [YAMLPair], _ override: [YAMLPair]) -> [YAMLPair] {
        var result = base
        for pair in override {
            if let index = result.firstIndex(where: { $0.key == pair.key }) {
                if case .mapping(let old) = result[index].value, case .mapping(let new) = pair.value {
                    result[index].value = .mapping(merge(old, new))
                } else {
                    result[index].value = pair.value
                }
            } else {
                result.append(pair)
            }
        }
        return result
    }

    /// `-f` files, or the first default name found in the current folder or a parent.
    static func findConfigFiles(
        _ options: ComposeOptions, files: ComposeFiles, warnings: inout [String]
    ) throws(ComposeError) -> [String] {
        if !options.files.isEmpty {
            var found: [String] = []
            for file in options.files {
                let path = absolute(file, cwd: options.cwd)
                guard files.read(path) != nil || files.isDirectory(path) else {
                    throw ComposeError("open \(path): no such file or directory")
                }
                if files.isDirectory(path) { throw ComposeError("read \(path): is a directory") }
                found.append(path)
            }
            return found
        }
        var folder = options.projectDirectory.map { absolute($0, cwd: options.cwd) } ?? options.cwd
        while true {
            let candidates = defaultFileNames.map { join(folder, $0) }.filter { files.read($0) != nil }
            if let winner = candidates.first {
                if candidates.count > 1 {
                    warnings.append(
                        "Found multiple config files with supported names: \(candidates.joined(separator: ", "))")
                    warnings.append("Using \(winner)")
                }
                return [winner]
            }
            let parent = dirname(folder)
            if parent == folder { return [] }
            folder = parent
        }
    }

    /// `--env-file` files (each must exist), else the project folder's `.env` if there is one.
    static func readEnvFiles(
        _ options: ComposeOptions, workingDir: String, files: ComposeFiles, environment: [String: String]
    ) throws(ComposeError) -> [(String, String)] {
        var paths: [String] = []
        if options.envFiles.isEmpty {
            let dotEnv = join(workingDir, ".env")
            if files.read(dotEnv) != nil { paths = [dotEnv] }
        } else {
            paths = options.envFiles.map { absolute($0, cwd: options.cwd) }
        }
        var result: [(String, String)] = []
        for path in paths {
            if files.isDirectory(path) { throw ComposeError("\(path) is a directory") }
            guard let text = files.read(path) else { throw ComposeError("couldn't find env file: \(path)") }
            let known = Dictionary(result, uniquingKeysWith: { $1 })
            do {
                for (key, value) in try DotEnv.parse(text, lookup: { environment[$0] ?? known[$0] }) {
                    if let index = result.firstIndex(where: { $0.0 == key }) {
                        result[index].1 = value
                    } else {
                        result.append((key, value))
                    }
                }
            } catch {
                throw ComposeError("failed to read \(path): \(error.message)")
            }
        }
        return result
    }

    /// loader.NormalizeProjectName: lower case, only `[a-z0-9_-]`, no leading `_` or `-`.
    public static func normalizeProjectName(_ name: String) -> String {
        let kept = name.lowercased().filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }
        return String(kept.drop { $0 == "_" || $0 == "-" })
    }

    /// compose-go's `checkConsistency`, then the dependency graph's cycle check.
    static func checkConsistency(_ project: ComposeProject) throws(ComposeError) {
        for service in project.services.sorted(by: { $0.name < $1.name }) {
            if service.image == nil && service.build == nil {
                throw ComposeError(
                    "service \"\(service.name)\" has neither an image nor a build context specified: invalid compose project"
                )
            }
            if service.networkMode != nil && !service.networks.isEmpty {
                throw ComposeError(
                    "service \(service.name) declares mutually exclusive `network_mode` and `networks`: invalid compose project"
                )
            }
            for network in service.networks where project.network(network.key) == nil {
                throw ComposeError(
                    "service \"\(service.name)\" refers to undefined network \(network.key): invalid compose project")
            }
            for dependency in service.dependsOn where project.service(dependency.service) == nil {
                throw ComposeError(
                    "service \"\(service.name)\" depends on undefined service \"\(dependency.service)\": invalid compose project"
                )
            }
            for mount in service.volumes where mount.type == .volume && !mount.source.isEmpty {
                if project.volume(mount.source) == nil {
                    throw ComposeError(
                        "service \"\(service.name)\" refers to undefined volume \(mount.source): invalid compose project"
                    )
                }
            }
        }
        var seen: [String: String] = [:]
        for service in project.services {
            guard let container = service.containerName else { continue }
            if seen[container] != nil {
                throw ComposeError(
                    "services.\(service.name): can't set container_name and \(container) as container name must be unique: invalid compose project"
                )
            }
            seen[container] = service.name
        }
        try DependencyGraph(project).checkCycle()
    }

    // MARK: - Paths

    static func absolute(_ path: String, cwd: String) -> String {
        let expanded = path == "~" ? "/home/usuario" : path.hasPrefix("~/") ? "/home/usuario" + path.dropFirst() : path
        return FilePath.string(FilePath.normalize(expanded, cwd: FilePath.components(cwd)))
    }

    static func join(_ folder: String, _ name: String) -> String { absolute(name, cwd: folder) }

    /// `path` made absolute against `folder` (a build's Dockerfile against its context).
    public static func absolutePath(_ path: String, in folder: String) -> String { absolute(path, cwd: folder) }

    static func dirname(_ path: String) -> String { FilePath.string(Array(FilePath.components(path).dropLast())) }

    static func basename(_ path: String) -> String { FilePath.components(path).last ?? "/" }
}

extension ComposeProject {
    /// compose's `WithoutUnnecessaryResources`: networks and volumes no service uses are left out.
    mutating func dropUnusedResources() {
        let usedNetworks = Set(services.flatMap { $0.networks.map(\.key) })
        let usedVolumes = Set(services.flatMap { $0.volumes.filter { $0.type == .volume }.map(\.source) })
        networks.removeAll { !usedNetworks.contains($0.key) }
        volumes.removeAll { !usedVolumes.contains($0.key) }
    }
}
