import DockerSimCommands
import DockerSimCore

/// How far a student got in one step.
public struct StepProgress: Sendable, Codable, Equatable {
    /// The step's tasks held at some moment while it was the current step.
    public var tasksDone = false
    /// Question id → answered right.
    public var correct: [String: Bool] = [:]
    /// Wrong answers given, per question.
    public var wrongAnswers: [String: Int] = [:]
    /// The reference solution was shown and applied: the step does not count as the student's.
    public var usedSolution = false
    public var hintsShown = 0
    /// The demonstration already ran.
    public var entered = false

    public init() {}
}

/// How far a student got in one lesson.
public struct LessonProgress: Sendable, Codable, Equatable {
    public var lessonID: String
    public var current: Int
    public var steps: [StepProgress]
    public var finished = false
    /// The ids of the lesson's steps when this was saved, so that progress saved before a teacher
    /// added, removed or reordered steps still finds its steps (``reconciled(with:)``).
    public var stepIDs: [String]?

    public init(lesson: Lesson) {
        lessonID = lesson.id
        current = 0
        steps = Array(repeating: StepProgress(), count: lesson.steps.count)
        stepIDs = lesson.steps.map(\.id)
    }
}

/// What a step is worth once done: each item (the tasks, each question) counts the same.
public struct StepScore: Sendable, Codable, Equatable {
    public var done: Int
    public var total: Int
    public var usedSolution: Bool

    /// 0…1; a step solved by showing the solution counts 0.
    public var fraction: Double { usedSolution || total == 0 ? 0 : Double(done) / Double(total) }
    public var complete: Bool { done == total && total > 0 }
}

/// Plays one lesson on a session: steps, checks, answers, hints, solution, undo, reset.
/// Used by the REPL (through ``LessonPlugin``), by `lesson verify` and by `grade`.
public final class LessonRunner {
    public let lesson: Lesson
    public var language: Language
    public private(set) var progress: LessonProgress
    /// Engine snapshots taken before each docker command, for `undo`.
    private var undoStack: [Engine] = []
    /// The state when the current step started (after its demonstration), for `reset`.
    private var stepStart: Engine?
    /// The clock and seed the lesson's simulator started with (a submission records them).
    public private(set) var startTime: Timestamp
    public private(set) var seed: UInt64

    /// Starts `lesson` on `session`: a fresh simulator, the set-up, the first step.
    /// - Parameter now: the start time when the lesson sets no clock.
    public init(lesson: Lesson, session: Session, language: Language, now: Timestamp? = nil) {
        self.lesson = lesson
        self.language = language
        progress = LessonProgress(lesson: lesson)
        startTime = lesson.clock ?? now ?? session.engine.now
        seed = lesson.seed
    }

    /// Resets the simulator to the lesson's start (set-up applied) and enters the first step.
    /// Returns the introduction, the set-up's failures if any, and the first step.
    @discardableResult
    public func begin(on session: Session, startTime: Timestamp? = nil, seed: UInt64? = nil) -> CommandOutput {
        if let startTime { self.startTime = startTime }
        if let seed { self.seed = seed }
        session.engine = Engine(clock: .manual(at: self.startTime), seed: self.seed)
        session.detachWithoutExit()
        progress = LessonProgress(lesson: lesson)
        undoStack = []
        var output = CommandOutput()
        let setup = Self.run(lesson.setup.map(\.text), on: session, echo: false)
        if setup.status != 0 { output.write(setup.stderr, to: .stderr) }
        output.write(banner(lesson.title.text(language)) + "\n", to: .stdout)
        let intro = lesson.text.text(language)
        if !intro.isEmpty { output.write(intro + "\n\n", to: .stdout) }
        output.write(
            t(
                "Órdenes de la lección: step, hint, check, answer …, solution, next, prev, reset, undo, lesson list.\n\n",
                "Lesson commands: step, hint, check, answer …, solution, next, prev, reset, undo, lesson list.\n\n"),
            to: .stdout)
        output.append(enter(on: session))
        return output
    }

    func t(_ es: String, _ en: String) -> String { language == .es ? es : en }

    func banner(_ title: String) -> String {
        let line = "── " + title + " "
        return line + String(repeating: "─", count: max(4, 60 - line.count))
    }

    var step: Step { lesson.steps[progress.current] }

