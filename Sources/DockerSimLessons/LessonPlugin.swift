import DockerSimCommands
import DockerSimCore
import Foundation

/// The lesson commands of the REPL, as a session plugin: `lesson list`, `lesson start ID`,
/// `step`, `hint`, `check`, `answer …`, `solution`, `next`, `prev`, `reset`, `undo`.
/// None of them is a docker command, so they cannot be mistaken for one.
///
/// ```swift
/// let session = Session(engine: Engine())
/// session.plugins.append(LessonPlugin(catalog: catalog, language: .es, store: .forUser()))
/// ```
public final class LessonPlugin: SessionPlugin {
    public let catalog: LessonCatalog
    public var language: Language
    /// Where progress is kept; nil while grading or verifying.
    public let store: ProgressStore?
    /// The student's name written in submissions.
    public var student: String
    /// Whether lines are recorded as a submission (off while grading).
    public var records: Bool
    public private(set) var runner: LessonRunner?
    /// The work done in the current lesson.
    public private(set) var events: [Submission.Event] = []
    private var pendingSolution = false
    private var lastSeen = 0
    private var awaiting: (logIndex: Int, event: Int)?

    /// Every word the plugin takes at the host prompt (English and Spanish).
    public static let commandWords: Set<String> = [
        "lesson", "leccion", "lección", "step", "paso", "hint", "pista", "check", "comprobar", "answer", "responder",
        "respuesta", "solution", "solucion", "solución", "next", "siguiente", "prev", "anterior", "reset", "reiniciar",
        "undo", "deshacer",
    ]

    public init(
        catalog: LessonCatalog, language: Language, store: ProgressStore?, student: String = "student",
        records: Bool = true
    ) {
        self.catalog = catalog
        self.language = language
        self.store = store
        self.student = student
        self.records = records
    }

    func t(_ es: String, _ en: String) -> String { language == .es ? es : en }

    static func text(
        _ text: String, status: Int32 = 0, stream: DockerSimCommands.OutputChannel = .stdout
    ) -> CommandOutput {
        var output = CommandOutput()
        output.write(text, to: stream)
        output.status = status
        return output
    }

    public func handle(_ line: String, session: Session) -> CommandOutput? {
        if records { sync(session) }
        let words = Words.split(line).map(\.text)
        if pendingSolution, let runner {
            pendingSolution = false
            record(.host, line, session)
            runner.observe(session.engine)
            let yes = ["y", "yes", "s", "si", "sí"].contains(line.lessonTrimmed.lowercased())
            let output = yes ? runner.applySolution(on: session) : Self.text(t("Cancelado.\n", "Cancelled.\n"))
            save()
            return output
        }
        guard let first = words.first?.lowercased(), Self.commandWords.contains(first) else {
            if let runner {
                runner.observe(session.engine)
                runner.willRunDockerCommand(session.engine)
                record(.host, line, session)
                save()
            }
            return nil
        }
        if first == "lesson" || first == "leccion" || first == "lección" {
            let output = lessonCommand(Array(words.dropFirst()), session: session)
            // `lesson …` lines are not part of the work (the log gets this line after us).
            if records && runner != nil { lastSeen = max(lastSeen, session.log.count + 1) }
            return output
        }
        guard let runner else {
            return Self.text(
                t(
                    "No hay ninguna lección empezada: lesson list, lesson start ID.\n",
                    "No lesson started: lesson list, lesson start ID.\n"), status: 1, stream: .stderr)
        }
        runner.observe(session.engine)
        record(.host, line, session)
        let rest = line.lessonTrimmed.dropFirst(words[0].count).lessonTrimmed
        let output: CommandOutput
        switch first {
        case "step", "paso": output = Self.text(runner.describeStep())
        case "hint", "pista": output = runner.hint()
        case "check", "comprobar": output = runner.check(on: session)
        case "answer", "responder", "respuesta": output = runner.answer(rest, on: session)
        case "solution", "solucion", "solución":
            pendingSolution = true
            output = Self.text(runner.solutionPrompt())
        case "next", "siguiente": output = runner.move(by: 1, on: session)
        case "prev", "anterior": output = runner.move(by: -1, on: session)
        case "reset", "reiniciar": output = runner.reset(on: session)
        default: output = runner.undo(on: session)
        }
        save()
        return output
    }

    // MARK: - lesson …

