extension PHPInterpreter {
    /// The value of an expression. `line` is the statement's (0: the last one known).
    mutating func evaluate(_ expression: PHPExpr, line: Int) throws(PHPControl) -> PHPValue {
        let line = line > 0 ? line : currentLine
        switch expression {
        case .literal(let value):
            return value
        case .interpolated(let parts):
            var text = ""
            for part in parts { text += try string(try evaluate(part, line: line), line: line) }
            return .string(text)
        case .variable(let name):
            if let value = lookup(name) { return value }
            undefinedWarning(
                dialect.major >= 8 ? "Undefined variable $\(name)" : "Undefined variable: \(name)", line: line)
            return .null
        case .index(let base, let key):
            guard let key else { try fatalError("Cannot use [] for reading", line: line, uncaught: false) }
            let container = try evaluate(base, line: line)
            let keyValue = try evaluate(key, line: line)
            return try element(of: container, keyValue, line: line)
        case .property(let base, let name):
            let handle = try evaluate(base, line: line)
            guard case .object(let id) = handle else {
                undefinedWarning(
                    dialect.major >= 8
                        ? "Attempt to read property \"\(name)\" on \(handle.typeName)"
                        : "Trying to get property '\(name)' of non-object", line: line)
                return .null
            }
            if let value = objects[id].properties[.string(name)] { return value }
            if let value = nativeProperty(id, name) { return value }
            undefinedWarning("Undefined property: \(objects[id].className)::$\(name)", line: line)
            return .null
        case .call(let name, let arguments, let callLine):
            currentLine = callLine
            return try call(name, arguments, line: callLine)
        case .methodCall(let base, let name, let arguments, let callLine):
            currentLine = callLine
            let handle = try evaluate(base, line: callLine)
            var values: [PHPValue] = []
            for argument in arguments { values.append(try evaluate(argument, line: callLine)) }
            guard case .object(let id) = handle else {
                try fatalError(
                    dialect.major >= 7
                        ? "Call to a member function \(name)() on \(handle.typeName)"
                        : "Call to a member function \(name)() on \(handle.isNull ? "null" : "a non-object")",
                    line: callLine)
            }
            return try callMethod(id, name, values, line: callLine)
        case .new(let className, let arguments, let callLine):
            currentLine = callLine
            var values: [PHPValue] = []
            for argument in arguments { values.append(try evaluate(argument, line: callLine)) }
            return try construct(className, values, line: callLine)
        case .array(let items):
            var array = PHPArray()
            for item in items {
                let value = try evaluate(item.value, line: line)
                if let key = item.key {
                    array[try evaluate(key, line: line).arrayKey] = value
                } else {
                    array.append(value)
                }
            }
            return .array(array)
        case .list:
            try fatalError("Cannot use list() outside an assignment", line: line, uncaught: false)
        case .assign(let target, let valueExpression):
            let value = try evaluate(valueExpression, line: line)
            try assign(target, value, line: line)
            return value
        case .compoundAssign(let op, let target, let valueExpression):
            if op == "??" {
                let current = try quietValue(target)
                if !current.isNull { return current }
                let value = try evaluate(valueExpression, line: line)
                try assign(target, value, line: line)
                return value
            }
            let current = try evaluate(target, line: line)
            let value = try evaluate(valueExpression, line: line)
            let result = try binary(op, current, value, line: line)
            try assign(target, result, line: line)
            return result
        case .binary(let op, let left, let right):
            switch op {
            case "&&":
                guard try evaluate(left, line: line).truthy else { return .bool(false) }
                return .bool(try evaluate(right, line: line).truthy)
            case "||":
                if try evaluate(left, line: line).truthy { return .bool(true) }
                return .bool(try evaluate(right, line: line).truthy)
            case "??":
                let value = try quietValue(left)
                return value.isNull ? try evaluate(right, line: line) : value
            default:
                let a = try evaluate(left, line: line)
                let b = try evaluate(right, line: line)
                return try binary(op, a, b, line: line)
            }
        case .unary(let op, let operand):
            let value = try evaluate(operand, line: line)
            switch op {
            case "!": return .bool(!value.truthy)
            case "-": return try binary("*", value, .int(-1), line: line)
            case "+": return value.number
            case "~": return .int(~value.intValue)
            case "@": return value
            case "(int)": return .int(value.intValue)
            case "(float)": return .float(value.doubleValue)
            case "(bool)": return .bool(value.truthy)
            case "(string)": return .string(try string(value, line: line))
            case "(array)":
                switch value {
                case .array: return value
                case .null: return .array(PHPArray())
                case .object(let id): return .array(objects[id].properties)
                default: return .array(PHPArray([value]))
                }
            default:
                if case .object = value { return value }
                let id = newObject("stdClass")
                if case .array(let array) = value {
                    objects[id].properties = array
                } else if !value.isNull {
                    objects[id].properties[.string("scalar")] = value
                }
                return .object(id)
            }
        case .increment(let target, let delta, let prefix):
            let current = try evaluate(target, line: line)
            let next: PHPValue
            switch current {
            case .null: next = delta > 0 ? .int(1) : .null
            case .int(let n):
                let (sum, overflow) = n.addingReportingOverflow(delta)
                next = overflow ? .float(Double(n) + Double(delta)) : .int(sum)
            case .float(let d): next = .float(d + Double(delta))
            case .string(let s) where PHPValue.isNumeric(s):
                next = try binary("+", current.number, .int(delta), line: line)
            default: next = current
            }
            try assign(target, next, line: line)
            return prefix ? next : current
        case .ternary(let condition, let middle, let otherwise):
            let test = try evaluate(condition, line: line)
            if test.truthy { return try middle.map { m throws(PHPControl) in try evaluate(m, line: line) } ?? test }
            return try evaluate(otherwise, line: line)
        case .isset(let targets):
            for target in targets where try quietValue(target).isNull { return .bool(false) }
            return .bool(true)
        case .empty(let target):
            return .bool(!(try quietValue(target)).truthy)
        case .constant(let name, let constantLine):
            return try constant(name, line: constantLine)
        case .exit(let value):
            if let value {
                let result = try evaluate(value, line: line)
                if case .string = result { try write(try string(result, line: line)) }
            }
            throw .exit
        case .include(let kind, let pathExpression, let includeLine):
            let path = try string(try evaluate(pathExpression, line: includeLine), line: includeLine)
            return try include(kind, path, line: includeLine)
        case .print(let value):
            try write(try string(try evaluate(value, line: line), line: line))
            return .int(1)
        }
    }

