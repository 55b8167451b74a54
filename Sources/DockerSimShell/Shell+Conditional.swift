import DockerSimCore

/// `[[ EXPRESSION ]]`, bash's conditional command, as parsed: its operands stay words, expanded
/// when it runs, without word splitting or pathname expansion.
public indirect enum ConditionalExpression: Sendable {
    /// `WORD`: true when it is not empty.
    case word([ShellScript.WordPart])
    /// `-f WORD`, `-n WORD`…: `test`'s unary operators.
    case unary(String, [ShellScript.WordPart])
    /// `A == B`, `A < B`, `A -lt B`…: with `==`, `=` and `!=` the right side is a pattern
    /// (its quoted parts match literally); `-eq` and the others compare arithmetic expressions.
    case binary(String, [ShellScript.WordPart], [ShellScript.WordPart])
    /// `A =~ REGEX`: a POSIX extended regular expression (its quoted parts match literally).
    case regex([ShellScript.WordPart], [ShellScript.WordPart])
    case not(ConditionalExpression)
    case and(ConditionalExpression, ConditionalExpression)
    case or(ConditionalExpression, ConditionalExpression)
}

extension ShellParser {
    /// `[[`'s unary operators (`test`'s).
    static let conditionalUnary: Set<String> = [
        "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-n", "-o", "-p", "-r", "-s", "-t", "-u", "-v", "-w",
        "-x", "-z", "-G", "-L", "-O", "-S", "-N", "-R",
    ]
    /// `[[`'s binary operators written as words (`<` and `>` are the lexer's operators).
    static let conditionalBinary: Set<String> = [
        "==", "=", "!=", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
    ]
}

extension ShellParser.Parser {
    /// Whether `token` is the word `]]` as written (unquoted).
    static func isClosing(_ token: ShellLexer.Token?) -> Bool {
        guard case .word(let parts)? = token, parts.count == 1, case .literal("]]") = parts[0] else { return false }
        return true
    }

    /// Whether `token` is the unquoted word `text`.
    static func isWord(_ token: ShellLexer.Token?, _ text: String) -> Bool {
        guard case .word(let parts)? = token, parts.count == 1, case .literal(let word) = parts[0] else { return false }
        return word == text
    }

    /// `[[ … ]]` from its `[[` on (bash's `parse_cond_command`, with its error texts).
    mutating func conditionalCommand() throws(ShellSyntaxError) -> ShellNode {
        index += 1
        conditionalOperators = 0
        let expression = try conditionalOr(depth: 0)
        skipNewlines()
        guard let token = peek else { throw .unexpectedEnd }
        guard Self.isClosing(token) else {
            if case .op(")") = token {
                throw .conditional("syntax error in conditional expression: unexpected token `)'")
            }
            throw .conditional("syntax error in conditional expression")
        }
        index += 1
        return .test(expression)
    }

    private mutating func conditionalOr(depth: Int) throws(ShellSyntaxError) -> ConditionalExpression {
        var left = try conditionalAnd(depth: depth)
        while case .op("||")? = peek {
            try countOperator()
            index += 1
            let right = try conditionalAnd(depth: depth)
            left = .or(left, right)
        }
        return left
    }

    private mutating func conditionalAnd(depth: Int) throws(ShellSyntaxError) -> ConditionalExpression {
        var left = try conditionalTerm(depth: depth)
        while case .op("&&")? = peek {
            try countOperator()
            index += 1
            let right = try conditionalTerm(depth: depth)
            left = .and(left, right)
        }
        return left
    }

    /// One more `&&` or `||`: past `maxNesting` of them the expression is refused (its tree
    /// would be deeper than the parser lets a line nest).
    private mutating func countOperator() throws(ShellSyntaxError) {
        conditionalOperators += 1
        guard conditionalOperators <= maxNesting else { throw .tooDeep(limit: maxNesting) }
    }

