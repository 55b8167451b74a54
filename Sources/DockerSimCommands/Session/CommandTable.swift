import DockerSimCore

/// Every docker command dockersim understands, by the words that name it.
enum CommandTable {
    /// A command of the table: its type and its grammar. (A class: a line looks its command up
    /// and passes it on, and a copy of the struct it was retained and released each string and
    /// array of the spec, a dozen of them.)
    final class Entry: @unchecked Sendable {
        let type: any DockerCommand.Type
        let spec: CommandSpec
        /// The command's own name (`rmi` for `docker image rm` too), read once: ``DockerCommand/name``
        /// copies the command's spec and splits its path at each call.
        let name: String

        init(type: any DockerCommand.Type, spec: CommandSpec) {
            self.type = type
            self.spec = spec
            name = type.name
        }
    }

    /// Top-level commands (`docker ps`, `docker run`…).
    static let topLevel: [String: Entry] = {
        var map: [String: Entry] = [:]
        for type in [
            PullCommand.self, ImagesCommand.self, RunCommand.self, CreateCommand.self, StartCommand.self,
            AttachCommand.self, StopCommand.self, KillCommand.self, PsCommand.self, RmCommand.self,
            RmiCommand.self, TagCommand.self, RenameCommand.self, ExecCommand.self, LogsCommand.self,
            DiffCommand.self, HistoryCommand.self, InspectCommand.self,
        ] as [any DockerCommand.Type] {
            map[type.name] = Entry(type: type, spec: type.spec)
        }
        map["images"] = Entry(type: ImagesCommand.self, spec: ImagesCommand.spec)
        for type in [
            CpCommand.self, CommitCommand.self, TopCommand.self, PortCommand.self, PauseCommand.self,
            UnpauseCommand.self, RestartCommand.self, ComposeCommand.self, UpdateCommand.self, StatsCommand.self,
        ] as [any DockerCommand.Type] {
            map[type.name] = Entry(type: type, spec: type.spec)
        }
        map["build"] = Entry(type: BuildCommand.self, spec: BuildCommand.spec)
        for type in [
            LoginCommand.self, LogoutCommand.self, PushCommand.self, SaveCommand.self, LoadCommand.self,
            SearchCommand.self, VersionCommand.self, SystemInfoCommand.self, EventsCommand.self,
        ] as [any DockerCommand.Type] {
            map[type.name] = Entry(type: type, spec: type.spec)
        }
        return map
    }()

