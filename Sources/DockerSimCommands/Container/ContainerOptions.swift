import DockerSimCore

/// The options `docker run` and `docker create` share, and the code that turns them into a container.
enum ContainerOptions {
    static let flags: [FlagSpec] =
        [
            FlagSpec("attach", "a", .list, "Attach to STDIN, STDOUT or STDERR").notSimulated(),
            FlagSpec("env", "e", .list, "Set environment variables"),
            FlagSpec("entrypoint", nil, .string, "Overwrite the default ENTRYPOINT of the image"),
            FlagSpec("expose", nil, .list, "Expose a port or a range of ports"),
            FlagSpec("hostname", "h", .string, "Container host name"),
            FlagSpec("interactive", "i", .bool, "Keep STDIN open even if not attached"),
            FlagSpec("label", "l", .list, "Set meta data on a container"),
            FlagSpec(
                "mount", nil, .list, "Attach a filesystem mount to the container", validate: MountOption.check),
            FlagSpec("name", nil, .string, "Assign a name to the container"),
            FlagSpec("network", nil, .list, "Connect a container to a network"),
            FlagSpec("platform", nil, .string, "Set platform if server is multi-platform capable").notSimulated(),
            FlagSpec("publish", "p", .list, "Publish a container's port(s) to the host"),
            FlagSpec("quiet", "q", .bool, "Suppress the pull output"),
            FlagSpec("read-only", nil, .bool, "Mount the container's root filesystem as read only"),
            FlagSpec("restart", nil, .string, "Restart policy to apply when a container exits", default: "\"no\""),
            FlagSpec(
                "rm", nil, .bool,
                "Automatically remove the container and its associated anonymous volumes when it exits"),
            FlagSpec("stop-signal", nil, .string, "Signal to stop the container"),
            FlagSpec("tmpfs", nil, .list, "Mount a tmpfs directory"),
            FlagSpec("tty", "t", .bool, "Allocate a pseudo-TTY"),
            FlagSpec("user", "u", .string, "Username or UID (format: <name|uid>[:<group|gid>])").notSimulated(),
            FlagSpec("volume", "v", .list, "Bind mount a volume"),
            FlagSpec("volume-driver", nil, .string, "Optional volume driver for the container").notSimulated(),
            FlagSpec("volumes-from", nil, .list, "Mount volumes from the specified container(s)"),
            FlagSpec("workdir", "w", .string, "Working directory inside the container"),
            contentTrustFlag,
        ] + NetworkOptions.flags + ResourceOptions.flags(update: false) + otherFlags

