import DockerSimCore

/// The MariaDB client (`mariadb`, `mysql`): its options, the `Enter password:` prompt, the
/// monitor (`MariaDB [(none)]> `) and its batch mode (`-e`, statements on a pipe), talking to a
/// server of the engine's SQL model (Engine+SQL.swift) over the simulated network or the
/// server's socket. Texts: MariaDB's client/mysql.cc and Connector/C's errors (before 3.3, that is
/// MariaDB 10.5 and older, they still say "MySQL server").
public struct SQLClient: Sendable, Equatable {
    /// The names the client answers to.
    public static let names: Set<String> = ["mysql", "mariadb"]

    struct Options: Sendable, Equatable {
        var user: String?
        var password: String?
        var askPassword = false
        var host: String?
        var port = 3306
        var database: String?
        var execute: String?
    }

    /// Where it runs: the host or a container.
    public let origin: TrafficOrigin
    /// The OS user (the default account name).
    let osUser: String
    /// Whether its messages are Connector/C's older ones ("MySQL server").
    let saysMySQL: Bool
    var options: Options
    /// Set once connected.
    public private(set) var session: SQLSession?
    /// The lines of a statement not ended by `;` yet.
    var pending: [String] = []
    /// The language of dockersim's own texts (its "not simulated yet").
    var language = Language.en

    /// Waiting for the password (`Enter password: `, typed without echo).
    public var awaitsPassword: Bool { session == nil }

    /// The prompt the terminal shows.
    public var prompt: String {
        guard let session else { return "Enter password: " }
        if !pending.isEmpty { return "    -> " }
        return "MariaDB [\(session.database ?? "(none)")]> "
    }

    /// What starting the client led to.
    public enum Start: Sendable, Equatable {
        /// It ran and ended (an error, `-e`, statements on stdin).
        case finished(stdout: String, stderr: String, status: Int32)
        /// It waits for the terminal: the password, or the monitor after its banner.
        case interactive(SQLClient, banner: String)
    }

    /// Starts the client with `args` in `origin`.
    /// - Parameters:
    ///   - terminal: stdin is a terminal (the monitor and the password prompt; else batch mode
    ///     over `stdin`).
    public static func start(
        _ args: [String], origin: TrafficOrigin, terminal: Bool, stdin: String, language: Language = .en,
        engine: inout Engine
    ) -> Start {
        var options = Options()
        var index = 0
        func fail(_ text: String, _ status: Int32 = 1) -> Start { .finished(stdout: "", stderr: text, status: status) }
        while index < args.count {
            let arg = args[index]
            index += 1
            func value(_ attached: Substring) -> String? {
                if !attached.isEmpty { return String(attached) }
                guard index < args.count else { return nil }
                index += 1
                return args[index - 1]
            }
            if arg.hasPrefix("--") {
                let parts = arg.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                let inline = parts.count == 2 ? String(parts[1]) : nil
                func needed() -> String? { inline ?? value("") }
                switch name {
                case "password":
                    if let inline { options.password = inline } else { options.askPassword = true }
                case "user", "host", "port", "database", "execute":
                    guard let given = needed() else {
                        return fail("mysql: option '--\(name)' requires an argument\n", 1)
                    }
                    switch name {
                    case "user": options.user = given
                    case "host": options.host = given
                    case "port": options.port = Int(given) ?? 0
                    case "database": options.database = given
                    default: options.execute = given
                    }
                case "protocol", "batch", "silent", "table", "skip-column-names", "verbose", "force", "raw", "vertical":
                    break
                default:
                    return fail("mysql: unknown option '--\(name)'\n", 7)
                }
                continue
            }
            if arg.hasPrefix("-") && arg.count > 1 {
                let letter = arg.dropFirst().first ?? " "
                let rest = arg.dropFirst(2)
                switch letter {
                case "p":
                    if rest.isEmpty { options.askPassword = true } else { options.password = String(rest) }
                case "u", "h", "P", "D", "e":
                    guard let given = value(rest) else {
                        return fail("mysql: option '-\(letter)' requires an argument\n", 1)
                    }
                    switch letter {
                    case "u": options.user = given
                    case "h": options.host = given
                    case "P": options.port = Int(given) ?? 0
                    case "D": options.database = given
                    default: options.execute = given
                    }
                case "B", "s", "t", "N", "v", "f", "r", "E":
                    break
                default:
                    return fail("mysql: unknown option '-\(letter)'\n", 7)
                }
                continue
            }
            if options.database == nil { options.database = arg }
        }
        let local: SQLServerSpec? =
            if case .container(let id) = origin { ContainerRuntime.localSQLServer(in: id, engine: engine) } else { nil }
        let prompts = options.askPassword && terminal && options.execute == nil
        if options.askPassword && !prompts { options.password = "" }
        var client = SQLClient(
            origin: origin, osUser: origin == .host ? Shell.hostUser : "root", saysMySQL: local?.saysMySQL ?? false,
            options: options)
        client.language = language
        if prompts { return .interactive(client, banner: "") }
        switch client.connect(engine: &engine) {
        case .failure(let error):
            return fail(error.text + "\n")
        case .success(let session):
            client.session = session
        }
        if let statements = options.execute ?? (terminal ? nil : stdin) {
            return client.batch(statements, engine: &engine)
        }
        return .interactive(client, banner: client.banner)
    }

