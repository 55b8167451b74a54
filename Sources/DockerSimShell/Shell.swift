import DockerSimCore

/// What a line run in a shell printed, and whether the shell ended.
public struct ShellResult: Equatable, Sendable {
    /// Both streams in the order they were written (with terminal events such as a pull's
    /// progress), as a terminal shows them.
    public var output = CommandOutput()
    public var status: Int32 = 0
    /// Set when the line ended the shell (`exit`): its exit status.
    public var exited: Int32?
    /// Bytes written so far (for the output cap).
    private var written = 0
    /// The language of the output cap's note (the engine's, when the shell makes the result).
    public var language = Language.en

    public init() {}

    /// An empty result whose output cap note is in `language`.
    public init(language: Language) { self.language = language }

    public var stdout: String { output.stdout }
    public var stderr: String { output.stderr }
    /// Both streams in the order they were written, as a terminal shows them.
    public var combined: String { output.text }

    /// Appends to stdout (nothing more once ``Limits/outputBytes`` have been printed).
    public mutating func out(_ text: String) {
        guard fits(text) else { return }
        output.write(text, to: .stdout)
    }

    /// Appends to stderr (nothing more once ``Limits/outputBytes`` have been printed).
    public mutating func err(_ text: String) {
        guard fits(text) else { return }
        output.write(text, to: .stderr)
    }

    /// Appends what a command printed, in its order, events included (up to the output cap).
    public mutating func append(_ other: CommandOutput) {
        for chunk in other.chunks {
            guard fits(chunk.text) else { return }
            if let event = chunk.event {
                output.emit(event, text: chunk.text, to: chunk.stream)
            } else {
                output.write(chunk.text, to: chunk.stream)
            }
        }
    }

    /// True once output was dropped at the cap.
    public private(set) var outputCut = false

    /// Whether `text` still fits under the output cap; the first time it does not, notes the cut.
    private mutating func fits(_ text: String) -> Bool {
        // The two fields read, not the whole `Limits` copied (a retain of each of its texts).
        guard !outputCut else { return false }
        let size = text.utf8.count
        guard written + size > Limits.standard.outputBytes else {
            written += size
            return true
        }
        outputCut = true
        output.write(Limits.standard.outputCut.text(language), to: .stderr)
        return false
    }
}

/// A bash process: its working directory, variables, history and last status.
///
/// In a container it reads and writes the container's copy-on-write file system through the
/// engine, so everything it does shows in `docker diff` and `docker ps -s`. On the host it
/// works on the simulated host folder (``Engine/host``), never on the real disk, and runs the
/// commands a ``ShellCommandProvider`` gives it (`docker`, dockersim's own).
public struct Shell: Sendable {
    /// Where a shell runs.
    public enum Machine: Sendable, Equatable {
        case container(String)
        /// The student's own computer, simulated: the host prompt.
        case host
    }

    public let machine: Machine
    /// The container the shell runs in ("" on the host).
    public var containerID: String {
        if case .container(let id) = machine { return id }
        return ""
    }
    public internal(set) var cwd: [String]
    public internal(set) var env: [String: String]
    public internal(set) var lastStatus: Int32 = 0
    /// The lines typed in this session (bash appends them to `~/.bash_history` on exit).
    public internal(set) var sessionHistory: [String] = []
    /// The history bash loaded at start (`~/.bash_history`).
    public internal(set) var loadedHistory: [String] = []
    /// Whether this is an interactive shell with history (bash on a terminal).
    public internal(set) var interactive: Bool
    /// Whether the shell's output goes to a terminal (`ls` prints columns).
    public let terminal: Bool
    /// While it runs as a program on the clock, `sleep` suspends it instead of moving the clock.
    var suspendsOnSleep = false
    /// Aliases (`alias ps='docker ps'`): a command's first word, unquoted, is replaced by these words.
    public var aliases: [String: [String]] = [:]
    /// Physical lines read so far (bash's line numbers in its warnings).
    public internal(set) var linesRead = 0
    /// A program this shell started that now takes the terminal (the MariaDB monitor): the
    /// session takes it (``takeStartedClient()``) and gives it the lines typed.
    public internal(set) var startedClient: SQLClient? {
        get { startedClientBox?.client }
        set { startedClientBox = newValue.map(StartedClient.init) }
    }
    /// ``startedClient`` behind one reference: the client's 270 bytes inline made the shell
    /// twice as large (moved whole wherever a shell is made or handed on), and the session's
    /// check for one after every host line copied them out.
    var startedClientBox: StartedClient?

    /// The box of ``startedClient``.
    final class StartedClient: Sendable {
        let client: SQLClient
        init(_ client: SQLClient) { self.client = client }
    }

    /// The program that took the terminal, once.
    public mutating func takeStartedClient() -> SQLClient? {
        guard let box = startedClientBox else { return nil }
        startedClientBox = nil
        return box.client
    }

