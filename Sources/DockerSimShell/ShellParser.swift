import DockerSimCore

/// A parsed shell line: commands, pipelines, lists, loops and conditionals.
public indirect enum ShellNode: Sendable {
    /// `a; b && c || d`: each item with the connector that leads to it (the first one's is `.sequence`).
    case list([ListItem])
    /// `a | b | c`.
    case pipeline([ShellScript.SimpleCommand])
    case simple(ShellScript.SimpleCommand)
    /// `while COND; do BODY; done` (`until` when `until` is true).
    case loop(condition: ShellNode, body: ShellNode, until: Bool)
    /// `for NAME in WORDS; do BODY; done`.
    case forLoop(name: String, words: [[ShellScript.WordPart]], body: ShellNode)
    /// `if C; then A; elif C2; then B; else E; fi`.
    case conditional(branches: [Branch], otherwise: ShellNode?)

    public struct ListItem: Sendable {
        public var connector: ShellScript.Connector
        public var node: ShellNode
    }

    public struct Branch: Sendable {
        public var condition: ShellNode
        public var body: ShellNode
    }
}

/// The pieces of a shell line.
public enum ShellScript {
    public enum Connector: Equatable, Sendable { case sequence, and, or }

    public struct Redirection: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case write, append, read, writeError, appendError, errorToOutput }
        public var kind: Kind
        public var target: [WordPart]
    }

    /// A word before expansion: literal text, quoted text, `$NAME`, `$(command)`.
    public enum WordPart: Equatable, Sendable {
        case literal(String)
        /// A quoted literal (kept even when empty).
        case quoted(String)
        case variable(String)
        /// `$(…)` or backquotes: the command line inside.
        case command(String)
    }

    public struct SimpleCommand: Sendable {
        public var words: [[WordPart]] = []
        public var redirections: [Redirection] = []
        public var assignments: [(String, [WordPart])] = []

        var isEmpty: Bool { words.isEmpty && redirections.isEmpty && assignments.isEmpty }
    }
}

/// Why a line could not be parsed, as bash words it.
public enum ShellSyntaxError: Error, Equatable, Sendable {
    case unexpectedToken(String)
    case unterminatedQuote(Character)
    case unexpectedEnd
    /// `if`, `while`, `until`, `for` and `{ }` nested past the limit (``Limits/shellNesting``):
    /// the parser stops before the stack would.
    case tooDeep(limit: Int)

    public var message: String {
        switch self {
        case .unexpectedToken(let token): "bash: syntax error near unexpected token `\(token)'"
        case .unterminatedQuote(let quote): "bash: unexpected EOF while looking for matching `\(quote)'"
        case .unexpectedEnd: "bash: syntax error: unexpected end of file"
        case .tooDeep(let limit):
            "dockersim: la línea anida más de \(limit) if/while/until/for/{ }, no se ejecuta / "
                + "the line nests more than \(limit) if/while/until/for/{ }, not run"
        }
    }
}

/// A small bash-compatible parser: quoting, `$VAR`, `$?`, `$(…)`, redirections, pipes, `;`,
/// `&&`, `||`, `while`/`until`, `for`, `if`, `{ …; }`.
public enum ShellParser {
    enum Token: Equatable {
        case word([ShellScript.WordPart])
        case op(String)

        /// The word as an unquoted reserved word (`while`, `do`…), if it is one.
        var reserved: String? {
            guard case .word(let parts) = self, parts.count == 1, case .literal(let text) = parts[0] else { return nil }
            return ["while", "until", "do", "done", "for", "in", "if", "then", "elif", "else", "fi", "{", "}", "!"]
                .contains(text) ? text : nil
        }
    }

    /// Parses one line; `if`/`while`/`until`/`for`/`{ }` may nest `maxNesting` levels deep.
    public static func parse(
        _ line: String, maxNesting: Int = Limits.standard.shellNesting
    ) throws(ShellSyntaxError) -> ShellNode {
        var parser = Parser(tokens: try tokenize(line))
        parser.maxNesting = maxNesting
        let node = try parser.list(until: [])
        if parser.index < parser.tokens.count {
            throw .unexpectedToken(parser.text(parser.tokens[parser.index]))
        }
        return node
    }

    struct Parser {
        let tokens: [Token]
        var index = 0
        /// Compound commands open around the current token, and how many may be.
        var nesting = 0
        var maxNesting = Limits.standard.shellNesting

        init(tokens: [Token]) { self.tokens = tokens }

