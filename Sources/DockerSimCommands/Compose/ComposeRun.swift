// Sources: docker/compose v2.40.0 cmd/compose/compose.go (`projectOrName`, `--progress`,
// `--ansi`), pkg/compose/containers.go (a project's containers: by label, one-offs apart),
// pkg/api/labels.go; sirupsen/logrus v1.9.3 text formatter (`WARN[0000] msg` on a terminal,
// `time="…" level=warning msg="…"` otherwise).

import DockerSimCompose
import DockerSimCore

/// One run of a `docker compose` sub-command: the session's engine and output, the command
/// line, the warnings compose logs and the progress display in the works.
struct ComposeRun {
    /// Holds the session's engine while the command runs.
    var context = CommandContext(engine: .placeholder)
    /// `docker compose`'s own flags (before the sub-command's name).
    let global: ParsedArguments
    /// The sub-command's flags and operands.
    let local: ParsedArguments
    /// Warnings logged and not printed yet.
    private var warnings: [String] = []
    /// The progress display of the operation in progress.
    var progress: ComposeProgress?

    init(global: ParsedArguments, local: ParsedArguments) {
        self.global = global
        self.local = local
    }

    /// The compose labels.
    enum Label {
        static let project = "com.docker.compose.project"
        static let service = "com.docker.compose.service"
        static let version = "com.docker.compose.version"
        static let workingDir = "com.docker.compose.project.working_dir"
        static let configFiles = "com.docker.compose.project.config_files"
        static let environmentFile = "com.docker.compose.project.environment_file"
        static let oneoff = "com.docker.compose.oneoff"
        static let configHash = "com.docker.compose.config-hash"
        static let containerNumber = "com.docker.compose.container-number"
        static let dependsOn = "com.docker.compose.depends_on"
        static let image = "com.docker.compose.image"
        static let network = "com.docker.compose.network"
        static let volume = "com.docker.compose.volume"
        static let slug = "com.docker.compose.slug"
    }

    /// The Compose version bundled with docker 28.5.
    static let composeVersion = "2.40.0"

    // MARK: - Flags

    /// A project flag's values, whether given before or after the sub-command's name.
    func list(_ flag: String) -> [String] { global.list(flag) + local.list(flag) }

    func string(_ flag: String) -> String? { local.string(flag) ?? global.string(flag) }

    /// Whether progress is the terminal screen (`--progress`, `--ansi`, the terminal).
    var ttyProgress: Bool {
        switch string("progress") {
        case "plain"?, "quiet"?, "json"?: return false
        case "tty"?: return true
        default: break
        }
        switch string("ansi") {
        case "never"?: return false
        case "always"?: return true
        default: return context.hasTerminal
        }
    }

    var quietProgress: Bool { string("progress") == "quiet" }

    // MARK: - Output

    /// Logs a warning (printed before what the command prints next).
    mutating func warn(_ message: String) { warnings.append(message) }

    /// Prints the warnings logged so far, as logrus does on stderr.
    mutating func flushWarnings() {
        for message in warnings {
            if context.hasTerminal {
                context.err("WARN[0000] \(message)\n")
            } else {
                context.err("time=\"\(context.engine.now.rfc3339)\" level=warning msg=\(goQuote(message))\n")
            }
        }
        warnings = []
    }

    /// Starts a progress display (`Running`, `Stopping`, `Removing`…).
    mutating func beginProgress(_ title: String = "Running") {
        flushWarnings()
        progress = ComposeProgress(title: title, tty: ttyProgress)
    }

    /// Records a progress event at the engine's current time.
    mutating func event(
        _ id: String, _ status: ComposeProgress.Status, _ statusText: String = "", text: String = "",
        parent: String = ""
    ) {
        let now = context.engine.now
        progress?.event(id, status, statusText, text: text, parent: parent, at: now)
    }

    /// Prints the progress display and ends it.
    mutating func flushProgress() {
        guard let progress else { return }
        self.progress = nil
        guard !quietProgress else { return }
        context.err(progress.render(now: context.engine.now))
    }

    // MARK: - The project

    /// The compose command line's view of the host: its current folder and files.
    func options() -> ComposeOptions {
        var options = ComposeOptions(cwd: FilePath.string(context.engine.hostCwd))
        options.files = list("file")
        options.projectName = string("project-name")
        options.projectDirectory = string("project-directory")
        options.envFiles = list("env-file")
        return options
    }

    /// The simulated host's files, as compose reads them.
    func hostFiles() -> ComposeFiles {
        let host = context.engine.host
        return ComposeFiles(
            read: { path in
                guard let found = try? host.stat(path, cwd: []), !found.node.isDirectory else { return nil }
                return (try? host.read(path, cwd: []))?.text ?? ""
            },
            isDirectory: { path in (try? host.stat(path, cwd: []))?.node.isDirectory ?? false })
    }

    /// Loads the project from the compose file (warnings are printed first, as compose logs them).
    /// Every command loads it again; a load whose files (and options) have not changed since is
    /// remembered (``ProjectLoader/loadRemembered(_:files:warnings:)``).
    mutating func loadProject() throws(ComposeError) -> ComposeProject {
        var logged: [String] = []
        defer {
            for message in logged { warn(message) }
            flushWarnings()
        }
        return try ProjectLoader.loadRemembered(options(), files: hostFiles(), warnings: &logged)
    }

    /// `projectOrName`: the project when there is a compose file to read (or no `-p`), else just
    /// the name given with `-p`.
    mutating func projectOrName() throws(ComposeError) -> (project: ComposeProject?, name: String) {
        if let name = string("project-name"), list("file").isEmpty {
            return (nil, name)
        }
        let project = try loadProject()
        return (project, project.name)
    }

    /// The selected services must be in the project.
    static func checkServices(_ names: [String], in project: ComposeProject?) throws(ComposeError) {
        guard let project else { return }
        for name in names where project.service(name) == nil {
            throw ComposeError("no such service: \(name)")
        }
    }

    // MARK: - Containers

    /// The project's containers (not one-off `run` containers unless asked), in creation order.
    func containers(
        project: String, services: [String] = [], all: Bool = true, oneOff: Bool = false
    ) -> [Container] {
        context.engine.containers.values.filter { container in
            let labels = container.config.labels
            guard labels[Label.project] == project else { return false }
            if !oneOff && labels[Label.oneoff] == "True" { return false }
            if !services.isEmpty && !services.contains(labels[Label.service] ?? "") { return false }
            return all || container.isRunning
        }.sorted { ($0.created, $0.sequence) < ($1.created, $1.sequence) }
    }

    /// The service a container belongs to.
    static func service(of container: Container) -> String {
        container.config.labels[Label.service] ?? ""
    }

    /// Compose's name for a container in progress lines: `Container NAME`.
    static func progressName(_ container: Container) -> String { "Container " + container.name }
}
