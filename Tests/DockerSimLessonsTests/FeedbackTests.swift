import DockerSimCommands
import DockerSimCore
import Foundation
import Testing

@testable import DockerSimLessons

/// Issue 16, point 3: feedback a student can act on.
@Suite("Feedback: checks in words, answers judged on their state, units, near misses")
struct FeedbackTests {
    /// Lesson 1 up to its third step (both images pulled).
    static func capasStepThree(language: Language = .es) -> Student {
        let ana = Student(language: language)
        ana.type("lesson start capas")
        ana.type("pull josedom24/servidorweb:v1")
        ana.type("answer 3")
        ana.type("pull josedom24/servidorweb:v2")
        ana.type("answer 2")
        return ana
    }

    @Test("an answer before the state it asks about exists says what to do first, and is not a try")
    func firstDoX() throws {
        let ana = Student()
        ana.type("lesson start capas")
        let early = ana.session.handle("answer 3")
        #expect(early.status == 1)
        #expect(early.text.contains("Todavía no: primero tiene que cumplirse esto:"))
        #expect(early.text.contains("✘ La imagen josedom24/servidorweb:v1 está en el equipo."))
        #expect(!early.text.contains("No es correcto"))
        #expect(ana.plugin.runner?.progress.steps[0].wrongAnswers.isEmpty == true)
        ana.type("pull josedom24/servidorweb:v1")
        #expect(ana.type("answer 3").contains("✔ ¡Correcto!"))
        #expect(ana.plugin.runner?.scores()[0].points == 1, "the early answer cost nothing")
    }

    @Test("a question whose value cannot be computed yet says why, and is not a try")
    func notYet() {
        let ana = Self.capasStepThree(language: .en)
        ana.type("rmi josedom24/servidorweb:v2")
        let early = ana.type("answer unica-v2 25B")
        #expect(early.contains("This cannot be checked yet: No such image josedom24/servidorweb:v2."))
        #expect(ana.plugin.runner?.progress.steps[2].wrongAnswers.isEmpty == true)
    }

    @Test(
        "units and locale forms are read before judging",
        arguments: ["186,8 MB", "186.8MB", "186.8 MB + 25 B + 22 B", "186 805 447", "0,1868 GB"])
    func unitsAndLocale(answer: String) throws {
        let ana = Self.capasStepThree()
        let total = try Expression.parse("disk.images").evaluate(ana.session.engine)
        // The last form is the exact total in bytes, whatever it is.
        let given = answer == "186 805 447" ? String(Int64(total)) : answer
        #expect(ana.type("answer total \(given)").contains("✔ ¡Correcto!"), "\(given) for \(total)")
    }

    @Test("178 MiB, a right conversion, is right, with a note on MiB and MB")
    func mebibytes() {
        let ana = Self.capasStepThree()
        let reply = ana.type("answer total 178 MiB")
        #expect(reply.contains("✔ ¡Correcto!"))
        #expect(reply.contains("1 MiB son 1.048.576 bytes"))
        // Rounded to a single digit it is too coarse to count.
        #expect(!Self.capasStepThree().type("answer total 0,2 GiB").contains("✔"))
    }

    @Test("a near miss says how far and which way; the known wrong answer only when it is nearer")
    func nearMisses() {
        let ana = Self.capasStepThree()
        let short = ana.type("answer total 186,7 MB")
        #expect(short.contains("Casi: te quedas corto por"))
        #expect(!short.contains("187MB es lo que ocupa una imagen"))
        let over = ana.type("answer total 186,9 MB")
        #expect(over.contains("Casi: te pasas por"))
        #expect(ana.type("answer total 187MB").contains("187MB es lo que ocupa una imagen"))
        let bare = ana.type("answer total 186.8")
        #expect(bare.contains("Sin unidad, el número se lee en bytes"))
        #expect(ana.plugin.runner?.progress.steps[2].wrongAnswers["total"] == 4)
    }