    /// Management groups and their sub-commands (`docker image ls`, `docker container run`…).
    static let groups: [String: (summary: String, commands: [String: Entry])] = [
        "image": (
            "Manage images",
            [
                "pull": entry(PullCommand.self, "docker image pull"),
                "build": Entry(type: BuildCommand.self, spec: BuildCommand.spec),
                "push": entry(PushCommand.self, "docker image push"),
                "save": entry(SaveCommand.self, "docker image save"),
                "load": entry(LoadCommand.self, "docker image load"),
                "prune": Entry(type: ImagePruneCommand.self, spec: ImagePruneCommand.spec),
                "ls": entry(ImagesCommand.self, "docker image ls"),
                "list": entry(ImagesCommand.self, "docker image ls"),
                "rm": entry(RmiCommand.self, "docker image rm"),
                "remove": entry(RmiCommand.self, "docker image rm"),
                "tag": entry(TagCommand.self, "docker image tag"),
                "history": entry(HistoryCommand.self, "docker image history"),
                "inspect": Entry(type: InspectCommand.self, spec: InspectCommand.imageSpec),
            ]
        ),
        "container": (
            "Manage containers",
            [
                "run": entry(RunCommand.self, "docker container run"),
                "pause": entry(PauseCommand.self, "docker container pause"),
                "unpause": entry(UnpauseCommand.self, "docker container unpause"),
                "restart": entry(RestartCommand.self, "docker container restart"),
                "update": entry(UpdateCommand.self, "docker container update"),
                "stats": entry(StatsCommand.self, "docker container stats"),
                "prune": Entry(type: ContainerPruneCommand.self, spec: ContainerPruneCommand.spec),
                "cp": entry(CpCommand.self, "docker container cp"),
                "commit": entry(CommitCommand.self, "docker container commit"),
                "top": entry(TopCommand.self, "docker container top"),
                "port": entry(PortCommand.self, "docker container port"),
                "create": entry(CreateCommand.self, "docker container create"),
                "start": entry(StartCommand.self, "docker container start"),
                "attach": entry(AttachCommand.self, "docker container attach"),
                "stop": entry(StopCommand.self, "docker container stop"),
                "kill": entry(KillCommand.self, "docker container kill"),
                "ls": entry(PsCommand.self, "docker container ls"),
                "list": entry(PsCommand.self, "docker container ls"),
                "ps": entry(PsCommand.self, "docker container ls"),
                "rm": entry(RmCommand.self, "docker container rm"),
                "remove": entry(RmCommand.self, "docker container rm"),
                "rename": entry(RenameCommand.self, "docker container rename"),
                "exec": entry(ExecCommand.self, "docker container exec"),
                "logs": entry(LogsCommand.self, "docker container logs"),
                "diff": entry(DiffCommand.self, "docker container diff"),
                "inspect": Entry(type: InspectCommand.self, spec: InspectCommand.containerSpec),
            ]
        ),
        "builder": (
            "Manage builds",
            [
                "build": Entry(type: BuildCommand.self, spec: BuildCommand.spec),
                "prune": Entry(type: BuilderPruneCommand.self, spec: BuilderPruneCommand.spec),
            ]
        ),
        "system": (
            "Manage Docker",
            [
                "df": entry(SystemDfCommand.self, "docker system df"),
                "events": entry(EventsCommand.self, "docker system events"),
                "info": entry(SystemInfoCommand.self, "docker system info"),
                "prune": Entry(type: SystemPruneCommand.self, spec: SystemPruneCommand.spec),
            ]
        ),
        "network": (
            "Manage networks",
            [
                "connect": Entry(type: NetworkConnectCommand.self, spec: NetworkConnectCommand.spec),
                "create": Entry(type: NetworkCreateCommand.self, spec: NetworkCreateCommand.spec),
                "disconnect": Entry(type: NetworkDisconnectCommand.self, spec: NetworkDisconnectCommand.spec),
                "inspect": Entry(type: NetworkInspectCommand.self, spec: NetworkInspectCommand.spec),
                "ls": Entry(type: NetworkLsCommand.self, spec: NetworkLsCommand.spec),
                "list": Entry(type: NetworkLsCommand.self, spec: NetworkLsCommand.spec),
                "prune": Entry(type: NetworkPruneCommand.self, spec: NetworkPruneCommand.spec),
                "rm": Entry(type: NetworkRmCommand.self, spec: NetworkRmCommand.spec),
                "remove": Entry(type: NetworkRmCommand.self, spec: NetworkRmCommand.spec),
            ]
        ),
        "volume": (
            "Manage volumes",
            [
                "create": Entry(type: VolumeCreateCommand.self, spec: VolumeCreateCommand.spec),
                "inspect": Entry(type: VolumeInspectCommand.self, spec: VolumeInspectCommand.spec),
                "ls": Entry(type: VolumeLsCommand.self, spec: VolumeLsCommand.spec),
                "list": Entry(type: VolumeLsCommand.self, spec: VolumeLsCommand.spec),
                "prune": Entry(type: VolumePruneCommand.self, spec: VolumePruneCommand.spec),
                "rm": Entry(type: VolumeRmCommand.self, spec: VolumeRmCommand.spec),
                "remove": Entry(type: VolumeRmCommand.self, spec: VolumeRmCommand.spec),
            ]
        ),
    ]