    /// Connects as the options say: the server's socket (no host, or `localhost`) or TCP
    /// (``SQLConnection/open(host:port:user:password:database:from:engine:)``), with the client's
    /// words for a failure.
    mutating func connect(engine: inout Engine) -> Result<SQLSession, ClientError> {
        let server = saysMySQL ? "MySQL server" : "server"
        let opened = SQLConnection.open(
            host: options.host, port: options.port, user: options.user ?? osUser, password: options.password,
            database: options.database, from: origin, engine: &engine)
        switch opened {
        case .success(let session):
            return .success(session)
        case .failure(.noSocket):
            return Self.failed(
                "ERROR 2002 (HY000): Can't connect to local \(server) through socket '/run/mysqld/mysqld.sock' (2)")
        case .failure(.unknownHost(let host)):
            return Self.failed("ERROR 2005 (HY000): Unknown \(server) host '\(host)' (-2)")
        case .failure(.lost(let systemError)):
            return Self.failed(
                "ERROR 2013 (HY000): Lost connection to \(server) at 'handshake: reading initial communication packet', system error: \(systemError)"
            )
        case .failure(.timedOut(let host)):
            return Self.failed("ERROR 2002 (HY000): Can't connect to \(server) on '\(host)' (110)")
        case .failure(.noRoute(let host)):
            return Self.failed("ERROR 2002 (HY000): Can't connect to \(server) on '\(host)' (113)")
        case .failure(.unreachable(let host)), .failure(.refused(let host)):
            return Self.failed("ERROR 2002 (HY000): Can't connect to \(server) on '\(host)' (115)")
        case .failure(.server(let error)):
            return Self.failed(error.text)
        }
    }

    /// A connection that failed, with the client's message.
    struct ClientError: Error, Sendable {
        var text: String
    }

    static func failed(_ text: String) -> Result<SQLSession, ClientError> { .failure(ClientError(text: text)) }

    /// The monitor's welcome.
    var banner: String {
        guard let session else { return "" }
        return """
            Welcome to the MariaDB monitor.  Commands end with ; or \\g.
            Your MariaDB connection id is \(session.connectionID)
            Server version: \(session.server.version) mariadb.org binary distribution

            Copyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.

            Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.


            """
    }

