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
    /// (Boxed: the client's 270 bytes inline made every request, and every context, that large.)
    indirect case sqlClient(containerID: String, client: SQLClient)
}

/// Everything a docker command works with: the engine, the output, the terminal.
///
/// The engine is reached through its address: the session's own engine, lent for one command
/// (``borrowing(_:_:)``), or one the context owns (``init(engine:)``). A context made around the
/// session's engine used to take it in by a swap and give it back by another: the engine struct
/// is about a kilobyte, and each swap moved it three times (≈ 2 k instructions a docker command).
/// A copy of a context reaches the same engine (contexts are passed `inout`, never kept).
public struct CommandContext {
    /// Where ``engine`` is.
    private var engineAddress: UnsafeMutablePointer<Engine>
    /// The engine the context owns (``init(engine:)``); nil while it borrows the caller's.
    private var ownedEngine: OwnedEngine?
    /// The engine the command works on.
    public var engine: Engine {
        unsafeAddress { UnsafePointer(engineAddress) }
        unsafeMutableAddress { engineAddress }
    }
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

    /// A context that owns `engine`. (The engine is taken, not copied: a copy retains each of
    /// its tables and later releases them.)
    public init(engine: consuming Engine) {
        let owned = OwnedEngine(engine)
        engineAddress = owned.address
        ownedEngine = owned
    }

    /// A context over the engine at `address`, which outlives it.
    private init(borrowing address: UnsafeMutablePointer<Engine>) {
        engineAddress = address
        ownedEngine = nil
    }

    /// Runs `body` with a new context over `engine` (lent, not moved: what the command changes,
    /// it changes in `engine`). The context must not outlive `body`.
    public static func borrowing<Result>(
        _ engine: inout Engine, _ body: (inout CommandContext) throws -> Result
    ) rethrows -> Result {
        try withUnsafeMutablePointer(to: &engine) { address in
            var context = CommandContext(borrowing: address)
            return try body(&context)
        }
    }

    /// Runs `body` on the engine where it is, for reads: a non-mutating `Engine` method called
    /// as `context.engine.method()` is given a copy of the whole engine (the optimizer cannot
    /// borrow through ``engine``'s address, so it copies the ≈ 1 KB struct, a retain and a
    /// release of each of its tables), while one called on `body`'s `inout` engine reads it in
    /// place.
    @inline(__always)
    public func withEngine<Result, Failure: Error>(
        _ body: (inout Engine) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(&engineAddress.pointee)
    }

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

/// An engine a ``CommandContext`` owns, at an address of its own for as long as the box lives.
private final class OwnedEngine {
    let address: UnsafeMutablePointer<Engine>

    init(_ engine: consuming Engine) {
        address = .allocate(capacity: 1)
        address.initialize(to: engine)
    }

    deinit {
        address.deinitialize(count: 1)
        address.deallocate()
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
