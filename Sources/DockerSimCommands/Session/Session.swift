import DockerSimCore
import DockerSimShell

/// One student's simulator: the engine, the host shell and the container shell the terminal is
/// attached to.
///
/// Every line typed goes through ``handle(_:)`` (or ``step(_:)``, which also says when the
/// session ended): to the attached container's shell when there is one, else to the host shell
/// (`DockerSimShell` over the simulated host folder), where `docker` is one of the commands and
/// every docker verb is an alias of `docker VERB` (see ``hostAliases``). Nothing here touches a
/// terminal: the caller prints the returned output.
///
/// Its stored properties are not checked for exclusive access at run time
/// (`@exclusivity(unchecked)`; every access of a class's property was a checked one, ≈ 60
/// instructions, hundreds a line): a session is used from one thread, and no access to one of
/// them overlaps another. A line lends the engine and the host shell in place (`inout` on these
/// properties, ``runHost(_:final:)``): what runs meanwhile (the host shell's commands, the
/// session's `docker` and own commands, ``ShellCommandProvider``) works on what it was lent and
/// never reads ``engine`` or ``hostShell`` of the session itself. (They used to be swapped out
/// to a local and back: each swap moved the kilobyte engine struct three times.)
public final class Session {
    /// The simulated daemon. Set it only to restore a snapshot (lesson `undo`, `reset`).
    @exclusivity(unchecked) public var engine: Engine
    /// The shell the terminal is connected to, if any (kept in ``attachedBox``).
    public internal(set) var attached: Attachment? {
        get { attachedBox?.value }
        set { attachedBox = newValue.map(Boxed.init) }
    }
    /// ``attached``, behind one reference: an optional of the 500-byte attachment itself was
    /// copied whole to the stack to tell whether it is nil (every line asks), and the lines
    /// of its shell run on it in place (``shellLine(_:)``).
    @exclusivity(unchecked) var attachedBox: Boxed<Attachment>?
    /// The last command's exit status.
    @exclusivity(unchecked) public internal(set) var lastStatus: Int32 = 0
    /// The student's shell on the simulated host.
    @exclusivity(unchecked) public internal(set) var hostShell: Shell
    /// The language of dockersim's own texts (help, hints, its own errors).
    @exclusivity(unchecked) public var language: Language = .en
    /// The terminal's width in columns (`layers` fits its picture to it); 80 without a terminal.
    @exclusivity(unchecked) public var columns = 80
    /// `explain on`: after every line, what it did to storage (see `Session+Explain.swift`).
    @exclusivity(unchecked) public var explains = false
    /// The last line that was not one of dockersim's own commands, with the engine's storage
    /// events of it (what `explain` alone explains).
    @exclusivity(unchecked) var lastStorageRecord: (line: String, log: StorageEventLog)?
    /// Set while a line runs one of dockersim's own commands (`explain`, `layers`, `help`).
    @exclusivity(unchecked) var ranOwnCommand = false
    /// Set when the host shell ended (`exit`, end of input): the status dockersim ends with.
    @exclusivity(unchecked) public internal(set) var ended: Int32?

    /// A shell connected to the terminal.
    public struct Attachment: Sendable {
        public var shell: Shell
        /// True for the container's main process (`run -it`, `attach`); false for `exec -it`.
        public var isMain: Bool
        /// Whether the shell has a terminal (shows a prompt).
        public var tty: Bool
    }

    /// The MariaDB monitor, when it has the terminal (started by `docker exec -it DB mysql`, or
    /// typed in a shell): lines go to it until it ends. (Kept in ``clientBox``, as ``attached``
    /// in ``attachedBox``: the client is 270 bytes.)
    public internal(set) var client: SQLClient? {
        get { clientBox?.value }
        set { clientBox = newValue.map(Boxed.init) }
    }
    /// ``client``, behind one reference (see ``attachedBox``).
    @exclusivity(unchecked) var clientBox: Boxed<SQLClient>?
    /// Who started ``client``, to give the terminal back to when it ends.
    @exclusivity(unchecked) var clientOwner: ClientOwner = .hostLine

