// Source: https://github.com/opencontainers/image-spec/blob/main/config.md and docker's
// image config (moby image/image.go), reduced to what the simulator uses.

/// The runtime defaults an image carries (`.Config` in `docker inspect`).
public struct RunConfig: Hashable, Sendable {
    public var hostname: String = ""
    public var user: String = ""
    public var exposedPorts: [String]? = nil
    public var env: [String]? = nil
    public var cmd: [String]? = nil
    public var entrypoint: [String]? = nil
    public var workingDir: String = ""
    public var labels: [String: String]? = nil
    public var stopSignal: String? = nil
    /// `VOLUME` mount points, sorted.
    public var volumes: [String]? = nil
    /// `ONBUILD` triggers, as written.
    public var onBuild: [String]? = nil
    /// `SHELL`.
    public var shell: [String]? = nil
    /// `HEALTHCHECK`: the test, and the interval, timeout, start period and start interval in
    /// nanoseconds (0: the default), and the retries.
    public var healthcheck: Healthcheck? = nil
    /// Set by BuildKit for CMD and ENTRYPOINT in shell form.
    public var argsEscaped = false

    /// A container health check as an image carries it.
    public struct Healthcheck: Hashable, Sendable {
        public var test: [String]
        public var interval: Int64 = 0
        public var timeout: Int64 = 0
        public var startPeriod: Int64 = 0
        public var startInterval: Int64 = 0
        public var retries: Int = 0

        public init(test: [String]) { self.test = test }
    }

    public init(
        env: [String]? = nil, cmd: [String]? = nil, entrypoint: [String]? = nil, workingDir: String = "",
        exposedPorts: [String]? = nil, labels: [String: String]? = nil
    ) {
        self.env = env
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.workingDir = workingDir
        self.exposedPorts = exposedPorts
        self.labels = labels
    }

}

/// One entry of an image's build history (`docker history` rows).
public struct HistoryEntry: Hashable, Sendable {
    public var created: Timestamp
    public var createdBy: String
    public var comment: String?
    public var emptyLayer: Bool?

    public init(created: Timestamp, createdBy: String, comment: String? = nil, emptyLayer: Bool = false) {
        self.created = created
        self.createdBy = createdBy
        self.comment = comment
        self.emptyLayer = emptyLayer ? true : nil
    }

    public var isEmptyLayer: Bool { emptyLayer ?? false }

}

/// An image configuration: what `docker inspect` shows and what the image ID is the hash of.
public struct ImageConfig: Hashable, Sendable {
    public var architecture: String = "amd64"
    public var author: String? = nil
    public var config: RunConfig
    public var created: Timestamp
    public var dockerVersion: String? = nil
    public var history: [HistoryEntry]
    public var os: String = "linux"
    /// The diffIDs of the image's layers, bottom first.
    public var diffIDs: [Digest]
    /// The commit message, for images made by `docker commit -m`.
    public var comment: String? = nil

    public init(
        config: RunConfig, created: Timestamp, history: [HistoryEntry], diffIDs: [Digest],
        author: String? = nil, dockerVersion: String? = nil, comment: String? = nil
    ) {
        self.config = config
        self.created = created
        self.history = history
        self.diffIDs = diffIDs
        self.author = author
        self.dockerVersion = dockerVersion
        self.comment = comment
    }

}

extension RunConfig {
    /// The `Config` object as docker's image inspect shows it.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("Hostname", .string(hostname)), ("Domainname", .string("")), ("User", .string(user)),
            ("AttachStdin", .bool(false)), ("AttachStdout", .bool(false)), ("AttachStderr", .bool(false)),
        ]
        if let exposedPorts {
            pairs.append(
                (
                    "ExposedPorts",
                    .sortedObject(Dictionary(uniqueKeysWithValues: exposedPorts.map { ($0, JSONValue.object([])) }))
                ))
        }
        pairs += [
            ("Tty", .bool(false)), ("OpenStdin", .bool(false)), ("StdinOnce", .bool(false)),
            ("Env", .strings(env)), ("Cmd", .strings(cmd)),
        ]
        if let healthcheck {
            var check: [(String, JSONValue)] = [("Test", .strings(healthcheck.test))]
            if healthcheck.interval != 0 { check.append(("Interval", .int(Int64(healthcheck.interval)))) }
            if healthcheck.timeout != 0 { check.append(("Timeout", .int(Int64(healthcheck.timeout)))) }
            if healthcheck.startPeriod != 0 { check.append(("StartPeriod", .int(Int64(healthcheck.startPeriod)))) }
            if healthcheck.startInterval != 0 {
                check.append(("StartInterval", .int(Int64(healthcheck.startInterval))))
            }
            if healthcheck.retries != 0 { check.append(("Retries", .int(Int64(healthcheck.retries)))) }
            pairs.append(("Healthcheck", .object(check)))
        }
        if argsEscaped { pairs.append(("ArgsEscaped", .bool(true))) }
        pairs += [
            ("Image", .string("")),
            (
                "Volumes",
                volumes.map { .sortedObject(Dictionary(uniqueKeysWithValues: $0.map { ($0, JSONValue.object([])) })) }
                    ?? .null
            ),
            ("WorkingDir", .string(workingDir)), ("Entrypoint", .strings(entrypoint)),
            ("OnBuild", onBuild.map { .strings($0) } ?? .null),
            ("Labels", labels.map { .sortedObject($0.mapValues(JSONValue.string)) } ?? .null),
        ]
        if let stopSignal { pairs.append(("StopSignal", .string(stopSignal))) }
        if let shell { pairs.append(("Shell", .strings(shell))) }
        return .object(pairs)
    }
}

extension ImageConfig {
    /// The config document (keys in the order docker's image config marshals them). Its compact
    /// bytes are what an image ID made by the engine is the SHA-256 of.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("architecture", .string(architecture))]
        if let author { pairs.append(("author", .string(author))) }
        if let comment { pairs.append(("comment", .string(comment))) }
        pairs.append(("config", config.json))
        pairs.append(("created", .string(created.rfc3339Nano)))
        if let dockerVersion { pairs.append(("docker_version", .string(dockerVersion))) }
        pairs.append(
            (
                "history",
                .array(
                    history.map { entry in
                        var h: [(String, JSONValue)] = [
                            ("created", .string(entry.created.rfc3339Nano)), ("created_by", .string(entry.createdBy)),
                        ]
                        if let comment = entry.comment { h.append(("comment", .string(comment))) }
                        if entry.isEmptyLayer { h.append(("empty_layer", .bool(true))) }
                        return .object(h)
                    })
            ))
        pairs.append(("os", .string(os)))
        pairs.append(
            (
                "rootfs",
                .object([("type", .string("layers")), ("diff_ids", .array(diffIDs.map { .string($0.description) }))])
            ))
        return .object(pairs)
    }

    /// The ID docker gives an image with this config: the SHA-256 of its bytes.
    public var computedID: Digest { Digest.sha256(of: json.compact) }
}
