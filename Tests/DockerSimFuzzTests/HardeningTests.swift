import DockerSimCommands
import DockerSimCore
import DockerSimFuzz
import DockerSimLessons
import DockerSimREPL
import DockerSimShell
import DockerSimTemplate
import DockerSimTestSupport
import Foundation
import Testing

/// What a body run on a thread of its own hands back.
final class Handoff<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body` on a thread whose stack is `bytes` (1 MiB, an eighth of the main thread's): the
/// depth caps must keep every attack well inside it, in the debug build the tests use.
func onSmallStack<T>(_ bytes: Int = 1 << 20, _ body: @escaping @Sendable () -> T) -> T {
    let handoff = Handoff<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        handoff.value = body()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    guard let value = handoff.value else { preconditionFailure("the thread returned nothing") }
    return value
}

/// A session on the fuzzer's fixture (images, containers, a host file) with `limits`.
func hardenedSession(_ limits: Limits = .standard) -> Session {
    var engine = FuzzHarness.shared.hostEngine
    engine.limits = limits
    return Session(engine: engine)
}

/// `$(…$(echo hi)…)`, `depth` levels.
func nestedSubstitution(_ depth: Int) -> String {
    "echo " + String(repeating: "$(", count: depth) + "echo hi" + String(repeating: ")", count: depth)
}

/// Issue 19, point 2: no recursion is bound by the stack. Each attack runs at ten times its cap
/// (or far past it) on a 1 MiB thread and ends with a clear message.
@Suite struct RecursionTests {
    /// A function that calls itself (directly, through `$( )`, a pipeline, a subshell, a loop)
    /// stops at ``Limits/functionDepth`` calls and `$( )` together, in a container and on the host.
    @Test func recursiveFunctionsStopTheLine() {
        let lines = [
            "r() { r; }; r", "r() { echo $(r); }; r", "r() { r | r; }; r", "r() { ( r ); }; r",
            "r() { for i in 1; do r; done; }; r", "r() { case x in x) r;; esac; }; r",
        ]
        let outputs: [CommandOutput] = onSmallStack {
            var outputs: [CommandOutput] = []
            let session = hardenedSession()
            for line in lines { outputs.append(session.handle(line)) }
            _ = session.handle("exec -it sh bash")
            for line in lines { outputs.append(session.handle(line)) }
            _ = session.handle("exit")
            outputs.append(session.handle("run --rm ubuntu bash -c 'r() { echo $(r); }; r'"))
            #expect(session.engine.invariantViolations().isEmpty)
            return outputs
        }
        for output in outputs {
            #expect(output.text.contains("more than \(Limits.standard.functionDepth) nested function calls"))
        }
        #expect(outputs.prefix(lines.count).allSatisfy { $0.status == 2 })
    }

    @Test func deepSubstitutionStopsTheLineEverywhere() {
        let limit = Limits.standard.substitutionDepth
        let outputs: [CommandOutput] = onSmallStack {
            var outputs: [CommandOutput] = []
            let session = hardenedSession()
            _ = session.handle("exec -it sh bash")
            outputs.append(session.handle(nestedSubstitution(10 * limit)))
            outputs.append(session.handle(nestedSubstitution(3000)))
            // At the cap a line still runs (`echo $(echo $(… echo hi))`).
            outputs.append(
                session.handle(
                    String(repeating: "echo $(", count: limit) + "echo hi" + String(repeating: ")", count: limit)))
            _ = session.handle("exit")
            outputs.append(session.handle("run --rm ubuntu bash -c '\(nestedSubstitution(10 * limit))'"))
            outputs.append(session.handle("exec sh bash -c '\(nestedSubstitution(10 * limit))'"))
            #expect(session.engine.invariantViolations().isEmpty)
            return outputs
        }
        for index in [0, 1] {
            #expect(outputs[index].status == 2)
            #expect(outputs[index].text.contains("more than \(limit) nested $( ); the line is stopped"))
            #expect(!outputs[index].text.contains("más de \(limit) $( ) anidados"))
        }
        #expect(outputs[2].status == 0)
        #expect(outputs[2].text == "hi\n")
        #expect(outputs[3].text.contains("nested $( )"))
        #expect(outputs[4].text.contains("nested $( )"))
    }

    @Test func deepSubstitutionInFilesOthersWrote() throws {
        let line = nestedSubstitution(3000)
        // A transcript.
        let transcript = try Transcript.parse(
            "---\nclock: 2024-01-28T18:00:00+01:00\n---\n\n```console\n$ run -it ubuntu\nroot@[CID]:/# \(line)\nhi\nroot@[CID]:/# exit\n```\n",
            path: "deep.md")
        let replayed = onSmallStack { Replayer.run(transcript).mismatches.count }
        #expect(replayed > 0)  // it differs (bash would print hi), and it ends
        // A lesson's set-up, and a submission graded with another one of the same class.
        let folder = scratchFolder("deep-grade")
        let bad = folder + "/bad.submission"
        let good = folder + "/good.submission"
        try Data("lesson: capas\nstudent: bad\nseed: 1\n\n$ run -it ubuntu\n| \(line)\n| exit\n".utf8)
            .write(to: URL(fileURLWithPath: bad))
        try Data("lesson: capas\nstudent: good\nseed: 1\n\n$ pull josedom24/servidorweb:v1\n".utf8)
            .write(to: URL(fileURLWithPath: good))
        let catalog = LessonCatalog.load(directory: FuzzCorpus.root + "/Lessons")
        let lesson = try #require(catalog.lesson("capas"))
        let results = onSmallStack { Grader.grade(files: [bad, good], lesson: lesson) }
        #expect(results.count == 2)
        #expect(results[0].error == nil)  // graded: the line failed, nothing crashed
        #expect(results[1].score > 0)
        let (parsed, diagnostics) = LessonParser.parse(
            "id: deep\ntitle.en: x\nsetup:\n  \(line)\n\n## step uno\ntext.en: y\ncheck: image-absent nada\n",
            file: "deep.md")
        #expect(diagnostics.isEmpty)
        if let parsed {
            let output = onSmallStack {
                let session = hardenedSession()
                return LessonRunner(lesson: parsed, session: session, language: .en).begin(on: session).text
            }
            #expect(!output.isEmpty)
        }
    }

    @Test func deepCompoundCommandsAreRefusedWithANote() {
        let limit = Limits.standard.shellNesting
        // Ten times the cap, straight to the parser (past the line cap, which would refuse it first).
        let lines = [
            String(repeating: "{ ", count: 10 * limit) + "echo hi" + String(repeating: "; }", count: 10 * limit),
            String(repeating: "if true; then ", count: 10 * limit) + "echo hi"
                + String(repeating: "; fi", count: 10 * limit),
            String(repeating: "while false; do ", count: 10 * limit) + ":"
                + String(repeating: "; done", count: 10 * limit),
        ]
        let errors = onSmallStack {
            lines.map { line -> ShellSyntaxError? in
                do throws(ShellSyntaxError) {
                    _ = try ShellParser.parse(line)
                    return nil
                } catch {
                    return error
                }
            }
        }
        #expect(errors.allSatisfy { $0 == ShellSyntaxError.tooDeep(limit: limit) })
        // In a session, as deep as a line can be.
        let outputs = onSmallStack {
            let session = hardenedSession()
            _ = session.handle("exec -it sh bash")
            return [
                session.handle(
                    String(repeating: "{ ", count: 3000) + "echo hi" + String(repeating: "; }", count: 3000)),
                session.handle(
                    String(repeating: "{ ", count: limit) + "echo hi" + String(repeating: "; }", count: limit)),
            ]
        }
        #expect(outputs[0].status == 2)
        #expect(
            outputs[0].text.hasSuffix("dockersim: the line nests more than \(limit) if/while/until/for/{ }, not run\n"))
        #expect(
            ShellSyntaxError.tooDeep(limit: 7).message(.es)
                == "dockersim: la línea anida más de 7 if/while/until/for/{ }, no se ejecuta")
        #expect(outputs[1].text == "hi\n")
    }

    @Test func deepTemplatesStopWithGosMessage() {
        let limit = Limits.standard.templateNesting
        let parens =
            "{{" + String(repeating: "(", count: 10 * limit) + ".ID" + String(repeating: ")", count: 10 * limit)
            + "}}"
        let ifs =
            String(repeating: "{{if 1}}", count: 10 * limit) + "x" + String(repeating: "{{end}}", count: 10 * limit)
        let json = "{{" + String(repeating: "json (", count: 31) + ".ID" + String(repeating: ")", count: 31) + "}}"
        let outputs = onSmallStack {
            let session = hardenedSession()
            return [
                parens, ifs, json, "{{range 1000000000000}}x{{end}}", "{{pad .ID 1000000000000 0}}",
                "{{printf \"%99999999d\" 1}}",
            ].map {
                session.handle("images --format '\($0)'")
            }
        }
        #expect(outputs[0].stderr.contains("template: :1: max expression depth exceeded"))
        #expect(outputs[1].stderr.contains("template: :1: max expression depth exceeded"))
        for output in outputs[2...] {
            #expect(output.status != 0)
            #expect(output.stderr.contains("the template did too much work"))
        }
        // At the cap, a template still runs.
        let fine =
            "{{" + String(repeating: "(", count: limit - 1) + ".Repository" + String(repeating: ")", count: limit - 1)
            + "}}"
        #expect((try? GoTemplate(fine)) != nil)
    }

    @Test func deepValuesEncodeWithoutRecursion() throws {
        let depth = 100_000
        let (compact, viaTemplate) = onSmallStack {
            var json = JSONValue.int(1)
            var value = GoValue.int(1)
            for _ in 0..<depth {
                json = .array([json])
                value = .list([value])
            }
            let compact = json.compact
            let viaTemplate = (try? GoTemplate("{{json .}}").execute(value)) ?? ""
            // Taken apart one level at a time, so that freeing it does not recurse either.
            while case .array(let items) = json, let first = items.first { json = first }
            while case .list(let items) = value, let first = items.first { value = first }
            return (compact, viaTemplate)
        }
        #expect(compact == String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
        #expect(viaTemplate == compact)
    }

    @Test func longExpressionsAndChecksStayFlat() {
        let limit = Limits.standard.expressionTerms
        #expect(throws: ExpressionError.self) {
            try Expression.parse(Array(repeating: "1", count: 10 * limit).joined(separator: " + "))
        }
        #expect((try? Expression.parse(Array(repeating: "1", count: limit).joined(separator: "+"))) != nil)
        let nots = onSmallStack {
            (try? Condition.parse(String(repeating: "not ", count: 100_001) + "image-present ubuntu"))
                .map { $0.holds(FuzzHarness.shared.hostEngine) }
        }
        #expect(nots == false)  // an odd number of nots
    }

    @Test func foldersStayShallow() {
        let limit = Limits.standard.pathDepth
        let deep = Array(repeating: "a", count: 10 * limit).joined(separator: "/")
        let outputs = onSmallStack {
            let session = hardenedSession()
            _ = session.handle("run -it --name hondo ubuntu")
            var outputs = [session.handle("mkdir -p /\(deep)")]
            outputs.append(
                session.handle(
                    "ls -R / > /dev/null; cd /" + Array(repeating: "a", count: limit - 1).joined(separator: "/")))
            outputs.append(session.handle("mkdir -p b/c/d"))
            _ = session.handle("exit")
            outputs.append(session.handle("diff hondo"))
            outputs.append(session.handle("commit hondo hondo:1"))
            // Copies cannot stack trees deeper: half the depth copied under a folder half as deep.
            let half = Array(repeating: "a", count: limit / 2).joined(separator: "/")
            outputs.append(session.handle("cp hondo:/\(half) /tmp/mitad"))
            _ = session.handle("run -it --name hondo2 ubuntu")
            let deepFolder = "/" + Array(repeating: "z", count: limit - 2).joined(separator: "/")
            _ = session.handle("mkdir -p \(deepFolder)")
            _ = session.handle("exit")
            outputs.append(session.handle("cp /tmp/mitad hondo2:\(deepFolder)"))
            #expect(session.engine.invariantViolations().isEmpty)
            return outputs
        }
        #expect(outputs[0].text.contains("File name too long"))
        #expect(outputs[2].text.contains("File name too long"))
        #expect(outputs[3].status == 0)
        #expect(outputs[4].status == 0)
        #expect(outputs[5].status == 0)
        #expect(outputs[6].status == 1)
        #expect(outputs[6].stderr.contains("file name too long"))
    }
}

