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

    /// The text as the docker CLI prints it on stderr.
    public var description: String {
        origin == .daemon ? "Error response from daemon: " + message : message
    }
}
