import ArgumentParser
import DockerSimCommands
import DockerSimCore
import DockerSimREPL

#if canImport(Glibc)
import Glibc
#endif

/// dockersim's own command line. Without a sub-command it starts the simulator (the REPL on a
/// terminal, scripted mode otherwise). The common start (`dockersim [start] [--clock …]…`) does
/// not go through ArgumentParser: see `Main.swift`.
struct DockerSim: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "dockersim",
            abstract: CLIText.text(CLIText.abstract),
            discussion: CLIText.text(CLIText.discussion),
            version: DockerSimVersion.string,
            subcommands: DockerSim.subcommandTypes,
            defaultSubcommand: Start.self)
    }

    /// Every sub-command; each lives in its own file.
    static var subcommandTypes: [ParsableCommand.Type] {
        [Start.self, Replay.self, LessonCommand.self, GradeCommand.self, HubCommand.self]
    }
}

/// `dockersim [start]`: the simulator itself.
struct Start: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: CLIText.text(CLIText.startAbstract))
    }

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.clock)))
    var clock: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.seed)))
    var seed: UInt64?

    @Flag(name: .long, help: ArgumentHelp(CLIText.text(CLIText.echo)))
    var echo = false

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.record)))
    var record: String?

    @Flag(name: .long, help: ArgumentHelp(CLIText.text(CLIText.noColor)))
    var noColor = false

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.lang)))
    var lang: String?

    @Option(
        name: .customLong("context-from"),
        help: ArgumentHelp(CLIText.text(CLIText.contextFrom)))
    var contextFrom: [String] = []

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.student)))
    var student: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.lessons)))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.hub)))
    var hub: [String] = []

    func validate() throws {
        if let clock, Timestamp(rfc3339: clock) == nil {
            throw ValidationError(
                CLIText.text(
                    en: "--clock wants an RFC 3339 time such as 2024-01-28T18:00:00+01:00, got '\(clock)'",
                    es: "--clock admite una hora RFC 3339 como 2024-01-28T18:00:00+01:00, no '\(clock)'"))
        }
        if let lang, Language(rawValue: lang) == nil {
            throw ValidationError(CLIText.badLang(lang))
        }
    }

    /// The options as the simulator takes them.
    var options: Simulator {
        Simulator(
            clock: clock, seed: seed, echo: echo, record: record, noColor: noColor, lang: lang, student: student,
            lessons: lessons, contextFrom: contextFrom, hub: hub)
    }

    func makeSession() throws -> Session { try options.makeSession() }

    func run() throws {
        let status = try options.run(session: makeSession())
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs the simulator on `session` until the input ends.
    func run(session: Session) throws {
        let status = try options.run(session: session)
        if status != 0 { throw ExitCode(status) }
    }
}

/// The simulator itself, with the options of `dockersim [start]`.
struct Simulator {
    var clock: String?
    var seed: UInt64?
    var echo = false
    var record: String?
    var noColor = false
    var lang: String?
    var student: String?
    var lessons: String?
    var contextFrom: [String] = []
    var hub: [String] = []

    func makeSession() throws -> Session {
        let simClock: SimClock = clock.flatMap(Timestamp.init(rfc3339:)).map(SimClock.manual(at:)) ?? .real()
        let session = Session(engine: Engine(clock: simClock, seed: seed, registry: try Self.registry(hub)))
        // The user's own session: `record start FILE` may write the file the user names.
        session.allowsHostFiles = true
        session.plugins.append(LessonSupport.plugin(language: lang, student: student, lessons: lessons))
        return session
    }

    /// The simulated Hub: the built-in catalog, with the teacher's folders in front. A folder with
    /// any problem loads nothing: its problems are printed as `file:line: message` and dockersim
    /// ends with status 1.
    static func registry(_ folders: [String]) throws -> Registry {
        guard !folders.isEmpty else { return HubCatalog.standard }
        switch HubCatalog.registry(adding: folders) {
        case .success(let registry): return registry
        case .failure(let failure):
            for problem in failure.problems { Terminal.write("\(problem)\n", to: .stderr) }
            throw ExitCode(1)
        }
    }

