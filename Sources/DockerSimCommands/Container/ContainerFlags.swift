import DockerSimCore

/// The flags of `docker run` and `docker create` that dockersim does not simulate yet, as docker
/// 28.5.1 declares them (docker/cli v28.5.1 cli/command/container/opts.go `addFlags`, run.go,
/// create.go): `--help` lists them with docker's own texts and types, and a line that sets one is
/// refused with "not simulated yet" (``FlagSpec/simulated``). The Windows-only flags are hidden, as
/// the CLI hides flags annotated `ostype: windows` when the daemon runs Linux.
extension ContainerOptions {
    static let otherFlags: [FlagSpec] = [
        FlagSpec(
            "annotation", nil, .list, "Add an annotation to the container (passed through to the OCI runtime)",
            default: "map[]", typeName: "map"),
        FlagSpec(
            "blkio-weight", nil, .int, "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
        FlagSpec("blkio-weight-device", nil, .list, "Block IO weight (relative device weight)", default: "[]"),
        FlagSpec("cap-add", nil, .list, "Add Linux capabilities"),
        FlagSpec("cap-drop", nil, .list, "Drop Linux capabilities"),
        FlagSpec("cgroup-parent", nil, .string, "Optional parent cgroup for the container"),
        FlagSpec(
            "cgroupns", nil, .string,
            """
            Cgroup namespace to use (host|private)
            'host':    Run the container in the Docker host's cgroup namespace
            'private': Run the container in its own private cgroup namespace
            '':        Use the cgroup namespace as configured by the
                       default-cgroupns-mode option on the daemon (default)
            """),
        FlagSpec("cidfile", nil, .string, "Write the container ID to the file"),
        FlagSpec("cpu-count", nil, .int, "CPU count (Windows only)", hidden: true),
        FlagSpec("cpu-percent", nil, .int, "CPU percent (Windows only)", hidden: true),
        FlagSpec("cpu-period", nil, .int, "Limit CPU CFS (Completely Fair Scheduler) period"),
        FlagSpec("cpu-quota", nil, .int, "Limit CPU CFS (Completely Fair Scheduler) quota"),
        FlagSpec("cpu-rt-period", nil, .int, "Limit CPU real-time period in microseconds"),
        FlagSpec("cpu-rt-runtime", nil, .int, "Limit CPU real-time runtime in microseconds"),
        FlagSpec("cpuset-cpus", nil, .string, "CPUs in which to allow execution (0-3, 0,1)"),
        FlagSpec("cpuset-mems", nil, .string, "MEMs in which to allow execution (0-3, 0,1)"),
        FlagSpec("device", nil, .list, "Add a host device to the container"),
        FlagSpec("device-cgroup-rule", nil, .list, "Add a rule to the cgroup allowed devices list"),
        FlagSpec("device-read-bps", nil, .list, "Limit read rate (bytes per second) from a device", default: "[]"),
        FlagSpec("device-read-iops", nil, .list, "Limit read rate (IO per second) from a device", default: "[]"),
        FlagSpec("device-write-bps", nil, .list, "Limit write rate (bytes per second) to a device", default: "[]"),
        FlagSpec("device-write-iops", nil, .list, "Limit write rate (IO per second) to a device", default: "[]"),
        FlagSpec("domainname", nil, .string, "Container NIS domain name"),
        FlagSpec("env-file", nil, .list, "Read in a file of environment variables"),
        FlagSpec(
            "gpus", nil, .string, "GPU devices to add to the container ('all' to pass all GPUs)",
            typeName: "gpu-request"),
        FlagSpec("group-add", nil, .list, "Add additional groups to join"),
        FlagSpec("health-cmd", nil, .string, "Command to run to check health"),
        FlagSpec(
            "health-interval", nil, .string, "Time between running the check (ms|s|m|h) (default 0s)",
            typeName: "duration"),
        FlagSpec("health-retries", nil, .int, "Consecutive failures needed to report unhealthy"),
        FlagSpec(
            "health-start-interval", nil, .string,
            "Time between running the check during the start period (ms|s|m|h) (default 0s)", typeName: "duration"),
        FlagSpec(
            "health-start-period", nil, .string,
            "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
            typeName: "duration"),
        FlagSpec(
            "health-timeout", nil, .string, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)",
            typeName: "duration"),
        FlagSpec("init", nil, .bool, "Run an init inside the container that forwards signals and reaps processes"),
        FlagSpec(
            "io-maxbandwidth", nil, .string, "Maximum IO bandwidth limit for the system drive (Windows only)",
            hidden: true, typeName: "bytes"),
        FlagSpec(
            "io-maxiops", nil, .int, "Maximum IOps limit for the system drive (Windows only)", hidden: true,
            typeName: "uint"),
        FlagSpec("ip6", nil, .string, "IPv6 address (e.g., 2001:db8::33)"),
        FlagSpec("ipc", nil, .string, "IPC mode to use"),
        FlagSpec("isolation", nil, .string, "Container isolation technology"),
        FlagSpec("kernel-memory", nil, .string, "Kernel memory limit", typeName: "bytes"),
        FlagSpec("label-file", nil, .list, "Read in a line delimited file of labels"),
        FlagSpec("link-local-ip", nil, .list, "Container IPv4/IPv6 link-local addresses"),
        FlagSpec("log-driver", nil, .string, "Logging driver for the container"),
        FlagSpec("log-opt", nil, .list, "Log driver options"),
        FlagSpec("mac-address", nil, .string, "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
        FlagSpec("memory-swappiness", nil, .int, "Tune container memory swappiness (0 to 100)", default: "-1"),
        FlagSpec("no-healthcheck", nil, .bool, "Disable any container-specified HEALTHCHECK"),
        FlagSpec("oom-kill-disable", nil, .bool, "Disable OOM Killer"),
        FlagSpec("oom-score-adj", nil, .int, "Tune host's OOM preferences (-1000 to 1000)"),
        FlagSpec("pid", nil, .string, "PID namespace to use"),
        FlagSpec("pids-limit", nil, .int, "Tune container pids limit (set -1 for unlimited)"),
        FlagSpec("privileged", nil, .bool, "Give extended privileges to this container"),
        FlagSpec("runtime", nil, .string, "Runtime to use for this container"),
        FlagSpec("security-opt", nil, .list, "Security Options"),
        FlagSpec("shm-size", nil, .string, "Size of /dev/shm", typeName: "bytes"),
        FlagSpec("stop-timeout", nil, .int, "Timeout (in seconds) to stop a container"),
        FlagSpec("storage-opt", nil, .list, "Storage driver options for the container"),
        FlagSpec("sysctl", nil, .list, "Sysctl options", default: "map[]", typeName: "map"),
        FlagSpec("ulimit", nil, .list, "Ulimit options", default: "[]", typeName: "ulimit"),
        FlagSpec("use-api-socket", nil, .bool, "Bind mount Docker API socket and required auth"),
        FlagSpec("userns", nil, .string, "User namespace to use"),
        FlagSpec("uts", nil, .string, "UTS namespace to use"),
    ].map { windowsOnly.contains($0.long) ? $0 : $0.notSimulated() }

    /// The flags annotated `ostype: windows`: hidden, and refused by the CLI's own check
    /// (`areFlagsSupported` in cmd/docker/docker.go) before the command runs.
    static let windowsOnly: Set<String> = ["cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops"]

    /// `--disable-content-trust`: docker's default (content trust off) is what dockersim
    /// simulates; `--disable-content-trust=false` (verifying signatures) is not simulated yet.
    static let contentTrustFlag = FlagSpec(
        "disable-content-trust", nil, .bool, "Skip image verification", default: "true")

    /// The CLI's checks before `run`/`create` runs: a Windows-only flag is refused with
    /// `areFlagsSupported`'s text (exit 1); `--disable-content-trust=false` is refused plainly,
    /// as not simulated yet.
    static func checkBeforeRun(_ args: ParsedArguments, path: String) throws(DockerError) {
        for flag in otherFlags where windowsOnly.contains(flag.long) && args.has(flag.long) {
            throw .cli(
                "\"--\(flag.long)\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux",
                status: 1)
        }
        if args.has("disable-content-trust") && !args.flag("disable-content-trust") {
            throw .notSimulated("\(path) --disable-content-trust=false")
        }
    }
}