    func lessonCommand(_ args: [String], session: Session) -> CommandOutput {
        let sub = args.first?.lowercased() ?? "list"
        switch sub {
        case "list", "lista", "ls":
            return Self.text(list())
        case "start", "empezar", "restart", "reiniciar":
            guard args.count == 2, let lesson = catalog.lesson(args[1]) else {
                return Self.text(
                    t(
                        "Uso: lesson start ID (lesson list muestra las lecciones)\n",
                        "Usage: lesson start ID (lesson list shows the lessons)\n"), status: 1, stream: .stderr)
            }
            let fresh = sub == "restart" || sub == "reiniciar"
            if fresh { try? store?.forget(lesson.id) }
            let saved = fresh ? nil : store?.loadSubmission(lesson.id)
            var output = CommandOutput()
            if let saved, !saved.events.isEmpty {
                let replayed = Grader.replay(saved, lesson: lesson, language: language)
                session.engine = replayed.engine
                session.detachWithoutExit()
                runner = replayed.runner
                events = saved.events
                output.write(
                    t(
                        "Continúas donde lo dejaste (\(saved.events.count) líneas repetidas). lesson restart \(lesson.id): empezar de cero.\n\n",
                        "Picking up where you left off (\(saved.events.count) lines replayed). lesson restart \(lesson.id): start over.\n\n"
                    ), to: .stdout)
                output.write(replayed.runner.describeStep(), to: .stdout)
            } else {
                let runner = LessonRunner(lesson: lesson, session: session, language: language, now: session.engine.now)
                output = runner.begin(on: session)
                self.runner = runner
                events = []
            }
            pendingSolution = false
            lastSeen = session.log.count + 1
            awaiting = nil
            save()
            return output
        case "stop", "salir":
            save()
            runner = nil
            return Self.text(
                t("Lección cerrada; tu progreso está guardado.\n", "Lesson closed; your progress is saved.\n"))
        case "save", "guardar":
            guard let submission = currentSubmission() else {
                return Self.text(
                    t("No hay ninguna lección empezada.\n", "No lesson started.\n"), status: 1, stream: .stderr)
            }
            let path = args.count >= 2 ? args[1] : "\(submission.lessonID)-\(student).submission"
            do {
                try ProgressStore.writeAtomically(.init(submission.render().utf8), to: path)
                return Self.text(t("Entrega guardada en \(path)\n", "Submission saved to \(path)\n"))
            } catch {
                return Self.text("dockersim: \(path): \(error)\n", status: 1, stream: .stderr)
            }
        case "lang", "idioma":
            if args.count == 2, let chosen = Language(rawValue: args[1].lowercased()) {
                language = chosen
                runner?.language = chosen
                return Self.text(t("Idioma: español\n", "Language: English\n"))
            }
            return Self.text("lesson lang es|en\n", status: 1, stream: .stderr)
        case "status", "estado":
            guard let runner else { return Self.text(list()) }
            var text = runner.lesson.title.text(language) + "\n"
            for (index, score) in runner.scores().enumerated() {
                let mark =
                    score.usedSolution ? "S" : score.complete ? "✔" : index == runner.progress.current ? "→" : "·"
                text += " \(mark) \(index + 1). \(runner.lesson.steps[index].id) (\(score.done)/\(score.total))\n"
            }
            return Self.text(text)
        default:
            return Self.text(
                t(
                    "Uso: lesson list | start ID | restart ID | status | save [FICHERO] | lang es|en | stop\n",
                    "Usage: lesson list | start ID | restart ID | status | save [FILE] | lang es|en | stop\n"),
                status: 1, stream: .stderr)
        }
    }

    /// The lessons with their ids, titles and the user's progress.
    public func list() -> String {
        let saved = store?.loadProgress() ?? [:]
        var text = t("Lecciones:\n", "Lessons:\n")
        let width = catalog.lessons.map(\.id.count).max() ?? 0
        for (index, lesson) in catalog.lessons.enumerated() {
            var line =
                " \(index + 1). " + lesson.id + String(repeating: " ", count: width - lesson.id.count + 2)
                + lesson.title.text(language)
            // Saved progress may predate the lesson's current steps: fitted, never trusted.
            if let progress = (runner?.lesson.id == lesson.id ? runner?.progress : nil)
                ?? saved[lesson.id]?.reconciled(with: lesson)
            {
                let done = progress.steps.indices.filter { index in
                    let state = progress.steps[index]
                    let step = lesson.steps[index]
                    return !state.usedSolution && (step.checks.isEmpty || state.tasksDone)
                        && step.questions.allSatisfy { state.correct[$0.id] == true }
                }.count
                line += "  [\(done)/\(lesson.steps.count)]"
            }
            text += line + "\n"
        }
        return text + t("lesson start ID: empezar una lección.\n", "lesson start ID: start a lesson.\n")
    }

    /// Makes `runner` the current lesson, with no recorded work.
    func setRunner(_ runner: LessonRunner) {
        self.runner = runner
        events = []
        pendingSolution = false
        awaiting = nil
    }

    // MARK: - Recording

    private func record(_ place: Submission.Place, _ line: String, _ session: Session) {
        guard records, runner != nil else { return }
        events.append(Submission.Event(place: place, line: line))
        awaiting = (session.log.count, events.count - 1)
        lastSeen = session.log.count + 1
    }

    /// Takes the lines the session handled without us (in containers, `[y/N]` answers) from its log.
    private func sync(_ session: Session) {
        guard runner != nil else { return }
        let log = session.log
        if let pending = awaiting, pending.logIndex < log.count, events.indices.contains(pending.event) {
            events[pending.event].output = log[pending.logIndex].output.text
            awaiting = nil
        }
        guard lastSeen < log.count else { return }
        for entry in log[lastSeen...] where !entry.isRecordingControl {
            let place: Submission.Place =
                entry.prompt == "$ " ? .host : entry.prompt.isEmpty ? .confirmation : .container
            events.append(Submission.Event(place: place, line: entry.line, output: entry.output.text))
        }
        lastSeen = log.count
    }

    /// The work done so far in the current lesson, as a submission.
    public func currentSubmission() -> Submission? {
        guard let runner else { return nil }
        return Submission(
            lessonID: runner.lesson.id, student: student, startTime: runner.startTime, seed: runner.seed, events: events
        )
    }

    private func save() {
        guard let store, let runner, records else { return }
        try? store.save(runner.progress)
        if let submission = currentSubmission() { try? store.save(submission) }
    }
}
