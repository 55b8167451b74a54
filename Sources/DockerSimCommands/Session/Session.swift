import DockerSimCore
import DockerSimShell

/// One student's simulator: the engine, and the container shell the terminal is attached to.
///
/// Every line typed goes through ``handle(_:)``: to the attached shell when there is one, else
/// to the docker command layer (with or without the word `docker`). Nothing here touches a
/// terminal: the caller prints the returned output.
public final class Session {
    /// The simulated daemon. Set it only to restore a snapshot (lesson `undo`, `reset`).
    public var engine: Engine
    /// The shell the terminal is connected to, if any.
    public private(set) var attached: Attachment?
    /// The last command's exit status.
    public private(set) var lastStatus: Int32 = 0

    /// A shell connected to the terminal.
    public struct Attachment: Sendable {
        public var shell: Shell
        /// True for the container's main process (`run -it`, `attach`); false for `exec -it`.
        public var isMain: Bool
        /// Whether the shell has a terminal (shows a prompt).
        public var tty: Bool
    }

    /// Handlers offered every line before docker sees it (lesson commands, recording…), in order.
    public var plugins: [any SessionPlugin] = []

    /// A question the last command asked (`prune`'s `[y/N]`): the next line is its answer.
    public private(set) var pendingConfirmation: Confirmation?

    /// Every line handled since the start, with the time it was typed and what it printed.
    public private(set) var log: [LoggedLine] = []

    /// The transcript being recorded, if any (`--record FILE`, `record start FILE`).
    public var recording: Recording?

    /// A question waiting for `y` or `N`, and what to do with the answer.
    public struct Confirmation {
        var proceed: (inout CommandContext) -> Int32 = { _ in 0 }
        /// Set when the command reads the line itself (a password): it gets the line as typed.
        var reader: ((String, inout CommandContext) -> Int32)?
        /// Which answers go on (docker's prompts: `y` or `Y`; compose's survey also takes `yes`).
        var accepts: (String) -> Bool = { $0 == "y" || $0 == "Y" }
    }

    /// One line typed, as a transcript records it.
    public struct LoggedLine: Sendable {
        public var time: Timestamp
        /// The simulated time when the line had been handled.
        public var endTime: Timestamp
        /// `record start`/`record stop` themselves (not written to the transcript).
        public var isRecordingControl = false
        /// `$ ` on the host, bash's prompt in a container, "" for an answer to a question.
        public var prompt: String
        public var line: String
        public var output: CommandOutput
    }

    /// Whether lines may read or write files on the real computer (`record start FILE`). Only
    /// dockersim's own session, run by the user, sets it: a transcript, a lesson's lines or a
    /// submission replayed in a session of their own can never reach the host (RELIABILITY.md).
    public var allowsHostFiles = false

    public init(engine: Engine) { self.engine = engine }

    /// Forgets the attached shell (after restoring a snapshot taken on the host).
    public func detachWithoutExit() { attached = nil }

    /// The prompt a terminal shows now: `$ ` on the host, bash's prompt in a container,
    /// nothing for a shell without a terminal.
    public var prompt: String {
        if pendingConfirmation != nil { return "" }
        guard let attached else { return "$ " }
        return attached.tty ? attached.shell.prompt(engine: engine) : ""
    }

    /// Lets simulated time pass without typing anything (a transcript's hidden `sleep`).
    public func advance(by seconds: Double) { engine.advance(by: seconds) }

    /// True while a container's shell has the terminal.
    public var inContainer: Bool { attached != nil }

    /// Runs one line and returns what it printed.
    public func handle(_ line: String) -> CommandOutput {
        engine.settle()
        let time = engine.now
        let prompt = self.prompt
        var output = refuseTooLong(line) ?? dispatch(line)
        let control = prompt == "$ " && (line.hasPrefix("record ") || line == "record")
        let entry = LoggedLine(
            time: time, endTime: engine.now, isRecordingControl: control, prompt: prompt, line: line, output: output)
        for plugin in plugins {
            let extra = plugin.didHandle(entry, session: self)
            for chunk in extra.chunks { output.write(chunk.text, to: chunk.stream) }
        }
        log.append(
            LoggedLine(
                time: time, endTime: entry.endTime, isRecordingControl: control, prompt: prompt, line: line,
                output: output))
        return output
    }

