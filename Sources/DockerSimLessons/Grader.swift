import DockerSimCommands
import DockerSimCore
import Foundation

/// Grades submissions by replaying them in a fresh simulator. Outputs written in a submission
/// are never read: every task and question is evaluated on the replayed state, every answer,
/// hint and solution is counted as the lesson's scoring rules say (`Scoring`).
public enum Grader {
    /// The simulator and the lesson's progress after replaying a submission.
    public struct Replay {
        public var engine: Engine
        public var runner: LessonRunner
        /// The submission's lines did more work than one submission may (``Limits/stepsPerReplay``):
        /// the rest of it was not run.
        public var workSpent = false
    }

    /// Replays a submission's lines, as typed and when typed, through the lesson commands and
    /// docker, with `limits` (the fuzzer's are tighter).
    public static func replay(
        _ submission: Submission, lesson: Lesson, language: Language = .en, limits: Limits = .standard
    ) -> Replay {
        let start = submission.startTime ?? lesson.clock ?? .zero
        var engine = Engine(clock: .manual(at: start), seed: submission.seed)
        engine.limits = limits
        let session = Session(engine: engine)
        let plugin = LessonPlugin(
            catalog: LessonCatalog(lessons: [lesson]), language: language, store: nil, records: false)
        session.plugins = [plugin]
        // Each submission gets its own budget: one that loops for ever cannot stall the class.
        session.limitWork(to: limits.stepsPerReplay)
        let runner = LessonRunner(lesson: lesson, session: session, language: language)
        runner.begin(on: session, startTime: start, seed: submission.seed)
        plugin.setRunner(runner)
        for event in submission.events {
            if let time = event.time {
                // The clock reaches the time the line was typed (it never goes back).
                let gap = time.interval(since: session.engine.now)
                if gap > 0 { session.advance(by: gap) }
            }
            if event.place == .host && session.inContainer {
                // The student left the container with Ctrl-D.
                _ = session.endOfInput()
            }
            // Lines that would switch lessons or write files (`lesson save`, `record start`) are
            // never replayed: grading touches nothing outside the simulator.
            if event.place == .host, let first = Words.split(event.line).first?.text.lowercased(),
                ignoredWhenGrading.contains(first)
            {
                continue
            }
            _ = session.handle(event.line)
        }
        if session.inContainer { _ = session.endOfInput() }
        if !session.inContainer { _ = runner.afterCommand(on: session) }
        return Replay(engine: session.engine, runner: runner, workSpent: session.workSpent)
    }

    /// First words of host lines skipped when replaying.
    static let ignoredWhenGrading: Set<String> = ["lesson", "leccion", "lección", "record"]

    /// The largest submission file read (a bigger one scores 0, with the reason).
    public static let fileLimit = 4 << 20

    /// One question's outcome.
    public struct QuestionResult: Sendable, Codable, Equatable {
        public var step: String
        public var id: String
        public var right: Bool
        /// Out of tries (the lesson's `attempts`).
        public var failed: Bool
        public var wrongTries: Int
    }

