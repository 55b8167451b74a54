import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `test -t FD`: whether the descriptor is the terminal, as the command is wired (bash's
/// `isatty` on a legal number).
@Suite struct TestTerminalTests {
    @Test func descriptorsAreTheTerminalUntilRedirected() {
        let session = makeSession()
        #expect(session.run("[ -t 1 ] && echo si").stdout == "si\n")
        #expect(session.run("test -t 1 > f; echo $?").stdout == "1\n")
        #expect(session.run("[ -t 1 ] | cat && echo cat").stdout == "cat\n")
        #expect(session.run("echo x | test -t 0 && echo si || echo no").stdout == "no\n")
        #expect(session.run("[ -t 0 ] && echo si").stdout == "si\n")
        #expect(session.run("[ -t 7 ]; echo $?").stdout == "1\n")
        #expect(session.run("[ -t uno ]; echo $?").stdout == "1\n")
        session.run("docker run -d --name loop ubuntu bash -c 'while true; do sleep 1; done'")
        #expect(session.run("docker exec loop bash -c '[ -t 1 ]; echo $?'").stdout == "1\n", "no -t: no terminal")
    }
}
