import ArgumentParser
import DockerSimCommands
import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// dockersim's own command line. Without a sub-command it starts the simulator (the REPL on a
/// terminal, scripted mode otherwise).
@main
struct DockerSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockersim",
        abstract: "A Docker teaching simulator: images, layers and copy-on-write containers, in memory.",
        discussion: """
            Type docker commands, with or without the word `docker` (pull ubuntu, docker images, run -it ubuntu).
            With stdin or stdout not a terminal, dockersim reads commands line by line (scripted mode).

            Simulador de Docker para aprender: escribe órdenes docker, con o sin la palabra `docker`.
            """,
        version: DockerSimVersion.string,
        subcommands: DockerSim.subcommandTypes,
        defaultSubcommand: Start.self)

    /// Every sub-command; each lives in its own file.
    static var subcommandTypes: [ParsableCommand.Type] { [Start.self, Replay.self] }
}

/// `dockersim [start]`: the simulator itself.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the simulator (the default): a REPL on a terminal, scripted mode otherwise.")

    @Option(name: .long, help: "Start the simulated clock at this RFC 3339 time; it then moves only with `sleep N`.")
    var clock: String?

    @Option(name: .long, help: "Seed container IDs and names, so that runs repeat exactly.")
    var seed: UInt64?

    @Flag(name: .long, help: "In scripted mode, print each prompt and line as a terminal shows them.")
    var echo = false

    @Option(name: .long, help: "Record the session as a transcript in this file (written when dockersim ends).")
    var record: String?

    func validate() throws {
        if let clock, Timestamp(rfc3339: clock) == nil {
            throw ValidationError("--clock wants an RFC 3339 time such as 2024-01-28T18:00:00+01:00, got '\(clock)'")
        }
    }

    func makeSession() -> Session {
        let simClock: SimClock = clock.flatMap(Timestamp.init(rfc3339:)).map(SimClock.manual(at:)) ?? .real()
        return Session(engine: Engine(clock: simClock, seed: seed))
    }

    func run() throws {
        let session = makeSession()
        if let record { session.startRecording(to: record) }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let status = interactive ? runInteractive(session) : runScripted(session)
        if session.recording != nil {
            do {
                try session.stopRecording()
            } catch {
                Terminal.write("dockersim: could not write the transcript: \(error)\n", to: .stderr)
                throw ExitCode(1)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Reads commands from stdin until it ends; prints what a terminal would show.
    func runScripted(_ session: Session) -> Int32 {
        while let line = readLine(strippingNewline: true) {
            if echo { Terminal.write(session.prompt + line + "\n", to: .stdout) }
            if !session.inContainer && (line == "exit" || line == "quit") { break }
            Terminal.print(session.handle(line))
        }
        Terminal.print(session.endOfInput())
        return session.lastStatus
    }

    /// A plain prompt loop (the line-editing REPL is its own piece of work).
    func runInteractive(_ session: Session) -> Int32 {
        Terminal.write(Welcome.text, to: .stdout)
        while true {
            Terminal.write(session.prompt, to: .stdout)
            guard let line = readLine(strippingNewline: true) else {
                Terminal.write("\n", to: .stdout)
                if session.inContainer {
                    Terminal.print(session.endOfInput())
                    continue
                }
                return 0
            }
            if !session.inContainer && (line == "exit" || line == "quit") { return session.lastStatus }
            Terminal.print(session.handle(line))
        }
    }
}

/// Writes to the real stdout and stderr, unbuffered, in the order given.
enum Terminal {
    static func write(_ text: String, to stream: OutputStream) {
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

enum Welcome {
    static let text = """
        dockersim \(DockerSimVersion.string) — Docker simulado en memoria / Docker simulated in memory.
        Escribe órdenes docker (por ejemplo: pull ubuntu). Type docker commands (e.g. pull ubuntu). exit: salir/quit.

        """
}
