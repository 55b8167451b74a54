import DockerSimCore

/// `docker update`: changes the resource limits (and restart policy) of containers, running or
/// not. Sources: docker/cli v28.5.1 cli/command/container/update.go (each container's name
/// printed as given once updated, the errors joined at the end), moby daemon/update.go and
/// daemon/container/container_unix.go (`UpdateContainer`'s conflicts).
enum UpdateCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker update", use: "[OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Update configuration of one or more containers", args: .min(1),
        flags: ResourceOptions.flags(update: true)
            + [
                FlagSpec(
                    "blkio-weight", nil, .int,
                    "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
                FlagSpec("cpu-period", nil, .int, "Limit CPU CFS (Completely Fair Scheduler) period"),
                FlagSpec("cpu-quota", nil, .int, "Limit CPU CFS (Completely Fair Scheduler) quota"),
                FlagSpec("cpu-rt-period", nil, .int, "Limit the CPU real-time period in microseconds"),
                FlagSpec("cpu-rt-runtime", nil, .int, "Limit the CPU real-time runtime in microseconds"),
                FlagSpec("cpuset-cpus", nil, .string, "CPUs in which to allow execution (0-3, 0,1)"),
                FlagSpec("cpuset-mems", nil, .string, "MEMs in which to allow execution (0-3, 0,1)"),
                FlagSpec("kernel-memory", nil, .string, "Kernel memory limit (deprecated)", hidden: true),
                FlagSpec("pids-limit", nil, .int, "Tune container pids limit (set -1 for unlimited)"),
                FlagSpec("restart", nil, .string, "Restart policy to apply when a container exits"),
            ].notSimulated(notSimulated))

    static let notSimulated: Set<String> = [
        "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpuset-cpus", "cpuset-mems",
        "kernel-memory", "pids-limit",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let given = spec.flags.contains { args.has($0.long) }
        guard given else { throw .cli("you must provide one or more flags when using this command") }
        var request = ResourceUpdate()
        request.memory = args.string("memory").map { ResourceOptions.ramInBytes($0).number } ?? 0
        request.memorySwap = args.string("memory-swap").map { ResourceOptions.memorySwap($0).number } ?? 0
        request.memoryReservation = args.string("memory-reservation").map { ResourceOptions.ramInBytes($0).number } ?? 0
        request.nanoCpus = args.string("cpus").map { ResourceOptions.cpus($0).number } ?? 0
        request.cpuShares = args.string("cpu-shares").flatMap { Int64($0) } ?? 0
        if let text = args.string("restart"), !text.isEmpty {
            do {
                request.restartPolicy = try ContainerOptions.parseRestartPolicy(text)
            } catch {
                throw .cli(error.message)
            }
        }
        var errors: [String] = []
        for name in args.operands {
            do throws(DockerError) {
                try context.engine.updateContainer(name, request)
                context.out(name + "\n")
            } catch {
                errors.append(error.description)
            }
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
