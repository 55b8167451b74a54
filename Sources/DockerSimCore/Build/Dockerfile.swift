// Source: moby/buildkit v0.25.1 frontend/dockerfile/parser (parser.go, split_command.go,
// line_parsers.go, directives.go): how a Dockerfile's text becomes lines of instructions.

/// A Dockerfile read into instruction lines, as BuildKit's parser does: parser directives at the
/// top (`# syntax=`, `# escape=`), comments dropped, continuation lines joined (the text of the
/// joined lines is kept as written), heredocs (`RUN <<EOF`) collected.
public struct Dockerfile: Sendable {
    /// One instruction as written.
    public struct Line: Sendable, Equatable {
        /// The instruction word as written (`RUN`, `run`).
        public var keyword: String
        /// `--from=build`, `--chown=1000`… (without their values' quotes).
        public var flags: [String]
        /// What follows the keyword and the flags, trimmed.
        public var rest: String
        /// The whole instruction with continuation lines joined, trimmed: what BuildKit shows in
        /// step names (`RUN apt-get update  && apt-get install -y  apache2`).
        public var code: String
        /// Lines in the file, counted from 1.
        public var startLine: Int
        public var endLine: Int
        /// Inline files of `RUN <<EOF` / `COPY <<EOF`.
        public var heredocs: [Heredoc]
        /// The comment lines right above it (for build checks).
        public var comments: [String]
    }

    /// A here-document attached to an instruction.
    public struct Heredoc: Sendable, Equatable {
        public var name: String
        public var content: String
        /// `<<-`: leading tabs are removed.
        public var chomp: Bool
        /// Whether variables are expanded in it (the word was not quoted).
        public var expand: Bool
    }

    /// An error with the lines it points at (BuildKit prints them framed by `>>>`).
    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
        public var startLine: Int
        public var endLine: Int

