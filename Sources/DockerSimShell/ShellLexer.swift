/// The one tokenizer of dockersim's shell: the host prompt, every container's bash, `bash -c`,
/// `$( )` and Tab completion all read shell text through it.
///
/// It follows bash's quoting rules: single quotes keep everything; double quotes keep everything
/// but `$`, backquotes and a backslash before `$`, `` ` ``, `"`, `\` or a newline (so
/// `"a\tb"` stays `a\tb`); an unquoted backslash quotes the next character and a backslash-newline
/// joins two lines. Newlines separate commands, and a here-document's body (`<<EOF`, `<<'EOF'`,
/// `<<-EOF`) is read from the lines after the one that opens it.
struct ShellLexer {
    enum Token: Equatable {
        case word([ShellScript.WordPart])
        /// `;`, `\n`, `&`, `&&`, `|`, `||`, `(`, `)` and the redirection operators.
        case op(String)
        /// A here-document with its body (already read) and whether the body is expanded.
        case heredoc(body: [ShellScript.WordPart])

        /// The word as an unquoted reserved word (`while`, `do`…), if it is one.
        var reserved: String? {
            guard case .word(let parts) = self, parts.count == 1, case .literal(let text) = parts[0] else { return nil }
            return ShellParser.isReservedWord(text) ? text : nil
        }
    }

    /// A here-document whose body starts after the next newline.
    struct PendingHeredoc {
        var token: Int
        var delimiter: String
        var quoted: Bool
        var stripTabs: Bool
        var line: Int
    }

    let chars: [Character]
    /// The text's bytes when it is ASCII without a carriage return: each Character is then one
    /// byte (`chars[k]` is `ascii[k]`), so runs of Characters are made into strings, and quotes
    /// found, by byte (nil otherwise: by Character).
    let ascii: [UInt8]?
    /// Whether the text is all there is (end of a script, `bash -c`): an unterminated
    /// here-document then ends at the end of the text, with bash's warning.
    let final: Bool
    var i = 0
    var tokens: [Token] = []
    var parts: [ShellScript.WordPart] = []
    var literal = ""
    var inWord = false
    var pending: [PendingHeredoc] = []
    /// The line being read (1-based, counted from ``firstLine``).
    var line: Int
    /// The line of each token (as ``tokens``): the line the lexer was at when the token ended,
    /// less the backslash-newlines read since the last command separator — bash's
    /// `$LINENO` and error lines for a simple command (`nosuch "a⏎b"` is on line 2,
    /// `nosuch a \⏎b` on line 1).
    var lines: [Int] = []
    /// The backslash-newlines read since the last command separator.
    var continuations = 0
    /// bash's warnings about the text (a here-document delimited by the end of the text).
    var warnings: [String] = []
    /// Completion: stop at the end of the text without failing on open quotes or `$(`.
    var lenient = false
    /// Completion: the quote left open at the end of the text.
    var openQuote = false
    /// The here-document whose body the text ended in, when tokenizing threw
    /// ``ShellSyntaxError/unterminatedHeredoc(_:)``: its delimiter and whether tabs are stripped.
    var unfinishedHeredoc: (delimiter: String, stripTabs: Bool)?

