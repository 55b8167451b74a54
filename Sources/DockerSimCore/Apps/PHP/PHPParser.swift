/// A recursive-descent parser for the PHP subset dockersim runs, with PHP's operator
/// precedence (php.net/manual/en/language.operators.precedence.php) and PHP's own parse-error
/// texts. What the subset does not have (classes, closures, references, `::`, `match`…) is a
/// parse error at its first token, as PHP reports a token it did not expect.
struct PHPParser {
    private var tokens: [PHPLexeme]
    private var position = 0
    private let dialect: PHPDialect
    var depth = 0
    /// Levels of statements and expressions inside one another (a cap: no PHP file of a course
    /// needs more than a few dozen; deeper is refused before the stack grows).
    static let maximumDepth = 200

    init(_ tokens: [PHPLexeme], dialect: PHPDialect) {
        self.tokens = tokens
        self.dialect = dialect
    }

    /// The statements of a file.
    static func parse(_ source: [UInt8], dialect: PHPDialect) throws(PHPParseError) -> [PHPStatement] {
        let tokens: [PHPLexeme]
        do {
            tokens = try PHPLexer.tokens(source, dialect: dialect)
        } catch {
            throw PHPParseError(message: error.message, line: error.line)
        }
        var parser = PHPParser(tokens, dialect: dialect)
        let statements = try parser.statements(until: [])
        if case .end = parser.current.token { return statements }
        throw parser.unexpected()
    }

    /// An expression alone (the inside of `{$…}` in a string).
    static func parseExpression(
        _ code: String, line: Int, dialect: PHPDialect, depth: Int = 0
    ) throws(PHPParseError) -> PHPExpr {
        let tokens: [PHPLexeme]
        do {
            tokens = try PHPLexer.tokens(Array(("<?php " + code).utf8), dialect: dialect).map {
                var lexeme = $0
                lexeme.line += line - 1
                return lexeme
            }
        } catch {
            throw PHPParseError(message: error.message, line: line)
        }
        var parser = PHPParser(tokens, dialect: dialect)
        parser.depth = depth
        let expression = try parser.expression()
        guard case .end = parser.current.token else { throw parser.unexpected() }
        return expression
    }

    // MARK: - Tokens

    private var current: PHPLexeme { tokens[min(position, tokens.count - 1)] }

    private func peekToken(_ offset: Int = 1) -> PHPToken { tokens[min(position + offset, tokens.count - 1)].token }

    private mutating func advance() { position += 1 }

    private func isSymbol(_ symbol: String) -> Bool { current.token == .symbol(symbol) }

    private func keyword() -> String? {
        if case .identifier(let name) = current.token { return name.lowercased() }
        return nil
    }

    private func isKeyword(_ word: String) -> Bool { keyword() == word }

    private func unexpected(expecting: [String] = []) -> PHPParseError {
        var message = dialect.unexpected(current)
        if !expecting.isEmpty {
            let quoted = expecting.map { dialect.major >= 8 ? "\"\($0)\"" : "'\($0)'" }
            message += ", expecting " + quoted.joined(separator: " or ")
        }
        return PHPParseError(message: message, line: current.line)
    }

    private mutating func expect(_ symbol: String, expecting: [String]? = nil) throws(PHPParseError) {
        guard isSymbol(symbol) else { throw unexpected(expecting: expecting ?? []) }
        advance()
    }

    /// `;`, or `?>` (an implicit one).
    private mutating func endOfStatement(expecting: [String] = []) throws(PHPParseError) {
        switch current.token {
        case .symbol(";"), .closeTag: advance()
        default: throw unexpected(expecting: expecting)
        }
    }

    private mutating func enter() throws(PHPParseError) {
        depth += 1
        if depth > Self.maximumDepth {
            let note = Message(en: "dockersim: nesting too deep", es: "dockersim: anidamiento demasiado profundo")
            throw PHPParseError(message: note.en, line: current.line, note: note)
        }
    }

    // MARK: - Statements