        func text(_ token: Token) -> String {
            switch token {
            case .op(let op): op
            case .word(let parts):
                parts.map { part in
                    switch part {
                    case .literal(let t), .quoted(let t): t
                    case .variable(let name): "$" + name
                    case .command(let c): "$(" + c + ")"
                    }
                }.joined()
            }
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        /// A list of and-or items separated by `;`, ending before one of `terminators`.
        mutating func list(until terminators: Set<String>) throws(ShellSyntaxError) -> ShellNode {
            var items: [ShellNode.ListItem] = []
            var connector = ShellScript.Connector.sequence
            while let token = peek {
                if let word = token.reserved, terminators.contains(word) { break }
                if case .op(let op) = token, op == ";" {
                    if items.isEmpty || connector != .sequence { throw .unexpectedToken(";") }
                    index += 1
                    continue
                }
                let node = try pipeline()
                items.append(ShellNode.ListItem(connector: connector, node: node))
                connector = .sequence
                guard let next = peek else { break }
                if case .op(let op) = next {
                    switch op {
                    case "&&":
                        connector = .and
                        index += 1
                    case "||":
                        connector = .or
                        index += 1
                    case ";", "&": index += 1
                    default: break
                    }
                    if connector != .sequence, peek == nil { throw .unexpectedEnd }
                }
            }
            if !terminators.isEmpty, peek == nil { throw .unexpectedEnd }
            return items.count == 1 && items[0].connector == .sequence ? items[0].node : .list(items)
        }

        mutating func expect(_ word: String) throws(ShellSyntaxError) {
            guard let token = peek else { throw .unexpectedEnd }
            guard token.reserved == word else { throw .unexpectedToken(text(token)) }
            index += 1
        }

        mutating func pipeline() throws(ShellSyntaxError) -> ShellNode {
            guard let token = peek else { throw .unexpectedEnd }
            if let word = token.reserved, ["while", "until", "for", "if", "{"].contains(word) {
                guard nesting < maxNesting else { throw .tooDeep(limit: maxNesting) }
                nesting += 1
            }
            defer {
                if let word = token.reserved, ["while", "until", "for", "if", "{"].contains(word) { nesting -= 1 }
            }
            switch token.reserved {
            case "while", "until":
                index += 1
                let condition = try list(until: ["do"])
                try expect("do")
                let body = try list(until: ["done"])
                try expect("done")
                return .loop(condition: condition, body: body, until: token.reserved == "until")
            case "for":
                index += 1
                guard case .word(let nameParts)? = peek, nameParts.count == 1, case .literal(let name) = nameParts[0]
                else {
                    throw .unexpectedToken(peek.map(text) ?? "newline")
                }
                index += 1
                var words: [[ShellScript.WordPart]] = []
                if peek?.reserved == "in" {
                    index += 1
                    while case .word(let parts)? = peek, peek?.reserved != "do" {
                        words.append(parts)
                        index += 1
                    }
                }
                if case .op(";")? = peek { index += 1 }
                try expect("do")
                let body = try list(until: ["done"])
                try expect("done")
                return .forLoop(name: name, words: words, body: body)
            case "if":
                index += 1
                var branches: [ShellNode.Branch] = []
                let condition = try list(until: ["then"])
                try expect("then")
                var body = try list(until: ["elif", "else", "fi"])
                branches.append(.init(condition: condition, body: body))
                var otherwise: ShellNode?
                while let word = peek?.reserved, word != "fi" {
                    index += 1
                    if word == "elif" {
                        let next = try list(until: ["then"])
                        try expect("then")
                        body = try list(until: ["elif", "else", "fi"])
                        branches.append(.init(condition: next, body: body))
                    } else {
                        otherwise = try list(until: ["fi"])
                    }
                }
                try expect("fi")
                return .conditional(branches: branches, otherwise: otherwise)
            case "{":
                index += 1
                let body = try list(until: ["}"])
                try expect("}")
                return body
            case "do", "done", "then", "elif", "else", "fi", "}", "in":
                throw .unexpectedToken(text(token))
            default:
                break
            }
            var commands = [try simple()]
            while case .op("|")? = peek {
                index += 1
                commands.append(try simple())
            }
            return commands.count == 1 ? .simple(commands[0]) : .pipeline(commands)
        }

        mutating func simple() throws(ShellSyntaxError) -> ShellScript.SimpleCommand {
            var command = ShellScript.SimpleCommand()
            loop: while let token = peek {
                switch token {
                case .word(let parts):
                    if command.words.isEmpty, let assignment = ShellParser.assignment(parts) {
                        command.assignments.append(assignment)
                    } else {
                        command.words.append(parts)
                    }
                    index += 1
                case .op(let op):
                    let kind: ShellScript.Redirection.Kind
                    switch op {
                    case ">": kind = .write
                    case ">>": kind = .append
                    case "<": kind = .read
                    case "2>": kind = .writeError
                    case "2>>": kind = .appendError
                    case "2>&1":
                        command.redirections.append(.init(kind: .errorToOutput, target: []))
                        index += 1
                        continue loop
                    default: break loop
                    }
                    index += 1
                    guard case .word(let target)? = peek else { throw .unexpectedToken(peek.map(text) ?? "newline") }
                    command.redirections.append(.init(kind: kind, target: target))
                    index += 1
                }
            }
            if command.isEmpty { throw .unexpectedToken(peek.map(text) ?? "newline") }
            return command
        }
    }

    static func assignment(_ parts: [ShellScript.WordPart]) -> (String, [ShellScript.WordPart])? {
        guard case .literal(let first)? = parts.first, let eq = first.firstIndex(of: "="), eq != first.startIndex else {
            return nil
        }
        let name = String(first[..<eq])
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? true) else {
            return nil
        }
        var value = Array(parts.dropFirst())
        let rest = String(first[first.index(after: eq)...])
        if !rest.isEmpty { value.insert(.literal(rest), at: 0) }
        return (name, value)
    }