    /// The tokens of a text made only of plain words: ASCII letters, digits and `-_./:=,@+%`
    /// separated by spaces and tabs (no quote, expansion, operator, comment, newline or
    /// carriage return), each word one literal, as ``tokenize()`` reads them. Nil for any other
    /// text (or one not stored contiguously), which the lexer reads.
    static func plainWords(_ text: String) -> [Token]? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> [Token]? in
            // A first pass checks the bytes and counts the words: the tokens are made only for
            // a plain text, in an array made at its size (grown by appends, it was copied three
            // or four times for a `docker run …` line).
            var count = 0
            var inWord = false
            for byte in bytes {
                if PlainWords.isWordByte(byte) {
                    if !inWord { count += 1 }
                    inWord = true
                } else if byte == 0x20 || byte == 0x09 {
                    inWord = false
                } else {
                    return nil
                }
            }
            var tokens: [Token] = []
            tokens.reserveCapacity(count)
            // Every byte is now a word's, a space or a tab.
            var start = -1
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 0x20
                if byte != 0x20 && byte != 0x09 {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    tokens.append(.word([.literal(word)]))
                    start = -1
                }
            }
            return tokens
        } ?? nil
    }

    init(_ text: String, final: Bool, firstLine: Int = 1) {
        chars = Array(text)
        let bytes = Array(text.utf8)
        ascii = bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? bytes : nil
        self.final = final
        line = firstLine
    }

    /// The text of `chars[range]` (from its bytes when the text is ASCII).
    func string(_ range: Range<Int>) -> String {
        if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
        return String(chars[range])
    }

    /// The first place from `start` on where `character` is (by byte when the text and the
    /// character are ASCII).
    func firstIndex(of character: Character, from start: Int) -> Int? {
        if let ascii, let byte = character.asciiValue { return ascii[start...].firstIndex(of: byte) }
        return chars[start...].firstIndex(of: character)
    }

    /// Adds `token`, with its line (see ``lines``).
    private mutating func emit(_ token: Token) {
        tokens.append(token)
        lines.append(line - continuations)
        // After an operator that separates commands, a new command starts.
        guard continuations > 0, case .op(let op) = token else { return }
        switch op {
        case "\n", ";", ";;", ";&", ";;&", "&", "&&", "||", "|", "(", ")": continuations = 0
        default: break
        }
    }

    /// The tokens of the whole text.
    mutating func tokenize() throws(ShellSyntaxError) -> [Token] {
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t", "\r":
                endWord()
            case "\n":
                endWord()
                emit(.op("\n"))
                line += 1
                i += 1
                try readHeredocBodies()
                continue
            case "#" where !inWord:
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            case "'":
                inWord = true
                endLiteral()
                guard let close = firstIndex(of: "'", from: i + 1) else {
                    if lenient {
                        parts.append(.quoted(string((i + 1)..<chars.count)))
                        openQuote = true
                        i = chars.count
                        continue
                    }
                    throw .unterminatedQuote("'")
                }
                countLines(i + 1, close)
                parts.append(.quoted(string((i + 1)..<close)))
                i = close
            case "\"":
                inWord = true
                endLiteral()
                try readDoubleQuoted()
            case "\\":
                inWord = true
                if i + 1 < chars.count {
                    if chars[i + 1] == "\n" {
                        line += 1
                        continuations += 1
                    } else {
                        endLiteral()
                        parts.append(.quoted(String(chars[i + 1])))
                    }
                    i += 1
                } else if !final && !lenient {
                    throw .trailingBackslash
                } else {
                    literal.append(c)
                }
            case "$":
                inWord = true
                if let part = try readDollar() {
                    endLiteral()
                    parts.append(.splitting(part))
                } else {
                    literal.append(c)
                }
            case "`":
                inWord = true
                guard let close = firstIndex(of: "`", from: i + 1) else {
                    if lenient {
                        openQuote = true
                        parts.append(.splitting(.command(string((i + 1)..<chars.count))))
                        i = chars.count
                        continue
                    }
                    throw .unterminatedQuote("`")
                }
                endLiteral()
                countLines(i + 1, close)
                parts.append(.splitting(.command(string((i + 1)..<close))))
                i = close
            case ";":
                endWord()
                // `;;`, `;&` and `;;&` end an item of `case`.
                if next(";") {
                    if i + 2 < chars.count, chars[i + 2] == "&" {
                        emit(.op(";;&"))
                        i += 2
                    } else {
                        emit(.op(";;"))
                        i += 1
                    }
                } else if next("&") {
                    emit(.op(";&"))
                    i += 1
                } else {
                    emit(.op(";"))
                }
            case "&":
                endWord()
                if next("&") {
                    emit(.op("&&"))
                    i += 1
                } else if next(">") {
                    emit(.op("&>"))
                    i += 1
                } else {
                    emit(.op("&"))
                }
            case "|":
                endWord()
                if next("|") {
                    emit(.op("||"))
                    i += 1
                } else {
                    emit(.op("|"))
                }
            case ">":
                // `2>`, `1>`: a lone digit right before the operator names the descriptor.
                var fd = ""
                if parts.isEmpty, literal == "1" || literal == "2" {
                    fd = literal
                    literal = ""
                    inWord = false
                }
                endWord()
                var op = (fd == "1" ? "" : fd) + ">"
                if next(">") {
                    op += ">"
                    i += 1
                } else if next("&"), i + 2 < chars.count, chars[i + 2] == "1" || chars[i + 2] == "2" {
                    op += "&" + String(chars[i + 2])
                    i += 2
                }
                emit(.op(op))
            case "<":
                endWord()
                if next("<") {
                    if i + 2 < chars.count, chars[i + 2] == "<" {
                        emit(.op("<<<"))
                        i += 2
                    } else {
                        let strip = i + 2 < chars.count && chars[i + 2] == "-"
                        i += strip ? 3 : 2
                        try readHeredocDelimiter(stripTabs: strip)
                        continue
                    }
                } else {
                    emit(.op("<"))
                }
            case "(", ")":
                endWord()
                // `((` (bash's arithmetic command) is one operator, as bash reads it.
                if c == "(", next("(") {
                    emit(.op("(("))
                    i += 1
                } else {
                    emit(.op(String(c)))
                }
            default:
                inWord = true
                literal.append(c)
            }
            i += 1
        }
        endWord()
        if !pending.isEmpty {
            if !final && !lenient {
                unfinishedHeredoc = (pending[0].delimiter, pending[0].stripTabs)
                throw .unterminatedHeredoc(pending[0].delimiter)
            }
            try readHeredocBodies()
        }
        return tokens
    }

    private func next(_ c: Character) -> Bool { i + 1 < chars.count && chars[i + 1] == c }

    private mutating func countLines(_ from: Int, _ to: Int) {
        guard from < to else { return }
        line += chars[from..<to].lazy.filter { $0 == "\n" }.count
    }

    private mutating func endLiteral() {
        if !literal.isEmpty {
            parts.append(.literal(literal))
            literal = ""
        }
    }

    private mutating func endWord() {
        endLiteral()
        if inWord { emit(.word(parts)) }
        parts = []
        inWord = false
    }

    /// `"…"` starting at `i`: `$`, backquotes and `\$ \` \" \\ \newline` are special.
    private mutating func readDoubleQuoted() throws(ShellSyntaxError) {
        var text = ""
        var j = i + 1
        while j < chars.count {
            let d = chars[j]
            if d == "\"" {
                parts.append(.quoted(text))
                i = j
                return
            }
            if d == "\\", j + 1 < chars.count, "$`\"\\\n".contains(chars[j + 1]) {
                if chars[j + 1] == "\n" {
                    line += 1
                    continuations += 1
                } else {
                    text.append(chars[j + 1])
                }
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
            if d == "`" {
                guard let close = chars[(j + 1)...].firstIndex(of: "`") else {
                    if lenient { break }
                    throw .unterminatedQuote("`")
                }
                parts.append(.quoted(text))
                text = ""
                parts.append(.command(string((j + 1)..<close)))
                j = close + 1
                continue
            }
            if d == "\n" { line += 1 }
            text.append(d)
            j += 1
        }
        guard lenient else { throw .unterminatedQuote("\"") }
        parts.append(.quoted(text))
        openQuote = true
        i = chars.count - 1
    }

    /// The end of `$(…)` starting at `open` (the index of `(`), quotes and nesting respected.
    private func closingParen(_ open: Int) -> Int? {
        var depth = 0
        var j = open
        var quote: Character?
        while j < chars.count {
            let c = chars[j]
            if let q = quote {
                if c == "\\" && q == "\"" {
                    j += 1
                } else if c == q {
                    quote = nil
                }
            } else if c == "\\" {
                j += 1
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
        return nil
    }

    /// The `}` that ends `${…}` whose `{` is at `open`, as bash's `parse_matched_pair` finds it:
    /// quotes and backslashes respected, a `${` inside opens a pair of its own, a `$( )` is
    /// skipped whole (a bare `{` does not count).
    private func closingBrace(_ open: Int) -> Int? {
        var depth = 1
        var j = open + 1
        var quote: Character?
        while j < chars.count {
            let c = chars[j]
            if let q = quote {
                if c == "\\" && q == "\"" {
                    j += 1
                } else if c == q {
                    quote = nil
                }
            } else if c == "\\" {
                j += 1
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "$", j + 1 < chars.count, chars[j + 1] == "{" {
                depth += 1
                j += 1
            } else if c == "$", j + 1 < chars.count, chars[j + 1] == "(" {
                guard let close = closingParen(j + 1) else { return nil }
                j = close
            } else if c == "}" {
                depth -= 1
                if depth == 0 { return j }
            }
            j += 1
        }
        return nil
    }

    /// Reads `$…` at `i`: a variable, a command substitution or an arithmetic expansion.
    mutating func readDollar() throws(ShellSyntaxError) -> ShellScript.WordPart? {
        guard i + 1 < chars.count else { return nil }
        let next = chars[i + 1]
        if next == "(" {
            guard let close = closingParen(i + 1) else {
                if lenient {
                    let inner = string((i + 2)..<chars.count)
                    i = chars.count - 1
                    openQuote = true
                    return .command(inner)
                }
                throw .unterminatedQuote(")")
            }
            let inner = string((i + 2)..<close)
            countLines(i, close)
            i = close
            if inner.hasPrefix("("), inner.hasSuffix(")"), inner.count >= 2 {
                return .arithmetic(String(inner.dropFirst().dropLast()))
            }
            return .command(inner)
        }
        if next == "?" || next == "$" || next == "#" || next == "@" || next == "*" || next.isNumber {
            i += 1
            return .variable(String(next))
        }
        if next == "{" {
            guard let close = closingBrace(i + 1) else {
                if lenient { return nil }
                throw .unterminatedQuote("}")
            }
            // `${NAME}`, or with an operator (`${NAME:-WORD}`, `${#NAME}`…): read when expanded
            // (``Shell/expandParameter(_:engine:provider:)``).
            let name = string((i + 2)..<close)
            countLines(i, close)
            i = close
            return .variable(name)
        }
        guard next.isLetter || next == "_" else { return nil }
        var j = i + 1
        while j < chars.count, chars[j].isASCII && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") {
            j += 1
        }
        let name = string((i + 1)..<j)
        i = j - 1
        return .variable(name)
    }

    // MARK: - Here-documents

    /// The word after `<<` or `<<-`: the delimiter, quoted or not.
    private mutating func readHeredocDelimiter(stripTabs: Bool) throws(ShellSyntaxError) {
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        var delimiter = ""
        var quoted = false
        var any = false
        scan: while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")":
                break scan
            case "'", "\"":
                quoted = true
                any = true
                guard let close = chars[(i + 1)...].firstIndex(of: c) else {
                    if lenient {
                        i = chars.count
                        break scan
                    }
                    throw .unterminatedQuote(c)
                }
                delimiter += string((i + 1)..<close)
                i = close + 1
            case "\\":
                quoted = true
                any = true
                if i + 1 < chars.count { delimiter.append(chars[i + 1]) }
                i += 2
            default:
                any = true
                delimiter.append(c)
                i += 1
            }
        }
        guard any else {
            if lenient { return }
            throw .unexpectedToken(i < chars.count && chars[i] != "\n" ? String(chars[i]) : "newline")
        }
        emit(.heredoc(body: []))
        pending.append(
            PendingHeredoc(
                token: tokens.count - 1, delimiter: delimiter, quoted: quoted, stripTabs: stripTabs, line: line))
    }

    /// Reads the bodies of the here-documents opened on the line just ended.
    private mutating func readHeredocBodies() throws(ShellSyntaxError) {
        let waiting = pending
        pending = []
        for heredoc in waiting {
            var body = ""
            var found = false
            while i < chars.count {
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                var text = Substring(string(i..<j))
                i = min(j + 1, chars.count)
                line += 1
                if heredoc.stripTabs { text = text.drop { $0 == "\t" } }
                if text == heredoc.delimiter {
                    found = true
                    break
                }
                body += text + "\n"
            }
            if !found {
                if lenient { return }
                if !final {
                    unfinishedHeredoc = (heredoc.delimiter, heredoc.stripTabs)
                    throw .unterminatedHeredoc(heredoc.delimiter)
                }
                warnings.append(
                    "bash: warning: here-document at line \(heredoc.line) delimited by end-of-file (wanted `\(heredoc.delimiter)')"
                )
            }
            tokens[heredoc.token] = .heredoc(body: heredoc.quoted ? [.quoted(body)] : Self.expandableParts(body))
        }
    }

    /// A here-document body with an unquoted delimiter: `$`, backquotes and `\$ \` \\ \newline`
    /// are special; everything else (quotes too) is literal. With `quotes`, the WORD of
    /// `${NAME:-WORD}` (or a pattern): `'…'`, `"…"` and `\c` are quoted text, the rest literal (a
    /// pattern's `*`).
    static func expandableParts(_ body: String, quotes: Bool = false) -> [ShellScript.WordPart] {
        var lexer = ShellLexer(body, final: true)
        lexer.lenient = true
        var parts: [ShellScript.WordPart] = []
        var text = ""
        func flush() {
            if !text.isEmpty { parts.append(quotes ? .literal(text) : .quoted(text)) }
            text = ""
        }
        let chars = lexer.chars
        while lexer.i < chars.count {
            let c = chars[lexer.i]
            if quotes {
                // A WORD's quotes: `\c`, `'…'` quoted, `"…"` read as a here-document's body is.
                if c == "\\", lexer.i + 1 < chars.count {
                    flush()
                    parts.append(.quoted(String(chars[lexer.i + 1])))
                    lexer.i += 2
                    continue
                }
                if c == "'" || c == "\"", let close = chars[(lexer.i + 1)...].firstIndex(of: c) {
                    flush()
                    let inner = String(chars[(lexer.i + 1)..<close])
                    parts += c == "'" ? [.quoted(inner)] : expandableParts(inner)
                    lexer.i = close + 1
                    continue
                }
            } else if c == "\\", lexer.i + 1 < chars.count, "$`\\\n".contains(chars[lexer.i + 1]) {
                if chars[lexer.i + 1] != "\n" { text.append(chars[lexer.i + 1]) }
                lexer.i += 2
                continue
            }
            if c == "$", let part = try? lexer.readDollar() {
                flush()
                parts.append(part)
            } else if c == "`", let close = chars[(lexer.i + 1)...].firstIndex(of: "`") {
                flush()
                parts.append(.command(String(chars[(lexer.i + 1)..<close])))
                lexer.i = close
            } else {
                text.append(c)
            }
            lexer.i += 1
        }
        flush()
        return parts.isEmpty ? [.quoted("")] : parts
    }
}

