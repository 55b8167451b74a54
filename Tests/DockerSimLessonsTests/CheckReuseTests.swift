import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

@testable import DockerSimLessons

/// `lesson verify` and the lesson commands work out a step's checks once per state (issue 18):
/// the answers they reuse must be the ones worked out again.
@Suite("Checks worked out once per state")
struct CheckReuseTests {
    static let text = """
        id: reuso
        title.en: Reuse
        setup: pull ubuntu
        ## step uno
        text.en: Create c1.
        check: container-exists c1
        question: cuantos
        ask.en: How many containers?
        kind: number
        expect: 1
        answer: 1
        solution: create --name c1 ubuntu
        """

    static func step() throws -> Step {
        let (lesson, diagnostics) = LessonParser.parse(text, file: "reuso.md")
        #expect(diagnostics.isEmpty)
        return try #require(lesson?.steps.first)
    }

    @Test("a play told whether the checks hold at its start ends as one that works it out")
    func playWithKnownStart() throws {
        let step = try Self.step()
        let lesson = try #require(LessonParser.parse(Self.text, file: "reuso.md").lesson)
        let session = Session(engine: makeEngine())
        _ = session.handle("pull ubuntu")
        let start = session.engine
        for commands in [[], ["create --name c1 ubuntu"], ["create --name c2 ubuntu"]] {
            let fresh = LessonVerifier.play(
                step, commands: commands, replies: [("cuantos", "1")], from: start, lesson: lesson)
            let told = LessonVerifier.play(
                step, commands: commands, replies: [("cuantos", "1")], from: start,
                holdsAtStart: step.checks.allSatisfy { $0.holds(start) }, lesson: lesson)
            #expect(fresh.tasksDone == told.tasksDone && fresh.complete == told.complete, "\(commands)")
            #expect(fresh.correct == told.correct, "\(commands)")
        }
        // What it is told is used only while nothing has run: told that the checks fail where
        // they hold, a play without commands believes it; one command later they are asked again.
        _ = session.handle("create --name c1 ubuntu")
        let done = session.engine
        let believed = LessonVerifier.play(
            step, commands: [], replies: [], from: done, holdsAtStart: false, lesson: lesson)
        #expect(!believed.tasksDone)
        let asked = LessonVerifier.play(
            step, commands: ["create --name c2 ubuntu"], replies: [], from: done, holdsAtStart: false, lesson: lesson)
        #expect(asked.tasksDone)
    }

    @Test("check and answer print each check's answer on the state typed in")
    func checkAndAnswer() throws {
        let lesson = try #require(LessonParser.parse(Self.text, file: "reuso.md").lesson)
        let ana = Student(language: .en, catalog: LessonCatalog(lessons: [lesson]))
        ana.type("lesson start reuso")
        #expect(ana.type("check").contains("✘ "))
        #expect(ana.type("answer 1").contains("Not yet: first this has to hold:"))
        ana.type("create --name c1 ubuntu")
        let checked = ana.type("check")
        #expect(checked.contains("✔ ") && !checked.contains("✘ Container"))
    }
}
