/// A failed docker operation: docker's exact text and the exit status the CLI gives it.
///
/// Daemon errors carry the message behind `Error response from daemon: `; the CLI's own errors
/// carry their whole text. The wording of each lives beside the feature that raises it.
public struct DockerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Who produced the error, which decides how the CLI prints it.
    public enum Origin: Equatable, Sendable {
        /// The daemon: printed as `Error response from daemon: <message>`.
        case daemon
        /// The CLI itself: printed as the message alone.
        case cli
    }

    public var origin: Origin
    public var message: String
    /// The CLI's exit status for this error (1 unless a command says otherwise).
    public var status: Int32
    /// What kind of daemon error this is (lets `run` pull when the image is missing).
    public var kind: Kind
    /// A message of dockersim's own (not docker's), printed in the session's language instead
    /// of ``message`` (which holds its English text).
    public var localized: Message?

    public enum Kind: Equatable, Sendable {
        case notFound, conflict, invalidParameter, other
    }

    public init(_ origin: Origin, _ message: String, status: Int32 = 1, kind: Kind = .other) {
        self.origin = origin
        self.message = message
        self.status = status
        self.kind = kind
    }

    /// A daemon error.
    public static func daemon(_ message: String, kind: Kind = .other) -> DockerError {
        DockerError(.daemon, message, kind: kind)
    }

    /// An error the CLI prints as is.
    public static func cli(_ message: String, status: Int32 = 1) -> DockerError {
        DockerError(.cli, message, status: status)
    }

    /// dockersim's "not simulated yet" for a command or flag docker has (`what`: how it was
    /// typed, `docker stats`, `docker run --gpus`): exit status 1, nothing changed.
    public static func notSimulated(_ what: String) -> DockerError {
        let text = Message.notSimulated(what)
        var error = DockerError(.cli, text.en, status: 1)
        error.localized = text
        return error
    }

    /// The text printed on stderr in `language`: docker's own text, or dockersim's translated.
    public func text(_ language: Language) -> String {
        localized?.text(language) ?? description
    }

    /// The text as the docker CLI prints it on stderr.
    public var description: String {
        origin == .daemon ? "Error response from daemon: " + message : message
    }
}
