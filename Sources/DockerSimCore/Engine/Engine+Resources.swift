// Resource limits (`-m`, `--memory-swap`, `--memory-reservation`, `--cpus`, `--cpu-shares`) as the
// daemon checks and keeps them. Sources (moby v28.5): daemon/daemon_unix.go
// (verifyPlatformContainerResources, adaptContainerSettings), daemon/update.go (ContainerUpdate),
// daemon/container/container_unix.go (UpdateContainer). The simulated host is a cgroup v2 Linux
// with memory, swap and CFS accounting, and ``SimulatedHost/cpuCount`` CPUs.

/// The resources `docker update` asks for: 0 (nil for the policy) leaves a value as it is.
public struct ResourceUpdate: Sendable, Equatable {
    public var memory: Int64 = 0
    public var memorySwap: Int64 = 0
    public var memoryReservation: Int64 = 0
    public var nanoCpus: Int64 = 0
    public var cpuShares: Int64 = 0
    /// `--restart`; nil when not given.
    public var restartPolicy: RestartPolicy?

    public init(
        memory: Int64 = 0, memorySwap: Int64 = 0, memoryReservation: Int64 = 0, nanoCpus: Int64 = 0,
        cpuShares: Int64 = 0, restartPolicy: RestartPolicy? = nil
    ) {
        self.memory = memory
        self.memorySwap = memorySwap
        self.memoryReservation = memoryReservation
        self.nanoCpus = nanoCpus
        self.cpuShares = cpuShares
        self.restartPolicy = restartPolicy
    }
}

extension Engine {
    /// The smallest memory limit the daemon accepts (`linuxMinMemory`, 6 MiB).
    public static let minimumMemory: Int64 = 6_291_456

    /// The daemon's checks of resource limits (`verifyPlatformContainerResources`), in its
    /// order; `update`: for `docker update`, where a swap limit may come without a memory limit.
    public static func verifyResources(
        memory: Int64, memorySwap: Int64, memoryReservation: Int64, nanoCpus: Int64, update: Bool
    ) throws(DockerError) {
        func invalid(_ message: String) -> DockerError { .daemon(message, kind: .invalidParameter) }
        if memory != 0 && memory < minimumMemory { throw invalid("Minimum memory limit allowed is 6MB") }
        if memory > 0 && memorySwap > 0 && memorySwap < memory {
            throw invalid("Minimum memoryswap limit should be larger than memory limit, see usage")
        }
        if memory == 0 && memorySwap > 0 && !update {
            throw invalid("You should always set the Memory limit when using Memoryswap limit, see usage")
        }
        if memoryReservation > 0 && memoryReservation < minimumMemory {
            throw invalid("Minimum memory reservation allowed is 6MB")
        }
        if memory > 0 && memoryReservation > 0 && memory < memoryReservation {
            throw invalid("Minimum memory limit can not be less than memory reservation limit, see usage")
        }
        let cpus = SimulatedHost.cpuCount
        if nanoCpus < 0 || nanoCpus > Int64(cpus) * 1_000_000_000 {
            throw invalid("Range of CPUs is from 0.01 to \(cpus).00, as there are only \(cpus) CPUs available")
        }
    }

    /// Checks a new container's limits and fills in the daemon's defaults
    /// (`adaptContainerSettings`: a memory limit without a swap limit gets twice as much swap).
    static func adaptResources(_ hostConfig: inout HostConfig) throws(DockerError) {
        try verifyResources(
            memory: hostConfig.memory, memorySwap: hostConfig.memorySwap,
            memoryReservation: hostConfig.memoryReservation, nanoCpus: hostConfig.nanoCpus, update: false)
        // Go's int64 product: past 2⁶³ it wraps, as the daemon's does (`-m 5000000000000000000`).
        if hostConfig.memory > 0 && hostConfig.memorySwap == 0 { hostConfig.memorySwap = hostConfig.memory &* 2 }
    }

    /// `docker update`: checks the request, then changes the container's limits (and restart
    /// policy) as `UpdateContainer` does; on any error nothing changes.
    /// - Throws: the daemon's errors: the checks of ``verifyResources(memory:memorySwap:memoryReservation:nanoCpus:update:)``,
    ///   `No such container`, and the conflicts (`Cannot update container ID: …`).
    public mutating func updateContainer(_ name: String, _ request: ResourceUpdate) throws(DockerError) {
        settle()
        try Self.verifyResources(
            memory: request.memory, memorySwap: request.memorySwap, memoryReservation: request.memoryReservation,
            nanoCpus: request.nanoCpus, update: true)
        if let policy = request.restartPolicy, !policy.name.isEmpty { try Self.validate(policy) }
        let container = try findContainer(name)
        var host = container.hostConfig
        func conflict(_ message: String) -> DockerError {
            .daemon("Cannot update container \(container.id): \(message)", kind: .conflict)
        }
        if request.cpuShares != 0 { host.cpuShares = request.cpuShares }
        if request.nanoCpus != 0 { host.nanoCpus = request.nanoCpus }
        if request.memory != 0 {
            if request.memory > host.memorySwap && request.memorySwap == 0 {
                throw conflict(
                    "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time"
                )
            }
            host.memory = request.memory
        }
        if request.memorySwap != 0 { host.memorySwap = request.memorySwap }
        if request.memoryReservation != 0 { host.memoryReservation = request.memoryReservation }
        if let policy = request.restartPolicy, !policy.name.isEmpty {
            if host.autoRemove && policy.name != "no" {
                throw conflict("Restart policy cannot be updated because AutoRemove is enabled for the container")
            }
            host.restartPolicy = policy
        }
        containers.update(container.id) { $0.hostConfig = host }
    }
}
