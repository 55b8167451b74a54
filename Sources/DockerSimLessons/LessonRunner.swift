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
    /// Questions whose tries ran out (the lesson's `attempts`): they score nothing.
    public var failed: [String: Bool] = [:]
    /// The reference solution was shown and applied: the step does not count as the student's.
    public var usedSolution = false
    public var hintsShown = 0
    /// The demonstration already ran.
    public var entered = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case tasksDone, correct, wrongAnswers, failed, usedSolution, hintsShown, entered
    }

    /// Reads what it finds: a progress file written by an older dockersim lacks the newer keys.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tasksDone = try container.decodeIfPresent(Bool.self, forKey: .tasksDone) ?? false
        correct = try container.decodeIfPresent([String: Bool].self, forKey: .correct) ?? [:]
        wrongAnswers = try container.decodeIfPresent([String: Int].self, forKey: .wrongAnswers) ?? [:]
        failed = try container.decodeIfPresent([String: Bool].self, forKey: .failed) ?? [:]
        usedSolution = try container.decodeIfPresent(Bool.self, forKey: .usedSolution) ?? false
        hintsShown = try container.decodeIfPresent(Int.self, forKey: .hintsShown) ?? 0
        entered = try container.decodeIfPresent(Bool.self, forKey: .entered) ?? false
    }
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

/// Plays one lesson on a session: steps, checks, answers, hints, solution, undo, reset.
/// Used by the REPL (through ``LessonPlugin``), by `lesson verify` and by `grade`.
///
/// Each step is a transaction: `undo` takes back the docker commands typed in the current step
/// only, one at a time; `reset` brings back the state the previous step left; moving to another
/// step starts a new transaction.
public final class LessonRunner {
    public let lesson: Lesson
    public var language: Language
    public private(set) var progress: LessonProgress
    /// What `undo` can take back in this step, the last first.
    private var undoStack: [UndoEntry] = []
    /// The state when the current step started (after its demonstration), for `reset`.
    private var stepStart: Engine?
    /// The last state in which the current step's tasks held: questions ask about it.
    private var tasksState: Engine?
    /// The clock and seed the lesson's simulator started with (a submission records them).
    public private(set) var startTime: Timestamp
    public private(set) var seed: UInt64