    /// A warning about a submission: the same student twice, or the same work as another file.
    public struct Flag: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Another file has the same student name.
            case duplicateStudent = "duplicate-student"
            /// Another file, under another name, holds exactly the same lines typed at the same times.
            case sameWork = "same-work"
        }
        public var kind: Kind
        /// The other file.
        public var other: String
    }

    /// One student's result.
    public struct Result: Sendable, Codable {
        public var file: String
        public var student: String
        public var lesson: String
        /// Per step: points, items done, hints, wrong tries, solution used.
        public var steps: [StepScore]
        public var questions: [QuestionResult] = []
        /// Out of 10.
        public var score: Double
        /// Why the submission could not be graded (file:line: message); it then scores 0.
        public var error: String?
        /// The same, in Spanish and English (not written out: `error` is).
        var reason: Localized?
        public var flags: [Flag] = []
        /// Lines typed.
        public var lines: Int = 0
        /// When the first and the last line were typed (RFC 3339).
        public var started: String?
        public var finished: String?
        /// Identifies the lines typed and their times, to find copies (not written out).
        var fingerprint: Int?

        enum CodingKeys: String, CodingKey {
            case file, student, lesson, steps, questions, score, error, flags, lines, started, finished
        }

        /// A result for a file that could not be graded: 0, with the reason (`file:line: ` first).
        static func failed(
            file: String, line: Int = 1, student: String?, lesson: String, _ es: String, _ en: String
        ) -> Result {
            let name = student ?? ""
            return Result(
                file: file, student: name.isEmpty ? Submission.cleanName(Self.baseName(file)) : name, lesson: lesson,
                steps: [], score: 0, error: "\(file):\(line): \(en)",
                reason: Localized(es: "\(file):\(line): \(es)", en: "\(file):\(line): \(en)"))
        }

        /// A result for a file whose text is not a submission.
        static func failed(_ error: Submission.ParseError, lesson: String) -> Result {
            failed(
                file: error.file, line: error.line, student: error.student, lesson: lesson, error.text.text(.es),
                error.text.text(.en))
        }

        static func baseName(_ file: String) -> String {
            file.split(separator: "/").last.map(String.init) ?? file
        }

        /// Why it could not be graded, in `language` (nil: it was graded).
        public func errorText(_ language: Language) -> String? {
            error.map { reason?.text(language) ?? $0 }
        }

        /// Wrong tries, hints and steps solved with the solution, over all steps.
        public var wrongTries: Int { steps.reduce(0) { $0 + $1.wrongTries } }
        public var hints: Int { steps.reduce(0) { $0 + $1.hints } }
        public var solutions: Int { steps.filter(\.usedSolution).count }
    }

    /// Grades one file's text against `lesson`.
    public static func grade(text: String, file: String, lesson: Lesson) -> Result {
        let submission: Submission
        do {
            submission = try Submission.parse(text, file: file)
        } catch {
            return .failed(error, lesson: lesson.id)
        }
        guard submission.lessonID == lesson.id else {
            let other = Submission.cleanText(String(submission.lessonID.prefix(40)))
            return .failed(
                file: file, line: lessonLine(text), student: submission.student, lesson: submission.lessonID,
                "la entrega es de la lección '\(other)', no de '\(lesson.id)'",
                "the submission is for lesson '\(other)', not '\(lesson.id)'")
        }
        return grade(submission, file: file, lesson: lesson)
    }

    /// Grades a parsed submission.
    public static func grade(_ submission: Submission, file: String, lesson: Lesson) -> Result {
        let replayed = replay(submission, lesson: lesson)
        if replayed.workSpent {
            // Endless loops line after line: the rest was not run, and the submission scores 0.
            let steps = Limits.standard.stepsPerReplay
            return .failed(
                file: file, student: submission.student, lesson: lesson.id,
                "la entrega hizo más trabajo del que se permite (\(steps) órdenes); se califica con 0",
                "the submission did more work than one may (\(steps) commands); it scores 0")
        }
        let steps = replayed.runner.scores()
        var questions: [QuestionResult] = []
        for (index, step) in lesson.steps.enumerated() {
            let state = replayed.runner.progress.steps[index]
            for question in step.questions {
                questions.append(
                    QuestionResult(
                        step: step.id, id: question.id, right: state.correct[question.id] == true,
                        failed: state.failed[question.id] == true, wrongTries: state.wrongAnswers[question.id] ?? 0))
            }
        }
        var hasher = Hasher()
        for event in submission.events {
            hasher.combine(event.place.rawValue)
            hasher.combine(event.line)
            hasher.combine(event.time)
        }
        return Result(
            file: file, student: submission.student, lesson: lesson.id, steps: steps, questions: questions,
            score: LessonRunner.grade(steps), error: nil, lines: submission.events.count,
            started: submission.events.first?.time?.rfc3339Nano, finished: submission.events.last?.time?.rfc3339Nano,
            fingerprint: submission.events.isEmpty ? nil : hasher.finalize())
    }

    /// Grades one file's text, with the lesson named in it (or `lessonID` when given).
    public static func grade(text: String, file: String, catalog: LessonCatalog, lessonID: String? = nil) -> Result {
        if let lessonID {
            guard let lesson = catalog.lesson(lessonID) else {
                return .failed(
                    file: file, student: nil, lesson: lessonID, "no existe la lección '\(lessonID)'",
                    "no lesson '\(lessonID)'")
            }
            return grade(text: text, file: file, lesson: lesson)
        }
        let submission: Submission
        do {
            submission = try Submission.parse(text, file: file)
        } catch {
            // The lesson the header named, when it was read: the file then shows in that lesson's table.
            return .failed(error, lesson: error.lessonID ?? "")
        }
        guard let lesson = catalog.lessons.first(where: { $0.id == submission.lessonID }) else {
            let id = Submission.cleanText(String(submission.lessonID.prefix(40)))
            return .failed(
                file: file, line: lessonLine(text), student: submission.student, lesson: submission.lessonID,
                "no existe la lección '\(id)' (dockersim lesson list; --lessons CARPETA añade una carpeta)",
                "no lesson '\(id)' (dockersim lesson list; --lessons DIR adds a folder)")
        }
        return grade(submission, file: file, lesson: lesson)
    }

    static func lessonLine(_ text: String) -> Int {
        LessonParser.lines(text).firstIndex { $0.hasPrefix("lesson:") }.map { $0 + 1 } ?? 1
    }

    /// Grades files in parallel (each replay is independent), results in the order given, with
    /// duplicates flagged. Every file gets a result: one that cannot be read scores 0, with why.
    public static func grade(files: [String], catalog: LessonCatalog, lessonID: String? = nil) -> [Result] {
        var all = Parallel.map(files) { file -> Result in
            switch readSubmission(file) {
            case .success(let text): return grade(text: text, file: file, catalog: catalog, lessonID: lessonID)
            case .failure(let problem):
                return .failed(
                    file: file, student: nil, lesson: lessonID ?? "", "el fichero no sirve: \(problem.what.es)",
                    problem.what.en)
            }
        }
        flagDuplicates(&all)
        return all
    }

    /// Grades files against one lesson.
    public static func grade(files: [String], lesson: Lesson) -> [Result] {
        grade(files: files, catalog: LessonCatalog(lessons: [lesson]), lessonID: lesson.id)
    }

    /// A submission's text: a regular file, UTF-8, within ``fileLimit``.
    static func readSubmission(_ file: String) -> Swift.Result<String, SafeFile.Problem> {
        // A regular file only, within the cap, and through a link only when the link and its file
        // have the same owner (or the link is the grader's own): never another user's file.
        switch SafeFile.readText(file, limit: fileLimit, links: .sameOwner) {
        case nil:
            return .failure(
                SafeFile.Problem(
                    path: file, what: Message(en: "cannot read the file", es: "no se puede leer el fichero")))
        case .failure(let problem)?: return .failure(problem)
        case .success(let text)?: return .success(text)
        }
    }

    /// Flags the same student in several files of one lesson, and the same work (lines and
    /// times) under different names.
    static func flagDuplicates(_ results: inout [Result]) {
        var byName: [String: [Int]] = [:]
        var byWork: [Int: [Int]] = [:]
        for (index, result) in results.enumerated() {
            let name = result.student.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
            byName[result.lesson + "\u{0}" + name, default: []].append(index)
            if let fingerprint = result.fingerprint { byWork[fingerprint, default: []].append(index) }
        }
        for indices in byName.values where indices.count > 1 {
            for index in indices {
                for other in indices where other != index {
                    results[index].flags.append(Flag(kind: .duplicateStudent, other: results[other].file))
                }
            }
        }
        for indices in byWork.values where indices.count > 1 {
            for index in indices {
                for other in indices where other != index && results[other].student != results[index].student {
                    results[index].flags.append(Flag(kind: .sameWork, other: results[other].file))
                }
            }
        }
    }

    // MARK: - Reports

    /// A number as a teacher reads it: `10`, `9.6` (`9,6` in Spanish), `0.75`.
    public static func number(_ value: Double, _ language: Language = .en) -> String {
        let rounded = (value * 100).rounded() / 100
        var text =
            rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
        }
        return language == .es ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func cell(_ score: StepScore, _ language: Language) -> String {
        if score.usedSolution && score.points == 0 { return "S" }
        if score.maxPoints > 0 && score.points >= score.maxPoints - 1e-9 { return "✔" }
        if score.points == 0 { return "✘" }
        return number(score.points, language)
    }

    /// What a flag says.
    static func describe(_ flag: Flag, _ language: Language) -> String {
        let other = Submission.cleanText(flag.other)
        switch (flag.kind, language) {
        case (.duplicateStudent, .es): return "el mismo alumno también entregó \(other)"
        case (.duplicateStudent, .en): return "the same student also handed in \(other)"
        case (.sameWork, .es): return "las mismas líneas, a las mismas horas, que \(other)"
        case (.sameWork, .en): return "the same lines, typed at the same times, as \(other)"
        }
    }

    /// Everything to say about a result: why it scored 0, its flags.
    public static func notes(_ result: Result, _ language: Language) -> [String] {
        var notes: [String] = []
        if let error = result.error {
            notes.append(
                (language == .es ? "0 puntos: no se pudo corregir: " : "0 points: could not be graded: ")
                    + Submission.cleanText(result.reason?.text(language) ?? error))
        } else if result.score == 0 {
            notes.append(
                language == .es
                    ? "0 puntos: ninguna tarea hecha ni pregunta respondida bien"
                    : "0 points: no task done and no question answered right")
        }
        notes += result.flags.map { describe($0, language) }
        return notes
    }

    /// Column titles.
    static func label(_ key: String, _ language: Language) -> String {
        let es: [String: String] = [
            "student": "ALUMNO", "hints": "PISTAS", "wrong": "FALLOS", "score": "NOTA", "file": "FICHERO",
            "lesson": "LECCION", "solutions": "SOLUCIONES", "notes": "AVISOS", "step": "PASO", "points": "PUNTOS",
            "max": "MAXIMO", "done": "HECHO", "of": "DE", "solution": "SOLUCION",
        ]
        let en: [String: String] = [
            "student": "STUDENT", "hints": "HINTS", "wrong": "WRONG", "score": "SCORE", "file": "FILE",
            "lesson": "LESSON", "solutions": "SOLUTIONS", "notes": "NOTES", "step": "STEP", "points": "POINTS",
            "max": "MAX", "done": "DONE", "of": "OF", "solution": "SOLUTION",
        ]
        return (language == .es ? es : en)[key] ?? key.uppercased()
    }

    /// The table of one lesson: student, each step, hints, wrong tries, score out of 10; then
    /// the notes (why a file scored 0, duplicates).
    public static func table(_ results: [Result], lesson: Lesson, language: Language = .en) -> String {
        var table = Table(
            header: [label("student", language)] + lesson.steps.indices.map { "\($0 + 1).\(lesson.steps[$0].id)" }
                + [label("hints", language), label("wrong", language), label("score", language)])
        var notes: [String] = []
        for result in results {
            let name = Submission.cleanName(result.student)
            if result.error != nil {
                table.append([name] + lesson.steps.map { _ in "-" } + ["-", "-", "0/10"])
            } else {
                table.append(
                    [name] + result.steps.map { cell($0, language) } + [
                        String(result.hints), String(result.wrongTries), number(result.score, language) + "/10",
                    ])
            }
            for note in Self.notes(result, language) {
                notes.append("  \(name) (\(Submission.cleanText(Result.baseName(result.file)))): \(note)")
            }
        }
        var text = table.render()
        text +=
            language == .es
            ? "✔ hecho · ✘ 0 puntos · S con la solución · un número: los puntos del paso (sobre \(number(lesson.scoring.points, language)) salvo que el paso diga otra cosa)\n"
            : "✔ done · ✘ 0 points · S with the solution · a number: the step's points (out of \(number(lesson.scoring.points, language)) unless the step says otherwise)\n"
        if !notes.isEmpty {
            text += (language == .es ? "Avisos:\n" : "Notes:\n") + notes.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// A CSV cell that a spreadsheet shows as text: no control characters, and a leading `=`,
    /// `+`, `-`, `@` (a formula) neutralised with `'`; quoted when it holds `,` `;` `"`.
    public static func csvCell(_ value: String) -> String {
        var text = Submission.cleanText(value).replacingOccurrences(of: "\n", with: " ")
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == ";" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    static func csvLine(_ cells: [String]) -> String { cells.map(csvCell).joined(separator: ",") + "\n" }

    /// CSV, one row per student: student, file, lesson, the points of each step (when every
    /// result is of `lesson`), hints, wrong tries, steps solved with the solution, score, notes.
    public static func csv(_ results: [Result], lesson: Lesson?, language: Language = .en) -> String {
        let steps = lesson?.steps.map(\.id) ?? []
        var text = csvLine(
            ["student", "file", "lesson"].map { label($0, language).lowercased() } + steps
                + ["hints", "wrong", "solutions", "score", "notes"].map { label($0, language).lowercased() })
        for result in results {
            let points =
                result.error == nil && result.steps.count == steps.count
                ? result.steps.map { String(format: "%.2f", $0.points) } : steps.map { _ in "" }
            text += csvLine(
                [result.student, result.file, result.lesson] + points + [
                    String(result.hints), String(result.wrongTries), String(result.solutions),
                    String(format: "%.1f", result.score), notes(result, language).joined(separator: "; "),
                ])
        }
        return text
    }

    /// CSV, one row per student and step: points, what the step is worth, items done, hints,
    /// wrong tries, whether the solution was used.
    public static func stepsCSV(_ results: [Result], catalog: LessonCatalog, language: Language = .en) -> String {
        var text = csvLine(
            ["student", "file", "lesson", "step", "points", "max", "done", "of", "hints", "wrong", "solution"].map {
                label($0, language).lowercased()
            })
        for result in results where result.error == nil {
            guard let lesson = catalog.lessons.first(where: { $0.id == result.lesson }) else { continue }
            for (step, score) in zip(lesson.steps, result.steps) {
                text += csvLine([
                    result.student, result.file, result.lesson, step.id, String(format: "%.2f", score.points),
                    String(format: "%.2f", score.maxPoints), String(score.done), String(score.total),
                    String(score.hints), String(score.wrongTries), score.usedSolution ? "1" : "0",
                ])
            }
        }
        return text
    }

    /// JSON: the lessons graded (steps and their points), the column titles in the chosen
    /// language, and every result with its steps, questions, notes and flags.
    public static func json(_ results: [Result], catalog: LessonCatalog, language: Language = .en) throws -> String {
        struct StepInfo: Codable {
            var id: String
            var points: Double
        }
        struct LessonInfo: Codable {
            var id: String
            var title: String
            var steps: [StepInfo]
        }
        struct Entry: Encodable {
            var result: Result
            var notes: [String]
            func encode(to encoder: any Encoder) throws {
                try result.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(notes, forKey: Key(stringValue: "notes"))
            }
        }
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        struct Report: Encodable {
            var language: String
            var labels: [String: String]
            var lessons: [LessonInfo]
            var results: [Entry]
        }
        let ids = Set(results.map(\.lesson))
        let lessons = catalog.lessons.filter { ids.contains($0.id) }.map { lesson in
            LessonInfo(
                id: lesson.id, title: lesson.title.text(language),
                steps: lesson.steps.map { StepInfo(id: $0.id, points: $0.points ?? lesson.scoring.points) })
        }
        let keys = ["student", "file", "lesson", "hints", "wrong", "solutions", "score", "notes", "step", "points"]
        var labels: [String: String] = [:]
        for key in keys { labels[key] = label(key, language).lowercased() }
        let report = Report(
            language: language.rawValue, labels: labels, lessons: lessons,
            results: results.map { Entry(result: $0, notes: notes($0, language)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        return (String(data: data, encoding: .utf8) ?? "") + "\n"
    }
}
