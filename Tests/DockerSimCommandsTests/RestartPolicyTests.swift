import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The daemon's restart policies: which exits bring a container back, the back-off between
/// restarts, and what a stop, a kill or a start by hand does to them.
@Suite struct RestartPolicyTests {
    func session(_ lines: String...) -> Session {
        let session = makeSession(seed: 5)
        #expect(session.handle("pull alpine").status == 0)
        for line in lines { #expect(session.handle(line).status == 0, "\(line)") }
        return session
    }

    func field(_ session: Session, _ template: String, _ name: String) -> String {
        session.handle("inspect -f '\(template)' \(name)").stdout.trimmingCharacters(in: .newlines)
    }

    /// A shell with no input ends at once: `always` starts it again after 0.1 s, 0.2 s, 0.4 s…
    @Test func alwaysBacksOffByDoubling() {
        let session = session("run -d --name loop --restart always alpine ash")
        #expect(field(session, "{{.State.Status}} {{.State.Running}} {{.RestartCount}}", "loop") == "restarting true 1")
        // Restarts at 0.1, 0.3, 0.7, 1.5, 3.1, 6.3, 12.7, 25.5 s: eight more by 30 s.
        session.advance(by: 30)
        #expect(field(session, "{{.RestartCount}}", "loop") == "9")
        #expect(session.handle("ps").stdout.contains("Restarting (0) 4 seconds ago"))
        #expect(
            field(session, "{{json .HostConfig.RestartPolicy}}", "loop") == #"{"Name":"always","MaximumRetryCount":0}"#)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    /// `on-failure:2` restarts a failing process twice, then leaves it exited; a clean exit
    /// is never restarted.
    @Test func onFailureStopsAtItsCount() {
        let session = session(
            "run -d --name fails --restart on-failure:2 alpine sh -c 'exit 3'",
            "run -d --name clean --restart on-failure alpine true")
        session.advance(by: 5)
        #expect(field(session, "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", "fails") == "exited 3 2")
        #expect(field(session, "{{.State.Status}} {{.RestartCount}}", "clean") == "exited 0")
    }

    /// A process that ran 10 s or more starts the back-off over; a start by hand resets the count.
    @Test func longRunsResetTheBackOff() {
        let session = session("run -d --name sleeper --restart unless-stopped alpine sleep 20")
        session.advance(by: 20.2)
        #expect(field(session, "{{.State.Status}} {{.RestartCount}}", "sleeper") == "running 1")
        #expect(field(session, "{{.State.StartedAt}}", "sleeper") == "2024-01-28T17:00:20.1Z")
        #expect(session.handle("stop sleeper").status == 0)
        #expect(session.handle("start sleeper").status == 0)
        #expect(field(session, "{{.RestartCount}}", "sleeper") == "0")
    }

    /// `stop` and `kill` call the restart off at once (no ten-second wait): the container stays
    /// exited with the status it had; `docker exec` is refused while it waits.
    @Test func stopCallsTheRestartOff() {
        let session = session("run -d --name loop --restart always alpine ash")
        let start = session.engine.now
        #expect(
            session.handle("exec loop hostname").stderr.hasSuffix(
                "is restarting, wait until the container is running\n"))
        #expect(session.handle("stop loop").stdout == "loop\n")
        #expect(session.engine.now == start)
        #expect(field(session, "{{.State.Status}} {{.State.ExitCode}}", "loop") == "exited 0")
        session.advance(by: 5)
        #expect(field(session, "{{.State.Status}}", "loop") == "exited")
        #expect(session.engine.invariantViolations().isEmpty)
    }

    /// `no` (the default) and a stop by hand of a running service: nothing comes back.
    @Test func stoppedServicesStayStopped() {
        let session = session("run -d --name svc --restart always alpine sleep 100")
        #expect(session.handle("stop svc").status == 0)
        session.advance(by: 120)
        #expect(field(session, "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", "svc") == "exited 137 0")
    }
}