    /// Who a program that took the terminal gives it back to.
    enum ClientOwner: Sendable, Equatable {
        /// `docker exec -it CONTAINER mysql`: the exec ends with it, the host line goes on.
        case exec(String)
        /// Typed at the host prompt: the host line goes on.
        case hostLine
        /// Typed in the attached container's shell: its prompt comes back.
        case shell
    }

    /// Handlers offered every line before docker sees it (lesson commands, recording…), in order.
    @exclusivity(unchecked) public var plugins: [any SessionPlugin] = []

    /// A question the last command asked (`prune`'s `[y/N]`): the next line is its answer.
    @exclusivity(unchecked) public internal(set) var pendingConfirmation: Confirmation?

    /// The prompt shown before the line ``handleLine(_:)`` runs now (nil outside it): the
    /// container shell's line reads it instead of computing ``prompt`` again (nothing between
    /// the two changes what it shows).
    @exclusivity(unchecked) private var linePrompt: String?

    /// Lines typed so far of a command that is not whole yet (an open quote, a here-document):
    /// the prompt is bash's `> ` until it is.
    @exclusivity(unchecked) public internal(set) var pendingLines: [String] = []

    /// What ``pendingLines`` wait for, and how many lines they were when that was read: a line
    /// of a here-document's body is added without reading every pending line again.
    @exclusivity(unchecked) private var pendingWait: (continuation: ShellParser.Continuation, lines: Int)?

    /// The rest of a host line that waits for the terminal (`docker run -it ubuntu; echo $?`
    /// goes on when the container's shell ends; a `[y/N]` question when it is answered).
    @exclusivity(unchecked) var waiting: Executor?

    /// Every line handled since the start, with the time it was typed and what it printed.
    @exclusivity(unchecked) public internal(set) var log: [LoggedLine] = []

    /// The transcript being recorded, if any (`--record FILE`, `record start FILE`).
    @exclusivity(unchecked) public var recording: Recording?

    /// A question waiting for `y` or `N`, and what to do with the answer.
    public struct Confirmation {
        var proceed: (inout CommandContext) -> Int32 = { _ in 0 }
        /// Which answers go on (docker's prompts: `y` or `Y`; compose's survey also takes `yes`).
        var accepts: (String) -> Bool = { $0 == "y" || $0 == "Y" }
        /// Set when the command reads the line itself (`docker login`'s `Username: `): it gets
        /// the line as typed, whatever it is.
        var reader: LineRequest?

        init(proceed: @escaping (inout CommandContext) -> Int32) { self.proceed = proceed }
        init(reader: LineRequest) { self.reader = reader }

        /// Whether the terminal must not echo the answer (a password).
        public var isSecret: Bool { reader?.secret ?? false }
    }

    /// One line typed, as a transcript records it.
    public struct LoggedLine: Sendable {
        public var time: Timestamp
        /// The simulated time when the line had been handled.
        public var endTime: Timestamp
        /// `record start`/`record stop` themselves (not written to the transcript).
        public var isRecordingControl = false
        /// `$ ` on the host, bash's prompt in a container, `> ` for a line that continues a
        /// command, "" for an answer to a question.
        public var prompt: String
        public var line: String
        public var output: CommandOutput
        /// An answer typed without echo (a password): ``line`` is empty.
        public var isSecret = false
    }

    /// Whether lines may read or write files on the real computer (`record start FILE`). Only
    /// dockersim's own session, run by the user, sets it: a transcript, a lesson's lines or a
    /// submission replayed in a session of their own can never reach the host (RELIABILITY.md).
    @exclusivity(unchecked) public var allowsHostFiles = false

    /// The Ctrl-C this session's lines listen to (``listen(to:)``).
    @exclusivity(unchecked) private var interruptSource: InterruptSource?
    /// The cap on all this session's work (``limitWork(to:)``).
    @exclusivity(unchecked) private var ledger: WorkLedger?

    public init(engine: Engine) {
        self.engine = engine
        hostShell = Shell(hostOf: engine)
        hostShell.aliases = Self.hostAliases
        provideLauncher()
    }

    /// Gives the engine the runtime that restarts containers (an engine set from outside, such
    /// as a lesson's fresh one, may come without it).
    private func provideLauncher() {
        if engine.launcher == nil { engine.launcher = RuntimeLauncher() }
    }

