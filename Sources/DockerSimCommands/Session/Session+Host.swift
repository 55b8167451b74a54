import DockerSimCore
import DockerSimShell

/// The host prompt: the student's bash over the simulated host folder, where `docker` and
/// dockersim's own commands (`help`, `clear`, `record`, `layers`, `explain`) are commands like any other.
///
/// **A bare docker verb is docker's.** dockersim takes docker commands without the word
/// `docker` (`ps -a`, `rm web`), and the course, the lessons and the transcripts rely on it. The
/// host shell does it the bash way: every docker verb is an alias (`alias rm='docker rm'`,
/// `alias ps='docker ps'`…, see ``hostAliases``; `export` stays bash's). So `rm`, `cp`, `ps`,
/// `kill`, `top`, `history`, `diff` are docker's, and the computer's program of the same name
/// is one backslash away, as bash skips an alias: `\rm fichero`, `\cp a b` (or `command rm`).
/// `type rm` and `alias` show it, and when a bare verb fails the way the host reading would
/// have worked, dockersim says so after docker's error (``aliasHint(_:args:engine:)``).
extension Session: ShellCommandProvider {
    /// The aliases of the host shell: each docker verb stands for `docker VERB` (and `--help`,
    /// `--version` for docker's); `quit` for `exit`.
    public static let hostAliases: [String: [String]] = {
        var aliases: [String: [String]] = [
            "quit": ["exit"], "--help": ["docker", "--help"], "--version": ["docker", "--version"],
        ]
        for verb in DockerVerbs.topLevel where verb != "export" { aliases[verb] = ["docker", verb] }
        return aliases
    }()

    /// The commands the session gives the host shell.
    static let providedCommands: Set<String> = ["docker", "help", "ayuda", "clear", "record", "layers", "explain"]

    public func provides(_ name: String) -> Bool { Self.isProvided(name) }

    /// Whether ``providedCommands`` holds `name`, by a switch (the same `==`) instead of a
    /// hashed look-up: the host shell asks it of every command it runs.
    static func isProvided(_ name: String) -> Bool {
        switch name {
        case "docker", "help", "ayuda", "clear", "record", "layers", "explain": true
        default: false
        }
    }

    public func run(_ call: ExternalCall, engine: inout Engine) -> ExternalResult {
        let args = Array(call.words.dropFirst())
        var output = CommandOutput()
        switch call.words.first {
        case "docker":
            return docker(args, call: call, engine: &engine)
        case "help", "ayuda":
            ranOwnCommand = true
            output.write(Help.dockersim(language), to: .stdout)
        case "clear":
            output.emit(.clearScreen, text: "")
        case "record":
            output.status = recordCommand(args, engine: engine, output: &output)
        case "explain":
            ranOwnCommand = true
            output.status = explainCommand(args, output: &output)
        case "layers":
            ranOwnCommand = true
            engine.setHostDirectory(call.cwd)
            output.status = layersCommand(args, engine: &engine, output: &output)
        default:
            output.status = 127
        }
        return ExternalResult(output: output)
    }

