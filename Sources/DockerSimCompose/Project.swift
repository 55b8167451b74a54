import DockerSimCore

// Source: compose-spec/compose-go v2.9.0 types/types.go and types/project.go (the model, its
// field order — which is `docker compose config`'s key order), format/volume.go (the short
// volume syntax) and transform/ports.go (the short port syntax).

/// A loaded compose project: what `docker compose` works from after reading, interpolating,
/// validating and normalizing the compose file.
public struct ComposeProject: Sendable, Equatable {
    /// The project name (`-p`, `name:`, or the folder's name, normalized).
    public var name: String
    /// The project's folder (absolute, on the simulated host).
    public var workingDir: String
    /// The compose files read, absolute.
    public var composeFiles: [String]
    /// Services in the file's order.
    public var services: [ComposeService]
    /// Networks by key, in the file's order; `default` is added when a service uses it.
    public var networks: [ComposeNetwork]
    /// Named volumes by key, in the file's order.
    public var volumes: [ComposeVolume]
    /// The variables interpolation saw (`.env`, `--env-file`), for `env_file` and `environment`.
    public var environment: [String: String]

    public init(
        name: String, workingDir: String, composeFiles: [String], services: [ComposeService] = [],
        networks: [ComposeNetwork] = [], volumes: [ComposeVolume] = [], environment: [String: String] = [:]
    ) {
        self.name = name
        self.workingDir = workingDir
        self.composeFiles = composeFiles
        self.services = services
        self.networks = networks
        self.volumes = volumes
        self.environment = environment
    }

    /// The service named `name`.
    public func service(_ name: String) -> ComposeService? { services.first { $0.name == name } }

    /// The network declared under `key`.
    public func network(_ key: String) -> ComposeNetwork? { networks.first { $0.key == key } }

    /// The volume declared under `key`.
    public func volume(_ key: String) -> ComposeVolume? { volumes.first { $0.key == key } }

    /// Service names in the file's order.
    public var serviceNames: [String] { services.map(\.name) }
}

/// One service of a compose file.
public struct ComposeService: Sendable, Equatable {
    public var name: String
    /// `image:`; nil for a service that is only built (its image is then `PROJECT-SERVICE`).
    public var image: String?
    public var build: ComposeBuild?
    public var containerName: String?
    /// `command:`, split as a shell would (nil: the image's).
    public var command: [String]?
    public var entrypoint: [String]?
    /// `environment:` merged over `env_file:`, in order; a nil value is a variable with no value.
    public var environment: [(String, String?)]
    public var envFiles: [String]
    public var ports: [ComposePort]
    public var expose: [String]
    public var volumes: [ComposeMount]
    /// Networks by key with their per-service settings (empty with `network_mode`).
    public var networks: [ComposeServiceNetwork]
    public var networkMode: String?
    public var dependsOn: [ComposeDependency]
    public var restart: String?
    public var hostname: String?
    public var labels: [(String, String)]
    public var tty: Bool
    public var stdinOpen: Bool
    public var workingDir: String?
    public var user: String?
    public var pullPolicy: String?

    public init(name: String) {
        self.name = name
        environment = []
        envFiles = []
        ports = []
        expose = []
        volumes = []
        networks = []
        dependsOn = []
        labels = []
        tty = false
        stdinOpen = false
    }

    /// The image the service's containers run: `image:`, or `PROJECT-SERVICE` for a built one.
    public func imageName(project: String) -> String {
        image ?? "\(project)-\(name)"
    }

    public static func == (lhs: ComposeService, rhs: ComposeService) -> Bool {
        lhs.name == rhs.name && lhs.image == rhs.image && lhs.build == rhs.build
            && lhs.containerName == rhs.containerName && lhs.command == rhs.command
            && lhs.entrypoint == rhs.entrypoint && lhs.environment.map(\.0) == rhs.environment.map(\.0)
            && lhs.environment.map(\.1) == rhs.environment.map(\.1) && lhs.envFiles == rhs.envFiles
            && lhs.ports == rhs.ports && lhs.expose == rhs.expose && lhs.volumes == rhs.volumes
            && lhs.networks == rhs.networks && lhs.networkMode == rhs.networkMode && lhs.dependsOn == rhs.dependsOn
            && lhs.restart == rhs.restart && lhs.hostname == rhs.hostname
            && lhs.labels.map(\.0) == rhs.labels.map(\.0) && lhs.labels.map(\.1) == rhs.labels.map(\.1)
            && lhs.tty == rhs.tty && lhs.stdinOpen == rhs.stdinOpen && lhs.workingDir == rhs.workingDir
            && lhs.user == rhs.user && lhs.pullPolicy == rhs.pullPolicy
    }
}

/// `build:` (a context path, or its long form).
public struct ComposeBuild: Sendable, Equatable {
    /// The context, absolute on the simulated host.
    public var context: String
    public var dockerfile: String
    public var args: [(String, String?)]

    public init(context: String, dockerfile: String = "Dockerfile", args: [(String, String?)] = []) {
        self.context = context
        self.dockerfile = dockerfile
        self.args = args
    }

    public static func == (lhs: ComposeBuild, rhs: ComposeBuild) -> Bool {
        lhs.context == rhs.context && lhs.dockerfile == rhs.dockerfile && lhs.args.map(\.0) == rhs.args.map(\.0)
            && lhs.args.map(\.1) == rhs.args.map(\.1)
    }
}