    /// Statements up to `}`, the end, or one of `words` (the alternative syntax's `endif`…).
    private mutating func statements(until words: Set<String>) throws(PHPParseError) -> [PHPStatement] {
        var result: [PHPStatement] = []
        while true {
            if case .end = current.token { return result }
            if isSymbol("}") { return result }
            if let word = keyword(), words.contains(word) { return result }
            result.append(try statement())
        }
    }

    private mutating func statement() throws(PHPParseError) -> PHPStatement {
        try enter()
        defer { depth -= 1 }
        let line = current.line
        switch current.token {
        case .inlineHTML(let text):
            advance()
            return .html(text)
        case .openEcho:
            advance()
            let values = try expressionList()
            try endOfStatement(expecting: [",", ";"])
            return .echo(values, line: line)
        case .closeTag:
            advance()
            return .empty
        case .symbol(";"):
            advance()
            return .empty
        case .symbol("{"):
            advance()
            let body = try statements(until: [])
            try expect("}")
            return .block(body)
        default: break
        }
        switch keyword() {
        case "echo":
            advance()
            let values = try expressionList()
            try endOfStatement(expecting: [",", ";"])
            return .echo(values, line: line)
        case "if": return try ifStatement()
        case "while":
            advance()
            let condition = try parenthesized()
            if isSymbol(":") {
                advance()
                let body = try statements(until: ["endwhile"])
                try endKeyword("endwhile")
                return .whileLoop(condition, .block(body))
            }
            return .whileLoop(condition, try statement())
        case "do":
            advance()
            let body = try statement()
            guard isKeyword("while") else { throw unexpected() }
            advance()
            let condition = try parenthesized()
            try endOfStatement()
            return .doWhile(body, condition)
        case "for": return try forStatement()
        case "foreach": return try foreachStatement()
        case "switch": return try switchStatement()
        case "break", "continue":
            let isBreak = keyword() == "break"
            advance()
            var levels = 1
            if case .integer(let n) = current.token {
                levels = max(1, n)
                advance()
            }
            try endOfStatement()
            return isBreak ? .breakLoop(levels) : .continueLoop(levels)
        case "return":
            advance()
            if isSymbol(";") || current.token == .closeTag || current.token == .end {
                if current.token != .end { advance() }
                return .returnValue(nil)
            }
            let value = try expression()
            try endOfStatement()
            return .returnValue(value)
        case "function":
            if case .identifier = peekToken() { return try functionDeclaration() }
            throw unexpected()
        case "global":
            advance()
            var names: [String] = []
            repeat {
                if isSymbol(",") { advance() }
                guard case .variable(let name) = current.token else { throw unexpected() }
                names.append(name)
                advance()
            } while isSymbol(",")
            try endOfStatement()
            return .global(names)
        case "unset":
            advance()
            try expect("(")
            var targets: [PHPExpr] = []
            while !isSymbol(")") {
                targets.append(try expression())
                if isSymbol(",") { advance() } else { break }
            }
            try expect(")")
            try endOfStatement()
            return .unset(targets)
        case "else", "elseif", "endif", "endwhile", "endfor", "endforeach", "endswitch", "case", "default", "as":
            throw unexpected()
        default:
            let value = try expression()
            try endOfStatement()
            return .expression(value, line: line)
        }
    }

    private mutating func endKeyword(_ word: String) throws(PHPParseError) {
        guard isKeyword(word) else { throw unexpected() }
        advance()
        try endOfStatement()
    }

    private mutating func parenthesized() throws(PHPParseError) -> PHPExpr {
        try expect("(")
        let value = try expression()
        try expect(")")
        return value
    }

