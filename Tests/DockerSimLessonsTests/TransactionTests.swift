import DockerSimCommands
import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// Issue 16, point 2: each step is a transaction.
@Suite("Steps as transactions: undo, reset, solution")
struct TransactionTests {
    /// Lesson 2, step 1 done by hand: contenedor1 created and exited, both questions right.
    static func escrituraStepTwo(language: Language = .es) -> Student {
        let ana = Student(language: language)
        ana.type("lesson start escritura")
        ana.type("run -it --name contenedor1 ubuntu")
        ana.type("exit")
        ana.type("answer 5B")
        ana.type("answer a")
        return ana
    }

    @Test("undo stays inside the step: seven undos in step 2 leave contenedor1 alone, and step 3's rmi is refused")
    func undoStaysInTheStep() throws {
        let ana = Self.escrituraStepTwo()
        #expect(ana.plugin.runner?.progress.current == 1)
        for _ in 0..<7 {
            #expect(ana.type("undo").contains("No hay nada que deshacer en este paso"))
        }
        #expect((try? ana.session.engine.findContainer("contenedor1")) != nil)
        let next = ana.type("next")
        #expect(next.contains("Paso 3/3"))
        #expect(next.contains("Error response from daemon: conflict: unable to remove repository reference \"ubuntu\""))
        #expect((try? ana.session.engine.findImage("ubuntu")) != nil)
    }

    @Test("undo says what it undid, with the lines typed in the container, and skips what changed nothing")
    func undoSaysWhat() {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        #expect(ana.type("undo").contains("Nothing to undo in this step"))
        ana.type("run -it --name contenedor1 ubuntu")
        ana.type("echo hola > f.txt")
        ana.type("exit")
        ana.type("ps -a -s")
        ana.type("rmi nothing-here")
        let undone = ana.type("undo")
        #expect(
            undone.contains("Undone: \"run -it --name contenedor1 ubuntu\" (and the 2 lines typed in the container)"))
        #expect(undone.contains("Nothing more to undo in this step"))
        #expect(ana.session.engine.containers.isEmpty)
        #expect(ana.type("undo").contains("Nothing to undo in this step"))
    }

    @Test("reset restarts the step from the state the previous step left, and undo takes the reset back")
    func reset() throws {
        let ana = Self.escrituraStepTwo(language: .en)
        let before = try ana.session.engine.findContainer("contenedor1").sizeRw
        ana.type("start contenedor1")
        ana.type("attach contenedor1")
        ana.type("echo \"00000000000000000\">file.txt")
        ana.type("exit")
        #expect(try ana.session.engine.findContainer("contenedor1").sizeRw > before)
        let reset = ana.type("reset")
        #expect(reset.contains("Step 2 reset: the simulator is as the previous step left it"))
        #expect(try ana.session.engine.findContainer("contenedor1").sizeRw == before)
        #expect(try ana.session.engine.findContainer("contenedor1").status == .exited)
        #expect(ana.type("undo").contains("Undone: \"reset\""))
        #expect(try ana.session.engine.findContainer("contenedor1").sizeRw > before)
    }

    @Test("time never goes back: undo keeps the clock where it is")
    func undoKeepsTheClock() {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        ana.type("run -d --name reloj ubuntu sleep 1000")
        ana.type("sleep 30")
        let now = ana.session.engine.now
        ana.type("undo")
        #expect(ana.session.engine.containers.isEmpty)
        #expect(ana.session.engine.now >= now)
    }

    @Test("solution computes its answers from the student's state, shows them, and moves on")
    func solutionFromTheState() throws {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        ana.type("run -it --name contenedor1 ubuntu")
        // An extra command: bash's history, and the writable layer, grow past the lesson's 5B.
        ana.type("ls")
        ana.type("exit")
        let size = try ana.session.engine.findContainer("contenedor1").sizeRw
        #expect(size > 5)
        #expect(ana.type("answer \(size)B").contains("✔ Right!"))
        #expect(ana.type("answer a").contains("Step 2/3"))
        ana.type("solution")
        let applied = ana.type("y")
        let grown = try ana.session.engine.findContainer("contenedor1").sizeRw
        #expect(grown != 62, "the lesson author's 62B is not this student's size")
        #expect(applied.contains("$ answer tam-final \(Units.humanSize(grown))"))
        #expect(applied.contains("Step 3/3"))
        #expect(ana.plugin.runner?.progress.current == 2)
    }

    @Test("the lesson's clock moves: with sleep under --clock, with the real time on a terminal")
    func clockMoves() throws {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        let start = ana.session.engine.now
        ana.type("run -d --name reloj ubuntu sleep 1000")
        ana.type("sleep 90")
        #expect(ana.session.engine.now.interval(since: start) == 90)
        #expect(ana.type("ps").contains("About a minute ago"))

        let terminal = Session(engine: Engine(clock: .real(), seed: 3))
        terminal.plugins = [
            LessonPlugin(catalog: Fixtures.catalog, language: .en, store: nil, student: "ana", records: false)
        ]
        _ = terminal.handle("lesson start escritura")
        #expect(terminal.engine.clock.mode == .real)
        let lessonClock = try #require(Fixtures.catalog.lesson("escritura")?.clock)
        #expect(abs(terminal.engine.now.interval(since: lessonClock)) < 60, "the lesson's own clock, moving")
    }
}