    /// Runs lines in a scratch session on the session's engine (set-up, demonstrations,
    /// solutions), leaving the session on the host.
    static func run(_ lines: [String], on session: Session, echo: Bool) -> CommandOutput {
        let scratch = Session(engine: session.engine)
        var output = CommandOutput()
        var failed: Int32 = 0
        for line in lines {
            if echo { output.write(scratch.prompt + line + "\n", to: .stdout) }
            let result = scratch.handle(line)
            output.append(result)
            if result.status != 0 && !scratch.inContainer { failed = result.status }
        }
        if scratch.inContainer { output.append(scratch.endOfInput()) }
        session.engine = scratch.engine
        session.detachWithoutExit()
        output.status = failed
        return output
    }

    /// Shows the current step; the first time, runs its demonstration.
    func enter(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        output.write(describeStep(), to: .stdout)
        if !progress.steps[progress.current].entered {
            progress.steps[progress.current].entered = true
            if !step.demo.isEmpty {
                output.write(t("Demostración:\n", "Demonstration:\n"), to: .stdout)
                var demo = Self.run(step.demo.map(\.text), on: session, echo: true)
                demo.status = 0
                output.append(demo)
                output.write("\n", to: .stdout)
            }
            stepStart = session.engine
        } else if stepStart == nil {
            stepStart = session.engine
        }
        return output
    }

    /// The current step's text, with its questions.
    public func describeStep() -> String {
        var text = banner(t("Paso", "Step") + " \(progress.current + 1)/\(lesson.steps.count): \(step.id)") + "\n"
        text += step.text.text(language) + "\n"
        for (index, question) in step.questions.enumerated() {
            let done = progress.steps[progress.current].correct[question.id] == true
            text +=
                "\n" + (done ? "✔ " : "? ") + t("Pregunta", "Question")
                + " \(step.questions.count > 1 ? "\(index + 1) " : "")(\(question.id)): "
            text += question.ask.text(language) + "\n"
            for option in question.options { text += "   \(option.key)) \(option.text.text(language))\n" }
        }
        if !step.questions.isEmpty {
            text += t("\nResponde con: answer TU RESPUESTA", "\nAnswer with: answer YOUR ANSWER")
            text +=
                step.questions.count > 1 ? t(" (o answer ID TU RESPUESTA)\n", " (or answer ID YOUR ANSWER)\n") : "\n"
        }
        return text + "\n"
    }

    // MARK: - Evaluation

    /// Records the current step's tasks as done if they hold on the current state.
    public func observe(_ engine: Engine) {
        guard !progress.finished, !step.checks.isEmpty else { return }
        if !progress.steps[progress.current].tasksDone, step.checks.allSatisfy({ $0.holds(engine) }) {
            progress.steps[progress.current].tasksDone = true
        }
    }

    /// Whether a step's tasks are done and every question answered right.
    public func isComplete(_ index: Int) -> Bool {
        let state = progress.steps[index]
        let tasks = lesson.steps[index].checks.isEmpty || state.tasksDone
        return tasks && lesson.steps[index].questions.allSatisfy { state.correct[$0.id] == true }
    }

    /// Points per step, for grading.
    public func scores() -> [StepScore] {
        lesson.steps.indices.map { index in
            let state = progress.steps[index]
            let step = lesson.steps[index]
            let done =
                (step.checks.isEmpty ? 0 : (state.tasksDone ? 1 : 0))
                + step.questions.filter { state.correct[$0.id] == true }.count
            return StepScore(done: done, total: step.itemCount, usedSolution: state.usedSolution)
        }
    }

    // MARK: - Commands

    /// Notes the state before a docker command, for `undo`.
    public func willRunDockerCommand(_ engine: Engine) {
        undoStack.append(engine)
        if undoStack.count > 100 { undoStack.removeFirst() }
    }

    /// `check`: each task and question of the step; on success, the next step.
    public func check(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard !progress.finished else {
            output.write(
                t(
                    "La lección está terminada. lesson list: otras lecciones.\n",
                    "The lesson is finished. lesson list: other lessons.\n"), to: .stdout)
            return output
        }
        observe(session.engine)
        for check in step.checks {
            let holds = check.holds(session.engine)
            output.write((holds ? "✔ " : "✘ ") + check.source + "\n", to: .stdout)
        }
        if progress.steps[progress.current].tasksDone && !step.checks.allSatisfy({ $0.holds(session.engine) }) {
            output.write(
                t(
                    "(las tareas ya se cumplieron antes en este paso)\n",
                    "(the tasks were already met earlier in this step)\n"), to: .stdout)
        }
        for question in step.questions {
            let done = progress.steps[progress.current].correct[question.id] == true
            output.write(
                (done ? "✔ " : "✘ ") + t("pregunta ", "question ") + question.id
                    + (done ? "" : t(" sin responder bien", " not answered right yet")) + "\n", to: .stdout)
        }
        output.append(completeIfDone(on: session))
        return output
    }

