import DockerSimCommands
import DockerSimCore
import Foundation

/// `lesson lint` and `lesson verify`: every reference solution replayed in a fresh simulator
/// passes its step; every documented wrong attempt and wrong answer fails it.
public enum LessonVerifier {
    /// Parses and checks a lesson file's text: the format, then its solutions.
    public static func lint(_ text: String, file: String) -> [Diagnostic] {
        let (lesson, diagnostics) = LessonParser.parse(text, file: file)
        guard diagnostics.isEmpty, let lesson else { return diagnostics }
        return verify(lesson)
    }

    /// Replays the lesson's reference solution step by step, and its wrong attempts; when all
    /// of that passes, the whole solution typed into the lesson commands (``fullRun(_:)``).
    public static func verify(_ lesson: Lesson) -> [Diagnostic] {
        let problems = verifySteps(lesson)
        return problems.isEmpty ? fullRun(lesson) : problems
    }

    /// ``verify(_:)`` without its last part, ``fullRun(_:)``: the two are independent, so a
    /// caller may run them side by side and keep the full run's problems only when this finds none.
    public static func verifySteps(_ lesson: Lesson) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func problem(_ es: String, _ en: String, at location: SourceLocation) {
            problems.append(Diagnostic(file: lesson.file, location: location, es, en))
        }
        let start = verificationStart(lesson)
        // The set-up as a lesson's start plays it, pointing at the lines that fail.
        let setup = SetupPlay.play(
            lesson.setup.map(\.text), clock: .manual(at: start), seed: lesson.seed, limits: .standard)
        for failure in setup.failures {
            problem(
                "la orden de preparación falla: \(failure.stderr.lessonTrimmed)",
                "set-up command fails: \(failure.stderr.lessonTrimmed)", at: lesson.setup[failure.line].location)
        }
        let session = Session(engine: setup.engine)
        var engine = session.engine
        for step in lesson.steps {
            // The demonstration runs when the step starts.
            session.engine = engine
            // A demonstration may show an error on purpose (rmi refused): its status is not checked.
            _ = LessonRunner.run(step.demo.map(\.text), on: session, echo: false)
            engine = session.engine
            // Whether the checks hold when the step starts: each play below starts there too.
            let holdsAtStart = !step.checks.isEmpty && step.checks.allSatisfy { $0.holds(engine) }
            if holdsAtStart {
                problem(
                    "las comprobaciones del paso '\(step.id)' ya se cumplen al empezarlo: el alumno no tiene nada que hacer",
                    "the checks of step '\(step.id)' already hold when it starts: the student has nothing to do",
                    at: step.location)
            }
            for attempt in step.attempts {
                let outcome = play(
                    step, commands: attempt.commands.map(\.text),
                    replies: attempt.replies.map { ($0.question, $0.text) },
                    from: engine, holdsAtStart: holdsAtStart, lesson: lesson)
                if outcome.complete {
                    problem(
                        "el intento erróneo '\(attempt.name)' supera el paso '\(step.id)'; tiene que fallar",
                        "wrong attempt '\(attempt.name)' passes step '\(step.id)'; it must fail", at: attempt.location)
                }
            }
            let replies = step.questions.map { ($0.id, $0.answer ?? $0.expect) }
            let outcome = play(
                step, commands: step.solution.map(\.text), replies: replies, from: engine,
                holdsAtStart: holdsAtStart, lesson: lesson)
            for failure in outcome.failedCommands {
                if let line = step.solution.first(where: { $0.text == failure.line }) {
                    problem(
                        "una orden de la solución falla: \(failure.message)",
                        "solution command fails: \(failure.message)",
                        at: line.location)
                }
            }
            if !outcome.tasksDone {
                for check in step.checks where !check.holds(outcome.engine) {
                    problem(
                        "tras la solución de referencia esta comprobación falla: \(check.source)",
                        "after the reference solution, this check fails: \(check.source)", at: check.location)
                }
                if step.checks.allSatisfy({ $0.holds(outcome.engine) }) {
                    problem(
                        "las comprobaciones del paso '\(step.id)' nunca se cumplen a la vez durante la solución de referencia",
                        "the checks of step '\(step.id)' never hold together during the reference solution",
                        at: step.location)
                }
            }
            for question in step.questions {
                let reference = question.answer ?? question.expect
                if outcome.correct[question.id] != true {
                    var detail = ""
                    if question.kind == .size || question.kind == .number,
                        let value = try? Expression.parse(question.expect).evaluate(outcome.engine)
                    {
                        detail = " (expect: \(question.expect) = \(Int64(value)))"
                    }
                    problem(
                        "la respuesta de referencia '\(reference)' de la pregunta '\(question.id)' se corrige como mala\(detail)",
                        "the reference answer '\(reference)' of question '\(question.id)' is judged wrong\(detail)",
                        at: question.location)
                }
                for wrong in question.wrongs {
                    let state = outcome.answerEngine[question.id] ?? outcome.engine
                    let verdict = question.judge(
                        studentForm(wrong.answer, question, state), engine: state,
                        defaultTolerance: lesson.tolerance)
                    if verdict.correct {
                        problem(
                            "la respuesta errónea conocida '\(wrong.answer)' se acepta como buena",
                            "the known wrong answer '\(wrong.answer)' is accepted as right", at: wrong.location)
                    } else if verdict.feedback != wrong.feedback {
                        problem(
                            "la respuesta errónea conocida '\(wrong.answer)' no recibe su comentario (otro coincide antes, o no se puede leer)",
                            "the known wrong answer '\(wrong.answer)' does not get its feedback (another one matches first, or it cannot be read)",
                            at: wrong.location)
                    }
                }
            }
            engine = outcome.engine
        }
        problems += revealing(lesson)
        return problems
    }

    /// The time a lesson's verification starts at: its own clock, else the moment a transcript
    /// without one starts at (``Replayer/defaultClock``).
    static func verificationStart(_ lesson: Lesson) -> Timestamp { lesson.clock ?? Replayer.defaultClock }

    /// Feedback and options must not give away an answer: a wrong answer's feedback (or an
    /// option's text) that holds the reference answer of a question of its step is reported.
    static func revealing(_ lesson: Lesson) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for step in lesson.steps {
            let secrets: [(question: Question, text: String)] = step.questions.compactMap { question in
                guard [.size, .number, .container, .image, .text].contains(question.kind),
                    let answer = question.answer?.lessonTrimmed, answer.count >= 2
                else { return nil }
                return (question, answer)
            }
            // Each secret's forms, made once for all the texts of the step (a size or a number
            // also with a space between its digits and its unit: `40 mb` for `40mb`).
            let forms: [[String]] = secrets.map { secret in
                let answer = secret.text.lowercased()
                guard secret.question.kind == .size || secret.question.kind == .number else { return [answer] }
                return [answer, Self.spacedUnits(answer)]
            }
            func reveals(_ text: String) -> (question: Question, text: String)? {
                let lower = text.lowercased()
                guard let index = forms.firstIndex(where: { $0.contains { Self.containsWord(lower, $0) } }) else {
                    return nil
                }
                return secrets[index]
            }
            for question in step.questions {
                for wrong in question.wrongs {
                    for text in [wrong.feedback.es, wrong.feedback.en].compactMap({ $0 }) {
                        if let secret = reveals(text) {
                            problems.append(
                                Diagnostic(
                                    file: lesson.file, location: wrong.location,
                                    "el comentario de la respuesta errónea '\(wrong.answer)' revela la respuesta de '\(secret.question.id)' (\(secret.text))",
                                    "the feedback of the wrong answer '\(wrong.answer)' gives away the answer of '\(secret.question.id)' (\(secret.text))"
                                ))
                            break
                        }
                    }
                }
                for option in question.options {
                    for text in [option.text.es, option.text.en].compactMap({ $0 }) {
                        if let secret = reveals(text), secret.question.id != question.id {
                            problems.append(
                                Diagnostic(
                                    file: lesson.file, location: question.location,
                                    "la opción \(option.key) de '\(question.id)' revela la respuesta de '\(secret.question.id)' (\(secret.text))",
                                    "option \(option.key) of '\(question.id)' gives away the answer of '\(secret.question.id)' (\(secret.text))"
                                ))
                            break
                        }
                    }
                }
            }
        }
        return problems
    }

    /// `text` with a space between each ASCII digit and an ASCII lower-case letter right after
    /// it (`40mb` → `40 mb`): what replacing the regular expression `([0-9])([a-z])` with `$1 $2`
    /// gives, without compiling one (ICU's regular expressions cost more than the rest of the
    /// check). The pairs the expression finds never overlap (a letter is no digit), so each such
    /// pair gets its space; both are ASCII, never part of another character's UTF-8 bytes.
    static func spacedUnits(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        var previous: UInt8 = 0
        var spaced = false
        for byte in text.utf8 {
            if (0x30...0x39).contains(previous), (0x61...0x7A).contains(byte) {
                bytes.append(0x20)
                spaced = true
            }
            bytes.append(byte)
            previous = byte
        }
        return spaced ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Whether `word` appears in `text` not glued to letters or digits on either side.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        guard !word.isEmpty else { return false }
        var search = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: search) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let glued = { (c: Character?) in c.map { $0.isLetter || $0.isNumber } ?? false }
            if !glued(before) && !glued(after) { return true }
            search = found.upperBound..<text.endIndex
        }
        return false
    }

    /// A wrong answer written as an expression (`image.size(v1) + image.size(v2)`), as a
    /// student would type it: its value in bytes.
    static func studentForm(_ text: String, _ question: Question, _ engine: Engine) -> String {
        guard question.kind == .size || question.kind == .number,
            (try? Expression.parse(text, allowValues: false)) == nil,
            let value = try? Expression.parse(text).evaluate(engine)
        else { return text }
        return String(Int64(value.rounded()))
    }

    struct Outcome {
        var engine: Engine
        var tasksDone: Bool
        var correct: [String: Bool]
        var answerEngine: [String: Engine]
        var failedCommands: [(line: String, message: String)]
        var complete: Bool
    }

    /// Plays commands and then replies from a state, as the REPL would judge them.
    /// `holdsAtStart`, when given, is whether the step's checks all hold on `engine` (worked out
    /// by the caller for every play from it: the same checks on the same state).
    static func play(
        _ step: Step, commands: [String], replies: [(String, String)], from engine: Engine,
        holdsAtStart: Bool? = nil, lesson: Lesson
    ) -> Outcome {
        let session = Session(engine: engine)
        var tasksDone = step.checks.isEmpty
        var tasksState: Engine?
        var failures: [(String, String)] = []
        // Nothing has run yet: the state is still `engine`.
        var atStart = true
        func observe() {
            guard !step.checks.isEmpty else { return }
            let known = atStart ? holdsAtStart : nil
            if known ?? step.checks.allSatisfy({ $0.holds(session.engine) }) {
                tasksDone = true
                tasksState = session.engine
            }
        }
        for line in commands {
            if !session.inContainer { observe() }
            let output = session.handle(line)
            atStart = false
            if output.status != 0 && !session.inContainer && !output.stderr.isEmpty {
                failures.append((line, output.stderr.lessonTrimmed))
            }
        }
        if session.inContainer {
            _ = session.endOfInput()
            atStart = false
        }
        observe()
        var correct: [String: Bool] = [:]
        var engines: [String: Engine] = [:]
        for (id, text) in replies {
            guard let question = step.questions.first(where: { $0.id == id }) else { continue }
            // As the REPL: a question is judged on the state in which the step's tasks hold, and
            // not before they have held.
            guard tasksDone else { continue }
            let state = tasksState ?? session.engine
            engines[id] = state
            if question.judge(text, engine: state, defaultTolerance: lesson.tolerance).correct {
                correct[id] = true
            }
        }
        let complete = tasksDone && step.questions.allSatisfy { correct[$0.id] == true }
        return Outcome(
            engine: session.engine, tasksDone: tasksDone, correct: correct, answerEngine: engines,
            failedCommands: failures, complete: complete)
    }

    /// The reference solution typed into the REPL's lesson commands, from start to end: every
    /// step must end solved by the student.
    public static func fullRun(_ lesson: Lesson) -> [Diagnostic] {
        fullRun(lesson, submission: referenceSubmission(lesson))
    }

    /// ``fullRun(_:)`` of `submission`, the lesson's ``referenceSubmission(_:student:upTo:)``
    /// made before.
    public static func fullRun(_ lesson: Lesson, submission: Submission) -> [Diagnostic] {
        let replayed = Grader.replay(submission, lesson: lesson)
        var problems: [Diagnostic] = []
        for (index, score) in replayed.runner.scores().enumerated() where !score.complete || score.usedSolution {
            problems.append(
                Diagnostic(
                    file: lesson.file, location: lesson.steps[index].location,
                    "escrita en las órdenes de la lección, la solución de referencia deja sin resolver el paso '\(lesson.steps[index].id)' (\(score.done)/\(score.total))",
                    "typed into the lesson commands, the reference solution leaves step '\(lesson.steps[index].id)' unsolved (\(score.done)/\(score.total))"
                ))
        }
        return problems
    }

    /// What a student who follows every reference solution types, as a submission.
    public static func referenceSubmission(
        _ lesson: Lesson, student: String = "reference", upTo lastStep: Int? = nil
    ) -> Submission {
        // A manual clock, as the steps' verification and grading use: the same run every time.
        let session = Session(engine: Engine(clock: .manual(at: verificationStart(lesson))))
        let plugin = LessonPlugin(
            catalog: LessonCatalog(lessons: [lesson]), language: .en, store: nil, student: student, records: true)
        session.plugins = [plugin]
        _ = session.handle("lesson start \(lesson.id)")
        for (index, step) in lesson.steps.enumerated() where index <= (lastStep ?? lesson.steps.count - 1) {
            for line in step.solution.map(\.text) { _ = session.handle(line) }
            if session.inContainer {
                // Leave the container by typing exit, as a student would.
                _ = session.handle("exit")
            }
            for question in step.questions {
                _ = session.handle("answer \(question.id) \(question.answer ?? question.expect)")
            }
            if step.questions.isEmpty { _ = session.handle("check") }
        }
        _ = session.handle("lesson status")
        return plugin.currentSubmission()
            ?? Submission(lessonID: lesson.id, student: student, startTime: nil, seed: lesson.seed, events: [])
    }
}
