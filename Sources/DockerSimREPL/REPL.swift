import CEditLine
import DockerSimCommands
import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// How the REPL looks and where it keeps its history.
public struct REPLOptions: Sendable {
    /// Colour for the prompt and for errors (never with `NO_COLOR` or `--no-color`).
    public var colour: Bool
    /// The language dockersim speaks as a teacher (`help`, the welcome line).
    public var language: Language
    /// The host history file; nil keeps history for this run only.
    public var historyPath: String?
    /// Whether pulls show docker's live progress before their final lines.
    public var animatePulls: Bool

    public init(colour: Bool, language: Language, historyPath: String?, animatePulls: Bool = true) {
        self.colour = colour
        self.language = language
        self.historyPath = historyPath
        self.animatePulls = animatePulls
    }

    /// Colour is on unless `NO_COLOR` is set (to anything, even empty) or `--no-color` was given.
    public static func colourWanted(environment: [String: String], noColorFlag: Bool) -> Bool {
        !noColorFlag && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

/// The interactive simulator on a terminal: reads lines with ``LineEditor``, hands them to the
/// ``Session`` and prints what they printed, with docker's live pull progress.
///
/// ```swift
/// let status = REPL(session: session, options: options).run()
/// ```
public final class REPL {
    private let session: Session
    private let options: REPLOptions
    private var hostHistory: HistoryStore
    /// What the last command printed after its last newline (a `[y/N] ` question): the next prompt.
    private var pendingPrompt = ""
    /// Whether saving the history already failed (said once, not after every line).
    private var historyFailed = false

    public init(session: Session, options: REPLOptions) {
        self.session = session
        self.options = options
        self.hostHistory =
            options.historyPath.map { HistoryStore.load(from: $0, language: options.language) } ?? HistoryStore()
    }

    /// Runs until `exit` or Ctrl-D on the host prompt; returns the exit status (the last
    /// command's, as bash ends). Nil when libedit could not start.
    public func run() -> Int32? {
        guard let editor = LineEditor() else { return nil }
        let session = self.session
        session.language = options.language
        // Ctrl-C while a line runs stops it at its next step (RELIABILITY.md, "Ctrl-C").
        Self.catchInterrupts()
        session.listen(to: Interrupt.terminal)
        editor.completer = { line in Completer(session: session).complete(line) }
        Output.write(Help.welcome(options.language), to: STDOUT_FILENO)
        while true {
            let inContainer = session.inContainer
            editor.detachKeys = inContainer && session.attached?.tty == true
            let prompt = session.prompt.isEmpty ? pendingPrompt : session.prompt
            pendingPrompt = ""
            let history =
                session.attached.map { $0.shell.loadedHistory + $0.shell.sessionHistory } ?? hostHistory.entries
            let event =
                session.pendingConfirmation?.isSecret == true
                ? Self.readSecret(prompt: prompt)
                : editor.read(prompt: colourPrompt(prompt, inContainer: inContainer), history: history)
            if let status = Self.endingStatus() {
                Output.write("\n", to: STDOUT_FILENO)
                return status
            }
            let step: Session.Step
            switch event {
            case .line(let line):
                remember(line, inContainer: inContainer)
                Interrupt.terminal.clear()  // a Ctrl-C typed at the prompt is not for this line
                session.columns = Int(dsim_terminal_columns(STDOUT_FILENO))  // `layers` fits its picture to it
                step = session.step(.line(line))
            case .interrupted:
                Output.write("^C\n", to: STDOUT_FILENO)
                step = session.step(.interrupt)
            case .endOfFile:
                if !inContainer { Output.write("\n", to: STDOUT_FILENO) }
                step = session.step(.endOfInput)
            case .detach:
                Output.write("read escape sequence\n", to: STDERR_FILENO)
                step = session.step(.detach)
            }
            show(step.output, errorsInRed: !inContainer)
            if let status = step.ended { return status }
            if let status = Self.endingStatus() { return status }
        }
    }

    /// Keeps a line typed at the host prompt in the history file.
    private func remember(_ line: String, inContainer: Bool) {
        guard !inContainer, session.prompt == "$ " else { return }
        guard hostHistory.add(line), let path = options.historyPath, !historyFailed else { return }
        do {
            try hostHistory.save(to: path)
        } catch {
            historyFailed = true
            Output.write(error.description + "\n", to: STDERR_FILENO)
        }
    }

    /// SIGINT stores into ``Interrupt/terminal`` (an atomic flag: all a signal handler may do),
    /// which the running line reads at every step. Without `SA_RESTART`, so that at the prompt
    /// Ctrl-C still cuts libedit's read short and the REPL prints `^C`.
    private static func catchInterrupts() {
        _ = Interrupt.terminal.isRequested  // made before the handler can run
        for source in [hangup, terminate, quit] { _ = source.isRequested }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.terminal.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // SIGHUP (the terminal closed), SIGTERM and Ctrl-\ (SIGQUIT) end dockersim cleanly: the
        // running line stops, the REPL returns, the terminal is restored, the recording closed.
        action.__sigaction_handler.sa_handler = { signal in
            switch signal {
            case SIGHUP: REPL.hangup.request()
            case SIGTERM: REPL.terminate.request()
            default: REPL.quit.request()
            }
            Interrupt.terminal.request()
        }
        for signal in [SIGHUP, SIGTERM, SIGQUIT] { sigaction(signal, &action, nil) }
    }

    /// A password: the terminal does not echo it (docker's `DisableInputEcho`), nor keep it in
    /// the history.
    private static func readSecret(prompt: String) -> LineEditor.Event {
        Output.write(prompt, to: STDOUT_FILENO)
        var saved = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer { if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count <= 0 {
                if count < 0 && errno == EINTR { return .interrupted }
                return bytes.isEmpty ? .endOfFile : .line(String(decoding: bytes, as: UTF8.self))
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if bytes.count < 4096 { bytes.append(byte) }
        }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    /// SIGHUP, SIGTERM and SIGQUIT received (``catchInterrupts()``).
    static let hangup = InterruptSource()
    static let terminate = InterruptSource()
    static let quit = InterruptSource()

    /// The status dockersim ends with after SIGHUP, SIGTERM or Ctrl-\ (128 + the signal, as a
    /// shell reports a program a signal ended); nil when none came.
    private static func endingStatus() -> Int32? {
        if hangup.isRequested { return 128 + SIGHUP }
        if terminate.isRequested { return 128 + SIGTERM }
        if quit.isRequested { return 128 + SIGQUIT }
        return nil
    }

    private func colourPrompt(_ prompt: String, inContainer: Bool) -> String {
        guard options.colour, !prompt.isEmpty else { return prompt }
        func paint(_ text: String, _ code: String) -> String {
            "\u{1}\u{1B}[\(code)m\u{1}" + text + "\u{1}\u{1B}[0m\u{1}"
        }
        if inContainer, let at = prompt.firstIndex(of: ":"), prompt.hasSuffix("# ") {
            let user = String(prompt[..<at])
            let cwd = String(prompt[prompt.index(after: at)..<prompt.index(prompt.endIndex, offsetBy: -2)])
            return paint(user, "1;32") + ":" + paint(cwd, "1;34") + "# "
        }
        if prompt == "$ " { return paint("$", "1;36") + " " }
        return prompt
    }

    /// Prints a command's output: pulls animated, errors in red (only when the command failed).
    private func show(_ output: CommandOutput, errorsInRed: Bool = true) {
        var chunks = output.chunks
        if session.prompt.isEmpty, !session.inContainer, let last = chunks.last, !last.text.hasSuffix("\n") {
            // docker's `[y/N] ` question: shown as the next prompt, so that editing keeps it.
            let start = last.text.lastIndex(of: "\n").map { last.text.index(after: $0) } ?? last.text.startIndex
            pendingPrompt = String(last.text[start...])
            chunks[chunks.count - 1].text = String(last.text[..<start])
        }
        for chunk in chunks {
            let fd = chunk.stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
            switch chunk.event {
            case .clearScreen:
                Output.write("\u{1B}[H\u{1B}[2J", to: fd)
            case .pull(let report) where options.animatePulls && report.downloads:
                animate(report, fd: fd)
            case .aside where options.colour:
                // dockersim's `explain`, dimmed so that it stands apart from docker's output.
                let dimmed = chunk.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "\u{1B}[2m" + $0 + "\u{1B}[0m" }
                    .joined(separator: "\n")
                Output.write(dimmed, to: fd)
            case .coloured(let picture) where options.colour:
                Output.write(picture, to: fd)
            default:
                write(chunk.text, fd: fd, error: errorsInRed && chunk.stream == .stderr && output.status != 0)
            }
        }
    }

    private func write(_ text: String, fd: Int32, error: Bool) {
        guard !text.isEmpty else { return }
        if error && options.colour {
            // Colour each line on its own, so that the reset comes before the newline.
            let painted = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "\u{1B}[31m" + $0 + "\u{1B}[0m" }
                .joined(separator: "\n")
            Output.write(painted, to: fd)
        } else {
            Output.write(text, to: fd)
        }
    }

    private func animate(_ report: PullReport, fd: Int32) {
        let animation = PullAnimation(report: report, columns: Int(dsim_terminal_columns(fd)))
        var interrupted = false
        for frame in animation.frames() where !interrupted {
            Output.write(frame.text, to: fd)
            if frame.pauseMilliseconds > 0 && dsim_sleep_ms(frame.pauseMilliseconds) != 0 { interrupted = true }
        }
        guard interrupted else { return }
        // Ctrl-C during the show: the pull itself is done, so show every layer on its last status.
        var final = ""
        for (index, layer) in report.layers.enumerated() {
            let diff = report.layers.count - index
            final += "\u{1B}[\(diff)A\u{1B}[2K\r\(layer.blob): \(layer.status.rawValue) \r\u{1B}[\(diff)B"
        }
        Output.write(final, to: fd)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
