import DockerSimCore
import DockerSimShell

/// ``DockerSimCore/OutputChannel``, under the name the command layer has always given it.
public typealias OutputChannel = DockerSimCore.OutputChannel
/// ``DockerSimCore/CommandOutput``, under the name the command layer has always given it.
public typealias CommandOutput = DockerSimCore.CommandOutput

/// What a command wants the session to do after it: connect the terminal to a shell.
public enum AttachRequest: Sendable, Equatable {
    /// The container's main process is an interactive shell (`run -it`, `attach`, `start -ai`).
    case mainShell(containerID: String)
    /// A shell started by `docker exec -it`.
    case execShell(containerID: String)
    /// The MariaDB monitor started by `docker exec -it` (waiting for its password or its first line).
    case sqlClient(containerID: String, client: SQLClient)
}

/// Everything a docker command works with: the engine, the output, the terminal.
public struct CommandContext {
    public var engine: Engine
    public var output = CommandOutput()
    /// Whether `-t` gets a terminal (always, in dockersim: scripted mode acts as one).
    public var hasTerminal = true
    /// The terminal's columns (BuildKit's progress screen fits its lines to them).
    public var terminalWidth = 80
    /// The command path as invoked (`docker images`, `docker image ls`).
    public var invokedAs = ""
    /// Set by commands that ask `[y/N]` first (the prune family): what to do on `y`.
    public var confirmation: ((inout CommandContext) -> Int32)?
    /// Which answers to that question go on (nil: `y` or `Y`, as docker's prompts).
    public var confirmationAccepts: ((String) -> Bool)?
    /// Set by commands that read the next line themselves (`docker login`'s `Username: ` and
    /// `Password: `): what to do with it. It may set another (a second question).
    public var reader: LineRequest?
    /// What the command's stdin holds when it is not the terminal (a pipe, a file, a
    /// here-document); nil when it is the terminal.
    public var stdin: String?
    /// Whether stdout is the terminal (`docker save` refuses to write an archive there).
    public var stdoutIsTerminal = true
    /// A file's content the command writes on stdout instead of its text (`docker save >
    /// FILE`: the archive, with its size); the text stands for it in a pipe.
    public var stdoutFile: FileContent?
    /// Set by commands that hand the terminal to a shell.
    public var attach: AttachRequest?
    /// Set with ``attach`` when the command has just started the container's main process
    /// from `/bin/bash` or `/usr/bin/bash` (found as a file): the attached shell is bash, as
    /// ``DockerSimShell/Shell``'s check of those two files would find.
    var attachedShellFoundBash = false
    /// The language of dockersim's own messages ("not simulated yet"…); docker's stay English.
    public var language: Language = .en

    /// (The engine is taken, not copied: a copy retains each of its tables and later releases them.)
    public init(engine: consuming Engine) { self.engine = engine }

    /// Prints on stdout.
    public mutating func out(_ text: String) { output.write(text, to: .stdout) }

    /// Prints on stderr.
    public mutating func err(_ text: String) { output.write(text, to: .stderr) }

    /// Prints a docker error on stderr and returns its status.
    public mutating func fail(_ error: DockerError) -> Int32 {
        err(error.text(language) + "\n")
        return error.status
    }
}

/// A line a command reads itself (an answer typed after its question).
public struct LineRequest {
    /// Whether the terminal must not echo what is typed (a password).
    public var secret = false
    /// What to do with the line, as typed (without its newline).
    public var read: (String, inout CommandContext) -> Int32

    public init(secret: Bool = false, read: @escaping (String, inout CommandContext) -> Int32) {
        self.secret = secret
        self.read = read
    }
}

/// A docker command: its grammar and what it does.
public protocol DockerCommand {
    static var spec: CommandSpec { get }
    /// Runs the command; returns its exit status. Errors thrown are printed by the caller.
    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32
}

extension DockerCommand {
    static var name: String { String(spec.path.split(separator: " ").last ?? "") }
}

extension CommandContext {
    /// The engine the context holds, the context given up. (A consuming getter of a stored
    /// property still copies it: the session keeps whole contexts instead, ``clearForReuse()``.)
    consuming func takeEngine() -> Engine { engine }

    /// Every field but ``engine`` set back to what a new context holds, for the next command
    /// to reuse the context and the stand-in engine in it: taking the engine out of a context
    /// copies it (``takeEngine()``), and a new context made around a stand-in copies that.
    /// (`CommandContextReuseTests` fails when a field is added here and not cleared.)
    mutating func clearForReuse() {
        output = CommandOutput()
        hasTerminal = true
        terminalWidth = 80
        invokedAs = ""
        confirmation = nil
        confirmationAccepts = nil
        reader = nil
        stdin = nil
        stdoutIsTerminal = true
        stdoutFile = nil
        attach = nil
        attachedShellFoundBash = false
        language = .en
    }
}
