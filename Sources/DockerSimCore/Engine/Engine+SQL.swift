// The SQL server of a database container (see SQL/SQLModel.swift for where its data lives). The
// API the MariaDB client and the simulated applications use:
//
//   engine.sqlInitialize(id, datadir:, env:)         the entrypoint's first start: accounts, database
//   var s = try engine.sqlConnect(id, server:, user:, password:, clientHost:, database:)
//   let result = try engine.sqlExecute("SELECT * FROM t", session: &s)
//
// Who may connect at all (a running server, a route, a published port) is the network's
// business (`Engine.connect`); the caller then names the client's address as the server sees it
// (`localhost` through the socket, `127.0.0.1` over TCP inside the container, the gateway
// through a published port).

extension Engine {
    // MARK: - Files

    func sqlRead(_ id: String, _ path: String) -> String? {
        guard let content = try? containers[id]?.fs.read(path, cwd: []) else { return nil }
        return content.text ?? ""
    }

    mutating func sqlWrite(_ id: String, _ path: String, _ text: String) throws(SQLError) {
        let time = now.seconds
        do {
            try withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
                try fs.write(path, cwd: [], bytes: Array(text.utf8), append: false, mtime: time)
            }
        } catch {
            throw SQLError(1030, "HY000", "Got error 28 \"No space left on device\" from storage engine InnoDB")
        }
    }

    mutating func sqlMakeDirectory(_ id: String, _ path: String) throws(SQLError) {
        let time = now.seconds
        do {
            try withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
                try fs.makeDirectory(path, cwd: [], parents: true, mtime: time)
            }
        } catch {
            throw SQLError(
                1006, "HY000",
                "Can't create database '\(path.split(separator: "/").last ?? "")' (errno: 28 \"No space left on device\")"
            )
        }
    }

    mutating func sqlRemove(_ id: String, _ path: String) {
        _ = try? withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
            try fs.remove(path, cwd: [], recursive: true)
        }
    }

    /// The databases of a data folder (information_schema is the server's own).
    func sqlDatabases(_ id: String, datadir: String) -> [String] {
        let entries = containers[id]?.fs.list(FilePath.normalize(datadir)) ?? [:]
        let folders = entries.compactMap { name, node -> String? in
            if case .directory = node, !name.hasPrefix("#"), name != "lost+found" { return name }
            return nil
        }
        return ["information_schema"] + folders.sorted()
    }

    func sqlTables(_ id: String, datadir: String, database: String) -> [String] {
        let entries = containers[id]?.fs.list(FilePath.normalize(datadir) + [database]) ?? [:]
        return entries.keys.filter { $0.hasSuffix(".frm") }.map { String($0.dropLast(4)) }.sorted()
    }

    func sqlAccounts(_ id: String, datadir: String) -> [SQLAccount] {
        SQLAccount.parse(sqlRead(id, datadir + "/mysql/global_priv.MAD") ?? "")
    }

    // MARK: - The entrypoint

    /// What the image's entrypoint does on its first start, from the variables (MariaDB's
    /// docker-entrypoint.sh: `MARIADB_*`, or the `MYSQL_*` it also reads): root with its
    /// password (from anywhere and from `localhost`), `MARIADB_DATABASE`, and `MARIADB_USER` with
    /// `MARIADB_PASSWORD` and every right on that database.
    public mutating func sqlInitialize(_ id: String, datadir: String, env: [String]) {
        func value(_ names: String...) -> String? {
            for name in names {
                let key = name + "="
                if let found = env.last(where: { $0.hasPrefix(key) }) { return String(found.dropFirst(key.count)) }
            }
            return nil
        }
        var rootPassword = value("MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD") ?? ""
        if rootPassword.isEmpty, value("MARIADB_RANDOM_ROOT_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD") != nil {
            rootPassword = (0..<32).map { _ in String(rng.next() % 36, radix: 36) }.joined()
        }
        let rootHash = SQLAccount.hash(rootPassword)
        var accounts = [
            SQLAccount(user: "root", host: "%", passwordHash: rootHash, grants: ["*"]),
            SQLAccount(user: "root", host: "localhost", passwordHash: rootHash, grants: ["*"]),
        ]
        let database = value("MARIADB_DATABASE", "MYSQL_DATABASE") ?? ""
        if !database.isEmpty {
            try? sqlMakeDirectory(id, datadir + "/" + database)
            try? sqlWrite(id, datadir + "/" + database + "/db.opt", Self.dbOpt)
        }
        let user = value("MARIADB_USER", "MYSQL_USER") ?? ""
        if !user.isEmpty && user != "root" {
            let password = value("MARIADB_PASSWORD", "MYSQL_PASSWORD") ?? ""
            accounts.append(
                SQLAccount(
                    user: user, host: "%", passwordHash: SQLAccount.hash(password),
                    grants: database.isEmpty ? [] : [database]))
        }
        try? sqlMakeDirectory(id, datadir + "/mysql")
        try? sqlWrite(id, datadir + "/mysql/global_priv.MAD", accounts.map(\.line).joined())
    }

    static let dbOpt = "default-character-set=utf8mb4\ndefault-collation=utf8mb4_general_ci\n"

    // MARK: - Connections

    /// Logs in to the server of container `id` (its main process, `server`): the account that
    /// matches the user and the client's address, its password, then the database asked for.
    /// - Parameter clientHost: `localhost` through the server's socket, else the address the
    ///   server sees (the server skips name resolution: `skip-name-resolve` in its my.cnf).
    /// - Throws: MariaDB's `ERROR 1045 … Access denied`, `1049 Unknown database`, `1044`.
    public mutating func sqlConnect(
        _ id: String, server: SQLServerSpec, user: String, password: String?, clientHost: String,
        database: String?
    ) throws(SQLError) -> SQLSession {
        // `%` matches every client; an account for the client's own host comes first.
        let accounts = sqlAccounts(id, datadir: server.datadir).filter { account in
            account.user == user && (account.host == clientHost || account.host == "%")
        }
        let given = password ?? ""
        let usingPassword = given.isEmpty ? "NO" : "YES"
        // The most specific host first (MariaDB sorts its accounts so).
        let sorted = accounts.sorted { ($0.host == "%" ? 1 : 0) < ($1.host == "%" ? 1 : 0) }
        guard let account = sorted.first, account.passwordHash == SQLAccount.hash(given) else {
            throw SQLError(
                1045, "28000", "Access denied for user '\(user)'@'\(clientHost)' (using password: \(usingPassword))")
        }
        let started = containers[id]?.startedAt ?? .zero
        var next = 3
        if let (time, last) = sqlConnectionIDs[id], time == started { next = last + 1 }
        sqlConnectionIDs[id] = (started, next)
        var session = SQLSession(
            containerID: id, user: user, accountHost: account.host, clientHost: clientHost, grants: account.grants,
            database: nil,
            connectionID: next, server: server)
        if let database, !database.isEmpty {
            _ = try sqlExecute(statement: .use(database), session: &session)
        }
        return session
    }

    /// Runs one statement (no `;`) for `session`.
    public mutating func sqlExecute(_ text: String, session: inout SQLSession) throws(SQLError) -> SQLResult {
        try sqlExecute(statement: try SQLParser.parse(text), session: &session)
    }

    // MARK: - Statements

    func sqlMayUse(_ session: SQLSession, _ database: String) -> Bool {
        session.grants.contains("*") || session.grants.contains(database) || database == "information_schema"
    }

    func sqlDenied(_ session: SQLSession, _ database: String) -> SQLError {
        SQLError(
            1044, "42000", "Access denied for user '\(session.user)'@'\(session.accountHost)' to database '\(database)'"
        )
    }

    func sqlTable(_ name: SQLTableName, _ session: SQLSession) throws(SQLError) -> (database: String, path: String) {
        guard let database = name.database ?? session.database else {
            throw SQLError(1046, "3D000", "No database selected")
        }
        guard sqlMayUse(session, database) else {
            throw SQLError(
                1142, "42000",
                "SELECT command denied to user '\(session.user)'@'\(session.accountHost)' for table `\(database)`.`\(name.name)`"
            )
        }
        return (database, session.server.datadir + "/" + database + "/" + name.name)
    }

    func sqlColumns(
        _ id: String, _ name: SQLTableName, _ table: (database: String, path: String)
    ) throws(SQLError)
        -> [SQLColumnDefinition]
    {
        guard let text = sqlRead(id, table.path + ".frm") else {
            throw SQLError(1146, "42S02", "Table '\(table.database).\(name.name)' doesn't exist")
        }
        return SQLColumnDefinition.parse(text)
    }

    mutating func sqlExecute(statement: SQLStatement, session: inout SQLSession) throws(SQLError) -> SQLResult {
        let id = session.containerID
        let datadir = session.server.datadir
        let databases = sqlDatabases(id, datadir: datadir)
        switch statement {
        case .showDatabases:
            let visible = databases.filter { sqlMayUse(session, $0) }
            return .rows([SQLColumn("Database")], visible.map { [.text($0)] })
        case .showTables:
            guard let database = session.database else { throw SQLError(1046, "3D000", "No database selected") }
            return .rows(
                [SQLColumn("Tables_in_" + database)],
                sqlTables(id, datadir: datadir, database: database).map { [.text($0)] })
        case .use(let name):
            guard databases.contains(name) else {
                if !sqlMayUse(session, name) { throw sqlDenied(session, name) }
                throw SQLError(1049, "42000", "Unknown database '\(name)'")
            }
            guard sqlMayUse(session, name) else { throw sqlDenied(session, name) }
            session.database = name
            return .databaseChanged(name)
        case .createDatabase(let name, let ifNotExists):
            guard session.grants.contains("*") || session.grants.contains(name) else { throw sqlDenied(session, name) }
            if databases.contains(name) {
                if ifNotExists { return .ok(affected: 0, info: nil) }
                throw SQLError(1007, "HY000", "Can't create database '\(name)'; database exists")
            }
            try sqlMakeDirectory(id, datadir + "/" + name)
            try sqlWrite(id, datadir + "/" + name + "/db.opt", Self.dbOpt)
            return .ok(affected: 1, info: nil)
        case .dropDatabase(let name, let ifExists):
            guard session.grants.contains("*") || session.grants.contains(name) else { throw sqlDenied(session, name) }
            guard databases.contains(name), name != "information_schema" else {
                if ifExists { return .ok(affected: 0, info: nil) }
                throw SQLError(1008, "HY000", "Can't drop database '\(name)'; database doesn't exist")
            }
            let count = sqlTables(id, datadir: datadir, database: name).count
            sqlRemove(id, datadir + "/" + name)
            if session.database == name { session.database = nil }
            return .ok(affected: count, info: nil)
        case .createTable(let name, let columns, let ifNotExists):
            let table = try sqlTable(name, session)
            guard databases.contains(table.database) else {
                throw SQLError(1049, "42000", "Unknown database '\(table.database)'")
            }
            if sqlRead(id, table.path + ".frm") != nil {
                if ifNotExists { return .ok(affected: 0, info: nil) }
                throw SQLError(1050, "42S01", "Table '\(name.name)' already exists")
            }
            var seen: Set<String> = []
            for column in columns where !seen.insert(column.name.lowercased()).inserted {
                throw SQLError(1060, "42S21", "Duplicate column name '\(column.name)'")
            }
            try sqlWrite(id, table.path + ".frm", columns.map(\.line).joined())
            try sqlWrite(id, table.path + ".ibd", "")
            return .ok(affected: 0, info: nil)
        case .dropTable(let name, let ifExists):
            let table = try sqlTable(name, session)
            guard sqlRead(id, table.path + ".frm") != nil else {
                if ifExists { return .ok(affected: 0, info: nil) }
                throw SQLError(1051, "42S02", "Unknown table '\(table.database).\(name.name)'")
            }
            sqlRemove(id, table.path + ".frm")
            sqlRemove(id, table.path + ".ibd")
            return .ok(affected: 0, info: nil)
        case .describe(let name):
            let table = try sqlTable(name, session)
            let columns = try sqlColumns(id, name, table)
            let header = ["Field", "Type", "Null", "Key", "Default", "Extra"].map { SQLColumn($0) }
            let rows: [[SQLValue]] = columns.map { column in
                [
                    .text(column.name), .text(column.type), .text(column.notNull ? "NO" : "YES"),
                    .text(column.primaryKey ? "PRI" : ""), column.defaultValue ?? .null,
                    .text(column.autoIncrement ? "auto_increment" : ""),
                ]
            }
            return .rows(header, rows)
        case .insert(let name, let names, let values):
            let table = try sqlTable(name, session)
            let columns = try sqlColumns(id, name, table)
            var rows = SQLRowCodec.decodeRows(sqlRead(id, table.path + ".ibd") ?? "")
            let targets: [Int]
            if let names {
                var list: [Int] = []
                for name in names {
                    guard let at = columns.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                        throw SQLError(1054, "42S22", "Unknown column '\(name)' in 'field list'")
                    }
                    list.append(at)
                }
                targets = list
            } else {
                targets = Array(columns.indices)
            }
            for (number, row) in values.enumerated() {
                guard row.count == targets.count else {
                    throw SQLError(1136, "21S01", "Column count doesn't match value count at row \(number + 1)")
                }
                var record = [SQLValue?](repeating: nil, count: columns.count)
                for (slot, expression) in zip(targets, row) {
                    record[slot] = try sqlEvaluate(expression, row: nil, columns: [], session: session)
                }
                var final: [SQLValue] = []
                for (at, column) in columns.enumerated() {
                    var value = record[at] ?? column.defaultValue
                    if column.autoIncrement, value == nil || value == .null || value == .int(0) {
                        let highest =
                            rows.compactMap { row -> Int64? in
                                if at < row.count, case .int(let n) = row[at] { return n }
                                return nil
                            }.max() ?? 0
                        value = .int(highest + 1)
                    }
                    guard let given = value else {
                        if column.notNull {
                            throw SQLError(1364, "HY000", "Field '\(column.name)' doesn't have a default value")
                        }
                        final.append(.null)
                        continue
                    }
                    final.append(
                        try sqlStore(given, column: column, table: table.database + "`.`" + name.name, row: number + 1))
                }
                if let key = columns.firstIndex(where: \.primaryKey),
                    rows.contains(where: { key < $0.count && $0[key] == final[key] })
                {
                    throw SQLError(1062, "23000", "Duplicate entry '\(final[key].display)' for key 'PRIMARY'")
                }
                rows.append(final)
            }
            try sqlWrite(id, table.path + ".ibd", rows.map(SQLRowCodec.encodeRow).joined())
            let info = values.count > 1 ? "Records: \(values.count)  Duplicates: 0  Warnings: 0" : nil
            return .ok(affected: values.count, info: info)
        case .select(let query):
            return try sqlSelect(query, session: session)
        case .update(let name, let sets, let filter):
            let table = try sqlTable(name, session)
            let columns = try sqlColumns(id, name, table)
            var rows = SQLRowCodec.decodeRows(sqlRead(id, table.path + ".ibd") ?? "")
            var matched = 0
            var changed = 0
            for index in rows.indices {
                if let filter, try !sqlMatches(filter, row: rows[index], columns: columns, session: session) {
                    continue
                }
                matched += 1
                var updated = rows[index]
                for (column, expression) in sets {
                    guard let at = columns.firstIndex(where: { $0.name.lowercased() == column.lowercased() }) else {
                        throw SQLError(1054, "42S22", "Unknown column '\(column)' in 'field list'")
                    }
                    let value = try sqlEvaluate(expression, row: rows[index], columns: columns, session: session)
                    updated[at] = try sqlStore(
                        value, column: columns[at], table: table.database + "`.`" + name.name, row: matched)
                }
                if updated != rows[index] { changed += 1 }
                rows[index] = updated
            }
            try sqlWrite(id, table.path + ".ibd", rows.map(SQLRowCodec.encodeRow).joined())
            return .ok(affected: changed, info: "Rows matched: \(matched)  Changed: \(changed)  Warnings: 0")
        case .delete(let name, let filter):
            let table = try sqlTable(name, session)
            let columns = try sqlColumns(id, name, table)
            let rows = SQLRowCodec.decodeRows(sqlRead(id, table.path + ".ibd") ?? "")
            var kept: [[SQLValue]] = []
            for row in rows {
                if let filter, try !sqlMatches(filter, row: row, columns: columns, session: session) {
                    kept.append(row)
                }
            }
            try sqlWrite(id, table.path + ".ibd", kept.map(SQLRowCodec.encodeRow).joined())
            return .ok(affected: rows.count - kept.count, info: nil)
        case .notSimulated(let word):
            throw SQLError(-1, "", word)
        }
    }

    /// A value as the column keeps it (strict mode: a bad number or a too long text is an error).
    func sqlStore(_ value: SQLValue, column: SQLColumnDefinition, table: String, row: Int) throws(SQLError) -> SQLValue
    {
        if value == .null {
            if column.notNull { throw SQLError(1048, "23000", "Column '\(column.name)' cannot be null") }
            return .null
        }
        if column.isInteger {
            switch value {
            case .int: return value
            case .text(let text):
                if let n = Int64(text.trimmingSQLSpaces()) { return .int(n) }
                throw SQLError(
                    1366, "22007",
                    "Incorrect integer value: '\(text)' for column `\(table)`.`\(column.name)` at row \(row)")
            case .null: return .null
            }
        }
        let text = value.display
        if let open = column.type.firstIndex(of: "("),
            column.type.hasPrefix("varchar") || column.type.hasPrefix("char"),
            let limit = Int(column.type[column.type.index(after: open)...].prefix { $0.isNumber }), text.count > limit
        {
            throw SQLError(1406, "22001", "Data too long for column '\(column.name)' at row \(row)")
        }
        return column.isNumeric ? value : .text(text)
    }

    func sqlSelect(_ query: SQLSelect, session: SQLSession) throws(SQLError) -> SQLResult {
        let id = session.containerID
        guard let from = query.from else {
            let items = query.items ?? []
            if query.items == nil { throw SQLError(1096, "HY000", "No tables used") }
            var row: [SQLValue] = []
            for (expression, _) in items {
                row.append(try sqlEvaluate(expression, row: nil, columns: [], session: session))
            }
            let header = zip(items, row).map { item, value -> SQLColumn in
                if case .int = value { return SQLColumn(item.1, numeric: true) }
                return SQLColumn(item.1)
            }
            return .rows(header, [row])
        }
        let table = try sqlTable(from, session)
        let columns = try sqlColumns(id, from, table)
        var rows = SQLRowCodec.decodeRows(sqlRead(id, table.path + ".ibd") ?? "")
        if let filter = query.filter {
            var kept: [[SQLValue]] = []
            for row in rows where try sqlMatches(filter, row: row, columns: columns, session: session) {
                kept.append(row)
            }
            rows = kept
        }
        if let order = query.order {
            guard let at = columns.firstIndex(where: { $0.name.lowercased() == order.column.lowercased() }) else {
                throw SQLError(1054, "42S22", "Unknown column '\(order.column)' in 'order clause'")
            }
            rows.sort { a, b in
                let less = Self.sqlCompare(a[at], b[at]) < 0
                return order.descending ? Self.sqlCompare(a[at], b[at]) > 0 : less
            }
        }
        if let limit = query.limit { rows = Array(rows.prefix(limit)) }
        guard let items = query.items else {
            return .rows(columns.map { SQLColumn($0.name, numeric: $0.isNumeric) }, rows)
        }
        if items.contains(where: { $0.0 == .countAll }) {
            return .rows(items.map { SQLColumn($0.1, numeric: true) }, [items.map { _ in .int(Int64(rows.count)) }])
        }
        var result: [[SQLValue]] = []
        for row in rows {
            var values: [SQLValue] = []
            for (expression, _) in items {
                values.append(try sqlEvaluate(expression, row: row, columns: columns, session: session))
            }
            result.append(values)
        }
        let header = items.map { item -> SQLColumn in
            if case .column(let name) = item.0,
                let column = columns.first(where: { $0.name.lowercased() == name.lowercased() })
            {
                return SQLColumn(item.1, numeric: column.isNumeric)
            }
            return SQLColumn(item.1)
        }
        return .rows(header, result)
    }

    func sqlEvaluate(
        _ expression: SQLExpression, row: [SQLValue]?, columns: [SQLColumnDefinition], session: SQLSession
    ) throws(SQLError) -> SQLValue {
        switch expression {
        case .value(let value): return value
        case .column(let name):
            guard let row, let at = columns.firstIndex(where: { $0.name.lowercased() == name.lowercased() }),
                at < row.count
            else {
                throw SQLError(1054, "42S22", "Unknown column '\(name)' in 'field list'")
            }
            return row[at]
        case .function(let name):
            switch name {
            case "VERSION": return .text(session.server.version)
            case "DATABASE", "SCHEMA": return session.database.map(SQLValue.text) ?? .null
            case "USER", "SESSION_USER", "SYSTEM_USER":
                return .text(session.user + "@" + session.clientHost)
            case "CURRENT_USER": return .text(session.user + "@" + session.accountHost)
            case "NOW", "CURRENT_TIMESTAMP", "SYSDATE":
                return .text(ProgramSpec.format(now, "%Y-%m-%d %H:%M:%S"))
            case "CONNECTION_ID": return .int(Int64(session.connectionID))
            default:
                throw SQLError(
                    1305, "42000", "FUNCTION \(session.database ?? "(none)").\(name.lowercased()) does not exist")
            }
        case .countAll: return .int(Int64(row == nil ? 1 : 0))
        case .compare(let op, let left, let right):
            let a = try sqlEvaluate(left, row: row, columns: columns, session: session)
            let b = try sqlEvaluate(right, row: row, columns: columns, session: session)
            if a == .null || b == .null { return .null }
            if op == "LIKE" { return .int(Self.sqlLike(a.display, b.display) ? 1 : 0) }
            let order = Self.sqlCompare(a, b)
            let truth: Bool
            switch op {
            case "=": truth = order == 0
            case "<>": truth = order != 0
            case "<": truth = order < 0
            case ">": truth = order > 0
            case "<=": truth = order <= 0
            default: truth = order >= 0
            }
            return .int(truth ? 1 : 0)
        case .arithmetic(let op, let left, let right):
            let a = try sqlEvaluate(left, row: row, columns: columns, session: session)
            let b = try sqlEvaluate(right, row: row, columns: columns, session: session)
            guard a != .null, b != .null else { return .null }
            func number(_ value: SQLValue) -> Int64 {
                if case .int(let n) = value { return n }
                return Int64(value.display.trimmingSQLSpaces().prefix { $0.isNumber || $0 == "-" }) ?? 0
            }
            let (x, y) = (number(a), number(b))
            switch op {
            case "+": return .int(x &+ y)
            case "-": return .int(x &- y)
            case "*": return .int(x &* y)
            default: return y == 0 ? .null : .int(x % y)
            }
        case .and(let left, let right):
            let a = try sqlTruth(sqlEvaluate(left, row: row, columns: columns, session: session))
            let b = try sqlTruth(sqlEvaluate(right, row: row, columns: columns, session: session))
            return .int(a && b ? 1 : 0)
        case .or(let left, let right):
            let a = try sqlTruth(sqlEvaluate(left, row: row, columns: columns, session: session))
            let b = try sqlTruth(sqlEvaluate(right, row: row, columns: columns, session: session))
            return .int(a || b ? 1 : 0)
        case .not(let inner):
            let value = try sqlEvaluate(inner, row: row, columns: columns, session: session)
            if value == .null { return .null }
            return .int(sqlTruth(value) ? 0 : 1)
        case .isNull(let inner, let negated):
            let value = try sqlEvaluate(inner, row: row, columns: columns, session: session)
            return .int((value == .null) != negated ? 1 : 0)
        }
    }

    /// Whether a row passes a `WHERE` (its unknown columns are the where clause's).
    func sqlMatches(
        _ filter: SQLExpression, row: [SQLValue], columns: [SQLColumnDefinition], session: SQLSession
    ) throws(SQLError) -> Bool {
        do {
            return sqlTruth(try sqlEvaluate(filter, row: row, columns: columns, session: session))
        } catch {
            var error = error
            if error.code == 1054 { error.message = error.message.replacing("'field list'", with: "'where clause'") }
            throw error
        }
    }

    func sqlTruth(_ value: SQLValue) -> Bool {
        switch value {
        case .null: false
        case .int(let n): n != 0
        case .text(let s): (Int64(s) ?? 0) != 0
        }
    }

    /// Numbers by value, text without regard to case (utf8mb4_general_ci).
    static func sqlCompare(_ a: SQLValue, _ b: SQLValue) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.int(let x), .text(let s)), (.text(let s), .int(let x)):
            let y = Int64(s.trimmingSQLSpaces()) ?? 0
            let order = x < y ? -1 : x > y ? 1 : 0
            if case .text = a { return -order }
            return order
        case (.text(let x), .text(let y)):
            let l = x.lowercased()
            let r = y.lowercased()
            return l < r ? -1 : l > r ? 1 : 0
        }
    }

    /// `LIKE` with `%` and `_`, without regard to case.
    static func sqlLike(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.lowercased())
        let p = Array(pattern.lowercased())
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == p.count {
                result = i == t.count
            } else if p[j] == "%" {
                result = match(i, j + 1) || (i < t.count && match(i + 1, j))
            } else if i < t.count && (p[j] == "_" || p[j] == t[i]) {
                result = match(i + 1, j + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