    private mutating func conditionalTerm(depth: Int) throws(ShellSyntaxError) -> ConditionalExpression {
        skipNewlines()
        guard let token = peek else { throw .unexpectedEnd }
        // `[[ ]]`, `[[ ! ]]`, `[[ a && ]]`: bash drops the line without a word.
        if Self.isClosing(token) { throw .conditional(depth > 0 ? "expected `)'" : nil) }
        if case .op("(") = token {
            guard depth < maxNesting else { throw .tooDeep(limit: maxNesting) }
            index += 1
            let inner = try conditionalOr(depth: depth + 1)
            skipNewlines()
            guard let close = peek else { throw .unexpectedEnd }
            guard case .op(")") = close else { throw .conditional("unexpected token `\(text(close))', expected `)'") }
            index += 1
            return inner
        }
        guard case .word(let parts) = token else {
            throw .conditional("unexpected token `\(text(token))' in conditional command")
        }
        if Self.isWord(token, "!") {
            // `! ! a`: counted, not nested (a line of a thousand `!` stays flat).
            var negations = 0
            while Self.isWord(peek, "!") {
                index += 1
                negations += 1
            }
            let inner = try conditionalTerm(depth: depth)
            return negations % 2 == 1 ? .not(inner) : inner
        }
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        if parts.count == 1, case .literal(let op) = parts[0], ShellParser.conditionalUnary.contains(op),
            !Self.isBinaryOperator(index + 2 < tokens.count ? tokens[index + 2] : nil)
        {
            index += 1
            guard let operand = next else { throw .unexpectedEnd }
            guard case .word(let word) = operand, !Self.isClosing(operand) else {
                throw .conditional("unexpected argument `\(text(operand))' to conditional unary operator")
            }
            index += 1
            return .unary(op, word)
        }
        index += 1
        guard let after = peek else { throw .unexpectedEnd }
        if Self.isClosing(after) { return .word(parts) }
        let op: String
        switch after {
        case .op("&&"), .op("||"), .op(")"): return .word(parts)
        case .op("\n"): throw .conditional("unexpected token `newline', conditional binary operator expected")
        case .op("<"), .op(">"): op = text(after)
        default:
            guard Self.isBinaryOperator(after), case .word(let word) = after, case .literal(let name) = word[0] else {
                throw .conditional("conditional binary operator expected")
            }
            op = name
        }
        index += 1
        if op == "=~" {
            // The regex as written: its words and the `(`, `)` and `|` between them.
            var pattern: [ShellScript.WordPart] = []
            var open = 0
            scan: while let piece = peek, !Self.isClosing(piece) {
                switch piece {
                case .word(let word): pattern += word
                case .op("("):
                    open += 1
                    pattern.append(.literal("("))
                case .op(")") where open > 0:
                    open -= 1
                    pattern.append(.literal(")"))
                case .op("|"): pattern.append(.literal("|"))
                default: break scan
                }
                index += 1
            }
            guard !pattern.isEmpty else {
                guard let piece = peek else { throw .unexpectedEnd }
                throw .conditional("unexpected argument `\(text(piece))' to conditional binary operator")
            }
            return .regex(parts, pattern)
        }
        guard let right = peek else { throw .unexpectedEnd }
        guard case .word(let word) = right, !Self.isClosing(right) else {
            throw .conditional("unexpected argument `\(text(right))' to conditional binary operator")
        }
        index += 1
        return .binary(op, parts, word)
    }

    /// Whether `token` is one of `[[`'s binary operators.
    private static func isBinaryOperator(_ token: ShellLexer.Token?) -> Bool {
        switch token {
        case .op("<")?, .op(">")?: return true
        case .word(let parts)?:
            guard parts.count == 1, case .literal(let text) = parts[0] else { return false }
            return ShellParser.conditionalBinary.contains(text)
        default: return false
        }
    }
}

