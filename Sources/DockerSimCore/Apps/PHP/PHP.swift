/// PHP as a web server's module runs it (mod_php, `apache2handler`), for the subset dockersim
/// simulates: what a `.php` page prints, computed by running the file, in the PHP version of the
/// image that serves it. See `PHPInterpreter` for the subset; what it does not have is PHP's
/// parse error at its first token, or a dockersim note for a function it knows but does not
/// simulate.
public enum PHP {
    /// What a file of the container is to the interpreter.
    public enum File: Sendable {
        case missing
        /// A file whose content is simulated.
        case text([UInt8])
        /// A file whose content is not simulated (an application's sources known only by size).
        case opaque
    }

    /// Where a script runs: the container it reads, the request, the clock.
    public struct Environment {
        public var dialect: PHPDialect
        /// The script's absolute path (`/var/www/html/index.php`).
        public var script: String
        /// A file of the container by absolute path.
        public var file: (String) -> File
        /// The container's environment (`KEY=VALUE`), which `getenv()` reads.
        public var variables: [String]
        public var now: Timestamp
        /// The container's hostname (`gethostname()`).
        public var hostname: String
        /// `$_SERVER`'s entries, in order.
        public var server: [(String, String)]
        /// The request's query string (`$_GET`).
        public var query: String
        /// Whether an extension is loaded (`mysqli`): the image's `docker-php-ext-*.ini`.
        public var hasExtension: (String) -> Bool
        /// The MySQL servers the script may reach (`mysqli`); nil: none answers.
        public var mysql: (any PHPMySQLConnector)?
        /// Steps (statements and calls) before PHP's time limit stops the script.
        public var stepLimit = 1_000_000
        /// Bytes of output before the script is stopped.
        public var outputLimit = 4 << 20
        /// The language of dockersim's own notes in a page (a function not simulated, a cap):
        /// the session's, as every container's.
        public var language: Language = .en

        public init(
            dialect: PHPDialect, script: String, file: @escaping (String) -> File, variables: [String],
            now: Timestamp, hostname: String, server: [(String, String)] = [], query: String = "",
            hasExtension: @escaping (String) -> Bool = { _ in false }, mysql: (any PHPMySQLConnector)? = nil
        ) {
            self.dialect = dialect
            self.script = script
            self.file = file
            self.variables = variables
            self.now = now
            self.hostname = hostname
            self.server = server
            self.query = query
            self.hasExtension = hasExtension
            self.mysql = mysql
        }
    }

    /// What a run produced: the page's bytes, and the lines PHP writes to the server's error log
    /// (its `log_errors`).
    public struct Result {
        public var output: [UInt8]
        public var log: [String]
        /// The connector after the run (the statements the script ran changed its databases).
        public var mysql: (any PHPMySQLConnector)?
    }

    /// Runs the script `environment.script`; nil when its content is not simulated.
    public static func run(_ environment: Environment) -> Result? {
        guard case .text(let source) = environment.file(environment.script) else { return nil }
        var interpreter = PHPInterpreter(environment)
        interpreter.runMain(source)
        return Result(output: interpreter.output, log: interpreter.log, mysql: interpreter.mysql)
    }
}

/// A MySQL (MariaDB) server as `mysqli` reaches it: the simulator's database model answers.
public protocol PHPMySQLConnector {
    /// Connects as `user` with `password` to `host`, selecting `database` when not empty;
    /// the connection's handle, or the client's error (`errno`, `message`).
    mutating func connect(
        host: String, user: String, password: String, database: String
    ) -> Result<
        Int, PHPMySQLError
    >
    /// Runs one statement on a connection: the rows (column names, then values, nil for NULL),
    /// or the number of rows it changed, or the server's error.
    mutating func query(_ connection: Int, _ sql: String) -> Result<PHPMySQLResult, PHPMySQLError>
    /// Closes a connection.
    mutating func close(_ connection: Int)
}

/// A MySQL error as the client library reports it.
public struct PHPMySQLError: Error, Sendable, Equatable {
    public var code: Int
    public var sqlState: String
    public var message: String

    public init(code: Int, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }
}

/// What a statement gave back.
public struct PHPMySQLResult: Sendable, Equatable {
    /// The columns of a result set; nil for a statement without one (INSERT, CREATE…).
    public var columns: [String]?
    public var rows: [[String?]]
    public var affectedRows: Int
    public var insertID: Int

    public init(columns: [String]?, rows: [[String?]] = [], affectedRows: Int = 0, insertID: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
        self.insertID = insertID
    }
}
