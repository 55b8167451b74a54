/// GNU bc 1.07's arithmetic as the course uses it (`echo "scale=2; $x / 1000000000" | bc`):
/// decimal numbers with their own scale, `+ - * / % ^`, unary minus, parentheses, comparisons,
/// variables and assignments (`scale=`, `x=`, `+=`…), strings, `quit`, `#` comments. Results are
/// truncated, never rounded, and printed as bc prints them: `.50` (no leading zero), lines of
/// 70 characters ending in `\`. A line with a syntax error runs nothing:
/// `(standard_in) N: syntax error` on stderr. Numbers live in 128 bits (about 38 digits), a
/// limit of the simulation: bc's own are unbounded.
struct Bc {
    /// A number: `value` × 10^-`scale`.
    struct Number: Equatable {
        var value: Int128
        var scale: Int

        static let zero = Number(value: 0, scale: 0)
    }

    enum Failure: Error, Equatable {
        case divideByZero
        case overflow
    }

    var variables: [String: Number] = [:]
    var scale = 0
    var out = ""
    var err = ""
    /// `quit` was read: bc stops at once.
    var quit = false

    /// Runs a whole input (stdin or a file), line by line as bc does.
    mutating func run(_ input: String) {
        var lineNumber = 0
        for line in input.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            runLine(String(line), number: lineNumber)
            if quit { return }
        }
    }

    // MARK: Tokens

    enum Token: Equatable {
        case number(String)
        case name(String)
        case string(String)
        case op(String)
        case separator
    }

    /// The tokens of one line; illegal characters are reported and skipped, as bc's scanner does.
    mutating func tokens(_ line: String, number: Int) -> [Token] {
        var result: [Token] = []
        let chars = Array(line)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == " " || c == "\t" || c == "\r" {
                index += 1
            } else if c == "#" {
                break
            } else if c == ";" {
                result.append(.separator)
                index += 1
            } else if c.isASCII && (c.isNumber || c == "." || ("A"..."F").contains(c)) {
                var text = ""
                while index < chars.count, chars[index].isASCII,
                    chars[index].isNumber || chars[index] == "." || ("A"..."F").contains(chars[index])
                {
                    text.append(chars[index])
                    index += 1
                }
                result.append(.number(text))
            } else if c.isASCII && c.isLowercase {
                var text = ""
                while index < chars.count, chars[index].isASCII,
                    chars[index].isLowercase || chars[index].isNumber || chars[index] == "_"
                {
                    text.append(chars[index])
                    index += 1
                }
                result.append(.name(text))
            } else if c == "\"" {
                var text = ""
                index += 1
                while index < chars.count && chars[index] != "\"" {
                    text.append(chars[index])
                    index += 1
                }
                index += 1
                result.append(.string(text))
            } else {
                let two = index + 1 < chars.count ? String(chars[index...index + 1]) : ""
                if ["==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "^="].contains(two) {
                    result.append(.op(two))
                    index += 2
                } else if "+-*/%^()=<>".contains(c) {
                    result.append(.op(String(c)))
                    index += 1
                } else {
                    err += "(standard_in) \(number): illegal character: \(c)\n"
                    index += 1
                }
            }
        }
        return result
    }

    // MARK: Statements

    enum Statement {
        case print(Expression)
        case assign(String, String, Expression)
        case string(String)
        case quit
    }

    indirect enum Expression {
        case number(Number)
        case variable(String)
        case negate(Expression)
        case binary(String, Expression, Expression)
        case assign(String, String, Expression)
    }

    struct SyntaxError: Error {}

    mutating func runLine(_ line: String, number: Int) {
        let list = tokens(line, number: number)
        var statements: [Statement] = []
        var position = 0
        do {
            while position < list.count {
                if list[position] == .separator {
                    position += 1
                    continue
                }
                statements.append(try statement(list, &position))
                guard position == list.count || list[position] == .separator else { throw SyntaxError() }
            }
        } catch {
            err += "(standard_in) \(number): syntax error\n"
            return
        }
        for statement in statements {
            switch statement {
            case .quit:
                quit = true
                return
            case .string(let text):
                out += text.replacing("\\n", with: "\n")
            case .print(let expression):
                guard let value = evaluate(expression) else { continue }
                out += Self.format(value) + "\n"
                variables["last"] = value
            case .assign(let name, let op, let expression):
                _ = evaluate(.assign(name, op, expression))
            }
        }
    }

    func statement(_ list: [Token], _ position: inout Int) throws -> Statement {
        switch list[position] {
        case .string(let text):
            position += 1
            return .string(text)
        case .name("quit"):
            position += 1
            return .quit
        case .name(let name) where position + 1 < list.count:
            if case .op(let op) = list[position + 1], ["=", "+=", "-=", "*=", "/=", "%=", "^="].contains(op) {
                position += 2
                return .assign(name, op, try expression(list, &position))
            }
        default: break
        }
        return .print(try expression(list, &position))
    }

    // MARK: Expressions (bc's precedence: relations, + -, * / %, ^ (right), unary -)

    func expression(_ list: [Token], _ position: inout Int) throws -> Expression {
        let left = try additive(list, &position)
        if position < list.count, case .op(let op) = list[position], ["==", "!=", "<", ">", "<=", ">="].contains(op) {
            position += 1
            return .binary(op, left, try additive(list, &position))
        }
        return left
    }

    func additive(_ list: [Token], _ position: inout Int) throws -> Expression {
        var left = try multiplicative(list, &position)
        while position < list.count, case .op(let op) = list[position], op == "+" || op == "-" {
            position += 1
            left = .binary(op, left, try multiplicative(list, &position))
        }
        return left
    }

    func multiplicative(_ list: [Token], _ position: inout Int) throws -> Expression {
        var left = try power(list, &position)
        while position < list.count, case .op(let op) = list[position], op == "*" || op == "/" || op == "%" {
            position += 1
            left = .binary(op, left, try power(list, &position))
        }
        return left
    }

    func power(_ list: [Token], _ position: inout Int) throws -> Expression {
        let base = try unary(list, &position)
        if position < list.count, list[position] == .op("^") {
            position += 1
            return .binary("^", base, try power(list, &position))
        }
        return base
    }

    func unary(_ list: [Token], _ position: inout Int) throws -> Expression {
        guard position < list.count else { throw SyntaxError() }
        switch list[position] {
        case .op("-"):
            position += 1
            return .negate(try unary(list, &position))
        case .op("("):
            position += 1
            let inner = try expression(list, &position)
            guard position < list.count, list[position] == .op(")") else { throw SyntaxError() }
            position += 1
            return inner
        case .number(let text):
            position += 1
            return .number(Self.parse(text))
        case .name(let name) where !Self.keywords.contains(name):
            position += 1
            if position < list.count, case .op(let op) = list[position],
                ["=", "+=", "-=", "*=", "/=", "%=", "^="].contains(op)
            {
                position += 1
                return .assign(name, op, try expression(list, &position))
            }
            return .variable(name)
        default:
            throw SyntaxError()
        }
    }

    /// bc's reserved words (those the simulation does not run are syntax errors here).
    static let keywords: Set<String> = [
        "auto", "break", "continue", "define", "else", "for", "halt", "if", "length", "limits", "print", "quit",
        "read", "return", "sqrt", "warranty", "while",
    ]

    // MARK: Evaluation

    mutating func evaluate(_ expression: Expression) -> Number? {
        do {
            return try value(expression)
        } catch .divideByZero {
            err += "Runtime error (func=(main), adr=\(Self.address(expression))): Divide by zero\n"
        } catch {
            err += "dockersim: bc: number too large for the simulation\n"
        }
        return nil
    }

    /// Roughly where bc's byte code stops (its `adr=`): the size of the code for the expression.
    static func address(_ expression: Expression) -> Int {
        switch expression {
        case .number(let n): String(n.value).count + 2
        case .variable(let name): name.count + 2
        case .negate(let inner): address(inner) + 1
        case .binary(_, let a, let b): address(a) + address(b) + 1
        case .assign(let name, _, let inner): address(inner) + name.count + 3
        }
    }

    mutating func value(_ expression: Expression) throws(Failure) -> Number {
        switch expression {
        case .number(let number):
            return number
        case .variable(let name):
            if name == "scale" { return Number(value: Int128(scale), scale: 0) }
            return variables[name] ?? .zero
        case .negate(let inner):
            var number = try value(inner)
            number.value = -number.value
            return number
        case .binary(let op, let left, let right):
            return try Self.apply(op, try value(left), try value(right), scale: scale)
        case .assign(let name, let op, let inner):
            var result = try value(inner)
            if op != "=" {
                let current = name == "scale" ? Number(value: Int128(scale), scale: 0) : variables[name] ?? .zero
                result = try Self.apply(String(op.dropLast()), current, result, scale: scale)
            }
            if name == "scale" {
                scale = Int(clamping: max(0, min(Int128(1000), Self.rescale(result, to: 0).value)))
            } else {
                variables[name] = result
            }
            return result
        }
    }

    /// One operator with bc's scales: `+ -` the larger, `*` min(a+b, max(scale, a, b)), `/`
    /// `scale`, `%` max(scale+b, a), `^` min(a×n, max(scale, a)); always truncated.
    static func apply(_ op: String, _ a: Number, _ b: Number, scale: Int) throws(Failure) -> Number {
        switch op {
        case "+", "-":
            let s = max(a.scale, b.scale)
            let x = try widen(a, to: s).value
            let y = try widen(b, to: s).value
            let (sum, overflow) = op == "+" ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            if overflow { throw .overflow }
            return Number(value: sum, scale: s)
        case "*":
            let full = try multiply(a, b)
            return rescale(full, to: min(a.scale + b.scale, max(scale, a.scale, b.scale)))
        case "/":
            return try divide(a, b, scale: scale)
        case "%":
            let quotient = try divide(a, b, scale: scale)
            let product = try multiply(quotient, b)
            let s = max(scale + b.scale, a.scale)
            return try apply("-", try widen(a, to: s), try widen(product, to: s), scale: scale)
        case "^":
            let exponent = rescale(b, to: 0).value
            if exponent == 0 { return Number(value: 1, scale: 0) }
            var result = Number(value: 1, scale: 0)
            var count = exponent.magnitude
            guard count < 10_000 else { throw .overflow }
            while count > 0 {
                result = try multiply(result, a)
                count -= 1
            }
            if exponent < 0 { return try divide(Number(value: 1, scale: 0), result, scale: scale) }
            return rescale(result, to: min(a.scale * Int(exponent), max(scale, a.scale)))
        default:
            let s = max(a.scale, b.scale)
            let x = try widen(a, to: s).value
            let y = try widen(b, to: s).value
            let truth =
                switch op {
                case "==": x == y
                case "!=": x != y
                case "<": x < y
                case ">": x > y
                case "<=": x <= y
                default: x >= y
                }
            return Number(value: truth ? 1 : 0, scale: 0)
        }
    }

    static func multiply(_ a: Number, _ b: Number) throws(Failure) -> Number {
        let (product, overflow) = a.value.multipliedReportingOverflow(by: b.value)
        if overflow { throw .overflow }
        return Number(value: product, scale: a.scale + b.scale)
    }

    static func divide(_ a: Number, _ b: Number, scale: Int) throws(Failure) -> Number {
        if b.value == 0 { throw .divideByZero }
        // (A / 10^sa) / (B / 10^sb) at `scale` digits: A × 10^(sb + scale) / (B × 10^sa).
        let numerator = try times(a.value, power: b.scale + scale)
        let denominator = try times(b.value, power: a.scale)
        return Number(value: numerator / denominator, scale: scale)
    }

    static func times(_ value: Int128, power: Int) throws(Failure) -> Int128 {
        var result = value
        for _ in 0..<max(0, power) {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { throw .overflow }
            result = next
        }
        return result
    }

    /// The same number with more decimals.
    static func widen(_ number: Number, to scale: Int) throws(Failure) -> Number {
        guard scale > number.scale else { return number }
        return Number(value: try times(number.value, power: scale - number.scale), scale: scale)
    }

    /// The number with at most `scale` decimals, truncated toward zero (or widened).
    static func rescale(_ number: Number, to scale: Int) -> Number {
        if scale >= number.scale { return (try? widen(number, to: scale)) ?? number }
        var value = number.value
        for _ in 0..<(number.scale - scale) { value /= 10 }
        return Number(value: value, scale: scale)
    }

    /// A number as typed: its digits (`A`–`F` count 10–15, as bc reads them in base 10) and as
    /// many decimals as it was written with.
    static func parse(_ text: String) -> Number {
        var value: Int128 = 0
        var scale = 0
        var fraction = false
        for c in text {
            if c == "." {
                if fraction { break }
                fraction = true
                continue
            }
            let digit = c.isNumber ? Int128(c.wholeNumberValue ?? 0) : Int128(c.asciiValue! - 55)
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { break }
            value = shifted + digit
            if fraction { scale += 1 }
        }
        return Number(value: value, scale: scale)
    }

    /// How bc prints a number: `-` when negative, no `0` before the point, every decimal of its
    /// scale, in lines of 70 characters (69 and a `\`).
    static func format(_ number: Number) -> String {
        if number.value == 0 { return "0" }
        let digits = String(number.value.magnitude)
        var text = number.value < 0 ? "-" : ""
        if digits.count > number.scale {
            text += digits.dropLast(number.scale)
            if number.scale > 0 { text += "." + digits.suffix(number.scale) }
        } else {
            text += "." + String(repeating: "0", count: number.scale - digits.count) + digits
        }
        var lines: [Substring] = []
        var rest = Substring(text)
        while rest.count > 69 {
            lines.append(rest.prefix(69) + "\\")
            rest = rest.dropFirst(69)
        }
        lines.append(rest)
        return lines.joined(separator: "\n")
    }
}