    /// The value of a place without PHP's warnings about what is undefined (`isset`, `empty`, `??`).
    mutating func quietValue(_ target: PHPExpr) throws(PHPControl) -> PHPValue {
        switch target {
        case .variable(let name): return lookup(name) ?? .null
        case .index(let base, let key?):
            let container = try quietValue(base)
            let key = try evaluate(key, line: 0)
            switch container {
            case .array(let array): return array[key.arrayKey] ?? .null
            case .string(let s):
                let bytes = Array(s.utf8)
                let index = key.intValue < 0 ? bytes.count + key.intValue : key.intValue
                return bytes.indices.contains(index) ? .string(String(decoding: [bytes[index]], as: UTF8.self)) : .null
            default: return .null
            }
        case .property(let base, let name):
            guard case .object(let id) = try quietValue(base) else { return .null }
            return objects[id].properties[.string(name)] ?? nativeProperty(id, name) ?? .null
        default:
            return try evaluate(target, line: 0)
        }
    }

    mutating func element(of container: PHPValue, _ key: PHPValue, line: Int) throws(PHPControl) -> PHPValue {
        switch container {
        case .array(let array):
            let arrayKey = key.arrayKey
            if let value = array[arrayKey] { return value }
            switch arrayKey {
            case .int(let n):
                undefinedWarning(
                    dialect.major >= 8 ? "Undefined array key \(n)" : "Undefined offset: \(n)", line: line)
            case .string(let s):
                undefinedWarning(
                    dialect.major >= 8 ? "Undefined array key \"\(s)\"" : "Undefined index: \(s)", line: line)
            }
            return .null
        case .string(let s):
            let bytes = Array(s.utf8)
            let offset = key.intValue
            let index = offset < 0 && dialect.major >= 7 ? bytes.count + offset : offset
            guard bytes.indices.contains(index) else {
                if dialect.major >= 8 {
                    warning("Uninitialized string offset \(offset)", line: line)
                } else {
                    undefinedWarning("Uninitialized string offset: \(offset)", line: line)
                }
                return .string("")
            }
            return .string(String(decoding: [bytes[index]], as: UTF8.self))
        case .object(let id):
            try fatalError("Cannot use object of type \(objects[id].className) as array", line: line)
        default:
            if dialect.major > 7 || (dialect.major == 7 && dialect.minor >= 4) {
                if dialect.major >= 8 {
                    warning("Trying to access array offset on value of type \(container.typeName)", line: line)
                }
            }
            return .null
        }
    }