/// One published or exposed port (`ports:`).
public struct ComposePort: Sendable, Equatable {
    public var target: Int
    /// The host port or range as written (`8080`, `8000-8010`); empty: an ephemeral one.
    public var published: String
    public var hostIP: String
    public var `protocol`: String

    public init(target: Int, published: String = "", hostIP: String = "", protocol: String = "tcp") {
        self.target = target
        self.published = published
        self.hostIP = hostIP
        self.protocol = `protocol`
    }
}

/// One entry of a service's `volumes:`.
public struct ComposeMount: Sendable, Equatable {
    public enum Kind: String, Sendable { case volume, bind, tmpfs }
    public var type: Kind
    /// The volume's key in the file, a host path (absolute) for a bind, empty for an anonymous volume.
    public var source: String
    public var target: String
    public var readOnly: Bool

    public init(type: Kind, source: String, target: String, readOnly: Bool = false) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}

/// A service's connection to one network.
public struct ComposeServiceNetwork: Sendable, Equatable {
    public var key: String
    public var aliases: [String]
    public var ipv4Address: String?

    public init(key: String, aliases: [String] = [], ipv4Address: String? = nil) {
        self.key = key
        self.aliases = aliases
        self.ipv4Address = ipv4Address
    }
}

/// `depends_on:` entry.
public struct ComposeDependency: Sendable, Equatable {
    public var service: String
    /// `service_started` (the default), `service_healthy`, `service_completed_successfully`.
    public var condition: String
    public var required: Bool
    public var restart: Bool

    public init(service: String, condition: String = "service_started", required: Bool = true, restart: Bool = false) {
        self.service = service
        self.condition = condition
        self.required = required
        self.restart = restart
    }
}

/// A top-level `networks:` entry.
public struct ComposeNetwork: Sendable, Equatable {
    public var key: String
    /// The engine's name: `PROJECT_KEY`, or `name:`, or the key itself when external.
    public var name: String
    public var external: Bool
    public var driver: String?
    /// `ipam.config`: subnet and gateway of each pool.
    public var ipam: [(subnet: String?, gateway: String?)]
    public var labels: [(String, String)]

    public init(
        key: String, name: String, external: Bool = false, driver: String? = nil,
        ipam: [(subnet: String?, gateway: String?)] = [], labels: [(String, String)] = []
    ) {
        self.key = key
        self.name = name
        self.external = external
        self.driver = driver
        self.ipam = ipam
        self.labels = labels
    }

    public static func == (lhs: ComposeNetwork, rhs: ComposeNetwork) -> Bool {
        lhs.key == rhs.key && lhs.name == rhs.name && lhs.external == rhs.external && lhs.driver == rhs.driver
            && lhs.ipam.map(\.subnet) == rhs.ipam.map(\.subnet) && lhs.ipam.map(\.gateway) == rhs.ipam.map(\.gateway)
            && lhs.labels.map(\.0) == rhs.labels.map(\.0) && lhs.labels.map(\.1) == rhs.labels.map(\.1)
    }
}

/// A top-level `volumes:` entry.
public struct ComposeVolume: Sendable, Equatable {
    public var key: String
    /// The engine's name: `PROJECT_KEY`, or `name:`, or the key itself when external.
    public var name: String
    public var external: Bool
    public var driver: String?
    public var labels: [(String, String)]

    public init(
        key: String, name: String, external: Bool = false, driver: String? = nil, labels: [(String, String)] = []
    ) {
        self.key = key
        self.name = name
        self.external = external
        self.driver = driver
        self.labels = labels
    }

    public static func == (lhs: ComposeVolume, rhs: ComposeVolume) -> Bool {
        lhs.key == rhs.key && lhs.name == rhs.name && lhs.external == rhs.external && lhs.driver == rhs.driver
            && lhs.labels.map(\.0) == rhs.labels.map(\.0) && lhs.labels.map(\.1) == rhs.labels.map(\.1)
    }
}

/// An error as compose prints it (one line or several), exit status 1 unless said otherwise.
public struct ComposeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var status: Int32
    /// A message of dockersim's own (not compose's), printed in the session's language instead
    /// of ``message`` (which holds its English text).
    public var localized: Message?

    public init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }

    /// A docker error met while compose works (its text as docker prints it, status 1); dockersim's
    /// own messages keep their languages.
    public init(_ error: DockerError) {
        self.init(error.description)
        localized = error.localized
    }

    /// dockersim's "not simulated yet" for a compose command or flag (`what`: how it was typed,
    /// `docker compose kill -s SIGTERM`): exit status 1, nothing changed.
    public static func notSimulated(_ what: String) -> ComposeError {
        localized(Message.notSimulated(what))
    }

    /// dockersim's "not simulated yet" for a key of the compose file (`what`: `secrets:`,
    /// `services.web.configs`).
    public static func notSimulatedInFile(_ what: String) -> ComposeError {
        localized(
            Message(
                en: "dockersim: '\(what)' in a compose file is not simulated yet",
                es: "dockersim: '\(what)' en compose.yaml aún no se simula"))
    }

    private static func localized(_ text: Message) -> ComposeError {
        var error = ComposeError(text.en)
        error.localized = text
        return error
    }

    public var description: String { message }
}
