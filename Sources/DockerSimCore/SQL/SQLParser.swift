/// The SQL a student types at the MariaDB monitor (and simple applications send): `SHOW`,
/// `CREATE`/`DROP DATABASE`, `USE`, `CREATE`/`DROP TABLE`, `DESCRIBE`, `INSERT`, `SELECT`
/// (`WHERE`, `ORDER BY`, `LIMIT`, `COUNT(*)`), `UPDATE`, `DELETE`. Anything else is either
/// MariaDB's syntax error or, for real statements it does not model (`GRANT`, `ALTER`…), a
/// statement the simulator says it does not simulate.
indirect enum SQLStatement: Sendable, Equatable {
    case showDatabases
    case showTables
    case createDatabase(String, ifNotExists: Bool)
    case dropDatabase(String, ifExists: Bool)
    case use(String)
    case createTable(SQLTableName, [SQLColumnDefinition], ifNotExists: Bool)
    case dropTable(SQLTableName, ifExists: Bool)
    case describe(SQLTableName)
    case insert(SQLTableName, columns: [String]?, rows: [[SQLExpression]])
    case select(SQLSelect)
    case update(SQLTableName, [(String, SQLExpression)], SQLExpression?)
    case delete(SQLTableName, SQLExpression?)
    /// A statement MariaDB has that the simulator does not model (its first word).
    case notSimulated(String)

    static func == (lhs: SQLStatement, rhs: SQLStatement) -> Bool { "\(lhs)" == "\(rhs)" }
}

struct SQLTableName: Sendable, Equatable {
    var database: String?
    var name: String
}

struct SQLSelect: Sendable, Equatable {
    /// Nil for `*`.
    var items: [(SQLExpression, String)]?
    var from: SQLTableName?
    var filter: SQLExpression?
    var order: (column: String, descending: Bool)?
    var limit: Int?

    static func == (lhs: SQLSelect, rhs: SQLSelect) -> Bool { "\(lhs)" == "\(rhs)" }
}

indirect enum SQLExpression: Sendable, Equatable {
    case value(SQLValue)
    case column(String)
    case function(String)
    case countAll
    case compare(String, SQLExpression, SQLExpression)
    /// `+`, `-`, `*`, `%` on whole numbers.
    case arithmetic(String, SQLExpression, SQLExpression)
    case and(SQLExpression, SQLExpression)
    case or(SQLExpression, SQLExpression)
    case not(SQLExpression)
    case isNull(SQLExpression, negated: Bool)
}

struct SQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case word
        case quoted
        case string
        case number
        case symbol
    }
    var kind: Kind
    var text: String
    /// Where it starts in the statement (for "near '…'").
    var offset: Int

    func isKeyword(_ word: String) -> Bool { kind == .word && text.uppercased() == word }
}

struct SQLParser {
    let source: [Character]
    var tokens: [SQLToken] = []
    var index = 0

    /// MariaDB's syntax error, naming the text from `offset` on (`near '' at line 1` at the end).
    func syntaxError(at offset: Int?) -> SQLError {
        let near = offset.map { String(source[min($0, source.count)...]) } ?? ""
        let line = 1 + source.prefix(offset ?? source.count).filter { $0 == "\n" }.count
        let shown = near.count > 80 ? String(near.prefix(80)) : near
        return SQLError(
            1064, "42000",
            "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '\(shown)' at line \(line)"
        )
    }

