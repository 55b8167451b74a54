// Source: moby/buildkit v0.25.1 client/graph.go (Vertex, VertexStatus, VertexLog,
// VertexWarning): what a build reports to the progress display.

/// A `docker build` as the daemon was asked for it.
public struct BuildRequest: Sendable {
    /// The context as typed (`.`, `build`, `/home/usuario/app`).
    public var context: String
    /// `-f`: the Dockerfile as typed (relative to the working directory), nil for
    /// `CONTEXT/Dockerfile`.
    public var dockerfile: String?
    /// `-t`, in order.
    public var tags: [ImageReference]
    /// `--build-arg KEY=VALUE` (a value of nil: `--build-arg KEY` without one, taken from the
    /// environment, which the simulated host does not have).
    public var buildArgs: [(key: String, value: String?)]
    /// `--target`.
    public var target: String?
    /// `--no-cache`.
    public var noCache: Bool
    /// `--pull`: always ask the registry for the base images.
    public var pull: Bool
    /// `--label`.
    public var labels: [String: String]

    public init(
        context: String, dockerfile: String? = nil, tags: [ImageReference] = [],
        buildArgs: [(key: String, value: String?)] = [], target: String? = nil, noCache: Bool = false,
        pull: Bool = false, labels: [String: String] = [:]
    ) {
        self.context = context
        self.dockerfile = dockerfile
        self.tags = tags
        self.buildArgs = buildArgs
        self.target = target
        self.noCache = noCache
        self.pull = pull
        self.labels = labels
    }
}

/// A line of progress under a step (`=> => transferring context: 59B`).
public struct BuildStatus: Sendable, Equatable {
    /// The text (`resolve docker.io/library/debian:stable-slim@sha256:…`, `sha256:…`).
    public var id: String
    /// Seconds from the build's start.
    public var start: Double
    public var duration: Double
    /// Bytes done and in all (`29.12MB / 29.12MB`); 0 when not a transfer.
    public var current: Int64 = 0
    public var total: Int64 = 0
}

/// A line a step's process printed, with when it printed it.
public struct BuildLogLine: Sendable, Equatable {
    /// Seconds from the step's start.
    public var offset: Double
    public var text: String
}

/// A step of the build as the progress display shows it (`[2/4] RUN …`, `[internal] …`).
public struct BuildVertex: Sendable, Equatable {
    public var name: String
    /// Seconds from the build's start.
    public var start: Double
    public var duration: Double
    public var cached: Bool = false
    /// Why it failed (`process "/bin/sh -c exit 1" did not complete successfully: exit code: 1`).
    public var error: String?
    public var statuses: [BuildStatus] = []
    public var logs: [BuildLogLine] = []
    /// Build checks shown under it (`WARN: JSONArgsRecommended: …`).
    public var warnings: [BuildCheck] = []

    public init(name: String, start: Double, duration: Double) {
        self.name = name
        self.start = start
        self.duration = duration
    }

    public var end: Double { start + duration }
}

/// What went wrong in a build, as `ERROR: failed to build: …` prints it.
public struct BuildFailure: Sendable, Equatable {
    /// The text after `ERROR: failed to build: ` (`failed to solve: process …`).
    public var message: String
    /// The Dockerfile lines it points at, for the framed excerpt BuildKit prints.
    public var source: SourceExcerpt?

    public init(message: String, source: SourceExcerpt? = nil) {
        self.message = message
        self.source = source
    }
}

/// A Dockerfile and the lines an error points at.
public struct SourceExcerpt: Sendable, Equatable {
    /// `Dockerfile` (the name as given to `-f`, else `Dockerfile`).
    public var filename: String
    public var text: String
    public var startLine: Int
    public var endLine: Int
}

/// Everything a build did, for the CLI to print.
public struct BuildReport: Sendable {
    /// In the order the display lists them (by start time).
    public var vertices: [BuildVertex] = []
    /// Build checks, in the order BuildKit reported them.
    public var checks: [BuildCheck] = []
    /// The new image (nil when the build failed).
    public var imageID: Digest?
    public var failure: BuildFailure?
    /// The names given with `-t`, as `naming to` shows them.
    public var tags: [ImageReference] = []

    public init() {}

    /// Seconds from the first step's start to the last one's end (`[+] Building 12.3s`).
    public var elapsed: Double {
        guard let first = vertices.map(\.start).min() else { return 0 }
        let last = vertices.map(\.end).max() ?? first
        return last - first
    }
}

/// Runs a RUN step's command inside the build's container (the simulated shell provides it).
public protocol BuildStepRunner {
    /// Runs `argv` (`["/bin/sh", "-c", "apt-get update"]`) in the running build container
    /// `containerID`, whose file system is the stage being built.
    /// - Returns: the exit status and what it printed (both streams, in order).
    func run(_ argv: [String], containerID: String, engine: inout Engine) -> (status: Int32, output: String)
}
