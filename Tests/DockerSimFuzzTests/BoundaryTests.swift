import DockerSimCommands
import DockerSimCore
import DockerSimFuzz
import DockerSimLessons
import DockerSimShell
import Foundation
import Testing

/// Issue 7, point 5: nothing a lesson, a transcript, a submission or a container line holds
/// reaches the real computer.
@Suite struct BoundaryTests {
    /// A file on the real disk that the attempts below aim at: it must never change.
    static func bait(_ name: String) -> String {
        let folder = scratchFolder("bait-" + name)
        let path = folder + "/bait.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data("real\n".utf8))
        return path
    }

    static func untouched(_ path: String) -> Bool {
        SafeFile.read(path) == Array("real\n".utf8)
            && (try? FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)) == [
                "bait.txt"
            ]
    }

    @Test func aTranscriptCannotRecordToTheHost() throws {
        let bait = Self.bait("transcript")
        let text = """
            ---
            clock: 2024-01-28T18:00:00+01:00
            ---

            <!-- $ record start \(bait) -->

            ```console
            $ docker cp /etc/passwd \((bait as NSString).deletingLastPathComponent)/copia
            $ record stop
            ```
            """
        let transcript = try Transcript.parse(text, path: "escape.md")
        let result = Replayer.run(transcript)
        #expect(!result.passed)
        #expect(Self.untouched(bait))
        let session = Session(engine: Engine(clock: .manual(at: FuzzHarness.clock), seed: 1))
        let refused = session.handle("record start \(bait)")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("record writes to your computer"))
        session.language = .es
        #expect(session.handle("record start \(bait)").stderr.contains("record escribe en tu ordenador"))
    }

    @Test func aLessonsLinesCannotReachTheHost() {
        let bait = Self.bait("lesson")
        let folder = (bait as NSString).deletingLastPathComponent
        let text = """
            id: escape
            title.en: Escape
            setup:
              record start \(bait)
              cp ../../../../etc/passwd /tmp/passwd
              record stop
              lesson save \(bait)
            ## step uno
            text.en: try
            demo:
              cat \(bait)
            solution:
              echo hola > \(bait)
            check: image-absent nada
            """
        let (lesson, diagnostics) = LessonParser.parse(text, file: "escape.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard let lesson else { return }
        let session = Session(engine: Engine(clock: .manual(at: FuzzHarness.clock), seed: 1))
        session.plugins = [
            LessonPlugin(catalog: LessonCatalog(lessons: [lesson]), language: .en, store: nil, records: false)
        ]
        for line in ["lesson start escape", "step", "check", "solution", "y", "undo"] { _ = session.handle(line) }
        #expect(Self.untouched(bait))
        // What `cp` and `cat` saw is the simulated host folder, not the real one.
        #expect((try? session.engine.host.read(bait, cwd: [])) == nil)
        _ = folder
    }

    @Test func aSubmissionCannotReachTheHost() throws {
        let bait = Self.bait("submission")
        let text = """
            # dockersim submission / entrega
            lesson: capas
            student: eve
            seed: 1

            $ record start \(bait)
            $ lesson save \(bait)
            $ cp /etc/passwd \(bait)
            $ run -it --name c ubuntu
            | cat /etc/passwd > /dev/null; echo x > \(bait)
            | exit
            $ record stop
            """
        guard let lesson = FuzzHarness.shared.lessons.first else {
            Issue.record("no lesson in Lessons/")
            return
        }
        let result = Grader.grade(text: text, file: "eve.submission", lesson: lesson)
        #expect(result.error == nil)
        #expect(Self.untouched(bait))
    }

    @Test func containerShellLinesStayInTheSimulator() {
        let bait = Self.bait("shell")
        let session = Session(engine: FuzzHarness.shared.hostEngine)
        _ = session.handle("exec -it sh bash")
        for line in [
            "echo pwned > \(bait)", "cat \(bait)", "cd ../../../../..; ls", "ln -s /etc/passwd enlace; cat enlace",
            "rm -rf /", "cp /etc/passwd \(bait)", "bash -c 'echo x > \(bait)'", "$(echo echo) hi > \(bait)",
            "python3 -c 'open(\"\(bait)\",\"w\")'", "sh -c 'touch \(bait)'", "/bin/sh -c 'id'",
        ] {
            _ = session.handle(line)
        }
        _ = session.handle("exit")
        #expect(Self.untouched(bait))
        #expect(session.engine.invariantViolations().isEmpty)
    }

    /// `docker cp` uses the simulated host folder: `..`, absolute paths and links pointing out
    /// of it reach the simulated `/`, never the real disk.
    @Test func dockerCpIsConfinedToTheSimulatedHost() {
        let bait = Self.bait("cp")
        let session = Session(engine: FuzzHarness.shared.hostEngine)
        let toHost = session.handle("cp c1:/fichero.txt \(bait)")
        let up = session.handle("cp c1:/fichero.txt ../../../../../../../\(bait)")
        // The real disk has /etc/machine-id; the simulated host does not.
        let fromHost = session.handle("cp ../../../../etc/machine-id c1:/robado")
        #expect(fromHost.status != 0)
        #expect(fromHost.stderr.contains("no such file or directory") || fromHost.stderr.contains("No such file"))
        #expect(Self.untouched(bait))
        // The simulated host got the copies, when its folders exist.
        _ = (toHost, up)
        #expect(session.engine.invariantViolations().isEmpty)
    }
}