    static func tokenize(_ line: String) throws(ShellSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var parts: [ShellScript.WordPart] = []
        var literal = ""
        var inWord = false
        let chars = Array(line)
        var i = 0
        func endLiteral() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
        }
        func endWord() {
            endLiteral()
            if inWord { tokens.append(.word(parts)) }
            parts = []
            inWord = false
        }
        /// The end of `$(…)` starting at `open` (the index of `(`), quotes and nesting respected.
        func closingParen(_ open: Int) throws(ShellSyntaxError) -> Int {
            var depth = 0
            var j = open
            var quote: Character?
            while j < chars.count {
                let c = chars[j]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if c == "(" {
                    depth += 1
                } else if c == ")" {
                    depth -= 1
                    if depth == 0 { return j }
                }
                j += 1
            }
            throw .unterminatedQuote("(")
        }
        /// Reads `$…` at `i`: a variable or a command substitution.
        func readDollar() throws(ShellSyntaxError) -> ShellScript.WordPart? {
            guard i + 1 < chars.count else { return nil }
            let next = chars[i + 1]
            if next == "(" {
                let close = try closingParen(i + 1)
                let inner = String(chars[(i + 2)..<close])
                i = close
                return .command(inner)
            }
            if next == "?" || next == "$" || next == "#" || next.isNumber {
                i += 1
                return .variable(String(next))
            }
            if next == "{", let close = chars[(i + 2)...].firstIndex(of: "}") {
                let name = String(chars[(i + 2)..<close])
                i = close
                return .variable(name)
            }
            guard next.isLetter || next == "_" else { return nil }
            var j = i + 1
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
            let name = String(chars[(i + 1)..<j])
            i = j - 1
            return .variable(name)
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t", "\n":
                endWord()
            case "#" where !inWord:
                i = chars.count
                continue
            case "'":
                inWord = true
                endLiteral()
                guard let close = chars[(i + 1)...].firstIndex(of: "'") else { throw .unterminatedQuote("'") }
                parts.append(.quoted(String(chars[(i + 1)..<close])))
                i = close
            case "\"":
                inWord = true
                endLiteral()
                var text = ""
                var j = i + 1
                var closed = false
                while j < chars.count {
                    let d = chars[j]
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", j + 1 < chars.count, "$`\"\\".contains(chars[j + 1]) {
                        text.append(chars[j + 1])
                        j += 2
                        continue
                    }
                    if d == "$" {
                        let saved = i
                        i = j
                        if let part = try readDollar() {
                            parts.append(.quoted(text))
                            text = ""
                            parts.append(part)
                            j = i + 1
                            i = saved
                            continue
                        }
                        i = saved
                    }
                    if d == "`", let close = chars[(j + 1)...].firstIndex(of: "`") {
                        parts.append(.quoted(text))
                        text = ""
                        parts.append(.command(String(chars[(j + 1)..<close])))
                        j = close + 1
                        continue
                    }
                    text.append(d)
                    j += 1
                }
                guard closed else { throw .unterminatedQuote("\"") }
                parts.append(.quoted(text))
                i = j
            case "\\":
                inWord = true
                if i + 1 < chars.count {
                    endLiteral()
                    parts.append(.quoted(String(chars[i + 1])))
                    i += 1
                }
            case "$":
                inWord = true
                if let part = try readDollar() {
                    endLiteral()
                    parts.append(part)
                } else {
                    literal.append(c)
                }
            case "`":
                inWord = true
                guard let close = chars[(i + 1)...].firstIndex(of: "`") else { throw .unterminatedQuote("`") }
                endLiteral()
                parts.append(.command(String(chars[(i + 1)..<close])))
                i = close
            case ";":
                endWord()
                tokens.append(.op(";"))
            case "&":
                endWord()
                if i + 1 < chars.count, chars[i + 1] == "&" {
                    tokens.append(.op("&&"))
                    i += 1
                } else {
                    tokens.append(.op("&"))
                }
            case "|":
                endWord()
                if i + 1 < chars.count, chars[i + 1] == "|" {
                    tokens.append(.op("||"))
                    i += 1
                } else {
                    tokens.append(.op("|"))
                }
            case ">", "<":
                var op = String(c)
                if literal == "2" && parts.isEmpty && c == ">" {
                    literal = ""
                    inWord = false
                    op = "2>"
                }
                endWord()
                if c == ">", i + 1 < chars.count, chars[i + 1] == ">" {
                    op += ">"
                    i += 1
                }
                if op == "2>", i + 2 < chars.count, chars[i + 1] == "&", chars[i + 2] == "1" {
                    op = "2>&1"
                    i += 2
                }
                tokens.append(.op(op))
            case "(", ")":
                endWord()
                tokens.append(.op(String(c)))
            default:
                inWord = true
                literal.append(c)
            }
            i += 1
        }
        endWord()
        return tokens
    }
}
