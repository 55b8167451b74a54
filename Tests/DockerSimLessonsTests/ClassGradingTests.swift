import DockerSimCommands
import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// A whole class through the course, graded offline by the built executable: every student
/// works every lesson in the REPL (some well, some with hints, wrong tries, a solution, some
/// stopping early), the submissions land in one folder with a tampered copy and a broken file,
/// and `dockersim grade` scores them all by each lesson's rules.
@Suite("Grading a whole class offline")
struct ClassGradingTests {
    enum Behaviour: CaseIterable {
        case complete, firstStepOnly, hintFirst, wrongTry, solutionLast
    }

    /// The first question with a known wrong size or number (uncapped tries): its step and itself.
    static func wrongTarget(_ lesson: Lesson) -> (step: Int, question: Question)? {
        for (index, step) in lesson.steps.enumerated() {
            for question in step.questions
            where (question.kind == .size || question.kind == .number) && !question.wrongs.isEmpty
                && lesson.scoring.cap(for: question) == nil
            {
                return (index, question)
            }
        }
        return nil
    }

    /// What a student with this behaviour types into the REPL for a lesson, as a submission.
    static func work(_ lesson: Lesson, student: String, _ behaviour: Behaviour) throws -> Submission {
        let session = Session(engine: Engine())
        let plugin = LessonPlugin(
            catalog: LessonCatalog(lessons: [lesson]), language: .es, store: nil, student: student, records: true)
        session.plugins = [plugin]
        _ = session.handle("lesson start \(lesson.id)")
        let target = wrongTarget(lesson)
        for (index, step) in lesson.steps.enumerated() {
            if behaviour == .firstStepOnly && index > 0 { break }
            if behaviour == .solutionLast && index == lesson.steps.count - 1 {
                _ = session.handle("solution")
                _ = session.handle("s")
                continue
            }
            if behaviour == .hintFirst && index == 0 { _ = session.handle("hint") }
            for line in step.solution.map(\.text) { _ = session.handle(line) }
            if session.inContainer { _ = session.handle("exit") }
            for question in step.questions {
                if behaviour == .wrongTry, let target, target.step == index, target.question.id == question.id {
                    let wrong = LessonVerifier.studentForm(question.wrongs[0].answer, question, session.engine)
                    _ = session.handle("answer \(question.id) \(wrong)")
                }
                _ = session.handle("answer \(question.id) \(question.answer ?? question.expect)")
            }
            if step.questions.isEmpty { _ = session.handle("check") }
        }
        return try #require(plugin.currentSubmission())
    }

    /// The score the lesson's rules give each behaviour, worked out from the lesson's points
    /// (not from the grader): out of 10, to one decimal.
    static func expected(_ lesson: Lesson, _ behaviour: Behaviour) throws -> Double {
        let points = lesson.steps.map { $0.points ?? lesson.scoring.points }
        let total = points.reduce(0, +)
        var earned = total
        switch behaviour {
        case .complete: break
        case .firstStepOnly: earned = points[0]
        case .hintFirst: earned -= points[0] * lesson.scoring.hintPenalty
        case .solutionLast: earned -= points[points.count - 1] * lesson.scoring.solutionPenalty
        case .wrongTry:
            let target = try #require(wrongTarget(lesson), "\(lesson.id) has a size or number question")
            let step = lesson.steps[target.step]
            let items = Double((step.checks.isEmpty ? 0 : 1) + step.questions.count)
            earned -= points[target.step] / items * lesson.scoring.wrongPenalty
        }
        return (earned / total * 100).rounded() / 10
    }

    static let students: [(name: String, behaviour: Behaviour)] = [
        ("Ana Pérez", .complete), ("Luis", .firstStepOnly), ("Marta", .hintFirst), ("Pablo", .wrongTry),
        ("Rosa", .solutionLast),
    ]