    /// A line past ``Limits/lineLength`` is not run: dockersim says so (status 2).
    private func refuseTooLong(_ line: String) -> CommandOutput? {
        guard line.utf8.count > engine.limits.lineLength else { return nil }
        let count = line.count
        guard count > engine.limits.lineLength else { return nil }
        var output = CommandOutput()
        output.write(engine.limits.lineTooLong(count), to: .stderr)
        output.status = 2
        lastStatus = 2
        return output
    }

    private func dispatch(_ line: String) -> CommandOutput {
        if let confirmation = pendingConfirmation {
            pendingConfirmation = nil
            return answer(line, to: confirmation)
        }
        if attached == nil {
            for plugin in plugins {
                if let output = plugin.handle(line, session: self) {
                    lastStatus = output.status
                    return output
                }
            }
        }
        if attached != nil { return shellLine(line) }
        let output = hostLine(line)
        lastStatus = output.status
        return output
    }

    /// docker's prompt: only `y` or `Y` goes on (or what the command's question accepts);
    /// anything else cancels, silently, with status 0.
    private func answer(_ line: String, to confirmation: Confirmation) -> CommandOutput {
        if let reader = confirmation.reader {
            var context = takeEngineIntoContext()
            let status = reader(line, &context)
            swap(&engine, &context.engine)
            var output = context.output
            output.status = status
            lastStatus = status
            if let next = context.reader { pendingConfirmation = Confirmation(reader: next) }
            return output
        }
        let trimmed = line.trimmed(" \t")
        guard confirmation.accepts(trimmed) else {
            lastStatus = 0
            return CommandOutput()
        }
        var context = takeEngineIntoContext()
        let status = confirmation.proceed(&context)
        swap(&engine, &context.engine)
        var output = context.output
        output.status = status
        lastStatus = status
        return output
    }

    /// An engine that stands in for the session's while a command holds the real one.
    private static let standIn = Engine(clock: .manual(at: .zero), seed: 0)

    /// A context that holds the session's engine while a command runs, with the stand-in left
    /// here: one reference, so the engine's tables change in place instead of being copied whole
    /// (a command costs what it touches, not the size of the store). Give the engine back with
    /// `swap(&engine, &context.engine)`.
    private func takeEngineIntoContext() -> CommandContext {
        var context = CommandContext(engine: Self.standIn)
        swap(&engine, &context.engine)
        return context
    }

    /// The question waiting for an answer gets none (end of input, or the end of a transcript
    /// block): docker treats it as a no.
    public func cancelPendingConfirmation() { pendingConfirmation = nil }

    /// End of input: an attached shell gets EOF (bash exits, the container stops if it was the
    /// main process). Returns what that printed.
    public func endOfInput() -> CommandOutput {
        pendingConfirmation = nil
        var output = CommandOutput()
        guard let attachment = attached else { return output }
        if attachment.tty { output.write("exit\n", to: .stderr) }
        detachShell(exitCode: attachment.shell.lastStatus, output: &output)
        return output
    }

    // MARK: - Container shell

    private func shellLine(_ line: String) -> CommandOutput {
        var output = CommandOutput()
        guard var attachment = attached else { return output }
        guard engine.containers[attachment.shell.containerID]?.isRunning == true else {
            attached = nil
            return hostLine(line)
        }
        let prompt = self.prompt
        let result = attachment.shell.run(line: line, engine: &engine)
        attached = attachment
        if attachment.isMain {
            // A terminal's log holds everything the pseudo-terminal showed: prompt, echo, output.
            let shown = attachment.tty ? prompt + line + "\n" + result.combined : result.stdout
            engine.appendLog(attachment.shell.containerID, stream: .stdout, text: shown)
            if !attachment.tty { engine.appendLog(attachment.shell.containerID, stream: .stderr, text: result.stderr) }
        }
        if attachment.tty {
            output.write(result.combined, to: .stdout)
        } else {
            output.write(result.stdout, to: .stdout)
            output.write(result.stderr, to: .stderr)
        }
        output.status = result.status
        if let code = result.exited {
            detachShell(exitCode: code, output: &output)
            output.status = code
        }
        lastStatus = output.status
        return output
    }