    /// Forgets the attached shell and anything half-typed (after restoring a snapshot).
    public func detachWithoutExit() {
        attached = nil
        waiting = nil
        pendingLines = []
        pendingConfirmation = nil
    }

    /// Ctrl-P Ctrl-Q: the terminal leaves the container's shell, which goes on running; a host
    /// line that waited for it goes on (docker's attach ends with status 0). Returns what that printed.
    public func detach() -> CommandOutput {
        attached = nil
        pendingLines = []
        var output = CommandOutput()
        resumeHost(status: 0, into: &output)
        return output
    }

    /// The prompt a terminal shows now: `$ ` on the host, bash's prompt in a container, `> `
    /// while a command goes on over several lines, nothing for a shell without a terminal or
    /// while a question waits for its answer.
    public var prompt: String {
        if pendingConfirmation != nil { return "" }
        if let clientBox { return clientBox.value.prompt }
        if !pendingLines.isEmpty { return attachedBox.map { $0.value.tty ? "> " : "" } ?? "> " }
        guard let box = attachedBox else { return "$ " }
        guard box.value.tty else { return "" }
        // Read in place through `inout` (a copy retains each of the shell's fields: a `let` put
        // back with `defer` was copied, then destroyed).
        return Self.prompt(of: &box.value.shell, engine: &engine)
    }

    /// The engine's time, read through `inout`: a computed property of the engine read from
    /// this class's stored property (or the engine passed by value) copies the whole engine
    /// struct first (a retain of each of its tables, then a release).
    static func now(of engine: inout Engine) -> Timestamp { engine.now }

    /// The prompt of `shell`, the shell and the engine borrowed through `inout` (see
    /// ``now(of:)``; a shell bound to a name would be a copy).
    static func prompt(of shell: inout Shell, engine: inout Engine) -> String {
        shell.prompt(engine: engine)
    }

    /// A value kept behind one reference (``attachedBox``, ``clientBox``), changed in place.
    final class Boxed<Value> {
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Lets simulated time pass without typing anything (a transcript's hidden `sleep`).
    public func advance(by seconds: Double) {
        provideLauncher()
        engine.advance(by: seconds)
    }

    /// True while something else than the host shell has the terminal: a container's shell,
    /// or the MariaDB monitor.
    public var inContainer: Bool { attachedBox != nil || clientBox != nil }

    /// True while the MariaDB client asks for its password (`Enter password: `): the next line
    /// is the password, which a terminal does not show.
    public var awaitsPassword: Bool { clientBox?.value.awaitsPassword ?? false }

    // MARK: - The driver's step

    /// What the terminal gives the session.
    public enum Input: Sendable, Equatable {
        case line(String)
        /// Ctrl-D on an empty line, or the end of a script.
        case endOfInput
        /// Ctrl-C at the prompt: what was typed is dropped.
        case interrupt
        /// Ctrl-P Ctrl-Q in a container's `-it` shell: the terminal leaves it running.
        case detach
    }

    /// What one step printed, its status and whether the session ended.
    public struct Step: Sendable {
        public var output: CommandOutput
        /// Set when the session ended: the status dockersim ends with.
        public var ended: Int32?
    }

    /// The one step function every input loop (scripted mode, the plain prompt, the REPL) runs:
    /// a line, the end of input or Ctrl-C in; what to print and whether dockersim ends out.
    public func step(_ input: Input) -> Step {
        let output: CommandOutput
        switch input {
        case .line(let line): output = handle(line)
        case .endOfInput: output = endOfInput()
        case .interrupt: output = interrupt()
        case .detach: output = detach()
        }
        return Step(output: output, ended: ended)
    }

    /// Runs one line (several, separated by newlines, run one after the other as if typed) and
    /// returns what it printed.
    @discardableResult
    public func handle(_ text: String) -> CommandOutput {
        // Without a newline byte the text is one line (no split needed).
        guard Self.hasNewline(text) else { return handleLine(text) }
        let lines = text.newlineSeparated
        guard lines.count > 1 else { return handleLine(text) }
        var output = CommandOutput()
        for line in lines {
            guard ended == nil else { break }
            let printed = handleLine(line)
            output.append(printed)
            output.status = printed.status
        }
        return output
    }

    /// Whether `text` has a newline byte (`text.utf8.contains(0x0A)`), read in place: the
    /// generic `contains` over the UTF-8 view costs several times more a byte.
    static func hasNewline(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte == 0x0A { return true }
            return false
        }
        return found ?? text.utf8.contains(0x0A)
    }