    func completeIfDone(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard isComplete(progress.current) else { return output }
        let own = !progress.steps[progress.current].usedSolution
        output.write(
            own
                ? t("¡Paso completado!\n\n", "Step complete!\n\n")
                : t(
                    "Paso completado con la solución (no cuenta como tuyo).\n\n",
                    "Step complete with the solution (it does not count as yours).\n\n"), to: .stdout)
        output.append(move(by: 1, on: session))
        return output
    }

    /// `answer [ID] TEXT`.
    public func answer(_ text: String, on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard !progress.finished else { return check(on: session) }
        var given = text.lessonTrimmed
        let open = step.questions.filter { progress.steps[progress.current].correct[$0.id] != true }
        guard !step.questions.isEmpty else {
            output.write(
                t(
                    "Este paso no tiene preguntas: haz las tareas y escribe check.\n",
                    "This step has no questions: do the tasks and type check.\n"), to: .stdout)
            return output
        }
        guard !given.isEmpty else {
            output.write(t("Uso: answer TU RESPUESTA\n", "Usage: answer YOUR ANSWER\n"), to: .stderr)
            output.status = 1
            return output
        }
        var target = open.first
        var explicit = false
        let words = Words.split(given)
        if let first = words.first, words.count > 1 {
            if let named = step.questions.first(where: { $0.id == first.text }) {
                target = named
                explicit = true
                given = String(Array(given)[words[1].offset...])
            } else if let number = Int(first.text.trimmingCharacters("#")), step.questions.indices.contains(number - 1),
                step.questions.count > 1
            {
                target = step.questions[number - 1]
                explicit = true
                given = String(Array(given)[words[1].offset...])
            }
        }
        // `answer a` goes to the first open question that can read it (a choice after a size).
        if !explicit, let first = target,
            first.judge(given, engine: session.engine, defaultTolerance: lesson.tolerance).unreadable,
            let readable = Self.bestReader(of: given, among: open, engine: session.engine, tolerance: lesson.tolerance)
        {
            target = readable
        }
        guard let question = target else {
            output.write(
                t(
                    "Ya has respondido bien a todo en este paso.\n",
                    "You already answered everything right in this step.\n"), to: .stdout)
            output.append(completeIfDone(on: session))
            return output
        }
        observe(session.engine)
        let verdict = question.judge(given, engine: session.engine, defaultTolerance: lesson.tolerance)
        if verdict.correct {
            progress.steps[progress.current].correct[question.id] = true
            output.write(t("✔ ¡Correcto!\n", "✔ Right!\n"), to: .stdout)
            if isComplete(progress.current) {
                output.append(completeIfDone(on: session))
            } else if step.questions.allSatisfy({ progress.steps[progress.current].correct[$0.id] == true }) {
                output.write(
                    t(
                        "Te queda hacer las tareas del paso: escribe check cuando las hayas hecho.\n",
                        "The step's tasks remain: type check when you have done them.\n"), to: .stdout)
            }
        } else {
            if !verdict.unreadable { progress.steps[progress.current].wrongAnswers[question.id, default: 0] += 1 }
            output.write(verdict.unreadable ? "" : t("✘ No es correcto.", "✘ Not right."), to: .stdout)
            if let feedback = verdict.feedback {
                output.write((verdict.unreadable ? "" : " ") + feedback.text(language), to: .stdout)
            }
            if !verdict.unreadable && verdict.feedback == nil {
                output.write(t(" Prueba otra vez, o escribe hint.", " Try again, or type hint."), to: .stdout)
            }
            output.write("\n", to: .stdout)
            output.status = 1
        }
        return output
    }

    /// The open question that reads `text` best: one with a strict form (size, number, yes/no,
    /// choice) that can read it, else a name or text question.
    static func bestReader(of text: String, among open: [Question], engine: Engine, tolerance: Tolerance) -> Question? {
        let readers = open.filter { !$0.judge(text, engine: engine, defaultTolerance: tolerance).unreadable }
        let strict: Set<QuestionKind> = [.size, .number, .yesno, .choice, .choices]
        return readers.first { strict.contains($0.kind) } ?? readers.first
    }