    private mutating func ifStatement() throws(PHPParseError) -> PHPStatement {
        advance()
        var branches: [(condition: PHPExpr, body: PHPStatement)] = []
        let condition = try parenthesized()
        if isSymbol(":") {
            advance()
            branches.append((condition, .block(try statements(until: ["elseif", "else", "endif"]))))
            var otherwise: PHPStatement?
            while true {
                if isKeyword("elseif") {
                    advance()
                    let next = try parenthesized()
                    try expect(":")
                    branches.append((next, .block(try statements(until: ["elseif", "else", "endif"]))))
                } else if isKeyword("else") {
                    advance()
                    try expect(":")
                    otherwise = .block(try statements(until: ["endif"]))
                } else {
                    break
                }
            }
            try endKeyword("endif")
            return .ifElse(branches, otherwise: otherwise)
        }
        branches.append((condition, try statement()))
        while true {
            if isKeyword("elseif") || (isKeyword("else") && peekToken() == .identifier("if")) {
                if isKeyword("else") { advance() }
                advance()
                let next = try parenthesized()
                branches.append((next, try statement()))
            } else if isKeyword("else") {
                advance()
                return .ifElse(branches, otherwise: try statement())
            } else {
                return .ifElse(branches, otherwise: nil)
            }
        }
    }

    private mutating func forStatement() throws(PHPParseError) -> PHPStatement {
        advance()
        try expect("(")
        func list(_ parser: inout PHPParser, until end: String) throws(PHPParseError) -> [PHPExpr] {
            var values: [PHPExpr] = []
            while !parser.isSymbol(end) {
                values.append(try parser.expression())
                if parser.isSymbol(",") { parser.advance() } else { break }
            }
            try parser.expect(end)
            return values
        }
        let initial = try list(&self, until: ";")
        let condition = try list(&self, until: ";")
        let step = try list(&self, until: ")")
        if isSymbol(":") {
            advance()
            let body = try statements(until: ["endfor"])
            try endKeyword("endfor")
            return .forLoop(initial, condition, step, .block(body))
        }
        return .forLoop(initial, condition, step, try statement())
    }

    private mutating func foreachStatement() throws(PHPParseError) -> PHPStatement {
        let line = current.line
        advance()
        try expect("(")
        let subject = try expression()
        guard isKeyword("as") else { throw unexpected(expecting: ["as"]) }
        advance()
        var key: PHPExpr?
        var value = try postfixTarget()
        if isSymbol("=>") {
            advance()
            key = value
            value = try postfixTarget()
        }
        try expect(")")
        if isSymbol(":") {
            advance()
            let body = try statements(until: ["endforeach"])
            try endKeyword("endforeach")
            return .foreachLoop(subject, key: key, value: value, .block(body), line: line)
        }
        return .foreachLoop(subject, key: key, value: value, try statement(), line: line)
    }

    /// A variable (with `[…]` and `->`) or `list(…)`/`[…]` as a loop's target.
    private mutating func postfixTarget() throws(PHPParseError) -> PHPExpr {
        if isKeyword("list") || isSymbol("[") {
            let isList = isKeyword("list")
            advance()
            return .list(try listItems(closing: isList ? ")" : "]", opened: isList))
        }
        guard case .variable = current.token else { throw unexpected() }
        return try postfix()
    }

    private mutating func switchStatement() throws(PHPParseError) -> PHPStatement {
        advance()
        let subject = try parenthesized()
        let alternative = isSymbol(":")
        if alternative { advance() } else { try expect("{") }
        var cases: [(match: PHPExpr?, body: [PHPStatement])] = []
        while true {
            if isKeyword("case") {
                advance()
                let match = try expression()
                guard isSymbol(":") || isSymbol(";") else { throw unexpected() }
                advance()
                cases.append((match, try statements(until: ["case", "default", "endswitch"])))
            } else if isKeyword("default") {
                advance()
                guard isSymbol(":") || isSymbol(";") else { throw unexpected() }
                advance()
                cases.append((nil, try statements(until: ["case", "default", "endswitch"])))
            } else {
                break
            }
        }
        if alternative { try endKeyword("endswitch") } else { try expect("}") }
        return .switchCase(subject, cases)
    }

