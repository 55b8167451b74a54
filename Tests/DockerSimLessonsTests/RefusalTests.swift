import DockerSimCommands
import DockerSimCore
import Testing

@testable import DockerSimLessons

/// Every lesson's checks and questions can fail: each step documents a wrong attempt that is
/// refused, each question a known wrong answer that is judged wrong, and nothing already holds
/// when a step starts. Replayed here directly (not through `lesson verify`), from the state
/// each step starts in, so that a lesson whose checks pass anything fails this test.
@Suite("Every lesson refuses wrong work")
struct RefusalTests {
    /// The states each step starts in, following the reference solution: the set-up, then each
    /// step's demonstration and solution.
    static func startStates(_ lesson: Lesson) -> [Engine] {
        let start = lesson.clock ?? Timestamp(rfc3339: "2024-01-28T18:00:00+01:00") ?? .zero
        let session = Session(engine: Engine(clock: .manual(at: start), seed: lesson.seed))
        _ = LessonRunner.run(lesson.setup.map(\.text), on: session, echo: false)
        var states: [Engine] = []
        for step in lesson.steps {
            _ = LessonRunner.run(step.demo.map(\.text), on: session, echo: false)
            states.append(session.engine)
            let replies = step.questions.map { ($0.id, $0.answer ?? $0.expect) }
            let outcome = LessonVerifier.play(
                step, commands: step.solution.map(\.text), replies: replies, from: session.engine, lesson: lesson)
            session.engine = outcome.engine
        }
        return states
    }

    @Test("every step: a wrong attempt is refused, the reference solution is accepted", arguments: Fixtures.lessonIDs)
    func steps(id: String) throws {
        let lesson = try Fixtures.lesson(id)
        let states = Self.startStates(lesson)
        for (step, state) in zip(lesson.steps, states) {
            let name = "\(lesson.id)/\(step.id)"
            #expect(!step.attempts.isEmpty, "\(name) documents a wrong attempt")
            if !step.checks.isEmpty {
                #expect(!step.checks.allSatisfy { $0.holds(state) }, "\(name): its tasks do not hold when it starts")
            }
            for attempt in step.attempts {
                let outcome = LessonVerifier.play(
                    step, commands: attempt.commands.map(\.text),
                    replies: attempt.replies.map { ($0.question, $0.text) },
                    from: state, lesson: lesson)
                #expect(!outcome.complete, "\(name): wrong attempt '\(attempt.name)' is refused")
            }
            let replies = step.questions.map { ($0.id, $0.answer ?? $0.expect) }
            let reference = LessonVerifier.play(
                step, commands: step.solution.map(\.text), replies: replies, from: state, lesson: lesson)
            #expect(reference.complete, "\(name): the reference solution passes")
        }
    }

    @Test("every question: a known wrong answer is judged wrong, with its own feedback", arguments: Fixtures.lessonIDs)
    func questions(id: String) throws {
        let lesson = try Fixtures.lesson(id)
        let states = Self.startStates(lesson)
        for (step, state) in zip(lesson.steps, states) {
            let replies = step.questions.map { ($0.id, $0.answer ?? $0.expect) }
            let reference = LessonVerifier.play(
                step, commands: step.solution.map(\.text), replies: replies, from: state, lesson: lesson)
            for question in step.questions {
                let name = "\(lesson.id)/\(step.id)/\(question.id)"
                #expect(!question.wrongs.isEmpty, "\(name) has a known wrong answer")
                let judged = reference.answerEngine[question.id] ?? reference.engine
                for wrong in question.wrongs {
                    let typed = LessonVerifier.studentForm(wrong.answer, question, judged)
                    let verdict = question.judge(typed, engine: judged, defaultTolerance: lesson.tolerance)
                    #expect(!verdict.correct, "\(name): '\(wrong.answer)' is refused")
                    #expect(verdict.feedback == wrong.feedback, "\(name): '\(wrong.answer)' gets its feedback")
                }
                let right = question.judge(
                    question.answer ?? question.expect, engine: judged, defaultTolerance: lesson.tolerance)
                #expect(right.correct, "\(name): the reference answer is right")
            }
        }
    }

    @Test("a lesson whose check holds for anything fails the refusal test")
    func detectsAPermissiveCheck() throws {
        let text = """
            id: permisiva
            title.en: Permissive
            ## step uno
            text.en: Run a container named web.
            check: not container-exists nadie
            question: ok
            ask.en: Ready?
            kind: yesno
            expect: yes
            wrong: no
            feedback.en: Really?
            answer: yes
            solution: run --name web hello-world
            attempt: nada
            reply: ok yes
            """
        let (parsed, diagnostics) = LessonParser.parse(text, file: "permisiva.md")
        let lesson = try #require(parsed, "\(diagnostics)")
        let state = try #require(Self.startStates(lesson).first)
        let step = lesson.steps[0]
        #expect(step.checks.allSatisfy { $0.holds(state) }, "the check already holds: nothing to do")
        let attempt = step.attempts[0]
        let outcome = LessonVerifier.play(
            step, commands: attempt.commands.map(\.text), replies: attempt.replies.map { ($0.question, $0.text) },
            from: state, lesson: lesson)
        #expect(outcome.complete, "so the documented wrong attempt passes, which steps(id:) reports")
        #expect(!LessonVerifier.verify(lesson).isEmpty, "and lesson verify refuses the lesson")
    }
}
