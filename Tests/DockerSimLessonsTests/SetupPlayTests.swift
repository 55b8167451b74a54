import DockerSimCore
import Testing

@testable import DockerSimLessons

/// A lesson's set-up is played once per process on a manual clock (``SetupPlay``): the
/// remembered play must be the play made afresh, for every lesson and every set of caps.
@Suite("Lesson set-ups played once")
struct SetupPlayTests {
    static let start = Timestamp(rfc3339: "2024-01-28T18:00:00+01:00") ?? .zero

    static func agree(_ remembered: SetupPlay, _ made: SetupPlay) -> Bool {
        remembered.engine.stateFingerprint() == made.engine.stateFingerprint()
            && remembered.output == made.output
            && remembered.failures.map(\.line) == made.failures.map(\.line)
            && remembered.failures.map(\.stderr) == made.failures.map(\.stderr)
    }

    @Test("every lesson's remembered set-up is the one made afresh", arguments: Fixtures.lessonIDs)
    func rememberedIsMade(_ id: String) throws {
        let lesson = try Fixtures.lesson(id)
        let lines = lesson.setup.map(\.text)
        let clock = SimClock.manual(at: lesson.clock ?? Self.start)
        let first = SetupPlay.play(lines, clock: clock, seed: lesson.seed, limits: .standard)
        let again = SetupPlay.play(lines, clock: clock, seed: lesson.seed, limits: .standard)
        let made = SetupPlay.make(lines, clock: clock, seed: lesson.seed, limits: .standard)
        #expect(Self.agree(first, made))
        #expect(Self.agree(again, made))
        #expect(made.failures.isEmpty, "the built-in lessons' set-ups succeed")
        #expect(made.engine.invariantViolations().isEmpty)
    }

    @Test("other caps, another seed or another time are other plays")
    func keysKeepPlaysApart() {
        let lines = ["pull ubuntu", "run --name c1 ubuntu", "run -d --name c2 ubuntu sleep 100"]
        let clock = SimClock.manual(at: Self.start)
        var tight = Limits.standard
        tight.commandsWithoutPause = 1
        // Played with the standard caps first, so that a memory keyed without them would answer.
        _ = SetupPlay.play(lines, clock: clock, seed: 7, limits: .standard)
        let tightPlay = SetupPlay.play(lines, clock: clock, seed: 7, limits: tight)
        #expect(tightPlay.engine.limits == tight)
        #expect(Self.agree(tightPlay, SetupPlay.make(lines, clock: clock, seed: 7, limits: tight)))
        let otherSeed = SetupPlay.play(lines, clock: clock, seed: 8, limits: .standard)
        #expect(Self.agree(otherSeed, SetupPlay.make(lines, clock: clock, seed: 8, limits: .standard)))
        let later = SimClock.manual(at: Self.start.adding(seconds: 60))
        let laterPlay = SetupPlay.play(lines, clock: later, seed: 7, limits: .standard)
        #expect(laterPlay.engine.now == Self.start.adding(seconds: 60))
        #expect(Self.agree(laterPlay, SetupPlay.make(lines, clock: later, seed: 7, limits: .standard)))
    }

    @Test("failing lines are reported by index, as a lesson's start prints them")
    func failuresByLine() {
        let lines = ["pull ubuntu", "rmi nosuchimage", "mkdir -p /home/usuario/web", "docker volume rm nada"]
        let play = SetupPlay.play(lines, clock: .manual(at: Self.start), seed: 3, limits: .standard)
        #expect(play.failures.map(\.line) == [1, 3])
        #expect(play.failures[0].stderr == "Error response from daemon: No such image: nosuchimage:latest\n")
        #expect(play.failures[1].stderr == "Error response from daemon: get nada: no such volume\n")
        #expect(play.output.status == 1)
        #expect(play.output.stderr == play.failures.map(\.stderr).joined())
    }

    @Test("lesson verify points at the set-up line that fails")
    func verifyPointsAtTheLine() throws {
        let text = """
            id: preparacion-rota
            title.en: Broken set-up
            setup:
              pull ubuntu
              rmi nosuchimage

            ## step uno
            text.en: Create a container.
            check: container-exists c1
            solution: run --name c1 ubuntu
            """
        let (parsed, diagnostics) = LessonParser.parse(text, file: "rota.md")
        #expect(diagnostics.isEmpty)
        let lesson = try #require(parsed)
        let problems = LessonVerifier.verifySteps(lesson).map { $0.description(.en) }
        let expected =
            "rota.md:5:3: set-up command fails: Error response from daemon: No such image: nosuchimage:latest"
        #expect(problems == [expected])
    }
}