extension ShellParser {
    /// What Tab completion needs from the text before the cursor: the words of the simple
    /// command being typed (quotes removed) and the word under the cursor. Operators (`|`, `;`,
    /// `&&`, `$(`) start a new command, as bash's completion sees them.
    public static func completionWords(_ text: String) -> (previous: [String], word: String) {
        var lexer = ShellLexer(text, final: true)
        lexer.lenient = true
        guard let tokens = try? lexer.tokenize() else { return ([], "") }
        var words: [String] = []
        var afterRedirection = false
        for token in tokens {
            switch token {
            case .word(let parts):
                if afterRedirection {
                    afterRedirection = false
                    words.append(Self.plainText(parts))
                    continue
                }
                // Inside an open `$(` the completion is for the command inside it.
                if case .splitting(.command(let inner))? = parts.last, lexer.openQuote, token == tokens.last {
                    return completionWords(inner)
                }
                if case .command(let inner)? = parts.last, lexer.openQuote, token == tokens.last {
                    return completionWords(inner)
                }
                words.append(Self.plainText(parts))
            case .op(let op):
                if [";", "\n", "&", "&&", "|", "||", "(", "((", ")", ";;", ";&", ";;&"].contains(op) {
                    words = []
                } else {
                    afterRedirection = true
                }
            case .heredoc:
                break
            }
        }
        let last = text.last
        let endsWord = last == nil || ((last == " " || last == "\t") && !lexer.openQuote)
        if endsWord || tokens.last.map({ if case .word = $0 { false } else { true } }) ?? true {
            // After a space (or an operator) a new word starts.
            if case .op? = tokens.last { return ([], "") }
            return (words, "")
        }
        let word = words.removeLast()
        return (words, word)
    }

