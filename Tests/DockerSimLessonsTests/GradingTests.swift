import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

@Suite("Submissions and grading")
struct GradingTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "dockersim-grade-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("three submissions: complete, half done, malformed → table, CSV, JSON")
    func threeSubmissions() throws {
        let lesson = try Fixtures.lesson("escritura")
        let folder = try Self.folder()
        let complete = LessonVerifier.referenceSubmission(lesson, student: "ana")
        let half = LessonVerifier.referenceSubmission(lesson, student: "luis", upTo: 0)
        // Container lines and a [y/N]-free Ctrl-D are part of what is replayed.
        #expect(complete.events.contains { $0.place == .container && $0.line.hasPrefix("echo") })
        try Self.write(complete.render(), folder + "/ana.submission")
        try Self.write(half.render(), folder + "/luis.submission")
        var malformed = half.render().components(separatedBy: "\n")
        malformed = malformed.map { $0.hasPrefix("student:") ? "student: eva" : $0 }
        malformed.insert("% pull ubuntu", at: 8)
        try Self.write(malformed.joined(separator: "\n"), folder + "/eva.submission")

        let files = ["ana", "luis", "eva"].map { folder + "/\($0).submission" }
        let results = Grader.grade(files: files, lesson: lesson)
        #expect(results.map(\.student) == ["ana", "luis", "eva"], "a malformed file keeps its student's name")
        #expect(results[0].score == 10)
        #expect(results[0].steps.allSatisfy { $0.complete })
        #expect(results[1].steps.map(\.complete) == [true, false, false])
        #expect(results[1].score == 3.3)
        let error = try #require(results[2].error)
        #expect(error.hasPrefix(folder + "/eva.submission:9:"))
        #expect(results[2].score == 0)

        let table = Grader.table(results, lesson: lesson)
        let rows = table.components(separatedBy: "\n")
        #expect(rows[0].hasPrefix("STUDENT"))
        #expect(rows[0].contains("1.crear") && rows[0].contains("3.rmi") && rows[0].hasSuffix("SCORE"))
        #expect(rows[1].hasPrefix("ana") && rows[1].hasSuffix("10/10"))
        #expect(rows[2].hasPrefix("luis") && rows[2].hasSuffix("3.3/10"))
        #expect(rows[3].hasPrefix("eva") && rows[3].hasSuffix("0/10"))
        #expect(table.contains("eva (eva.submission): 0 points: could not be graded: \(folder)/eva.submission:9:"))

        let csv = Grader.csv(results, lesson: lesson).components(separatedBy: "\n")
        #expect(csv[0] == "student,file,lesson,crear,crecer,rmi,hints,wrong,solutions,score,notes")
        #expect(csv[1] == "ana,\(folder)/ana.submission,escritura,1.00,1.00,1.00,0,0,0,10.0,")
        #expect(csv[2].hasPrefix("luis,\(folder)/luis.submission,escritura,1.00,0.00,0.00,0,0,0,3.3,"))
        #expect(csv[3].hasPrefix("eva,\(folder)/eva.submission,escritura,,,,0,0,0,0.0,\"0 points: could not be graded"))
        let spanish = Grader.csv(results, lesson: lesson, language: .es).components(separatedBy: "\n")
        #expect(spanish[0] == "alumno,fichero,leccion,crear,crecer,rmi,pistas,fallos,soluciones,nota,avisos")
        #expect(Grader.table(results, lesson: lesson, language: .es).hasPrefix("ALUMNO"))

        let steps = Grader.stepsCSV(results, catalog: LessonCatalog(lessons: [lesson])).components(separatedBy: "\n")
        #expect(steps[0] == "student,file,lesson,step,points,max,done,of,hints,wrong,solution")
        #expect(steps[1] == "ana,\(folder)/ana.submission,escritura,crear,1.00,1.00,3,3,0,0,0")
        #expect(steps.count == 1 + 6 + 1, "two graded students, three steps each")

        let json = try Grader.json(results, catalog: LessonCatalog(lessons: [lesson]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let lessons = try #require(object["lessons"] as? [[String: Any]])
        #expect(lessons.first?["id"] as? String == "escritura")
        let list = try #require(object["results"] as? [[String: Any]])
        #expect(list.count == 3)
        #expect(list[0]["score"] as? Double == 10)
        #expect((list[0]["questions"] as? [[String: Any]])?.count == 6)
        #expect((list[2]["error"] as? String)?.contains("eva.submission:9") == true)
        #expect(list[2]["student"] as? String == "eva")
        #expect((list[2]["notes"] as? [String])?.first?.hasPrefix("0 points") == true)
        let labels = try Grader.json(results, catalog: LessonCatalog(lessons: [lesson]), language: .es)
        #expect(labels.contains("\"student\" : \"alumno\""))
    }

    @Test(
        "a submission whose recorded outputs were edited by hand gets the same grade", arguments: Fixtures.lessonIDs)
    func editedOutputs(id: String) throws {
        let lesson = try Fixtures.lesson(id)
        let text = LessonVerifier.referenceSubmission(lesson, student: "ana").render()
        #expect(text.contains("\n> "), "outputs are recorded")
        let edited = text.components(separatedBy: "\n").map { line in
            line.hasPrefix("> ") ? "> ✔ ¡Correcto! 999GB Pull complete Deleted: sha256:0000" : line
        }.joined(separator: "\n")
        let original = Grader.grade(text: text, file: "ana", lesson: lesson)
        let forged = Grader.grade(text: edited, file: "ana", lesson: lesson)
        #expect(original.error == nil && forged.error == nil)
        #expect(original.score == 10)
        #expect(forged.steps == original.steps)
        #expect(forged.score == original.score)
    }

    @Test("outputs claiming success do not grade an empty submission")
    func forgedOutputsOnly() throws {
        let lesson = try Fixtures.lesson("capas")
        let text = """
            lesson: capas
            student: mallory
            seed: 1

            $ answer 3
            > ✔ ¡Correcto!
            > ¡Paso completado!
            """
        let result = Grader.grade(text: text, file: "m", lesson: lesson)
        #expect(result.error == nil)
        #expect(result.steps[0].complete == false)
        #expect(result.steps[0].done == 0, "the image was never pulled: its layers cannot be counted")
        #expect(result.score == 0)
    }

    /// The caps grading is given hold for the whole replay (starting the lesson makes a new
    /// engine: it keeps them).
    @Test("grading keeps the caps it is given")
    func gradingKeepsItsCaps() throws {
        let lesson = try Fixtures.lesson("capas")
        let submission = try Submission.parse(
            "lesson: capas\n\n$ while true; do echo x >> f; done\n$ wc -c f\n", file: "ana.submission")
        var limits = Limits.standard
        limits.commandsWithoutPause = 50
        let replay = Grader.replay(submission, lesson: lesson, limits: limits)
        #expect(replay.engine.limits.commandsWithoutPause == 50)
        let size = try replay.engine.host.stat("/home/usuario/f", cwd: [], follow: true).node.ownSize
        // Two commands a turn (`true`, `echo`): about 25 lines of two bytes, not 50,000.
        #expect(size > 0 && size <= 100)
    }

    @Test("grading writes no file and cannot switch lessons")
    func noSideEffects() throws {
        let lesson = try Fixtures.lesson("capas")
        let folder = try Self.folder()
        var text = LessonVerifier.referenceSubmission(lesson, student: "ana").render()
        text +=
            "$ lesson save \(folder)/escrito.txt\n$ record start \(folder)/grabado.md\n$ pull ubuntu\n$ record stop\n$ lesson start escritura\n"
        let result = Grader.grade(text: text, file: "ana", lesson: lesson)
        #expect(result.score == 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test(
        "malformed submissions name their line",
        arguments: [
            ("student: x\n$ pull ubuntu\n", 1, "missing `lesson:` header"),
            ("lesson: capas\nclock: ayer\n", 2, "not an RFC 3339 time"),
            ("lesson: capas\n@ ayer\n$ images\n", 2, "not an RFC 3339 time"),
            ("lesson: capas\n> output first\n", 2, "output line before any command"),
            ("lesson: capas\n$ pull ubuntu\ncolor: red\n", 3, "expected `$ command`"),
            ("lesson: capas\ncolor: red\n", 2, "unknown header"),
        ])
    func malformed(text: String, line: Int, message: String) {
        #expect(throws: Submission.ParseError.self) { try Submission.parse(text, file: "s.txt") }
        do {
            _ = try Submission.parse(text, file: "s.txt")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message))
        }
    }

    @Test("a submission renders and parses back")
    func roundTrip() throws {
        let lesson = try Fixtures.lesson("cow")
        let submission = LessonVerifier.referenceSubmission(lesson, student: "ana")
        let parsed = try Submission.parse(submission.render(), file: "x")
        #expect(parsed.events.map(\.line) == submission.events.map(\.line))
        #expect(parsed.events.map(\.place) == submission.events.map(\.place))
        #expect(parsed.startTime == submission.startTime)
        #expect(parsed.seed == submission.seed)
        #expect(parsed.student == "ana")
        #expect(parsed.events.map(\.time) == submission.events.map(\.time))
        #expect(parsed.events.allSatisfy { $0.time != nil }, "every line keeps the time it was typed")
    }
}

