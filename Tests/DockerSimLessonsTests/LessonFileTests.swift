import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// The repository's `Lessons` folder.
enum Fixtures {
    static let lessonsFolder: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Lessons").path
    }()

    static var lessonFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: lessonsFolder)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }

    static let catalog = LessonCatalog.load(directory: lessonsFolder)

    /// The ids of every lesson of `Lessons/`.
    static var lessonIDs: [String] { catalog.lessons.map(\.id) }

    static func lesson(_ id: String) throws -> Lesson {
        try #require(catalog.lesson(id), "lesson \(id) in \(lessonsFolder)")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: lessonsFolder + "/" + name, encoding: .utf8)
    }
}

@Suite("The lessons of Lessons/ (lesson lint, lesson verify)")
struct LessonFileTests {
    @Test("there are at least four lessons, in Spanish and English")
    func fourLessons() throws {
        #expect(Fixtures.catalog.diagnostics.map(\.description) == [])
        #expect(Fixtures.catalog.lessons.count >= 4)
        for lesson in Fixtures.catalog.lessons {
            #expect(lesson.title.es != nil && lesson.title.en != nil, "\(lesson.id) has both titles")
            for step in lesson.steps {
                #expect(step.text.es != nil && step.text.en != nil, "\(lesson.id)/\(step.id) has both texts")
                for hint in step.hints {
                    #expect(hint.es != nil && hint.en != nil, "\(lesson.id)/\(step.id) hint in both languages")
                }
            }
        }
        #expect(
            Set(Fixtures.catalog.lessons.map(\.id)).isSuperset(of: [
                "contenedores", "variables", "capas", "escritura", "cow", "borrar", "redes",
            ]))
    }

    @Test("lesson lint passes", arguments: Fixtures.lessonFiles)
    func lint(file: String) throws {
        let diagnostics = LessonVerifier.lint(try Fixtures.text(file), file: file)
        #expect(diagnostics.map(\.description) == [])
    }

    @Test(
        "lesson verify: every reference solution passes, every wrong attempt fails",
        arguments: Fixtures.catalog.lessons.map(\.id))
    func verify(id: String) throws {
        let lesson = try Fixtures.lesson(id)
        #expect(LessonVerifier.verify(lesson).map(\.description) == [])
        #expect(lesson.steps.contains { !$0.attempts.isEmpty }, "documents at least one wrong attempt")
    }

    @Test("a typo in a check name fails lint with file, line and column")
    func typoInCheckName() throws {
        let original = try Fixtures.text("01-capas.md")
        let lines = original.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex(of: "check: image-present josedom24/servidorweb:v1"))
        var edited = lines
        edited[index] = "check: image-presnt josedom24/servidorweb:v1"
        let diagnostics = LessonVerifier.lint(edited.joined(separator: "\n"), file: "Lessons/01-capas.md")
        let first = try #require(diagnostics.first)
        #expect(first.file == "Lessons/01-capas.md")
        #expect(first.location == SourceLocation(line: index + 1, column: 8))
        #expect(first.message.contains("unknown check 'image-presnt'"))
        #expect(first.description.hasPrefix("Lessons/01-capas.md:\(index + 1):8: unknown check 'image-presnt'"))
    }

    /// The ```markdown blocks of Lessons/README.md.
    static func readmeExamples() throws -> [String] {
        let readme = try Fixtures.text("README.md")
        var examples: [String] = []
        var rest = readme[...]
        while let start = rest.range(of: "```markdown\n") {
            let end = try #require(rest.range(of: "\n```", range: start.upperBound..<rest.endIndex))
            examples.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return examples
    }

    @Test("the examples of Lessons/README.md pass lint")
    func readmeExample() throws {
        let examples = try Self.readmeExamples()
        #expect(examples.count >= 2)
        for example in examples {
            #expect(example.contains("## step"))
            #expect(LessonVerifier.lint(example, file: "README.md").map(\.description) == [])
        }
    }

    @Test("the scoring example of the authoring guide scores what the guide says: 1.125 of 2")
    func scoringExample() throws {
        let example = try #require(try Self.readmeExamples().first { $0.contains("id: examen-capas") })
        let (parsed, _) = LessonParser.parse(example, file: "README.md")
        let lesson = try #require(parsed)
        let ana = Student(language: .en, catalog: LessonCatalog(lessons: [lesson]))
        ana.type("lesson start examen-capas")
        ana.type("hint")
        ana.type("pull josedom24/servidorweb:v1")
        ana.type("pull josedom24/servidorweb:v2")
        #expect(ana.type("answer 3").contains("Each version's last layer is its own index.html"))
        #expect(ana.type("answer 2").contains("✔ Right!"))
        let score = try #require(ana.plugin.runner?.scores().first)
        #expect(score.points == 1.125)
        #expect(score.maxPoints == 2)
    }

    @Test("a broken reference solution, and a wrong attempt that passes, fail lint")
    func brokenSolution() throws {
        let original = try Fixtures.text("01-capas.md")
        let brokenSolution = original.replacingOccurrences(
            of: "solution: pull josedom24/servidorweb:v1\n", with: "solution: images\n")
        let problems = LessonVerifier.lint(brokenSolution, file: "x.md")
        #expect(
            problems.contains {
                $0.message.contains(
                    "after the reference solution, this check fails: image-present josedom24/servidorweb:v1")
            })
        let passingAttempt = original.replacingOccurrences(
            of: "run: pull josedom24/servidorweb:v2\n", with: "run: pull josedom24/servidorweb:v1\n")
        #expect(
            LessonVerifier.lint(passingAttempt, file: "x.md").contains {
                $0.message.contains("wrong attempt 'otra-version' passes")
            })
    }
}