    /// Sets `$?` (Ctrl-C at the prompt leaves 130).
    public mutating func setStatus(_ status: Int32) { lastStatus = status }
    /// How many `$( )` this shell runs inside (0 for the shell itself): past
    /// ``Limits/substitutionDepth`` the line stops.
    var substitutionDepth = 0
    /// How many subshells (`( … )`, elements of a pipeline) this shell runs inside: `exit`
    /// there ends only the subshell, and an interactive shell's "exit" is not printed.
    var subshellDepth = 0
    /// Which shell this is, for its error texts and exit codes (see ``Flavor``).
    public var flavor: Flavor = .bash
    /// The positional parameters (`$1`…, `$#`, `"$@"`): a function's arguments while it runs,
    /// a script's, or what `set --` set.
    var positional: [String] = []
    /// The functions defined (`f() { …; }`), by name.
    var functions: [String: ShellFunction] = [:]
    /// The line of the command running (``ShellScript/SimpleCommand/line``): what a
    /// non-interactive shell's errors say (`bash: line 2: nosuch: command not found`).
    var lineNumber = 1
    /// What the functions this shell defines name as their source in their errors, as bash's
    /// `BASH_SOURCE`: `environment` for `bash -c`'s text, `main` for a script read from stdin,
    /// the script's name for a file.
    var sourceName = "environment"
    /// The line number of the first line of this shell's `-c` text (``ProgramSpec/commandStringFirstLine``:
    /// 0 in bash before 5.1, whose errors on that line then name no line).
    var commandStringFirstLine = 1
    /// `$0`: the script's name as it was run (`./backup.sh`), `sh -c`'s NAME; nil: the shell's.
    var commandName: String?
    /// What `set -e`, `-u`, `-x`, `-o pipefail` turned on.
    var options = ShellOptions()
    /// Set by the executor before a command runs where `set -e` is ignored (an `if`'s test, a
    /// `while`'s condition, before `&&`/`||`, after `!`): a function called there ignores it too.
    var errexitIgnored = false
    /// The first expansion that failed in the words being expanded: a variable unset while
    /// `set -u` is on, a `bad substitution`, `${x:?…}`.
    var expansionError: ExpansionError?
    /// What the `$( )` expanded since the last command wrote to stderr: it reaches the
    /// terminal before the command's own output.
    var substitutionErrors = ""
    /// The loops around the command running now, in this function or `( … )` (`break N`).
    var loopLevel = 0
    /// The functions running (innermost last), each with what its `local`s were before it.
    var localScopes: [LocalScope] = []

    /// The shells dockersim's one shell stands for. They run the same language; they differ in
    /// what their errors say: bash (`bash: foo: command not found`), dash run as `/bin/sh -c` (a
    /// Debian RUN: `/bin/sh: 1: foo: not found`), and BusyBox's ash, alpine's only shell
    /// (`/bin/sh: foo: not found`, its applets' `cat: can't open 'x': …`). The name is the
    /// `argv[0]` the shell was started as, which starts its messages.
    public enum Flavor: Sendable, Equatable {
        case bash
        case dash(String)
        /// ash; `script` is true when it runs `-c TEXT` (its builtins' errors then say `line N:`).
        case ash(String, script: Bool)

        /// Whether this is dash (POSIX's parameter operators only).
        var isDash: Bool { if case .dash = self { true } else { false } }
    }

    /// Whether the shell is BusyBox's ash (and the programs are BusyBox's applets).
    public var isBusyBox: Bool {
        if case .ash = flavor { return true }
        return false
    }

    /// Kept for callers of the dash flavor: the name a dash `/bin/sh -c` runs as, or nil.
    public var scriptName: String? {
        get {
            if case .dash(let name) = flavor { return name }
            return nil
        }
        set { flavor = newValue.map { .dash($0) } ?? .bash }
    }

    /// How a builtin's error starts: `bash: cd: `, dash's `/bin/sh: 1: cd: `, ash's
    /// `/bin/sh: cd: ` (`/bin/sh: cd: line 1: ` in a script).
    func builtinErrorPrefix(_ builtin: String) -> String {
        switch flavor {
        case .bash: "\(bashErrorStart)\(builtin): "
        case .dash(let name): dashErrorStart(name) + "\(builtin): "
        case .ash(let name, let script): "\(name): \(builtin): " + (script ? "line \(lineNumber): " : "")
        }
    }

    /// How bash's own errors start (its `error.c`'s `get_name_for_error` and `line N:`): `bash: `
    /// in an interactive shell; in a script or `bash -c`, the name it runs as and the command's
    /// line (`s.sh: line 3: `), inside a function the name of where the function was defined
    /// (`environment: line 1: ` for one defined in `bash -c`'s text).
    var bashErrorStart: String {
        if interactive { return "bash: " }
        let name = localScopes.last?.source ?? commandName ?? "bash"
        return lineNumber > 0 ? "\(name): line \(lineNumber): " : "\(name): "
    }

    /// bash's error for a command whose words expand past dockersim's cap, and dockersim's note.
    /// (Apart from `runSimple`, whose stack frame each `$( )` level pays.)
    @inline(never)
    func argumentListTooLong(_ name: String?, engine: borrowing Engine) -> String {
        "\(bashErrorStart)\(name ?? "bash"): Argument list too long\n"
            + engine.limits.expansionTooLarge.text(engine.language)
    }

    /// How dash's errors start: its name and the command's line (`/bin/sh: 2: `).
    func dashErrorStart(_ name: String) -> String { "\(name): \(lineNumber): " }

    /// Starts a shell in a container: working directory from the container, history loaded
    /// from `/root/.bash_history` when interactive.
    /// (The engine is borrowed: an initializer's parameter is otherwise the caller's copy of it.)
    public init(containerID: String, engine: borrowing Engine, interactive: Bool, terminal: Bool) {
        self.init(
            containerID: containerID, engine: engine, interactive: interactive, terminal: terminal, decidesFlavor: true)
    }

    /// Starts a shell in a container whose bash its caller has just found as a file
    /// (`foundBash`): it is bash without looking for it again (``isAshOnly(_:engine:)`` would
    /// find that file first); without, as ``init(containerID:engine:interactive:terminal:)``.
    public init(containerID: String, engine: borrowing Engine, interactive: Bool, terminal: Bool, foundBash: Bool) {
        self.init(
            containerID: containerID, engine: engine, interactive: interactive, terminal: terminal,
            decidesFlavor: !foundBash)
    }

    /// ``init(containerID:engine:interactive:terminal:foundBash:)`` with the engine borrowed
    /// through `inout`: a caller holding the engine as an `inout` parameter (the session's
    /// `docker` command) otherwise copies the whole engine struct to pass it (a retain of each
    /// of its tables, then a release). The same shell.
    public init(containerID: String, in engine: inout Engine, interactive: Bool, terminal: Bool, foundBash: Bool) {
        self.init(
            containerID: containerID, engine: engine, interactive: interactive, terminal: terminal,
            decidesFlavor: !foundBash)
    }

