// Sources: moby daemon/commit.go (CreateImageFromContainer, merge), daemon/images/image_commit.go,
// image/image.go (NewChildImage, NewHistory), builder/dockerfile/evaluator.go (BuildFromConfig),
// builder/dockerfile/dispatchers.go (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, WORKDIR, USER, STOPSIGNAL).

/// What `docker commit` asks of the daemon besides the container.
public struct CommitRequest: Sendable {
    /// `-m`: the image's comment and its new history entry's.
    public var comment: String?
    /// `-a`: the image's author.
    public var author: String?
    /// `-c`: Dockerfile instructions applied to the container's config.
    public var changes: [String]
    /// The name to tag the new image with, already normalized.
    public var reference: ImageReference?

    public init(comment: String? = nil, author: String? = nil, changes: [String] = [], reference: ImageReference? = nil)
    {
        self.comment = comment
        self.author = author
        self.changes = changes
        self.reference = reference
    }
}

extension Engine {
    /// The Docker version a committed image records (`docker_version`).
    public static let dockerVersion = "28.5.1"

    /// `docker commit`: the container's writable layer becomes a new layer on its image's chain
    /// (none when nothing changed: an `empty_layer` history entry), with the container's config
    /// (after `--change`), the container's image as Parent, and an ID hashed from the config.
    /// - Returns: the new image's ID.
    public mutating func commit(_ typed: String, _ request: CommitRequest) throws(DockerError) -> Digest {
        settle()
        let container = try findContainer(typed)
        guard let parent = images[container.imageID] else { throw Self.noSuchImage(container.imageID.description) }
        var config = try Self.applyChanges(request.changes, to: runConfig(of: container, image: parent))
        if config.labels == nil { config.labels = [:] }
        let upper = container.fs.upper
        let isEmpty = upper.isEmpty
        let diffID = upper.diffID
        let history = HistoryEntry(
            created: now, createdBy: container.config.cmd.joined(separator: " "),
            comment: request.comment.flatMap { $0.isEmpty ? nil : $0 }, emptyLayer: isEmpty)
        let imageConfig = ImageConfig(
            config: config, created: now, history: parent.config.history + [history],
            diffIDs: parent.config.diffIDs + (isEmpty ? [] : [diffID]),
            author: request.author.flatMap { $0.isEmpty ? nil : $0 }, dockerVersion: Self.dockerVersion,
            comment: request.comment.flatMap { $0.isEmpty ? nil : $0 })
        let id = imageConfig.computedID
        if images[id] == nil {
            let top: Digest?
            if isEmpty {
                top = parent.topLayer
                if let top { layers.retain(top) }
            } else {
                top = layers.register(tree: upper, diffID: diffID, parent: parent.topLayer)
            }
            insertImage(
                Image(
                    id: id, config: imageConfig, parent: parent.id, topLayer: top,
                    size: parent.size + (isEmpty ? 0 : upper.size)))
        }
        if let reference = request.reference { setReference(reference.withDefaultTag, to: id) }
        return id
    }

    /// The container's config as the daemon commits it (`merge` of the container's config over
    /// its image's): what the container was created with, plus the image's user and stop signal.
    func runConfig(of container: Container, image: Image) -> RunConfig {
        var config = RunConfig(
            env: container.config.env, cmd: container.config.cmd.isEmpty ? nil : container.config.cmd,
            entrypoint: container.config.entrypoint.isEmpty ? nil : container.config.entrypoint,
            workingDir: container.config.workingDir,
            exposedPorts: container.config.exposedPorts.isEmpty
                ? image.config.config.exposedPorts : container.config.exposedPorts,
            labels: container.config.labels)
        config.hostname = container.config.hostname
        config.user = image.config.config.user
        config.stopSignal = container.config.stopSignal ?? image.config.config.stopSignal
        config.volumes = container.config.volumes.isEmpty ? nil : container.config.volumes
        return config
    }

