/// Flags docker 28.5 has for commands whose grammar dockersim models only in part: typed, they
/// get dockersim's "not simulated yet" (exit 1), not pflag's `unknown flag`. Source: docker/cli
/// v28.5.1 `cli/command/container/opts.go` (`addFlags`), `run.go`, `create.go`; hidden and
/// other-platform flags included, as pflag parses them too.
enum DockerFlags {
    /// `docker run` and `docker create`: long name → shorthand.
    static let containerCreate: [String: Character?] = [
        "add-host": nil, "annotation": nil, "attach": "a", "blkio-weight": nil, "blkio-weight-device": nil,
        "cap-add": nil, "cap-drop": nil, "cgroup-parent": nil, "cgroupns": nil, "cidfile": nil, "cpu-count": nil,
        "cpu-percent": nil, "cpu-period": nil, "cpu-quota": nil, "cpu-rt-period": nil, "cpu-rt-runtime": nil,
        "cpu-shares": "c", "cpus": nil, "cpuset-cpus": nil, "cpuset-mems": nil, "device": nil,
        "device-cgroup-rule": nil, "device-read-bps": nil, "device-read-iops": nil, "device-write-bps": nil,
        "device-write-iops": nil, "disable-content-trust": nil, "dns": nil, "dns-opt": nil, "dns-option": nil,
        "dns-search": nil, "domainname": nil, "entrypoint": nil, "env": "e", "env-file": nil, "expose": nil,
        "gpus": nil, "group-add": nil, "health-cmd": nil, "health-interval": nil, "health-retries": nil,
        "health-start-interval": nil, "health-start-period": nil, "health-timeout": nil, "hostname": "h",
        "init": nil, "interactive": "i", "io-maxbandwidth": nil, "io-maxiops": nil, "ip": nil, "ip6": nil,
        "ipc": nil, "isolation": nil, "kernel-memory": nil, "label": "l", "label-file": nil, "link": nil,
        "link-local-ip": nil, "log-driver": nil, "log-opt": nil, "mac-address": nil, "memory": "m",
        "memory-reservation": nil, "memory-swap": nil, "memory-swappiness": nil, "mount": nil, "name": nil,
        "net": nil, "net-alias": nil, "network": nil, "network-alias": nil, "no-healthcheck": nil,
        "oom-kill-disable": nil, "oom-score-adj": nil, "pid": nil, "pids-limit": nil, "platform": nil,
        "privileged": nil, "publish": "p", "publish-all": "P", "pull": nil, "quiet": "q", "read-only": nil,
        "restart": nil, "rm": nil, "runtime": nil, "security-opt": nil, "shm-size": nil, "stop-signal": nil,
        "stop-timeout": nil, "storage-opt": nil, "sysctl": nil, "tmpfs": nil, "tty": "t", "ulimit": nil,
        "use-api-socket": nil, "user": "u", "userns": nil, "uts": nil, "volume": "v", "volume-driver": nil,
        "volumes-from": nil, "workdir": "w",
    ]
    /// What `docker run` adds to `docker create`'s flags.
    static let runOnly: [String: Character?] = ["detach": "d", "detach-keys": nil, "sig-proxy": nil]

    /// docker's flags for the command at `path` (`docker run`, `docker container create`), or
    /// nil when dockersim's grammar for it is docker's whole grammar.
    static func flags(for path: String) -> [String: Character?]? {
        switch path.split(separator: " ").last {
        case "run": containerCreate.merging(runOnly) { $1 }
        case "create" where path == "docker create" || path == "docker container create": containerCreate
        default: nil
        }
    }

    /// The long name of a flag docker has for `path`, typed as `--long` or `-s`.
    static func known(_ path: String, long: String? = nil, short: Character? = nil) -> String? {
        guard let flags = flags(for: path) else { return nil }
        if let long { return flags[long] != nil ? long : nil }
        return flags.first { $0.value == short }?.key
    }
}