/// Issue 19, point 3: one budget for all work, in both clock modes; Ctrl-C stops any line.
@Suite struct BudgetTests {
    @Test func appendLoopsStopInBoundedWork() {
        let session = hardenedSession()
        _ = session.handle("exec -it sh bash")
        let output = session.handle("while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> f; done")
        #expect(output.status == 130)
        #expect(output.text.hasPrefix("^C\n"))
        #expect(output.text.contains("was stopped"))
        // At most one line per command allowed: appends cost what they append, so the loop runs
        // to the command cap (not to a cap on copying the file again and again).
        let size = session.handle("wc -c f").text
        #expect((Int(size.split(separator: " ").first ?? "") ?? .max) <= 45 * Limits.standard.commandsWithoutPause)
        // A line of 4000 characters: the same.
        let wide = session.handle("while true; do echo \(String(repeating: "b", count: 4000)) >> g; done")
        #expect(wide.status == 130)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func filesThatGrowThemselvesStop() {
        let session = hardenedSession()
        _ = session.handle("exec -it sh bash")
        for line in [
            "echo a > f; while true; do cat f >> f; done",
            "echo a > g; while true; do cat g g > h; mv h g; done",
        ] {
            let output = session.handle(line)
            #expect(output.status == 130 || output.text.contains("File too large"))
        }
        let sizes = session.handle("ls -l f g").text
        for line in sizes.split(separator: "\n") {
            let fields = line.split(separator: " ")
            #expect(fields.count > 4 && (Int(fields[4]) ?? .max) <= Limits.standard.fileBytes)
        }
        var limits = Limits()
        limits.fileBytes = 1000
        let small = hardenedSession(limits)
        _ = small.handle("exec -it sh bash")
        let tooLarge = small.handle("echo \(String(repeating: "x", count: 2000)) > big")
        #expect(tooLarge.text.contains("bash: big: File too large"))
        #expect(small.handle("ls big").status != 0)  // nothing was written
    }