    private mutating func functionDeclaration() throws(PHPParseError) -> PHPStatement {
        let line = current.line
        advance()
        guard case .identifier(let name) = current.token else { throw unexpected() }
        advance()
        try expect("(")
        var parameters: [(name: String, defaultValue: PHPExpr?)] = []
        while !isSymbol(")") {
            guard case .variable(let parameter) = current.token else { throw unexpected(expecting: [")"]) }
            advance()
            var defaultValue: PHPExpr?
            if isSymbol("=") {
                advance()
                defaultValue = try expression()
            }
            parameters.append((parameter, defaultValue))
            if isSymbol(",") { advance() } else { break }
        }
        try expect(")")
        try expect("{")
        let body = try statements(until: [])
        try expect("}")
        return .function(PHPFunction(name: name, parameters: parameters, body: body, line: line))
    }

    private mutating func expressionList() throws(PHPParseError) -> [PHPExpr] {
        var values = [try expression()]
        while isSymbol(",") {
            advance()
            values.append(try expression())
        }
        return values
    }

    // MARK: - Expressions

    /// A whole expression (`or`, `xor` and `and` included).
    mutating func expression() throws(PHPParseError) -> PHPExpr { try binary(0) }

    /// The level of an assignment's right side: everything but `and`, `or`, `xor`.
    private static let assignmentLevel = 40

    private func binaryOperator() -> (String, Int)? {
        switch current.token {
        case .identifier(let name):
            switch name.lowercased() {
            case "or": return ("||", 10)
            case "xor": return ("xor", 20)
            case "and": return ("&&", 30)
            case "instanceof": return nil
            default: return nil
            }
        case .symbol(let symbol):
            switch symbol {
            case "?": return ("?", 50)
            case "??": return ("??", 60)
            case "||": return ("||", 70)
            case "&&": return ("&&", 80)
            case "|": return ("|", 90)
            case "^": return ("^", 100)
            case "&": return ("&", 110)
            case "==", "!=", "<>", "===", "!==", "<=>": return (symbol == "<>" ? "!=" : symbol, 120)
            case "<", "<=", ">", ">=": return (symbol, 130)
            case ".": return (".", dialect.concatenationBelowArithmetic ? 135 : 150)
            case "<<", ">>": return (symbol, 140)
            case "+", "-": return (symbol, 150)
            case "*", "/", "%": return (symbol, 160)
            default: return nil
            }
        default: return nil
        }
    }

    private mutating func binary(_ minimum: Int) throws(PHPParseError) -> PHPExpr {
        let saved = depth
        defer { depth = saved }
        try enter()
        var left = try unary()
        // Each operator of a chain deepens the tree (`a . b . c` is `(a . b) . c`).
        while let (op, level) = binaryOperator(), level >= minimum {
            try enter()
            advance()
            switch op {
            case "?":
                var middle: PHPExpr?
                if isSymbol(":") {
                    advance()
                } else {
                    middle = try binary(Self.assignmentLevel)
                    try expect(":")
                }
                left = .ternary(left, middle, try binary(level + 1))
            case "??":
                left = .binary(op, left, try binary(level))
            default:
                left = .binary(op, left, try binary(level + 1))
            }
        }
        return left
    }

    private static let casts: [String: String] = [
        "int": "(int)", "integer": "(int)", "bool": "(bool)", "boolean": "(bool)", "float": "(float)",
        "double": "(float)", "real": "(float)", "string": "(string)", "array": "(array)", "object": "(object)",
    ]

    private mutating func unary() throws(PHPParseError) -> PHPExpr {
        try enter()
        defer { depth -= 1 }
        switch current.token {
        case .symbol("!"):
            advance()
            return .unary("!", try unary())
        case .symbol("-"), .symbol("+"), .symbol("~"), .symbol("@"):
            guard case .symbol(let op) = current.token else { throw unexpected() }
            advance()
            return .unary(op, try power())
        case .symbol("++"), .symbol("--"):
            let delta = isSymbol("++") ? 1 : -1
            advance()
            let target = try postfix()
            return .increment(target, delta: delta, prefix: true)
        case .symbol("("):
            if case .identifier(let name) = peekToken(), let cast = Self.casts[name.lowercased()],
                peekToken(2) == .symbol(")")
            {
                advance()
                advance()
                advance()
                return .unary(cast, try unary())
            }
        case .identifier(let name):
            switch name.lowercased() {
            case "print":
                advance()
                return .print(try binary(Self.assignmentLevel))
            case "include", "include_once", "require", "require_once":
                let line = current.line
                advance()
                return .include(name.lowercased(), try binary(Self.assignmentLevel), line: line)
            case "new":
                return try power()
            default: break
            }
        default: break
        }
        return try power()
    }

