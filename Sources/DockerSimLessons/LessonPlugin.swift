import DockerSimCommands
import DockerSimCore
import Foundation

/// The lesson commands of the REPL, as a session plugin: `lesson list`, `lesson start ID`,
/// `step`, `hint`, `check`, `answer …`, `solution`, `next`, `prev`, `reset`, `undo`.
/// None of them is a docker command, so they cannot be mistaken for one.
///
/// It also watches every line: a docker command that completes a step's tasks is announced
/// right after it, and everything typed in a lesson is recorded (with its time) as the
/// student's submission.
///
/// ```swift
/// let session = Session(engine: Engine())
/// session.plugins.append(LessonPlugin(catalog: catalog, language: .es, store: .forUser()))
/// ```
public final class LessonPlugin: SessionPlugin, CompletionWordsProvider {
    /// The lessons, read on first use (starting dockersim parses none).
    public private(set) lazy var catalog: LessonCatalog = loadCatalog()
    private let loadCatalog: () -> LessonCatalog
    public var language: Language
    /// Where progress is kept; nil while grading or verifying.
    public private(set) var store: ProgressStore?
    /// The student's name written in submissions; nil until known (`--student`, the name kept in
    /// the store, or asked once at the first `lesson start`).
    public var student: String?
    /// Whether lines are recorded as a submission (off while grading).
    public var records: Bool
    public private(set) var runner: LessonRunner?
    /// The work done in the current lesson.
    public private(set) var events: [Submission.Event] = []
    private var pendingSolution = false
    /// A `lesson start` waiting for the student's name: the lesson and whether to start afresh.
    private var pendingName: (lesson: Lesson, fresh: Bool)?
    /// What ``handle(_:session:)`` made of the line being handled, for ``didHandle(_:session:)``.
    private var role = Role.passedOn
    /// Where the next line is typed: after a line that opened a container's shell or asked `[y/N]`.
    private var place = Submission.Place.host

    enum Role {
        /// Not ours: docker, the host shell, a container's shell, a `[y/N]` answer.
        case passedOn
        /// A docker command whose state was kept for `undo`.
        case snapshot
        /// A lesson command (`hint`, `answer`…): part of the work.
        case lessonCommand
        /// `lesson …` and the student's name: not part of the work.
        case notWork
    }

    /// Every word the plugin takes at the host prompt (English and Spanish).
    public static let commandWords: Set<String> = [
        "lesson", "leccion", "lección", "step", "paso", "hint", "pista", "check", "comprobar", "answer", "responder",
        "respuesta", "solution", "solucion", "solución", "next", "siguiente", "prev", "anterior", "reset", "reiniciar",
        "undo", "deshacer",
    ]

    /// The sub-commands of `lesson`.
    static let lessonWords = ["help", "list", "lang", "name", "restart", "save", "start", "status", "stop"]

    public convenience init(
        catalog: LessonCatalog, language: Language, store: ProgressStore?, student: String? = nil,
        records: Bool = true
    ) {
        self.init(loadingCatalog: { catalog }, language: language, store: store, student: student, records: records)
    }

