import DockerSimCommands
import DockerSimCore
import DockerSimLessons
import DockerSimShell
import Foundation

/// The kinds of input dockersim takes from people and files, each fuzzed on its own.
public enum FuzzKind: String, CaseIterable, Sendable, Codable {
    /// Lines typed at the host prompt (docker commands, `sleep`, `record`, the host shell).
    case dockerLine
    /// Lines typed in a container's bash, and scripts run by `docker run … bash -c`.
    case shellLine
    /// A lesson file (`Lessons/*.md`).
    case lesson
    /// A transcript file (`Transcripts/**/*.md`).
    case transcript
    /// A student's submission (`*.submission`).
    case submission
    /// What dockersim saves between runs: the history file and `progress.json`.
    case savedSession
}

/// Runs one fuzz input through dockersim and reports what went wrong: a broken engine
/// invariant, or a failing docker command that changed the state (the atomicity rule).
/// A crash or a hang is found by the caller (the test never ends, or the process dies).
///
/// ```swift
/// let harness = FuzzHarness.shared
/// let problems = harness.run(.dockerLine, Array("rm -f web c1".utf8))
/// ```
public struct FuzzHarness: Sendable {
    /// The clock every fuzzed simulator starts at.
    public static let clock = Timestamp(rfc3339: "2024-01-28T18:00:00+01:00") ?? .zero

    /// A simulator with images, running and stopped containers, tags, a host file, volumes and a
    /// container with a volume, a bind mount and a tmpfs: docker
    /// lines start here, so that they reach more than "No such container".
    public let hostEngine: Engine
    /// ``hostEngine`` plus a container whose shell loop runs by the clock (`reloj`), for one
    /// docker input in eight (its wake-ups make every input that sleeps dearer).
    public let clockEngine: Engine
    /// The fingerprints of the two fixtures (the state before every input's first line).
    let hostFingerprint: String
    let clockFingerprint: String
    /// The lessons the submissions are graded against (from `Lessons/`, or a built-in one).
    public let lessons: [Lesson]
    /// A folder for the saved-session files (history, progress) the fuzzer writes and reads.
    public let scratchFolder: String

    /// The caps fuzzed simulators run with: tighter than ``Limits/standard`` so that each input
    /// stays cheap (a loop is stopped after 2,000 commands, not 100,000), with the same code paths.
    public static let limits: Limits = {
        var limits = Limits()
        limits.commandsWithoutPause = 300
        limits.foregroundSeconds = 30
        limits.wakeupsPerStep = 40
        limits.simulatedBytes = 8 << 20
        limits.filesPerContainer = 2_000
        limits.expansionBytes = 256 << 10
        limits.stepsPerReplay = 20_000
        return limits
    }()

    /// The harness with the standard fixtures (built once per process).
    public static let shared = FuzzHarness(lessonTexts: FuzzCorpus.lessonTexts())

    public init(lessonTexts: [(name: String, text: String)]) {
        let session = Session(engine: Engine(clock: .manual(at: Self.clock), seed: 7))
        for line in [
            "pull ubuntu", "pull josedom24/servidorweb:v1", "pull hello-world",
            "run -d --name web josedom24/servidorweb:v1",
            "run -it --name c1 ubuntu", "echo hola > fichero.txt", "mkdir -p /data/a && echo x > /data/a/b",
            "rm /etc/hostname", "exit",
            "create --name c2 ubuntu", "run -dit --name sh ubuntu", "tag ubuntu mine:1", "echo nota > notas.txt",
            "run -dit --name montado -v datos:/datos -v /home/usuario/web:/web --tmpfs /cache ubuntu",
            "exec montado bash -c 'echo uno > /datos/f; echo dos > /web/g'", "volume create suelto",
        ] {
            _ = session.handle(line)
        }
        _ = session.endOfInput()
        session.engine.limits = Self.limits
        hostEngine = session.engine
        _ = session.handle("run -d --name reloj ubuntu bash -c 'while true; do date >> hora.txt; sleep 1; done'")
        _ = session.handle("sleep 3")
        clockEngine = session.engine
        hostFingerprint = hostEngine.stateFingerprint()
        clockFingerprint = clockEngine.stateFingerprint()
        lessons = lessonTexts.compactMap { LessonParser.parse($0.text, file: $0.name).lesson }
        scratchFolder = NSTemporaryDirectory() + "dockersim-fuzz-\(getpid())"
    }

