import DockerSimCommands
import DockerSimCore
import Foundation

/// Grades submissions by replaying them in a fresh simulator. Outputs written in a submission
/// are never read: every task and question is evaluated on the replayed state.
public enum Grader {
    /// The simulator and the lesson's progress after replaying a submission.
    public struct Replay {
        public var engine: Engine
        public var runner: LessonRunner
        /// The submission's lines did more work than one submission may (``Limits/stepsPerReplay``):
        /// the rest of it was not run.
        public var workSpent = false
    }

    /// Replays a submission's lines, as typed, through the lesson commands and docker, with
    /// `limits` (the fuzzer's are tighter).
    public static func replay(
        _ submission: Submission, lesson: Lesson, language: Language = .en, limits: Limits = .standard
    ) -> Replay {
        var engine = Engine(clock: .manual(at: submission.startTime ?? lesson.clock ?? .zero), seed: submission.seed)
        engine.limits = limits
        let session = Session(engine: engine)
        let plugin = LessonPlugin(
            catalog: LessonCatalog(lessons: [lesson]), language: language, store: nil, records: false)
        session.plugins = [plugin]
        // Each submission gets its own budget: one that loops for ever cannot stall the class.
        session.limitWork(to: limits.stepsPerReplay)
        let runner = LessonRunner(lesson: lesson, session: session, language: language)
        runner.begin(on: session, startTime: submission.startTime ?? lesson.clock ?? .zero, seed: submission.seed)
        plugin.adopt(runner)
        for event in submission.events {
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
        runner.observe(session.engine)
        return Replay(engine: session.engine, runner: runner, workSpent: session.workSpent)
    }

    /// First words of host lines skipped when replaying.
    static let ignoredWhenGrading: Set<String> = ["lesson", "leccion", "lección", "record"]

    /// One student's result.
    public struct Result: Sendable, Codable {
        public var file: String
        public var student: String
        public var lesson: String
        /// Per step: items done, items, solution used.
        public var steps: [StepScore]
        /// Out of 10.
        public var score: Double
        /// Why the submission could not be graded (file:line: message).
        public var error: String?
    }

    /// Grades one file's text.
    public static func grade(text: String, file: String, lesson: Lesson) -> Result {
        let submission: Submission
        do {
            submission = try Submission.parse(text, file: file)
        } catch {
            return Result(file: file, student: "", lesson: lesson.id, steps: [], score: 0, error: error.description)
        }
        guard submission.lessonID == lesson.id else {
            return Result(
                file: file, student: submission.student, lesson: submission.lessonID, steps: [], score: 0,
                error:
                    "\(file):\(lessonLine(text)): the submission is for lesson '\(submission.lessonID)', not '\(lesson.id)'"
            )
        }
        let replayed = replay(submission, lesson: lesson)
        if replayed.workSpent {
            return Result(
                file: file, student: submission.student, lesson: lesson.id, steps: [], score: 0,
                error:
                    "\(file):1: the submission did more work than one may (\(Limits.standard.stepsPerReplay) commands); it scores 0"
            )
        }
        let steps = replayed.runner.scores()
        let total = steps.reduce(0.0) { $0 + $1.fraction }
        let score = lesson.steps.isEmpty ? 0 : (total / Double(lesson.steps.count) * 100).rounded() / 10
        return Result(
            file: file, student: submission.student, lesson: lesson.id, steps: steps, score: score, error: nil)
    }

    static func lessonLine(_ text: String) -> Int {
        LessonParser.lines(text).firstIndex { $0.hasPrefix("lesson:") }.map { $0 + 1 } ?? 1
    }

    /// Grades files in parallel (each replay is independent), results in the order given.
    public static func grade(files: [String], lesson: Lesson) -> [Result] {
        let results = Results(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            let result: Result
            // A regular file only, capped, and through a link only when it is the student's own
            // file or the teacher's link (SafeFile): never another user's file.
            switch SafeFile.readText(file, limit: Limits.standard.submissionFileBytes, links: .sameOwner) {
            case .success(let text)?:
                result = grade(text: text, file: file, lesson: lesson)
            case .failure(let problem)?:
                result = Result(
                    file: file, student: "", lesson: lesson.id, steps: [], score: 0, error: "\(file):1: \(problem.what)"
                )
            case nil:
                result = Result(
                    file: file, student: "", lesson: lesson.id, steps: [], score: 0,
                    error: "\(file):1: cannot read the file")
            }
            results.set(index, result)
        }
        return results.all
    }

    final class Results: @unchecked Sendable {
        private var storage: [Result?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result) {
            lock.lock()
            storage[index] = result
            lock.unlock()
        }
        var all: [Result] {
            lock.lock()
            defer { lock.unlock() }
            return storage.compactMap { $0 }
        }
    }

    static func cell(_ score: StepScore) -> String {
        if score.usedSolution { return "S" }
        if score.complete { return "✔" }
        if score.done == 0 { return "✘" }
        return "\(score.done)/\(score.total)"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The table: student, one column per step, score out of 10.
    public static func table(_ results: [Result], lesson: Lesson) -> String {
        var rows: [[String]] = [
            ["STUDENT"] + lesson.steps.indices.map { "\($0 + 1).\(lesson.steps[$0].id)" } + ["SCORE"]
        ]
        for result in results {
            if result.error != nil {
                rows.append(
                    [result.student.isEmpty ? result.file : result.student] + lesson.steps.map { _ in "-" } + ["ERROR"])
            } else {
                rows.append([result.student] + result.steps.map(cell) + [number(result.score) + "/10"])
            }
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            let cells = row.enumerated().map { column, value in
                column == row.count - 1 ? value : value + String(repeating: " ", count: widths[column] - value.count)
            }
            text += cells.joined(separator: "   ") + "\n"
        }
        text += "✔ done/hecho · n/m partly/en parte · ✘ not done/sin hacer · S solution shown/vio la solución\n"
        return text
    }

    /// CSV: student, file, one column per step (0…1), score.
    public static func csv(_ results: [Result], lesson: Lesson) -> String {
        func quote(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var text = (["student", "file"] + lesson.steps.map(\.id) + ["score", "error"]).joined(separator: ",") + "\n"
        for result in results {
            let steps =
                result.error == nil
                ? result.steps.map { String(format: "%.2f", $0.fraction) } : lesson.steps.map { _ in "" }
            text +=
                ([result.student, result.file] + steps + [
                    result.error == nil ? number(result.score) : "", result.error ?? "",
                ])
                .map(quote).joined(separator: ",") + "\n"
        }
        return text
    }

    /// JSON: every result with its steps.
    public static func json(_ results: [Result], lesson: Lesson) throws -> String {
        struct Report: Codable {
            var lesson: String
            var steps: [String]
            var results: [Result]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Report(lesson: lesson.id, steps: lesson.steps.map(\.id), results: results))
        return (String(data: data, encoding: .utf8) ?? "") + "\n"
    }
}

extension LessonPlugin {
    /// Takes a runner already begun (grading, resuming).
    func adopt(_ runner: LessonRunner) {
        setRunner(runner)
    }
}