    /// The plugin with a catalog read the first time a lesson command needs it.
    public init(
        loadingCatalog: @escaping () -> LessonCatalog, language: Language, store: ProgressStore?,
        student: String? = nil, records: Bool = true
    ) {
        self.loadCatalog = loadingCatalog
        self.language = language
        self.store = store
        self.store?.language = language
        self.student = student.map(Submission.cleanName).flatMap { $0.isEmpty ? nil : $0 } ?? store?.loadStudent()
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

    // MARK: - Completion

    public var completionWords: [String] { Self.commandWords.sorted() }

    public var completionFollowers: [String: [String]] {
        let ids = catalog.lessons.map(\.id)
        var table: [String: [String]] = [:]
        for word in ["lesson", "leccion", "lección"] {
            table[word] = Self.lessonWords
            table[word + " start"] = ids
            table[word + " restart"] = ids
            table[word + " lang"] = ["en", "es"]
        }
        return table
    }

    // MARK: - Lines

    public func handle(_ line: String, session: Session) -> CommandOutput? {
        role = .passedOn
        if let pending = pendingName {
            role = .notWork
            return takeName(line, for: pending, session: session)
        }
        let words = Words.split(line).map(\.text)
        if pendingSolution, let runner {
            pendingSolution = false
            role = .lessonCommand
            let yes = ["y", "yes", "s", "si", "sí"].contains(line.lessonTrimmed.lowercased())
            return yes ? runner.applySolution(on: session) : Self.text(t("Cancelado.\n", "Cancelled.\n"))
        }
        guard let first = words.first?.lowercased(), Self.commandWords.contains(first) else {
            if let runner, !LessonRunner.changesNothing(line) {
                runner.willRunDockerCommand(session.engine, line: line)
                role = .snapshot
            }
            return nil
        }
        if first == "lesson" || first == "leccion" || first == "lección" {
            role = .notWork
            return lessonCommand(Array(words.dropFirst()), session: session)
        }
        guard let runner else {
            return Self.text(
                t(
                    "No hay ninguna lección empezada: lesson list, lesson start ID.\n",
                    "No lesson started: lesson list, lesson start ID.\n"), status: 1, stream: .stderr)
        }
        role = .lessonCommand
        let rest = line.lessonTrimmed.dropFirst(words[0].count).lessonTrimmed
        switch first {
        case "step", "paso": return Self.text(runner.describeStep())
        case "hint", "pista": return runner.hint()
        case "check", "comprobar": return runner.check(on: session)
        case "answer", "responder", "respuesta": return runner.answer(rest, on: session)
        case "solution", "solucion", "solución":
            pendingSolution = true
            return Self.text(runner.solutionPrompt())
        case "next", "siguiente": return runner.move(by: 1, on: session)
        case "prev", "anterior": return runner.move(by: -1, on: session)
        case "reset", "reiniciar": return runner.reset(on: session)
        default: return runner.undo(on: session)
        }
    }

    /// After every line: records it, keeps `undo` honest, and announces a step its command completed.
    public func didHandle(_ entry: Session.LoggedLine, session: Session) -> CommandOutput {
        let role = self.role
        self.role = .passedOn
        let typedAt = place
        place = session.pendingConfirmation != nil ? .confirmation : session.inContainer ? .container : .host
        guard let runner, role != .notWork else { return CommandOutput() }
        if records {
            events.append(
                Submission.Event(place: typedAt, line: entry.line, output: entry.output.text, time: entry.time))
        }
        if role == .snapshot, entry.output.status != 0, !Self.keepsWorkWhenFailing(entry.line) {
            runner.dropLastSnapshot()
        }
        if typedAt == .container { runner.noteContainerLine() }
        var output = CommandOutput()
        if role != .lessonCommand, !session.inContainer, session.pendingConfirmation == nil {
            output = runner.afterCommand(on: session)
        }
        save()
        return output
    }

    /// docker commands that keep part of their work when they fail (a `run` whose container
    /// could not start keeps the image it pulled and the container).
    static func keepsWorkWhenFailing(_ line: String) -> Bool {
        var words = Words.split(line).map(\.text)
        if words.first == "docker" { words.removeFirst() }
        if words.first == "container" { words.removeFirst() }
        return ["run", "create", "start", "restart"].contains(words.first ?? "")
    }

    // MARK: - lesson …

    func lessonCommand(_ args: [String], session: Session) -> CommandOutput {
        let sub = args.first?.lowercased() ?? "list"
        switch sub {
        case "list", "lista", "ls":
            return Self.text(list())
        case "start", "empezar", "restart", "reiniciar":
            guard args.count == 2, let lesson = catalog.lesson(args[1]) else {
                let ids = catalog.lessons.map(\.id).joined(separator: ", ")
                return Self.text(
                    t(
                        "Uso: lesson start ID (lecciones: \(ids.isEmpty ? "ninguna" : ids))\n",
                        "Usage: lesson start ID (lessons: \(ids.isEmpty ? "none" : ids))\n"), status: 1,
                    stream: .stderr)
            }
            let fresh = sub == "restart" || sub == "reiniciar"
            if student == nil && store != nil {
                pendingName = (lesson, fresh)
                return Self.text(askName())
            }
            return start(lesson, fresh: fresh, session: session)
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
            let path =
                args.count >= 2 ? args[1] : "\(submission.lessonID)-\(Self.fileName(submission.student)).submission"
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
                // One language for the whole session: docker's help, explain, dockersim's own errors.
                session.language = chosen
                store?.language = chosen
                return Self.text(t("Idioma: español\n", "Language: English\n"))
            }
            return Self.text("lesson lang es|en\n", status: 1, stream: .stderr)
        case "name", "nombre":
            let name = Submission.cleanName(args.dropFirst().joined(separator: " "))
            guard !name.isEmpty else {
                return Self.text(
                    t(
                        "Tu nombre en las entregas: \(student ?? "(ninguno)"). Para cambiarlo: lesson name NOMBRE\n",
                        "Your name in submissions: \(student ?? "(none)"). To change it: lesson name NAME\n"))
            }
            setStudent(name)
            return Self.text(t("Tus entregas irán a nombre de: \(name)\n", "Your submissions will be under: \(name)\n"))
        case "status", "estado":
            guard let runner else { return Self.text(list()) }
            return Self.text(runner.status())
        case "help", "ayuda":
            return Self.text(help())
        default:
            return Self.text(
                t(
                    "Uso: lesson list | start ID | restart ID | status | save [FICHERO] | name NOMBRE | lang es|en | stop | help\n",
                    "Usage: lesson list | start ID | restart ID | status | save [FILE] | name NAME | lang es|en | stop | help\n"
                ), status: 1, stream: .stderr)
        }
    }

