import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The session keeps a context between docker commands (its stand-in engine inside, so it is not
/// copied); a kept context must come back as new as one made for the command.
@Suite struct CommandContextTests {
    @Test func recycledContextIsNewButForItsEngine() {
        let engine = Engine(clock: .manual(at: Timestamp(seconds: 5)), seed: 3)
        var used = CommandContext(engine: engine)
        used.out("printed\n")
        used.output.status = 3
        used.hasTerminal = false
        used.terminalWidth = 7
        used.invokedAs = "docker image ls"
        used.confirmation = { _ in 1 }
        used.confirmationAccepts = { _ in true }
        used.reader = LineRequest { _, _ in 2 }
        used.stdin = "input"
        used.stdoutIsTerminal = false
        used.stdoutFile = FileContent(bytes: [1, 2])
        used.attach = .mainShell(containerID: "abc")
        used.language = .es
        let recycled = used.recycled()
        let new = CommandContext(engine: engine)
        #expect(recycled.output == new.output)
        #expect(recycled.hasTerminal == new.hasTerminal)
        #expect(recycled.terminalWidth == new.terminalWidth)
        #expect(recycled.invokedAs == new.invokedAs)
        #expect(recycled.confirmation == nil && recycled.confirmationAccepts == nil && recycled.reader == nil)
        #expect(recycled.stdin == new.stdin)
        #expect(recycled.stdoutIsTerminal == new.stdoutIsTerminal)
        #expect(recycled.stdoutFile == nil)
        #expect(recycled.attach == new.attach)
        #expect(recycled.language == new.language)
        #expect(recycled.engine.seed == 3 && recycled.engine.now == Timestamp(seconds: 5))
    }

    /// Docker commands one after another through the host shell: what one left in its context
    /// (a question, an attach request, its output) does not reach the next.
    @Test func keptContextsCarryNothingToTheNextCommand() {
        func newSession() -> Session {
            Session(engine: Engine(clock: .manual(at: Timestamp(seconds: 1_000_000)), seed: 1))
        }
        let session = newSession()
        _ = session.handle("docker container prune")
        #expect(session.handle("n").status == 0)
        _ = session.handle("docker network create red")
        let listed = session.handle("docker ps")
        #expect(listed == newSession().handle("docker ps"))
        #expect(!session.inContainer)
        #expect(session.handle("docker rm nada").status == 1)
        #expect(session.handle("docker network ls").status == 0)
    }
}