    /// A shell in a container; with `decidesFlavor` false it stays bash until
    /// ``decideFlavor(engine:)`` (a main process whose shell may never run a line).
    init(containerID: String, engine: borrowing Engine, interactive: Bool, terminal: Bool, decidesFlavor: Bool) {
        self.machine = .container(containerID)
        self.interactive = interactive
        self.terminal = terminal
        let container = engine.containers[containerID]
        // The settings read where the container's box holds them (a copy of them retained and
        // released each of their strings and arrays).
        let (workingDir, hostname, variables) =
            container?.withConfig { config in (config.workingDir, config.hostname, config.env) } ?? ("/", "", [])
        cwd = ContainerRuntime.workingDirectory(workingDir)
        // Sized once for what goes in (nothing iterates it unsorted: `env` prints it sorted).
        var env: [String: String] = Dictionary(minimumCapacity: 4 + variables.count)
        env["HOME"] = "/root"
        env["HOSTNAME"] = hostname
        env["PWD"] = cwd.isEmpty ? "/" : FilePath.string(cwd)
        for pair in variables {
            // Split at the first `=` byte (the usual pair: `PATH=/usr/local/sbin:…`) when ASCII
            // bytes surround it; else `=` may not be a character of its own (a combining mark
            // after it), and the split by characters below decides.
            let bytes = pair.utf8
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                let after = bytes.index(after: equals)
                if (after == bytes.endIndex || bytes[after] < 0x80)
                    && (equals == bytes.startIndex || bytes[bytes.index(before: equals)] < 0x80)
                {
                    env[String(pair[..<equals])] = String(pair[after...])
                    continue
                }
            }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
        }
        if terminal { env["TERM"] = "xterm" }
        // What the flavour and the history need is read first and the fields are set last (set
        // by a mutating call in between, the whole shell was copied out and destroyed).
        var ashOnly = false
        if decidesFlavor { ashOnly = Self.isAshOnly(containerID, engine: engine) }
        var history: [String] = []
        if interactive,
            let text = try? container?.withFS({ fs throws(FSError) in try fs.read("/root/.bash_history", cwd: []) })
                .text
        {
            history = text.split(separator: "\n").map(String.init)
        }
        self.env = env
        if ashOnly { flavor = .ash("/bin/sh", script: false) }
        loadedHistory = history
    }

    /// Makes the shell BusyBox's ash when that is the container's only shell (see ``isAshOnly(_:engine:)``).
    mutating func decideFlavor(engine: Engine) {
        if Self.isAshOnly(containerID, engine: engine) { flavor = .ash("/bin/sh", script: false) }
    }

    /// The user on the host (`usuario`, uid 1000) and their home.
    public static let hostUser = "usuario"
    public static let hostHome = "/home/usuario"

    /// The student's shell on the simulated host: in the host's working directory, with the
    /// user's environment.
    public init(hostOf engine: Engine) {
        machine = .host
        interactive = true
        terminal = true
        cwd = engine.hostCwd
        env = [
            "HOME": Self.hostHome, "USER": Self.hostUser, "LOGNAME": Self.hostUser, "SHELL": "/bin/bash",
            "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games", "PWD": FilePath.string(engine.hostCwd),
            "TERM": "xterm-256color", "LANG": "C.UTF-8",
        ]
    }

    /// Puts the host shell in the host's working directory (after the engine was restored).
    public mutating func follow(_ engine: Engine) {
        guard machine == .host, cwd != engine.hostCwd else { return }
        cwd = engine.hostCwd
        env["PWD"] = FilePath.string(cwd)
    }

    /// The file system the shell works on: its container's, or the host's.
    func fileSystem(_ engine: Engine) -> ContainerFS? {
        switch machine {
        case .container(let id): engine.containers[id]?.fs
        case .host: engine.host
        }
    }

    /// Changes the file system the shell works on (within the engine's disk caps).
    func withFileSystem<R>(
        _ engine: inout Engine, _ body: (inout ContainerFS) throws(FSError) -> R
    ) throws(FSError) -> R {
        switch machine {
        case .container(let id): return try engine.withFileSystem(id, body)
        case .host:
            return try engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in try body(&fs) }
        }
    }

    /// The prompt bash shows (`PS1='\u@\h:\w\$ '`): `root@0f9e8d7c6b5a:/# `, `~` for /root;
    /// in an image whose shell is BusyBox's ash and has no bash (alpine), ash's `\w # `: `/ # `.
    ///
    /// Which of the two is decided once, when the shell starts (its ``flavor``): the shell that
    /// runs keeps its prompt, as ash does when bash is installed next to it.
    public func prompt(engine: Engine) -> String {
        if case .ash(_, script: false) = flavor { return "\(displayCwd) # " }
        let host = engine.containers[containerID]?.config.hostname ?? "localhost"
        // Appended into one reserved string (what the interpolation makes, without its growth).
        let cwdText = displayCwd
        var prompt = "root@"
        prompt.reserveCapacity(9 + host.utf8.count + cwdText.utf8.count)
        prompt += host
        prompt += ":"
        prompt += cwdText
        prompt += "# "
        return prompt
    }

    /// Whether the container's shell is ash (the catalog says so of `/bin/sh`) and it has no bash.
    /// A bash found first answers at once (Debian and Ubuntu images have one): the catalog's
    /// look-up of `/bin/sh`, through its links and the image's layers, is only needed without it.
    static func isAshOnly(_ containerID: String, engine: Engine) -> Bool {
        guard let fs = engine.containers[containerID]?.fs,
            (try? fs.stat("/usr/bin/bash", cwd: [])) == nil, (try? fs.stat("/bin/bash", cwd: [])) == nil
        else { return false }
        return engine.program("/bin/sh", in: containerID)?.spec.shellName == "ash"
    }

    /// `\w`: the working directory with `$HOME` shown as `~`.
    public var displayCwd: String {
        let home = env["HOME"] ?? "/root"
        if cwd.isEmpty {
            // `/`, as below without joining: `~` when it is `$HOME`, `~/` for an empty `$HOME`.
            if home == "/" { return "~" }
            return home.isEmpty ? "~/" : "/"
        }
        let path = FilePath.string(cwd)
        if path == home { return "~" }
        if home != "/" && path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    /// Runs one line typed at the prompt (recorded in history as bash does).
    public mutating func run(line: String, engine: inout Engine) -> ShellResult {
        if interactive { record(line) }
        return execute(line, engine: &engine)
    }

    /// Runs text typed at the prompt (one or more lines, whole: see ``ShellParser/needsMore(_:)``)
    /// and records it in the history. Returns what it printed and, when a command waits for the
    /// terminal (`docker run -it`, a `[y/N]` question), the rest of the text to resume later.
    public mutating func runTyped(
        _ text: String, engine: inout Engine, provider: (any ShellCommandProvider)? = nil
    ) -> (result: ShellResult, waiting: Executor?) {
        if interactive { record(text) }
        loopLevel = 0
        let firstLine = linesRead + 1
        linesRead += Self.lineCount(text)
        var result = ShellResult()
        result.language = engine.language
        let parsed: ShellParser.Parsed
        do {
            parsed = try ShellParser.parse(
                text, final: true, firstLine: firstLine, maxNesting: engine.limits.shellNesting,
                conditionals: flavor == .bash)
        } catch {
            fail(error, into: &result)
            return (result, nil)
        }
        for warning in parsed.warnings { result.err(warning + "\n") }
        let executor = Executor(parsed.node)
        return resume(executor, engine: &engine, provider: provider, into: result)
    }

    /// How many lines `text` is, as `split(separator: "\n", omittingEmptySubsequences: false)`
    /// counts them: newline bytes plus one, when there is no carriage return (`\r\n` is one
    /// character, not a newline, for the character-level count, which is kept for such text).
    static func lineCount(_ text: String) -> Int {
        // One pass over the bytes, read in place (a native string's usual case).
        let counted = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var count = 1
            for byte in bytes {
                if byte == 0x0A { count += 1 } else if byte == 0x0D { return nil }
            }
            return count
        }
        if let counted, let counted { return counted }
        if text.utf8.contains(0x0D) { return text.split(separator: "\n", omittingEmptySubsequences: false).count }
        var count = 1
        for byte in text.utf8 where byte == 0x0A { count += 1 }
        return count
    }

    /// Goes on with text that waited for the terminal (see ``runTyped(_:engine:provider:)``),
    /// with `$?` set to `status` (what the wait ended with).
    public mutating func resume(
        _ waiting: consuming Executor, status: Int32, engine: inout Engine, provider: (any ShellCommandProvider)? = nil
    ) -> (result: ShellResult, waiting: Executor?) {
        lastStatus = status
        return resume(waiting, engine: &engine, provider: provider, into: ShellResult(language: engine.language))
    }

    /// (`waiting` and `start` are taken, not copied: each is a dozen references.)
    private mutating func resume(
        _ waiting: consuming Executor, engine: inout Engine, provider: (any ShellCommandProvider)?,
        into start: consuming ShellResult
    ) -> (result: ShellResult, waiting: Executor?) {
        let ownsLine = engine.meter.beginLine()
        defer { if ownsLine { engine.meter.endLine() } }
        var result = start
        var executor = waiting
        let outcome = executor.run(&self, engine: &engine, mode: .foreground, into: &result, provider: provider)
        var next: Executor?
        switch outcome {
        case .exited(let code): result.exited = code
        case .stopped:
            if !engine.meter.reported {
                engine.meter.reported = true
                engine.meter.charge(limits: engine.limits)  // a Ctrl-C becomes the reason
                result.err(
                    (engine.meter.stoppedByNesting ? "" : "^C\n")
                        + engine.meter.note(engine.limits, language: engine.language))
            }
            lastStatus = engine.meter.status
        case .waiting: next = executor
        default: break
        }
        result.status = lastStatus
        return (result, next)
    }

    /// Runs a command line without recording it (`bash -c`, one-shot commands), to the end:
    /// `sleep` moves the clock. The line runs under its budget (``Engine/meter``, shared with the
    /// line that runs it, if any): a loop that would run for ever, too much data, `$( )` too deep
    /// or Ctrl-C stops it, with `^C` and dockersim's note, once, and status 130 (2 for nesting).
    /// `firstLine` is the line number of the text's first line (a `$( )`'s, in its command's).
    public mutating func execute(
        _ line: String, engine: inout Engine, provider: (any ShellCommandProvider)? = nil, firstLine: Int? = nil
    ) -> ShellResult {
        let ownsLine = engine.meter.beginLine()
        defer { if ownsLine { engine.meter.endLine() } }
        var result = ShellResult()
        result.language = engine.language
        guard let node = parseToRun(line, firstLine: firstLine ?? commandStringFirstLine, engine: engine, into: &result)
        else { return result }
        var executor = Executor(node)
        executor.canWait = false
        let outcome = executor.run(&self, engine: &engine, mode: .foreground, into: &result, provider: provider)
        switch outcome {
        case .exited(let code): result.exited = code
        case .stopped:
            // A `$( )` leaves the telling to the line it is part of; the note comes once.
            if substitutionDepth == 0 && !engine.meter.reported {
                engine.meter.reported = true
                engine.meter.charge(limits: engine.limits)  // a Ctrl-C becomes the reason
                result.err(
                    (engine.meter.stoppedByNesting ? "" : "^C\n")
                        + engine.meter.note(engine.limits, language: engine.language))
            }
            lastStatus = engine.meter.status
        default: break
        }
        result.status = lastStatus
        return result
    }

    /// What ``execute(_:engine:provider:firstLine:)`` runs of `text`, with bash's warnings about
    /// it in `result`; nil when it does not parse (the error in `result`). Apart from `execute`,
    /// whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func parseToRun(
        _ text: String, firstLine: Int, engine: borrowing Engine, into result: inout ShellResult
    ) -> ShellNode? {
        let parsed: ShellParser.Parsed
        do {
            parsed = try ShellParser.parse(
                text, final: true, firstLine: firstLine, maxNesting: engine.limits.shellNesting,
                conditionals: flavor == .bash)
        } catch {
            guard let stopping = scriptNode(text, engine: engine) else {
                fail(error, into: &result)
                return nil
            }
            return stopping
        }
        for warning in parsed.warnings {
            if let text = scriptWarning(warning, text: text) { result.err(text + "\n") }
        }
        return parsed.node
    }

    /// A warning of bash's about `text` (`bash: warning: here-document at line 1 delimited by
    /// end-of-file …`) as this shell prints it: a script's bash with its name and last line
    /// (`bash: line 2: warning: …`); dash prints none.
    func scriptWarning(_ warning: String, text: String) -> String? {
        if case .dash = flavor { return nil }
        guard !interactive, flavor == .bash, warning.hasPrefix("bash: ") else { return warning }
        return "\(commandName ?? "bash"): line \(Self.lineCount(text)): " + warning.dropFirst(6)
    }

    /// What a non-interactive shell runs for a text that does not parse, as bash and dash read a
    /// script one command at a time: the whole commands before the failing one, then the error
    /// in the shell's words with its line (`bash: -c: line 2: syntax error near unexpected token
    /// `fi'` and the line itself; dash's `sh: 2: Syntax error: "fi" unexpected`), and exit 2.
    /// Nil at the prompt, and for errors worded as there (`[[ … ]]`'s, BusyBox ash's).
    func scriptNode(_ text: String, engine: borrowing Engine) -> ShellNode? {
        guard !interactive,
            let found = ShellParser.scriptError(
                text, maxNesting: engine.limits.shellNesting, conditionals: flavor == .bash)
        else { return nil }
        let message: String
        switch flavor {
        case .bash:
            guard let text = found.error.scriptText else { return nil }
            // `-c: ` for `bash -c`'s text (its functions' source is `environment`), whose lines
            // older bash counts from 0.
            let commandString = sourceName == "environment"
            let line = found.line - 1 + (commandString ? commandStringFirstLine : 1)
            let start = "\(commandName ?? "bash"): " + (commandString ? "-c: " : "") + "line \(line): "
            var lines = start + text + "\n"
            if case .unexpectedToken = found.error { lines += start + "`\(found.lineText)'\n" }
            message = lines
        case .dash(let name):
            guard let text = found.error.dashText else { return nil }
            message = "\(name): \(found.dashLine): Syntax error: \(text)\n"
        case .ash:
            return nil
        }
        let failure = ShellNode.syntaxError(message)
        guard
            let before = try? ShellParser.parse(
                found.runnable, maxNesting: engine.limits.shellNesting, conditionals: flavor == .bash)
        else { return failure }
        return .list([.init(connector: .sequence, node: before), .init(connector: .sequence, node: failure)])
    }

    /// A text that does not parse: bash's message and status 2; an error in `[[ … ]]` leaves `$?`
    /// as it was (bash 5.2 drops the line without setting it), and may print nothing.
    mutating func fail(_ error: ShellSyntaxError, into result: inout ShellResult) {
        let message = error.message(result.language)
        if !message.isEmpty { result.err(message + "\n") }
        if case .conditional = error {
            result.status = lastStatus
            return
        }
        result.status = 2
        lastStatus = 2
    }

    /// bash's history rules with Ubuntu's `HISTCONTROL=ignoredups:ignorespace`.
    mutating func record(_ line: String) {
        // Blank (only spaces and tabs, read as bytes: any other character has another byte) or
        // starting with a space: not kept.
        guard !line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }), !line.hasPrefix(" ") else { return }
        if let last = sessionHistory.last ?? loadedHistory.last, last == line { return }
        sessionHistory.append(line)
    }

    /// What bash does on exit: appends the session's lines to `~/.bash_history` (creating it,
    /// and copying up `/root` into the writable layer). Nothing is written when nothing was typed.
    public func saveHistory(engine: inout Engine) {
        guard interactive, !sessionHistory.isEmpty else { return }
        // The lines' bytes, each with its newline, in one array made at its size.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sessionHistory.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in sessionHistory {
            bytes += line.utf8
            bytes.append(0x0A)
        }
        let time = engine.now.seconds
        guard case .container(let id) = machine else { return }
        _ = try? engine.withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
            try fs.write("/root/.bash_history", cwd: [], bytes: bytes, append: true, mtime: time)
        }
    }

    // MARK: - Simple commands

    /// How a simple command is connected.
    struct Wiring {
        var stdin = ""
        /// stdin is the terminal (not a pipe, a file or a here-document).
        var stdinIsTerminal = true
        /// stdout goes into a pipe.
        var piped = false
        /// The command may wait for the terminal (only at the top of a typed line).
        var canWait = false
        var provider: (any ShellCommandProvider)?
        /// A function the command calls is left to the executor (``CommandIO/call``), which runs
        /// its body in its own frames: a container's main process may sleep inside it.
        var inlineFunctions = false
    }

    /// Runs one simple command with `stdin`; applies its redirections. `exit` sets `io.exit`.
    mutating func runSimple(
        _ command: ShellScript.SimpleCommand, stdin: String, engine: inout Engine,
        piped: Bool = false
    ) -> CommandIO {
        runSimple(command, wiring: Wiring(stdin: stdin, stdinIsTerminal: false, piped: piped), engine: &engine)
    }

    mutating func runSimple(_ command: ShellScript.SimpleCommand, wiring: Wiring, engine: inout Engine) -> CommandIO {
        var io = CommandIO()
        runSimple(command, wiring: wiring, engine: &engine, into: &io)
        return io
    }

    /// ``runSimple(_:wiring:engine:)`` written into `io`, a new `CommandIO()` of the caller's: the
    /// executor's usual step (returned, the value was copied to the caller's and destroyed, a
    /// retain and a release of each of its strings).
    mutating func runSimple(
        _ command: ShellScript.SimpleCommand, wiring: Wiring, engine: inout Engine, into io: inout CommandIO
    ) {
        lineNumber = command.line
        io.stdin = wiring.stdin
        io.stdinIsTerminal = wiring.stdinIsTerminal
        io.canWait = wiring.canWait && !wiring.piped
        io.provider = wiring.provider
        io.language = wiring.provider?.language ?? engine.language
        io.stdoutIsTerminal =
            terminal && !wiring.piped
            && !command.redirections.contains {
                $0.kind == .write || $0.kind == .append || $0.kind == .errorToOutput || $0.kind == .outputToError
                    || $0.kind == .writeBoth
            }
        guard let words = expandWords(command.words, provider: wiring.provider, io: &io, engine: &engine) else {
            return
        }
        runExpanded(command, words, wiring: wiring, io: &io, engine: &engine)
    }

    /// The rest of ``runSimple(_:wiring:engine:)`` once its words are expanded: assignments,
    /// redirections, the command, `set -x`'s trace. Apart from it: the frame of what runs while
    /// the words expand (each `$( )` level) stays small.
    @inline(never)
    mutating func runExpanded(
        _ command: ShellScript.SimpleCommand, _ words: [String], wiring: Wiring, io: inout CommandIO,
        engine: inout Engine
    ) {
        // A `$( )` in the words was stopped (too deep, a loop, Ctrl-C): the command does not run.
        if engine.meter.isStopped {
            io.status = engine.meter.status
            lastStatus = io.status
            return
        }
        if words.isEmpty {
            assign(command.assignments, io: &io, engine: &engine)
            return
        }
        let trace =
            substitutionErrors.isEmpty && expansionError == nil && !options.xtrace ? nil : prologue(words, io: &io)
        if io.exit != nil || io.control != nil { return }
        if !command.redirections.isEmpty, !redirectInput(command.redirections, io: &io, engine: &engine) { return }
        var saved: [String: String?] = [:]
        for (name, value) in command.assignments {
            saved[name] = env[name]
            env[name] = expand(value, engine: &engine, provider: io.provider)
        }
        if !functions.isEmpty, functions[words[0]] != nil {
            if callsFunction(words, command, inline: wiring.inlineFunctions, io: &io, engine: &engine) { return }
        } else {
            io.status = dispatch(words, io: &io, engine: &engine)
        }
        for (name, value) in saved { env[name] = value }
        if !wiring.stdinIsTerminal {
            // What the command took of the stdin it shares with the next ones (`while read`):
            // `read` says; a program that reads its stdin takes it all; nothing from a file of
            // its own (`< FILE`, a here-document).
            let ownInput = command.redirections.contains {
                $0.kind == .read || $0.kind == .heredoc || $0.kind == .hereString
            }
            if ownInput {
                io.consumed = 0
            } else if io.consumed == nil {
                io.consumed = Self.readsStdin(words) ? wiring.stdin.utf8.count : 0
            }
        }
        if io.exit != nil { return }
        lastStatus = io.status
        redirectOutput(command.redirections, io: &io, engine: &engine)
        if let trace { traced(trace, io: &io) }
    }

    /// A simple command's words expanded (aliases, parameters, `$( )`, fields, patterns); nil
    /// when they expand past dockersim's cap (bash's error in `io`, status 126). Apart from
    /// ``runSimple(_:wiring:engine:)``, whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func expandWords(
        _ commandWords: [[ShellScript.WordPart]], provider: (any ShellCommandProvider)?, io: inout CommandIO,
        engine: inout Engine
    ) -> [String]? {
        var words: [String] = []
        words.reserveCapacity(commandWords.count + 2)
        var expanded = 0
        expansionError = nil
        for (index, word) in commandWords.enumerated() {
            if index == 0, let alias = aliasWords(word) {
                words += alias
                io.alias = ShellParser.plainText(word)
                continue
            }
            // The usual word: one literal, no `~` to expand and no pattern: itself, one field
            // (what ``expandFields(_:engine:provider:)`` and the pattern check give it).
            if word.count == 1, case .literal(let text) = word[0], Self.isPlainLiteral(text),
                expanded + text.utf8.count <= engine.limits.expansionBytes
            {
                expanded += text.utf8.count
                words.append(text)
                continue
            }
            let fields = expandFields(word, engine: &engine, provider: provider)
            expanded += fields.reduce(0) { $0 + $1.utf8.count }
            if expanded > engine.limits.expansionBytes {
                io.stderr += argumentListTooLong(words.first, engine: engine)
                io.status = 126
                lastStatus = 126
                return nil
            }
            // Pathname expansion of an unquoted `*`, `?` or `[` (a word no path matches stays).
            if Self.hasPattern(word) {
                for field in fields { words += glob(field, engine: engine) ?? [field] }
            } else {
                words += fields
            }
        }
        return words
    }

    /// A simple command's input redirections (`< FILE`, here-documents, `<<<`): its stdin.
    /// False (bash's error in `io`, status 1) when a file cannot be read. Apart from
    /// ``runSimple(_:wiring:engine:)``, whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func redirectInput(
        _ redirections: [ShellScript.Redirection], io: inout CommandIO, engine: inout Engine
    ) -> Bool {
        for redirection in redirections {
            switch redirection.kind {
            case .read:
                let path = expand(redirection.target, engine: &engine)
                do {
                    let content = try fileSystem(engine)?.read(path, cwd: cwd)
                    io.stdin = content?.text ?? ""
                    io.moved += io.stdin.utf8.count
                    io.stdinIsTerminal = false
                } catch {
                    io.stderr += "\(bashErrorStart)\(path): \(error.text)\n"
                    io.status = 1
                    lastStatus = 1
                    return false
                }
            case .heredoc:
                io.stdin = expand(redirection.target, engine: &engine)
                io.stdinIsTerminal = false
            case .hereString:
                io.stdin = expand(redirection.target, engine: &engine) + "\n"
                io.stdinIsTerminal = false
            default:
                break
            }
        }
        return true
    }

    /// A simple command's output redirections (`> f`, `2>> f`, `2>&1`, `&> f`), applied to
    /// what it printed: written to the files, or joined. Apart from ``runSimple(_:wiring:engine:)``,
    /// whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func redirectOutput(
        _ redirections: [ShellScript.Redirection], io: inout CommandIO, engine: inout Engine
    ) {
        var stdoutTarget: (String, Bool)?
        var stderrTarget: (String, Bool)?
        var errorToOutput = false
        var outputToError = false
        for redirection in redirections {
            let path: String
            switch redirection.kind {
            case .write, .append, .writeError, .appendError, .writeBoth:
                path = expand(redirection.target, engine: &engine)
            default: path = ""
            }
            switch redirection.kind {
            case .write: stdoutTarget = (path, false)
            case .append: stdoutTarget = (path, true)
            case .writeError: stderrTarget = (path, false)
            case .appendError: stderrTarget = (path, true)
            case .writeBoth:
                stdoutTarget = (path, false)
                stderrTarget = nil
                errorToOutput = true
            case .errorToOutput: errorToOutput = true
            case .outputToError: outputToError = true
            case .read, .heredoc, .hereString: continue
            }
            if redirection.kind != .errorToOutput && redirection.kind != .outputToError && path.isEmpty {
                io.stderr += "\(bashErrorStart): No such file or directory\n"
                io.status = 1
                lastStatus = 1
                io.chunks = nil
                return
            }
        }
        if stdoutTarget == nil && stderrTarget == nil && !errorToOutput && !outputToError { return }
        // Redirected: the streams are plain text from here on. Joined, they keep the order the
        // command wrote them in (`docker logs web 2>&1 | tail -1`: its last line, whichever stream).
        let inOrder = io.chunks?.text
        io.chunks = nil
        if errorToOutput {
            io.stdout = inOrder ?? io.stdout + io.stderr
            io.stderr = ""
        }
        if outputToError {
            io.stderr = inOrder ?? io.stdout + io.stderr
            io.stdout = ""
        }
        var printedOut = ""
        var printedErr = ""
        for (target, text, isError) in [(stdoutTarget, io.stdout, false), (stderrTarget, io.stderr, true)] {
            guard let (path, append) = target else {
                if isError { printedErr += text } else { printedOut += text }
                continue
            }
            // What the command made counts for the line's budget wherever it goes (a file,
            // /dev/null, a file too large to take it).
            io.moved += text.utf8.count
            if path == "/dev/null" { continue }
            let time = engine.now.seconds
            let cwd = self.cwd
            do {
                switch machine {
                case .container(let id):
                    // Past the file or disk caps nothing is written; an append grows the file in place.
                    try engine.writeFile(id, path: path, cwd: cwd, bytes: Array(text.utf8), append: append, mtime: time)
                case .host:
                    if let file = isError || append ? nil : io.stdoutFile {
                        try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                            try fs.write(path, cwd: cwd, bytes: Array(text.utf8), append: append, mtime: time)
                            try fs.replaceContent(path, cwd: cwd, with: file)
                        }
                    } else {
                        // Past the disk caps nothing is written; an append grows the file in place.
                        try engine.writeHostFile(path, cwd: cwd, bytes: Array(text.utf8), append: append, mtime: time)
                    }
                }
            } catch {
                printedErr += "\(bashErrorStart)\(path): \(error.text)\n"
                io.status = 1
                lastStatus = 1
            }
        }
        io.stdout = printedOut
        io.stderr = printedErr
    }

    /// Writes `text` to the file at the absolute `path` for a compound command's redirection
    /// (an empty `text` makes the file, or empties it without `append`); the error when it
    /// cannot be written.
    func writeRedirected(_ path: String, _ text: String, append: Bool, engine: inout Engine) -> FSError? {
        let time = engine.now.seconds
        do throws(FSError) {
            switch machine {
            case .container(let id):
                _ = try engine.writeFile(id, path: path, cwd: [], bytes: Array(text.utf8), append: append, mtime: time)
            case .host:
                try engine.writeHostFile(path, cwd: [], bytes: Array(text.utf8), append: append, mtime: time)
            }
            return nil
        } catch {
            return error
        }
    }

    /// The words an alias stands for, when `word` is an unquoted alias name.
    func aliasWords(_ word: [ShellScript.WordPart]) -> [String]? {
        guard !aliases.isEmpty, word.count == 1, case .literal(let name) = word[0] else { return nil }
        return aliases[name]
    }

    /// Whether a literal word part is its own only field: it does not start with `~` (expanded
    /// to `$HOME` in a word's first part) and has no `*`, `?` or `[` (a pattern). Read as bytes:
    /// those are ASCII, never part of another character's UTF-8.
    static func isPlainLiteral(_ text: String) -> Bool {
        func plain<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
            if bytes.first == 0x7E { return false }
            for byte in bytes where byte == 0x2A || byte == 0x3F || byte == 0x5B { return false }
            return true
        }
        // Read in place when the string has its bytes in one piece (nearly always).
        return text.utf8.withContiguousStorageIfAvailable { plain($0) } ?? plain(text.utf8)
    }

    /// Expands a word into the words bash makes of it: an expansion outside quotes is split
    /// at spaces, tabs and newlines (`$(docker ps -aq)` gives one word per line), and one that
    /// gives nothing makes no word at all.
    mutating func expandFields(
        _ parts: [ShellScript.WordPart], engine: inout Engine, provider: (any ShellCommandProvider)? = nil
    ) -> [String] {
        var fields: [String] = []
        var current = ""
        var started = false
        func flush() {
            if started { fields.append(current) }
            current = ""
            started = false
        }
        // `"$@"` is read as `""`, `$@`, `""`: those empty quotes make no field of their own, so
        // that no parameters make no word at all.
        let onlyParameters = parts.count > 1 && parts.allSatisfy(Self.isQuotedParametersPart)
        for (index, part) in parts.enumerated() {
            if onlyParameters, case .quoted = part { continue }
            // `"$@"`: each positional parameter a field of its own (none when there are none).
            if case .variable("@") = part, !positional.isEmpty {
                for (number, parameter) in positional.enumerated() {
                    if number > 0 { flush() }
                    current += parameter
                    started = true
                }
                continue
            }
            // `"${@:2}"` (not dash's): the parameters it keeps, each a field (none when none is).
            if case .variable(let text) = part, text.hasPrefix("@:"), !flavor.isDash {
                let kept = slice("@", String(text.dropFirst(2)), text: text, engine: &engine, provider: provider)
                for (number, parameter) in kept.enumerated() {
                    if number > 0 { flush() }
                    current += parameter
                    started = true
                }
                continue
            }
            guard case .splitting(let inner) = part else {
                if case .variable("@") = part { continue }
                current += expandPart(part, first: index == 0, engine: &engine, provider: provider)
                started = true
                continue
            }
            let text = expandPart(inner, first: false, engine: &engine, provider: provider)
            // Split as bash splits with the default IFS: at the bytes of space, tab and newline
            // (a `\r\n` ends a field with its `\r`, as in bash; by characters it was one).
            let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
            let pieces = text.utf8.split(whereSeparator: isBlank)
            if let first = text.utf8.first, isBlank(first) { flush() }
            for (number, piece) in pieces.enumerated() {
                if number > 0 { flush() }
                current += Substring(piece)
                started = true
            }
            if let last = text.utf8.last, isBlank(last), !pieces.isEmpty { flush() }
            // `x=$x$x` in a loop doubles: a word stops growing at the cap (the command then fails).
            if current.utf8.count > engine.limits.expansionBytes { break }
        }
        flush()
        return fields
    }

    /// Whether a word part is an empty quote or `$@`/`${@:…}` (see ``expandFields(_:engine:provider:)``).
    static func isQuotedParametersPart(_ part: ShellScript.WordPart) -> Bool {
        switch part {
        case .quoted(let text): text.isEmpty
        case .variable(let name): name == "@" || name.hasPrefix("@:")
        default: false
        }
    }

    /// Expands a word into one string (no splitting): variables, `$(…)` (run in a subshell),
    /// `$((…))`, `~`. For assignments, redirections and here-documents.
    mutating func expand(
        _ parts: [ShellScript.WordPart], engine: inout Engine, provider: (any ShellCommandProvider)? = nil
    ) -> String {
        var out = ""
        for (index, part) in parts.enumerated() {
            out += expandPart(part, first: index == 0, engine: &engine, provider: provider)
            // `x=$x$x` in a loop doubles: a word stops growing at the cap (the command then fails).
            if out.utf8.count > engine.limits.expansionBytes { break }
        }
        return out
    }

    private mutating func expandPart(
        _ part: ShellScript.WordPart, first: Bool, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        switch part {
        case .literal(let text):
            if first, text == "~" || text.hasPrefix("~/") { return (env["HOME"] ?? "/root") + text.dropFirst() }
            return text
        case .quoted(let text): return text
        case .variable(let name):
            guard Self.isParameterName(name) else { return expandParameter(name, engine: &engine, provider: provider) }
            if options.nounset { noteUnset(name) }
            return variable(name)
        case .command(let line):
            return substitute(line, engine: &engine, provider: provider)
        case .arithmetic(let expression):
            let expandedText = expand(ShellLexer.expandableParts(expression), engine: &engine, provider: provider)
            var evaluator = Arithmetic(expandedText, variables: env)
            return String(evaluator.evaluate())
        case .splitting(let inner):
            return expandPart(inner, first: false, engine: &engine, provider: provider)
        }
    }

    /// The value of `$name`.
    func variable(_ name: String) -> String {
        switch name {
        case "?": String(lastStatus)
        // dash 0.5.12 has no `$LINENO`.
        case "LINENO": if case .dash = flavor { env[name] ?? "" } else { String(lineNumber) }
        case "$": "1"
        case "#": String(positional.count)
        case "0": commandName ?? "bash"
        case "@", "*": positional.joined(separator: " ")
        default:
            if let first = name.utf8.first, first >= 0x30, first <= 0x39, let number = Int(name) {
                number >= 1 && number <= positional.count ? positional[number - 1] : ""
            } else {
                env[name] ?? ""
            }
        }
    }
}

