/// Splits a line into words as a POSIX shell does (single and double quotes, backslashes,
/// `#` comments), with its operators (`>`, `>>`, `<`, `|`, `||`, `;`, `&`, `&&`) as tokens of
/// their own. One tokenizer for every place that reads shell-like text outside a container: the
/// host prompt, the host folder's little shell, `docker commit --change`.
public enum ShellWords {
    public enum Token: Equatable, Sendable {
        case word(String)
        case op(String)
    }

    /// A quote left open at the end of the line (the quote character).
    public struct UnclosedQuote: Error, Equatable, Sendable {
        public var quote: Character
    }

    /// The tokens of `line`.
    public static func tokenize(_ line: String, comments: Bool = true) throws(UnclosedQuote) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        var chars = Array(line)[...]
        func finish() {
            if inWord { tokens.append(.word(current)) }
            current = ""
            inWord = false
        }
        while let c = chars.popFirst() {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if let q = quote {
                if c == q {
                    quote = nil
                } else if c == "\\" && q == "\"" {
                    escaped = true
                } else {
                    current.append(c)
                }
                continue
            }
            switch c {
            case "\\":
                escaped = true
                inWord = true
            case "'", "\"":
                quote = c
                inWord = true
            case " ", "\t", "\r", "\n":
                finish()
            case "#" where comments && !inWord:
                finish()
                chars = []
            case ">", "<", "|", ";", "&":
                finish()
                if c == ">" || c == "|" || c == "&", chars.first == c {
                    chars = chars.dropFirst()
                    tokens.append(.op(String(c) + String(c)))
                } else {
                    tokens.append(.op(String(c)))
                }
            default:
                current.append(c)
                inWord = true
            }
        }
        if let quote { throw UnclosedQuote(quote: quote) }
        if escaped { current.append("\\") }
        finish()
        return tokens
    }

    /// Only the words, operators kept as plain text (for text that has no operators of its own,
    /// such as a Dockerfile instruction's arguments).
    public static func words(_ text: String) -> [String] {
        let tokens = (try? tokenize(text, comments: false)) ?? [.word(text)]
        return tokens.map { token in
            switch token {
            case .word(let word): word
            case .op(let op): op
            }
        }
    }
}