    /// Runs one input of `kind`; returns the problems found (empty: all is well).
    public func run(_ kind: FuzzKind, _ bytes: [UInt8], deep: Bool = true) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        switch kind {
        case .dockerLine where !deep:
            for line in text.split(separator: "\n") { _ = ShellParser.needsMore(String(line)) }
            return []
        case .shellLine where !deep:
            for line in text.split(separator: "\n") { _ = try? ShellParser.parse(String(line)) }
            return []
        case .dockerLine: return dockerLines(text)
        case .shellLine: return shellLines(text, deep: deep)
        case .lesson: return lessonFile(text, deep: deep)
        case .transcript: return transcriptFile(text, deep: deep)
        case .submission: return submissionFile(text, deep: deep)
        case .savedSession: return savedSession(bytes, deep: deep)
        }
    }

    // MARK: - Kinds

    func dockerLines(_ text: String) -> [String] {
        let withClock = text.utf8.count % 8 == 0
        let session = Session(engine: withClock ? clockEngine : hostEngine)
        var problems: [String] = []
        var first = true
        // Lines that continue a command (an open quote, a trailing `|`): it is judged whole.
        var pending = ""
        for physical in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(3) {
            let line = pending.isEmpty ? String(physical) : pending + "\n" + physical
            pending = ShellParser.needsMore(line) ? line : ""
            let before = session.engine
            defer { first = false }
            let wasAttached = session.inContainer
            let output = session.handle(String(physical))
            if session.inContainer && !wasAttached {
                _ = session.handle("exit")
            }
            problems += check(session.engine, after: line)
            if output.status != 0, !wasAttached, !session.inContainer, Atomicity.mustBeAtomic(line) {
                let was = first ? (withClock ? clockFingerprint : hostFingerprint) : before.stateFingerprint()
                let now = session.engine.stateFingerprint()
                if was != now {
                    problems.append(
                        "failing command changed the state: \(line.debugDescription)\n" + Atomicity.difference(was, now)
                    )
                }
            }
        }
        _ = session.endOfInput()
        return problems + check(session.engine, after: "end of input")
    }

    func shellLines(_ text: String, deep: Bool) -> [String] {
        let session = Session(engine: hostEngine)
        var problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(4).map(String.init)
        switch lines.count % 3 {
        case 0 where deep:
            // A script as a container's main process, in the foreground and detached.
            _ = session.runDocker(["run", "--name", "fz1", "ubuntu", "bash", "-c", text])
            problems += check(session.engine, after: "run bash -c")
            _ = session.runDocker(["run", "-d", "--name", "fz2", "ubuntu", "bash", "-c", text])
            session.advance(by: 5)
            problems += check(session.engine, after: "run -d bash -c; sleep 5")
        default:
            _ = session.handle("exec -it sh bash")
            for line in lines {
                if !session.inContainer { _ = session.handle("exec -it sh bash") }
                _ = session.handle(line)
                problems += check(session.engine, after: line)
            }
        }
        _ = session.endOfInput()
        return problems + check(session.engine, after: "end of input")
    }

    func lessonFile(_ text: String, deep: Bool) -> [String] {
        let (lesson, diagnostics) = LessonParser.parse(text, file: "fuzz.md")
        // dockersim runs only lessons without diagnostics (`LessonCatalog.load`).
        guard deep, let lesson, diagnostics.isEmpty, !lesson.id.isEmpty else { return [] }
        var engine = Engine(clock: .manual(at: Self.clock), seed: 1)
        engine.limits = Self.limits
        let session = Session(engine: engine)
        let plugin = LessonPlugin(catalog: LessonCatalog(lessons: [lesson]), language: .es, store: nil, records: false)
        session.plugins = [plugin]
        var problems: [String] = []
        for line in ["lesson start \(lesson.id)", "hint", "check", "step", "answer 1", "next", "undo", "reset"] {
            _ = session.handle(line)
            problems += check(session.engine, after: "lesson: " + line)
        }
        _ = session.endOfInput()
        return problems
    }

    func transcriptFile(_ text: String, deep: Bool) -> [String] {
        guard let transcript = try? Transcript.parse(text, path: "fuzz.md") else { return [] }
        guard deep else { return [] }
        // The replayer checks the invariants after every command itself.
        let result = Replayer.run(transcript, checkInvariants: true, limits: Self.limits)
        return result.mismatches.filter { $0.expected == ["(engine invariants hold)"] }.map {
            "transcript: \($0.description)"
        }
    }

    func submissionFile(_ text: String, deep: Bool) -> [String] {
        guard let lesson = lessons.first else { return [] }
        guard deep else {
            _ = try? Submission.parse(text, file: "fuzz.submission")
            return []
        }
        let submission: Submission
        do {
            submission = try Submission.parse(text, file: "fuzz.submission")
        } catch {
            return []
        }
        let target = lessons.first { $0.id == submission.lessonID } ?? lesson
        let replay = Grader.replay(submission, lesson: target, limits: Self.limits)
        return check(replay.engine, after: "grading")
    }

    func savedSession(_ bytes: [UInt8], deep: Bool) -> [String] {
        // In memory: the decoders the loaders use.
        _ = try? JSONDecoder().decode([String: LessonProgress].self, from: Data(bytes))
        guard deep else { return [] }
        // On disk, through the real loaders: a corrupt file is set aside and the load goes on.
        let folder = scratchFolder + "/\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ProgressStore(directory: folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/progress.json"))
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/capas.submission"))
        } catch {
            return ["cannot write the scratch files: \(error)"]
        }
        _ = store.loadProgress()
        _ = store.loadSubmission("capas")
        return []
    }

    /// The engine's invariants after `line`.
    func check(_ engine: Engine, after line: String) -> [String] {
        let broken = engine.invariantViolations()
        return broken.isEmpty
            ? [] : ["invariants broken after \(line.debugDescription): \(broken.joined(separator: "; "))"]
    }
}