/// The streams of one command.
struct CommandIO {
    var stdin = ""
    var stdout = ""
    var stderr = ""
    var status: Int32 = 0
    /// Whether stdin is the terminal (not a pipe, a file or a here-document).
    var stdinIsTerminal = false
    /// Whether what the command prints goes to the terminal (not a pipe or a file).
    var stdoutIsTerminal = false
    /// Whether the command may wait for the terminal (see ``ExternalCall/canWait``).
    var canWait = false
    /// Who runs the commands the shell does not have itself.
    var provider: (any ShellCommandProvider)?
    /// The language of dockersim's own texts: the provider's (the host's session), else the
    /// engine's (a container's shell, a clock-run process).
    var language = Language.en
    /// What an external command printed, both streams in order with their events: what the
    /// terminal shows when nothing redirects them.
    var chunks: CommandOutput?
    /// Set by an external command that now waits for the terminal.
    var waits = false
    /// The alias the command was typed as.
    var alias: String?
    /// Set by `exit`.
    var exit: Int32?
    /// Set by `sleep` when the shell runs as a program on the clock: suspend for this long.
    var suspend: Double?
    /// A container's main script reached a service of the catalog (`apache2ctl -D FOREGROUND`):
    /// the process becomes it (its words), as `exec` would.
    var execs: [String]?
    /// Bytes the command moved besides its streams (written to files, read with `<`), for the
    /// line's budget (``WorkMeter``).
    var moved = 0
    /// What `> FILE` writes instead of the stdout text (``CommandOutput/stdoutFile``).
    var stdoutFile: FileContent?
    /// The command runs as root (`sudo`).
    var asRoot = false
    /// The bytes of ``stdin`` the command took, when its stdin is shared with the commands
    /// after it (a compound command's): `read` sets it; else the shell decides after the command.
    var consumed: Int?
    /// Set by `break`, `continue` and `return`: what the executor does next.
    var control: ShellControl?
    /// A function to call, left to the executor (``Shell/Wiring/inlineFunctions``).
    var call: FunctionCall?
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
