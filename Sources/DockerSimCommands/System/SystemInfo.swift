import DockerSimCore
import DockerSimTemplate

// Source: docker/cli v28.5.1 cli/command/system/info.go (`prettyPrintInfo`, its client and server
// parts, `fprintlnNonEmpty`), moby v28.5.1 daemon/info.go and api/types/system/info.go, and the
// `docker info` of a docker-ce 28.5.1 install on a cgroup v2, overlay2 Linux host.

/// `docker info` (`docker system info`): the client's version and plugins, then the daemon's
/// counts of containers (running, paused, stopped) and images from the engine, its storage driver
/// and the simulated host (``SimulatedHost``): kernel, CPUs, memory, name.
enum SystemInfoCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker info", use: "[OPTIONS]", summary: "Display system-wide information", args: .none,
        flags: [
            FlagSpec("format", "f", .string, Help.inspectFormatHelp)
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let format = args.string("format") ?? ""
        let facts = Facts(context.engine)
        guard !format.isEmpty else {
            context.out(facts.text)
            return 0
        }
        if format == "json" || DockerFormatter.trimSpaces(format) == "{{json .}}" {
            throw .notSimulated("docker info --format json")
        }
        let template: GoTemplate
        do {
            template = try GoTemplate(format)
        } catch {
            throw .cli("template parsing error: " + error.message)
        }
        let result = template.executeCollecting(facts.templateValue)
        context.out(result.output + "\n")
        if let error = result.error { throw .cli(error.message) }
        return 0
    }

    /// What `docker info` reports, read from the engine once.
    struct Facts {
        var running = 0
        var paused = 0
        var stopped = 0
        var images: Int
        var id: String
        /// The Docker Hub user of `docker login` (`Username:`), from the client's config file.
        var userName: String?

        init(_ engine: Engine) {
            // The daemon's state counter: paused, running, and everything else as stopped
            // (created, restarting, exited, dead).
            for container in engine.containers.values {
                switch container.status {
                case .running: running += 1
                case .paused: paused += 1
                default: stopped += 1
                }
            }
            images = engine.images.count
            id = Self.engineID(seed: engine.seed)
            userName = DockerConfigFile.user(engine)
        }

        var containers: Int { running + paused + stopped }

        /// The daemon's ID (a random UUID in `/var/lib/docker/engine-id`), made from the
        /// engine's seed so that a run with `--seed` repeats it.
        static func engineID(seed: UInt64) -> String {
            var bytes = Array(Digest.sha256(of: "engine-id \(seed)").hex.utf8.prefix(32))
            bytes[12] = UInt8(ascii: "4")  // version 4
            bytes[16] = UInt8(ascii: "8")  // variant 10xx
            let hex = String(decoding: bytes, as: UTF8.self)
            func part(_ from: Int, _ to: Int) -> Substring {
                hex.dropFirst(from).prefix(to - from)
            }
            return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
        }

        /// The default output (stdout), line by line as `prettyPrintInfo` writes it.
        var text: String {
            var lines = [
                "Client: \(DockerRelease.platformName)",
                " Version:    \(DockerRelease.client.version)",
                " Context:    default",
                " Debug Mode: false",
                " Plugins:",
            ]
            for plugin in DockerRelease.plugins {
                lines += [
                    "  \(plugin.name): \(plugin.description) (Docker Inc.)",
                    "    Version:  \(plugin.version)",
                    "    Path:     /usr/libexec/docker/cli-plugins/docker-\(plugin.name)",
                ]
            }
            lines += [
                "",
                "Server:",
                " Containers: \(containers)",
                "  Running: \(running)",
                "  Paused: \(paused)",
                "  Stopped: \(stopped)",
                " Images: \(images)",
                " Server Version: \(DockerRelease.engine.version)",
                " Storage Driver: overlay2",
                "  Backing Filesystem: extfs",
                "  Supports d_type: true",
                "  Using metacopy: false",
                "  Native Overlay Diff: true",
                "  userxattr: false",
                " Logging Driver: json-file",
                " Cgroup Driver: systemd",
                " Cgroup Version: 2",
                " Plugins:",
                "  Volume: local",
                "  Network: bridge host ipvlan macvlan null overlay",
                "  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog",
                " CDI spec directories:",
                "  /etc/cdi",
                "  /var/run/cdi",
                " Swarm: inactive",
                " Runtimes: io.containerd.runc.v2 runc",
                " Default Runtime: runc",
                " Init Binary: docker-init",
                " containerd version: \(DockerRelease.components[0].details[0].1)",
                " runc version: \(DockerRelease.components[1].details[0].1)",
                " init version: \(DockerRelease.components[2].details[0].1)",
                " Security Options:",
                "  apparmor",
                "  seccomp",
                "   Profile: builtin",
                "  cgroupns",
                " Kernel Version: \(SimulatedHost.kernelRelease)",
                " Operating System: \(SimulatedHost.operatingSystem)",
                " OSType: linux",
                " Architecture: \(SimulatedHost.machine)",
                " CPUs: \(SimulatedHost.cpuCount)",
                " Total Memory: \(Units.bytesSize(SimulatedHost.memoryBytes))",
                " Name: \(SimulatedHost.hostname)",
                " ID: \(id)",
                " Docker Root Dir: /var/lib/docker",
                " Debug Mode: false",
            ]
            if let userName, !userName.isEmpty { lines.append(" Username: \(userName)") }
            lines += [
                " Experimental: false",
                " Insecure Registries:",
                "  ::1/128",
                "  127.0.0.0/8",
                " Live Restore Enabled: false",
                "",
            ]
            return lines.joined(separator: "\n") + "\n"
        }

        /// `dockerInfo` as a template sees it: `system.Info`'s scalar fields (promoted from the
        /// embedded struct), `ClientInfo`, `ServerErrors` and `ClientErrors`.
        var templateValue: GoValue {
            let client = GoValue.dict(
                [
                    ("Platform", .dict([("Name", .string(DockerRelease.platformName))], isMap: false)),
                    ("Version", .string(DockerRelease.client.version)), ("APIVersion", .string("")),
                    ("DefaultAPIVersion", .string(DockerRelease.apiVersion)),
                    ("GitCommit", .string(DockerRelease.client.commit)),
                    ("GoVersion", .string(DockerRelease.goVersion)),
                    ("Os", .string(DockerRelease.os)), ("Arch", .string(DockerRelease.arch)),
                    ("BuildTime", .string(DockerRelease.buildTimeANSIC)), ("Context", .string("default")),
                    ("Debug", .bool(false)),
                ], isMap: false)
            func strings(_ list: [String]) -> GoValue { .list(list.map(GoValue.string)) }
            let fields: [(String, GoValue)] = [
                ("ID", .string(id)), ("Containers", .int(Int64(containers))),
                ("ContainersRunning", .int(Int64(running))), ("ContainersPaused", .int(Int64(paused))),
                ("ContainersStopped", .int(Int64(stopped))), ("Images", .int(Int64(images))),
                ("Driver", .string("overlay2")), ("MemoryLimit", .bool(true)), ("SwapLimit", .bool(true)),
                ("CPUCfsPeriod", .bool(true)), ("CPUCfsQuota", .bool(true)), ("CPUShares", .bool(true)),
                ("CPUSet", .bool(true)), ("PidsLimit", .bool(true)), ("IPv4Forwarding", .bool(true)),
                ("Debug", .bool(false)), ("OomKillDisable", .bool(false)), ("LoggingDriver", .string("json-file")),
                ("CgroupDriver", .string("systemd")), ("CgroupVersion", .string("2")),
                ("KernelVersion", .string(SimulatedHost.kernelRelease)),
                ("OperatingSystem", .string(SimulatedHost.operatingSystem)), ("OSVersion", .string("12")),
                ("OSType", .string("linux")), ("Architecture", .string(SimulatedHost.machine)),
                ("IndexServerAddress", .string("https://index.docker.io/v1/")),
                ("NCPU", .int(Int64(SimulatedHost.cpuCount))), ("MemTotal", .int(SimulatedHost.memoryBytes)),
                ("DockerRootDir", .string("/var/lib/docker")), ("HTTPProxy", .string("")),
                ("HTTPSProxy", .string("")), ("NoProxy", .string("")), ("Name", .string(SimulatedHost.hostname)),
                ("Labels", strings([])), ("ExperimentalBuild", .bool(false)),
                ("ServerVersion", .string(DockerRelease.engine.version)), ("DefaultRuntime", .string("runc")),
                ("LiveRestoreEnabled", .bool(false)), ("Isolation", .string("")),
                ("InitBinary", .string("docker-init")),
                ("SecurityOptions", strings(["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"])),
                ("CDISpecDirs", strings(["/etc/cdi", "/var/run/cdi"])), ("Warnings", .null(.slice)),
                ("ClientInfo", client), ("ServerErrors", .null(.slice)), ("ClientErrors", .null(.slice)),
            ]
            return .dict(fields, isMap: false)
        }
    }
}