    /// `a ** b` (right-associative, above the unary operators on its left side).
    private mutating func power() throws(PHPParseError) -> PHPExpr {
        let base = try postfix()
        if isSymbol("**") {
            advance()
            return .binary("**", base, try unary())
        }
        return base
    }

    private static func isTarget(_ expression: PHPExpr) -> Bool {
        switch expression {
        case .variable, .index, .property, .list: true
        default: false
        }
    }

    private mutating func postfix() throws(PHPParseError) -> PHPExpr {
        let saved = depth
        defer { depth = saved }
        var value = try primary()
        while true {
            try enter()
            if isSymbol("[") {
                advance()
                if isSymbol("]") {
                    advance()
                    value = .index(value, nil)
                    continue
                }
                let key = try expression()
                try expect("]")
                value = .index(value, key)
            } else if isSymbol("{"), case .variable = value {
                advance()
                let key = try expression()
                try expect("}")
                value = .index(value, key)
            } else if isSymbol("->") {
                advance()
                guard case .identifier(let name) = current.token else { throw unexpected() }
                let line = current.line
                advance()
                if isSymbol("(") {
                    value = .methodCall(value, name, try arguments(), line: line)
                } else {
                    value = .property(value, name)
                }
            } else if isSymbol("++") || isSymbol("--"), Self.isTarget(value) {
                let delta = isSymbol("++") ? 1 : -1
                advance()
                return .increment(value, delta: delta, prefix: false)
            } else {
                break
            }
        }
        if Self.isTarget(value) {
            if isSymbol("=") {
                advance()
                if isSymbol("&") { throw unexpected() }
                return .assign(value, try binary(Self.assignmentLevel))
            }
            if case .symbol(let symbol) = current.token, symbol.count >= 2, symbol.hasSuffix("="),
                ["+=", "-=", "*=", "/=", ".=", "%=", "**=", "??=", "|=", "&=", "^=", "<<=", ">>="].contains(symbol)
            {
                advance()
                return .compoundAssign(String(symbol.dropLast()), value, try binary(Self.assignmentLevel))
            }
        }
        if case .list = value { throw unexpected(expecting: ["="]) }
        return value
    }

    private mutating func arguments() throws(PHPParseError) -> [PHPExpr] {
        try expect("(")
        var values: [PHPExpr] = []
        while !isSymbol(")") {
            values.append(try expression())
            if isSymbol(",") { advance() } else { break }
        }
        try expect(")")
        return values
    }

    private mutating func listItems(closing: String, opened: Bool) throws(PHPParseError) -> [PHPExpr?] {
        if opened { try expect("(") }
        var items: [PHPExpr?] = []
        while !isSymbol(closing) {
            if isSymbol(",") {
                items.append(nil)
                advance()
                continue
            }
            if isKeyword("list") || isSymbol("[") {
                items.append(try postfixTarget())
            } else {
                let item = try postfixTargetNoAssign()
                items.append(item)
            }
            if isSymbol(",") { advance() } else { break }
        }
        try expect(closing)
        return items
    }

    /// A variable with its `[…]` and `->` as a `list()` place (no assignment after it).
    private mutating func postfixTargetNoAssign() throws(PHPParseError) -> PHPExpr {
        guard case .variable(let name) = current.token else { throw unexpected() }
        advance()
        var value = PHPExpr.variable(name)
        while true {
            if isSymbol("[") {
                advance()
                if isSymbol("]") {
                    advance()
                    value = .index(value, nil)
                    continue
                }
                let key = try expression()
                try expect("]")
                value = .index(value, key)
            } else if isSymbol("->") {
                advance()
                guard case .identifier(let property) = current.token else { throw unexpected() }
                advance()
                value = .property(value, property)
            } else {
                return value
            }
        }
    }