    @Test("a class of five through every lesson: each score as the lesson's rules say, a class table, CSV and JSON")
    func wholeClass() throws {
        let folder = NSTemporaryDirectory() + "dockersim-class-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var expected: [String: Double] = [:]
        var files: [String] = []
        let lessons = Fixtures.catalog.lessons
        #expect(lessons.count >= 7)
        for lesson in lessons {
            for (number, student) in Self.students.enumerated() {
                let file = "\(lesson.id)-\(number).submission"
                try Self.work(lesson, student: student.name, student.behaviour).render()
                    .write(toFile: folder + "/" + file, atomically: true, encoding: .utf8)
                expected[file] = try Self.expected(lesson, student.behaviour)
                files.append(file)
            }
        }
        // Eva copies Luis's capas file, puts her name on it and forges every output as a success.
        let luis = try String(contentsOfFile: folder + "/capas-1.submission", encoding: .utf8)
        let forged = luis.components(separatedBy: "\n").map { line in
            line.hasPrefix("student:") ? "student: Eva" : line.hasPrefix("> ") ? "> ✔ ¡Correcto! Paso completado" : line
        }
        try forged.joined(separator: "\n").write(
            toFile: folder + "/capas-eva.submission", atomically: true, encoding: .utf8)
        expected["capas-eva.submission"] = try Self.expected(try Fixtures.lesson("capas"), .firstStepOnly)
        files.append("capas-eva.submission")
        // Jorge's redes file has a line the format does not know.
        try "lesson: redes\nstudent: Jorge\n\n$ run -d --name web1 nginx\n%% rm -rf /\n".write(
            toFile: folder + "/redes-jorge.submission", atomically: true, encoding: .utf8)
        expected["redes-jorge.submission"] = 0
        files.append("redes-jorge.submission")

        let result = try LessonExecutableTests.dockersim(
            ["grade", "--lang", "es", "--csv", "notas.csv", "--csv-class", "clase.csv", "--json", "notas.json"]
                + files,
            in: folder)
        #expect(result.status == 1, "Jorge's file could not be graded")
        #expect(result.stderr.contains("redes-jorge.submission:5:"), "\(result.stderr)")
        for lesson in lessons {
            #expect(result.stdout.contains("── \(lesson.title.text(.es)) (\(lesson.id))"), "a table per lesson")
        }

        // Every file's score, read back from the CSV the teacher gets.
        let rows = try String(contentsOfFile: folder + "/notas.csv", encoding: .utf8)
            .components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(rows.first == "alumno,fichero,leccion,pistas,fallos,soluciones,nota,avisos")
        #expect(rows.count == 1 + files.count)
        for row in rows.dropFirst() {
            let cells = row.components(separatedBy: ",")
            let file = cells[1]
            #expect(Double(cells[6]) == expected[file], "\(row)")
        }
        let eva = try #require(rows.first { $0.hasPrefix("Eva,") })
        #expect(eva.contains("las mismas líneas, a las mismas horas, que capas-1.submission"), "\(eva)")
        let jorge = try #require(rows.first { $0.hasPrefix("Jorge,") })
        #expect(jorge.contains(",0.0,\"0 puntos: no se pudo corregir: redes-jorge.submission:5:"), "\(jorge)")

        // The class table: a row per student, a score per lesson, the average.
        let table = try #require(result.stdout.components(separatedBy: "── Clase\n").last)
        let header = try #require(table.components(separatedBy: "\n").first)
        #expect(header.hasPrefix("ALUMNO"))
        #expect(header.hasSuffix("ENTREGADAS   MEDIA"))
        for lesson in lessons { #expect(header.contains(lesson.id)) }
        let ana = try #require(table.components(separatedBy: "\n").first { $0.hasPrefix("Ana Pérez") })
        #expect(
            ana.split(separator: " ").suffix(lessons.count + 2).map(String.init)
                == Array(repeating: "10", count: lessons.count) + ["\(lessons.count)/\(lessons.count)", "10/10"],
            "\(ana)")
        let summary = try String(contentsOfFile: folder + "/clase.csv", encoding: .utf8)
            .components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(summary[0] == "alumno," + lessons.map(\.id).joined(separator: ",") + ",entregadas,media")
        #expect(summary.count == 1 + Self.students.count + 2, "five students, Eva and Jorge")
        let luisRow = try #require(summary.first { $0.hasPrefix("Luis,") })
        let luisScores = try lessons.map { try Self.expected($0, .firstStepOnly) }
        let luisAverage = (luisScores.reduce(0, +) / Double(lessons.count) * 10).rounded() / 10
        #expect(
            luisRow
                == "Luis," + luisScores.map { String(format: "%.1f", $0) }.joined(separator: ",")
                + ",\(lessons.count),\(String(format: "%.1f", luisAverage))")
        let evaRow = try #require(summary.first { $0.hasPrefix("Eva,") })
        let evaScore = expected["capas-eva.submission"] ?? 0
        let evaAverage = (evaScore / Double(lessons.count) * 10).rounded() / 10
        #expect(evaRow.hasPrefix("Eva,\(String(format: "%.1f", evaScore)),"), "\(evaRow)")
        #expect(evaRow.hasSuffix(",1,\(String(format: "%.1f", evaAverage))"), "\(evaRow)")
        let jorgeRow = try #require(summary.first { $0.hasPrefix("Jorge,") })
        #expect(jorgeRow.hasSuffix(",1,0.0"), "handed in, scored 0")

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/notas.json")))
                as? [String: Any])
        #expect((json["results"] as? [[String: Any]])?.count == files.count)
    }

    @Test(
        "the class summary: names match ignoring case and accents, the better of two files counts, a missing lesson counts 0"
    )
    func summary() throws {
        func result(_ student: String, _ lesson: String, _ score: Double, error: String? = nil) -> Grader.Result {
            var result = Grader.Result(
                file: "\(student)-\(lesson)", student: student, lesson: lesson, steps: [], score: score)
            result.error = error
            return result
        }
        let summary = ClassSummary(
            [
                result("Ana Pérez", "capas", 8), result("ana perez", "capas", 9.5), result("ANA PEREZ", "cow", 6),
                result("Luis", "cow", 7, error: "x.submission:3: unknown line"), result("zoe", "otra", 10),
            ], catalog: Fixtures.catalog)
        #expect(summary.lessons == ["capas", "cow"], "catalog order; an unknown lesson is not a column")
        #expect(summary.rows.map(\.student) == ["Ana Pérez", "Luis"])
        #expect(summary.rows[0].scores == ["capas": 9.5, "cow": 6])
        #expect(summary.rows[0].average == 7.8)
        #expect(summary.rows[1].scores == ["cow": 0])
        #expect(summary.rows[1].handedIn == 1 && summary.rows[1].average == 0)
        #expect(
            summary.table(language: .en) == """
                STUDENT     capas     cow       HANDED IN   AVERAGE
                Ana Pérez   9.5       6         2/2         7.8/10
                Luis        -         0         1/2         0/10
                Scores out of 10 · - not handed in (counts 0 in the average) · of two files of one lesson, the better one (see its notes)

                """)
        #expect(summary.table(language: .es).hasPrefix("ALUMNO      capas     cow       ENTREGADAS   MEDIA\n"))
        #expect(summary.table(language: .es).contains("Ana Pérez   9,5       6         2/2          7,8/10\n"))
        #expect(summary.csv().hasPrefix("student,capas,cow,handed_in,average\nAna Pérez,9.5,6.0,2,7.8\n"))
    }
}