    @Test func nestedLoopsShareOneBudget() {
        let session = hardenedSession()
        _ = session.handle("exec -it sh bash")
        let output = session.handle("while true; do echo $(while true; do :; done); done")
        #expect(output.status == 130)
        #expect(output.text.components(separatedBy: "a loop that never ended was stopped").count == 2)
        #expect(session.engine.meter.steps <= Limits.standard.commandsWithoutPause + 1)
    }

    @Test(arguments: [false, true])
    func aClockLoopAndAHugeSleepEnd(realClock: Bool) {
        let engine = realClock ? Engine(clock: .real(), seed: 3) : makeHardenedEngine()
        let session = Session(engine: engine)
        _ = session.handle("pull ubuntu")
        _ = session.handle("run -d --name reloj ubuntu bash -c \"while true; do date >> hora.txt; sleep 1; done\"")
        let sleep = session.handle("sleep 999999999")
        #expect(sleep.status == 0)
        let reloj = session.engine.containers.values.first { $0.name == "reloj" }
        #expect(reloj?.isRunning == false)
        #expect(reloj?.exitCode == 137)
        #expect(session.handle("logs reloj").stderr.contains("woke up more than 10000 times at once was stopped"))
        // A loop of tiny sleeps with the real clock: every line still ends.
        _ = session.handle("run -d --name prisa ubuntu bash -c 'while true; do sleep 0.000001; done'")
        #expect(session.handle("ps -a").status == 0)
        #expect(session.handle("sleep 5").status == 0)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    /// A restart policy through a huge sleep: a process that ends at once is restarted at most
    /// ``Limits/wakeupsPerStep`` times in one step; one a cap stopped is not restarted at all.
    @Test func restartPoliciesThroughAHugeSleepEnd() {
        let session = Session(engine: makeHardenedEngine())
        _ = session.handle("pull ubuntu")
        _ = session.handle("run -d --restart always --name siempre ubuntu false")
        _ = session.handle("run -d --restart always --name bucle ubuntu bash -c 'while true; do :; done'")
        let sleep = session.handle("sleep 99999999")
        #expect(sleep.status == 0)
        #expect(
            sleep.stderr.contains(
                "dockersim: [siempre] a container restarted more than 10000 times at once is no longer restarted\n"
            ))
        let siempre = session.engine.containers.values.first { $0.name == "siempre" }
        #expect(siempre?.status == .exited)
        #expect(siempre?.restartCount == 10_001)  // it ended 10,001 times: 10,000 restarts
        let bucle = session.engine.containers.values.first { $0.name == "bucle" }
        #expect(bucle?.status == .exited)
        #expect(bucle?.restartCount == 0)
        #expect(session.handle("logs bucle").stderr.contains("a loop that never ended was stopped"))
        #expect(session.engine.invariantViolations().isEmpty)
        // Started by hand again, the policy works as before.
        #expect(session.handle("start siempre").status == 0)
        #expect(session.handle("sleep 1").status == 0)
        #expect(session.engine.containers.values.first { $0.name == "siempre" }?.status == .restarting)
    }