    /// `docker …` from the host shell: the command, then what it asks of the terminal (a shell
    /// to attach, a question to answer).
    private func docker(_ args: [String], call: ExternalCall, engine: inout Engine) -> ExternalResult {
        engine.setHostDirectory(call.cwd)
        guard !args.isEmpty else {
            var output = CommandOutput()
            // `docker` alone: cobra's ShowHelp writes the help to stderr (exit 0).
            output.write(Help.dockerUsage, to: .stderr)
            return ExternalResult(output: output)
        }
        // The command runs in a context over the engine it was lent (``CommandContext/borrowing(_:_:)``);
        // what the terminal is asked for comes out of it.
        let (ran, asked, attach, foundBash) = CommandContext.borrowing(&engine) {
            (context: inout CommandContext) -> (CommandOutput, Bool, AttachRequest?, Bool) in
            context.language = language
            context.stdin = call.stdinIsTerminal ? nil : call.stdin
            context.stdoutIsTerminal = call.stdoutIsTerminal
            var output = runDocker(args, context: &context)
            var waits = false
            if context.reader != nil {
                if call.stdinIsTerminal && call.canWait {
                    pendingConfirmation = context.reader.map(Confirmation.init(reader:))
                    waits = true
                } else {
                    // The lines come from stdin (a pipe, a file), or there are none (end of input).
                    var lines =
                        call.stdinIsTerminal ? [] : call.stdin.split(separator: "\n", omittingEmptySubsequences: false)
                    while let reader = context.reader {
                        context.reader = nil
                        context.output = CommandOutput()
                        let line = lines.isEmpty ? "" : String(lines.removeFirst())
                        output.status = reader.read(line, &context)
                        output.append(context.output)
                    }
                }
            }
            if let proceed = context.confirmation {
                var question = Confirmation(proceed: proceed)
                if let accepts = context.confirmationAccepts { question.accepts = accepts }
                if call.stdinIsTerminal && call.canWait {
                    pendingConfirmation = question
                    waits = true
                } else if !call.stdinIsTerminal {
                    // docker reads the answer from its stdin: a pipe or a file answers at once.
                    let answer = call.stdin.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
                    if question.accepts(answer.trimmed(" \t")) {
                        context.output = CommandOutput()
                        let status = proceed(&context)
                        output.append(context.output)
                        output.status = status
                    }
                }
            }
            return (output, waits, context.attach, context.attachedShellFoundBash)
        }
        var output = ran
        var waits = asked
        if let request = attach, call.canWait {
            switch request {
            case .mainShell(let id), .execShell(let id):
                let tty = engine.containers[id]?.config.tty ?? true
                let isMain: Bool = if case .mainShell = request { true } else { false }
                attachedBox = Boxed(
                    Attachment(
                        shell: Shell(
                            containerID: id, in: &engine, interactive: isMain ? tty : true,
                            terminal: isMain ? tty : true, foundBash: isMain && foundBash),
                        isMain: isMain, tty: isMain ? tty : true))
                waits = true
            case .sqlClient(let id, let started):
                client = started
                clientOwner = .exec(id)
                waits = true
            }
        }
        if output.status != 0, let alias = call.alias,
            Self.aliasHint(alias, args: Array(args.dropFirst()), engine: engine)
        {
            output.write(aliasHintText(alias), to: .stderr)
        }
        return ExternalResult(output: output, waits: waits)
    }

    /// Whether a failed bare docker verb looks like the host's command of the same name: `rm`,
    /// `cp` or `diff` of files that are in the host folder (and no container path), `rm -r`,
    /// `kill 1234`.
    static func aliasHint(_ verb: String, args: [String], engine: Engine) -> Bool {
        let operands = args.filter { !$0.hasPrefix("-") }
        let options = args.filter { $0.hasPrefix("-") && !$0.hasPrefix("--") }.joined()
        switch verb {
        case "rm", "cp", "diff":
            if verb == "rm" && (options.contains("r") || options.contains("R")) { return true }
            if operands.contains(where: { $0.contains(":") }) { return false }
            return operands.contains { name in
                name != "." && name != ".." && (try? engine.host.stat(name, cwd: engine.hostCwd)) != nil
            }
        case "kill":
            return !operands.isEmpty && operands.allSatisfy { $0.allSatisfy(\.isNumber) }
        default:
            return false
        }
    }

    private func aliasHintText(_ verb: String) -> String {
        switch language {
        case .es:
            "dockersim: aquí `\(verb)` es `docker \(verb)` (las órdenes de docker van sin `docker`); para el \(verb) de tu ordenador escribe `\\\(verb) …` (o `command \(verb) …`)\n"
        case .en:
            "dockersim: here `\(verb)` is `docker \(verb)` (docker commands go without `docker`); for your computer's \(verb) type `\\\(verb) …` (or `command \(verb) …`)\n"
        }
    }

    // MARK: - Host lines

    /// A line at the host prompt: added to what was typed, run once it is a whole command.
    func hostLine(_ line: String) -> CommandOutput {
        // A line that does not end the command yet prints nothing (and leaves `$?` alone).
        guard let text = complete(line) else { return CommandOutput() }
        if Self.isBlank(text) {
            var output = CommandOutput()
            output.status = lastStatus
            return output
        }
        return runHost(text, final: false)
    }