    /// A docker command of the current step, with the state before it.
    struct UndoEntry {
        var engine: Engine
        var line: String
        /// Lines typed in a container's shell after it (`run -it` then `echo …`, `exit`).
        var containerLines = 0
    }

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
    /// The lesson's clock is of the session's kind: it follows the real time on a terminal and
    /// moves only with `sleep` under `--clock`. Returns the introduction, the set-up's failures
    /// if any, and the first step.
    @discardableResult
    public func begin(on session: Session, startTime: Timestamp? = nil, seed: UInt64? = nil) -> CommandOutput {
        if let startTime { self.startTime = startTime }
        if let seed { self.seed = seed }
        // The caps are the session's (grading's, the fuzzer's).
        let setup = SetupPlay.play(
            lesson.setup.map(\.text), clock: session.engine.clock.restarted(at: self.startTime), seed: self.seed,
            limits: session.engine.limits)
        session.engine = setup.engine
        session.detachWithoutExit()
        progress = LessonProgress(lesson: lesson)
        undoStack = []
        tasksState = nil
        var output = CommandOutput()
        if setup.output.status != 0 { output.write(setup.output.stderr, to: .stderr) }
        output.write(banner(lesson.title.text(language)) + "\n", to: .stdout)
        let intro = lesson.text.text(language)
        if !intro.isEmpty { output.write(intro + "\n\n", to: .stdout) }
        output.write(
            t(
                "Órdenes de la lección: step, hint, check, answer …, solution, next, prev, reset, undo, lesson help.\n\n",
                "Lesson commands: step, hint, check, answer …, solution, next, prev, reset, undo, lesson help.\n\n"),
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
    var state: StepProgress {
        get { progress.steps[progress.current] }
        set { progress.steps[progress.current] = newValue }
    }

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

    /// Shows the current step; the first time, runs its demonstration. Starts the step's
    /// transaction: nothing before this point can be undone from here.
    func enter(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        output.write(describeStep(), to: .stdout)
        if !state.entered {
            state.entered = true
            if !step.demo.isEmpty {
                output.write(t("Demostración:\n", "Demonstration:\n"), to: .stdout)
                var demo = Self.run(step.demo.map(\.text), on: session, echo: true)
                demo.status = 0
                output.append(demo)
                output.write("\n", to: .stdout)
            }
        }
        stepStart = session.engine
        undoStack = []
        tasksState = nil
        return output
    }

    /// The current step's text, with its questions.
    public func describeStep() -> String {
        var text = banner(t("Paso", "Step") + " \(progress.current + 1)/\(lesson.steps.count): \(step.id)") + "\n"
        text += step.text.text(language) + "\n"
        for (index, question) in step.questions.enumerated() {
            let mark = state.correct[question.id] == true ? "✔ " : state.failed[question.id] == true ? "✘ " : "? "
            text +=
                "\n" + mark + t("Pregunta", "Question")
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

    /// Records the current step's tasks as done if they hold on `engine`. Returns true when they
    /// became done just now.
    @discardableResult
    public func observe(_ engine: Engine) -> Bool {
        guard !progress.finished, !step.checks.isEmpty else { return false }
        return observe(engine, holding: step.checks.allSatisfy { $0.holds(engine) })
    }

    /// ``observe(_:)`` told whether the step's checks all hold on `engine` (`holding`): the
    /// same checks on the same state give the same answer, so a caller that needs each check's
    /// answer anyway (`check`, `answer`) works them out once.
    @discardableResult
    func observe(_ engine: Engine, holding: Bool) -> Bool {
        guard !progress.finished, !step.checks.isEmpty, holding else { return false }
        tasksState = engine
        guard !state.tasksDone else { return false }
        state.tasksDone = true
        return true
    }

    /// Whether a step is over: its tasks done, and every question answered right or out of tries.
    public func isComplete(_ index: Int) -> Bool {
        let state = progress.steps[index]
        let tasks = lesson.steps[index].checks.isEmpty || state.tasksDone
        return tasks
            && lesson.steps[index].questions.allSatisfy { state.correct[$0.id] == true || state.failed[$0.id] == true }
    }

    /// Points per step, by the lesson's scoring rules.
    public func scores() -> [StepScore] {
        lesson.steps.indices.map { lesson.scoring.score(lesson.steps[$0], progress.steps[$0]) }
    }

    /// The lesson's score out of 10.
    public func grade() -> Double { Self.grade(scores()) }

    /// Points earned over points possible, out of 10, to one decimal.
    public static func grade(_ scores: [StepScore]) -> Double {
        let possible = scores.reduce(0.0) { $0 + $1.maxPoints }
        guard possible > 0 else { return 0 }
        let earned = scores.reduce(0.0) { $0 + $1.points }
        return (earned / possible * 100).rounded() / 10
    }

    /// After a line that ran docker (or the shell line that left a container): tells the student
    /// at once when it completed the step's tasks, and moves on when the step is over.
    public func afterCommand(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard !progress.finished, observe(session.engine) else { return output }
        output.write(
            "\n" + t("✔ Hecho: ", "✔ Done: ") + step.checks.map { $0.describe(language) }.joined(separator: " ")
                + "\n", to: .stdout)
        if isComplete(progress.current) {
            output.append(completeIfDone(on: session))
        } else {
            let open = step.questions.filter { state.correct[$0.id] != true && state.failed[$0.id] != true }
            output.write(
                t(
                    "Ahora responde: answer TU RESPUESTA (\(open.map(\.id).joined(separator: ", "))).\n",
                    "Now answer: answer YOUR ANSWER (\(open.map(\.id).joined(separator: ", "))).\n"), to: .stdout)
        }
        return output
    }

    // MARK: - Commands

    /// Docker commands that change nothing (and `sleep`, whose time cannot go back): `undo` skips them.
    static let readOnly: Set<String> = [
        "images", "ps", "inspect", "history", "diff", "logs", "top", "port", "version", "info", "search", "stats",
        "events", "help", "ayuda", "clear", "sleep", "exit", "quit", "ls", "pwd", "cat", "echo", "env", "date",
    ]
    static let readOnlyInGroup: [String: Set<String>] = [
        "image": ["ls", "list", "history", "inspect"],
        "container": ["ls", "list", "ps", "inspect", "logs", "diff", "top", "port", "stats"],
        "system": ["df", "info", "events"],
        "network": ["ls", "list", "inspect"],
        "volume": ["ls", "list", "inspect"],
    ]

    /// Whether a host line only looks (`images`, `ps -a`, `system df -v`, `--help`).
    public static func changesNothing(_ line: String) -> Bool {
        var words = Words.split(line).map(\.text)
        if words.first == "docker" { words.removeFirst() }
        guard let first = words.first else { return true }
        // A redirection, a list or a command substitution may change anything.
        if line.contains(where: { ">;&|`$".contains($0) }) { return false }
        if words.contains("--help") { return true }
        if readOnly.contains(first) { return true }
        if let group = readOnlyInGroup[first], words.count > 1 { return group.contains(words[1]) }
        return false
    }

    /// Notes the state before a docker command, for `undo`.
    public func willRunDockerCommand(_ engine: Engine, line: String = "") {
        undoStack.append(UndoEntry(engine: engine, line: line))
        if undoStack.count > 100 { undoStack.removeFirst() }
    }

    /// The last docker command failed and changed nothing: nothing to undo for it.
    func dropLastSnapshot() { _ = undoStack.popLast() }

    /// A line typed in a container's shell belongs to the docker command that opened it.
    func noteContainerLine() {
        if !undoStack.isEmpty { undoStack[undoStack.count - 1].containerLines += 1 }
    }

    /// `check`: each task and question of the step, in words; on success, the next step.
    public func check(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard !progress.finished else {
            output.write(
                t(
                    "La lección está terminada. lesson list: otras lecciones.\n",
                    "The lesson is finished. lesson list: other lessons.\n"), to: .stdout)
            return output
        }
        let holding = step.checks.map { $0.holds(session.engine) }
        let allHold = !holding.contains(false)
        observe(session.engine, holding: allHold)
        for (check, holds) in zip(step.checks, holding) {
            output.write((holds ? "✔ " : "✘ ") + check.describe(language) + "\n", to: .stdout)
        }
        if state.tasksDone && !allHold {
            output.write(
                t(
                    "(las tareas ya se cumplieron antes en este paso: cuentan)\n",
                    "(the tasks were already met earlier in this step: they count)\n"), to: .stdout)
        }
        for question in step.questions {
            let right = state.correct[question.id] == true
            let failed = state.failed[question.id] == true
            output.write(
                (right ? "✔ " : "✘ ") + t("Pregunta ", "Question ") + question.id + ": "
                    + (right
                        ? t("respondida bien", "answered right")
                        : failed
                            ? t("sin intentos", "out of tries") : t("sin responder bien", "not answered right yet"))
                    + "\n", to: .stdout)
        }
        output.append(completeIfDone(on: session))
        return output
    }

    func completeIfDone(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard isComplete(progress.current) else { return output }
        let own = !state.usedSolution
        let missed = step.questions.contains { state.failed[$0.id] == true }
        output.write(
            !own
                ? t(
                    "Paso completado con la solución (no cuenta como tuyo).\n\n",
                    "Step complete with the solution (it does not count as yours).\n\n")
                : missed
                    ? t(
                        "Paso terminado (alguna pregunta se quedó sin intentos).\n\n",
                        "Step over (a question ran out of tries).\n\n")
                    : t("¡Paso completado!\n\n", "Step complete!\n\n"), to: .stdout)
        output.append(move(by: 1, on: session))
        return output
    }

    /// The longest answer read (a longer one is refused, not judged).
    static let answerLimit = 300

    /// `answer [ID] TEXT`: judged on the state the question asks about (the one in which the
    /// step's tasks hold); before that state exists, says what to do first.
    public func answer(_ text: String, on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard !progress.finished else { return check(on: session) }
        var given = text.lessonTrimmed
        let open = step.questions.filter { state.correct[$0.id] != true && state.failed[$0.id] != true }
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
        guard given.count <= Self.answerLimit else {
            output.write(
                t(
                    "Respuesta demasiado larga (\(given.count) caracteres; como mucho \(Self.answerLimit)): no se corrige.\n",
                    "Answer too long (\(given.count) characters; at most \(Self.answerLimit)): not judged.\n"),
                to: .stderr)
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
        guard let chosen = target else {
            output.write(
                t(
                    "Ya no quedan preguntas abiertas en este paso.\n",
                    "No open questions are left in this step.\n"), to: .stdout)
            output.append(completeIfDone(on: session))
            return output
        }
        if explicit && (state.correct[chosen.id] == true || state.failed[chosen.id] == true) {
            output.write(
                state.correct[chosen.id] == true
                    ? t("Esa pregunta ya está respondida bien.\n", "That question is already answered right.\n")
                    : t("Esa pregunta ya no tiene intentos.\n", "That question has no tries left.\n"), to: .stdout)
            return output
        }
        // The state the question asks about: the one in which the step's tasks hold.
        let holding = step.checks.map { $0.holds(session.engine) }
        observe(session.engine, holding: !holding.contains(false))
        let engine: Engine
        if !holding.contains(false) {
            engine = session.engine
        } else if state.tasksDone, let tasksState {
            engine = tasksState
        } else {
            let missing = zip(step.checks, holding).filter { !$0.1 }.map(\.0)
            output.write(
                t("Todavía no: primero tiene que cumplirse esto:\n", "Not yet: first this has to hold:\n")
                    + missing.map { "  ✘ " + $0.describe(language) + "\n" }.joined(), to: .stdout)
            output.status = 1
            return output
        }
        var question = chosen
        // `answer a` goes to the first open question that can read it (a choice after a size).
        if !explicit, question.judge(given, engine: engine, defaultTolerance: lesson.tolerance).unreadable,
            let readable = Self.bestReader(of: given, among: open, engine: engine, tolerance: lesson.tolerance)
        {
            question = readable
        }
        let verdict = question.judge(given, engine: engine, defaultTolerance: lesson.tolerance)
        if verdict.notYet {
            output.write(
                t("Todavía no se puede comprobar: ", "This cannot be checked yet: ")
                    + Check.sentence(verdict.feedback?.text(language) ?? "") + "\n", to: .stdout)
            output.status = 1
            return output
        }
        if verdict.unreadable {
            output.write((verdict.feedback?.text(language) ?? "") + "\n", to: .stdout)
            output.status = 1
            return output
        }
        if verdict.correct {
            state.correct[question.id] = true
            output.write(t("✔ ¡Correcto!", "✔ Right!"), to: .stdout)
            if let note = verdict.note { output.write(" " + note.text(language), to: .stdout) }
            output.write("\n", to: .stdout)
            if isComplete(progress.current) {
                output.append(completeIfDone(on: session))
            } else if open.count == 1 {
                output.write(
                    t(
                        "Te queda hacer las tareas del paso: se comprueban solas tras cada orden (o escribe check).\n",
                        "The step's tasks remain: they are checked after each command (or type check).\n"),
                    to: .stdout)
            }
            return output
        }
        state.wrongAnswers[question.id, default: 0] += 1
        output.write(t("✘ No es correcto.", "✘ Not right."), to: .stdout)
        if let feedback = verdict.feedback { output.write(" " + feedback.text(language), to: .stdout) }
        let tries = state.wrongAnswers[question.id] ?? 0
        if let cap = lesson.scoring.cap(for: question) {
            if tries >= cap {
                state.failed[question.id] = true
                output.write(
                    t(
                        "\nSe acabaron los intentos de esta pregunta (\(cap)): no puntúa.\n",
                        "\nThis question is out of tries (\(cap)): it scores nothing.\n"), to: .stdout)
                output.append(completeIfDone(on: session))
                output.status = 1
                return output
            }
            let left = cap - tries
            output.write(
                t(
                    left == 1 ? " Te queda 1 intento." : " Te quedan \(left) intentos.",
                    left == 1 ? " 1 try left." : " \(left) tries left."), to: .stdout)
        } else if verdict.feedback == nil {
            output.write(t(" Prueba otra vez, o escribe hint.", " Try again, or type hint."), to: .stdout)
        }
        output.write("\n", to: .stdout)
        output.status = 1
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
        let shown = state.hintsShown
        let index = min(shown, hints.count - 1)
        state.hintsShown = min(shown + 1, hints.count)
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

    /// The answer the solution gives: for sizes and numbers, computed from `engine` (the
    /// student's state may differ from the lesson author's), else the lesson's `answer:`.
    func solvedAnswer(_ question: Question, on engine: Engine) -> String {
        guard question.kind == .size || question.kind == .number,
            let value = try? Expression.parse(question.expect).evaluate(engine), value.isFinite, abs(value) < 1e18
        else { return question.answer ?? question.expect }
        let whole = Int64(value.rounded())
        if question.kind == .size {
            let human = Units.humanSize(whole)
            if question.judge(human, engine: engine, defaultTolerance: lesson.tolerance).correct { return human }
            return "\(whole)B"
        }
        return value == value.rounded() ? String(whole) : String(value)
    }

    /// `solution` confirmed: back to the start of the step, its commands (shown as they run),
    /// its answers computed from the state they leave; then the next step.
    public func applySolution(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        state.usedSolution = true
        output.write(t("Solución:\n", "Solution:\n"), to: .stdout)
        if !step.solution.isEmpty {
            // As Learn Git Branching does: back to the start of the step, then the solution.
            if let stepStart {
                restore(stepStart, on: session)
                output.write(
                    t("(simulador devuelto al inicio del paso)\n", "(simulator back to the start of the step)\n"),
                    to: .stdout)
            }
            var run = Self.run(step.solution.map(\.text), on: session, echo: true)
            run.status = 0
            output.append(run)
        }
        observe(session.engine)
        let engine = tasksState ?? session.engine
        for question in step.questions where state.correct[question.id] != true {
            let reply = solvedAnswer(question, on: engine)
            output.write("$ answer \(question.id) \(reply)\n", to: .stdout)
            state.correct[question.id] = true
            state.failed[question.id] = nil
        }
        output.write("\n", to: .stdout)
        let missing = step.checks.filter { !$0.holds(session.engine) }
        if !state.tasksDone && !missing.isEmpty {
            output.write(
                t(
                    "Desde este estado la solución no deja hechas estas tareas:\n",
                    "From this state the solution does not get these tasks done:\n")
                    + missing.map { "  ✘ " + $0.describe(language) + "\n" }.joined() + "\n", to: .stdout)
        }
        output.write(
            t(
                "Paso \(progress.current + 1) resuelto con la solución (no cuenta como tuyo).\n\n",
                "Step \(progress.current + 1) solved with the solution (it does not count as yours).\n\n"),
            to: .stdout)
        output.append(move(by: 1, on: session))
        return output
    }

    /// `next` (by 1) and `prev` (by -1).
    public func move(by delta: Int, on session: Session) -> CommandOutput {
        var output = CommandOutput()
        let target = progress.current + delta
        if target >= lesson.steps.count {
            progress.finished = true
            undoStack = []
            let scores = scores()
            let done = scores.filter { $0.complete && !$0.usedSolution }.count
            let grade = Self.grade(scores)
            output.write(
                t(
                    "🎓 Lección terminada: \(done) de \(lesson.steps.count) pasos hechos por ti; nota \(Grader.number(grade, language))/10 (lesson status: el detalle).\n",
                    "🎓 Lesson finished: \(done) of \(lesson.steps.count) steps done by you; score \(Grader.number(grade, language))/10 (lesson status: the details).\n"
                ), to: .stdout)
            return output
        }
        guard target >= 0 else {
            output.write(t("Ya estás en el primer paso.\n", "You are at the first step already.\n"), to: .stdout)
            return output
        }
        progress.finished = false
        progress.current = target
        output.append(enter(on: session))
        return output
    }

    /// Puts a saved state back, with the clock where it is now (time never goes back).
    func restore(_ saved: Engine, on session: Session) {
        var engine = saved
        let gap = session.engine.now.interval(since: engine.now)
        if gap > 0 { engine.advance(by: gap) }
        session.engine = engine
        session.detachWithoutExit()
    }

    /// `reset`: the simulator back to the state the previous step left (after this step's
    /// demonstration); `undo` takes the reset back.
    public func reset(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard let stepStart, !progress.finished else {
            output.write(t("No hay paso que reiniciar.\n", "There is no step to reset.\n"), to: .stdout)
            return output
        }
        willRunDockerCommand(session.engine, line: "reset")
        restore(stepStart, on: session)
        output.write(
            t(
                "Paso \(progress.current + 1) reiniciado: el simulador está como lo dejó el paso anterior (undo: deshacerlo).\n",
                "Step \(progress.current + 1) reset: the simulator is as the previous step left it (undo: take it back).\n"
            ), to: .stdout)
        return output
    }

    /// `undo`: takes back the last docker command of the current step (and what was typed in the
    /// container it opened). It never reaches into an earlier step.
    public func undo(on session: Session) -> CommandOutput {
        var output = CommandOutput()
        guard let entry = undoStack.popLast() else {
            output.write(
                t(
                    "No hay nada que deshacer en este paso (undo no deshace pasos anteriores; reset: empezar el paso de nuevo).\n",
                    "Nothing to undo in this step (undo never reaches earlier steps; reset: start the step again).\n"),
                to: .stdout)
            return output
        }
        restore(entry.engine, on: session)
        let shown = Submission.cleanText(String(entry.line.prefix(80)))
        var text = t("Deshecho: «\(shown)»", "Undone: \"\(shown)\"")
        if entry.containerLines > 0 {
            text += t(
                " (y \(entry.containerLines == 1 ? "la línea escrita" : "las \(entry.containerLines) líneas escritas") en el contenedor)",
                " (and the \(entry.containerLines == 1 ? "line" : "\(entry.containerLines) lines") typed in the container)"
            )
        }
        let left = undoStack.count
        text += t(
            left == 0 ? ". No queda nada más que deshacer en este paso.\n" : ". Se puede deshacer \(left) más.\n",
            left == 0 ? ". Nothing more to undo in this step.\n" : ". \(left) more can be undone.\n")
        output.write(text, to: .stdout)
        return output
    }

    /// `lesson status`: each step with its points.
    public func status() -> String {
        var text = lesson.title.text(language) + "\n"
        let scores = scores()
        for (index, score) in scores.enumerated() {
            let mark =
                score.usedSolution ? "S" : score.complete ? "✔" : index == progress.current ? "→" : "·"
            var line =
                " \(mark) \(index + 1). \(lesson.steps[index].id): \(Grader.number(score.points, language))/\(Grader.number(score.maxPoints, language))"
            var extras: [String] = []
            if score.hints > 0 { extras.append(t("\(score.hints) pista(s)", "\(score.hints) hint(s)")) }
            if score.wrongTries > 0 { extras.append(t("\(score.wrongTries) fallo(s)", "\(score.wrongTries) wrong")) }
            if !extras.isEmpty { line += " (" + extras.joined(separator: ", ") + ")" }
            text += line + "\n"
        }
        text += t("Nota: ", "Score: ") + Grader.number(Self.grade(scores), language) + "/10\n"
        return text
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