        public init(_ message: String, startLine: Int, endLine: Int) {
            self.message = message
            self.startLine = startLine
            self.endLine = endLine
        }
    }

    /// The source text, for BuildKit's error frame.
    public let text: String
    public private(set) var lines: [Line] = []
    /// The `# syntax=` directive (`docker/dockerfile:1`), if any.
    public private(set) var syntax: String?
    /// `\` or the `# escape=` directive's character.
    public private(set) var escapeToken: Character = "\\"
    /// Lines where an empty continuation line was found (the `NoEmptyContinuation` check).
    public private(set) var emptyContinuations: [Int] = []

    /// Parses `text`.
    /// - Throws: BuildKit's errors: `file with no instructions`, an invalid escape token,
    ///   an unterminated heredoc, a JSON array of non-strings.
    public init(_ text: String) throws(ParseError) {
        self.text = text
        // Lines as BuildKit's scanner reads them: cut at each newline byte, a `\r` before it
        // dropped below (``trimNewline``): a Dockerfile saved with Windows line ends builds.
        var raw = text.newlineSeparated
        if text.utf8.last == 0x0A { raw.removeLast() }
        if let first = raw.first, first.hasPrefix("\u{FEFF}") { raw[0] = String(first.dropFirst()) }
        var index = 0
        var directivesOpen = true
        var seenDirectives: Set<String> = []
        var comments: [String] = []
        while index < raw.count {
            let lineNumber = index + 1
            var line = Self.trimNewline(raw[index])
            index += 1
            line = String(line.drop { $0.isWhitespace })
            if directivesOpen {
                if let (name, value) = Self.directive(line) {
                    if seenDirectives.contains(name) {
                        throw ParseError(
                            "only one \(name) parser directive can be used", startLine: lineNumber, endLine: lineNumber)
                    }
                    seenDirectives.insert(name)
                    switch name {
                    case "escape":
                        guard value == "`" || value == "\\" else {
                            throw ParseError(
                                "invalid escape token '\(value)' does not match ` or \\", startLine: lineNumber,
                                endLine: lineNumber)
                        }
                        escapeToken = value.first ?? "\\"
                    case "syntax":
                        syntax = value
                    default:
                        break
                    }
                    continue
                }
                directivesOpen = false
            }
            if line.hasPrefix("#") {
                let comment = String(line.dropFirst()).trimmingBlanks
                if comment.isEmpty { comments = [] } else { comments.append(comment) }
                continue
            }
            var (piece, ended) = trimContinuation(line)
            if ended && piece.isEmpty { continue }
            var joined = piece
            var endLine = lineNumber
            var emptyContinuation = false
            while !ended && index < raw.count {
                let next = Self.trimNewline(raw[index])
                index += 1
                endLine = index
                if next.drop(while: { $0.isWhitespace }).hasPrefix("#") { continue }
                if next.allSatisfy({ $0.isWhitespace }) {
                    emptyContinuation = true
                    continue
                }
                (piece, ended) = trimContinuation(next)
                joined += piece
            }
            if emptyContinuation { emptyContinuations.append(endLine) }
            var parsed = try Self.split(joined, escape: escapeToken, start: lineNumber, end: endLine)
            parsed.comments = comments
            if Self.heredocKeywords.contains(parsed.keyword.lowercased()) && !parsed.rest.hasPrefix("[")
                && joined.contains("<<")
            {
                for var doc in Self.heredocWords(parsed.rest) {
                    var terminated = false
                    var content = ""
                    while index < raw.count {
                        let text = raw[index]
                        index += 1
                        endLine = index
                        var candidate = Self.trimNewline(text)
                        if doc.chomp { candidate = String(candidate.drop { $0 == "\t" }) }
                        if candidate == doc.name {
                            terminated = true
                            break
                        }
                        content += text + "\n"
                    }
                    guard terminated else {
                        throw ParseError("unterminated heredoc", startLine: lineNumber, endLine: endLine)
                    }
                    doc.content = content
                    parsed.heredocs.append(doc)
                }
                parsed.endLine = endLine
            }
            lines.append(parsed)
            comments = []
        }
        if lines.isEmpty {
            throw ParseError("file with no instructions", startLine: raw.count, endLine: 0)
        }
    }

    static let heredocKeywords: Set<String> = ["run", "copy", "add"]

    /// `# name=value` at the top of the file.
    static func directive(_ line: String) -> (String, String)? {
        guard line.hasPrefix("#") else { return nil }
        let body = line.dropFirst().drop { $0 == " " || $0 == "\t" }
        let name = body.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter else { return nil }
        var rest = body.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst()
        let value = String(rest).trimmingBlanks
        guard !value.isEmpty else { return nil }
        let lowered = name.lowercased()
        guard lowered == "syntax" || lowered == "escape" || lowered == "check" else { return nil }
        return (lowered, value)
    }

    static func trimNewline(_ line: String) -> String {
        var line = Substring(line)
        while line.last == "\r" || line.last == "\n" { line = line.dropLast() }
        return String(line)
    }

    /// Removes a trailing escape token (and blanks after it): the line goes on below.
    func trimContinuation(_ line: String) -> (String, Bool) {
        var body = Substring(line)
        while let last = body.last, last == " " || last == "\t" { body = body.dropLast() }
        guard body.last == escapeToken else { return (line, true) }
        let before = body.dropLast()
        if before.isEmpty { return ("", false) }
        if before.last == escapeToken { return (line, true) }
        return (String(before), false)
    }

    /// BuildKit's `splitCommand`: the keyword, the leading `--flags`, and the rest.
    static func split(_ line: String, escape: Character, start: Int, end: Int) throws(ParseError) -> Line {
        let trimmed = line.trimmingBlanks
        let keyword = String(trimmed.prefix { !$0.isWhitespace })
        let after = String(trimmed.dropFirst(keyword.count).drop { $0.isWhitespace })
        var flags: [String] = []
        var rest = Substring(after)
        while rest.hasPrefix("--") {
            var word = ""
            var quote: Character?
            var consumed = rest.startIndex
            var index = rest.startIndex
            while index < rest.endIndex {
                let c = rest[index]
                if let q = quote {
                    if c == q { quote = nil } else { word.append(c) }
                } else if c.isWhitespace {
                    break
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if c == escape, rest.index(after: index) < rest.endIndex {
                    index = rest.index(after: index)
                    word.append(rest[index])
                } else {
                    word.append(c)
                }
                index = rest.index(after: index)
                consumed = index
            }
            if word == "--" {
                rest = rest[consumed...].drop { $0.isWhitespace }
                break
            }
            flags.append(word)
            rest = rest[consumed...].drop { $0.isWhitespace }
        }
        return Line(
            keyword: keyword, flags: flags, rest: String(rest).trimmingBlanks, code: trimmed, startLine: start,
            endLine: end, heredocs: [], comments: [])
    }

    /// The heredoc words of an instruction (`<<EOF`, `<<-"EOF"`, `3<<EOF`).
    static func heredocWords(_ rest: String) -> [Heredoc] {
        var docs: [Heredoc] = []
        for word in rest.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let heredoc = heredoc(String(word)) else { continue }
            docs.append(heredoc)
        }
        return docs
    }

    /// The heredoc a word starts, if it is one (`<<EOF`, `<<-EOF`, `<<'EOF'`).
    public static func heredoc(_ word: String) -> Heredoc? {
        var body = Substring(word).drop { $0.isNumber }
        guard body.hasPrefix("<<") else { return nil }
        body = body.dropFirst(2)
        var chomp = false
        if body.first == "-" {
            chomp = true
            body = body.dropFirst()
        }
        body = body.drop { $0 == " " || $0 == "\t" }
        guard !body.isEmpty, !body.contains("<") else { return nil }
        var name = ""
        var quoted = false
        for c in body {
            if c == "'" || c == "\"" { quoted = true } else { name.append(c) }
        }
        guard !name.isEmpty else { return nil }
        return Heredoc(name: name, content: "", chomp: chomp, expand: !quoted)
    }
}

