/// PHP's `mysqli` extension (object and procedural styles) on ``PHPMySQLConnector``: loaded only
/// in an image that installs it (`docker-php-ext-install mysqli`), as in the official images.
enum PHPMySQLi {
    /// A connection object's state.
    struct Connection {
        var handle: Int?
        var connectError: PHPMySQLError?
        var lastError: PHPMySQLError?
        var affectedRows = 0
        var insertID = 0
    }

    static func register(_ t: inout [String: PHPBuiltin]) {
        t["mysqli_connect"] = PHPBuiltin(0, 6, ext: "mysqli") { php, args, line in
            let id = try php.connect(args, function: "mysqli_connect", line: line)
            guard case .mysqlConnection(let state) = php.objects[id].native, state.connectError == nil else {
                return .bool(false)
            }
            return .object(id)
        }
        t["mysqli_connect_error"] = PHPBuiltin(0, 0, ext: "mysqli") { php, _, _ in
            php.lastConnectError.map { .string($0.message) } ?? .null
        }
        t["mysqli_connect_errno"] = PHPBuiltin(0, 0, ext: "mysqli") { php, _, _ in .int(php.lastConnectError?.code ?? 0)
        }
        for (name, method) in [
            ("mysqli_query", "query"), ("mysqli_close", "close"), ("mysqli_error", "error"),
            ("mysqli_errno", "errno"), ("mysqli_real_escape_string", "real_escape_string"),
            ("mysqli_select_db", "select_db"), ("mysqli_set_charset", "set_charset"),
            ("mysqli_fetch_assoc", "fetch_assoc"), ("mysqli_fetch_object", "fetch_object"),
            ("mysqli_fetch_row", "fetch_row"), ("mysqli_fetch_array", "fetch_array"),
            ("mysqli_fetch_all", "fetch_all"), ("mysqli_num_rows", "num_rows"), ("mysqli_free_result", "free"),
            ("mysqli_affected_rows", "affected_rows"), ("mysqli_insert_id", "insert_id"),
        ] {
            t[name] = PHPBuiltin(1, 3, ext: "mysqli") { php, args, line in
                guard case .object(let id) = args[0] else {
                    let expected =
                        name.contains("fetch") || name.hasSuffix("rows") || name.hasSuffix("result")
                        ? "mysqli_result" : "mysqli"
                    if php.dialect.major >= 8 {
                        try php.fatalError(
                            "\(name)(): Argument #1 ($\(expected == "mysqli" ? "mysql" : "result")) must be of type \(expected), \(args[0].typeName) given",
                            line: line, errorClass: "TypeError")
                    }
                    php.warning(
                        "\(name)() expects parameter 1 to be \(expected), \(args[0].typeName) given", line: line)
                    return .null
                }
                if method == "num_rows" || method == "error" || method == "errno" || method == "affected_rows"
                    || method == "insert_id"
                {
                    return php.nativeProperty(id, method) ?? .null
                }
                return try php.callMethod(id, method, Array(args.dropFirst()), line: line)
            }
        }
    }
}

extension PHPInterpreter {
    /// The last connection error (`mysqli_connect_error()`).
    var lastConnectError: PHPMySQLError? {
        for object in objects.reversed() {
            if case .mysqlConnection(let state) = object.native { return state.connectError }
        }
        return nil
    }

    /// `new Name(…)`: stdClass and mysqli.
    mutating func construct(_ className: String, _ values: [PHPValue], line: Int) throws(PHPControl) -> PHPValue {
        switch className.lowercased() {
        case "stdclass": return .object(newObject("stdClass"))
        case "mysqli" where environment.hasExtension("mysqli"):
            return .object(try connect(values, function: "mysqli::__construct", line: line))
        default:
            if dialect.major >= 8 { try fatalError("Class \"\(className)\" not found", line: line) }
            try fatalError("Class '\(className)' not found", line: line)
        }
    }

    /// Opens a mysqli connection: the object (with `connect_error` set when it failed) and PHP's
    /// warning for a failure.
    mutating func connect(_ values: [PHPValue], function: String, line: Int) throws(PHPControl) -> Int {
        var strings: [String] = []
        for value in values.prefix(4) { strings.append(try string(value, line: line)) }
        while strings.count < 4 { strings.append("") }
        let host = strings[0].isEmpty ? "localhost" : strings[0]
        var result: Result<Int, PHPMySQLError>
        if var connector = mysql {
            result = connector.connect(host: host, user: strings[1], password: strings[2], database: strings[3])
            mysql = connector
        } else {
            result = .failure(
                PHPMySQLError(
                    code: 2002, sqlState: "HY000",
                    message: host == "localhost"
                        ? "No such file or directory"
                        : dialect.major >= 8
                            ? "php_network_getaddresses: getaddrinfo for \(host) failed: Name or service not known"
                            : "php_network_getaddresses: getaddrinfo failed: Name or service not known"))
        }
        var state = PHPMySQLi.Connection()
        switch result {
        case .success(let handle): state.handle = handle
        case .failure(let error):
            state.connectError = error
            if dialect.major > 8 || (dialect.major == 8 && dialect.minor >= 1) {
                try fatalError(error.message, line: line, errorClass: "mysqli_sql_exception")
            }
            warning("\(function)(): (\(error.sqlState)/\(error.code)): \(error.message)", line: line)
        }
        return newObject("mysqli", native: .mysqlConnection(state))
    }