@Suite("Judging answers")
struct AnswerTests {
    static func question(_ kind: QuestionKind, _ expect: String, options: [String] = []) -> Question {
        Question(
            id: "q", ask: Localized(es: "?"), kind: kind, expect: expect, expectLocation: .init(line: 1, column: 1),
            tolerance: nil, options: options.map { ($0, Localized(es: $0)) }, wrongs: [], answer: nil,
            location: .init(line: 1, column: 1))
    }

    static let engine = Engine(clock: .manual(at: .zero), seed: 1)

    @Test(
        "yes and no in both languages",
        arguments: [("sí", true), ("Si", true), ("yes", true), ("S", true), ("no", false), ("N", false)])
    func yesNo(answer: String, yes: Bool) {
        #expect(
            Self.question(.yesno, "yes").judge(answer, engine: Self.engine, defaultTolerance: .absolute(0)).correct
                == yes)
    }

    @Test("choices")
    func choices() {
        let several = Self.question(.choices, "a, c", options: ["a", "b", "c"])
        #expect(several.judge("c a", engine: Self.engine, defaultTolerance: .absolute(0)).correct)
        #expect(several.judge("A y C", engine: Self.engine, defaultTolerance: .absolute(0)).correct)
        #expect(!several.judge("a", engine: Self.engine, defaultTolerance: .absolute(0)).correct)
        #expect(several.judge("z", engine: Self.engine, defaultTolerance: .absolute(0)).unreadable)
        let one = Self.question(.choice, "b", options: ["a", "b"])
        #expect(one.judge("b)", engine: Self.engine, defaultTolerance: .absolute(0)).correct)
        #expect(one.judge("a, b", engine: Self.engine, defaultTolerance: .absolute(0)).unreadable)
    }

    @Test(
        "sizes within the tolerance the lesson sets",
        arguments: [
            ("186,8 MB", Tolerance.relative(0.05), true), ("186.8MB + 25B + 22B", .absolute(0), true),
            ("178 MiB", .relative(0.05), true), ("0,2 GiB", .relative(0.05), false), ("186.8", .relative(0.05), false),
            ("178 MiB", .relative(0.1), true), ("187MB", .relative(0.05), false), ("186800047", .absolute(0), true),
        ])
    func sizes(answer: String, tolerance: Tolerance, correct: Bool) {
        #expect(
            Self.question(.size, "186800047").judge(answer, engine: Self.engine, defaultTolerance: tolerance).correct
                == correct)
    }

    @Test("image names: any reference of the expected image")
    func images() throws {
        var engine = Self.engine
        _ = try engine.pull(ImageReference.parse("ubuntu"))
        let question = Self.question(.image, "ubuntu:latest")
        #expect(question.judge("ubuntu", engine: engine, defaultTolerance: .absolute(0)).correct)
        #expect(
            question.judge("docker.io/library/ubuntu:latest", engine: engine, defaultTolerance: .absolute(0)).correct)
        #expect(question.judge("e34e831650c1", engine: engine, defaultTolerance: .absolute(0)).correct)
        #expect(!question.judge("debian", engine: engine, defaultTolerance: .absolute(0)).correct)
    }
}