    @Test("the line that completes a step's tasks is followed by the news, even `exit` in a container")
    func announcedAtOnce() {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        let run = ana.type("run -it --name contenedor1 ubuntu")
        #expect(!run.contains("Done"), "the container has not exited yet")
        let exit = ana.type("exit")
        #expect(
            exit.hasSuffix(
                "✔ Done: The container contenedor1 was created from the image ubuntu. The container contenedor1 has exited with code 0.\nNow answer: answer YOUR ANSWER (tam-inicial, por-que).\n"
            ))
        #expect(!ana.type("ps -a -s").contains("Done"), "said once")
    }

    @Test("check describes tasks in words, with the lesson's own `says` when it has one")
    func checksInWords() throws {
        let text = """
            id: palabras
            title.es: Palabras
            ## step uno
            text.es: Crea c1 y arráncalo.
            text.en: Create c1 and start it.
            check: container-running c1
            says.es: c1 está en marcha (docker ps lo lista)
            says.en: c1 is running (docker ps lists it)
            check: container-size c1 > 5B
            check: not image-present debian
            solution: run -d --name c1 ubuntu sleep 100
            """
        let (parsed, diagnostics) = LessonParser.parse(text, file: "palabras.md")
        #expect(diagnostics.map(\.description) == [])
        let lesson = try #require(parsed)
        let ana = Student(language: .en, catalog: LessonCatalog(lessons: [lesson]))
        ana.type("lesson start palabras")
        let check = ana.type("check")
        #expect(check.contains("✘ c1 is running (docker ps lists it)."))
        #expect(check.contains("✘ The writable layer of c1 is more than 5B."))
        #expect(check.contains("✔ The image debian is gone."))
        ana.plugin.language = .es
        ana.plugin.runner?.language = .es
        #expect(ana.type("check").contains("✘ La capa de escritura de c1 es mayor que 5B."))
    }

    @Test("out of tries: a yes/no question has one, a three-option choice two; then the step moves on")
    func attemptCaps() throws {
        let ana = Student(language: .en)
        ana.type("lesson start escritura")
        ana.type("run -it --name contenedor1 ubuntu")
        ana.type("exit")
        ana.type("answer 5B")
        #expect(ana.type("answer c").contains("1 try left."))
        let second = ana.type("answer b")
        #expect(second.contains("out of tries (2)"))
        #expect(second.contains("Step over"))
        #expect(second.contains("Step 2/3"))
        let score = try #require(ana.plugin.runner?.scores()[0])
        #expect(score.failedQuestions == 1)
        #expect(abs(score.points - 2.0 / 3) < 0.01, "the tasks and the size question, not the choice")
    }

    @Test("a wrong answer's feedback or an option that gives away another answer fails lint")
    func revealingFeedback() {
        let text = """
            id: chivato
            title.en: Telltale
            setup: pull ubuntu
            ## step uno
            text.en: Create c1.
            check: container-exists c1
            question: quien
            ask.en: Which container?
            kind: container
            expect: c1
            answer: c1
            question: por-que
            ask.en: Why?
            kind: choice
            option: a | Porque sí | Because
            option: b | Porque c1 existe | Because c1 exists
            expect: a
            wrong: b
            feedback.en: No: c1 is there anyway.
            answer: a
            solution: create --name c1 ubuntu
            """
        let problems = LessonVerifier.lint(text, file: "chivato.md").map(\.message)
        #expect(
            problems.contains { $0.contains("the feedback of the wrong answer 'b' gives away the answer of 'quien'") })
        #expect(problems.contains { $0.contains("option b of 'por-que' gives away the answer of 'quien'") })
    }

    @Test("an answer of 1 MB is refused with a clear message, not judged, not counted")
    func hugeAnswer() {
        let ana = Self.capasStepThree(language: .en)
        let reply = ana.session.handle("answer " + String(repeating: "9", count: 1 << 20))
        #expect(reply.status != 0)
        #expect(reply.text.contains("line too long") || reply.text.contains("Answer too long"))
        let long = ana.session.handle("answer " + String(repeating: "9", count: 500))
        #expect(long.text.contains("Answer too long (500 characters; at most 300): not judged."))
        #expect(ana.plugin.runner?.progress.steps[2].wrongAnswers.isEmpty == true)
    }
}
