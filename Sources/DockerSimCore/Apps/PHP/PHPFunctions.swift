import Crypto

/// A built-in function: its fewest and most arguments (nil: any), and what it does.
struct PHPBuiltin: Sendable {
    var minimum: Int
    var maximum: Int?
    /// The extension it belongs to (nil: PHP's core and standard, always there).
    var ext: String?
    /// It throws only ``PHPControl``.
    var body: @Sendable (inout PHPInterpreter, inout [PHPValue], Int) throws -> PHPValue

    init(
        _ minimum: Int, _ maximum: Int?, ext: String? = nil,
        _ body: @escaping @Sendable (inout PHPInterpreter, inout [PHPValue], Int) throws -> PHPValue
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.ext = ext
        self.body = body
    }
}

/// The built-in functions dockersim's PHP has, and the ones PHP has that it does not simulate.
enum PHPFunctions {
    /// Functions whose first argument is passed by reference (the array they change).
    static let byReference: Set<String> = [
        "array_push", "array_pop", "array_shift", "array_unshift", "sort", "rsort", "ksort", "krsort", "asort",
        "arsort",
    ]

    /// Functions PHP has whose behaviour is not simulated: calling one says so.
    static let notSimulated: Set<String> = [
        "phpinfo", "php_uname", "mail", "header", "setcookie", "session_start", "file_put_contents", "fopen",
        "fwrite", "curl_init", "rand", "mt_rand", "random_int", "uniqid", "password_hash", "password_verify",
        "array_map", "array_filter", "usort", "call_user_func", "preg_match", "preg_replace", "preg_split",
        "json_encode", "json_decode", "serialize", "unserialize", "var_export", "ob_start", "shell_exec", "exec",
        "system", "passthru", "mysql_connect", "pg_connect", "scandir", "glob", "mkdir", "unlink", "date_create",
        "strtotime", "mktime", "setlocale", "iconv", "mb_strlen", "mb_substr", "mb_strtoupper", "mb_strtolower",
    ]

    static func text(
        _ interpreter: inout PHPInterpreter, _ value: PHPValue, _ line: Int
    ) throws(PHPControl)
        -> String
    {
        try interpreter.string(value, line: line)
    }

    static func array(_ value: PHPValue) -> PHPArray? {
        if case .array(let array) = value { return array }
        return nil
    }