    /// A word's text with quotes removed and expansions left as written.
    static func plainText(_ parts: [ShellScript.WordPart]) -> String {
        parts.map(plainText).joined()
    }

    static func plainText(_ part: ShellScript.WordPart) -> String {
        switch part {
        case .literal(let t), .quoted(let t): t
        case .variable(let name): Shell.isParameterName(name) ? "$" + name : "${" + name + "}"
        case .command(let c): "$(" + c + ")"
        case .arithmetic(let e): "$((" + e + "))"
        case .splitting(let inner): plainText(inner)
        }
    }
}

/// Quoting words for the shell (the inverse of its tokenizer, for text dockersim writes).
public enum ShellQuote {
    /// `word` as bash reads it back: bare when it is plain, else in single quotes.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+%@".contains($0) }) { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// The bytes of a plain word (ASCII letters, digits and `-_./:=,@+%`): a word made only of them
/// means itself to the shell, with nothing to expand or quote. The lexer's and the session's
/// shortcuts for lines of such words share this one test.
public enum PlainWords {
    /// Whether `byte` is one of a plain word's bytes: a bit of ``lowBytes`` or ``highBytes``
    /// (a shift and a test, where the ranges' comparisons were a dozen branches a byte).
    @inlinable
    public static func isWordByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (lowBytes &>> UInt64(byte)) & 1 != 0 }
        if byte < 128 { return (highBytes &>> UInt64(byte - 64)) & 1 != 0 }
        return false
    }

    /// The plain word bytes below 64, as bits: `%` `+` `,` `-` `.` `/`, the digits, `:` and `=`.
    @inlinable static var lowBytes: UInt64 { 0x27ff_f820_0000_0000 }
    /// The plain word bytes from 64 to 127, as bits (bit 0 is 64): `@`, the letters and `_`.
    @inlinable static var highBytes: UInt64 { 0x07ff_fffe_87ff_ffff }
}