    func makeHardenedEngine() -> Engine {
        Engine(clock: .manual(at: FuzzHarness.clock), seed: 3)
    }

    @Test func ctrlCStopsARunningLine() {
        var limits = Limits()
        limits.commandsWithoutPause = 50_000_000  // the loop would run for minutes
        let session = hardenedSession(limits)
        let interrupt = InterruptSource()
        session.listen(to: interrupt)
        _ = session.handle("run -d --name fondo ubuntu bash -c 'while true; do date >> f; sleep 1; done'")
        _ = session.handle("exec -it sh bash")
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { interrupt.request() }
        let output = session.handle("while true; do :; done")
        interrupt.clear()
        #expect(output.status == 130)
        #expect(output.text == "^C\n")
        #expect(session.engine.meter.steps < limits.commandsWithoutPause)
        // The next line runs; a container running by the clock was not touched by the Ctrl-C.
        #expect(session.handle("echo sigue").text == "sigue\n")
        _ = session.handle("exit")
        _ = session.handle("sleep 5")
        #expect(session.engine.containers.values.first { $0.name == "fondo" }?.isRunning == true)
    }

    @Test func eachSubmissionHasItsOwnBudget() throws {
        let folder = scratchFolder("budget-grade")
        let loops = String(repeating: "$ run --rm ubuntu bash -c 'while true; do :; done'\n", count: 12)
        try Data("lesson: capas\nstudent: bucle\nseed: 1\n\n\(loops)$ pull josedom24/servidorweb:v1\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/bucle.submission"))
        try Data("lesson: capas\nstudent: bien\nseed: 1\n\n$ pull josedom24/servidorweb:v1\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/bien.submission"))
        let lesson = try #require(LessonCatalog.load(directory: FuzzCorpus.root + "/Lessons").lesson("capas"))
        let results = Grader.grade(files: [folder + "/bucle.submission", folder + "/bien.submission"], lesson: lesson)
        #expect(results[0].score == 0)
        #expect(results[0].error?.contains("did more work than one may") == true)
        #expect(results[1].error == nil)
        #expect(results[1].score > 0)
    }

    @Test func aTranscriptHasABudget() throws {
        var limits = Limits()
        limits.stepsPerReplay = 250_000
        let blocks = String(
            repeating: "```console\n$ run --rm ubuntu bash -c 'while true; do :; done'\n```\n\n", count: 10)
        let transcript = try Transcript.parse(
            "---\nclock: 2024-01-28T18:00:00+01:00\n---\n\n\(blocks)```console\n$ images\n```\n", path: "bucles.md")
        let result = Replayer.run(transcript, limits: limits)
        #expect(!result.passed)
        #expect(result.mismatches.contains { $0.actual.joined().contains("used up the work it may do") })
    }
}