/// Issue 7, point 3: the caps, each reached with a clear message.
@Suite struct LimitTests {
    func session(_ limits: Limits = .standard) -> Session {
        var engine = FuzzHarness.shared.hostEngine
        engine.limits = limits
        return Session(engine: engine)
    }

    @Test func aLineTooLongIsNotRun() {
        let session = session()
        let before = session.engine.stateFingerprint()
        let output = session.handle("run " + String(repeating: "a", count: 20_000))
        #expect(output.status == 2)
        #expect(output.stderr.contains("line too long (20004 characters; the limit is 16384)"))
        #expect(!output.stderr.contains("línea demasiado larga"))
        #expect(session.engine.stateFingerprint() == before)
        session.language = .es
        #expect(
            session.handle("run " + String(repeating: "a", count: 20_000)).stderr
                == "dockersim: línea demasiado larga (20004 caracteres; el límite es 16384), no se ejecuta\n")
        session.language = .en
        _ = session.handle("exec -it sh bash")
        let inside = session.handle("echo " + String(repeating: "b", count: 17_000))
        #expect(inside.status == 2)
        #expect(session.inContainer)
    }

    @Test func endlessLoopsAreStoppedEverywhere() {
        let session = session()
        // In the foreground shell.
        _ = session.handle("exec -it sh bash")
        let foreground = session.handle("while true; do :; done")
        #expect(foreground.stdout.contains("a loop that never ended was stopped"))
        #expect(foreground.status == 130)
        _ = session.handle("exit")
        // In `docker run … bash -c`.
        let attached = session.handle("run --name bucle ubuntu bash -c 'while true; do :; done'")
        #expect(attached.stderr.contains("a loop that never ended was stopped"))
        #expect(session.engine.containers.values.first { $0.name == "bucle" }?.exitCode == 137)
        // In a detached container.
        _ = session.handle("run -d --name fondo ubuntu bash -c 'while true; do :; done'")
        let logs = session.handle("logs fondo")
        #expect(logs.stderr.contains("a loop that never ended was stopped"))
        #expect(session.engine.containers.values.first { $0.name == "fondo" }?.isRunning == false)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func aClockRunProcessThatWakesTooOftenIsStopped() {
        var limits = Limits()
        limits.wakeupsPerStep = 50
        let session = session(limits)
        _ = session.handle("run -d --name prisa ubuntu bash -c 'while true; do echo x >> f; sleep 0.001; done'")
        _ = session.handle("sleep 10")
        let logs = session.handle("logs prisa")
        #expect(logs.stderr.contains("a process that woke up more than 50 times at once was stopped"))
        #expect(session.engine.containers.values.first { $0.name == "prisa" }?.exitCode == 137)
        // A normal clock loop is untouched by the cap: one wake-up a second.
        let normal = self.session()
        _ = normal.handle("run -d --name reloj ubuntu bash -c 'while true; do date >> hora.txt; sleep 1; done'")
        _ = normal.handle("sleep 600")
        #expect(normal.engine.containers.values.first { $0.name == "reloj" }?.isRunning == true)
    }

    @Test func theSimulatedDiskFillsUpCleanly() {
        var limits = Limits()
        limits.filesPerContainer = 40
        limits.simulatedBytes = 1 << 20
        let session = session(limits)
        _ = session.handle("exec -it sh bash")
        let many = session.handle(
            "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45; do touch f$i; done"
        )
        #expect(
            many.text.contains(
                "touch: cannot touch 'f41': No space left on device (dockersim: disco simulado lleno / simulated disk full)"
            ))
        #expect(session.engine.containers.values.first { $0.name == "sh" }.map { $0.fs.upper.count <= 40 } == true)
        _ = session.handle("rm -f f*")
        let big = session.handle(
            "echo 0123456789abcdef > a; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do cat a a > b; cat b > a; done"
        )
        #expect(big.text.contains("No space left on device"))
        let size = session.engine.containers.values.reduce(Int64(0)) { $0 + $1.sizeRw } + session.engine.host.size
        #expect(size <= limits.simulatedBytes)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func doublingAVariableIsCut() {
        let session = session()
        _ = session.handle("exec -it sh bash")
        let output = session.handle("x=abcdefgh; while true; do x=$x$x; done")
        #expect(output.status != 0)
        #expect(session.engine.invariantViolations().isEmpty)
        let echo = session.handle("echo $x $x $x $x $x $x $x $x")
        #expect(echo.text.contains("Argument list too long"))
        #expect(echo.text.contains("the command expands to more than 4 MiB"))
    }

    @Test func lessonAndTranscriptFilesHaveASizeCap() {
        let big = String(repeating: "# comentario\n", count: (Limits.standard.lessonFileBytes / 13) + 10)
        let (lesson, diagnostics) = LessonParser.parse(big, file: "grande.md")
        #expect(lesson == nil)
        #expect(diagnostics.first?.message.contains("the file is too large") == true)
        let huge = String(repeating: "texto\n", count: Limits.standard.transcriptFileBytes / 6 + 10)
        #expect(throws: TranscriptError.self) { try Transcript.parse(huge, path: "grande.md") }
    }
}