    /// A native object's property (`$conn->connect_error`, `$result->num_rows`).
    func nativeProperty(_ id: Int, _ name: String) -> PHPValue? {
        switch objects[id].native {
        case .none: return nil
        case .mysqlConnection(let state):
            switch name {
            case "connect_error": return state.connectError.map { .string($0.message) } ?? .null
            case "connect_errno": return .int(state.connectError?.code ?? 0)
            case "error": return .string(state.lastError?.message ?? "")
            case "errno": return .int(state.lastError?.code ?? 0)
            case "sqlstate": return .string(state.lastError?.sqlState ?? "00000")
            case "affected_rows": return .int(state.affectedRows)
            case "insert_id": return .int(state.insertID)
            default: return nil
            }
        case .mysqlResult(let columns, let rows, _):
            switch name {
            case "num_rows": return .int(rows.count)
            case "field_count": return .int(columns.count)
            default: return nil
            }
        }
    }

    /// `$object->name(…)` on a native object.
    mutating func callMethod(
        _ id: Int, _ name: String, _ values: [PHPValue], line: Int
    ) throws(PHPControl)
        -> PHPValue
    {
        let object = objects[id]
        switch (object.native, name.lowercased()) {
        case (.mysqlConnection(var state), "query"):
            guard let handle = state.handle, var connector = mysql else {
                try mysqlClosed(object.className, line: line)
            }
            let sql = try string(values.first ?? .null, line: line)
            let result = connector.query(handle, sql)
            mysql = connector
            switch result {
            case .success(let answer):
                state.lastError = nil
                state.affectedRows = answer.columns == nil ? answer.affectedRows : answer.rows.count
                state.insertID = answer.insertID
                objects[id].native = .mysqlConnection(state)
                guard let columns = answer.columns else { return .bool(true) }
                return .object(
                    newObject("mysqli_result", native: .mysqlResult(columns: columns, rows: answer.rows, next: 0)))
            case .failure(let error):
                state.lastError = error
                objects[id].native = .mysqlConnection(state)
                if dialect.major > 8 || (dialect.major == 8 && dialect.minor >= 1) {
                    try fatalError(error.message, line: line, errorClass: "mysqli_sql_exception")
                }
                return .bool(false)
            }
        case (.mysqlConnection(var state), "close"):
            guard let handle = state.handle else { try mysqlClosed(object.className, line: line) }
            mysql?.close(handle)
            state.handle = nil
            objects[id].native = .mysqlConnection(state)
            return .bool(true)
        case (.mysqlConnection, "real_escape_string"), (.mysqlConnection, "escape_string"):
            let text = try string(values.first ?? .null, line: line)
            var escaped = ""
            for character in text {
                switch character {
                case "\\", "'", "\"": escaped += "\\" + String(character)
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                case "\0": escaped += "\\0"
                default: escaped.append(character)
                }
            }
            return .string(escaped)
        case (.mysqlConnection, "set_charset"):
            return .bool(true)
        case (.mysqlConnection(var state), "select_db"):
            guard let handle = state.handle, var connector = mysql else {
                try mysqlClosed(object.className, line: line)
            }
            let database = try string(values.first ?? .null, line: line)
            let result = connector.query(handle, "USE `\(database)`")
            mysql = connector
            if case .failure(let error) = result {
                state.lastError = error
                objects[id].native = .mysqlConnection(state)
                return .bool(false)
            }
            return .bool(true)
        case (.mysqlResult(let columns, let rows, let next), let method) where method.hasPrefix("fetch_"):
            if method == "fetch_all" {
                let mode = values.first?.intValue ?? 2
                objects[id].native = .mysqlResult(columns: columns, rows: rows, next: rows.count)
                return .array(PHPArray(rows[min(next, rows.count)...].map { row(columns, $0, mode: mode) }))
            }
            guard next < rows.count else { return .null }
            objects[id].native = .mysqlResult(columns: columns, rows: rows, next: next + 1)
            let values = rows[next]
            switch method {
            case "fetch_assoc": return row(columns, values, mode: 1)
            case "fetch_row": return row(columns, values, mode: 2)
            case "fetch_array": return row(columns, values, mode: 3)
            case "fetch_object":
                let objectID = newObject("stdClass")
                if case .array(let properties) = row(columns, values, mode: 1) {
                    objects[objectID].properties = properties
                }
                return .object(objectID)
            default: break
            }
        case (.mysqlResult(let columns, let rows, _), "free"), (.mysqlResult(let columns, let rows, _), "close"):
            objects[id].native = .mysqlResult(columns: columns, rows: rows, next: rows.count)
            return .null
        default: break
        }
        try fatalError("Call to undefined method \(object.className)::\(name)()", line: line)
    }

    private func row(_ columns: [String], _ values: [String?], mode: Int) -> PHPValue {
        var array = PHPArray()
        for (index, column) in columns.enumerated() {
            let value = index < values.count ? values[index].map(PHPValue.string) ?? .null : .null
            if mode & 2 != 0 { array[.int(index)] = value }
            if mode & 1 != 0 { array[.string(column)] = value }
        }
        return .array(array)
    }

    private mutating func mysqlClosed(_ className: String, line: Int) throws(PHPControl) -> Never {
        if dialect.major >= 8 { try fatalError("\(className) object is already closed", line: line) }
        warning("\(className)::query(): Couldn't fetch \(className)", line: line)
        throw .fatal
    }
}