/// Issue 19, point 4: memory stays bounded.
@Suite struct MemoryTests {
    @Test func logsRotateLikeJsonFile() {
        var limits = Limits()
        limits.logBytes = 4096
        let session = hardenedSession(limits)
        _ = session.handle(
            "run -d --name charla ubuntu bash -c 'while true; do echo \(String(repeating: "z", count: 100)); sleep 1; done'"
        )
        _ = session.handle("sleep 600")
        let container = session.engine.containers.values.first { $0.name == "charla" }
        let kept = container.map { $0.logs.reduce(0) { $0 + $1.text.utf8.count } } ?? .max
        #expect(kept <= 2 * limits.logBytes)
        #expect((container?.logsRotated ?? 0) > 0)
        let logs = session.handle("logs --tail 1 charla")
        #expect(logs.stdout == String(repeating: "z", count: 100) + "\n")
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func aLineTooLongIsDroppedBeforeItIsBuffered() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = fds[1]
        let total = 8 << 20
        DispatchQueue.global().async {
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 16)
            for _ in 0..<(total >> 16) { _ = chunk.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } }
            let rest = Array("\nimages\r\nlast".utf8)
            _ = rest.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            close(writer)
        }
        var reader = LineReader(fd: fds[0], maxBytes: 4 * Limits.standard.lineLength)
        #expect(reader.next() == .tooLong(bytes: total))
        #expect(reader.next() == .line("images"))
        #expect(reader.next() == .line("last"))
        #expect(reader.next() == .end)
        close(fds[0])
    }

    @Test func hostFilesAreReadOnlyWhenRegularAndSmall() throws {
        #expect(SafeFile.load("/dev/zero") != .missing)
        if case .refused(let problem) = SafeFile.load("/dev/zero") {
            #expect(problem.what.en.contains("not a regular file (it is a device), not read"))
        } else {
            Issue.record("/dev/zero was read")
        }
        let folder = scratchFolder("reads")
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        if case .refused(let problem) = SafeFile.load(folder + "/fifo") {
            #expect(problem.what.en.contains("FIFO"))
        } else {
            Issue.record("a FIFO was read")
        }
        try Data(count: 2000).write(to: URL(fileURLWithPath: folder + "/big"))
        if case .refused(let problem) = SafeFile.load(folder + "/big", limit: 1000) {
            #expect(problem.what.en.contains("too large (2000 bytes; the limit is 1000)"))
        } else {
            Issue.record("a file past the cap was read")
        }
        // A history that is an endless device: nothing loaded, the device left where it is.
        #expect(HistoryStore.load(from: "/dev/zero").entries.isEmpty)
        #expect(SafeFile.Kind("/dev/zero") == .characterDevice)
    }
}

