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

    init(language: Language = .es, folder: String = NSTemporaryDirectory() + "dockersim-lessons-\(UUID().uuidString)") {
        store = ProgressStore(directory: folder)
        plugin = LessonPlugin(catalog: Fixtures.catalog, language: language, store: store, student: "ana")
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
        #expect(ana.type("check").contains("✘ image-present josedom24/servidorweb:v1"))
        #expect(ana.type("pull josedom24/servidorweb:v1").contains("Pull complete"))
        let step2 = ana.type("answer 3")
        #expect(step2.contains("¡Paso completado!"))
        #expect(step2.contains("Paso 2/3"))
        #expect(ana.type("pull josedom24/servidorweb:v2").contains("Already exists"))
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

    @Test("solution asks first, and the step then does not count; undo and reset restore the simulator")
    func solutionUndoReset() throws {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        ana.type("run -it --name contenedor1 ubuntu")
        #expect(ana.session.inContainer)
        ana.type("exit")
        #expect(ana.session.engine.containers.count == 1)
        #expect(ana.type("undo").contains("undone"))
        #expect(ana.session.engine.containers.isEmpty)
        ana.type("run -d --name otro ubuntu sleep 100")
        #expect(ana.type("reset").contains("back to the start of step 1"))
        #expect(ana.session.engine.containers.isEmpty)
        #expect(ana.type("solution").contains("[y/N]"))
        #expect(ana.type("n").contains("Cancelled"))
        #expect(ana.plugin.runner?.progress.current == 0)
        ana.type("solution")
        let applied = ana.type("y")
        #expect(applied.contains("$ run -it --name contenedor1 ubuntu"))
        #expect(applied.contains("does not count as yours"))
        let runner = try #require(ana.plugin.runner)
        #expect(runner.progress.current == 1)
        #expect(runner.scores()[0].usedSolution)
        #expect(runner.scores()[0].fraction == 0)
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
            (["LANG": "es_ES.UTF-8"], Language.es), (["LANG": "en_GB.UTF-8"], .en),
            (["LC_ALL": "es_AR", "LANG": "en_US"], .es), ([:], .en),
        ])
    func language(environment: [String: String], expected: Language) {
        #expect(Language.fromEnvironment(environment) == expected)
    }

    @Test("lesson commands are never docker commands, and docker commands pass through")
    func passThrough() {
        let ana = Student()
        #expect(ana.type("hint").contains("No hay ninguna lección"))
        #expect(ana.session.handle("pull ubuntu").status == 0)
        #expect(ana.plugin.runner == nil)
    }
}