    /// `hint`: the next hint of the step (the last one again when all were shown).
    public func hint() -> CommandOutput {
        var output = CommandOutput()
        let hints = step.hints
        guard !hints.isEmpty else {
            output.write(t("Este paso no tiene pistas.\n", "This step has no hints.\n"), to: .stdout)
            return output
        }
        let shown = progress.steps[progress.current].hintsShown
        let index = min(shown, hints.count - 1)
        progress.steps[progress.current].hintsShown = min(shown + 1, hints.count)
        output.write(
            t("Pista", "Hint") + " \(index + 1)/\(hints.count): " + hints[index].text(language) + "\n", to: .stdout)
        return output
    }

    /// What `solution` will do, asked before it does it.
    public func solutionPrompt() -> String {
        t(
            "¿Ver y aplicar la solución de este paso? El paso no contará como tuyo. [s/N]\n",
            "Show and apply this step's solution? The step will not count as yours. [y/N]\n")
    }

    /// Applies the step's reference solution: its commands, then its answers.
    public func applySolution(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        progress.steps[progress.current].usedSolution = true
        output.write(t("Solución:\n", "Solution:\n"), to: .stdout)
        if !step.solution.isEmpty {
            undoStack.append(session.engine)
            // As Learn Git Branching does: back to the start of the step, then the solution.
            if let stepStart {
                session.engine = stepStart
                session.detachWithoutExit()
                output.write(
                    t("(simulador devuelto al inicio del paso)\n", "(simulator back to the start of the step)\n"),
                    to: .stdout)
            }
            var run = Self.run(step.solution.map(\.text), on: session, echo: true)
            run.status = 0
            output.append(run)
        }
        observe(session.engine)
        for question in step.questions {
            let reference = question.answer ?? question.expect
            output.write("$ answer \(question.id) \(reference)\n", to: .stdout)
            if question.judge(reference, engine: session.engine, defaultTolerance: lesson.tolerance).correct {
                progress.steps[progress.current].correct[question.id] = true
            }
        }
        output.write("\n", to: .stdout)
        output.append(completeIfDone(on: session))
        return output
    }

    /// `next` (by 1) and `prev` (by -1).
    public func move(by delta: Int, on session: Session) -> CommandOutput {
        var output = CommandOutput()
        let target = progress.current + delta
        if target >= lesson.steps.count {
            progress.finished = true
            let done = scores().filter { $0.complete && !$0.usedSolution }.count
            output.write(
                t(
                    "🎓 Lección terminada: \(done) de \(lesson.steps.count) pasos hechos por ti.\n",
                    "🎓 Lesson finished: \(done) of \(lesson.steps.count) steps done by you.\n"), to: .stdout)
            return output
        }
        guard target >= 0 else {
            output.write(t("Ya estás en el primer paso.\n", "You are at the first step already.\n"), to: .stdout)
            return output
        }
        progress.finished = false
        progress.current = target
        stepStart = nil
        output.append(enter(on: session))
        return output
    }

    /// `reset`: the simulator back to how it was when the step started.
    public func reset(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        if let stepStart {
            undoStack.append(session.engine)
            session.engine = stepStart
            session.detachWithoutExit()
            output.write(
                t(
                    "Simulador devuelto al inicio del paso \(progress.current + 1).\n",
                    "Simulator back to the start of step \(progress.current + 1).\n"), to: .stdout)
        }
        return output
    }

    /// `undo`: the simulator back to before the last docker command.
    public func undo(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard let previous = undoStack.popLast() else {
            output.write(t("No hay nada que deshacer.\n", "Nothing to undo.\n"), to: .stdout)
            return output
        }
        session.engine = previous
        session.detachWithoutExit()
        output.write(t("Deshecha la última orden.\n", "Last command undone.\n"), to: .stdout)
        return output
    }

    /// Restores saved progress (the simulator state comes from replaying the saved submission).
    public func restore(_ saved: LessonProgress) {
        guard saved.lessonID == lesson.id, saved.steps.count == lesson.steps.count else { return }
        progress = saved
    }
}

extension CommandOutput {
    /// Appends another output's chunks and takes its status.
    mutating func append(_ other: CommandOutput) {
        for chunk in other.chunks { write(chunk.text, to: chunk.stream) }
        status = other.status
    }
}

extension String {
    func trimmingCharacters(_ character: Character) -> String {
        String(drop { $0 == character })
    }
}