    /// `BuildFromConfig`: applies `--change` instructions in order.
    /// - Throws: the daemon's `<instruction> is not a valid change command` and parse errors.
    public static func applyChanges(_ changes: [String], to config: RunConfig) throws(DockerError) -> RunConfig {
        var config = config
        var lines: [Substring] = []
        for change in changes {
            for raw in change.split(separator: "\n", omittingEmptySubsequences: true) {
                let line: Substring = raw.drop { (c: Character) -> Bool in c == " " || c == "\t" }
                if !line.isEmpty && !line.hasPrefix("#") { lines.append(line) }
            }
        }
        var parsed: [(name: String, rest: String)] = []
        for line in lines {
            let name = line.prefix { $0 != " " && $0 != "\t" }
            let rest = String(line.dropFirst(name.count).drop { $0 == " " || $0 == "\t" })
            parsed.append((name.lowercased(), rest))
        }
        let valid: Set<String> = [
            "cmd", "entrypoint", "env", "expose", "label", "onbuild", "stopsignal", "user", "volume", "workdir",
        ]
        for instruction in parsed where !valid.contains(instruction.name) {
            throw .daemon("\(instruction.name) is not a valid change command", kind: .invalidParameter)
        }
        var cmdSet = false
        for (name, rest) in parsed {
            let upper = name.uppercased()
            switch name {
            case "cmd":
                config.cmd = try commandForm(rest, instruction: upper)
                cmdSet = true
            case "entrypoint":
                let entry = try commandForm(rest, instruction: upper)
                config.entrypoint = entry.isEmpty ? nil : entry
                if !cmdSet { config.cmd = nil }
            case "env":
                var env = config.env ?? []
                for (key, value) in try keyValues(rest, instruction: upper) {
                    let pair = key + "=" + value
                    if let index = env.firstIndex(where: {
                        $0.split(separator: "=", maxSplits: 1).first.map(String.init) == key
                    }) {
                        env[index] = pair
                    } else {
                        env.append(pair)
                    }
                }
                config.env = env
            case "label":
                var labels = config.labels ?? [:]
                for (key, value) in try keyValues(rest, instruction: upper, legacy: false) { labels[key] = value }
                config.labels = labels
            case "expose":
                let ports = words(rest)
                guard !ports.isEmpty else { throw missingArguments(upper) }
                var exposed = Set(config.exposedPorts ?? [])
                for port in ports {
                    let parts = port.split(separator: "/", maxSplits: 1).map(String.init)
                    guard let number = parts.first, !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "-" })
                    else {
                        throw .daemon("invalid containerPort: \(port)", kind: .invalidParameter)
                    }
                    exposed.insert(number + "/" + (parts.count > 1 ? parts[1].lowercased() : "tcp"))
                }
                config.exposedPorts = exposed.sorted()
            case "workdir":
                let path = unquote(rest)
                guard !path.isEmpty else { throw missingArguments(upper) }
                config.workingDir = FilePath.string(
                    FilePath.normalize(path, cwd: FilePath.components(config.workingDir)))
            case "user":
                let user = unquote(rest)
                guard !user.isEmpty else { throw missingArguments(upper) }
                config.user = user
            case "volume":
                let trimmed = rest.trimmingCharacters(" \t")
                let paths = trimmed.hasPrefix("[") ? jsonStringArray(trimmed) ?? words(rest) : words(rest)
                guard !paths.isEmpty else { throw missingArguments(upper) }
                if paths.contains("") {
                    throw .daemon("VOLUME specified can not be an empty string", kind: .invalidParameter)
                }
                config.volumes = Array(Set((config.volumes ?? []) + paths)).sorted()
            case "stopsignal":
                let signal = unquote(rest)
                guard !signal.isEmpty else { throw missingArguments(upper) }
                config.stopSignal = signal
            default:
                throw .notSimulated("docker commit --change \(upper)")
            }
        }
        return config
    }

    private static func missingArguments(_ instruction: String) -> DockerError {
        .daemon("\(instruction) requires at least one argument", kind: .invalidParameter)
    }

    /// The exec (JSON array) or shell form of CMD and ENTRYPOINT.
    private static func commandForm(_ rest: String, instruction: String) throws(DockerError) -> [String] {
        let trimmed = rest.trimmingCharacters(" \t")
        if trimmed.hasPrefix("["), let array = jsonStringArray(trimmed) { return array }
        if trimmed.isEmpty { throw missingArguments(instruction) }
        return ["/bin/sh", "-c", trimmed]
    }

    /// A JSON array of strings (`["nginx", "-g", "daemon off;"]`), nil when it is not one
    /// (the builder then takes the text as the shell form).
    static func jsonStringArray(_ text: String) -> [String]? {
        var chars = Array(text)[...]
        var result: [String] = []
        func skipSpaces() { while let c = chars.first, c == " " || c == "\t" { chars = chars.dropFirst() } }
        guard chars.first == "[" else { return nil }
        chars = chars.dropFirst()
        skipSpaces()
        if chars.first == "]" {
            chars = chars.dropFirst()
            skipSpaces()
            return chars.isEmpty ? [] : nil
        }
        while true {
            skipSpaces()
            guard chars.first == "\"" else { return nil }
            chars = chars.dropFirst()
            var value = ""
            var closed = false
            while let c = chars.first {
                chars = chars.dropFirst()
                if c == "\\" {
                    guard let next = chars.first else { return nil }
                    chars = chars.dropFirst()
                    switch next {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    case "\"", "\\", "/": value.append(next)
                    default: return nil
                    }
                } else if c == "\"" {
                    closed = true
                    break
                } else {
                    value.append(c)
                }
            }
            guard closed else { return nil }
            result.append(value)
            skipSpaces()
            guard let c = chars.first else { return nil }
            chars = chars.dropFirst()
            if c == "]" { break }
            guard c == "," else { return nil }
        }
        skipSpaces()
        return chars.isEmpty ? result : nil
    }

    /// `KEY=VALUE …` pairs (quotes removed), or the legacy `ENV KEY VALUE` form.
    private static func keyValues(
        _ rest: String, instruction: String, legacy: Bool = true
    ) throws(DockerError) -> [(String, String)] {
        let parts = words(rest)
        guard !parts.isEmpty else { throw missingArguments(instruction) }
        if legacy, let first = parts.first, !first.contains("=") {
            let value = rest.trimmingCharacters(" \t").dropFirst(first.count).drop { $0 == " " || $0 == "\t" }
            guard !value.isEmpty else {
                throw .daemon("\(instruction) must have two arguments", kind: .invalidParameter)
            }
            return [(first, String(value))]
        }
        var pairs: [(String, String)] = []
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                throw .daemon(
                    "Syntax error - can't find = in \"\(part)\". Must be of the form: name=value",
                    kind: .invalidParameter)
            }
            let key = String(part[..<equals])
            guard !key.isEmpty else { throw .daemon("\(instruction) names can not be blank", kind: .invalidParameter) }
            pairs.append((key, String(part[part.index(after: equals)...])))
        }
        return pairs
    }

    /// Words split on blanks, with shell quotes removed (`a="b c"` is one word, `a=b c`).
    private static func words(_ text: String) -> [String] { DockerfileWords.words(text) }

    private static func unquote(_ text: String) -> String {
        words(text).joined(separator: " ")
    }
}

extension String {
    /// The text without leading and trailing characters of `set`.
    fileprivate func trimmingCharacters(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
