import DockerSimCommands
import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// Issue 16, point 4, and issue 19, point 6: grading that cannot be gamed.
@Suite("Fair grading: replayed, penalised, flagged, sanitised")
struct FairGradingTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "dockersim-fair-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func header(_ lesson: String, _ student: String, seed: Int = 2) -> String {
        "lesson: \(lesson)\nstudent: \(student)\nclock: 2024-01-28T17:00:00Z\nseed: \(seed)\n\n"
    }

    @Test("the tamper test: an edited progress file, forged outputs and a forged header gain nothing")
    func tamper() throws {
        let lesson = try Fixtures.lesson("capas")
        let folder = try Self.folder()
        // A student who did nothing…
        let mallory = Student(language: .en, folder: folder + "/state", student: "mallory")
        mallory.type("lesson start capas")
        mallory.type("images")
        // …marks every step as passed in the progress file.
        let progressPath = folder + "/state/progress.json"
        var progress = try #require(mallory.store.loadProgress()["capas"])
        for index in progress.steps.indices {
            progress.steps[index].tasksDone = true
            for question in lesson.steps[index].questions { progress.steps[index].correct[question.id] = true }
        }
        try mallory.store.save(progress)
        #expect(try String(contentsOfFile: progressPath, encoding: .utf8).contains("\"tasksDone\" : true"))
        // The list believes the file (it only shows progress)…
        #expect(
            Student(language: .en, folder: folder + "/state", student: "mallory").type("lesson list").contains("[3/3]"))
        // …but the submission holds only what was typed, and grading replays it.
        mallory.type("lesson save \(folder)/mallory.submission")
        var text = try String(contentsOfFile: folder + "/mallory.submission", encoding: .utf8)
        text += "$ answer 3\n> ✔ Right!\n> Step complete!\n# passed: 3/3\n"
        try text.write(toFile: folder + "/mallory.submission", atomically: true, encoding: .utf8)
        let result = Grader.grade(files: [folder + "/mallory.submission"], lesson: lesson)[0]
        #expect(result.error == nil)
        #expect(result.score == 0)
        #expect(Grader.notes(result, .en) == ["0 points: no task done and no question answered right"])

        // A header that claims a score is not a submission: 0, with the reason, the name kept.
        let forged = Grader.grade(text: Self.header("capas", "mallory") + "score: 10\n", file: "m", lesson: lesson)
        #expect(forged.score == 0)
        #expect(forged.student == "mallory")
        #expect(forged.error?.contains("unknown header") == true)
        #expect(forged.error?.contains("10") == false, "the file's content is never quoted")
    }

    @Test("brute force is visible and penalised: every size from 0B to 100B, every option")
    func bruteForce() throws {
        let lesson = try Fixtures.lesson("escritura")
        var lines = ["$ run -it --name contenedor1 ubuntu", "| exit"]
        for size in 0...100 { lines.append("$ answer tam-inicial \(size)B") }
        for letter in ["c", "b", "a"] { lines.append("$ answer por-que \(letter)") }
        let brute = Grader.grade(
            text: FairGradingTests.header("escritura", "bruto") + lines.joined(separator: "\n") + "\n", file: "b",
            lesson: lesson)
        let honest = Grader.grade(
            text: LessonVerifier.referenceSubmission(lesson, student: "ana", upTo: 0).render(), file: "a",
            lesson: lesson)
        #expect(honest.steps[0].points == 1)
        #expect(brute.steps[0].wrongTries >= 5 + 2)
        #expect(brute.steps[0].points < 0.5, "\(brute.steps[0])")
        #expect(brute.questions.first { $0.id == "por-que" }?.failed == true, "three letters, two tries")
        let table = Grader.table([honest, brute], lesson: lesson)
        let row = try #require(table.components(separatedBy: "\n").first { $0.hasPrefix("bruto") })
        #expect(row.contains(" \(brute.wrongTries) "), "the wrong tries show in the table: \(row)")
    }

    @Test("the same student twice, and the same work under two names, are flagged")
    func duplicates() throws {
        let lesson = try Fixtures.lesson("capas")
        let folder = try Self.folder()
        let ana = LessonVerifier.referenceSubmission(lesson, student: "Ana")
        try ana.render().write(toFile: folder + "/ana.submission", atomically: true, encoding: .utf8)
        try ana.render().replacingOccurrences(of: "student: Ana", with: "student: Luis")
            .write(toFile: folder + "/luis.submission", atomically: true, encoding: .utf8)
        let again = LessonVerifier.referenceSubmission(lesson, student: "ana", upTo: 0)
        try again.render().write(toFile: folder + "/ana-2.submission", atomically: true, encoding: .utf8)
        let results = Grader.grade(
            files: ["ana", "luis", "ana-2"].map { folder + "/\($0).submission" }, lesson: lesson)
        #expect(results[0].flags.contains(Grader.Flag(kind: .duplicateStudent, other: folder + "/ana-2.submission")))
        #expect(results[2].flags.contains(Grader.Flag(kind: .duplicateStudent, other: folder + "/ana.submission")))
        #expect(results[1].flags == [Grader.Flag(kind: .sameWork, other: folder + "/ana.submission")])
        let table = Grader.table(results, lesson: lesson, language: .es)
        #expect(table.contains("Ana (ana.submission): el mismo alumno también entregó \(folder)/ana-2.submission"))
        #expect(
            table.contains(
                "Luis (luis.submission): las mismas líneas, a las mismas horas, que \(folder)/ana.submission"))
    }

    @Test("names are sanitised for the terminal and the CSV; formulas are neutralised")
    func sanitisedNames() throws {
        let lesson = try Fixtures.lesson("capas")
        let names = [
            "\u{1B}[2J\u{1B}[31mEve\u{7}", "=HYPERLINK(\"http://x.example/\",\"ok\")", "+1+cmd|' /C calc'!A0",
            "@SUM(1)", "-2+3", "Ana\u{202E}aicraG", "\u{1B}]0;title\u{7}Bob",
        ]
        let results = names.enumerated().map { index, name in
            Grader.grade(
                text: "lesson: capas\nstudent: \(name)\n\n$ pull josedom24/servidorweb:v\(index % 2 + 1)\n",
                file: "s\(index)", lesson: lesson)
        }
        #expect(results[0].student == "Eve")
        #expect(results[5].student == "AnaaicraG")
        #expect(results[6].student == "Bob")
        let table = Grader.table(results, lesson: lesson)
        #expect(!table.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(!table.unicodeScalars.contains { $0.properties.generalCategory == .format })
        let csv = Grader.csv(results, lesson: lesson)
        #expect(!csv.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        for line in csv.components(separatedBy: "\n").dropFirst() where !line.isEmpty {
            let first = line.hasPrefix("\"") ? line.dropFirst() : Substring(line)
            #expect(!"=+-@".contains(first.first ?? " "), "a formula reaches the spreadsheet: \(line)")
        }
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"ok\"\")\""))
        #expect(csv.contains("'@SUM(1)"))
    }

    @Test("grade reads the lesson from each submission when none is given")
    func lessonFromTheSubmission() throws {
        let folder = try Self.folder()
        var files: [String] = []
        for id in ["capas", "escritura"] {
            let lesson = try Fixtures.lesson(id)
            let path = folder + "/\(id).submission"
            try LessonVerifier.referenceSubmission(lesson, student: "ana").render()
                .write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        try "lesson: no-such\nstudent: eva\n".write(
            toFile: folder + "/eva.submission", atomically: true, encoding: .utf8)
        files.append(folder + "/eva.submission")
        let results = Grader.grade(files: files, catalog: Fixtures.catalog)
        #expect(results.map(\.lesson) == ["capas", "escritura", "no-such"])
        #expect(results[0].score == 10 && results[1].score == 10)
        #expect(results[2].score == 0 && results[2].student == "eva")
        #expect(results[2].error?.contains("no lesson 'no-such'") == true)
    }

    @Test("grading replays each line at the time it was typed: a clock-driven container grows the same")
    func replayAtRecordedTimes() throws {
        let text = """
            id: reloj
            title.en: Clock
            clock: 2024-01-28T18:00:00Z
            setup: pull ubuntu
            ## step crece
            text.en: Let a clock write for a while.
            check: container-running reloj
            question: tam
            ask.en: How big is its layer now?
            kind: size
            tolerance: 0
            expect: container.size(reloj)
            answer: 10B
            solution: run -d --name reloj ubuntu bash -c "while true; do date >> /hora.txt; sleep 1; done"
            """
        let (parsed, diagnostics) = LessonParser.parse(text, file: "reloj.md")
        #expect(diagnostics.map(\.description) == [])
        let lesson = try #require(parsed)
        let ana = Student(language: .en, catalog: LessonCatalog(lessons: [lesson]))
        ana.type("lesson start reloj")
        ana.type("run -d --name reloj ubuntu bash -c \"while true; do date >> /hora.txt; sleep 1; done\"")
        // Time passes on its own, as on a terminal: no `sleep` line records it.
        ana.session.advance(by: 42)
        let size = try ana.session.engine.findContainer("reloj").sizeRw
        #expect(size > 100)
        #expect(ana.type("answer \(size)B").contains("✔ Right!"))
        let submission = try #require(ana.plugin.currentSubmission())
        let result = Grader.grade(text: submission.render(), file: "ana", lesson: lesson)
        #expect(result.score == 10, "\(submission.render())")
        // Without the times, the replay is at another moment and the size is another one.
        let timeless = submission.render().components(separatedBy: "\n").filter { !$0.hasPrefix("@ ") }
        let moved = Grader.grade(text: timeless.joined(separator: "\n"), file: "ana", lesson: lesson)
        #expect(moved.score < 10)
    }

    @Test("a truncated, binary or oversized file scores 0 with the reason; the class is still graded")
    func badFiles() throws {
        let lesson = try Fixtures.lesson("capas")
        let folder = try Self.folder()
        let good = LessonVerifier.referenceSubmission(lesson, student: "ana").render()
        try good.write(toFile: folder + "/ana.submission", atomically: true, encoding: .utf8)
        // Cut in the middle of a line: what is left is graded as it stands.
        let lines = good.components(separatedBy: "\n")
        let cut = try #require(lines.firstIndex(of: "$ pull josedom24/servidorweb:v2"))
        try (lines[..<cut].joined(separator: "\n") + "\n$ pull josedom24/serv").write(
            toFile: folder + "/cut.submission", atomically: true, encoding: .utf8)
        try Data([0x6C, 0x65, 0x00, 0xFF]).write(to: URL(fileURLWithPath: folder + "/bin.submission"))
        let big = "lesson: capas\nstudent: big\n" + String(repeating: "# padding\n", count: (Grader.fileLimit / 10) + 1)
        try big.write(toFile: folder + "/big.submission", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/dir.submission", withIntermediateDirectories: true)
        let files = ["ana", "cut", "bin", "big", "dir", "missing"].map { folder + "/\($0).submission" }
        let results = Grader.grade(files: files, lesson: lesson)
        #expect(results.count == 6)
        #expect(results[0].score == 10)
        #expect(results[1].error == nil && results[1].score < 10)
        #expect(results[2].error?.contains("NUL") == true)
        #expect(results[3].error?.contains("too large") == true)
        #expect(results[4].error?.contains("not a regular file") == true)
        #expect(results[5].error?.contains("cannot read") == true)
        #expect(results[2...].allSatisfy { $0.score == 0 && !Grader.notes($0, .en).isEmpty })
    }
}