    /// One line from the terminal: the password, or a line of the monitor. Returns what it
    /// printed and, when the client ended, its status.
    public mutating func feed(_ line: String, engine: inout Engine) -> (stdout: String, stderr: String, exited: Int32?)
    {
        guard session != nil else {
            options.password = line
            switch connect(engine: &engine) {
            case .failure(let error): return ("", error.text + "\n", 1)
            case .success(let session):
                self.session = session
                return (banner, "", nil)
            }
        }
        let trimmed = line.trimmingSQLSpaces()
        if pending.isEmpty {
            let lower = trimmed.lowercased()
            let word = lower.split(separator: " ").first.map(String.init) ?? ""
            let bare = word.hasSuffix(";") ? String(word.dropLast()) : word
            if ["exit", "quit", "\\q"].contains(bare) || lower == "\\q" { return ("Bye\n", "", 0) }
            if trimmed.isEmpty { return ("", "", nil) }
            if bare == "use" || lower.hasPrefix("\\u ") {
                let name = trimmed.split(separator: " ").dropFirst().first.map {
                    String($0.hasSuffix(";") ? $0.dropLast() : $0).trimmingCharacters("`")
                }
                guard let name, !name.isEmpty else {
                    return ("", "USE must be followed by a database name\n", nil)
                }
                let printed = run("USE `\(name)`", engine: &engine, interactive: true)
                return (printed.stdout, printed.stderr, nil)
            }
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        guard let end = Self.statementEnd(text) else { return ("", "", nil) }
        pending = []
        var out = ""
        var err = ""
        for statement in Self.split(String(text[..<end])) where !statement.trimmingSQLSpaces().isEmpty {
            let printed = run(statement, engine: &engine, interactive: true)
            out += printed.stdout
            err += printed.stderr
        }
        return (out, err, nil)
    }

    /// End of input (Ctrl-D): the monitor says `Bye`.
    public func endOfInput() -> String { session == nil ? "\n" : "Bye\n" }

    /// Ctrl-C: the statement being typed is dropped.
    public mutating func interrupt() -> String {
        pending = []
        return "^C\n"
    }

    /// Where the statements typed end (after the last `;` outside quotes), or nil.
    static func statementEnd(_ text: String) -> String.Index? {
        var quote: Character?
        var last: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let open = quote {
                if c == "\\" {
                    index = text.index(after: index)
                    if index < text.endIndex { index = text.index(after: index) }
                    continue
                }
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == ";" {
                last = index
            } else if c == "\\", text[index...].hasPrefix("\\g") || text[index...].hasPrefix("\\G") {
                last = index
            }
            index = text.index(after: index)
        }
        return last
    }

    /// Statements separated by `;` outside quotes.
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if quote != nil && c == "\\" {
                current.append(c)
                escaped = true
                continue
            }
            if let open = quote {
                if c == open { quote = nil }
                current.append(c)
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
                current.append(c)
            } else if c == ";" {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts.map { $0.replacingOccurrences("\\g", with: "").replacingOccurrences("\\G", with: "") }
    }

    /// Runs one statement and formats what the server answered.
    mutating func run(_ statement: String, engine: inout Engine, interactive: Bool) -> (stdout: String, stderr: String)
    {
        guard var session else { return ("", "") }
        defer { self.session = session }
        do throws(SQLError) {
            let result = try engine.sqlExecute(statement, session: &session)
            return (Self.render(result, interactive: interactive), "")
        } catch {
            if error.code == -1 {
                return ("", Message.notSimulated("SQL \(error.message)").text(language) + "\n")
            }
            return ("", error.text + "\n")
        }
    }

    /// Statements from `-e` or a pipe: tab-separated results with a header, no timings; the
    /// first error ends it (`ERROR … at line N`, status 1).
    mutating func batch(_ text: String, engine: inout Engine) -> Start {
        var out = ""
        var line = 1
        for statement in Self.split(text) {
            defer { line += statement.filter { $0 == "\n" }.count }
            let trimmed = statement.trimmingSQLSpaces()
            if trimmed.isEmpty { continue }
            let lower = trimmed.lowercased()
            if lower == "exit" || lower == "quit" || lower == "\\q" { break }
            guard var session else { break }
            do throws(SQLError) {
                let result = try engine.sqlExecute(trimmed, session: &session)
                self.session = session
                if case .rows(let columns, let rows) = result {
                    out += columns.map(\.name).joined(separator: "\t") + "\n"
                    for row in rows { out += row.map(\.display).joined(separator: "\t") + "\n" }
                }
            } catch {
                let located = "ERROR \(error.code) (\(error.state)) at line \(line): \(error.message)\n"
                return .finished(stdout: out, stderr: located, status: 1)
            }
        }
        return .finished(stdout: out, stderr: "", status: 0)
    }

    /// The monitor's output: a boxed table with the row count, `Query OK`, `Database changed`.
    static func render(_ result: SQLResult, interactive: Bool) -> String {
        let time = "(0.001 sec)"
        switch result {
        case .databaseChanged:
            return "Database changed\n"
        case .ok(let affected, let info):
            var text = "Query OK, \(affected) row\(affected == 1 ? "" : "s") affected \(time)\n"
            if let info { text += info + "\n" }
            return text + "\n"
        case .rows(let columns, let rows):
            guard !rows.isEmpty else { return "Empty set \(time)\n\n" }
            var widths = columns.map { $0.name.count }
            for row in rows {
                for (index, value) in row.enumerated() where index < widths.count {
                    widths[index] = max(widths[index], value.display.count)
                }
            }
            let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
            func line(_ cells: [String], right: [Bool]) -> String {
                var text = "|"
                for (index, cell) in cells.enumerated() {
                    let pad = String(repeating: " ", count: widths[index] - cell.count)
                    text += " " + (right[index] ? pad + cell : cell + pad) + " |"
                }
                return text + "\n"
            }
            var text = rule + line(columns.map(\.name), right: columns.map { _ in false }) + rule
            for row in rows {
                let right = zip(columns, row).map { column, value in column.numeric && value != .null }
                text += line(row.map(\.display), right: right)
            }
            text += rule
            text += "\(rows.count) row\(rows.count == 1 ? "" : "s") in set \(time)\n\n"
            return text
        }
    }
}

extension ContainerRuntime {
    /// The SQL server installed in a container's image (the one its client would say it came
    /// with), running or not.
    static func localSQLServer(in id: String, engine: Engine) -> SQLServerSpec? {
        for path in ["/usr/sbin/mariadbd", "/usr/sbin/mysqld"] {
            if let spec = engine.program(path, in: id)?.spec.sqlServer { return spec }
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(_ character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
