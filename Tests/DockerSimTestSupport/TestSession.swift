import DockerSimCommands
import DockerSimCore

/// The moment the course recorded the seed (2024-01-28, 18:00 in Spain).
public let seedEvening = "2024-01-28T18:00:00+01:00"

/// A simulator for a test: a fresh engine on the manual clock, started at `time` (RFC 3339),
/// with container IDs and names drawn from `seed`, so every run prints the same.
public func makeSession(at time: String = seedEvening, seed: UInt64 = 1) -> Session {
    Session(engine: makeEngine(at: time, seed: seed))
}

/// A fresh engine on the manual clock (see ``makeSession(at:seed:)``).
public func makeEngine(at time: String = seedEvening, seed: UInt64 = 1) -> Engine {
    guard let start = Timestamp(rfc3339: time) else { preconditionFailure("bad test clock \(time)") }
    return Engine(clock: .manual(at: start), seed: seed)
}

extension Session {
    /// Runs each line in turn and returns what the last one printed.
    @discardableResult
    public func run(_ lines: String...) -> CommandOutput {
        var output = CommandOutput()
        for line in lines { output = handle(line) }
        return output
    }
}