    /// One line, under its budget (``Engine/meter``): everything it causes counts together.
    private func handleLine(_ line: String) -> CommandOutput {
        provideLauncher()
        let (ownsLine, time) = Self.beginLine(
            &engine, interrupt: interruptSource, ledger: ledger, language: language)
        defer { if ownsLine { engine.meter.endLine() } }
        ranOwnCommand = false
        let prompt = self.prompt
        linePrompt = prompt
        // A password is not kept (nor recorded): the terminal did not show it.
        let secret = pendingConfirmation?.isSecret ?? false
        var output = refuseTooLong(line) ?? refuseWhenSpent() ?? dispatch(line)
        linePrompt = nil
        // A container's process a cap stopped while this line ran: said on the terminal too.
        if !engine.capNotices.isEmpty {
            for notice in engine.capNotices { output.write(notice, to: .stderr) }
            engine.capNotices = []
        }
        noteStorage(line, into: &output)
        let control = prompt == "$ " && (line.hasPrefix("record ") || line == "record")
        let shown = secret ? "" : line
        let endTime = Self.now(of: &engine)
        var entry = LoggedLine(
            time: time, endTime: endTime, isRecordingControl: control, prompt: prompt, line: shown, output: output)
        entry.isSecret = secret
        for plugin in plugins {
            let extra = plugin.didHandle(entry, session: self)
            for chunk in extra.chunks { output.write(chunk.text, to: chunk.stream) }
        }
        entry.output = output
        log.append(entry)
        if recording != nil { flushRecording() }
        return output
    }

    /// A line's start on `engine`, borrowed once (each change through the session's stored
    /// property is an access of its own, checked at run time): the session's own Ctrl-C, cap
    /// and language, whatever engine it holds now (a lesson may have swapped in a replayed
    /// one); the line's meter and one step charged; what was due settled; the storage events
    /// of the last line cleared. Returns whether this line owns the meter's line, and the time.
    private static func beginLine(
        _ engine: inout Engine, interrupt: InterruptSource?, ledger: WorkLedger?, language: Language
    ) -> (ownsLine: Bool, time: Timestamp) {
        engine.meter.interrupt = interrupt
        engine.meter.ledger = ledger
        engine.language = language
        let ownsLine = engine.meter.beginLine()
        engine.meter.charge(steps: 1, limits: engine.limits)
        engine.settle()
        engine.clearStorageEvents()
        return (ownsLine, engine.now)
    }

    /// Caps the work of every line and program of this session together (a replayed transcript
    /// or submission: ``Limits/stepsPerReplay``); once spent, no further line runs.
    public func limitWork(to steps: Int) {
        ledger = WorkLedger(limit: steps)
        engine.meter.ledger = ledger
    }

    /// Lets Ctrl-C from `source` (the terminal's, by default) stop the running line.
    public func listen(to source: InterruptSource = Interrupt.terminal) {
        interruptSource = source
        engine.meter.interrupt = source
    }

    /// Whether the session's cap (``limitWork(to:)``) is spent.
    public var workSpent: Bool { ledger?.isSpent ?? false }

    /// Once the session's cap is spent, a line is not run: dockersim says so (status 1).
    private func refuseWhenSpent() -> CommandOutput? {
        guard workSpent else { return nil }
        var output = CommandOutput()
        output.write(engine.limits.sessionBudgetSpent(ledger?.limit ?? 0).text(language), to: .stderr)
        output.status = 1
        lastStatus = 1
        return output
    }

    /// A line of `bytes` bytes that standard input gave but that was never buffered, being far
    /// past the line cap (scripted mode's `LineReader`): refused as ``handle(_:)`` refuses a line
    /// too long (status 2); nothing runs.
    public func refuseUnread(bytes: Int) -> CommandOutput {
        var output = CommandOutput()
        output.write(engine.limits.lineTooLong(bytes).text(language), to: .stderr)
        output.status = 2
        lastStatus = 2
        return output
    }