/// Issue 19, point 1: dockersim writes only regular files, through temporary files no one can
/// plant, and reads submissions through links only when they are the student's own.
@Suite struct SafeWriteTests {
    @Test func writesRefuseWhatIsNotARegularFile() throws {
        let folder = scratchFolder("refuse")
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: true)
        symlink("/dev/null", folder + "/to-null")
        for target in ["/dev/null", "/dev/full", folder + "/fifo", folder + "/dir", folder + "/to-null"] {
            let kind = SafeFile.Kind(target)
            #expect(throws: SafeFile.WriteError.self) { try SafeFile.write(Array("x".utf8), to: target) }
            #expect(throws: SafeFile.WriteError.self) { try SafeFile.openTruncated(target) }
            #expect(SafeFile.Kind(target) == kind)
        }
        do {
            try SafeFile.write([1], to: "/dev/null")
        } catch {
            #expect(error.description == "/dev/null: is a device: dockersim writes only regular files")
            #expect(error.text(.es) == "/dev/null: es un dispositivo: dockersim solo escribe ficheros normales")
        }
        // A link to a regular file is written through; the link stays a link.
        try Data("old".utf8).write(to: URL(fileURLWithPath: folder + "/real"))
        symlink(folder + "/real", folder + "/link")
        try SafeFile.write(Array("new".utf8), to: folder + "/link")
        #expect(SafeFile.Kind(folder + "/link") == .symlink)
        #expect(SafeFile.read(folder + "/real") == Array("new".utf8))
    }

    @Test func aPlantedTemporaryFileIsNeverFollowed() throws {
        let folder = scratchFolder("planted")
        let victim = folder + "/victim"
        try Data("PRECIOUS\n".utf8).write(to: URL(fileURLWithPath: victim))
        // The names dockersim used before: `.<name>.<pid>.tmp`; and ours with a guessed token.
        symlink(victim, folder + "/.r.md.\(getpid()).tmp")
        symlink(victim, folder + "/.r.md.dockersim-\(getpid())-0.tmp")
        try SafeFile.write(Array("recorded\n".utf8), to: folder + "/r.md")
        #expect(SafeFile.read(victim) == Array("PRECIOUS\n".utf8))
        #expect(SafeFile.read(folder + "/r.md") == Array("recorded\n".utf8))
        let session = Session(engine: Engine(clock: .manual(at: FuzzHarness.clock), seed: 1))
        try session.beginRecording(to: folder + "/r.md")
        _ = session.handle("images")
        _ = try session.stopRecording()
        #expect(SafeFile.read(victim) == Array("PRECIOUS\n".utf8))
    }

    @Test func staleTemporaryFilesAreRemoved() throws {
        let folder = scratchFolder("stale")
        let dead: Int32 = 4_000_000  // above pid_max: no such process
        let stale = [".history.\(dead).tmp", ".history.dockersim-\(dead)-1f.tmp"]
        for name in stale { try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let live = ".history.dockersim-1-2e.tmp"  // init is alive: not ours to remove
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + live))
        try SafeFile.write(Array("pull ubuntu\n".utf8), to: folder + "/history")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == [live, "history"].sorted())
    }

    @Test func gradeReadsALinkOnlyWhenItIsTheStudentsOwn() throws {
        let folder = scratchFolder("links")
        let secret = folder + "/secret"
        try Data("SECRET-DATA\n".utf8).write(to: URL(fileURLWithPath: secret))
        let own = folder + "/own.submission"
        symlink(folder + "/real.submission", own)
        try Data("lesson: capas\nstudent: propia\nseed: 1\n\n$ pull hello-world\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/real.submission"))
        let lesson = try #require(LessonCatalog.load(directory: FuzzCorpus.root + "/Lessons").lesson("capas"))
        var files = [own]
        if geteuid() == 0 {
            // A link made by another user (uid 4242) to a file of ours: not read.
            let foreign = folder + "/alice.submission"
            symlink(secret, foreign)
            #expect(lchown(foreign, 4242, 4242) == 0)
            files.append(foreign)
        }
        let results = Grader.grade(files: files, lesson: lesson)
        #expect(results[0].error == nil)
        if results.count > 1 {
            #expect(results[1].error?.contains("symbolic link to another user's file, not read") == true)
            #expect(results[1].score == 0)
        }
        let table = Grader.table(results, lesson: lesson) + Grader.csv(results, lesson: lesson)
        #expect(!table.contains("SECRET"))
        #expect(!results.contains { $0.error?.contains("SECRET") == true })
    }

    @Test func aRecordingIsOnDiskAfterEveryLine() throws {
        let folder = scratchFolder("record")
        let path = folder + "/sesion.md"
        let session = makeSession()
        session.allowsHostFiles = true
        _ = session.handle("pull hello-world")
        let started = session.handle("record start \(path)")
        #expect(started.status == 0)
        for line in ["images", "sleep 5", "run hello-world", "container prune", "y", "ps -a"] {
            _ = session.handle(line)
            // What a kill now would leave: every line so far, a whole transcript.
            let onDisk = String(decoding: SafeFile.read(path) ?? [], as: UTF8.self)
            let firstLine = session.recording?.firstLine ?? 0
            #expect(onDisk == session.transcriptText(showingFrom: firstLine))
            #expect((try? Transcript.parse(onDisk, path: path)) != nil)
        }
        _ = session.handle("record stop")
        let final = String(decoding: SafeFile.read(path) ?? [], as: UTF8.self)
        #expect(
            final.contains(
                "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] y\n"))
        #expect(final.hasSuffix("```\n"))
        // A device is refused before anything runs, and stays a device.
        let refused = session.handle("record start /dev/null")
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "dockersim: cannot record: /dev/null: is a device: dockersim writes only regular files\n")
        session.language = .es
        #expect(
            session.handle("record start /dev/null").stderr
                == "dockersim: no se puede grabar: /dev/null: es un dispositivo: dockersim solo escribe ficheros normales\n"
        )
        #expect(SafeFile.Kind("/dev/null") == .characterDevice)
    }
}

/// Issue 19, point 5: lesson progress is shared safely and survives a lesson that changed.
@Suite struct ProgressTests {
    func makeLesson(_ steps: [String]) -> Lesson? {
        var text = "id: capas\ntitle.en: Layers\n"
        for step in steps { text += "\n## step \(step)\ntext.en: y\ncheck: image-absent nada\n" }
        return LessonParser.parse(text, file: "capas.md").lesson
    }

    @Test func twoSessionsNeverEraseAFinishedStep() throws {
        let store = ProgressStore(directory: scratchFolder("merge"))
        let lesson = try #require(makeLesson(["uno", "dos", "tres"]))
        var first = LessonProgress(lesson: lesson)
        var second = first  // both sessions loaded the same progress
        first.steps[0].tasksDone = true
        first.current = 1
        try store.save(first)
        second.steps[2].tasksDone = true
        second.steps[1].correct["q"] = true
        second.current = 2
        try store.save(second)  // the last writer does not erase the first one's step
        let saved = try #require(store.loadProgress()["capas"])
        #expect(saved.steps.map(\.tasksDone) == [true, false, true])
        #expect(saved.steps[1].correct["q"] == true)
        #expect(saved.current == 2)
    }