    init(_ text: String) throws(SQLError) {
        source = Array(text)
        var i = 0
        while i < source.count {
            let c = source[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if c.isLetter || c == "_" || c == "$" {
                while i < source.count, source[i].isLetter || source[i].isNumber || source[i] == "_" || source[i] == "$"
                {
                    i += 1
                }
                tokens.append(SQLToken(kind: .word, text: String(source[start..<i]), offset: start))
            } else if c.isNumber {
                while i < source.count, source[i].isNumber || source[i] == "." { i += 1 }
                tokens.append(SQLToken(kind: .number, text: String(source[start..<i]), offset: start))
            } else if c == "'" || c == "\"" || c == "`" {
                var text = ""
                i += 1
                var closed = false
                while i < source.count {
                    let d = source[i]
                    if d == "\\" && c != "`", i + 1 < source.count {
                        let e = source[i + 1]
                        text.append(e == "n" ? "\n" : e == "t" ? "\t" : e)
                        i += 2
                        continue
                    }
                    if d == c {
                        if i + 1 < source.count, source[i + 1] == c {
                            text.append(c)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    text.append(d)
                    i += 1
                }
                guard closed else { throw syntaxErrorStatic(start) }
                tokens.append(SQLToken(kind: c == "`" ? .quoted : .string, text: text, offset: start))
            } else {
                let two = i + 1 < source.count ? String(source[i...i + 1]) : ""
                if ["<>", "!=", "<=", ">="].contains(two) {
                    tokens.append(SQLToken(kind: .symbol, text: two, offset: start))
                    i += 2
                } else {
                    tokens.append(SQLToken(kind: .symbol, text: String(c), offset: start))
                    i += 1
                }
            }
        }
    }

    private func syntaxErrorStatic(_ offset: Int) -> SQLError { syntaxError(at: offset) }

    var current: SQLToken? { index < tokens.count ? tokens[index] : nil }

    func error() -> SQLError { syntaxError(at: current?.offset) }

    mutating func keyword(_ word: String) -> Bool {
        guard let token = current, token.isKeyword(word) else { return false }
        index += 1
        return true
    }

    mutating func expectKeyword(_ word: String) throws(SQLError) {
        guard keyword(word) else { throw error() }
    }

    mutating func symbol(_ text: String) -> Bool {
        guard let token = current, token.kind == .symbol, token.text == text else { return false }
        index += 1
        return true
    }

    mutating func expectSymbol(_ text: String) throws(SQLError) {
        guard symbol(text) else { throw error() }
    }

    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "INSERT", "INTO", "VALUES", "CREATE", "TABLE", "DATABASE",
        "DROP", "AND", "OR", "NOT", "NULL", "UPDATE", "SET", "DELETE", "USE", "SHOW", "PRIMARY", "KEY", "DEFAULT",
        "AS", "IS",
    ]

    mutating func identifier() throws(SQLError) -> String {
        guard let token = current else { throw error() }
        if token.kind == .quoted || (token.kind == .word && !Self.reserved.contains(token.text.uppercased())) {
            index += 1
            return token.text
        }
        throw error()
    }

    mutating func tableName() throws(SQLError) -> SQLTableName {
        let first = try identifier()
        if symbol(".") { return SQLTableName(database: first, name: try identifier()) }
        return SQLTableName(database: nil, name: first)
    }

    /// Parses one statement (without its `;`).
    static func parse(_ text: String) throws(SQLError) -> SQLStatement {
        var parser = try SQLParser(text)
        let statement = try parser.statement()
        guard parser.current == nil else { throw parser.error() }
        return statement
    }

    mutating func statement() throws(SQLError) -> SQLStatement {
        guard let first = current else { throw SQLError(1065, "42000", "Query was empty") }
        guard first.kind == .word else { throw syntaxError(at: first.offset) }
        switch first.text.uppercased() {
        case "SHOW":
            index += 1
            if keyword("DATABASES") || keyword("SCHEMAS") { return .showDatabases }
            if keyword("TABLES") { return .showTables }
            return .notSimulated("SHOW")
        case "USE":
            index += 1
            return .use(try identifier())
        case "CREATE":
            index += 1
            if keyword("DATABASE") || keyword("SCHEMA") {
                let ifNotExists = try ifClause(not: true)
                let name = try identifier()
                skipRest()
                return .createDatabase(name, ifNotExists: ifNotExists)
            }
            if keyword("TABLE") {
                let ifNotExists = try ifClause(not: true)
                let name = try tableName()
                return .createTable(name, try columnDefinitions(), ifNotExists: ifNotExists)
            }
            if current?.isKeyword("USER") == true || current?.isKeyword("OR") == true
                || current?.isKeyword("VIEW") == true || current?.isKeyword("INDEX") == true
            {
                return .notSimulated("CREATE " + (current?.text.uppercased() ?? ""))
            }
            throw error()
        case "DROP":
            index += 1
            if keyword("DATABASE") || keyword("SCHEMA") {
                let ifExists = try ifClause(not: false)
                return .dropDatabase(try identifier(), ifExists: ifExists)
            }
            if keyword("TABLE") {
                let ifExists = try ifClause(not: false)
                return .dropTable(try tableName(), ifExists: ifExists)
            }
            return .notSimulated("DROP")
        case "DESCRIBE", "DESC":
            index += 1
            return .describe(try tableName())
        case "INSERT":
            index += 1
            try expectKeyword("INTO")
            let table = try tableName()
            var columns: [String]?
            if symbol("(") {
                var names: [String] = []
                repeat { names.append(try identifier()) } while symbol(",")
                try expectSymbol(")")
                columns = names
            }
            guard keyword("VALUES") || keyword("VALUE") else { throw error() }
            var rows: [[SQLExpression]] = []
            repeat {
                try expectSymbol("(")
                var row: [SQLExpression] = []
                if !symbol(")") {
                    repeat { row.append(try expression()) } while symbol(",")
                    try expectSymbol(")")
                }
                rows.append(row)
            } while symbol(",")
            return .insert(table, columns: columns, rows: rows)
        case "SELECT":
            index += 1
            return .select(try select())
        case "UPDATE":
            index += 1
            let table = try tableName()
            try expectKeyword("SET")
            var sets: [(String, SQLExpression)] = []
            repeat {
                let name = try identifier()
                try expectSymbol("=")
                sets.append((name, try expression()))
            } while symbol(",")
            let filter = keyword("WHERE") ? try expression() : nil
            return .update(table, sets, filter)
        case "DELETE":
            index += 1
            try expectKeyword("FROM")
            let table = try tableName()
            let filter = keyword("WHERE") ? try expression() : nil
            return .delete(table, filter)
        case "GRANT", "REVOKE", "ALTER", "FLUSH", "SET", "TRUNCATE", "RENAME", "LOCK", "UNLOCK", "START", "BEGIN",
            "COMMIT", "ROLLBACK", "EXPLAIN", "ANALYZE", "OPTIMIZE", "REPLACE", "CALL", "SOURCE":
            return .notSimulated(first.text.uppercased())
        default:
            throw syntaxError(at: first.offset)
        }
    }

    mutating func skipRest() {
        // `CREATE DATABASE x CHARACTER SET …`: the options are accepted as they are.
        index = tokens.count
    }

    mutating func ifClause(not: Bool) throws(SQLError) -> Bool {
        guard keyword("IF") else { return false }
        if not { try expectKeyword("NOT") }
        try expectKeyword("EXISTS")
        return true
    }

    mutating func columnDefinitions() throws(SQLError) -> [SQLColumnDefinition] {
        try expectSymbol("(")
        var columns: [SQLColumnDefinition] = []
        var primary: [String] = []
        repeat {
            if keyword("PRIMARY") {
                try expectKeyword("KEY")
                try expectSymbol("(")
                repeat { primary.append(try identifier()) } while symbol(",")
                try expectSymbol(")")
                continue
            }
            if current?.isKeyword("KEY") == true || current?.isKeyword("INDEX") == true
                || current?.isKeyword("UNIQUE") == true || current?.isKeyword("FOREIGN") == true
                || current?.isKeyword("CONSTRAINT") == true
            {
                skipBalanced()
                continue
            }
            let name = try identifier()
            guard let typeToken = current, typeToken.kind == .word else { throw error() }
            index += 1
            var type = typeToken.text.lowercased()
            if symbol("(") {
                var inside: [String] = []
                while let token = current, !(token.kind == .symbol && token.text == ")") {
                    inside.append(token.kind == .string ? "'\(token.text)'" : token.text)
                    index += 1
                }
                try expectSymbol(")")
                type += "(" + inside.joined() + ")"
            } else {
                switch type {
                case "int", "integer": type = "int(11)"
                case "tinyint": type = "tinyint(4)"
                case "smallint": type = "smallint(6)"
                case "mediumint": type = "mediumint(9)"
                case "bigint": type = "bigint(20)"
                case "varchar": throw error()
                case "bool", "boolean": type = "tinyint(1)"
                default: break
                }
            }
            if type.hasPrefix("integer(") { type = "int" + type.dropFirst(7) }
            if keyword("UNSIGNED") { type += " unsigned" }
            var column = SQLColumnDefinition(name: name, type: type)
            while let token = current, !(token.kind == .symbol && (token.text == "," || token.text == ")")) {
                if keyword("NOT") {
                    try expectKeyword("NULL")
                    column.notNull = true
                } else if keyword("NULL") {
                    column.notNull = false
                } else if keyword("AUTO_INCREMENT") {
                    column.autoIncrement = true
                    column.notNull = true
                } else if keyword("PRIMARY") {
                    try expectKeyword("KEY")
                    column.primaryKey = true
                    column.notNull = true
                } else if keyword("DEFAULT") {
                    guard case .value(let value) = try expression() else { throw error() }
                    column.defaultValue = value
                } else {
                    index += 1  // UNIQUE, COMMENT '…', CHARACTER SET …: accepted as they are
                }
            }
            columns.append(column)
        } while symbol(",")
        try expectSymbol(")")
        for name in primary {
            guard let at = columns.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw SQLError(1072, "42000", "Key column '\(name)' doesn't exist in table")
            }
            columns[at].primaryKey = true
            columns[at].notNull = true
        }
        skipRest()  // ENGINE=InnoDB DEFAULT CHARSET=…
        return columns
    }

    /// Skips a table element up to the `,` or `)` that ends it.
    mutating func skipBalanced() {
        var depth = 0
        while let token = current {
            if token.kind == .symbol {
                if token.text == "(" { depth += 1 }
                if token.text == ")" {
                    if depth == 0 { return }
                    depth -= 1
                }
                if token.text == "," && depth == 0 { return }
            }
            index += 1
        }
    }

    mutating func select() throws(SQLError) -> SQLSelect {
        var query = SQLSelect()
        if symbol("*") {
            query.items = nil
        } else {
            var items: [(SQLExpression, String)] = []
            repeat {
                let start = current?.offset ?? source.count
                let expression = try expression()
                let end = current?.offset ?? source.count
                var name = String(source[start..<end]).trimmingSQLSpaces()
                if keyword("AS") {
                    name = try alias()
                } else if let token = current,
                    token.kind == .quoted || token.kind == .string
                        || (token.kind == .word && !Self.reserved.contains(token.text.uppercased()))
                {
                    name = try alias()
                }
                items.append((expression, name))
            } while symbol(",")
            query.items = items
        }
        if keyword("FROM") { query.from = try tableName() }
        if keyword("WHERE") { query.filter = try expression() }
        if keyword("ORDER") {
            try expectKeyword("BY")
            let column = try identifier()
            let descending = keyword("DESC")
            if !descending { _ = keyword("ASC") }
            query.order = (column, descending)
        }
        if keyword("LIMIT") {
            guard let token = current, token.kind == .number, let n = Int(token.text) else { throw error() }
            index += 1
            query.limit = n
        }
        return query
    }

    mutating func alias() throws(SQLError) -> String {
        guard let token = current, token.kind != .symbol, token.kind != .number else { throw error() }
        index += 1
        return token.text
    }

    mutating func expression() throws(SQLError) -> SQLExpression {
        var left = try conjunction()
        while keyword("OR") { left = .or(left, try conjunction()) }
        return left
    }

    mutating func conjunction() throws(SQLError) -> SQLExpression {
        var left = try negation()
        while keyword("AND") { left = .and(left, try negation()) }
        return left
    }

    mutating func negation() throws(SQLError) -> SQLExpression {
        if keyword("NOT") { return .not(try negation()) }
        return try comparison()
    }

    mutating func comparison() throws(SQLError) -> SQLExpression {
        let left = try additive()
        if keyword("IS") {
            let negated = keyword("NOT")
            try expectKeyword("NULL")
            return .isNull(left, negated: negated)
        }
        if keyword("LIKE") { return .compare("LIKE", left, try additive()) }
        for op in ["=", "<>", "!=", "<=", ">=", "<", ">"] where symbol(op) {
            return .compare(op == "!=" ? "<>" : op, left, try additive())
        }
        return left
    }

    mutating func additive() throws(SQLError) -> SQLExpression {
        var left = try multiplicative()
        while true {
            if symbol("+") {
                left = .arithmetic("+", left, try multiplicative())
            } else if symbol("-") {
                left = .arithmetic("-", left, try multiplicative())
            } else {
                return left
            }
        }
    }

    mutating func multiplicative() throws(SQLError) -> SQLExpression {
        var left = try primary()
        while true {
            if symbol("*") {
                left = .arithmetic("*", left, try primary())
            } else if symbol("%") {
                left = .arithmetic("%", left, try primary())
            } else {
                return left
            }
        }
    }

    mutating func primary() throws(SQLError) -> SQLExpression {
        guard let token = current else { throw error() }
        switch token.kind {
        case .number:
            index += 1
            if let n = Int64(token.text) { return .value(.int(n)) }
            return .value(.text(token.text))
        case .string:
            index += 1
            return .value(.text(token.text))
        case .quoted:
            index += 1
            return .column(token.text)
        case .symbol:
            if token.text == "-", index + 1 < tokens.count, tokens[index + 1].kind == .number,
                let n = Int64("-" + tokens[index + 1].text)
            {
                index += 2
                return .value(.int(n))
            }
            if symbol("(") {
                let inner = try expression()
                try expectSymbol(")")
                return inner
            }
            throw error()
        case .word:
            let upper = token.text.uppercased()
            if upper == "NULL" {
                index += 1
                return .value(.null)
            }
            if upper == "TRUE" || upper == "FALSE" {
                index += 1
                return .value(.int(upper == "TRUE" ? 1 : 0))
            }
            if Self.reserved.contains(upper) { throw error() }
            index += 1
            if symbol("(") {
                if upper == "COUNT", symbol("*") {
                    try expectSymbol(")")
                    return .countAll
                }
                try expectSymbol(")")
                return .function(upper)
            }
            if symbol(".") { return .column(try identifier()) }
            return .column(token.text)
        }
    }
}

extension String {
    /// The text without the spaces, tabs and line ends around it.
    public func trimmingSQLSpaces() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