    /// Whether `text` is only spaces and tabs (`text.trimmed(" \t").isEmpty`), read as bytes: a
    /// character that is not one of those has a byte that is not.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Runs a whole text in the host shell with the session's engine.
    func runHost(_ text: String, final: Bool) -> CommandOutput {
        Self.follow(&hostShell, &engine)
        // The shell and the engine lent in place (see the class's note on exclusive access): a
        // copy of the shell left behind would make its first change (its history's append) copy
        // the whole history, and a swap moves each struct three times.
        let (result, next) = hostShell.runTyped(text, engine: &engine, provider: self)
        takeClient(from: &hostShell, owner: .hostLine)
        engine.setHostDirectory(hostShell.cwd)
        waiting = next
        return finishHost(result)
    }

    /// A host line that waited for the terminal goes on, with `$?` = `status`.
    func resumeHost(status: Int32, into output: inout CommandOutput) {
        guard let executor = waiting else { return }
        waiting = nil
        Self.follow(&hostShell, &engine)
        // Lent in place, as in ``runHost(_:final:)``.
        let (result, next) = hostShell.resume(executor, status: status, engine: &engine, provider: self)
        takeClient(from: &hostShell, owner: .hostLine)
        engine.setHostDirectory(hostShell.cwd)
        waiting = next
        let more = finishHost(result)
        output.append(more)
        output.status = more.status
    }

    /// Puts the host shell in the host's working directory, the engine borrowed through
    /// `inout` (passed by value from this class's property, it would be copied whole).
    static func follow(_ shell: inout Shell, _ engine: inout Engine) { shell.follow(engine) }

    private func finishHost(_ result: ShellResult) -> CommandOutput {
        var output = result.output
        output.status = result.exited ?? result.status
        lastStatus = output.status
        if let code = result.exited { ended = code }
        return output
    }

    // MARK: - docker

    /// Commands whose failure keeps the work done before it, as docker's does: `run` and
    /// `create` keep the image they pulled (and `run` the container it created), `start` and
    /// `restart` a container that could not start, `compose` what it created before failing (as
    /// Compose leaves it). Every other failing command leaves the state exactly as it was
    /// (RELIABILITY.md).
    static let keepsPartialWork: Set<String> = ["run", "create", "start", "restart", "compose"]

    /// Commands docker runs argument by argument (`rm a b c`): with several arguments, each one
    /// is done or not on its own and the errors come at the end.
    static let argumentByArgument: Set<String> = ["rm", "rmi", "stop", "kill", "pause", "unpause", "wait"]

    /// Commands that change nothing before the last point where they can fail, but for the
    /// engine's ``Engine/settle()`` and `rmi`'s note of a refusal: `pull` checks the reference
    /// and the Hub first; `rmi` of one image checks every conflict before it untags (what it
    /// deletes after that, and the parents it prunes quietly, cannot fail); `rm` of one
    /// container finds it and refuses a running one without `-f` before it removes anything
    /// (the kill, stop and removal after that cannot fail); `ps` and `images`
    /// only read. On an engine with nothing to settle (``Engine/isSettledUntilAdvanced()``) a
    /// failure leaves it as it was without a snapshot (a snapshot held while a command changes
    /// the engine makes each table it changes copy, and freeing the old copies costs as much).
    static let changesOnlyAfterChecks: Set<String> = ["pull", "rmi", "rm", "ps", "images"]

    /// Which of ``keepsPartialWork``, ``argumentByArgument`` and ``changesOnlyAfterChecks``
    /// hold `name`, by one switch on the name instead of three hashed look-ups (checked against
    /// the sets for every command: `failurePolicyAgreesWithTheSets`).
    static func failurePolicy(
        _ name: String
    ) -> (keepsPartialWork: Bool, argumentByArgument: Bool, changesOnlyAfterChecks: Bool) {
        switch name {
        case "run", "create", "start", "restart", "compose": (true, false, false)
        case "rm", "rmi": (false, true, true)
        case "stop", "kill", "pause", "unpause", "wait": (false, true, false)
        case "pull", "ps", "images": (false, false, true)
        default: (false, false, false)
        }
    }

    /// Runs a docker command (the words after `docker`) on the session's engine, outside the
    /// host shell: nothing is logged, attached or asked.
    public func runDocker(_ words: [String]) -> CommandOutput {
        let output = CommandContext.borrowing(&engine) { context -> CommandOutput in
            context.language = language
            return runDocker(words, context: &context)
        }
        lastStatus = output.status
        return output
    }