    @Test func progressThatNoLongerFitsItsLessonIsReconciled() throws {
        let folder = scratchFolder("reconcile")
        let store = ProgressStore(directory: folder)
        let old = try #require(makeLesson(["uno", "dos", "tres", "cuatro", "cinco"]))
        var progress = LessonProgress(lesson: old)
        for index in [0, 3, 4] { progress.steps[index].tasksDone = true }
        progress.current = 3
        try store.save(progress)
        // The teacher removed three steps and reordered the rest.
        let now = try #require(makeLesson(["cuatro", "uno"]))
        let plugin = LessonPlugin(catalog: LessonCatalog(lessons: [now]), language: .en, store: store)
        let list = plugin.list()
        #expect(list.contains("[2/2]"))
        let fitted = progress.reconciled(with: now)
        #expect(fitted.steps.count == 2)
        #expect(fitted.current == 0)  // "cuatro" is now the first step
        // Progress saved before step ids were kept (older dockersim): fitted by position.
        var legacy = progress
        legacy.stepIDs = nil
        #expect(legacy.reconciled(with: now).steps.map(\.tasksDone) == [true, false])
        #expect(legacy.reconciled(with: now).current == 1)  // step 4 of 2: the last one
    }
}

/// Issue 19, point 8: the six reproducers of the issue, run as the issue writes them (bash,
/// a pipe into the `dockersim` executable, no `--clock`), each in a folder of its own: each
/// ends with a clear message and exit status, the host untouched, and the state as a failed
/// command leaves it (a variant adds a line after the attack to show the session goes on).
/// A watchdog (`timeout 120`) turns a hang into a failure; the time each takes is measured by
/// `Fuzz/reproducers.sh`, never asserted here.
@Suite struct ReproducerTests {
    /// Runs `script` with bash in `folder`, `dockersim` on the PATH, state in a scratch folder.
    func sh(_ script: String, in folder: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let environment = [
            "XDG_STATE_HOME": scratchFolder("repro-state"), "DOCKERSIM_HISTORY": "/dev/null",
            "PATH": productsFolder() + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let result = try run(
            "/usr/bin/timeout", ["-k", "5", "120", "/bin/bash", "-c", "cd '\(folder)' && " + script],
            environment: environment)
        #expect(result.status != 124 && result.status != 137, "did not end: \(script.prefix(200))")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("crashed"), "\(result.stderr)")
        return result
    }

    /// `python3 -c "n=3000;print('run -it ubuntu');print('echo '+'\$('*n+'echo hi'+')'*n)" | dockersim`
    /// (the same bytes, written by the test).
    @Test func deepSubstitution() throws {
        let folder = scratchFolder("repro-deep")
        let input = "run -it ubuntu\n" + nestedSubstitution(3000) + "\n"
        try Data(input.utf8).write(to: URL(fileURLWithPath: folder + "/in"))
        let result = try sh("dockersim < in", in: folder)
        // The container has the terminal (`-it`): its shell prints everything on standard output.
        #expect(result.stdout.contains("more than 32 nested $( ); the line is stopped"))
        #expect(!result.stdout.contains("hi"))
        #expect(result.status == 2)  // the end of input ends the shell with its last status
        // The shell goes on after it, at the same prompt.
        try Data((input + "echo still here\n").utf8).write(to: URL(fileURLWithPath: folder + "/in"))
        let after = try sh("dockersim < in", in: folder)
        #expect(after.stdout.contains("still here"))
        #expect(after.status == 0)
    }

    /// `printf 'run -d ubuntu bash -c "while true; do date >> hora.txt; sleep 1; done"\nsleep 999999999\n' | dockersim`
    @Test func theCoursesClockLoopAndAHugeSleep() throws {
        let folder = scratchFolder("repro-clock")
        let loop = #"run -d ubuntu bash -c "while true; do date >> hora.txt; sleep 1; done"\n"#
        let result = try sh(#"printf '\#(loop)sleep 999999999\n' | dockersim"#, in: folder)
        #expect(result.status == 0)
        // The loop was stopped, and the terminal says so after the `sleep` that ran it.
        #expect(result.stderr.contains("] a process that woke up more than 10000 times at once was stopped"))
        // The loop was stopped (exit 137, with dockersim's note in its log); the rest is as it was.
        let named = loop.replacing("run -d ", with: "run -d --name reloj ")
        let state = try sh(
            #"printf '\#(named)sleep 999999999\nps -a --format "{{.Status}}"\nlogs --tail 1 reloj\n' | LANG=es_ES.UTF-8 dockersim"#,
            in: folder)
        #expect(state.stdout.contains("Exited (137)"))
        #expect(
            state.stderr.contains(
                "dockersim: [reloj] se detuvo un proceso que se despertó más de 10000 veces de una vez\n"
            ))
        // `logs --tail 1` shows the note in the container's own log too.
        #expect(
            state.stderr.hasSuffix(
                "dockersim: se detuvo un proceso que se despertó más de 10000 veces de una vez\n"
            ))
    }