    private func detachShell(exitCode: Int32, output: inout CommandOutput) {
        guard let attachment = attached else { return }
        attached = nil
        attachment.shell.saveHistory(engine: &engine)
        let id = attachment.shell.containerID
        if attachment.isMain {
            engine.finish(id, exitCode: exitCode)
        } else {
            engine.setExecSessions(id, delta: -1)
        }
        lastStatus = exitCode
        output.status = exitCode
    }

    // MARK: - Host

    private func hostLine(_ line: String) -> CommandOutput {
        if let shellOutput = HostShell.run(line, engine: &engine) { return shellOutput }
        var output = CommandOutput()
        let words: [String]
        do {
            words = try HostWords.split(line)
        } catch {
            output.write(error.message + "\n", to: .stderr)
            output.status = 2
            return output
        }
        guard !words.isEmpty else {
            output.status = lastStatus
            return output
        }
        var args = words
        if args.first == "docker" {
            args.removeFirst()
            if args.isEmpty {
                output.write(Help.dockerUsage, to: .stdout)
                return output
            }
        } else if let host = hostCommand(args, output: &output) {
            output.status = host
            return output
        }
        output = runDocker(args)
        return output
    }

    /// Commands of the student's own shell that dockersim understands besides docker.
    private func hostCommand(_ words: [String], output: inout CommandOutput) -> Int32? {
        switch words[0] {
        case "sleep":
            guard words.count == 2, let seconds = Double(words[1]), seconds >= 0 else {
                output.write(
                    "sleep: invalid time interval '\(words.dropFirst().joined(separator: " "))'\n", to: .stderr)
                return 1
            }
            engine.advance(by: seconds)
            return 0
        case "clear":
            return 0
        case "record":
            return recordCommand(Array(words.dropFirst()), output: &output)
        default:
            return nil
        }
    }

    /// `record start FILE` / `record stop`: record the session as a transcript.
    private func recordCommand(_ args: [String], output: inout CommandOutput) -> Int32 {
        guard allowsHostFiles else {
            output.write(
                "dockersim: record escribe en tu ordenador: solo desde la sesión de dockersim, no desde una lección, una transcripción o una entrega / record writes to your computer: only from dockersim's own session, not from a lesson, a transcript or a submission\n",
                to: .stderr)
            return 1
        }
        switch (args.first, args.count) {
        case ("start", 2):
            startRecording(to: args[1])
            output.write(
                "dockersim: grabando en \(args[1]) / recording to \(args[1]) (record stop: terminar/stop)\n",
                to: .stderr)
            return 0
        case ("stop", 1):
            do {
                guard let path = try stopRecording() else {
                    output.write("dockersim: no se está grabando / not recording\n", to: .stderr)
                    return 1
                }
                output.write(
                    "dockersim: transcripción guardada en \(path) / transcript saved to \(path)\n", to: .stderr)
                return 0
            } catch {
                output.write(
                    "dockersim: no se pudo escribir / could not write: \(error.localizedDescription)\n", to: .stderr)
                return 1
            }
        default:
            output.write("usage: record start FILE | record stop\n", to: .stderr)
            return 2
        }
    }

    /// Commands whose failure keeps the work done before it, as docker's does: `run` and
    /// `create` keep the image they pulled (and `run` the container it created), `start` and
    /// `restart` a container that could not start, `compose` what it created before failing (as
    /// Compose leaves it). Every other failing command leaves the state
    /// exactly as it was (RELIABILITY.md).
    static let keepsPartialWork: Set<String> = ["run", "create", "start", "restart", "compose"]

