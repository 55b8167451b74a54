/// How a run leaves its normal flow: loops' `break`/`continue`, `return`, `exit`, and a fatal
/// error (already printed).
enum PHPControl: Error {
    case breakLoop(Int)
    case continueLoop(Int)
    case returnValue(PHPValue)
    case exit
    case fatal
}

/// An object: its class, its properties in order, and what a native class (`mysqli`) keeps.
struct PHPObject {
    var className: String
    var properties = PHPArray()
    var native: Native = .none

    enum Native {
        case none
        /// A `mysqli` connection (its handle is nil when it failed or was closed).
        case mysqlConnection(PHPMySQLi.Connection)
        /// A `mysqli_result`: its columns, its rows and the next row to fetch.
        case mysqlResult(columns: [String], rows: [[String?]], next: Int)
    }
}

/// Runs PHP files: the statements and expressions of ``PHPParser``'s subset, PHP's values and
/// conversions, the functions of `PHPFunctions.swift`, PHP's error messages as `display_errors`
/// shows them in a page (`html_errors`), in the dialect of the image's PHP version.
struct PHPInterpreter {
    var environment: PHP.Environment
    let dialect: PHPDialect
    private(set) var output: [UInt8] = []
    private(set) var log: [String] = []
    /// Frame 0 holds the globals; a function call pushes its locals.
    var frames: [[String: PHPValue]] = [[:]]
    /// The names a function's `global` statement bound, per frame.
    var globalNames: [Set<String>] = [[]]
    var superglobals: [String: PHPValue] = [:]
    var functions: [String: PHPFunction] = [:]
    /// What `define()` defined.
    var constants: [String: PHPValue] = [:]
    var objects: [PHPObject] = []
    var included: Set<String> = []
    /// The calls in progress (function name, line of the call), for an error's stack trace.
    var calls: [(name: String, line: Int, file: String)] = []
    /// Files being included inside one another.
    var includeDepth = 0
    /// The file running now.
    var file: String
    var steps = 0
    /// The line of the statement running (for errors in conditions, which carry none).
    var currentLine = 1
    /// Whether a date function warned about the time zone already (PHP 5).
    var timezoneSet = false
    var mysql: (any PHPMySQLConnector)?

