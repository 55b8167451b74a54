import DockerSimCore

/// One run of a command a ``ShellCommandProvider`` gives the shell.
public struct ExternalCall: Sendable {
    /// The command's words, expanded (`["docker", "ps", "-aq"]`).
    public var words: [String]
    public var stdin: String
    /// Whether stdin is the terminal (not a pipe, a file or a here-document).
    public var stdinIsTerminal: Bool
    /// Whether stdout goes to the terminal (not a pipe, a file or `$( )`).
    public var stdoutIsTerminal: Bool
    /// Whether the command may wait for the terminal: hand it to a container's shell
    /// (`docker run -it`) or wait for the answer to a question. False inside a pipeline, `$( )`
    /// or `bash -c`, where the shell cannot stop half-way.
    public var canWait: Bool
    /// The shell's working directory (the host path a `docker cp` is relative to).
    public var cwd: [String]
    /// The alias the command was typed as (`rm` for `docker rm`), if it was.
    public var alias: String?
}

/// What a provided command did.
public struct ExternalResult: Sendable {
    /// Both streams in order, with their terminal events (a pull's progress).
    public var output: CommandOutput
    /// The command now waits for the terminal: the rest of the line goes on when the session
    /// resumes it (``Shell/resume(_:status:engine:provider:)``).
    public var waits: Bool

    public init(output: CommandOutput, waits: Bool = false) {
        self.output = output
        self.waits = waits
    }
}

/// Commands the shell gets from outside this module: on the host, the session provides
/// `docker` and dockersim's own commands (`help`, `record`…). They are found after the shell's
/// builtins and before its programs, as if they were files in `$PATH`.
public protocol ShellCommandProvider: AnyObject {
    /// Whether `name` is one of the provider's commands.
    func provides(_ name: String) -> Bool
    /// Runs `call` against `engine` (the one the shell runs with: never the caller's own copy).
    func run(_ call: ExternalCall, engine: inout Engine) -> ExternalResult
    /// The language of dockersim's own texts (its "not simulated yet").
    var language: Language { get }
    /// The terminal's width in columns (what `ss` spreads its columns over).
    var columns: Int { get }
}

extension ShellCommandProvider {
    public var language: Language { .en }
    public var columns: Int { 80 }
}

extension CommandIO {
    /// dockersim's `'WHAT' is not simulated yet`, in the provider's language, as a line.
    func notSimulated(_ what: String) -> String {
        Message.notSimulated(what).text(language) + "\n"
    }
}