extension Shell {
    /// Runs `[[ EXPRESSION ]]`: 0 true, 1 false, 2 for a regular expression that does not compile.
    mutating func conditional(_ expression: ConditionalExpression, io: inout CommandIO, engine: inout Engine) -> Int32 {
        var failed = false
        let value = evaluate(expression, io: &io, engine: &engine, failed: &failed)
        if failed { return 2 }
        return value ? 0 : 1
    }

    private mutating func evaluate(
        _ expression: ConditionalExpression, io: inout CommandIO, engine: inout Engine, failed: inout Bool
    ) -> Bool {
        switch expression {
        case .word(let parts):
            return !expand(parts, engine: &engine, provider: io.provider).isEmpty
        case .not(let inner):
            return !evaluate(inner, io: &io, engine: &engine, failed: &failed)
        case .and(let left, let right):
            return evaluate(left, io: &io, engine: &engine, failed: &failed)
                && evaluate(right, io: &io, engine: &engine, failed: &failed)
        case .or(let left, let right):
            return evaluate(left, io: &io, engine: &engine, failed: &failed)
                || evaluate(right, io: &io, engine: &engine, failed: &failed)
        case .unary(let op, let parts):
            let operand = expand(parts, engine: &engine, provider: io.provider)
            return testWords([op, operand], io: io, engine: engine)
        case .binary(let op, let leftParts, let rightParts):
            let left = expand(leftParts, engine: &engine, provider: io.provider)
            switch op {
            case "==", "=", "!=":
                let pattern = patternText(rightParts, engine: &engine, provider: io.provider)
                let matched = Glob.matches(pattern, left)
                return op == "!=" ? !matched : matched
            case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
                // Both sides are arithmetic expressions (`[[ $n+1 -gt 2 ]]`, a bare name's value).
                let right = expand(rightParts, engine: &engine, provider: io.provider)
                var leftValue = Arithmetic(left, variables: env)
                var rightValue = Arithmetic(right, variables: env)
                return testWords(
                    [String(leftValue.evaluate()), op, String(rightValue.evaluate())], io: io, engine: engine)
            default:
                let right = expand(rightParts, engine: &engine, provider: io.provider)
                return testWords([left, op, right], io: io, engine: engine)
            }
        case .regex(let leftParts, let patternParts):
            let left = expand(leftParts, engine: &engine, provider: io.provider)
            var source = ""
            for part in patternParts {
                switch part {
                case .literal(let text): source += text
                case .splitting(let inner): source += expand([inner], engine: &engine, provider: io.provider)
                default: source += Self.regexEscaped(expand([part], engine: &engine, provider: io.provider))
                }
            }
            guard let matcher = try? GrepMatcher(source, flags: ["E"]) else {
                failed = true
                return false
            }
            return matcher.matches(left)
        }
    }

    /// `test`'s evaluator on `words` (one evaluator for `test`, `[` and `[[`).
    private func testWords(_ words: [String], io: CommandIO, engine: Engine) -> Bool {
        var test = TestExpression(words: words, shell: self, engine: engine, root: !(machine == .host && !io.asRoot))
        test.terminals = [io.stdinIsTerminal, io.stdoutIsTerminal, terminal]
        return (try? test.evaluate()) ?? false
    }

    /// The right side of `==` as a pattern: what is quoted matches itself (its pattern
    /// characters escaped), what is not keeps `*`, `?` and `[…]`.
    mutating func patternText(
        _ parts: [ShellScript.WordPart], engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        var pattern = ""
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let text):
                pattern += index == 0 ? expand([part], engine: &engine, provider: provider) : text
            case .splitting(let inner): pattern += expand([inner], engine: &engine, provider: provider)
            default:
                for character in expand([part], engine: &engine, provider: provider) {
                    if "*?[]\\".contains(character) { pattern.append("\\") }
                    pattern.append(character)
                }
            }
        }
        return pattern
    }

    /// `text` with the characters special in an extended regular expression escaped.
    static func regexEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\.[]()*+?{}|^$".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