extension Dockerfile.Line {
    /// The words of `rest` as BuildKit's `parseWords` splits them (quotes kept, removed later).
    public func words(escape: Character = "\\") -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var blankOK = false
        var quote: Character?
        var chars = Array(rest)[...]
        while let c = chars.popFirst() {
            if let q = quote {
                current.append(c)
                if c == q {
                    quote = nil
                } else if c == escape && q != "'", let next = chars.popFirst() {
                    current.append(next)
                }
                continue
            }
            if c.isWhitespace {
                if inWord && (blankOK || !current.isEmpty) { words.append(current) }
                current = ""
                inWord = false
                blankOK = false
                continue
            }
            inWord = true
            if c == "'" || c == "\"" {
                quote = c
                blankOK = true
                current.append(c)
                continue
            }
            if c == escape {
                if chars.isEmpty { continue }
                current.append(c)
                if let next = chars.popFirst() { current.append(next) }
                continue
            }
            current.append(c)
        }
        if inWord && (blankOK || !current.isEmpty) { words.append(current) }
        return words
    }

    /// Whitespace-separated fields of `rest` (FROM, EXPOSE).
    public var fields: [String] {
        rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
            .map(String.init)
    }

    /// The JSON array form (`["a", "b"]`): its strings, nil when `rest` is not one.
    /// - Throws: `when using JSON array syntax, arrays must be comprised of strings only`.
    public func jsonArray() throws(Dockerfile.ParseError) -> [String]? {
        let text = rest.drop { $0.isWhitespace }
        guard text.hasPrefix("[") else { return nil }
        switch JSONArrayReader.read(String(text)) {
        case .strings(let strings): return strings
        case .notStrings:
            throw Dockerfile.ParseError(
                "when using JSON array syntax, arrays must be comprised of strings only", startLine: startLine,
                endLine: endLine)
        case .invalid: return nil
        }
    }
}

/// Go's `json.Unmarshal` into `[]interface{}`, as far as a Dockerfile's exec form needs it.
enum JSONArrayReader {
    enum Outcome {
        case strings([String])
        case notStrings
        case invalid
    }

    static func read(_ text: String) -> Outcome {
        var chars = Array(text.unicodeScalars)[...]
        func skip() {
            while let c = chars.first, c == " " || c == "\t" || c == "\n" || c == "\r" { chars.removeFirst() }
        }
        skip()
        guard chars.popFirst() == "[" else { return .invalid }
        var strings: [String] = []
        var allStrings = true
        skip()
        if chars.first == "]" {
            chars.removeFirst()
            skip()
            return chars.isEmpty ? .strings([]) : .invalid
        }
        while true {
            skip()
            guard let first = chars.first else { return .invalid }
            if first == "\"" {
                chars.removeFirst()
                var value = ""
                var closed = false
                while let c = chars.popFirst() {
                    if c == "\"" {
                        closed = true
                        break
                    }
                    if c == "\\" {
                        guard let e = chars.popFirst() else { return .invalid }
                        switch e {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "b": value.append("\u{8}")
                        case "f": value.append("\u{C}")
                        case "\"", "\\", "/": value.unicodeScalars.append(e)
                        case "u":
                            var hex = ""
                            for _ in 0..<4 { if let h = chars.popFirst() { hex.unicodeScalars.append(h) } }
                            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                                return .invalid
                            }
                            value.unicodeScalars.append(scalar)
                        default: return .invalid
                        }
                    } else {
                        value.unicodeScalars.append(c)
                    }
                }
                guard closed else { return .invalid }
                strings.append(value)
            } else {
                // A number, true/false/null, an object or an array: valid JSON, but not a string.
                var depth = 0
                var consumed = false
                while let c = chars.first {
                    if depth == 0 && (c == "," || c == "]") { break }
                    if c == "[" || c == "{" { depth += 1 }
                    if c == "]" || c == "}" { depth -= 1 }
                    chars.removeFirst()
                    consumed = true
                }
                guard consumed else { return .invalid }
                allStrings = false
            }
            skip()
            guard let c = chars.popFirst() else { return .invalid }
            if c == "]" { break }
            guard c == "," else { return .invalid }
        }
        skip()
        guard chars.isEmpty else { return .invalid }
        return allStrings ? .strings(strings) : .notStrings
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space.
    var trimmingBlanks: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