@Suite("The lesson format")
struct LessonParserTests {
    static let minimal = """
        # comment
        id: demo
        title.es: Demostración
        text.en:
          First line.

          Second paragraph.
        setup: pull ubuntu

        ## step uno
        text.es: Crea un contenedor.
        check: container-exists c1
        hint.es: run --name c1 ubuntu
        hint.en: run --name c1 ubuntu
        hint.en: second hint, English only
        solution: run --name c1 ubuntu

        ## step dos
        text.es: ¿Cuánto?
        question: q
        ask.es: ¿Cuánto ocupa?
        kind: size
        expect: container.size(c1)
        answer: 0B
        """

    @Test("fields, blocks, languages and their fallback")
    func parses() throws {
        let (lesson, diagnostics) = LessonParser.parse(Self.minimal, file: "demo.md")
        #expect(diagnostics.map(\.description) == [])
        let parsed = try #require(lesson)
        #expect(parsed.id == "demo")
        #expect(parsed.title.text(.en) == "Demostración")
        #expect(parsed.text.text(.es) == "First line.\n\nSecond paragraph.")
        #expect(parsed.setup.map(\.text) == ["pull ubuntu"])
        #expect(parsed.steps.map(\.id) == ["uno", "dos"])
        #expect(parsed.steps[0].hints.count == 2)
        #expect(parsed.steps[0].hints[1].text(.es) == "second hint, English only")
        #expect(parsed.steps[1].questions.first?.expect == "container.size(c1)")
        #expect(LessonVerifier.verify(parsed).map(\.description) == [])
    }

    @Test(
        "mistakes are reported where they are",
        arguments: [
            ("## step tres\ntext.es: x\n", "step 'tres' has no check and no question", 26, 1),
            ("## step tres\ntext.es: x\ncolour: red\n", "unknown key 'colour' here", 28, 1),
            ("## step tres\ntext.es: x\ncheck: container-exited c1 cero\n", "exit code 'cero' is not a number", 28, 28),
            ("## step tres\ntext.es: x\ncheck: df images.sise = 3\n", "unknown system df figure 'images.sise'", 28, 11),
            (
                "## step tres\ntext.es: x\nquestion: z\nask.es: a\nkind: size\nexpect: disk.imagez\nanswer: 1\n",
                "unknown value 'disk.imagez'", 31, 9
            ),
            ("## step tres\ntext.es: x\nquestion: z\nask.es: a\nkind: sizes\n", "unknown question kind 'sizes'", 30, 7),
        ])
    func mistakes(extra: String, message: String, line: Int, column: Int) {
        let (_, diagnostics) = LessonParser.parse(Self.minimal + "\n\n" + extra, file: "demo.md")
        let found = diagnostics.first { $0.message.contains(message) }
        #expect(found?.location == SourceLocation(line: line, column: column), "\(diagnostics.map(\.description))")
    }
}
