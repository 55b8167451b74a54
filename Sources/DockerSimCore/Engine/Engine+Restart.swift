// Source: moby v28.5.1 restartmanager/restartmanager.go (ShouldRestart: the policies, the
// back-off from 100 ms doubling to one minute, reset after 10 s of running), daemon/monitor.go
// (handleContainerExit: RestartCount, SetRestarting, the network released while it waits),
// daemon/kill.go (ExitOnNext: a stop or kill calls the restart off), daemon/start.go
// (ResetRestartManager on a start by hand), api/types/container/hostconfig.go
// (ValidateRestartPolicy).

/// Starts a container's main process when its restart policy brings it back: what the image's
/// programs do is the runtime's business, which the engine does not know. The shell provides it
/// (``Engine/launcher``); the container is already marked running when it is called, at the
/// time of the restart (``Engine/now``).
public protocol MainProcessLauncher: Sendable {
    /// Runs the main process of `containerID` as `docker start` would, detached.
    func launch(_ containerID: String, engine: inout Engine)
    /// How the running service of `containerID` answers `docker stop`'s signal: its exit status
    /// and how long it takes; nil when process 1 ignores the signal (no handler).
    func stopping(_ containerID: String, engine: Engine) -> ProgramSpec.Stop?
}

extension MainProcessLauncher {
    /// No handler: docker kills the process when the timeout ends.
    public func stopping(_ containerID: String, engine: Engine) -> ProgramSpec.Stop? { nil }
}

extension Engine {
    /// The restart manager's first wait, its longest, and how long a run resets it.
    static let restartBackoff = (initial: 0.1, maximum: 60.0, reset: 10.0)

    /// The daemon's check of a restart policy at create (`ValidateRestartPolicy`).
    public static func validate(_ policy: RestartPolicy) throws(DockerError) {
        switch policy.name {
        case "always", "unless-stopped", "no":
            guard policy.maximumRetryCount == 0 else {
                var message = "invalid restart policy: maximum retry count can only be used with 'on-failure'"
                if policy.maximumRetryCount < 0 { message += " and cannot be negative" }
                throw .daemon(message, kind: .invalidParameter)
            }
        case "on-failure":
            guard policy.maximumRetryCount >= 0 else {
                throw .daemon("invalid restart policy: maximum retry count cannot be negative", kind: .invalidParameter)
            }
        default:
            throw .daemon(
                "invalid restart policy: unknown policy '\(policy.name)'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
                kind: .invalidParameter)
        }
    }

    /// How long the container waits before its policy starts it again, after its main process
    /// ended by itself with `exitCode` at `time`; nil when the policy does not restart it.
    func restartDelay(_ container: Container, exitCode: Int32, at time: Timestamp) -> Double? {
        let policy = container.hostConfig.restartPolicy
        let restart: Bool
        switch policy.name {
        case "always", "unless-stopped":
            restart = true
        case "on-failure":
            let count = policy.maximumRetryCount
            restart = exitCode != 0 && (count == 0 || container.restartCount < count)
        default:
            return nil
        }
        guard restart else { return nil }
        let backoff = Self.restartBackoff
        var delay = container.restartDelay
        if time.interval(since: container.startedAt) >= backoff.reset { delay = 0 }
        delay = delay == 0 ? backoff.initial : min(delay * 2, backoff.maximum)
        return delay
    }

    /// Starts a `restarting` container again at `time`: its networking comes back and the
    /// launcher runs its main process.
    mutating func restart(_ id: String, at time: Timestamp) {
        eventTime = time
        defer { eventTime = nil }
        containers[id]?.restartDue = nil
        do {
            try setUpNetworking(id)
        } catch {
            // The daemon gives up: the container stays stopped with the exit it had.
            containers[id]?.status = .exited
            return
        }
        containers[id]?.status = .running
        containers[id]?.startedAt = time
        containers[id]?.process = .service
        prepareMounts(id)
        logVolumeMounts(id)
        logContainer(id: id, "start")
        launcher?.launch(id, engine: &self)
    }

    /// A stop or kill while the container waits to restart: the restart is called off and the
    /// container stays exited with the status it had.
    mutating func cancelRestart(_ id: String) {
        guard containers[id]?.status == .restarting else { return }
        containers[id]?.status = .exited
        containers[id]?.restartDue = nil
    }

    static func isRestarting(_ id: String) -> DockerError {
        .daemon("Container \(id) is restarting, wait until the container is running", kind: .conflict)
    }
}