    init(_ environment: PHP.Environment) {
        self.environment = environment
        self.dialect = environment.dialect
        self.file = environment.script
        self.mysql = environment.mysql
        var get = PHPArray()
        for pair in environment.query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            get[PHPValue.string(Self.urlDecode(String(parts[0]))).arrayKey] = .string(
                parts.count > 1 ? Self.urlDecode(String(parts[1])) : "")
        }
        var server = PHPArray()
        for (name, value) in environment.server { server[.string(name)] = .string(value) }
        var env = PHPArray()
        for variable in environment.variables {
            let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[.string(String(parts[0]))] = .string(parts.count > 1 ? String(parts[1]) : "")
        }
        superglobals = [
            "_GET": .array(get), "_POST": .array(PHPArray()), "_REQUEST": .array(get), "_COOKIE": .array(PHPArray()),
            "_SERVER": .array(server), "_ENV": .array(PHPArray()), "_FILES": .array(PHPArray()),
        ]
    }

    static func urlDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 0x2B {
                bytes.append(32)
            } else if byte == 0x25, let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Running

    /// Runs the main script; a parse error or a fatal error ends it as PHP does.
    mutating func runMain(_ source: [UInt8]) {
        do {
            let statements: [PHPStatement]
            do {
                statements = try PHPParser.parse(source, dialect: dialect)
            } catch {
                report("Parse error", error.text(environment.language), line: error.line)
                return
            }
            try hoist(statements)
            try run(statements)
        } catch {
            return
        }
    }

    /// Declares a file's top-level functions before it runs (PHP binds them at compile time).
    mutating func hoist(_ statements: [PHPStatement]) throws(PHPControl) {
        for statement in statements {
            guard case .function(let function) = statement else { continue }
            let key = function.name.lowercased()
            if functions[key] != nil || PHPFunctions.table[key] != nil {
                let previous = functions[key].map { "\(file):\($0.line)" }
                try fatalError(
                    "Cannot redeclare \(function.name)()"
                        + (previous.map { " (previously declared in \($0))" } ?? ""), line: function.line,
                    uncaught: false)
            }
            functions[key] = function
        }
    }

    mutating func run(_ statements: [PHPStatement]) throws(PHPControl) {
        for statement in statements { try execute(statement) }
    }

    mutating func tick(_ line: Int) throws(PHPControl) {
        steps += 1
        if steps > environment.stepLimit {
            try fatalError("Maximum execution time of 30 seconds exceeded", line: line, uncaught: false)
        }
    }

    mutating func execute(_ statement: PHPStatement) throws(PHPControl) {
        switch statement {
        case .echo(let values, let line):
            currentLine = line
            try tick(line)
            for value in values { try write(try string(try evaluate(value, line: line), line: line)) }
        case .html(let text):
            try write(text)
        case .expression(let value, let line):
            currentLine = line
            try tick(line)
            _ = try evaluate(value, line: line)
        case .block(let body):
            try run(body)
        case .ifElse(let branches, let otherwise):
            for branch in branches where try evaluate(branch.condition, line: 0).truthy {
                try execute(branch.body)
                return
            }
            if let otherwise { try execute(otherwise) }
        case .whileLoop(let condition, let body):
            while try evaluate(condition, line: 0).truthy {
                try tick(0)
                if try loopBody(body) { break }
            }
        case .doWhile(let body, let condition):
            repeat {
                try tick(0)
                if try loopBody(body) { break }
            } while try evaluate(condition, line: 0).truthy
        case .forLoop(let initial, let conditions, let step, let body):
            for value in initial { _ = try evaluate(value, line: 0) }
            while true {
                var go = true
                for condition in conditions { go = try evaluate(condition, line: 0).truthy }
                guard go else { break }
                try tick(0)
                if try loopBody(body) { break }
                for value in step { _ = try evaluate(value, line: 0) }
            }
        case .foreachLoop(let subject, let keyTarget, let valueTarget, let body, let line):
            let value = try evaluate(subject, line: line)
            let entries: [(key: PHPArrayKey, value: PHPValue)]
            switch value {
            case .array(let array): entries = array.entries
            case .object(let id): entries = objects[id].properties.entries
            default:
                warning(
                    dialect.major >= 8
                        ? "foreach() argument must be of type array|object, \(value.typeName) given"
                        : "Invalid argument supplied for foreach()", line: line)
                return
            }
            for entry in entries {
                try tick(line)
                if let keyTarget { try assign(keyTarget, entry.key.value, line: line) }
                try assign(valueTarget, entry.value, line: line)
                if try loopBody(body) { break }
            }
        case .switchCase(let subject, let cases):
            let value = try evaluate(subject, line: 0)
            var matched = cases.firstIndex { $0.match == nil }
            for (index, candidate) in cases.enumerated() {
                guard let match = candidate.match else { continue }
                if try looseEquals(value, try evaluate(match, line: 0)) {
                    matched = index
                    break
                }
            }
            guard let start = matched else { return }
            do {
                for candidate in cases[start...] { try run(candidate.body) }
            } catch .breakLoop(let levels) {
                if levels > 1 { throw .breakLoop(levels - 1) }
            } catch .continueLoop(let levels) {
                if levels > 1 { throw .continueLoop(levels - 1) }
            }
        case .breakLoop(let levels): throw .breakLoop(levels)
        case .continueLoop(let levels): throw .continueLoop(levels)
        case .returnValue(let value):
            throw .returnValue(try value.map { v throws(PHPControl) in try evaluate(v, line: 0) } ?? .null)
        case .function:
            break
        case .global(let names):
            guard frames.count > 1 else { return }
            globalNames[globalNames.count - 1].formUnion(names)
        case .unset(let targets):
            for target in targets { try unset(target) }
        case .empty:
            break
        }
    }

    /// Runs a loop's body; true when it ends the loop (`break`).
    private mutating func loopBody(_ body: PHPStatement) throws(PHPControl) -> Bool {
        do {
            try execute(body)
        } catch .breakLoop(let levels) {
            if levels > 1 { throw .breakLoop(levels - 1) }
            return true
        } catch .continueLoop(let levels) {
            if levels > 1 { throw .continueLoop(levels - 1) }
        }
        return false
    }

    mutating func write(_ text: String) throws(PHPControl) {
        output += Array(text.utf8)
        if output.count > environment.outputLimit {
            output.removeLast(output.count - environment.outputLimit)
            throw .exit
        }
    }

    // MARK: - Errors

    /// An error as `display_errors` prints it in a page (`html_errors` on), and its log line.
    mutating func report(_ kind: String, _ message: String, line: Int, in path: String? = nil) {
        let location = path ?? file
        output += Array("<br />\n<b>\(kind)</b>:  \(message) in <b>\(location)</b> on line <b>\(line)</b><br />\n".utf8)
        log.append("PHP \(kind):  \(message) in \(location) on line \(line)")
    }

    mutating func warning(_ message: String, line: Int) { report("Warning", message, line: line) }

    /// A notice: shown from PHP 8 on as a warning (undefined variables and keys), hidden before.
    mutating func undefinedWarning(_ message: String, line: Int) {
        if dialect.showsUndefinedWarnings { warning(message, line: line) }
    }

    /// A fatal error: PHP 7's uncaught `Error` (with its stack trace) or PHP 5's fatal error.
    mutating func fatalError(
        _ message: String, line: Int, uncaught: Bool = true, errorClass: String = "Error"
    ) throws(PHPControl) -> Never {
        if uncaught && dialect.uncaughtErrors {
            var trace = ""
            for (index, call) in calls.reversed().enumerated() {
                trace += "#\(index) \(call.file)(\(call.line)): \(call.name)()\n"
            }
            trace += "#\(calls.count) {main}"
            report(
                "Fatal error",
                "Uncaught \(errorClass): \(message) in \(file):\(line)\nStack trace:\n\(trace)\n  thrown",
                line: line)
        } else {
            report("Fatal error", message, line: line)
        }
        throw .fatal
    }

    /// PHP's memory limit (128M without a php.ini), met when a string outgrows what dockersim
    /// lets one page hold (``PHP/Environment/outputLimit``).
    mutating func checkSize(_ bytes: Int, line: Int) throws(PHPControl) {
        guard bytes > environment.outputLimit else { return }
        try fatalError(
            "Allowed memory size of 134217728 bytes exhausted (tried to allocate \(bytes) bytes)", line: line,
            uncaught: false)
    }

    /// A function PHP has that dockersim does not simulate: said plainly, as dockersim's notes are.
    mutating func notSimulated(_ name: String, line: Int) throws(PHPControl) -> Never {
        let note = Message(
            en: "dockersim: the function \(name)() is not simulated",
            es: "dockersim: la función \(name)() no se simula")
        report("Fatal error", note.text(environment.language), line: line)
        throw .fatal
    }

    // MARK: - Variables

    func lookup(_ name: String) -> PHPValue? {
        if let value = superglobals[name] { return value }
        if name == "GLOBALS" { return .array(globalsArray()) }
        if frames.count > 1, globalNames[frames.count - 1].contains(name) { return frames[0][name] }
        return frames[frames.count - 1][name]
    }

    func globalsArray() -> PHPArray {
        var array = PHPArray()
        for (name, value) in frames[0].sorted(by: { $0.key < $1.key }) { array[.string(name)] = value }
        return array
    }

    mutating func store(_ name: String, _ value: PHPValue) {
        if superglobals[name] != nil {
            superglobals[name] = value
        } else if frames.count > 1, globalNames[frames.count - 1].contains(name) {
            frames[0][name] = value
        } else {
            frames[frames.count - 1][name] = value
        }
    }

    mutating func unset(_ target: PHPExpr) throws(PHPControl) {
        switch target {
        case .variable(let name):
            if frames.count > 1, globalNames[frames.count - 1].contains(name) {
                globalNames[frames.count - 1].remove(name)
            } else {
                frames[frames.count - 1][name] = nil
            }
        case .index(let base, let key?):
            let key = try evaluate(key, line: 0).arrayKey
            guard isDefined(base) else { return }
            try modify(base, line: 0) { (container: inout PHPValue) throws(PHPControl) in
                if case .array(var array) = container {
                    array[key] = nil
                    container = .array(array)
                }
            }
        case .property(let object, let name):
            if case .object(let id) = try evaluate(object, line: 0) { objects[id].properties[.string(name)] = nil }
        default:
            break
        }
    }

    private func isDefined(_ target: PHPExpr) -> Bool {
        switch target {
        case .variable(let name): lookup(name) != nil
        case .index(let base, _), .property(let base, _): isDefined(base)
        default: true
        }
    }

    // MARK: - Assignment

    /// Changes the place `target` names in place (`$a`, `$a['k'][]`, `$o->p`), making arrays
    /// of null places as PHP does.
    mutating func modify(
        _ target: PHPExpr, line: Int, _ change: (inout PHPValue) throws(PHPControl) -> Void
    ) throws(PHPControl) {
        switch target {
        case .variable(let name):
            if name == "this" { try fatalError("Cannot re-assign $this", line: line, uncaught: false) }
            var value = lookup(name) ?? .null
            try change(&value)
            store(name, value)
        case .index(let base, let keyExpression):
            let key = try keyExpression.map { k throws(PHPControl) in try evaluate(k, line: line) }
            var failure: String?
            let major = dialect.major
            try modify(base, line: line) { (container: inout PHPValue) throws(PHPControl) in
                switch container {
                case .null:
                    container = .array(PHPArray())
                case .string(let s) where s.isEmpty && major < 7:
                    container = .array(PHPArray())
                case .bool(false) where major < 8:
                    container = .array(PHPArray())
                case .array:
                    break
                case .string:
                    failure = key == nil ? "[] operator not supported for strings" : "string offsets"
                    return
                default:
                    failure = "Cannot use a scalar value as an array"
                    return
                }
                guard case .array(var array) = container else { return }
                container = .null
                if let key {
                    var element = array[key.arrayKey] ?? .null
                    try change(&element)
                    array[key.arrayKey] = element
                } else {
                    var element = PHPValue.null
                    try change(&element)
                    array.append(element)
                }
                container = .array(array)
            }
            if let failure {
                if failure == "string offsets" {
                    try notSimulated("string offset assignment", line: line)
                }
                try fatalError(failure, line: line, uncaught: failure.hasPrefix("[]"))
            }
        case .property(let base, let name):
            var handle = try evaluate(base, line: line)
            if handle.isNull, dialect.major < 8 {
                warning("Creating default object from empty value", line: line)
                handle = .object(newObject("stdClass"))
                try modify(base, line: line) { (value: inout PHPValue) throws(PHPControl) in value = handle }
            }
            guard case .object(let id) = handle else {
                try fatalError(
                    dialect.major >= 8
                        ? "Attempt to assign property \"\(name)\" on \(handle.typeName)"
                        : "Cannot assign a property of a non-object", line: line)
            }
            var value = objects[id].properties[.string(name)] ?? .null
            try change(&value)
            objects[id].properties[.string(name)] = value
        default:
            try fatalError("Cannot assign to this expression", line: line, uncaught: false)
        }
    }

    mutating func assign(_ target: PHPExpr, _ value: PHPValue, line: Int) throws(PHPControl) {
        if case .list(let items) = target {
            try assignList(items, value, line: line)
            return
        }
        try modify(target, line: line) { (place: inout PHPValue) throws(PHPControl) in place = value }
    }

    /// `list(…) = value`: PHP 5 from the rightmost place, PHP 7 from the leftmost.
    mutating func assignList(_ items: [PHPExpr?], _ value: PHPValue, line: Int) throws(PHPControl) {
        var order = Array(items.indices)
        if dialect.listAssignsRightToLeft { order.reverse() }
        for index in order {
            guard let item = items[index] else { continue }
            var element = PHPValue.null
            if case .array(let array) = value {
                if let found = array[.int(index)] {
                    element = found
                } else {
                    undefinedWarning("Undefined array key \(index)", line: line)
                }
            }
            try assign(item, element, line: line)
        }
    }

    // MARK: - Objects

    mutating func newObject(_ className: String, native: PHPObject.Native = .none) -> Int {
        objects.append(PHPObject(className: className, native: native))
        return objects.count - 1
    }
}