    /// Runs a docker command in `context` (which holds the engine); returns what it printed.
    func runDocker(_ words: [String], context: inout CommandContext) -> CommandOutput {
        let status: Int32
        switch CommandTable.resolve(words) {
        case .failure(let error):
            if error.status == 0 {
                // `docker GROUP` without a sub-command: cobra's ShowHelp writes the group's help
                // to stderr; `--help` and `--version` write to stdout.
                if words.count == 1, CommandTable.groups[words[0]] != nil {
                    context.err(error.message + "\n")
                } else {
                    context.out(error.message + "\n")
                }
                status = 0
            } else {
                status = context.fail(error)
            }
        case .success(let (entry, rest)):
            status = runCommand(entry, rest, context: &context)
        }
        var output = context.output
        output.status = status
        if let file = context.stdoutFile { output.stdoutFile = file }
        return output
    }

    /// Runs the command `entry` with the words after its path, in `context`; returns its status.
    /// (Not inlined: here the entry is a borrowed parameter, and its spec is read in place; read
    /// from the entry as `resolve`'s result holds it, the spec was copied, a retain and a
    /// release of each of its strings and arrays.)
    @inline(never)
    func runCommand(_ entry: CommandTable.Entry, _ rest: [String], context: inout CommandContext) -> Int32 {
        context.invokedAs = entry.spec.path
        do {
            let args = try FlagParser.parse(rest, spec: entry.spec)
            if args.helpRequested {
                context.out(Help.text(for: entry.spec))
                return 0
            } else {
                // All or nothing: a command that fails undoes what it did, but for the work
                // docker itself keeps (`run`'s pull and create, a failed start) and for
                // commands done argument by argument. Only those that undo keep a snapshot:
                // a snapshot held while the command runs makes each table it changes copy.
                let policy = Self.failurePolicy(entry.name)
                let perArgument = policy.argumentByArgument && args.operands.count > 1
                let atomic =
                    !perArgument && policy.changesOnlyAfterChecks && context.engine.isSettledUntilAdvanced()
                let snapshot = policy.keepsPartialWork || perArgument || atomic ? nil : context.engine
                let eventsBefore = atomic ? context.engine.storageEvents : nil
                do {
                    return try entry.type.run(args, &context)
                } catch {
                    if let snapshot {
                        let events = context.engine.storageEvents
                        context.engine = snapshot
                        context.engine.keepStorageEvents(events)  // a refusal is what happened
                    } else if let eventsBefore {
                        context.engine.undoStorageEvents(to: eventsBefore)  // as a snapshot's restore
                    }
                    return context.fail(error)
                }
            }
        } catch {
            return context.fail(error)
        }
    }

    // MARK: - record

    /// `record start FILE` / `record stop`: record the session as a transcript.
    private func recordCommand(_ args: [String], engine: Engine, output: inout CommandOutput) -> Int32 {
        let say = { (es: String, en: String) in self.language == .es ? es : en }
        guard allowsHostFiles else {
            output.write(
                say(
                    "dockersim: record escribe en tu ordenador: solo desde la sesión de dockersim, no desde una lección, una transcripción o una entrega\n",
                    "dockersim: record writes to your computer: only from dockersim's own session, not from a lesson, a transcript or a submission\n"
                ), to: .stderr)
            return 1
        }
        switch (args.first, args.count) {
        case ("start", 2):
            do {
                try beginRecording(to: args[1], engine: engine)
            } catch {
                output.write(
                    say("dockersim: no se puede grabar: ", "dockersim: cannot record: ") + error.text(language) + "\n",
                    to: .stderr)
                return 1
            }
            output.write(
                say(
                    "dockersim: grabando en \(args[1]) (record stop: terminar)\n",
                    "dockersim: recording to \(args[1]) (record stop: stop)\n"), to: .stderr)
            return 0
        case ("stop", 1):
            do {
                guard let path = try stopRecording(engine: engine) else {
                    output.write(say("dockersim: no se está grabando\n", "dockersim: not recording\n"), to: .stderr)
                    return 1
                }
                output.write(
                    say("dockersim: transcripción guardada en \(path)\n", "dockersim: transcript saved to \(path)\n"),
                    to: .stderr)
                return 0
            } catch {
                output.write(
                    say("dockersim: no se pudo escribir: ", "dockersim: could not write: ") + error.text(language)
                        + "\n",
                    to: .stderr)
                return 1
            }
        default:
            output.write("usage: record start FILE | record stop\n", to: .stderr)
            return 2
        }
    }
}