    /// A line past ``Limits/lineLength`` is not run: dockersim says so (status 2).
    private func refuseTooLong(_ line: String) -> CommandOutput? {
        let limit = engine.limits.lineLength
        let typed = pendingLines.reduce(line.utf8.count) { $0 + $1.utf8.count + 1 }
        guard typed > limit else { return nil }
        let count = pendingLines.reduce(line.count) { $0 + $1.count + 1 }
        guard count > limit else { return nil }
        pendingLines = []
        var output = CommandOutput()
        output.write(engine.limits.lineTooLong(count).text(language), to: .stderr)
        output.status = 2
        lastStatus = 2
        return output
    }

    private func dispatch(_ line: String) -> CommandOutput {
        if let confirmation = pendingConfirmation {
            pendingConfirmation = nil
            var output = answer(line, to: confirmation)
            // A reader may ask again (`Password: ` after `Username: `): the line waits on.
            if pendingConfirmation == nil { resumeHost(status: output.status, into: &output) }
            return output
        }
        if attachedBox == nil && pendingLines.isEmpty && waiting == nil {
            for plugin in plugins {
                if let output = plugin.handle(line, session: self) {
                    lastStatus = output.status
                    return output
                }
            }
        }
        if clientBox != nil { return clientLine(line) }
        if attachedBox != nil { return shellLine(line) }
        let output = hostLine(line)
        return output
    }

    /// Adds `line` to what was typed; returns the whole text once it is a complete command, or
    /// nil while bash would still show `> `.
    func complete(_ line: String) -> String? {
        // Inside a here-document's body, a line that is not its delimiter changes nothing the
        // lexer would find: reading the whole text again for each line was quadratic.
        if let wait = pendingWait, wait.lines == pendingLines.count, let last = pendingLines.last,
            last.utf8.last != 0x0D, wait.continuation.stillWaits(after: line)
        {
            pendingLines.append(line)
            pendingWait = (wait.continuation, pendingLines.count)
            return nil
        }
        // The usual typed line (`docker run -it --name c1 ubuntu`, `exit`) is plain words: no
        // quote, operator or reserved word can leave it open, so it is not lexed here (the run
        // lexes it anyway).
        if pendingLines.isEmpty, Self.isPlainLine(line) {
            pendingWait = nil
            return line
        }
        let text = pendingLines.isEmpty ? line : (pendingLines + [line]).joined(separator: "\n")
        let continuation = ShellParser.continuation(text)
        if continuation.needsMore {
            pendingLines.append(line)
            pendingWait = (continuation, pendingLines.count)
            return nil
        }
        pendingLines = []
        pendingWait = nil
        return text
    }

