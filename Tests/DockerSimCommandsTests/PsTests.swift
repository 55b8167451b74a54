import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// BusyBox's `ps` in an Alpine container: the container's processes numbered as its PID
/// namespace sees them, the same processes `docker top` shows with host PIDs.
@Suite struct PsTests {
    @Test func processOneIsTheMainProcess() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 3)
        session.run("docker run -it --name alp alpine")
        #expect(
            session.run("ps").stdout
                == "PID   USER     TIME  COMMAND\n    1 root      0:00 /bin/sh\n    7 root      0:00 ps\n")
        #expect(session.run("ps aux").stdout.hasSuffix("    7 root      0:00 ps aux\n"), "words without - are ignored")
        let bad = session.run("ps -x")
        #expect(bad.text.hasPrefix("ps: unrecognized option: x\nBusyBox v1.36.1"), "a terminal: one stream")
        #expect(bad.status == 1)
        #expect(session.run("ps -o pid").text == "dockersim: 'ps -o' is not simulated yet\n")
        session.run("exit")
    }

    @Test func theSameProcessesAsDockerTop() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 4)
        session.run("docker run -d --name loop alpine sh -c \"while true; do sleep 1; done\"")
        let ps = session.run("docker exec loop ps").stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: " ", maxSplits: 4).map(String.init)
        }
        let top = session.run("docker top loop").stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        let base = Int(top[0][1])!
        #expect(ps.count == top.count + 1, "ps adds itself")
        for (inside, host) in zip(ps, top) {
            #expect(Int(inside[0])! == Int(host[1])! - base + 1)
        }
        #expect(session.run("docker run --rm ubuntu ps").stderr.contains("ps"))
    }
}