    // MARK: - Conversions

    /// A value as `echo` prints it.
    mutating func string(_ value: PHPValue, line: Int) throws(PHPControl) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "1" : ""
        case .int(let n): return String(n)
        case .float(let d): return PHPValue.format(d)
        case .string(let s): return s
        case .array:
            if dialect.major >= 8 {
                warning("Array to string conversion", line: line)
            }
            return "Array"
        case .object(let id):
            let className = objects[id].className
            if dialect.major >= 8 {
                try fatalError("Object of class \(className) could not be converted to string", line: line)
            }
            report(
                "Recoverable fatal error", "Object of class \(className) could not be converted to string", line: line)
            throw .fatal
        }
    }

    // MARK: - Operators

    mutating func binary(_ op: String, _ a: PHPValue, _ b: PHPValue, line: Int) throws(PHPControl) -> PHPValue {
        switch op {
        case ".":
            let left = try string(a, line: line)
            let right = try string(b, line: line)
            try checkSize(left.utf8.count + right.utf8.count, line: line)
            return .string(left + right)
        case "==": return .bool(try looseEquals(a, b))
        case "!=": return .bool(!(try looseEquals(a, b)))
        case "===": return .bool(strictEquals(a, b))
        case "!==": return .bool(!strictEquals(a, b))
        case "<": return .bool(try compare(a, b) < 0)
        case "<=": return .bool(try compare(a, b) <= 0)
        case ">": return .bool(try compare(a, b) > 0)
        case ">=": return .bool(try compare(a, b) >= 0)
        case "<=>": return .int(try compare(a, b))
        case "xor": return .bool(a.truthy != b.truthy)
        case "&": return .int(a.intValue & b.intValue)
        case "|": return .int(a.intValue | b.intValue)
        case "^": return .int(a.intValue ^ b.intValue)
        case "<<": return .int(b.intValue >= 64 || b.intValue < 0 ? 0 : a.intValue << b.intValue)
        case ">>":
            return .int(b.intValue >= 64 || b.intValue < 0 ? (a.intValue < 0 ? -1 : 0) : a.intValue >> b.intValue)
        case "+":
            if case .array(let x) = a, case .array(let y) = b {
                var union = x
                for entry in y.entries where union[entry.key] == nil { union[entry.key] = entry.value }
                return .array(union)
            }
            return try arithmetic(op, a, b, line: line)
        default:
            return try arithmetic(op, a, b, line: line)
        }
    }

    private mutating func arithmetic(
        _ op: String, _ a: PHPValue, _ b: PHPValue, line: Int
    ) throws(PHPControl)
        -> PHPValue
    {
        for operand in [a, b] {
            if case .array = operand {
                try fatalError("Unsupported operand types", line: line, uncaught: dialect.major >= 7)
            }
            if case .string(let s) = operand, dialect.major >= 7 {
                let (_, whole) = PHPValue.numericPrefix(s)
                if !whole {
                    let leading = PHPValue.numericPrefix(s)
                    let isNumberStart = s.first.map { "0123456789.+- \t".contains($0) } ?? false
                    if dialect.major >= 8 && !isNumberStart {
                        try fatalError(
                            "Unsupported operand types: string \(op) \(b.typeName)", line: line,
                            errorClass: "TypeError")
                    }
                    if case .int(0) = leading.value, !isNumberStart {
                        warning("A non-numeric value encountered", line: line)
                    } else if dialect.major >= 8 {
                        warning("A non-numeric value encountered", line: line)
                    }
                }
            }
        }
        let x = a.number
        let y = b.number
        switch op {
        case "/":
            if y.doubleValue == 0 {
                if dialect.major >= 8 {
                    try fatalError("Division by zero", line: line, errorClass: "DivisionByZeroError")
                }
                warning("Division by zero", line: line)
                if dialect.major < 7 { return .bool(false) }
                let numerator = x.doubleValue
                return .float(numerator == 0 ? .nan : (numerator < 0 ? -.infinity : .infinity))
            }
            if case .int(let p) = x, case .int(let q) = y, p % q == 0, !(p == .min && q == -1) { return .int(p / q) }
            return .float(x.doubleValue / y.doubleValue)
        case "%":
            let q = y.intValue
            if q == 0 {
                if dialect.major >= 7 {
                    try fatalError("Modulo by zero", line: line, errorClass: "DivisionByZeroError")
                }
                warning("Division by zero", line: line)
                return .bool(false)
            }
            return .int(q == -1 ? 0 : x.intValue % q)
        case "**":
            if case .int(let p) = x, case .int(let q) = y, q >= 0 {
                var result = 1
                var overflow = false
                for _ in 0..<min(q, 64) {
                    let (product, over) = result.multipliedReportingOverflow(by: p)
                    if over {
                        overflow = true
                        break
                    }
                    result = product
                }
                if !overflow && (q < 64 || p == 1 || p == 0) { return .int(result) }
            }
            return .float(Self.power(x.doubleValue, y.doubleValue))
        default:
            if case .int(let p) = x, case .int(let q) = y {
                let (result, overflow): (Int, Bool) =
                    switch op {
                    case "+": p.addingReportingOverflow(q)
                    case "-": p.subtractingReportingOverflow(q)
                    default: p.multipliedReportingOverflow(by: q)
                    }
                if !overflow { return .int(result) }
            }
            let p = x.doubleValue
            let q = y.doubleValue
            switch op {
            case "+": return .float(p + q)
            case "-": return .float(p - q)
            default: return .float(p * q)
            }
        }
    }

    private static func power(_ base: Double, _ exponent: Double) -> Double {
        guard exponent == exponent.rounded(), abs(exponent) <= 4096 else { return .nan }
        var result = 1.0
        for _ in 0..<Int(abs(exponent)) { result *= base }
        return exponent < 0 ? 1 / result : result
    }

    func strictEquals(_ a: PHPValue, _ b: PHPValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
        case (.array(let x), .array(let y)):
            guard x.keys == y.keys else { return false }
            return zip(x.values, y.values).allSatisfy { strictEquals($0, $1) }
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }

    mutating func looseEquals(_ a: PHPValue, _ b: PHPValue) throws(PHPControl) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for entry in x.entries {
                guard let other = y[entry.key], try looseEquals(entry.value, other) else { return false }
            }
            return true
        case (.object(let x), .object(let y)):
            return x == y
                || (objects[x].className == objects[y].className
                    && strictEquals(
                        .array(objects[x].properties), .array(objects[y].properties)))
        default:
            return try compare(a, b) == 0
        }
    }

    /// PHP's loose comparison (-1, 0, 1), in the version's rules for strings and numbers.
    mutating func compare(_ a: PHPValue, _ b: PHPValue) throws(PHPControl) -> Int {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        func numbers(_ x: PHPValue, _ y: PHPValue) -> Int {
            if case .int(let p) = x, case .int(let q) = y { return order(p, q) }
            return order(x.doubleValue, y.doubleValue)
        }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            if PHPValue.isNumeric(x), PHPValue.isNumeric(y) { return numbers(a.number, b.number) }
            let (p, q) = (Array(x.utf8), Array(y.utf8))
            return p == q ? 0 : (p.lexicographicallyPrecedes(q) ? -1 : 1)
        case (.null, .string(let s)): return s.isEmpty ? 0 : -1
        case (.string(let s), .null): return s.isEmpty ? 0 : 1
        case (.bool, _), (_, .bool), (.null, _), (_, .null):
            return order(a.truthy ? 1 : 0, b.truthy ? 1 : 0)
        case (.string(let s), .int), (.string(let s), .float):
            if dialect.saneStringNumberComparison, !PHPValue.isNumeric(s) {
                return try compare(a, .string(try string(b, line: 0)))
            }
            return numbers(a.number, b)
        case (.int, .string(let s)), (.float, .string(let s)):
            if dialect.saneStringNumberComparison, !PHPValue.isNumeric(s) {
                return try compare(.string(try string(a, line: 0)), b)
            }
            return numbers(a, b.number)
        case (.int, _), (.float, _):
            if case .array = b { return -1 }
            if case .object = b { return numbers(a, .int(1)) }
            return numbers(a, b)
        case (.array(let x), .array(let y)):
            if x.count != y.count { return order(x.count, y.count) }
            for entry in x.entries {
                guard let other = y[entry.key] else { return 1 }
                let result = try compare(entry.value, other)
                if result != 0 { return result }
            }
            return 0
        case (.array, _): return 1
        case (_, .array): return -1
        case (.object(let x), .object(let y)): return x == y ? 0 : 1
        case (.object, _): return 1
        default: return -1
        }
    }

    // MARK: - Constants

    mutating func constant(_ name: String, line: Int) throws(PHPControl) -> PHPValue {
        if let value = constants[name] { return value }
        switch name {
        case "PHP_EOL": return .string("\n")
        case "PHP_VERSION": return .string(dialect.version)
        case "PHP_MAJOR_VERSION": return .int(dialect.major)
        case "PHP_MINOR_VERSION": return .int(dialect.minor)
        case "PHP_OS": return .string("Linux")
        case "PHP_INT_MAX": return .int(.max)
        case "PHP_INT_SIZE": return .int(8)
        case "M_PI": return .float(3.141_592_653_589_793)
        case "E_ALL": return .int(dialect.major >= 8 ? 32767 : (dialect.major == 7 ? 32767 : 32767))
        case "__LINE__": return .int(line)
        case "__FILE__": return .string(file)
        case "__DIR__": return .string(Self.directory(file))
        case "MYSQLI_ASSOC": return .int(1)
        case "MYSQLI_NUM": return .int(2)
        case "MYSQLI_BOTH": return .int(3)
        default: break
        }
        if dialect.major >= 8 { try fatalError("Undefined constant \"\(name)\"", line: line) }
        if dialect.major == 7 && dialect.minor >= 2 {
            warning(
                "Use of undefined constant \(name) - assumed '\(name)' (this will throw an Error in a future version of PHP)",
                line: line)
        }
        return .string(name)
    }

    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // MARK: - include

    mutating func include(_ kind: String, _ path: String, line: Int) throws(PHPControl) -> PHPValue {
        let resolved =
            path.hasPrefix("/")
            ? path
            : Self.normalize(
                (path.hasPrefix("./") || path.hasPrefix("../")
                    ? Self.directory(environment.script) : Self.directory(file))
                    + "/" + path)
        if kind.hasSuffix("_once"), included.contains(resolved) { return .bool(true) }
        let required = kind.hasPrefix("require")
        let function = kind
        switch environment.file(resolved) {
        case .missing:
            warning(
                "\(function)(\(path)): \(dialect.major >= 8 ? "F" : "f")ailed to open stream: No such file or directory",
                line: line)
            let includePath = "(include_path='.:/usr/local/lib/php')"
            if required {
                if dialect.major >= 8 {
                    try fatalError("Failed opening required '\(path)' \(includePath)", line: line)
                }
                try fatalError(
                    "\(function)(): Failed opening required '\(path)' \(includePath)", line: line, uncaught: false)
            }
            warning("\(function)(): Failed opening '\(path)' for inclusion \(includePath)", line: line)
            return .bool(false)
        case .opaque:
            try notSimulated("\(function) '\(path)'", line: line)
        case .text(let source):
            guard includeDepth < 64 else {
                try checkSize(Int.max, line: line)
                throw .fatal
            }
            includeDepth += 1
            defer { includeDepth -= 1 }
            included.insert(resolved)
            let statements: [PHPStatement]
            do {
                statements = try PHPParser.parse(source, dialect: dialect)
            } catch {
                report("Parse error", error.text(environment.language), line: error.line, in: resolved)
                throw .fatal
            }
            let outer = file
            file = resolved
            defer { file = outer }
            try hoist(statements)
            do {
                try run(statements)
            } catch .returnValue(let value) {
                return value
            }
            return .int(1)
        }
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