    /// Starts (or resumes) a lesson once the student's name is known.
    func start(_ lesson: Lesson, fresh: Bool, session: Session) -> CommandOutput {
        if fresh { try? store?.forget(lesson.id) }
        let saved = fresh ? nil : store?.loadSubmission(lesson.id)
        var output = CommandOutput()
        if let saved, !saved.events.isEmpty {
            let replayed = Grader.replay(saved, lesson: lesson, language: language)
            var engine = replayed.engine
            // Back on the session's kind of clock: a terminal's follows the real time again.
            engine.continueClock(session.engine.clock.mode)
            session.engine = engine
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
        place = .host
        save()
        return output
    }

    func askName() -> String {
        t(
            "¿Cómo te llamas? Tu nombre irá en tus entregas (se guarda; lesson name lo cambia):\n",
            "What is your name? It goes into your submissions (it is kept; lesson name changes it):\n")
    }

    /// The line after `lesson start` when the name was not known: the name.
    func takeName(_ line: String, for pending: (lesson: Lesson, fresh: Bool), session: Session) -> CommandOutput {
        let name = Submission.cleanName(line)
        guard !name.isEmpty else { return Self.text(askName()) }
        pendingName = nil
        setStudent(name)
        var output = Self.text(t("Hola, \(name).\n\n", "Hello, \(name).\n\n"))
        output.append(start(pending.lesson, fresh: pending.fresh, session: session))
        return output
    }

    func setStudent(_ name: String) {
        student = name
        try? store?.saveStudent(name)
    }

    /// A name as part of a file name: letters, digits, `-` and `_`.
    static func fileName(_ name: String) -> String {
        let kept = String(
            name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }.prefix(40))
        return kept.isEmpty ? "alumno" : kept
    }

    /// `lesson help`: the lesson commands.
    func help() -> String {
        t(
            """
            Órdenes de las lecciones (ninguna es una orden de docker):
              lesson list              las lecciones, con tu progreso
              lesson start ID          empieza una lección o sigue donde la dejaste (restart: de cero)
              step                     vuelve a mostrar el paso
              hint                     la siguiente pista (cada pista resta puntos)
              check                    comprueba las tareas del paso
              answer RESPUESTA         responde (answer ID RESPUESTA para elegir la pregunta)
              solution                 aplica la solución del paso (no cuenta como tuyo)
              next / prev              paso siguiente / anterior
              reset                    el paso de nuevo, desde como lo dejó el paso anterior
              undo                     deshace la última orden de docker de este paso
              lesson status            tus pasos y tu nota
              lesson save [FICHERO]    guarda tu entrega
              lesson name NOMBRE       tu nombre en las entregas
              lesson lang es|en        idioma
              lesson stop              cierra la lección (el progreso se guarda)

            """,
            """
            Lesson commands (none is a docker command):
              lesson list              the lessons, with your progress
              lesson start ID          start a lesson or pick up where you left it (restart: from scratch)
              step                     show the step again
              hint                     the next hint (each hint costs points)
              check                    check the step's tasks
              answer ANSWER            answer (answer ID ANSWER to pick the question)
              solution                 apply the step's solution (it does not count as yours)
              next / prev              next / previous step
              reset                    the step again, from the state the previous step left
              undo                     take back the last docker command of this step
              lesson status            your steps and your score
              lesson save [FILE]       save your submission
              lesson name NAME         your name in submissions
              lesson lang es|en        language
              lesson stop              close the lesson (progress is kept)

            """)
    }

    /// The lessons with their ids, titles and the user's progress.
    public func list() -> String {
        let saved = store?.loadProgress() ?? [:]
        var text = t("Lecciones:\n", "Lessons:\n")
        if catalog.lessons.isEmpty { text += t("  (ninguna)\n", "  (none)\n") }
        let width = catalog.lessons.map(\.id.count).max() ?? 0
        for (index, lesson) in catalog.lessons.enumerated() {
            var line =
                " \(index + 1). " + lesson.id + String(repeating: " ", count: width - lesson.id.count + 2)
                + lesson.title.text(language)
            // Saved progress may predate the lesson's current steps: fitted, never trusted.
            if let progress = (runner?.lesson.id == lesson.id ? runner?.progress : nil)
                ?? saved[lesson.id]?.reconciled(with: lesson),
                progress.steps.count == lesson.steps.count
            {
                let done = lesson.steps.indices.filter { index in
                    let score = lesson.scoring.score(lesson.steps[index], progress.steps[index])
                    return score.complete && !score.usedSolution
                }.count
                line += "  [\(done)/\(lesson.steps.count)]"
            }
            text += line + "\n"
        }
        text += t("lesson start ID: empezar una lección.\n", "lesson start ID: start a lesson.\n")
        // A teacher's folder with a broken lesson: say where, so it can be fixed.
        for diagnostic in catalog.diagnostics { text += diagnostic.description(language) + "\n" }
        return text
    }

    /// Makes `runner` the current lesson, with no recorded work.
    func setRunner(_ runner: LessonRunner) {
        self.runner = runner
        events = []
        pendingSolution = false
        place = .host
    }

    // MARK: - Recording

    /// The work done so far in the current lesson, as a submission.
    public func currentSubmission() -> Submission? {
        guard let runner else { return nil }
        return Submission(
            lessonID: runner.lesson.id, student: student ?? "anonimo", startTime: runner.startTime, seed: runner.seed,
            events: events)
    }

    private func save() {
        guard let store, let runner, records else { return }
        try? store.save(runner.progress)
        if let submission = currentSubmission() { try? store.save(submission) }
    }
}