    /// Runs the simulator on `session` until the input ends; returns the exit status.
    func run(session: Session) throws -> Int32 {
        for folder in contextFrom {
            do {
                let target = try ContextImport.load(folder, into: session)
                Terminal.write(CLIText.folderCopied(folder, to: target) + "\n", to: .stderr)
            } catch {
                Terminal.write("\(error)\n", to: .stderr)
                throw ExitCode(1)
            }
        }
        if let record {
            // A target that cannot be written (a device, a FIFO, a folder…) is refused before
            // anything runs (RELIABILITY.md, "Files that survive, and never harm").
            do {
                try session.beginRecording(to: record)
            } catch {
                Terminal.write(CLIText.transcriptNotWritten(error) + "\n", to: .stderr)
                throw ExitCode(1)
            }
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let status = interactive ? runInteractive(session) : runScripted(session)
        if session.recording != nil {
            do {
                try session.stopRecording()
            } catch {
                Terminal.write(CLIText.transcriptNotWritten(error) + "\n", to: .stderr)
                throw ExitCode(1)
            }
        }
        return status
    }

    /// Reads commands from stdin until it ends; prints what a terminal would show.
    func runScripted(_ session: Session) -> Int32 {
        session.language = Language.from(flag: lang, environment: Environment.values(Self.languageVariables))
        // A line is capped before it is buffered: an endless line without a newline costs at
        // most the cap in memory, and is refused as too long (RELIABILITY.md, "Caps").
        var reader = LineReader(fd: STDIN_FILENO, maxBytes: 4 * session.engine.limits.lineLength)
        reading: while true {
            switch reader.next() {
            case .end:
                break reading
            case .tooLong(let bytes):
                Terminal.print(session.refuseUnread(bytes: bytes))
            case .line(let line):
                if echo { Terminal.write(session.prompt + line + "\n", to: .stdout) }
                let step = session.step(.line(line))
                Terminal.print(step.output)
                if let status = step.ended { return status }
            }
        }
        let step = session.step(.endOfInput)
        Terminal.print(step.output)
        return step.ended ?? session.lastStatus
    }

    static let languageVariables = ["LANG", "LC_ALL", "LC_MESSAGES"]

    /// The line-editing REPL (libedit) on a terminal; a plain prompt loop if libedit cannot start.
    func runInteractive(_ session: Session) -> Int32 {
        let environment = Environment.values([
            "NO_COLOR", "TERM", "LANG", "LC_ALL", "LC_MESSAGES", "DOCKERSIM_HISTORY", "XDG_STATE_HOME", "HOME",
        ])
        let options = REPLOptions(
            colour: REPLOptions.colourWanted(environment: environment, noColorFlag: noColor),
            language: Language.from(flag: lang, environment: environment),
            historyPath: HistoryStore.defaultPath(environment: environment))
        session.language = options.language
        if let status = REPL(session: session, options: options).run() { return status }
        Terminal.write(Help.welcome(options.language), to: .stdout)
        while true {
            Terminal.write(session.prompt, to: .stdout)
            let input: Session.Input
            if let line = readLine(strippingNewline: true) {
                input = .line(line)
            } else {
                Terminal.write("\n", to: .stdout)
                input = .endOfInput
            }
            let step = session.step(input)
            Terminal.print(step.output)
            if let status = step.ended { return status }
        }
    }
}

/// The process environment, read one name at a time.
enum Environment {
    static func values(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}

/// Writes to the real stdout and stderr, unbuffered, in the order given.
enum Terminal {
    static func write(_ text: String, to stream: OutputChannel) {
        let bytes = Array(text.utf8)
        let fd = stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    static func print(_ output: CommandOutput) {
        for chunk in output.chunks { write(chunk.text, to: chunk.stream) }
    }
}