    static let table: [String: PHPBuiltin] = {
        var t: [String: PHPBuiltin] = [:]
        // Information
        t["phpversion"] = PHPBuiltin(0, 1) { php, args, _ in
            args.isEmpty ? .string(php.dialect.version) : .bool(false)
        }
        t["gethostname"] = PHPBuiltin(0, 0) { php, _, _ in .string(php.environment.hostname) }
        t["getenv"] = PHPBuiltin(0, 2) { php, args, line in
            guard let first = args.first else {
                var all = PHPArray()
                for variable in php.environment.variables {
                    let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    all[.string(String(parts[0]))] = .string(parts.count > 1 ? String(parts[1]) : "")
                }
                return .array(all)
            }
            let name = try text(&php, first, line)
            for variable in php.environment.variables.reversed() {
                let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts[0] == name { return .string(parts.count > 1 ? String(parts[1]) : "") }
            }
            return .bool(false)
        }
        t["function_exists"] = PHPBuiltin(1, 1) { php, args, line in
            let name = try text(&php, args[0], line).lowercased()
            return .bool(php.functions[name] != nil || php.builtin(name) != nil)
        }
        t["extension_loaded"] = PHPBuiltin(1, 1) { php, args, line in
            .bool(php.environment.hasExtension(try text(&php, args[0], line).lowercased()))
        }
        t["error_reporting"] = PHPBuiltin(0, 1) { php, _, _ in .int(php.dialect.major >= 8 ? 32767 : 22519) }
        t["ini_set"] = PHPBuiltin(2, 2) { _, _, _ in .bool(false) }
        t["set_time_limit"] = PHPBuiltin(1, 1) { _, _, _ in .bool(true) }
        t["define"] = PHPBuiltin(2, 3) { php, args, line in
            let name = try text(&php, args[0], line)
            if php.constants[name] != nil {
                php.report(
                    php.dialect.major >= 8 ? "Warning" : "Notice", "Constant \(name) already defined", line: line)
                return .bool(false)
            }
            php.constants[name] = args[1]
            return .bool(true)
        }
        t["defined"] = PHPBuiltin(1, 1) { php, args, line in .bool(php.constants[try text(&php, args[0], line)] != nil)
        }
        t["constant"] = PHPBuiltin(1, 1) { php, args, line in
            try php.constant(try text(&php, args[0], line), line: line)
        }
        // Time
        t["time"] = PHPBuiltin(0, 0) { php, _, _ in .int(Int(php.environment.now.seconds)) }
        t["microtime"] = PHPBuiltin(0, 1) { php, args, _ in
            let now = php.environment.now
            if args.first?.truthy == true { return .float(Double(now.seconds) + Double(now.nanoseconds) / 1e9) }
            let fraction = PHPValue.format(Double(now.nanoseconds / 1000) / 1e6, precision: 8)
            let padded =
                fraction == "0" ? "0.00000000" : fraction + String(repeating: "0", count: max(0, 10 - fraction.count))
            return .string("\(padded) \(now.seconds)")
        }
        t["date"] = PHPBuiltin(1, 2) { php, args, line in
            php.warnTimezone("date", line: line)
            let seconds = args.count > 1 ? Int64(args[1].intValue) : php.environment.now.seconds
            let nanos = args.count > 1 ? 0 : php.environment.now.nanoseconds
            return .string(PHPDate.format(try text(&php, args[0], line), seconds: seconds, nanoseconds: nanos))
        }
        t["date_default_timezone_set"] = PHPBuiltin(1, 1) { php, args, line in
            let zone = try text(&php, args[0], line)
            guard zone == "UTC" || zone == "Etc/UTC" else {
                try php.notSimulated("date_default_timezone_set('\(zone)')", line: line)
            }
            php.timezoneSet = true
            return .bool(true)
        }
        t["date_default_timezone_get"] = PHPBuiltin(0, 0) { php, _, line in
            php.warnTimezone("date_default_timezone_get", line: line)
            return .string("UTC")
        }
        t["sleep"] = PHPBuiltin(1, 1) { _, _, _ in .int(0) }
        t["usleep"] = PHPBuiltin(1, 1) { _, _, _ in .null }
        // Strings
        t["strlen"] = PHPBuiltin(1, 1) { php, args, line in .int(try text(&php, args[0], line).utf8.count) }
        t["strtoupper"] = PHPBuiltin(1, 1) { php, args, line in
            .string(ascii(try text(&php, args[0], line), upper: true))
        }
        t["strtolower"] = PHPBuiltin(1, 1) { php, args, line in
            .string(ascii(try text(&php, args[0], line), upper: false))
        }
        t["ucfirst"] = PHPBuiltin(1, 1) { php, args, line in
            let s = try text(&php, args[0], line)
            return .string(ascii(String(s.prefix(1)), upper: true) + s.dropFirst())
        }
        t["lcfirst"] = PHPBuiltin(1, 1) { php, args, line in
            let s = try text(&php, args[0], line)
            return .string(ascii(String(s.prefix(1)), upper: false) + s.dropFirst())
        }
        t["ucwords"] = PHPBuiltin(1, 2) { php, args, line in
            var result = ""
            var start = true
            for character in try text(&php, args[0], line) {
                result += start ? ascii(String(character), upper: true) : String(character)
                start = character == " " || character == "\t" || character == "\n"
            }
            return .string(result)
        }
        t["trim"] = PHPBuiltin(1, 2) { php, args, line in
            .string(trim(try text(&php, args[0], line), left: true, right: true))
        }
        t["ltrim"] = PHPBuiltin(1, 2) { php, args, line in
            .string(trim(try text(&php, args[0], line), left: true, right: false))
        }
        t["rtrim"] = PHPBuiltin(1, 2) { php, args, line in
            .string(trim(try text(&php, args[0], line), left: false, right: true))
        }
        t["chop"] = t["rtrim"]
        t["str_repeat"] = PHPBuiltin(2, 2) { php, args, line in
            let count = args[1].intValue
            let s = try text(&php, args[0], line)
            guard count >= 0 else {
                if php.dialect.major >= 8 {
                    try php.fatalError(
                        "str_repeat(): Argument #2 ($times) must be greater than or equal to 0", line: line,
                        errorClass: "ValueError")
                }
                php.warning("str_repeat(): Second argument has to be greater than or equal to 0", line: line)
                return .null
            }
            let (size, overflow) = s.utf8.count.multipliedReportingOverflow(by: count)
            try php.checkSize(overflow ? Int.max : size, line: line)
            return .string(String(repeating: s, count: count))
        }
        t["strrev"] = PHPBuiltin(1, 1) { php, args, line in
            .string(String(decoding: Array(try text(&php, args[0], line).utf8).reversed(), as: UTF8.self))
        }
        t["str_replace"] = PHPBuiltin(3, 4) { php, args, line in
            var subject = try text(&php, args[2], line)
            let searches =
                try array(args[0])?.values.map { v throws(PHPControl) in try text(&php, v, line) } ?? [
                    try text(&php, args[0], line)
                ]
            let replaces = try array(args[1])?.values.map { v throws(PHPControl) in try text(&php, v, line) }
            let single = array(args[1]) == nil ? try text(&php, args[1], line) : nil
            for (index, search) in searches.enumerated() where !search.isEmpty {
                let replacement = single ?? (replaces.map { index < $0.count ? $0[index] : "" } ?? "")
                subject = replace(subject, search, replacement)
            }
            return .string(subject)
        }
        t["substr"] = PHPBuiltin(2, 3) { php, args, line in
            let bytes = Array(try text(&php, args[0], line).utf8)
            var start = args[1].intValue
            if start < 0 { start = max(0, bytes.count + start) }
            guard start <= bytes.count else { return php.dialect.major >= 8 ? .string("") : .bool(false) }
            var end = bytes.count
            if args.count > 2, !args[2].isNull {
                let length = args[2].intValue
                end = length < 0 ? max(start, bytes.count + length) : min(bytes.count, start + length)
            }
            return .string(String(decoding: bytes[start..<max(start, end)], as: UTF8.self))
        }
        t["strpos"] = PHPBuiltin(2, 3) { php, args, line in
            let haystack = Array(try text(&php, args[0], line).utf8)
            let needle = Array(try text(&php, args[1], line).utf8)
            let offset = args.count > 2 ? max(0, args[2].intValue) : 0
            guard !needle.isEmpty || php.dialect.major >= 8 else {
                php.warning("strpos(): Empty needle", line: line)
                return .bool(false)
            }
            var index = offset
            while index + needle.count <= haystack.count {
                if Array(haystack[index..<index + needle.count]) == needle { return .int(index) }
                index += 1
            }
            return .bool(false)
        }
        t["str_contains"] = PHPBuiltin(2, 2) { php, args, line in
            let haystack = try text(&php, args[0], line)
            let needle = try text(&php, args[1], line)
            return .bool(needle.isEmpty || replace(haystack, needle, "") != haystack)
        }
        t["str_pad"] = PHPBuiltin(2, 4) { php, args, line in
            let s = try text(&php, args[0], line)
            let length = args[1].intValue
            let pad = args.count > 2 ? try text(&php, args[2], line) : " "
            let type = args.count > 3 ? args[3].intValue : 1
            let missing = length - s.utf8.count
            guard missing > 0, !pad.isEmpty else { return .string(s) }
            try php.checkSize(length, line: line)
            func padding(_ n: Int) -> String { String(String(repeating: pad, count: n / pad.count + 1).prefix(n)) }
            switch type {
            case 0: return .string(padding(missing) + s)
            case 2: return .string(padding(missing / 2) + s + padding(missing - missing / 2))
            default: return .string(s + padding(missing))
            }
        }
        t["strcmp"] = PHPBuiltin(2, 2) { php, args, line in
            let a = Array(try text(&php, args[0], line).utf8)
            let b = Array(try text(&php, args[1], line).utf8)
            return .int(a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1))
        }
        t["nl2br"] = PHPBuiltin(1, 2) { php, args, line in
            .string(replace(try text(&php, args[0], line), "\n", "<br />\n"))
        }
        t["htmlspecialchars"] = PHPBuiltin(1, 4) { php, args, line in .string(escapeHTML(try text(&php, args[0], line)))
        }
        t["htmlentities"] = t["htmlspecialchars"]
        t["implode"] = PHPBuiltin(1, 2) { php, args, line in
            var glue = ""
            var pieces = PHPArray()
            if args.count == 1, let only = array(args[0]) {
                pieces = only
            } else if args.count == 2, let second = array(args[1]) {
                glue = try text(&php, args[0], line)
                pieces = second
            } else if args.count == 2, let first = array(args[0]) {
                glue = try text(&php, args[1], line)
                pieces = first
            } else {
                if php.dialect.major >= 8 {
                    try php.fatalError(
                        "implode(): Argument #2 ($array) must be of type ?array, \(args.last?.typeName ?? "null") given",
                        line: line, errorClass: "TypeError")
                }
                php.warning("implode(): Invalid arguments passed", line: line)
                return .null
            }
            var parts: [String] = []
            for value in pieces.values { parts.append(try text(&php, value, line)) }
            return .string(parts.joined(separator: glue))
        }
        t["join"] = t["implode"]
        t["explode"] = PHPBuiltin(2, 3) { php, args, line in
            let separator = try text(&php, args[0], line)
            guard !separator.isEmpty else {
                if php.dialect.major >= 8 {
                    try php.fatalError(
                        "explode(): Argument #1 ($separator) cannot be empty", line: line, errorClass: "ValueError")
                }
                php.warning("explode(): Empty delimiter", line: line)
                return .bool(false)
            }
            let parts = split(try text(&php, args[1], line), separator)
            return .array(PHPArray(parts.map { .string($0) }))
        }
        t["sprintf"] = PHPBuiltin(1, nil) { php, args, line in
            let text = try PHPFormat.sprintf(&php, args, line: line)
            try php.checkSize(text.utf8.count, line: line)
            return .string(text)
        }
        t["printf"] = PHPBuiltin(1, nil) { php, args, line in
            let text = try PHPFormat.sprintf(&php, args, line: line)
            try php.write(text)
            return .int(text.utf8.count)
        }
        t["number_format"] = PHPBuiltin(1, 4) { php, args, line in
            let decimals = args.count > 1 ? max(0, args[1].intValue) : 0
            let point = args.count > 2 ? try text(&php, args[2], line) : "."
            let thousands = args.count > 3 ? try text(&php, args[3], line) : ","
            return .string(PHPFormat.numberFormat(args[0].doubleValue, decimals, point, thousands))
        }
        t["md5"] = PHPBuiltin(1, 2) { php, args, line in
            .string(hex(Insecure.MD5.hash(data: Array(try text(&php, args[0], line).utf8))))
        }
        t["sha1"] = PHPBuiltin(1, 2) { php, args, line in
            .string(hex(Insecure.SHA1.hash(data: Array(try text(&php, args[0], line).utf8))))
        }
        // Numbers
        t["abs"] = PHPBuiltin(1, 1) { _, args, _ in
            switch args[0].number {
            case .int(let n) where n != .min: return .int(abs(n))
            default: return .float(abs(args[0].doubleValue))
            }
        }
        t["round"] = PHPBuiltin(1, 2) { _, args, _ in
            .float(PHPFormat.round(args[0].doubleValue, args.count > 1 ? args[1].intValue : 0))
        }
        t["floor"] = PHPBuiltin(1, 1) { _, args, _ in .float(args[0].doubleValue.rounded(.down)) }
        t["ceil"] = PHPBuiltin(1, 1) { _, args, _ in .float(args[0].doubleValue.rounded(.up)) }
        t["sqrt"] = PHPBuiltin(1, 1) { _, args, _ in .float(args[0].doubleValue.squareRoot()) }
        t["intdiv"] = PHPBuiltin(2, 2) { php, args, line in
            let divisor = args[1].intValue
            if divisor == 0 { try php.fatalError("Division by zero", line: line, errorClass: "DivisionByZeroError") }
            return .int(divisor == -1 ? 0 &- args[0].intValue : args[0].intValue / divisor)
        }
        t["pow"] = PHPBuiltin(2, 2) { php, args, line in try php.binary("**", args[0], args[1], line: line) }
        t["max"] = PHPBuiltin(1, nil) { php, args, _ in try php.extreme(args, sign: 1) }
        t["min"] = PHPBuiltin(1, nil) { php, args, _ in try php.extreme(args, sign: -1) }
        t["intval"] = PHPBuiltin(1, 2) { _, args, _ in .int(args[0].intValue) }
        t["floatval"] = PHPBuiltin(1, 1) { _, args, _ in .float(args[0].doubleValue) }
        t["boolval"] = PHPBuiltin(1, 1) { _, args, _ in .bool(args[0].truthy) }
        t["strval"] = PHPBuiltin(1, 1) { php, args, line in .string(try text(&php, args[0], line)) }
        // Types
        t["gettype"] = PHPBuiltin(1, 1) { _, args, _ in
            switch args[0] {
            case .null: .string("NULL")
            case .bool: .string("boolean")
            case .int: .string("integer")
            case .float: .string("double")
            default: .string(args[0].typeName)
            }
        }
        for (name, type) in [
            ("is_array", "array"), ("is_string", "string"), ("is_int", "int"), ("is_integer", "int"),
            ("is_float", "float"), ("is_bool", "bool"), ("is_null", "null"), ("is_object", "object"),
        ] {
            t[name] = PHPBuiltin(1, 1) { _, args, _ in .bool(args[0].typeName == type) }
        }
        t["is_numeric"] = PHPBuiltin(1, 1) { _, args, _ in
            switch args[0] {
            case .int, .float: .bool(true)
            case .string(let s): .bool(PHPValue.isNumeric(s))
            default: .bool(false)
            }
        }
        t["var_dump"] = PHPBuiltin(1, nil) { php, args, _ in
            for value in args { try php.write(php.varDump(value, indent: 0)) }
            return .null
        }
        t["print_r"] = PHPBuiltin(1, 2) { php, args, line in
            let text = try php.printR(args[0], indent: 0)
            if args.count > 1, args[1].truthy { return .string(text) }
            try php.write(text)
            return .bool(true)
        }
        // Arrays
        t["count"] = PHPBuiltin(1, 2) { php, args, line in
            switch args[0] {
            case .array(let a): return .int(a.count)
            case .null where php.dialect.major < 7 || (php.dialect.major == 7 && php.dialect.minor < 2): return .int(0)
            default:
                if php.dialect.major >= 8 {
                    try php.fatalError(
                        "count(): Argument #1 ($value) must be of type Countable|array, \(args[0].typeName) given",
                        line: line, errorClass: "TypeError")
                }
                if php.dialect.major == 7 && php.dialect.minor >= 2 {
                    php.warning(
                        "count(): Parameter must be an array or an object that implements Countable", line: line)
                }
                return .int(args[0].isNull ? 0 : 1)
            }
        }
        t["sizeof"] = t["count"]
        t["array_keys"] = PHPBuiltin(1, 1) { _, args, _ in .array(PHPArray(array(args[0])?.keys.map(\.value) ?? [])) }
        t["array_values"] = PHPBuiltin(1, 1) { _, args, _ in .array(PHPArray(array(args[0])?.values ?? [])) }
        t["array_reverse"] = PHPBuiltin(1, 2) { _, args, _ in
            var result = PHPArray()
            for entry in (array(args[0])?.entries ?? []).reversed() {
                if case .int = entry.key, args.count < 2 || !args[1].truthy {
                    result.append(entry.value)
                } else {
                    result[entry.key] = entry.value
                }
            }
            return .array(result)
        }
        t["in_array"] = PHPBuiltin(2, 3) { php, args, _ in
            let strict = args.count > 2 && args[2].truthy
            for value in array(args[1])?.values ?? [] {
                if strict ? php.strictEquals(value, args[0]) : try php.looseEquals(value, args[0]) {
                    return .bool(true)
                }
            }
            return .bool(false)
        }
        t["array_search"] = PHPBuiltin(2, 3) { php, args, _ in
            let strict = args.count > 2 && args[2].truthy
            for entry in array(args[1])?.entries ?? [] {
                if strict ? php.strictEquals(entry.value, args[0]) : try php.looseEquals(entry.value, args[0]) {
                    return entry.key.value
                }
            }
            return .bool(false)
        }
        t["array_key_exists"] = PHPBuiltin(2, 2) { _, args, _ in .bool(array(args[1])?[args[0].arrayKey] != nil) }
        t["array_sum"] = PHPBuiltin(1, 1) { php, args, line in
            var sum = PHPValue.int(0)
            for value in array(args[0])?.values ?? [] { sum = try php.binary("+", sum, value.number, line: line) }
            return sum
        }
        t["array_merge"] = PHPBuiltin(0, nil) { _, args, _ in
            var result = PHPArray()
            for argument in args {
                for entry in array(argument)?.entries ?? [] {
                    if case .int = entry.key { result.append(entry.value) } else { result[entry.key] = entry.value }
                }
            }
            return .array(result)
        }
        t["array_slice"] = PHPBuiltin(2, 4) { _, args, _ in
            let entries = array(args[0])?.entries ?? []
            var start = args[1].intValue
            if start < 0 { start = max(0, entries.count + start) }
            start = min(start, entries.count)
            var end = entries.count
            if args.count > 2, !args[2].isNull {
                let length = args[2].intValue
                end = length < 0 ? max(start, entries.count + length) : min(entries.count, start + length)
            }
            var result = PHPArray()
            for entry in entries[start..<max(start, end)] {
                if case .int = entry.key { result.append(entry.value) } else { result[entry.key] = entry.value }
            }
            return .array(result)
        }
        t["array_unique"] = PHPBuiltin(1, 2) { php, args, line in
            var result = PHPArray()
            var seen: Set<String> = []
            for entry in array(args[0])?.entries ?? [] where seen.insert(try text(&php, entry.value, line)).inserted {
                result[entry.key] = entry.value
            }
            return .array(result)
        }
        t["array_flip"] = PHPBuiltin(1, 1) { _, args, _ in
            var result = PHPArray()
            for entry in array(args[0])?.entries ?? [] { result[entry.value.arrayKey] = entry.key.value }
            return .array(result)
        }
        t["range"] = PHPBuiltin(2, 3) { php, args, line in
            let from = args[0].intValue
            let to = args[1].intValue
            let step = max(1, abs(args.count > 2 ? args[2].intValue : 1))
            guard abs(to - from) / step < 1_000_000 else {
                try php.fatalError("range(): too many elements", line: line)
            }
            return .array(PHPArray(stride(from: from, through: to, by: from <= to ? step : -step).map { .int($0) }))
        }
        t["array_push"] = PHPBuiltin(2, nil) { _, args, _ in
            var target = array(args[0]) ?? PHPArray()
            for value in args.dropFirst() { target.append(value) }
            args[0] = .array(target)
            return .int(target.count)
        }
        t["array_pop"] = PHPBuiltin(1, 1) { _, args, _ in
            guard var target = array(args[0]), let last = target.keys.last else { return .null }
            let value = target[last] ?? .null
            target[last] = nil
            args[0] = .array(reindexed(target, keepingNext: true))
            return value
        }
        t["array_shift"] = PHPBuiltin(1, 1) { _, args, _ in
            guard var target = array(args[0]), let first = target.keys.first else { return .null }
            let value = target[first] ?? .null
            target[first] = nil
            args[0] = .array(reindexed(target, keepingNext: false))
            return value
        }
        t["array_unshift"] = PHPBuiltin(2, nil) { _, args, _ in
            var result = PHPArray(Array(args.dropFirst()))
            for entry in array(args[0])?.entries ?? [] {
                if case .int = entry.key { result.append(entry.value) } else { result[entry.key] = entry.value }
            }
            args[0] = .array(result)
            return .int(result.count)
        }
        for (name, byKey, descending, keep) in [
            ("sort", false, false, false), ("rsort", false, true, false), ("asort", false, false, true),
            ("arsort", false, true, true), ("ksort", true, false, true), ("krsort", true, true, true),
        ] {
            t[name] = PHPBuiltin(1, 2) { php, args, _ in
                guard let target = array(args[0]) else { return .bool(false) }
                var entries = target.entries
                var failure: PHPControl?
                entries.sort { a, b in
                    do {
                        let order =
                            byKey ? try php.compare(a.key.value, b.key.value) : try php.compare(a.value, b.value)
                        return descending ? order > 0 : order < 0
                    } catch {
                        failure = error as? PHPControl ?? .fatal
                        return false
                    }
                }
                if let failure { throw failure }
                var result = PHPArray()
                for entry in entries {
                    if keep { result[entry.key] = entry.value } else { result.append(entry.value) }
                }
                args[0] = .array(result)
                return .bool(true)
            }
        }
        PHPMySQLi.register(&t)
        return t
    }()

    static func reindexed(_ source: PHPArray, keepingNext: Bool) -> PHPArray {
        var result = PHPArray()
        for entry in source.entries {
            if case .int = entry.key { result.append(entry.value) } else { result[entry.key] = entry.value }
        }
        return result
    }

    static func ascii(_ text: String, upper: Bool) -> String {
        String(
            decoding: text.utf8.map { byte in
                upper ? ((97...122).contains(byte) ? byte - 32 : byte) : ((65...90).contains(byte) ? byte + 32 : byte)
            }, as: UTF8.self)
    }

    static func trim(_ text: String, left: Bool, right: Bool) -> String {
        let blanks: Set<UInt8> = [32, 9, 10, 13, 0, 11]
        var bytes = ArraySlice(text.utf8)
        if left { while let first = bytes.first, blanks.contains(first) { bytes = bytes.dropFirst() } }
        if right { while let last = bytes.last, blanks.contains(last) { bytes = bytes.dropLast() } }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func split(_ text: String, _ separator: String) -> [String] {
        let bytes = Array(text.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if Array(bytes[index..<index + needle.count]) == needle {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    static func replace(_ text: String, _ search: String, _ replacement: String) -> String {
        split(text, search).joined(separator: replacement)
    }

    static func escapeHTML(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#039;"
            default: result.append(character)
            }
        }
        return result
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

extension PHPInterpreter {
    func builtin(_ name: String) -> PHPBuiltin? {
        guard let function = PHPFunctions.table[name] else { return nil }
        if let ext = function.ext, !environment.hasExtension(ext) { return nil }
        return function
    }

    /// PHP 5's warning when a date function runs without date.timezone.
    mutating func warnTimezone(_ function: String, line: Int) {
        guard dialect.warnsWithoutTimezone, !timezoneSet else { return }
        warning(
            "\(function)(): It is not safe to rely on the system's timezone settings. You are *required* to use the date.timezone setting or the date_default_timezone_set() function. In case you used any of those methods and you are still getting this warning, you most likely misspelled the timezone identifier. We selected the timezone 'UTC' for now, but please set date.timezone to select your timezone.",
            line: line)
    }

    /// Calls a function by name: the script's own, then the built-in ones.
    mutating func call(_ name: String, _ arguments: [PHPExpr], line: Int) throws(PHPControl) -> PHPValue {
        let key = name.lowercased()
        var values: [PHPValue] = []
        for argument in arguments { values.append(try evaluate(argument, line: line)) }
        if let function = functions[key] { return try callUser(function, values, line: line) }
        guard let builtin = builtin(key) else {
            if PHPFunctions.notSimulated.contains(key) { try notSimulated(key, line: line) }
            try fatalError("Call to undefined function \(name)()", line: line)
        }
        if values.count < builtin.minimum || builtin.maximum.map({ values.count > $0 }) == true {
            let expected = values.count < builtin.minimum ? builtin.minimum : builtin.maximum ?? 0
            let quantity =
                builtin.minimum == builtin.maximum
                ? "exactly" : (values.count < builtin.minimum ? "at least" : "at most")
            let noun = dialect.major >= 8 ? "argument" : "parameter"
            let message =
                "\(key)() expects \(quantity) \(expected) \(noun)\(expected == 1 ? "" : "s"), \(values.count) given"
            if dialect.major >= 8 { try fatalError(message, line: line, errorClass: "ArgumentCountError") }
            warning(message, line: line)
            return .null
        }
        let result: PHPValue
        do {
            result = try builtin.body(&self, &values, line)
        } catch let control as PHPControl {
            throw control
        } catch {
            throw .fatal
        }
        if PHPFunctions.byReference.contains(key), let target = arguments.first, !values.isEmpty {
            try assign(target, values[0], line: line)
        }
        return result
    }

    mutating func callUser(_ function: PHPFunction, _ values: [PHPValue], line: Int) throws(PHPControl) -> PHPValue {
        guard calls.count < 200 else {
            let note = Message(
                en: "dockersim: too many nested calls", es: "dockersim: demasiadas llamadas anidadas")
            try fatalError(note.text(environment.language), line: line, uncaught: false)
        }
        var locals: [String: PHPValue] = [:]
        for (index, parameter) in function.parameters.enumerated() {
            if index < values.count {
                locals[parameter.name] = values[index]
            } else if let defaultValue = parameter.defaultValue {
                locals[parameter.name] = try evaluate(defaultValue, line: function.line)
            } else if dialect.major > 7 || (dialect.major == 7 && dialect.minor >= 1) {
                let required = function.parameters.filter { $0.defaultValue == nil }.count
                try fatalError(
                    "Too few arguments to function \(function.name)(), \(values.count) passed in \(file) on line \(line) and \(required == function.parameters.count ? "exactly" : "at least") \(required) expected",
                    line: function.line, errorClass: "ArgumentCountError")
            } else {
                warning(
                    "Missing argument \(index + 1) for \(function.name)(), called in \(file) on line \(line) and defined",
                    line: function.line)
            }
        }
        frames.append(locals)
        globalNames.append([])
        calls.append((function.name, line, file))
        defer {
            frames.removeLast()
            globalNames.removeLast()
            calls.removeLast()
        }
        do {
            try run(function.body)
        } catch .returnValue(let value) {
            return value
        }
        return .null
    }

    mutating func extreme(_ args: [PHPValue], sign: Int) throws(PHPControl) -> PHPValue {
        let values = args.count == 1 ? (PHPFunctions.array(args[0])?.values ?? []) : args
        guard var best = values.first else { return .bool(false) }
        for value in values.dropFirst() where try compare(value, best) * sign > 0 { best = value }
        return best
    }

    // MARK: - Dumps

    func varDump(_ value: PHPValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .null: return pad + "NULL\n"
        case .bool(let b): return pad + "bool(\(b))\n"
        case .int(let n): return pad + "int(\(n))\n"
        case .float(let d):
            // PHP 7.1 dumps the shortest text that reads back (serialize_precision -1).
            let modern = dialect.major > 7 || (dialect.major == 7 && dialect.minor >= 1)
            return pad + "float(\(modern ? PHPValue.shortest(d) : PHPValue.format(d)))\n"
        case .string(let s): return pad + "string(\(s.utf8.count)) \"\(s)\"\n"
        case .array(let array):
            var text = pad + "array(\(array.count)) {\n"
            for entry in array.entries {
                text += pad + "  [\(dumpKey(entry.key))]=>\n" + varDump(entry.value, indent: indent + 2)
            }
            return text + pad + "}\n"
        case .object(let id):
            let object = objects[id]
            var text = pad + "object(\(object.className))#\(id + 1) (\(object.properties.count)) {\n"
            for entry in object.properties.entries {
                text += pad + "  [\(dumpKey(entry.key))]=>\n" + varDump(entry.value, indent: indent + 2)
            }
            return text + pad + "}\n"
        }
    }

    private func dumpKey(_ key: PHPArrayKey) -> String {
        switch key {
        case .int(let n): String(n)
        case .string(let s): "\"\(s)\""
        }
    }

    mutating func printR(_ value: PHPValue, indent: Int) throws(PHPControl) -> String {
        let pad = String(repeating: " ", count: indent)
        let entries: [(key: PHPArrayKey, value: PHPValue)]
        let title: String
        switch value {
        case .array(let array):
            entries = array.entries
            title = "Array"
        case .object(let id):
            entries = objects[id].properties.entries
            title = "\(objects[id].className) Object"
        default:
            return try string(value, line: 0)
        }
        var text = title + "\n" + pad + "(\n"
        for entry in entries {
            let key =
                switch entry.key {
                case .int(let n): String(n)
                case .string(let s): s
                }
            text += pad + "    [\(key)] => " + (try printR(entry.value, indent: indent + 8)) + "\n"
        }
        return text + pad + ")\n"
    }
}