    static func entry(_ type: any DockerCommand.Type, _ path: String) -> Entry {
        Entry(type: type, spec: type.spec.at(path))
    }

    /// Resolves the words of a line (without `docker`) to a command and its remaining words.
    /// A command docker has that dockersim does not simulate yet is refused as such (exit 1);
    /// what docker does not have gets docker's own `unknown command`.
    static func resolve(_ words: [String]) -> Result<(Entry, [String]), DockerError> {
        guard let first = words.first else { return .failure(.cli("", status: 0)) }
        // `docker --help`: the root command's help (printed with a newline added, hence dropLast).
        if first == "--help" || first == "-h" { return .failure(.cli(String(Help.dockerUsage.dropLast()), status: 0)) }
        if first == "--version" || first == "-v" {
            return .failure(
                .cli("Docker version \(DockerRelease.client.version), build \(DockerRelease.client.commit)", status: 0))
        }
        // `docker build` is buildx's (`docker buildx build`); the rest of buildx is not simulated.
        if first == "buildx", words.dropFirst().first == "build", let build = topLevel["build"] {
            return .success((build, Array(words.dropFirst(2))))
        }
        // A top-level command first (the usual line: `run`, `ps`, `rm`): no name is both a
        // command and a group (`topLevelAndGroupNamesAreDisjoint`), so the order changes
        // nothing but the look-ups a command costs (one hashed name instead of two).
        if let entry = topLevel[first] { return .success((entry, Array(words.dropFirst()))) }
        if let group = groups[first] {
            let rest = Array(words.dropFirst())
            guard let sub = rest.first, !sub.hasPrefix("-") else {
                return .failure(.cli(groupHelp(first), status: 0))
            }
            guard let entry = group.commands[sub] else {
                if DockerVerbs.subcommands[first]?.contains(sub) == true {
                    return .failure(.notSimulated("docker \(first) \(sub)"))
                }
                return .failure(
                    .cli(
                        "docker: unknown command: docker \(first) \(sub)\n\nUsage:  docker \(first) COMMAND\n\nRun 'docker \(first) --help' for more information"
                    ))
            }
            return .success((entry, Array(rest.dropFirst())))
        }
        if let subs = DockerVerbs.subcommands[first] {
            // A group dockersim does not simulate: the sub-command named when docker has it.
            if let sub = words.dropFirst().first, subs.contains(sub) {
                return .failure(.notSimulated("docker \(first) \(sub)"))
            }
            return .failure(.notSimulated("docker \(first)"))
        }
        if DockerVerbs.topLevel.contains(first) { return .failure(.notSimulated("docker \(first)")) }
        return .failure(
            .cli("docker: unknown command: docker \(first)\n\nRun 'docker --help' for more information"))
    }

    /// `docker GROUP` (`--help`): every sub-command docker 28.5 lists, simulated or not (those
    /// that are not say so when run), under its own name (`ls`, not its alias `list`).
    static func groupHelp(_ group: String) -> String {
        guard let info = groups[group] else { return "" }
        var lines: [(String, String)] = []
        for (name, entry) in info.commands where entry.spec.path.split(separator: " ").last.map(String.init) == name {
            lines.append((name, entry.spec.summary))
        }
        // docker's other sub-commands of the group (the same commands as the top-level ones);
        // `system dial-stdio` is hidden, as is `volume update` off a swarm manager.
        for name in DockerVerbs.subcommands[group] ?? [] where info.commands[name] == nil && name != "dial-stdio" {
            guard !(group == "volume" && name == "update"), let summary = DockerVerbs.summaries[name] else { continue }
            lines.append((name, summary))
        }
        var text = "Usage:  docker \(group) COMMAND\n\n\(info.summary)\n\nCommands:\n"
        for (name, summary) in lines.sorted(by: { $0.0 < $1.0 }) {
            text += "  " + name.padding(12) + summary + "\n"
        }
        text += "\nRun 'docker \(group) COMMAND --help' for more information on a command."
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