    private mutating func primary() throws(PHPParseError) -> PHPExpr {
        let lexeme = current
        switch lexeme.token {
        case .variable(let name):
            advance()
            return .variable(name)
        case .integer(let value):
            advance()
            return .literal(.int(value))
        case .float(let value):
            advance()
            return .literal(.float(value))
        case .string(let value):
            advance()
            return .literal(.string(value))
        case .template(let parts):
            advance()
            return .interpolated(try templateParts(parts, line: lexeme.line))
        case .symbol("("):
            advance()
            let value = try expression()
            try expect(")")
            return value
        case .symbol("["):
            advance()
            let start = position
            // `[$a, $b] = …` destructures (PHP 7.1); otherwise an array literal.
            let items = try arrayItems(closing: "]")
            if isSymbol("="), dialect.major > 7 || (dialect.major == 7 && dialect.minor >= 1) {
                position = start
                return .list(try listItems(closing: "]", opened: false))
            }
            return .array(items)
        case .identifier(let name):
            let lower = name.lowercased()
            switch lower {
            case "true":
                advance()
                return .literal(.bool(true))
            case "false":
                advance()
                return .literal(.bool(false))
            case "null":
                advance()
                return .literal(.null)
            case "array" where peekToken() == .symbol("("):
                advance()
                advance()
                return .array(try arrayItems(closing: ")"))
            case "list" where peekToken() == .symbol("("):
                advance()
                return .list(try listItems(closing: ")", opened: true))
            case "isset":
                advance()
                try expect("(")
                var values = [try expression()]
                while isSymbol(",") {
                    advance()
                    if isSymbol(")") { break }
                    values.append(try expression())
                }
                try expect(")")
                return .isset(values)
            case "empty":
                advance()
                try expect("(")
                let value = try expression()
                try expect(")")
                return .empty(value)
            case "exit", "die":
                advance()
                if isSymbol("(") {
                    advance()
                    if isSymbol(")") {
                        advance()
                        return .exit(nil)
                    }
                    let value = try expression()
                    try expect(")")
                    return .exit(value)
                }
                return .exit(nil)
            case "new":
                advance()
                guard case .identifier(let className) = current.token,
                    PHPDialect.keywords[className.lowercased()] == nil
                else { throw unexpected() }
                advance()
                let values = isSymbol("(") ? try arguments() : []
                return .new(className, values, line: lexeme.line)
            default:
                if PHPDialect.keywords[lower] != nil { throw unexpected() }
                advance()
                if isSymbol("(") { return .call(name, try arguments(), line: lexeme.line) }
                if isSymbol("::") { throw unexpected() }
                return .constant(name, line: lexeme.line)
            }
        default:
            throw unexpected()
        }
    }

    private mutating func arrayItems(closing: String) throws(PHPParseError) -> [(key: PHPExpr?, value: PHPExpr)] {
        var items: [(key: PHPExpr?, value: PHPExpr)] = []
        while !isSymbol(closing) {
            let first = try expression()
            if isSymbol("=>") {
                advance()
                items.append((first, try expression()))
            } else {
                items.append((nil, first))
            }
            if isSymbol(",") { advance() } else { break }
        }
        try expect(closing)
        return items
    }

    private func templateParts(_ parts: [PHPTemplatePart], line: Int) throws(PHPParseError) -> [PHPExpr] {
        var result: [PHPExpr] = []
        for part in parts {
            switch part {
            case .text(let text): result.append(.literal(.string(text)))
            case .variable(let name, let access):
                switch access {
                case nil: result.append(.variable(name))
                case .key(let key)?:
                    let literal: PHPValue =
                        switch key {
                        case .int(let n): .int(n)
                        case .string(let s): .string(s)
                        }
                    result.append(.index(.variable(name), .literal(literal)))
                case .variableKey(let keyName)?: result.append(.index(.variable(name), .variable(keyName)))
                case .property(let property)?: result.append(.property(.variable(name), property))
                }
            case .code(let code, let codeLine):
                result.append(try Self.parseExpression(code, line: codeLine, dialect: dialect, depth: depth + 1))
            }
        }
        return result
    }
}