    /// Commands docker runs argument by argument (`rm a b c`): with several arguments, each one
    /// is done or not on its own and the errors come at the end.
    static let argumentByArgument: Set<String> = ["rm", "rmi", "stop", "kill", "pause", "unpause", "wait"]

    /// Runs a docker command (the words after `docker`).
    public func runDocker(_ words: [String]) -> CommandOutput {
        var context = takeEngineIntoContext()
        let status: Int32
        switch CommandTable.resolve(words) {
        case .failure(let error):
            if error.status == 0 {
                context.out(error.message + "\n")
                status = 0
            } else {
                status = context.fail(error)
            }
        case .success(let (entry, rest)):
            context.invokedAs = entry.spec.path
            do {
                let args = try FlagParser.parse(rest, spec: entry.spec)
                if args.helpRequested {
                    context.out(Help.text(for: entry.spec))
                    status = 0
                } else {
                    let snapshot = context.engine
                    do {
                        status = try entry.type.run(args, &context)
                    } catch {
                        // All or nothing: a command that fails undoes what it did, but for the
                        // work docker itself keeps (`run`'s pull and create, a failed start).
                        let name = entry.type.name
                        let perArgument = Self.argumentByArgument.contains(name) && args.operands.count > 1
                        if !Self.keepsPartialWork.contains(name) && !perArgument { context.engine = snapshot }
                        status = context.fail(error)
                    }
                }
            } catch {
                status = context.fail(error)
            }
        }
        swap(&engine, &context.engine)
        var output = context.output
        output.status = status
        if let reader = context.reader { pendingConfirmation = Confirmation(reader: reader) }
        if let proceed = context.confirmation {
            pendingConfirmation = Confirmation(proceed: proceed)
            if let accepts = context.confirmationAccepts { pendingConfirmation?.accepts = accepts }
        }
        if let request = context.attach {
            switch request {
            case .mainShell(let id), .execShell(let id):
                let tty = engine.containers[id]?.config.tty ?? true
                let isMain: Bool = if case .mainShell = request { true } else { false }
                let shell = Shell(
                    containerID: id, engine: engine, interactive: isMain ? tty : true, terminal: isMain ? tty : true)
                attached = Attachment(shell: shell, isMain: isMain, tty: isMain ? tty : true)
            }
        }
        lastStatus = status
        return output
    }
}

/// The words of a host command line (quotes and backslashes as a POSIX shell reads them).
enum HostWords {
    struct Failure: Error {
        var message: String
    }

    static func split(_ line: String) throws(Failure) -> [String] {
        let tokens: [ShellWords.Token]
        do {
            tokens = try ShellWords.tokenize(line)
        } catch {
            throw Failure(message: "dockersim: unexpected end of line while looking for matching `\(error.quote)'")
        }
        return try tokens.map { (token) throws(Failure) -> String in
            switch token {
            case .word(let word): return word
            case .op(let op):
                throw Failure(
                    message:
                        "dockersim: '\(op.prefix(1))' (pipes, redirections and lists) is not simulated on the host; type one docker command per line"
                )
            }
        }
    }
}

/// Something that may take a host line before docker does (a lesson's `hint`, `record start`…).
/// Return nil to let the line through.
public protocol SessionPlugin: AnyObject {
    func handle(_ line: String, session: Session) -> CommandOutput?

    /// Called after every line the session handled (host, container or `[y/N]` answer, whoever
    /// took it), with what it printed: what the plugin returns is printed after it (a lesson
    /// announcing that the command just completed a step). The exit status stays the line's.
    func didHandle(_ entry: Session.LoggedLine, session: Session) -> CommandOutput
}

extension SessionPlugin {
    /// Nothing to add by default.
    public func didHandle(_ entry: Session.LoggedLine, session: Session) -> CommandOutput { CommandOutput() }
}
