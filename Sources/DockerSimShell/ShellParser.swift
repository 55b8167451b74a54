/// A parsed shell command line: simple commands joined by `;`, `&&` and `||`.
public struct ShellScript: Equatable, Sendable {
    public enum Connector: Equatable, Sendable { case sequence, and, or }

    public struct Redirection: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case write, append, read, writeError, appendError }
        public var kind: Kind
        public var target: [WordPart]
    }

    /// A word before expansion: literal text and `$NAME` references.
    public enum WordPart: Equatable, Sendable {
        case literal(String)
        /// A quoted literal (no globbing, kept even when empty).
        case quoted(String)
        case variable(String)
    }

    public struct SimpleCommand: Equatable, Sendable {
        public var words: [[WordPart]]
        public var redirections: [Redirection]
        public var assignments: [(String, [WordPart])]

        public static func == (a: SimpleCommand, b: SimpleCommand) -> Bool {
            a.words == b.words && a.redirections == b.redirections && a.assignments.map(\.0) == b.assignments.map(\.0)
        }
    }

    /// Each command with the connector that leads to it (the first one's is `.sequence`).
    public var commands: [(Connector, SimpleCommand)]

    public static func == (a: ShellScript, b: ShellScript) -> Bool {
        a.commands.map(\.0) == b.commands.map(\.0) && a.commands.map(\.1) == b.commands.map(\.1)
    }
}

/// Why a line could not be parsed, as bash words it.
public enum ShellSyntaxError: Error, Equatable, Sendable {
    case unexpectedToken(String)
    case unterminatedQuote(Character)

    public var message: String {
        switch self {
        case .unexpectedToken(let token): "bash: syntax error near unexpected token `\(token)'"
        case .unterminatedQuote(let quote): "bash: unexpected EOF while looking for matching `\(quote)'"
        }
    }
}

/// A small bash-compatible parser: quoting, `$VAR`, `$?`, redirections, `;`, `&&`, `||`.
public enum ShellParser {
    enum Token: Equatable {
        case word([ShellScript.WordPart])
        case op(String)
    }

    /// Parses one line.
    public static func parse(_ line: String) throws(ShellSyntaxError) -> ShellScript {
        let tokens = try tokenize(line)
        var commands: [(ShellScript.Connector, ShellScript.SimpleCommand)] = []
        var current = ShellScript.SimpleCommand(words: [], redirections: [], assignments: [])
        var connector = ShellScript.Connector.sequence
        var index = 0
        func flush(_ next: ShellScript.Connector, _ op: String) throws(ShellSyntaxError) {
            if current.words.isEmpty && current.redirections.isEmpty && current.assignments.isEmpty {
                throw .unexpectedToken(op)
            }
            commands.append((connector, current))
            current = ShellScript.SimpleCommand(words: [], redirections: [], assignments: [])
            connector = next
        }
        while index < tokens.count {
            switch tokens[index] {
            case .word(let parts):
                if current.words.isEmpty, let assignment = assignment(parts) {
                    current.assignments.append(assignment)
                } else {
                    current.words.append(parts)
                }
            case .op(let op):
                switch op {
                case ";": try flush(.sequence, op)
                case "&&": try flush(.and, op)
                case "||": try flush(.or, op)
                case ">", ">>", "<", "2>", "2>>":
                    index += 1
                    guard index < tokens.count, case .word(let target) = tokens[index] else {
                        throw .unexpectedToken(index < tokens.count ? opText(tokens[index]) : "newline")
                    }
                    let kind: ShellScript.Redirection.Kind = switch op {
                    case ">": .write
                    case ">>": .append
                    case "<": .read
                    case "2>": .writeError
                    default: .appendError
                    }
                    current.redirections.append(.init(kind: kind, target: target))
                default:
                    throw .unexpectedToken(op)
                }
            }
            index += 1
        }
        if !(current.words.isEmpty && current.redirections.isEmpty && current.assignments.isEmpty) {
            commands.append((connector, current))
        } else if connector != .sequence {
            throw .unexpectedToken("newline")
        }
        return ShellScript(commands: commands)
    }

    static func opText(_ token: Token) -> String {
        if case .op(let op) = token { return op }
        return "newline"
    }

    static func assignment(_ parts: [ShellScript.WordPart]) -> (String, [ShellScript.WordPart])? {
        guard case .literal(let first)? = parts.first, let eq = first.firstIndex(of: "="), eq != first.startIndex else { return nil }
        let name = String(first[..<eq])
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? true) else { return nil }
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
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
        }
        func endWord() {
            endLiteral()
            if inWord { tokens.append(.word(parts)) }
            parts = []
            inWord = false
        }
        func readVariable() -> String? {
            guard i + 1 < chars.count else { return nil }
            let next = chars[i + 1]
            if next == "?" || next == "$" || next == "#" || next.isNumber {
                i += 1
                return String(next)
            }
            if next == "{" , let close = chars[(i + 2)...].firstIndex(of: "}") {
                let name = String(chars[(i + 2)..<close])
                i = close
                return name
            }
            guard next.isLetter || next == "_" else { return nil }
            var j = i + 1
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
            let name = String(chars[(i + 1)..<j])
            i = j - 1
            return name
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t":
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
                    if d == "\"" { closed = true; break }
                    if d == "\\", j + 1 < chars.count, "$`\"\\".contains(chars[j + 1]) {
                        text.append(chars[j + 1])
                        j += 2
                        continue
                    }
                    if d == "$" {
                        let saved = i
                        i = j
                        if let name = readVariable() {
                            parts.append(.quoted(text))
                            text = ""
                            parts.append(.variable(name))
                            j = i + 1
                            i = saved
                            continue
                        }
                        i = saved
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
                if let name = readVariable() {
                    endLiteral()
                    parts.append(.variable(name))
                } else {
                    literal.append(c)
                }
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
                tokens.append(.op(op))
            case "(", ")", "`":
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
