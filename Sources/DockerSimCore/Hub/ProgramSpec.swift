/// What a program of an image does when a container runs it: the part of the Hub catalog that
/// says how an image behaves (a `program` block of a layer file; the language is in
/// `Hub/README.md`).
///
/// The block belongs to the layer that installs the program, so an image made from that image
/// (`docker commit`, a build `FROM` it) behaves the same.
public struct ProgramSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The simulator's shell (bash, dash, ash): `-c SCRIPT`, an interactive shell with `-i`,
        /// and with no terminal and no input it ends at once with status 0.
        case shell
        /// Prints its output and ends with this status (hello-world's `/hello`).
        case exit(Int32)
        /// Prints its output and runs until it is stopped (a web server, a database).
        case service
        /// A wrapper script (`docker-entrypoint.sh`): when its first argument is one of
        /// `triggers` (or starts with `-`, which puts the first trigger in front), it prints its
        /// output and checks its requirements; then it runs its arguments (`exec "$@"`).
        case entrypoint(triggers: [String])
    }

    /// How a program ends when `docker stop` signals it (`stop STATUS [SECONDS]`).
    public struct Stop: Sendable, Equatable {
        /// Its exit status (0 for a clean shutdown, 143 for a JVM ended by SIGTERM).
        public var status: Int32
        /// How long its shutdown takes, in seconds.
        public var seconds: Double
        /// What it prints while it shuts down (`shutdown stdout|stderr TEXT`), at the time it ends.
        public var output: [Output] = []

        public init(status: Int32, seconds: Double = 0, output: [Output] = []) {
            self.status = status
            self.seconds = seconds
            self.output = output
        }
    }

    /// One line (or block) of output.
    public struct Output: Sendable, Equatable {
        public var stream: LogEntry.Stream
        /// The text, with placeholders (see ``ProgramSpec/fill(_:_:)``).
        public var text: String
        /// Printed only when one of these variables is set (empty: always).
        public var when: [String] = []
        /// Printed only on the container's first run (see ``firstRunMarker``).
        public var firstRunOnly = false

        /// Text printed as it is (a script's output before it handed over to a program).
        public init(stream: LogEntry.Stream, text: String, when: [String] = [], firstRunOnly: Bool = false) {
            self.stream = stream
            self.text = text
            self.when = when
            self.firstRunOnly = firstRunOnly
        }
    }

    /// A web server's side of the program.
    public struct Web: Sendable, Equatable {
        public var port: Int
        /// The document root.
        public var root: String
        /// The `Server` header.
        public var server = ""
        /// The files a folder is served by, first found first.
        public var index = ["index.html"]
        /// One line per request (`{client}`, `{request}`, `{status}`, `{bytes}`, `{agent}`,
        /// `{referer}`, `{time:…}`), and the stream it goes to.
        public var accessLog: Output?
        /// `PHP/7.4.33` when `.php` files are run by PHP: the version whose dialect the simulated
        /// PHP follows (``PHPDialect``).
        public var php: String?
        /// A file that must exist in the container for PHP to run (`php PHP/X when /PATH`: the
        /// module a package manager installs, Debian's libapache2-mod-php); nil when PHP is built in.
        public var phpWhen: String?
        /// The bodies of the server's own pages by status (`404`, `403`), with `{path}`.
        public var pages: [Int: String] = [:]
        /// An application's own pages by name (`page NAME` and its `|` lines): Jinja2 templates
        /// its steps answer with (`render page:NAME [STATUS]`), for a PHP program's output.
        public var views: [String: String] = [:]
        /// An application's routes (`route` lines and their steps): tried in order before the
        /// files of the document root.
        public var routes: [AppRoute] = []
        /// The URL path the document root's files are served at (`files-at /static`: a Flask
        /// application's static folder); nil for `/`.
        public var filesAt: String?
        /// The HTTP version of the status line (`http 1.0`: Werkzeug's development server).
        public var httpVersion = "1.1"
    }

    /// A process the program starts, as `docker top` lists it.
    public struct Process: Sendable, Equatable {
        /// Who it runs as: a user of the image's `/etc/passwd` (or a number).
        public var user: String
        /// 0 for the program itself, n for the n-th process listed before.
        public var parent: Int
        public var command: String
    }

    /// A file or folder the program makes on its first run.
    public struct Created: Sendable, Equatable {
        public var path: String
        /// nil for a folder.
        public var size: Int64?
    }

    public var kind: Kind
    /// Which shell a `shell` program is (`bash`, `dash`, `ash`), when the block says.
    public var shellName: String?
    /// The shell's version (`shell bash 5.0`: major and minor), when the block says.
    public var shellVersion: (major: Int, minor: Int)?

    /// The line number a `-c` text's first line has: 1 in bash 5.1 and later (its errors say
    /// `bash: line 1: …`), 0 in older bash (`bash: nosuch: command not found`: a line 0 is not
    /// named; a syntax error says `bash: -c: line 0: …`). bash 5.1 made `bash -c` reset the
    /// line number (`shell.c`'s `run_one_command`, `SEVAL_RESETLINE`).
    public var commandStringFirstLine: Int {
        guard shellName == "bash", let version = shellVersion else { return 1 }
        return version.major > 5 || (version.major == 5 && version.minor >= 1) ? 1 : 0
    }
    /// What it prints when it starts, in order.
    public var output: [Output] = []
    /// One of these variables must be set (not empty), or it prints ``missing`` and ends with
    /// ``missingStatus``.
    public var requires: [String] = []
    public var missing: [Output] = []
    public var missingStatus: Int32 = 1
    /// A path that exists once the program has run in this container: lines marked `first`,
    /// ``creates`` and ``copies`` happen only while it does not.
    public var firstRunMarker: String?
    public var creates: [Created] = []
    /// Folders whose content it copies on its first run (`(from, to)`).
    public var copies: [(from: String, to: String)] = []
    public var web: Web?
    public var processes: [Process] = []
    /// The user the program runs as, when not root (`user mysql`: MariaDB's entrypoint switches to
    /// it): a user of the image's `/etc/passwd` (or a number). What it makes on its first run is
    /// that user's, and `docker top` shows its UID as the host names it.
    public var user: String?
    /// The block applies only when the program's arguments start with these words (`python3
    /// app.py` in one image, a plain interpreter in another).
    public var argumentsPrefix: [String] = []
    /// For an entrypoint: the command put in front of its arguments when it is triggered
    /// (registry's `/entrypoint.sh CONFIG` runs `registry serve CONFIG`).
    public var runs: [String] = []
    /// How `docker top` shows the program itself (`{command}`: its command line, `{args}`: its
    /// arguments); nil: as started.
    public var title: String?
    /// What it does with `docker stop`'s signal when it is the container's process 1 (`stop 0`:
    /// it shuts down and ends with status 0). Nil: it installs no handler, so as process 1 it
    /// ignores SIGTERM and docker kills it when the timeout ends (status 137).
    public var stop: Stop?
    /// Other services it listens on, besides its web server (`listen 3306 mysql`): a connection
    /// there is accepted, and its protocol named.
    public var listens: [Listen] = []
    /// Its memory and threads while idle (`resources MEMORY THREADS`); nil: the catalog does not
    /// say, and `docker stats` counts a small process per process `docker top` shows.
    public var resources: Resources?
    /// The SQL server it is (`sql VERSION /DATADIR`): what the MariaDB client and applications
    /// talk to (see ``Engine/sqlConnect(_:user:password:clientHost:database:)``).
    public var sqlServer: SQLServerSpec?
    /// The Redis server it is (`redis /DATADIR`): the folder its append-only file goes to when it
    /// runs with `--appendonly yes` (see ``Engine/redisExecute(_:arguments:persistence:)``).
    public var redisData: String?
    /// For an entrypoint: the data folder whose accounts and first database it creates from the
    /// variables on its first run (`sql-init /var/lib/mysql`: `MARIADB_ROOT_PASSWORD`, `MARIADB_DATABASE`…).
    public var sqlInit: String?

    /// A port a service listens on, and what speaks there.
    public struct Listen: Sendable, Equatable {
        public var port: Int
        public var service: String
    }

    /// What the program uses while it idles, as `docker stats` shows it (`resources 6MiB 82`):
    /// its resident memory in bytes (the cgroup's usage less its page cache) and its threads
    /// (the PIDS column counts threads, not processes: httpd's 3 children run 27 each).
    public struct Resources: Sendable, Equatable {
        public var memory: Int64
        public var threads: Int

        public init(memory: Int64, threads: Int) {
            self.memory = memory
            self.threads = threads
        }
    }

    public init(kind: Kind, output: [Output] = []) {
        self.kind = kind
        self.output = output
    }

    public static func == (lhs: ProgramSpec, rhs: ProgramSpec) -> Bool {
        lhs.kind == rhs.kind && lhs.shellName == rhs.shellName
            && lhs.shellVersion?.major == rhs.shellVersion?.major && lhs.shellVersion?.minor == rhs.shellVersion?.minor
            && lhs.output == rhs.output
            && lhs.requires == rhs.requires
            && lhs.missing == rhs.missing && lhs.missingStatus == rhs.missingStatus
            && lhs.firstRunMarker == rhs.firstRunMarker && lhs.creates == rhs.creates
            && lhs.copies.map(\.from) == rhs.copies.map(\.from) && lhs.copies.map(\.to) == rhs.copies.map(\.to)
            && lhs.web == rhs.web && lhs.processes == rhs.processes && lhs.title == rhs.title
            && lhs.argumentsPrefix == rhs.argumentsPrefix && lhs.runs == rhs.runs
            && lhs.listens == rhs.listens && lhs.sqlServer == rhs.sqlServer && lhs.sqlInit == rhs.sqlInit
            && lhs.redisData == rhs.redisData && lhs.user == rhs.user
    }

    /// The values placeholders take.
    public struct Context: Sendable {
        public var ip: String
        public var hostname: String
        public var env: [String]
        public var time: Timestamp
        /// The program's arguments (`{args}`) and its whole command line (`{command}`).
        public var args: String
        public var command: String
        /// Per request (access logs).
        public var request: [String: String]

        public init(
            ip: String, hostname: String, env: [String], time: Timestamp = .zero, args: String = "",
            command: String = "", request: [String: String] = [:]
        ) {
            self.ip = ip
            self.hostname = hostname
            self.env = env
            self.time = time
            self.args = args
            self.command = command
            self.request = request
        }

        /// The value of an environment variable (the last one given wins).
        public func value(_ name: String) -> String? {
            let key = name + "="
            return env.last(where: { $0.hasPrefix(key) }).map { String($0.dropFirst(key.count)) }
        }

        /// True when one of `names` is set and not empty (or `names` is empty).
        public func anySet(_ names: [String]) -> Bool {
            names.isEmpty || names.contains { !(value($0) ?? "").isEmpty }
        }
    }

    /// The output lines that apply, with placeholders filled in.
    public func rendered(_ context: Context, firstRun: Bool) -> [Output] {
        Self.render(output, context, firstRun: firstRun)
    }

    /// True when the requirements hold.
    public func requirementsMet(_ context: Context) -> Bool { requires.isEmpty || context.anySet(requires) }

    /// `lines` that apply, with placeholders filled in.
    public static func render(_ lines: [Output], _ context: Context, firstRun: Bool) -> [Output] {
        lines.compactMap { line in
            guard context.anySet(line.when), firstRun || !line.firstRunOnly else { return nil }
            return Output(stream: line.stream, text: fill(line.text, context))
        }
    }

    /// Replaces `{ip}`, `{hostname}`, `{args}`, `{command}`, `{env:NAME}`, `{env-names:PREFIX}` (the names
    /// of the variables set that start with PREFIX, sorted), `{time:FORMAT}` (strftime's `%Y %m
    /// %d %e %H %k %M %S %a %b %y %z %%`, and `%f` microseconds, `%L` milliseconds, `%N`
    /// nanoseconds) and the request's `{client}`, `{request}`, `{status}`, `{bytes}`, `{agent}`,
    /// `{referer}`; other braces are kept as they are.
    public static func fill(_ text: String, _ context: Context) -> String {
        guard text.utf8.contains(0x7B) else { return text }
        // In ASCII text every byte is a Character (a `{` or `}` is never part of a longer one),
        // so the braces are found by byte, not by Character (several times cheaper); otherwise
        // by Character, as a `{` followed by a combining mark is not a brace.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        func first(_ byte: UInt8, _ character: Character, in text: Substring) -> String.Index? {
            ascii ? text.utf8.firstIndex(of: byte) : text.firstIndex(of: character)
        }
        var result = ""
        var rest = Substring(text)
        while let open = first(0x7B, "{", in: rest) {
            result += rest[..<open]
            guard let close = first(0x7D, "}", in: rest[open...]) else { break }
            let name = String(rest[rest.index(after: open)..<close])
            switch name {
            case "ip": result += context.ip
            case "hostname": result += context.hostname
            case "args": result += context.args
            case "command": result += context.command
            default:
                if name.hasPrefix("env:") {
                    result += context.value(String(name.dropFirst(4))) ?? ""
                } else if name.hasPrefix("env-names:") {
                    let prefix = name.dropFirst(10)
                    result +=
                        Set(context.env.compactMap { $0.split(separator: "=", maxSplits: 1).first })
                        .filter { $0.hasPrefix(prefix) }.map(String.init).sorted().joined(separator: " ")
                } else if name.hasPrefix("time:") {
                    result += Self.format(context.time, String(name.dropFirst(5)))
                } else if let value = context.request[name] {
                    result += value
                } else {
                    result += rest[open...close]
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A time in UTC as `strftime` formats it (the subset ``fill(_:_:)`` lists).
    public static func format(_ time: Timestamp, _ format: String) -> String {
        let parts = Timestamp.civilParts(time.seconds)
        func pad(_ n: Int64, _ width: Int, _ with: Character = "0") -> String {
            let digits = String(n)
            return String(repeating: with, count: max(0, width - digits.count)) + digits
        }
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out = ""
        var percent = false
        for character in format {
            guard percent else {
                if character == "%" { percent = true } else { out.append(character) }
                continue
            }
            percent = false
            switch character {
            case "Y": out += pad(parts.year, 4)
            case "y": out += pad(parts.year % 100, 2)
            case "m": out += pad(parts.month, 2)
            case "d": out += pad(parts.day, 2)
            case "e": out += pad(parts.day, 2, " ")
            case "H": out += pad(parts.hour, 2)
            case "k": out += pad(parts.hour, 2, " ")
            case "M": out += pad(parts.minute, 2)
            case "S": out += pad(parts.second, 2)
            case "a": out += days[Int(parts.weekday)]
            case "b": out += months[Int(parts.month - 1)]
            case "z": out += "+0000"
            case "f": out += pad(Int64(time.nanoseconds) / 1000, 6)
            case "L": out += pad(Int64(time.nanoseconds) / 1_000_000, 3)
            case "N": out += pad(Int64(time.nanoseconds), 9)
            case "%": out += "%"
            default: out += "%" + String(character)
            }
        }
        return out
    }
}