    /// Creates the container, pulling the image first when it is missing (`--pull=missing`),
    /// with the pull's progress on stderr. Errors are returned raw; the caller decorates them.
    static func create(
        _ args: ParsedArguments, _ context: inout CommandContext, command: String
    ) throws(DockerError) -> String {
        let image = args.operands[0]
        let reference: ImageReference?
        do {
            switch try ImageReference.parseAny(image) {
            case .id: reference = nil
            case .named(let ref): reference = ref
            }
        } catch {
            throw .cli(error.description, status: 125)
        }
        let pullPolicy = args.string("pull") ?? "missing"
        guard ["missing", "always", "never"].contains(pullPolicy) else {
            throw .cli(
                "invalid pull option: '\(pullPolicy)': must be one of \"always\", \"missing\" or \"never\"", status: 125
            )
        }
        var networking = try NetworkOptions.parse(args)
        var env = args.list("env")
        env = env.map { $0.contains("=") ? $0 : $0 }
        var labels: [String: String] = [:]
        for label in args.list("label") {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            labels[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var config = ContainerConfig(
            image: image,
            hostname: args.string("hostname") ?? "",
            tty: args.flag("tty"),
            openStdin: args.flag("interactive"),
            env: env,
            cmd: Array(args.operands.dropFirst()),
            workingDir: args.string("workdir") ?? "",
            labels: labels,
            exposedPorts: networking.exposedPorts)
        if let entrypoint = args.string("entrypoint") {
            config.entrypoint = entrypoint.isEmpty ? [] : [entrypoint]
        }
        if let signal = args.string("stop-signal"), !signal.isEmpty { config.stopSignal = signal }
        // The settings are changed where the parse left them (taken out, they were copied).
        networking.hostConfig.autoRemove = args.flag("rm")
        ResourceOptions.apply(args, to: &networking.hostConfig)
        try storage(args, config: &config, hostConfig: &networking.hostConfig, cwd: context.engine.hostCwd)
        if let policy = args.string("restart") {
            networking.hostConfig.restartPolicy = try parseRestartPolicy(policy)
        }
        if networking.hostConfig.autoRemove && !["", "no"].contains(networking.hostConfig.restartPolicy.name) {
            throw .cli("conflicting options: cannot specify both --restart and --rm", status: 125)
        }
        // The CLI sends the terminal's size when the container gets one.
        if config.tty { networking.hostConfig.consoleSize = [24, 80] }
        let name = args.string("name")
        if pullPolicy == "always", let reference {
            try pull(reference, quiet: args.flag("quiet"), context: &context)
        }
        do {
            return try create(config, networking.hostConfig, name, networking.endpoints, &context)
        } catch  where error.kind == .notFound && reference != nil && pullPolicy != "never" {
            guard let reference else { throw error }
            if !args.flag("quiet") {
                context.err("Unable to find image '\(reference.withDefaultTag.familiarString)' locally\n")
            }
            try pull(reference, quiet: args.flag("quiet"), context: &context)
            return try create(config, networking.hostConfig, name, networking.endpoints, &context)
        }
    }

    /// The daemon's create, and its warnings on stderr.
    static func create(
        _ config: ContainerConfig, _ hostConfig: HostConfig, _ name: String?, _ endpoints: [String: EndpointRequest],
        _ context: inout CommandContext
    ) throws(DockerError) -> String {
        let id = try context.engine.createContainer(config, hostConfig: hostConfig, name: name, endpoints: endpoints)
        if hostConfig.networkMode == "host" && !hostConfig.portBindings.isEmpty {
            context.err("WARNING: Published ports are discarded when using host network mode\n")
        }
        return id
    }

    /// `-v`, `--mount`, `--tmpfs`, `--volumes-from`, `--read-only` as the CLI sends them: `-v`
    /// values with a source go to `Binds` (a relative host path starting with `.` made absolute),
    /// the others to `Config.Volumes`; each value counts once.
    static func storage(
        _ args: ParsedArguments, config: inout ContainerConfig, hostConfig: inout HostConfig, cwd: [String]
    ) throws(DockerError) {
        var binds: [String] = []
        var seen: Set<String> = []
        for spec in args.list("volume") where seen.insert(spec).inserted {
            let parsed = try VolumeSpec.parse(spec)
            guard !parsed.source.isEmpty else {
                config.volumes.append(spec)
                continue
            }
            var bind = spec
            if parsed.isBind, let colon = spec.firstIndex(of: ":") {
                let hostPart = String(spec[..<colon])
                if !hostPart.hasPrefix("/") && hostPart.hasPrefix(".") {
                    bind = FilePath.string(FilePath.normalize(hostPart, cwd: cwd)) + spec[colon...]
                }
            }
            binds.append(bind)
        }
        config.volumes.sort()
        if !binds.isEmpty { hostConfig.binds = binds }
        let mounts = args.list("mount").compactMap { try? MountOption.parse($0, cwd: cwd).get() }
        if !mounts.isEmpty { hostConfig.mounts = mounts }
        var tmpfs: [String: String] = [:]
        for value in args.list("tmpfs") {
            let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            tmpfs[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        if !tmpfs.isEmpty { hostConfig.tmpfs = tmpfs }
        let from = args.list("volumes-from")
        if !from.isEmpty { hostConfig.volumesFrom = from }
        hostConfig.readonlyRootfs = args.flag("read-only")
    }

    static func pull(_ reference: ImageReference, quiet: Bool, context: inout CommandContext) throws(DockerError) {
        let report = try context.engine.pull(reference)
        if !quiet { PullCommand.show(report, to: .stderr, &context) }
    }

    /// `--restart` as the CLI reads it (`opts.ParseRestartPolicy`): `NAME[:COUNT]`; the daemon
    /// checks the name and the count.
    static func parseRestartPolicy(_ text: String) throws(DockerError) -> RestartPolicy {
        guard !text.isEmpty else { return RestartPolicy(name: "") }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 && parts[0].isEmpty {
            throw .cli("invalid restart policy format: no policy provided before colon", status: 125)
        }
        var policy = RestartPolicy(name: String(parts[0]))
        if parts.count == 2, !parts[1].isEmpty {
            guard let count = Int(parts[1]) else {
                throw .cli("invalid restart policy format: maximum retry count must be an integer", status: 125)
            }
            policy.maximumRetryCount = count
        }
        return policy
    }

    /// The runtime's error for a start that failed, as the daemon words it.
    static func startFailure(_ message: String) -> String {
        "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: \(message): unknown"
    }
}
