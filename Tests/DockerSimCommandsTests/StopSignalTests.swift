import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker stop --signal` (moby's daemon/stop.go): the signal sent instead of the container's
/// stop signal, parsed only for a running container; SIGKILL after the timeout as before.
/// `docker kill --signal` (daemon/kill.go): parsed before the container is looked up; a PID 1
/// without a handler goes on, a service that handles it shuts down, and neither restarts.
@Suite struct StopSignalTests {
    static func session() -> Session {
        let session = newSession()
        _ = run(session, ["pull ubuntu", "pull nginx"])
        return session
    }

    static func status(_ session: Session, _ name: String) -> String {
        session.handle("ps -a --filter name=^\(name)$ --format '{{.Status}}'").stdout
    }

    @Test func theSignalReplacesTheStopSignal() {
        let session = Self.session()
        _ = run(session, ["run -d --name c4 ubuntu sleep 1000", "run -d --name web nginx"])
        let start = session.engine.now
        // SIGKILL ends `sleep` at once (SIGTERM is ignored by a PID 1 without a handler: 10 s).
        let killed = session.handle("stop -s SIGKILL c4")
        #expect(killed.stdout == "c4\n")
        #expect(killed.status == 0)
        #expect(session.engine.now == start)
        #expect(Self.status(session, "c4").hasPrefix("Exited (137)"))
        // nginx shuts down gracefully on SIGQUIT (exit 0) but not on SIGHUP (a reload): killed
        // after the timeout.
        #expect(session.handle("stop --signal quit web").stdout == "web\n")
        #expect(Self.status(session, "web").hasPrefix("Exited (0)"))
        _ = session.handle("start web")
        let beforeHup = session.engine.now
        #expect(session.handle("stop -s 1 -t 3 web").stdout == "web\n")
        #expect(session.engine.now == beforeHup.adding(seconds: 3))
        #expect(Self.status(session, "web").hasPrefix("Exited (137)"))
        let kills = session.handle(
            "events --since 0 --until 0s --filter event=kill --format '{{.Actor.Attributes.signal}}'")
        #expect(kills.stdout == "9\n3\n1\n9\n")
    }

    @Test func killSendsTheSignalAndOnlyHandlersEnd() {
        let session = Self.session()
        _ = run(session, ["run -d --name c4 ubuntu sleep 1000", "run -d --restart always --name web nginx"])
        let ignored = session.handle("kill -s TERM c4")
        #expect(ignored.stdout == "c4\n")
        #expect(ignored.status == 0)
        #expect(Self.status(session, "c4").hasPrefix("Up"), "PID 1 without a handler ignores SIGTERM")
        #expect(session.handle("kill -s SIGTERM web").stdout == "web\n")
        #expect(Self.status(session, "web").hasPrefix("Exited (0)"))
        _ = session.handle("sleep 5")
        #expect(Self.status(session, "web").hasPrefix("Exited (0)"), "a killed container is not restarted")
        #expect(session.handle("kill c4").stdout == "c4\n")
        #expect(Self.status(session, "c4").hasPrefix("Exited (137)"))
        let kills = session.handle(
            "events --since 0 --until 0s --filter event=kill --format '{{.Actor.Attributes.signal}}'")
        #expect(kills.stdout == "15\n15\n9\n")
        let bad = session.handle("kill -s NOPE c4 nada")
        #expect(bad.status == 1)
        #expect(bad.stdout == "")
        #expect(
            bad.stderr == "Error response from daemon: invalid signal: NOPE\n"
                + "Error response from daemon: invalid signal: NOPE\n")
    }

    @Test func aBadSignalIsTheDaemonsErrorForRunningContainersOnly() {
        let session = Self.session()
        _ = run(session, ["run -d --name up ubuntu sleep 1000", "run --name down ubuntu true"])
        let result = session.handle("stop -s SIGWHAT up down nada")
        #expect(result.status == 1)
        #expect(result.stdout == "down\n")
        #expect(
            result.stderr
                == "Error response from daemon: invalid signal: SIGWHAT\nError response from daemon: No such container: nada\n"
        )
        #expect(Self.status(session, "up").hasPrefix("Up"))
        #expect(session.handle("stop -s 0 up").stderr == "Error response from daemon: invalid signal: 0\n")
    }
}
