import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// What the session lends instead of moving (issue 18: the engine, the attached shell).
@Suite struct SessionMovesTests {
    /// A context over a borrowed engine changes that engine in place: nothing is copied back.
    @Test func borrowedContextChangesTheCallersEngine() {
        var engine = Engine(clock: .manual(at: .zero), seed: 1)
        let before = engine.now
        let seen = CommandContext.borrowing(&engine) { context -> Timestamp in
            context.engine.advance(by: 5)
            return context.engine.now
        }
        #expect(engine.now == seen)
        #expect(engine.now.interval(since: before) == 5)
    }

    /// A context that owns its engine keeps its changes, and a command run through it
    /// (`Session.runDocker`) changes the session's engine.
    @Test func ownedContextAndSessionCommands() {
        var context = CommandContext(engine: Engine(clock: .manual(at: .zero), seed: 1))
        context.engine.advance(by: 2)
        #expect(context.engine.now.interval(since: .zero) == 2)
        let session = makeSession()
        session.handle("docker pull ubuntu")
        let output = session.runDocker(["create", "--name", "c1", "ubuntu"])
        #expect(output.status == 0)
        #expect(session.engine.containerNames["c1"] != nil)
    }

    /// `resolve` looks a top-level command up before a group: right only while no name is both.
    @Test func topLevelAndGroupNamesAreDisjoint() {
        let shared = Set(CommandTable.topLevel.keys).intersection(CommandTable.groups.keys)
        #expect(shared.isEmpty, "\(shared.sorted())")
        for (name, _) in CommandTable.groups {
            guard case .success(let (entry, rest)) = CommandTable.resolve([name, "ls"]) else { continue }
            #expect(entry.spec.path.hasPrefix("docker \(name)"))
            #expect(rest.isEmpty)
        }
    }

    /// The attached shell runs in place in its box: its working directory and history carry
    /// from line to line, and `exit` saves the history into the container.
    @Test func attachedShellKeepsItsStateBetweenLines() {
        let session = makeSession()
        session.handle("docker pull ubuntu")
        session.handle("docker run -it --name c1 ubuntu")
        #expect(session.attached?.tty == true)
        #expect(session.inContainer)
        session.handle("cd /tmp")
        #expect(session.prompt.hasSuffix(":/tmp# "))
        #expect(session.attached?.shell.sessionHistory == ["cd /tmp"])
        session.handle("exit")
        #expect(session.attached == nil)
        #expect(!session.inContainer)
        // Started again, bash loads the history its last `exit` saved.
        #expect(session.handle("docker start -ai c1").status == 0)
        #expect(session.attached != nil)
        #expect(session.handle("history").stdout.contains("cd /tmp"))
    }
}