/// The atomicity rule of docker commands: a command that fails leaves the state as it was,
/// except where docker itself keeps partial work.
public enum Atomicity {
    /// Commands docker runs argument by argument (each one done or not on its own, errors at the
    /// end), or that do docker-faithful work before failing (`run` pulls the image and creates
    /// the container before it starts it; `compose up` keeps the objects it created before one
    /// failed, as Compose does).
    static let perArgument: Set<String> = [
        "rm", "rmi", "stop", "start", "kill", "restart", "pause", "unpause", "wait", "update",
    ]
    /// `exec` and the network tools run a process: what it did before it failed stays (a
    /// server's access log line, the time a timeout took), as on a real machine. A failing
    /// `build` keeps the cache of the steps that finished and the time they took (BuildKit's).
    /// `sleep infinity` and a streaming `docker stats` or `docker events` stopped as Ctrl-C
    /// would (status 130) have waited until then.
    static let partialByDesign: Set<String> = [
        "run", "create", "compose", "exec", "curl", "wget", "ping", "build", "sleep", "stats", "events",
    ]

    /// Whether a failing `line` must leave the state exactly as it was.
    public static func mustBeAtomic(_ line: String) -> Bool {
        // A line of several commands (`a; b`, `a & b`, `a | b`, `$(…)`) is atomic command by
        // command, not as a whole: the host prompt is bash. The words are read as the host shell
        // reads them (quotes and backslashes removed); a quoted first word (`\rm`, `"rm"`) is
        // the host's own command, not docker's alias, and works file by file as bash's does.
        // Quotes trimmed by hand: Foundation's CharacterSet, built on every call from concurrent
        // fuzz shards, once crashed the test process (a 114 GB allocation).
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { word in
            var word = Substring(word)
            while let first = word.first, first == "\"" || first == "'" { word = word.dropFirst() }
            while let last = word.last, last == "\"" || last == "'" { word = word.dropLast() }
            return String(word)
        }
        if let node = try? ShellParser.parse(line) {
            guard case .simple(let command) = node else { return false }
            let substitutes = command.words.joined().contains {
                if case .command = $0 { return true }
                return false
            }
            if substitutes { return false }
            // `cmd > file` creates or truncates the file before the command runs, and keeps what
            // it printed even when it fails (docker inspect --format prints an empty line for
            // nothing found): the shell's change, made whatever docker does, as in bash.
            let writesAFile = command.redirections.contains {
                [.write, .append, .writeError, .appendError].contains($0.kind)
            }
            if writesAFile { return false }
            if let first = command.words.first, first.count != 1 || !isLiteral(first[0]) {
                return false
            }
            words = command.words.map { $0.map(text).joined() }
        }
        guard !words.isEmpty else { return true }
        var rest = words[...]
        if rest.first == "docker" { rest = rest.dropFirst() }
        if let group = rest.first, ["container", "image", "system", "network", "volume", "builder"].contains(group) {
            rest = rest.dropFirst()
        }
        guard let command = rest.first else { return true }
        if partialByDesign.contains(command) { return false }
        if perArgument.contains(command) {
            let operands = rest.dropFirst().filter { !$0.hasPrefix("-") }
            return operands.count <= 1
        }
        return true
    }

    private static func isLiteral(_ part: ShellScript.WordPart) -> Bool {
        if case .literal = part { return true }
        return false
    }

    private static func text(_ part: ShellScript.WordPart) -> String {
        switch part {
        case .literal(let t), .quoted(let t): t
        case .variable(let name): "$" + name
        case .command(let c): "$(" + c + ")"
        case .arithmetic(let e): "$((" + e + "))"
        case .splitting(let inner): text(inner)
        }
    }

    /// The lines that differ between two fingerprints (for a readable failure).
    public static func difference(_ before: String, _ after: String) -> String {
        let a = before.split(separator: "\n")
        let b = after.split(separator: "\n")
        let removed = a.filter { !b.contains($0) }.prefix(8).map { "- " + $0 }
        let added = b.filter { !a.contains($0) }.prefix(8).map { "+ " + $0 }
        return (removed + added).joined(separator: "\n")
    }
}