    /// Whether `line` is words no shell would wait for more after: only ASCII letters, digits,
    /// spaces and `-_./:=,@+%`, and no word bash reserves (`if`, `for`, `do`…, which open or
    /// close a compound command). Anything else is for ``ShellParser`` to decide.
    static func isPlainLine(_ line: String) -> Bool {
        let checked = line.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty else { return false }
            var wordStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 0x20
                switch byte {
                case _ where PlainWords.isWordByte(byte):
                    continue
                case 0x20:
                    // A reserved word has 2 to 8 letters: only such words are looked up.
                    let length = index - wordStart
                    if length >= 2 && length <= 8 {
                        let letters = UnsafeBufferPointer(rebasing: bytes[wordStart..<index])
                        if isReservedWord(letters) { return false }
                    }
                    wordStart = index + 1
                default:
                    return false
                }
            }
            return true
        }
        return checked ?? false
    }

    /// bash's reserved words (`compgen -k`), as far as a plain word can spell them.
    static let reservedWords: Set<String> = [
        "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select",
        "then", "time", "until", "while",
    ]

    /// ``reservedWords`` as bytes, compared without making a `String` of each word.
    private static let reservedWordBytes: [[UInt8]] = reservedWords.map { Array($0.utf8) }

    /// Whether `letters` spell one of ``reservedWords`` (its first letter rules out most words).
    static func isReservedWord(_ letters: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = letters.first else { return false }
        switch first {
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "f"), UInt8(ascii: "i"),
            UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "u"), UInt8(ascii: "w"):
            break
        default:
            return false
        }
        for word in reservedWordBytes where word.count == letters.count && word.elementsEqual(letters) {
            return true
        }
        return false
    }

    /// docker's prompt: only `y` or `Y` goes on (or what the command's question accepts);
    /// anything else cancels, silently, with status 0.
    private func answer(_ line: String, to confirmation: Confirmation) -> CommandOutput {
        if let reader = confirmation.reader {
            let (next, output) = CommandContext.borrowing(&engine) { context -> (LineRequest?, CommandOutput) in
                context.language = language
                let status = reader.read(line, &context)
                var output = context.output
                output.status = status
                return (context.reader, output)
            }
            if let next { pendingConfirmation = Confirmation(reader: next) }
            lastStatus = output.status
            return output
        }
        let trimmed = line.trimmed(" \t")
        guard confirmation.accepts(trimmed) else {
            lastStatus = 0
            return CommandOutput()
        }
        let output = CommandContext.borrowing(&engine) { context -> CommandOutput in
            context.language = language
            let status = confirmation.proceed(&context)
            var output = context.output
            output.status = status
            return output
        }
        lastStatus = output.status
        return output
    }

    /// An empty engine (what a context made for a test holds).
    static let standIn = Engine(clock: .manual(at: .zero), seed: 0)

    /// The question waiting for an answer gets none (end of input, or the end of a transcript
    /// block): docker treats it as a no.
    public func cancelPendingConfirmation() {
        guard pendingConfirmation != nil else { return }
        pendingConfirmation = nil
        var ignored = CommandOutput()
        resumeHost(status: 0, into: &ignored)
    }

    /// Ctrl-C at the prompt: drops what was typed (a half-typed command, a question's answer, a
    /// host line that waited); bash's `$?` becomes 130.
    public func interrupt() -> CommandOutput {
        if client != nil {
            var output = CommandOutput()
            output.write(client?.interrupt() ?? "", to: .stdout)
            return output
        }
        pendingLines = []
        if pendingConfirmation != nil {
            pendingConfirmation = nil
            waiting = nil
        }
        var output = CommandOutput()
        output.status = 130
        lastStatus = 130
        if let attachment = attached {
            attached?.shell.setStatus(130)
            _ = attachment
        } else {
            hostShell.setStatus(130)
        }
        return output
    }

    /// End of input: a half-typed command gets bash's error (or runs, for a here-document),
    /// an attached shell gets EOF (bash exits, the container stops if it was the main process),
    /// and on the host the session ends with the last status. Returns what that printed.
    public func endOfInput() -> CommandOutput {
        var output = CommandOutput()
        if let current = client {
            output.write(current.endOfInput(), to: .stdout)
            finishClient(status: 0, output: &output)
            return output
        }
        if pendingConfirmation != nil {
            pendingConfirmation = nil
            resumeHost(status: 0, into: &output)
            return output
        }
        if !pendingLines.isEmpty {
            let text = pendingLines.joined(separator: "\n")
            pendingLines = []
            if let attachment = attached {
                var shell = attachment.shell
                let result = shell.execute(text, engine: &engine)
                attached?.shell = shell
                output.write(attachment.tty ? result.combined : result.stdout, to: .stdout)
                if !attachment.tty { output.write(result.stderr, to: .stderr) }
                output.status = result.status
            } else {
                output = runHost(text, final: true)
            }
            lastStatus = output.status
            return output
        }
        guard let attachment = attached else {
            ended = ended ?? lastStatus
            return output
        }
        if attachment.tty { output.write("exit\n", to: .stderr) }
        detachShell(exitCode: attachment.shell.lastStatus, output: &output)
        return output
    }

    // MARK: - Container shell

    private func shellLine(_ line: String) -> CommandOutput {
        var output = CommandOutput()
        guard let box = attachedBox else { return output }
        let prompt = linePrompt ?? self.prompt
        // The attachment is read and run in place, in its box (``Self/run(_:in:engine:)``;
        // nothing reads ``attached`` meanwhile: the container's shell calls nothing of the
        // session): a copy would retain each of the shell's fields, and taken out and put back,
        // its 500 bytes were moved four times.
        let (id, isMain, tty) = Self.facts(of: &box.value)
        guard engine.containers[id]?.isRunning == true else {
            attachedBox = nil
            pendingLines = []
            let code = engine.containers[id]?.exitCode ?? 0
            resumeHost(status: code, into: &output)
            let more = hostLine(line)
            output.append(more)
            output.status = more.status
            return output
        }
        if isMain && tty {
            // A terminal's log holds everything the pseudo-terminal showed: prompt, echo, output.
            engine.appendLog(id, stream: .stdout, text: prompt + line + "\n")
        }
        guard let text = complete(line) else { return output }
        let (result, started) = Self.run(text, in: &box.value, engine: &engine)
        if let started {
            client = started
            clientOwner = .shell
        }
        // What a terminal shows, made once (for the log and the output).
        let combined = tty ? result.combined : ""
        if isMain {
            let shown = tty ? combined : result.stdout
            engine.appendLog(id, stream: .stdout, text: shown)
            if !tty { engine.appendLog(id, stream: .stderr, text: result.stderr) }
        }
        if tty {
            output.write(combined, to: .stdout)
        } else {
            output.write(result.stdout, to: .stdout)
            output.write(result.stderr, to: .stderr)
        }
        output.status = result.status
        lastStatus = output.status
        if let code = result.exited {
            // The shell ended: its status, or what the host line that waited for it ended with.
            detachShell(exitCode: code, output: &output)
        }
        return output
    }

    /// Runs `text` in the attached shell, changed in place; returns what it printed and the
    /// program it started on the terminal, if any.
    private static func run(
        _ text: String, in attachment: inout Attachment, engine: inout Engine
    ) -> (ShellResult, SQLClient?) {
        let result = attachment.shell.run(line: text, engine: &engine)
        return (result, attachment.shell.takeStartedClient())
    }

    /// The attachment's container, whether it is the main process and whether it has a terminal,
    /// read through `inout` (a read of the shell from the box could copy it).
    private static func facts(of attachment: inout Attachment) -> (id: String, isMain: Bool, tty: Bool) {
        (attachment.shell.containerID, attachment.isMain, attachment.tty)
    }

    /// Saves the attached shell's history into its container (`inout`, as ``facts(of:)``).
    private static func saveHistory(of attachment: inout Attachment, engine: inout Engine) {
        attachment.shell.saveHistory(engine: &engine)
    }

    private func detachShell(exitCode: Int32, output: inout CommandOutput) {
        // Its box taken, not copied (``attached`` becomes nil).
        guard let box = attachedBox.take() else { return }
        Self.saveHistory(of: &box.value, engine: &engine)
        let (id, isMain, _) = Self.facts(of: &box.value)
        if isMain {
            engine.finish(id, exitCode: exitCode)
        } else {
            engine.setExecSessions(id, delta: -1, exitCode: exitCode)
        }
        lastStatus = exitCode
        output.status = exitCode
        resumeHost(status: exitCode, into: &output)
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

extension Session {
    // MARK: - The MariaDB monitor

    /// Takes the program a shell line started on the terminal (the MariaDB monitor), if any.
    func takeClient(from shell: inout Shell, owner: ClientOwner) {
        guard let started = shell.takeStartedClient() else { return }
        client = started
        clientOwner = owner
    }

    /// A line typed at the monitor (or its password).
    func clientLine(_ line: String) -> CommandOutput {
        var output = CommandOutput()
        guard var current = client else { return output }
        let result = current.feed(line, engine: &engine)
        client = current
        output.write(result.stdout, to: .stdout)
        output.write(result.stderr, to: .stderr)
        output.status = 0
        if let code = result.exited { finishClient(status: code, output: &output) }
        return output
    }

    /// The monitor ended with `status`: the terminal goes back to who started it.
    func finishClient(status: Int32, output: inout CommandOutput) {
        client = nil
        lastStatus = status
        output.status = status
        switch clientOwner {
        case .exec(let id):
            engine.setExecSessions(id, delta: -1, exitCode: status)
            resumeHost(status: status, into: &output)
        case .hostLine:
            hostShell.setStatus(status)
            resumeHost(status: status, into: &output)
        case .shell:
            attached?.shell.setStatus(status)
        }
    }
}