    /// `printf 'run -it ubuntu\nwhile true; do echo aaaa… >> f; done\n' | dockersim`
    @Test func anEndlessAppend() throws {
        let folder = scratchFolder("repro-append")
        let line = "while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> f; done"
        let result = try sh("printf 'run -it ubuntu\\n\(line)\\n' | dockersim", in: folder)
        #expect(result.stdout.contains("^C\r\n") || result.stdout.contains("^C\n"))
        #expect(result.stdout.contains("a loop that never ended was stopped"))
        #expect(result.status == 130)
        // The file holds what the loop wrote before it was stopped; the shell goes on.
        let after = try sh("printf 'run -it ubuntu\\n\(line)\\nwc -c < f\\necho $?\\n' | dockersim", in: folder)
        #expect(after.stdout.contains("0\r\n") || after.stdout.contains("0\n"))
        #expect(after.status == 0)
    }

    /// `mknod -m 666 /tmp/x/mynull c 1 3; echo images | dockersim --record /tmp/x/mynull` (as root;
    /// otherwise a FIFO stands for the node), and the same with /dev/full-like nodes.
    @Test func recordingToADeviceNode() throws {
        let folder = scratchFolder("repro-mknod")
        let make = geteuid() == 0 ? "mknod -m 666 x/mynull c 1 3" : "mkfifo -m 666 x/mynull"
        let result = try sh("mkdir x && \(make); echo images | dockersim --record x/mynull", in: folder)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("is a device: dockersim writes only regular files")
                || result.stderr.contains("is a FIFO: dockersim writes only regular files"), "\(result.stderr)")
        #expect(!result.stdout.contains("REPOSITORY"))  // refused before anything runs
        let kind = SafeFile.Kind(folder + "/x/mynull")
        #expect(kind == (geteuid() == 0 ? .characterDevice : .fifo))
        var info = stat()
        #expect(lstat(folder + "/x/mynull", &info) == 0)
        if geteuid() == 0 { #expect(info.st_rdev == dev_t(1 << 8 | 3)) }  // still 1:3
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/x") == ["mynull"])
    }

    /// `echo PRECIOUS > v; echo 'pull hello-world' | bash -c 'ln -s $PWD/v .r.md.$$.tmp; exec dockersim --record r.md'; cat v`
    @Test func recordingThroughAPlantedLink() throws {
        let folder = scratchFolder("repro-planted")
        let result = try sh(
            "echo PRECIOUS > v; echo 'pull hello-world' | bash -c 'ln -s $PWD/v .r.md.$$.tmp; exec dockersim --record r.md'; cat v",
            in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("PRECIOUS\n"))
        #expect(SafeFile.read(folder + "/v") == Array("PRECIOUS\n".utf8))
        #expect(String(decoding: SafeFile.read(folder + "/r.md") ?? [], as: UTF8.self).contains("$ pull hello-world"))
        // The planted link is left as it was (a link to v), never opened.
        let planted = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".r.md.") }
        #expect(planted.count == 1)
        for name in planted {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + name) == folder + "/v")
        }
    }

    /// `python3 -c "n=31;print('pull ubuntu');print('images --format \'{{'+'json ('*n+'.ID'+')'*n+'}}\'')" | dockersim`
    /// (the same bytes, written by the test).
    @Test func nestedJsonInATemplate() throws {
        let folder = scratchFolder("repro-json")
        let template = "{{" + String(repeating: "json (", count: 31) + ".ID" + String(repeating: ")", count: 31) + "}}"
        let input = "pull ubuntu\nimages --format '\(template)'\n"
        try Data(input.utf8).write(to: URL(fileURLWithPath: folder + "/in"))
        let result = try sh("dockersim < in", in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the template did too much work"))
        // The command failed as a whole: nothing printed; the image is still there.
        try Data((input + "images --format '{{.Repository}}'\n").utf8).write(to: URL(fileURLWithPath: folder + "/in"))
        let after = try sh("dockersim < in", in: folder)
        #expect(after.stdout.hasSuffix("ubuntu\n"))
        #expect(after.status == 0)
    }

    /// An endless line without a newline (2 GB after 20 s in the review): read with a cap before
    /// it is buffered, refused as too long; the next line runs.
    @Test func anEndlessLineFromAPipe() throws {
        let folder = scratchFolder("repro-endless")
        let result = try sh(
            "{ head -c 50000000 /dev/zero | tr '\\0' a; printf '\\npull hello-world\\n'; } | dockersim", in: folder)
        #expect(result.stderr.contains("line too long (50000000 characters"))
        #expect(result.stdout.contains("Status: Downloaded newer image for hello-world:latest"))
        #expect(result.status == 0)
    }
}
