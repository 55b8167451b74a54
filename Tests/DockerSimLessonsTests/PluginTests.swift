import DockerSimCommands
import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// A session with the lesson commands, and a private state folder.
final class Student {
    let session = Session(engine: Engine(clock: .manual(at: Timestamp(seconds: 1_706_461_200)), seed: 9))
    let plugin: LessonPlugin
    let store: ProgressStore

    init(
        language: Language = .es, folder: String = NSTemporaryDirectory() + "dockersim-lessons-\(UUID().uuidString)",
        student: String? = "ana", catalog: LessonCatalog = Fixtures.catalog
    ) {
        store = ProgressStore(directory: folder)
        plugin = LessonPlugin(catalog: catalog, language: language, store: store, student: student)
        session.plugins = [plugin]
    }

    /// Types a line; returns what it printed.
    @discardableResult
    func type(_ line: String) -> String { session.handle(line).text }
}

@Suite("Lessons in the REPL (the lesson plugin)")
struct PluginTests {
    @Test("lesson 1 from start to end: a hint, a wrong answer with its feedback, 186,8 MB accepted")
    func lessonOne() throws {
        let ana = Student()
        #expect(ana.type("lesson list").contains("capas"))
        let start = ana.type("lesson start capas")
        #expect(start.contains("Capas e imágenes"))
        #expect(start.contains("Paso 1/3"))
        #expect(ana.type("hint").contains("Pista 1/2"))
        // Checks in words, not the lesson file's lines.
        let check = ana.type("check")
        #expect(check.contains("✘ La imagen josedom24/servidorweb:v1 está en el equipo."))
        #expect(!check.contains("image-present"))
        // The step's tasks are announced right after the command that did them.
        let pull = ana.type("pull josedom24/servidorweb:v1")
        #expect(pull.contains("Pull complete"))
        #expect(
            pull.hasSuffix(
                "✔ Hecho: La imagen josedom24/servidorweb:v1 está en el equipo.\nAhora responde: answer TU RESPUESTA (capas-v1).\n"
            ))
        let step2 = ana.type("answer 3")
        #expect(step2.contains("¡Paso completado!"))
        #expect(step2.contains("Paso 2/3"))
        let pull2 = ana.type("pull josedom24/servidorweb:v2")
        #expect(pull2.contains("Already exists"))
        #expect(pull2.contains("✔ Hecho:"))
        #expect(ana.type("answer 2").contains("Paso 3/3"))
        #expect(ana.type("system df -v").contains("186.8MB"))
        let wrong = ana.type("answer 374MB")
        #expect(wrong.contains("✘ No es correcto."))
        #expect(wrong.contains("las capas compartidas se guardan una sola vez"))
        #expect(ana.type("answer 186,8 MB").contains("✔ ¡Correcto!"))
        let end = ana.type("answer 25B")
        #expect(end.contains("Lección terminada: 3 de 3 pasos hechos por ti"))
        let runner = try #require(ana.plugin.runner)
        #expect(runner.scores().allSatisfy { $0.complete && !$0.usedSolution })
        #expect(runner.progress.steps[2].wrongAnswers["total"] == 1)
        // A hint and a wrong try cost points, as the lesson's scoring says.
        #expect(runner.scores()[0].points < 1)
        #expect(runner.scores()[1].points == 1)
        #expect(runner.scores()[2].points < 1)
        #expect(ana.type("lesson status").contains("1 pista(s)"))
    }

    @Test("the same lesson in English, with the answer written as a sum")
    func english() {
        let ana = Student(language: .en)
        ana.type("lesson start capas")
        ana.type("pull josedom24/servidorweb:v1")
        ana.type("answer 3")
        ana.type("pull josedom24/servidorweb:v2")
        ana.type("answer 2")
        #expect(ana.type("answer 187MB").contains("Almost: 187MB is what one image takes"))
        #expect(ana.type("answer 186.8 MB + 25 B + 22 B").contains("✔ Right!"))
        #expect(ana.type("answer 22B").contains("That is v1's unique size"))
    }

    @Test("solution asks first, shows what it runs, and the step then does not count")
    func solution() throws {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        #expect(ana.type("solution").contains("[y/N]"))
        #expect(ana.type("n").contains("Cancelled"))
        #expect(ana.plugin.runner?.progress.current == 0)
        ana.type("solution")
        let applied = ana.type("y")
        #expect(applied.contains("$ run -it --name contenedor1 ubuntu"))
        #expect(applied.contains("$ answer tam-inicial 5B"))
        #expect(applied.contains("$ answer por-que a"))
        #expect(applied.contains("does not count as yours"))
        #expect(applied.contains("Step 2/3"))
        let runner = try #require(ana.plugin.runner)
        #expect(runner.progress.current == 1)
        #expect(runner.scores()[0].usedSolution)
        #expect(runner.scores()[0].fraction == 0)
    }

    @Test("the student's name is asked once at the first lesson start, kept, and changed with lesson name")
    func studentName() throws {
        let folder = NSTemporaryDirectory() + "dockersim-lessons-\(UUID().uuidString)"
        let first = Student(folder: folder, student: nil)
        #expect(first.type("lesson start capas").contains("¿Cómo te llamas?"))
        #expect(first.plugin.runner == nil)
        #expect(first.type("   ").contains("¿Cómo te llamas?"), "an empty name is asked again")
        let hello = first.type("\u{1B}[31mAna\u{7}  García\u{202E}")
        #expect(hello.hasPrefix("Hola, Ana García.\n"))
        #expect(hello.contains("Paso 1/3"))
        first.type("pull josedom24/servidorweb:v1")
        #expect(first.plugin.currentSubmission()?.student == "Ana García")
        #expect(first.plugin.currentSubmission()?.events.map(\.line) == ["pull josedom24/servidorweb:v1"])

        // Next time the name is known: nothing is asked.
        let again = Student(folder: folder, student: nil)
        #expect(!again.type("lesson start capas").contains("¿Cómo te llamas?"))
        #expect(again.plugin.student == "Ana García")
        #expect(again.type("lesson name Luis Pérez").contains("Luis Pérez"))
        #expect(Student(folder: folder, student: nil).plugin.student == "Luis Pérez")
    }

    @Test("help and Tab completion know the lesson commands")
    func completion() {
        let ana = Student(language: .en)
        let completer = Completer(session: ana.session)
        #expect(completer.complete("hin").insertion == "t ")
        #expect(completer.complete("lesson st").candidates.map(\.text).sorted() == ["start", "status", "stop"])
        #expect(completer.complete("lesson start es").insertion == "critura ")
        #expect(completer.complete("lesson start ").candidates.count == Fixtures.catalog.lessons.count)
        let help = ana.type("lesson help")
        for word in ["step", "hint", "check", "answer", "solution", "next", "prev", "reset", "undo", "lesson status"] {
            #expect(help.contains(word))
        }
        #expect(Help.dockersim(.en).contains("lesson start ID"))
    }

    @Test("progress is kept in the state folder and the lesson resumes where it was left")
    func progressKept() throws {
        let folder = NSTemporaryDirectory() + "dockersim-lessons-\(UUID().uuidString)"
        let first = Student(folder: folder)
        first.type("lesson start capas")
        first.type("pull josedom24/servidorweb:v1")
        first.type("answer 3")
        first.type("pull josedom24/servidorweb:v2")
        let saved = try #require(first.store.loadProgress()["capas"])
        #expect(saved.current == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/capas.submission"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "atomic writes leave no temporary files")

        let second = Student(folder: folder)
        #expect(second.type("lesson list").contains("capas"))
        #expect(second.type("lesson start capas").contains("Continúas donde lo dejaste"))
        #expect(second.plugin.runner?.progress.current == 1)
        #expect(
            (try? second.session.engine.findImage("josedom24/servidorweb:v2")) != nil,
            "the pull typed last time is replayed")
        #expect(second.type("answer 2").contains("Paso 3/3"))
        #expect(second.type("lesson restart capas").contains("Paso 1/3"))
        #expect(second.session.engine.images.isEmpty)
    }

    @Test(
        "language follows LANG",
        arguments: [
            (["LANG": "es_ES.UTF-8"], DockerSimCore.Language.es), (["LANG": "en_GB.UTF-8"], .en),
            (["LC_ALL": "es_AR", "LANG": "en_US"], .es), ([:], .en),
        ])
    func language(environment: [String: String], expected: DockerSimCore.Language) {
        #expect(Language.fromEnvironment(environment) == expected)
    }

    @Test("lesson lang switches the whole session: the lesson's texts and dockersim's own messages")
    func languageIsOneForTheSession() {
        let ana = Student(language: .es)
        ana.session.language = .es
        #expect(ana.session.handle("docker wait web").stderr == "dockersim: 'docker wait' aún no se simula\n")
        #expect(ana.type("lesson lang en") == "Language: English\n")
        #expect(ana.session.language == .en)
        #expect(ana.session.handle("docker wait web").stderr == "dockersim: 'docker wait' is not simulated yet\n")
        #expect(ana.type("lesson lang es") == "Idioma: español\n")
        #expect(ana.session.language == .es)
    }

    @Test("lesson commands are never docker commands, and docker commands pass through")
    func passThrough() {
        let ana = Student()
        #expect(ana.type("hint").contains("No hay ninguna lección"))
        #expect(ana.session.handle("pull ubuntu").status == 0)
        #expect(ana.plugin.runner == nil)
    }
}
