import Crypto

// A small MariaDB server: what the `mariadb`/`mysql` client and the simulated applications
// (WordPress, a PHP page with mysqli) talk to. Its data lives in the container's data folder
// (`/var/lib/mysql`), as files, so a volume or a host folder keeps it and a new container finds it:
//
//   mysql/global_priv.MAD   the accounts: `user TAB host TAB password-hash TAB databases` a line
//                           (`*` for all); written by the image's entrypoint on its first start
//   NAME/db.opt             a database (a folder with db.opt)
//   NAME/TABLE.frm          a table's columns: `name TAB type TAB flags` a line
//   NAME/TABLE.ibd          its rows: one line each, the values TAB-separated (`\N` for NULL)
//
// The real files are binary; these hold the same facts as text (sizes are therefore not the
// server's). What the server answers (result sets, "Query OK", MariaDB's error numbers and texts,
// sql/share/errmsg-utf8.txt) is data; the client formats it.

/// The SQL server a program is (a catalog `sql VERSION /DATADIR` line).
public struct SQLServerSpec: Sendable, Equatable {
    /// What `SELECT VERSION()` and the client's banner say (`10.5.23-MariaDB-1:10.5.23+maria~ubu2004`).
    public var version: String
    /// The data folder (`/var/lib/mysql`).
    public var datadir: String

    public init(version: String, datadir: String) {
        self.version = version
        self.datadir = datadir
    }

    /// Connector/C before 3.3 (MariaDB 10.5 and older) still says "MySQL server" in its errors.
    public var saysMySQL: Bool {
        let parts = version.split(separator: ".").prefix(2).compactMap { Int($0.prefix { $0.isNumber }) }
        guard parts.count == 2 else { return false }
        return parts[0] < 10 || (parts[0] == 10 && parts[1] <= 5)
    }
}

/// An error the server sends: `ERROR 1049 (42000): Unknown database 'x'`.
public struct SQLError: Error, Sendable, Equatable {
    public var code: Int
    public var state: String
    public var message: String

    public init(_ code: Int, _ state: String, _ message: String) {
        self.code = code
        self.state = state
        self.message = message
    }

    /// As the client prints it.
    public var text: String { "ERROR \(code) (\(state)): \(message)" }
}

/// A value of a row.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case int(Int64)
    case text(String)

    /// How the client shows it (`NULL` for null).
    public var display: String {
        switch self {
        case .null: "NULL"
        case .int(let n): String(n)
        case .text(let s): s
        }
    }
}

/// A column of a result set.
public struct SQLColumn: Sendable, Equatable {
    public var name: String
    /// Numbers are right-aligned by the client.
    public var numeric: Bool

    public init(_ name: String, numeric: Bool = false) {
        self.name = name
        self.numeric = numeric
    }
}

/// What a statement did.
public enum SQLResult: Sendable, Equatable {
    /// A result set (`SELECT`, `SHOW`).
    case rows([SQLColumn], [[SQLValue]])
    /// `Query OK, N rows affected`, with the `Records: …` line of a multi-row insert.
    case ok(affected: Int, info: String?)
    /// `USE db`: the client says `Database changed`.
    case databaseChanged(String)
}

/// One client's connection to a server.
public struct SQLSession: Sendable, Equatable {
    public var containerID: String
    public var user: String
    /// The account's host (`%`, `localhost`), as the server's access errors name it.
    public var accountHost: String
    /// Where the client connects from, as the server sees it (`localhost`, `172.17.0.1`).
    public var clientHost: String
    /// The databases the account may use (`*`: all).
    public var grants: [String]
    /// The current database (`USE`).
    public var database: String?
    /// The server's thread id (`Your MariaDB connection id is 3`).
    public var connectionID: Int
    public var server: SQLServerSpec
}

/// An account of `mysql/global_priv.MAD`.
struct SQLAccount: Sendable, Equatable {
    var user: String
    var host: String
    var passwordHash: String
    var grants: [String]

    /// MySQL's native password hash: `*` and the SHA-1 of the SHA-1 of the password, in capitals.
    static func hash(_ password: String) -> String {
        guard !password.isEmpty else { return "" }
        let once = Insecure.SHA1.hash(data: Array(password.utf8))
        let twice = Insecure.SHA1.hash(data: Array(once))
        return "*"
            + twice.map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return byte < 16 ? "0" + digits : digits
            }.joined()
    }

    var line: String { [user, host, passwordHash, grants.joined(separator: ",")].joined(separator: "\t") + "\n" }

    static func parse(_ text: String) -> [SQLAccount] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4 else { return nil }
            return SQLAccount(
                user: parts[0], host: parts[1], passwordHash: parts[2],
                grants: parts[3].split(separator: ",").map(String.init))
        }
    }
}

/// A column of a table, as `CREATE TABLE` declared it.
struct SQLColumnDefinition: Sendable, Equatable {
    var name: String
    /// As MariaDB shows it (`int(11)`, `varchar(50)`).
    var type: String
    var notNull = false
    var autoIncrement = false
    var primaryKey = false
    var defaultValue: SQLValue?

    var isNumeric: Bool {
        let base = type.prefix { $0.isLetter }
        return ["int", "tinyint", "smallint", "mediumint", "bigint", "decimal", "float", "double", "numeric"]
            .contains(String(base))
    }

    var isInteger: Bool { type.prefix { $0.isLetter }.hasSuffix("int") }

    var line: String {
        var flags: [String] = []
        if notNull { flags.append("not-null") }
        if autoIncrement { flags.append("auto-increment") }
        if primaryKey { flags.append("primary-key") }
        if let value = defaultValue { flags.append("default=" + SQLRowCodec.encode(value)) }
        return name + "\t" + type + "\t" + flags.joined(separator: " ") + "\n"
    }

    static func parse(_ text: String) -> [SQLColumnDefinition] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { return nil }
            var column = SQLColumnDefinition(name: parts[0], type: parts[1])
            for flag in parts[2].split(separator: " ") {
                switch flag {
                case "not-null": column.notNull = true
                case "auto-increment": column.autoIncrement = true
                case "primary-key": column.primaryKey = true
                default:
                    if flag.hasPrefix("default=") {
                        column.defaultValue = SQLRowCodec.decode(String(flag.dropFirst(8)))
                    }
                }
            }
            return column
        }
    }
}

/// Rows as text: values TAB-separated, `\N` for NULL, `\t` `\n` `\\` escaped; a number is
/// written as it is, a string with a leading `'`.
enum SQLRowCodec {
    static func encode(_ value: SQLValue) -> String {
        switch value {
        case .null: return "\\N"
        case .int(let n): return String(n)
        case .text(let s):
            var out = "'"
            for character in s {
                switch character {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case " ": out += "\\s"
                default: out.append(character)
                }
            }
            return out
        }
    }

    static func decode(_ text: String) -> SQLValue {
        if text == "\\N" { return .null }
        guard text.hasPrefix("'") else { return Int64(text).map(SQLValue.int) ?? .text(text) }
        var out = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "s": out += " "
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return .text(out)
    }

    static func encodeRow(_ row: [SQLValue]) -> String {
        row.map(encode).joined(separator: "\t") + "\n"
    }

    static func decodeRows(_ text: String) -> [[SQLValue]] {
        text.split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { decode(String($0)) }
        }
    }
}
