import DockerSimCore
import Synchronization

/// A parsed shell line: commands, pipelines, lists, loops and conditionals.
public indirect enum ShellNode: Sendable {
    /// `a; b && c || d`: each item with the connector that leads to it (the first one's is `.sequence`).
    case list([ListItem])
    /// `a | b | c`.
    case pipeline([ShellScript.SimpleCommand])
    case simple(ShellScript.SimpleCommand)
    /// `while COND; do BODY; done` (`until` when `until` is true).
    case loop(condition: ShellNode, body: ShellNode, until: Bool)
    /// `for NAME in WORDS; do BODY; done`, and the line of `for`.
    case forLoop(name: String, words: [[ShellScript.WordPart]], body: ShellNode, line: Int)
    /// `if C; then A; elif C2; then B; else E; fi`.
    case conditional(branches: [Branch], otherwise: ShellNode?)
    /// `! PIPELINE`: its status negated.
    case not(ShellNode)
    /// `( LIST )`: runs in a copy of the shell's state (variables, working directory, aliases):
    /// nothing it changes is left after it, `exit` ends only it.
    case subshell(ShellNode)
    /// A compound command with redirections after it (`{ …; } > file`, `done < file`): they
    /// apply to every command inside it (whose own redirections still win).
    case redirected(ShellNode, [ShellScript.Redirection])
    /// A pipeline with a compound command in it (`… | while read x; do …; done`): each element
    /// runs in a subshell, one after the other, the output of one the input of the next.
    case compoundPipeline([ShellNode])
    /// `[[ EXPRESSION ]]` (bash).
    case test(ConditionalExpression)
    /// `case WORD in PATTERN|PATTERN) LIST ;; … esac`, and the line of `case`.
    case caseClause(subject: [ShellScript.WordPart], items: [CaseItem], line: Int)
    /// `NAME() COMPOUND` or `function NAME COMPOUND`: defines the function (its body with
    /// the redirections written after it).
    case function(name: String, body: ShellNode)
    /// Where a script stops parsing (``ShellParser/scriptError(_:maxNesting:conditionals:)``):
    /// the shell prints the message (its lines, each with its newline) and exits with 2.
    case syntaxError(String)

    /// One item of `case`: its patterns, its list and what comes after it.
    public struct CaseItem: Sendable {
        public enum Terminator: Sendable, Equatable {
            /// `;;` (or `esac`): the `case` ends.
            case end
            /// `;&`: the next item's list runs too, untested (bash).
            case fallThrough
            /// `;;&`: the next items' patterns are tested too (bash).
            case testNext
        }
        public var patterns: [[ShellScript.WordPart]]
        public var body: ShellNode?
        public var terminator: Terminator
    }

    public struct ListItem: Sendable {
        public var connector: ShellScript.Connector
        public var node: ShellNode
        /// Whether the item starts a line of the text (first, or after a newline, not after
        /// `;` or `&`): bash reads a script one such line's command at a time.
        public var startsLine = true
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
        public enum Kind: Equatable, Sendable {
            case write, append, read, writeError, appendError, errorToOutput, outputToError
            /// `<<EOF` … `EOF`: the target is the body.
            case heredoc
            /// `<<< word`: the word and a newline.
            case hereString
            /// `&> FILE`: stdout and stderr to the file.
            case writeBoth
        }
        public var kind: Kind
        public var target: [WordPart]
    }

    /// A word before expansion: literal text, quoted text, `$NAME`, `$(command)`.
    public indirect enum WordPart: Equatable, Sendable {
        case literal(String)
        /// A quoted literal (kept even when empty).
        case quoted(String)
        case variable(String)
        /// `$(…)` or backquotes: the command line inside.
        case command(String)
        /// `$((…))`: the expression inside.
        case arithmetic(String)
        /// An expansion outside quotes: bash splits its result into words (at spaces, tabs and
        /// newlines), so `rm $(docker ps -aq)` gets one argument per container.
        case splitting(WordPart)
    }

    public struct SimpleCommand: Sendable {
        public var words: [[WordPart]] = []
        public var redirections: [Redirection] = []
        public var assignments: [(String, [WordPart])] = []
        /// The line the command is on (bash's `$LINENO`, and what a script's errors say:
        /// `s.sh: line 3: nosuch: command not found`), counted from the text's first line.
        public var line = 1

        var isEmpty: Bool { words.isEmpty && redirections.isEmpty && assignments.isEmpty }
    }
}

/// Why a line could not be parsed, as bash words it.
public enum ShellSyntaxError: Error, Equatable, Sendable {
    case unexpectedToken(String)
    /// A quote (or `$(`, `` ` ``, `${`) still open at the end of the text: its closing character.
    case unterminatedQuote(Character)
    /// The text ended inside a command (`while` without `done`, after `|` or `&&`).
    case unexpectedEnd
    /// A here-document whose delimiter line has not come yet.
    case unterminatedHeredoc(String)
    /// The text ends with a backslash (the line goes on).
    case trailingBackslash

    /// `if`, `while`, `until`, `for` and `{ }` nested past the limit (``Limits/shellNesting``):
    /// the parser stops before the stack would.
    case tooDeep(limit: Int)
    /// An error in `[[ … ]]`: bash says it (nil: says nothing), drops the line and leaves `$?`.
    case conditional(String?)

    /// Whether more lines could complete the text: bash then shows its `> ` prompt.
    public var isIncomplete: Bool {
        switch self {
        case .unexpectedToken, .tooDeep, .conditional: return false
        default: return true
        }
    }

    /// What the shell prints: bash's own text, or dockersim's cap note in `language`.
    public func message(_ language: Language) -> String {
        switch self {
        case .unexpectedToken(let token): "bash: syntax error near unexpected token `\(token)'"
        case .unterminatedQuote(let quote): "bash: unexpected EOF while looking for matching `\(quote)'"
        case .unexpectedEnd, .unterminatedHeredoc, .trailingBackslash: "bash: syntax error: unexpected end of file"
        case .tooDeep(let limit): String(Limits.shellTooDeep(limit).text(language).dropLast())
        case .conditional(let text?): "bash: " + text
        case .conditional(nil): ""
        }
    }

    /// ``message(_:)`` in English.
    public var message: String { message(.en) }

    /// What a script's bash says after its `NAME: line N: `, or nil for an error it words
    /// otherwise (`[[ … ]]`'s, dockersim's nesting cap).
    var scriptText: String? {
        switch self {
        case .unexpectedToken(let token): "syntax error near unexpected token `\(token)'"
        case .unterminatedQuote(let quote): "unexpected EOF while looking for matching `\(quote)'"
        case .unexpectedEnd, .unterminatedHeredoc, .trailingBackslash: "syntax error: unexpected end of file"
        case .tooDeep, .conditional: nil
        }
    }

    /// What dash says after its `NAME: N: Syntax error: ` (dash 0.5.12's `parser.c`), or nil.
    /// dash's "(expecting …)" after an end of file or a misplaced word is not simulated.
    var dashText: String? {
        switch self {
        case .unexpectedToken(let token): token == "newline" ? "newline unexpected" : "\"\(token)\" unexpected"
        case .unterminatedQuote: "Unterminated quoted string"
        case .unexpectedEnd, .unterminatedHeredoc, .trailingBackslash: "end of file unexpected"
        case .tooDeep, .conditional: nil
        }
    }
}

/// A small bash-compatible parser: quoting, `$VAR`, `$?`, `$(…)`, `$((…))`, redirections and
/// here-documents, pipes, `;`, newlines, `&&`, `||`, `while`/`until`, `for`, `if`, `{ …; }`.
public enum ShellParser {
    typealias Token = ShellLexer.Token

    static let reservedWords: Set<String> = [
        "while", "until", "do", "done", "for", "in", "if", "then", "elif", "else", "fi", "{", "}", "!", "case", "esac",
        "function",
    ]

    /// Whether `text` is one of ``reservedWords``: a word of another length than theirs, or whose first
    /// byte starts none of them, is ruled out before it is hashed (most words are). Exact: a text
    /// equal to one of them has its bytes, since no text with a byte past ASCII equals an ASCII
    /// word that holds none of `K`, `;` and `` ` `` (the only ASCII characters another character
    /// is canonically equal to).
    static func isReservedWord(_ text: String) -> Bool {
        let bytes = text.utf8
        // Reserved words are 1 to 5 bytes long, or 8 (`function`): `docker` (6) is not looked up.
        guard bytes.count <= 5 || bytes.count == 8, let first = bytes.first else { return false }
        switch first {
        case UInt8(ascii: "w"), UInt8(ascii: "u"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "i"),
            UInt8(ascii: "t"), UInt8(ascii: "e"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "!"),
            UInt8(ascii: "c"):
            return reservedWords.contains(text)
        default:
            return false
        }
    }

    /// A parsed text and bash's warnings about it.
    public struct Parsed: Sendable {
        public var node: ShellNode
        /// Warnings bash prints before running it (a here-document ended by the end of the text).
        public var warnings: [String]
    }

    /// Parses a whole text (one line or several): everything there is, as `bash -c` reads it;
    /// `if`/`while`/`until`/`for`/`{ }` may nest `maxNesting` levels deep. With `conditionals`
    /// false (dash, ash) `[[` is a plain word.
    public static func parse(
        _ text: String, maxNesting: Int = Limits.standard.shellNesting, conditionals: Bool = true
    ) throws(ShellSyntaxError) -> ShellNode {
        try parse(text, final: true, maxNesting: maxNesting, conditionals: conditionals).node
    }

    /// Parses `text`. With `final` false the text is what was typed so far: a text that more
    /// lines could complete throws an error whose ``ShellSyntaxError/isIncomplete`` is true.
    /// - Parameter firstLine: the line number of the text's first line (for bash's warnings).
    public static func parse(
        _ text: String, final: Bool, firstLine: Int = 1, maxNesting: Int = Limits.standard.shellNesting,
        conditionals: Bool = true
    ) throws(ShellSyntaxError) -> Parsed {
        // A line of plain words (`docker run -it --name c1 ubuntu`, `exit`) has the tokens the
        // lexer would give it, read as bytes: the lexer's array of characters is not needed.
        let plain = ShellLexer.plainWords(text)
        // Plain words that do not start with a reserved word or an assignment are one simple
        // command of those words: what ``Parser`` makes of them, without it.
        if let plain, let first = plain.first, first.reserved == nil, case .word(let parts) = first,
            assignment(parts) == nil
        {
            var command = ShellScript.SimpleCommand()
            command.line = firstLine
            command.words.reserveCapacity(plain.count)
            for token in plain {
                if case .word(let parts) = token { command.words.append(parts) }
            }
            return Parsed(node: .simple(command), warnings: [])
        }
        func parsed(_ tokens: [ShellLexer.Token], lines: [Int]) throws(ShellSyntaxError) -> ShellNode {
            var parser = Parser(tokens: tokens)
            parser.lines = lines
            parser.firstLine = firstLine
            parser.maxNesting = maxNesting
            parser.conditionals = conditionals
            let node = try parser.list(until: [])
            if parser.index < parser.tokens.count {
                throw .unexpectedToken(parser.text(parser.tokens[parser.index]))
            }
            return node
        }
        // A text ``continuation(_:)`` lexed whole a moment ago (the typed line it found
        // complete, now run) has its tokens kept: it is not lexed again.
        if plain == nil, let lexed = LexedTexts.take(text) {
            let lines = firstLine == 1 ? lexed.lines : lexed.lines.map { $0 + firstLine - 1 }
            // A text lexed whole without `final` leaves no here-document open: no warning.
            return Parsed(node: try parsed(lexed.tokens, lines: lines), warnings: [])
        }
        var lexer = ShellLexer(plain == nil ? text : "", final: final, firstLine: firstLine)
        let tokens: [ShellLexer.Token]
        if let plain { tokens = plain } else { tokens = try lexer.tokenize() }
        let node = try parsed(tokens, lines: lexer.lines)
        return Parsed(node: node, warnings: lexer.warnings)
    }

    /// Where a script that does not parse stops, found as bash and dash read a script: one whole
    /// command at a time (a command is whole at the end of a line), each run before the next is
    /// read. So the commands before the failing one run first.
    public struct ScriptError: Sendable {
        /// The lines of the whole commands before the failing one (they run).
        public var runnable: String
        public var error: ShellSyntaxError
        /// bash's line for the error: the line the failing command reached (for an open quote,
        /// the line it opened on; at the end of the text, the line after the last).
        public var line: Int
        /// dash's line: where its reading stopped (at the end of the text, the last line).
        public var dashLine: Int
        /// The text of the line the error is on (bash prints it after a token's error).
        public var lineText: String
    }

    /// How many bytes ``scriptError(_:maxNesting:conditionals:)`` reads at most.
    static let scriptErrorReadLimit = 1 << 20

    /// The ``ScriptError`` of a text that ``parse(_:maxNesting:conditionals:)`` refuses; nil
    /// when read one command at a time it parses, or when that would read more than
    /// ``scriptErrorReadLimit`` bytes (the caller then reports the error as it is).
    public static func scriptError(
        _ text: String, maxNesting: Int = Limits.standard.shellNesting, conditionals: Bool = true
    ) -> ScriptError? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var runnable = 0  // lines of whole commands
        var start = 0  // first line of the command being read
        var quoteLine: Int?
        // A command spanning many lines is read again at each of them: past this many bytes read
        // the error is told as for a whole text (a long script that never closes an `if`).
        var read = 0
        for end in lines.indices {
            let chunk = lines[start...end].joined(separator: "\n")
            read += chunk.utf8.count
            if read > scriptErrorReadLimit { return nil }
            do throws(ShellSyntaxError) {
                _ = try parse(
                    chunk, final: false, firstLine: start + 1, maxNesting: maxNesting, conditionals: conditionals)
                runnable = end + 1
                start = end + 1
                quoteLine = nil
            } catch {
                if error.isIncomplete {
                    if case .unterminatedQuote = error, quoteLine == nil { quoteLine = end + 1 }
                    continue
                }
                return ScriptError(
                    runnable: lines[..<runnable].joined(separator: "\n"), error: error, line: end + 1,
                    dashLine: end + 1, lineText: String(lines[end]))
            }
        }
        guard start < lines.count else { return nil }
        let chunk = lines[start...].joined(separator: "\n")
        do throws(ShellSyntaxError) {
            _ = try parse(chunk, final: true, firstLine: start + 1, maxNesting: maxNesting, conditionals: conditionals)
            return nil
        } catch {
            // bash counts a last line without its newline, then the end as one line more.
            let end = text.hasSuffix("\n") ? lines.count : lines.count + 1
            var line = end
            if case .unterminatedQuote = error, let quoteLine { line = quoteLine }
            return ScriptError(
                runnable: lines[..<runnable].joined(separator: "\n"), error: error, line: line,
                dashLine: lines.count, lineText: String(lines.last ?? ""))
        }
    }

    /// Whether `text` is a whole command (no quote, here-document or compound command left
    /// open): what decides between running a line and bash's `> ` prompt.
    public static func needsMore(_ text: String) -> Bool {
        continuation(text).needsMore
    }

    /// What a text typed so far still waits for (see ``needsMore(_:)``), with what lets the
    /// lines of a here-document's body be added without reading the whole text again
    /// (``Continuation/stillWaits(after:)``).
    public static func continuation(_ text: String) -> Continuation {
        var lexer = ShellLexer(text, final: false)
        do throws(ShellSyntaxError) {
            let tokens = try lexer.tokenize()
            LexedTexts.keep(text, tokens: tokens, lines: lexer.lines)
            var parser = Parser(tokens: tokens)
            _ = try parser.list(until: [])
            if parser.index < parser.tokens.count {
                throw .unexpectedToken(parser.text(parser.tokens[parser.index]))
            }
            return .complete
        } catch {
            guard error.isIncomplete else { return .complete }
            if case .unterminatedHeredoc = error, let heredoc = lexer.unfinishedHeredoc {
                return .heredocBody(delimiter: heredoc.delimiter, stripTabs: heredoc.stripTabs)
            }
            return .more
        }
    }

    /// Whether a text typed so far is a whole command, and if not, what it waits for.
    public enum Continuation: Sendable, Equatable {
        /// Nothing more is needed (the text runs, or fails with a syntax error).
        case complete
        /// More lines are needed (an open quote, a compound command, a line ending in `|`).
        case more
        /// More lines are needed: the text ends inside the body of the here-document that
        /// ends at the line `delimiter` (after leading tabs are stripped for `<<-`).
        case heredocBody(delimiter: String, stripTabs: Bool)

        /// Whether bash shows its `> ` prompt after the text.
        public var needsMore: Bool { self != .complete }

        /// Whether the text followed by a newline and `line` surely waits for the same thing:
        /// `line` is one more line of the here-document's body, not its delimiter. False when
        /// that cannot be told without reading the whole text again (the caller then calls
        /// ``ShellParser/continuation(_:)``). The text must not end in a carriage return (a
        /// `\r\n` would be one character, joining the lines).
        public func stillWaits(after line: String) -> Bool {
            guard case .heredocBody(let delimiter, let stripTabs) = self, !delimiter.isEmpty else { return false }
            guard !line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return false }
            let text = stripTabs ? line.drop { $0 == "\t" } : Substring(line)
            return text != delimiter
        }
    }

    struct Parser {
        let tokens: [Token]
        var index = 0
        /// Each token's line (``ShellLexer/lines``); empty for plain words, all on ``firstLine``.
        var lines: [Int] = []
        var firstLine = 1
        /// Compound commands open around the current token, and how many may be.
        var nesting = 0
        var maxNesting = Limits.standard.shellNesting
        /// Whether `[[ … ]]` is bash's conditional command (else `[[` is a word: dash, ash).
        var conditionals = true
        /// How many `( … )` are open around the current token (`)` ends a list inside one).
        var parens = 0
        /// The `&&` and `||` read in the current `[[ … ]]` (at most `maxNesting`: its tree
        /// is that deep).
        var conditionalOperators = 0

        init(tokens: [Token]) { self.tokens = tokens }

        func text(_ token: Token) -> String {
            switch token {
            case .op(let op): op == "\n" ? "newline" : op
            case .word(let parts): ShellParser.plainText(parts)
            case .heredoc: "<<"
            }
        }

        /// Skips newlines (allowed after `|`, `&&`, `||` and before a command).
        mutating func skipNewlines() {
            while case .op("\n")? = peek { index += 1 }
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        /// A list of and-or items separated by `;`, ending before one of `terminators`.
        mutating func list(until terminators: Set<String>) throws(ShellSyntaxError) -> ShellNode {
            var items: [ShellNode.ListItem] = []
            var connector = ShellScript.Connector.sequence
            var separated = true
            var startsLine = true
            while let token = peek {
                if let word = token.reserved, terminators.contains(word) { break }
                if parens > 0, case .op(")") = token { break }
                if case .op(let op) = token, op == ";;" || op == ";&" || op == ";;&" { break }
                if case .op("\n") = token {
                    index += 1
                    separated = true
                    startsLine = true
                    continue
                }
                if case .op(let op) = token, op == ";" || op == "&" {
                    if separated || connector != .sequence { throw .unexpectedToken(op) }
                    index += 1
                    separated = true
                    continue
                }
                separated = false
                let node = try item()
                items.append(ShellNode.ListItem(connector: connector, node: node, startsLine: startsLine))
                startsLine = false
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
                    case ";", "&":
                        index += 1
                        separated = true
                    default: break
                    }
                    if connector != .sequence {
                        skipNewlines()
                        if peek == nil { throw .unexpectedEnd }
                    }
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

        /// The rest of a pipeline whose first command is `first` (at a `|`).
        mutating func pipeline(after first: ShellNode) throws(ShellSyntaxError) -> ShellNode {
            var elements = [first]
            while case .op("|")? = peek {
                index += 1
                skipNewlines()
                if peek == nil { throw .unexpectedEnd }
                elements.append(try command())
            }
            // Simple commands only: the pipeline of simple commands the executor wires directly.
            var commands: [ShellScript.SimpleCommand] = []
            commands.reserveCapacity(elements.count)
            for element in elements {
                guard case .simple(let command) = element else { return .compoundPipeline(elements) }
                commands.append(command)
            }
            return .pipeline(commands)
        }

        /// One and-or item: `! PIPELINE` or a pipeline (`!` twice is still negated twice:
        /// `! ! (exit 5)` is 1).
        mutating func item() throws(ShellSyntaxError) -> ShellNode {
            var negations = 0
            while peek?.reserved == "!" {
                index += 1
                negations += 1
            }
            if negations > 0, peek == nil { throw .unexpectedEnd }
            var node = try command()
            if case .op("|")? = peek { node = try pipeline(after: node) }
            if negations > 0 { node = negations % 2 == 1 ? .not(node) : .not(.not(node)) }
            return node
        }

        /// What a command starting with `token` is.
        enum CommandKind {
            case simple, subshell, test, loop, forLoop, ifClause, group, misplaced, arithmetic, caseClause, function
        }

        static func kind(of token: Token, conditionals: Bool) -> CommandKind {
            switch token {
            case .op("("): return .subshell
            case .op("(("): return .arithmetic
            case .op, .heredoc: return .simple
            case .word:
                if conditionals, isWord(token, "[[") { return .test }
                switch token.reserved {
                case "while", "until": return .loop
                case "for": return .forLoop
                case "if": return .ifClause
                case "{": return .group
                case "case": return .caseClause
                // dash and ash have no `function` keyword: there it is a command's name.
                case "function": return conditionals ? .function : .simple
                case "do", "done", "then", "elif", "else", "fi", "}", "in", "!", "esac": return .misplaced
                default: return .simple
                }
            }
        }

        /// One element of a pipeline: a simple command, or a compound command with the
        /// redirections after it. Each compound command is read by a function of its own, so
        /// that a nested one costs little stack (list, command, the compound's function) a level.
        mutating func command() throws(ShellSyntaxError) -> ShellNode {
            guard let token = peek else { throw .unexpectedEnd }
            let kind = Self.kind(of: token, conditionals: conditionals)
            switch kind {
            case .simple:
                if let name = functionName(at: index) { return try functionDefinition(name, after: index + 3) }
                return try simpleCommand()
            case .function: return try functionKeyword()
            // `((` is bash's arithmetic command, not simulated: a syntax error, as before.
            case .arithmetic: throw .unexpectedToken("(")
            case .misplaced: throw .unexpectedToken(text(token))
            case .test: return try redirected(try conditionalCommand())
            default: break
            }
            guard nesting < maxNesting else { throw .tooDeep(limit: maxNesting) }
            nesting += 1
            let compound: ShellNode
            switch kind {
            case .subshell: compound = try subshell()
            case .loop: compound = try loop()
            case .forLoop: compound = try forLoop()
            case .ifClause: compound = try ifClause()
            case .caseClause: compound = try caseClause()
            default: compound = try group()
            }
            nesting -= 1
            return try redirected(compound)
        }

        /// A simple command, checked for a `(` after it.
        mutating func simpleCommand() throws(ShellSyntaxError) -> ShellNode {
            let command = try simple()
            // `echo a (b)`: a `(` after a command's words is bash's syntax error.
            if case .op(let op)? = peek, op == "(" || op == "((" { throw .unexpectedToken("(") }
            return .simple(command)
        }

        /// A compound command with the redirections that follow it.
        mutating func redirected(_ compound: ShellNode) throws(ShellSyntaxError) -> ShellNode {
            var redirections: [ShellScript.Redirection] = []
            while try redirection(into: &redirections) {}
            // A word right after a compound command (`done echo`, `) b`) is bash's syntax error.
            if let next = peek, case .word = next, next.reserved == nil { throw .unexpectedToken(text(next)) }
            if case .op(let op)? = peek, op == "(" || op == "((" { throw .unexpectedToken("(") }
            return redirections.isEmpty ? compound : .redirected(compound, redirections)
        }

        /// `( LIST )`.
        mutating func subshell() throws(ShellSyntaxError) -> ShellNode {
            parens += 1
            index += 1
            let body = try list(until: [])
            parens -= 1
            guard let close = peek else { throw .unexpectedEnd }
            guard case .op(")") = close else { throw .unexpectedToken(text(close)) }
            if case .list(let items) = body, items.isEmpty { throw .unexpectedToken(")") }
            index += 1
            return .subshell(body)
        }

        /// `while`/`until COND; do BODY; done`.
        mutating func loop() throws(ShellSyntaxError) -> ShellNode {
            let until = peek?.reserved == "until"
            index += 1
            let condition = try list(until: ["do"])
            try expect("do")
            let body = try list(until: ["done"])
            try expect("done")
            return .loop(condition: condition, body: body, until: until)
        }

        /// `for NAME [in WORDS]; do BODY; done`.
        mutating func forLoop() throws(ShellSyntaxError) -> ShellNode {
            let line = index < lines.count ? lines[index] : firstLine
            let (name, words) = try forHeader()
            let body = try list(until: ["done"])
            try expect("done")
            return .forLoop(name: name, words: words, body: body, line: line)
        }

        /// `for NAME in WORDS; do`.
        mutating func forHeader() throws(ShellSyntaxError) -> (String, [[ShellScript.WordPart]]) {
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
            if case .op(let op)? = peek, op == ";" || op == "\n" { index += 1 }
            skipNewlines()
            try expect("do")
            return (name, words)
        }

        /// `if C; then A; elif C2; then B; else E; fi`.
        mutating func ifClause() throws(ShellSyntaxError) -> ShellNode {
            index += 1
            var branches: [ShellNode.Branch] = []
            let condition = try list(until: ["then"])
            try expect("then")
            let body = try list(until: ["elif", "else", "fi"])
            branches.append(.init(condition: condition, body: body))
            var otherwise: ShellNode?
            while let word = peek?.reserved, word != "fi" {
                index += 1
                if word == "elif" {
                    branches.append(try elifBranch())
                } else {
                    otherwise = try list(until: ["fi"])
                }
            }
            try expect("fi")
            return .conditional(branches: branches, otherwise: otherwise)
        }

        /// `elif C; then B` after its `elif`.
        mutating func elifBranch() throws(ShellSyntaxError) -> ShellNode.Branch {
            let condition = try list(until: ["then"])
            try expect("then")
            let body = try list(until: ["elif", "else", "fi"])
            return .init(condition: condition, body: body)
        }

        /// `case WORD in [(]PATTERN[|PATTERN…]) LIST ;; … esac` (`;&` and `;;&` too; the last
        /// item's `;;` may be left out).
        mutating func caseClause() throws(ShellSyntaxError) -> ShellNode {
            let line = index < lines.count ? lines[index] : firstLine
            index += 1
            // bash reads the word on `case`'s own line: a newline (or the end) there is an error.
            guard let first = peek else { throw .unexpectedToken("newline") }
            guard case .word(let subject) = first else { throw .unexpectedToken(text(first)) }
            index += 1
            skipNewlines()
            try expect("in")
            skipNewlines()
            var items: [ShellNode.CaseItem] = []
            while true {
                guard let token = peek else { throw .unexpectedEnd }
                if token.reserved == "esac" {
                    index += 1
                    break
                }
                if case .op("(") = token { index += 1 }
                var patterns: [[ShellScript.WordPart]] = []
                while true {
                    guard let word = peek else { throw .unexpectedEnd }
                    guard case .word(let parts) = word else { throw .unexpectedToken(text(word)) }
                    patterns.append(parts)
                    index += 1
                    guard let next = peek else { throw .unexpectedEnd }
                    if case .op("|") = next {
                        index += 1
                        continue
                    }
                    guard case .op(")") = next else { throw .unexpectedToken(text(next)) }
                    index += 1
                    break
                }
                let body = try list(until: ["esac"])
                let empty: Bool
                if case .list(let bodyItems) = body { empty = bodyItems.isEmpty } else { empty = false }
                var terminator = ShellNode.CaseItem.Terminator.end
                if case .op(let op)? = peek, op == ";;" || op == ";&" || op == ";;&" {
                    terminator = op == ";&" ? .fallThrough : op == ";;&" ? .testNext : .end
                    index += 1
                    items.append(.init(patterns: patterns, body: empty ? nil : body, terminator: terminator))
                    skipNewlines()
                    continue
                }
                items.append(.init(patterns: patterns, body: empty ? nil : body, terminator: terminator))
                guard let close = peek else { throw .unexpectedEnd }
                guard close.reserved == "esac" else { throw .unexpectedToken(text(close)) }
                index += 1
                break
            }
            return .caseClause(subject: subject, items: items, line: line)
        }

        /// The name of a function defined at `position` (`NAME ( )`), if the tokens there are one.
        func functionName(at position: Int) -> String? {
            guard position + 2 < tokens.count, case .op("(") = tokens[position + 1],
                case .op(")") = tokens[position + 2],
                case .word(let parts) = tokens[position], parts.count == 1, case .literal(let name) = parts[0],
                ShellParser.assignment(parts) == nil, tokens[position].reserved == nil
            else { return nil }
            return name
        }

        /// `function NAME [()] COMPOUND` (bash).
        mutating func functionKeyword() throws(ShellSyntaxError) -> ShellNode {
            index += 1
            guard let token = peek else { throw .unexpectedEnd }
            guard case .word(let parts) = token, parts.count == 1, case .literal(let name) = parts[0] else {
                throw .unexpectedToken(text(token))
            }
            if functionName(at: index) != nil { return try functionDefinition(name, after: index + 3) }
            return try functionDefinition(name, after: index + 1)
        }

        /// A function's body, from `position` on: a compound command (newlines before it are
        /// skipped) and its redirections.
        mutating func functionDefinition(_ name: String, after position: Int) throws(ShellSyntaxError) -> ShellNode {
            index = position
            skipNewlines()
            guard let token = peek else { throw .unexpectedEnd }
            switch Self.kind(of: token, conditionals: conditionals) {
            case .group, .subshell, .loop, .forLoop, .ifClause, .caseClause, .test: break
            default: throw .unexpectedToken(text(token))
            }
            let body = try command()
            return .function(name: name, body: body)
        }

        /// `{ LIST; }`: inside braces a `)` is not the end of an enclosing `( … )`.
        mutating func group() throws(ShellSyntaxError) -> ShellNode {
            index += 1
            let open = parens
            parens = 0
            let body = try list(until: ["}"])
            parens = open
            try expect("}")
            return body
        }

        /// Reads one redirection at the current token into `redirections`; false when the
        /// token is not one.
        mutating func redirection(into redirections: inout [ShellScript.Redirection]) throws(ShellSyntaxError) -> Bool {
            guard let token = peek else { return false }
            switch token {
            case .heredoc(let body):
                redirections.append(.init(kind: .heredoc, target: body))
                index += 1
                return true
            case .op(let op):
                let kind: ShellScript.Redirection.Kind
                switch op {
                case ">": kind = .write
                case ">>": kind = .append
                case "<": kind = .read
                case "<<<": kind = .hereString
                case "2>": kind = .writeError
                case "2>>": kind = .appendError
                case "&>": kind = .writeBoth
                case "2>&1", ">&2", ">&1", "2>&2":
                    if op == "2>&1" || op == ">&2" {
                        redirections.append(.init(kind: op == "2>&1" ? .errorToOutput : .outputToError, target: []))
                    }
                    index += 1
                    return true
                default: return false
                }
                index += 1
                guard case .word(let target)? = peek else { throw .unexpectedToken(peek.map(text) ?? "newline") }
                redirections.append(.init(kind: kind, target: target))
                index += 1
                return true
            case .word:
                return false
            }
        }

        mutating func simple() throws(ShellSyntaxError) -> ShellScript.SimpleCommand {
            var command = ShellScript.SimpleCommand()
            while let token = peek {
                if case .word(let parts) = token {
                    if command.words.isEmpty, let assignment = ShellParser.assignment(parts) {
                        command.assignments.append(assignment)
                    } else {
                        command.words.append(parts)
                    }
                    index += 1
                } else if try !redirection(into: &command.redirections) {
                    break
                }
            }
            if command.isEmpty { throw .unexpectedToken(peek.map(text) ?? "newline") }
            // bash's line for a command: where its last word ended.
            command.line = index - 1 < lines.count ? lines[index - 1] : firstLine
            return command
        }
    }

    static func assignment(_ parts: [ShellScript.WordPart]) -> (String, [ShellScript.WordPart])? {
        // Without an `=` byte there is no `=` character: the usual word is rejected by bytes.
        guard case .literal(let first)? = parts.first, hasEqualsByte(first) else { return nil }
        guard let eq = first.firstIndex(of: "="), eq != first.startIndex else {
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

    /// Whether `text` has the byte of `=` (read in place when it can be).
    static func hasEqualsByte(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(0x3D) } ?? text.utf8.contains(0x3D)
    }
}

/// The tokens of the last few texts ``ShellParser/continuation(_:)`` lexed whole, for the
/// ``ShellParser/parse(_:final:firstLine:maxNesting:conditionals:)`` that runs the same text
/// next: a typed line that is not plain words is read once to know it is complete, then again
/// to run it.
///
/// The key is the text's bytes (two Strings Swift finds equal may hold different bytes, which
/// the tokens keep). It is complete: ``ShellLexer`` reads nothing but its text, `final`,
/// `lenient` and `firstLine`. `lenient` is false in both; `final` is read only where a lexer
/// without it throws (an open backslash, quote or here-document at the end), so a text lexed
/// without `final` and not refused gives the same tokens, and no warning, with it; and
/// `firstLine` only adds `firstLine - 1` to every line (the lines kept are from line 1).
enum LexedTexts {
    struct Entry {
        var bytes: [UInt8]
        var tokens: [ShellLexer.Token]
        var lines: [Int]
    }

    /// At most this many texts are kept (the oldest goes first): one per thread would do.
    static let limit = 8
    private static let kept = Mutex<[Entry]>([])

    static func keep(_ text: String, tokens: [ShellLexer.Token], lines: [Int]) {
        let entry = Entry(bytes: Array(text.utf8), tokens: tokens, lines: lines)
        kept.withLock { entries in
            if entries.count >= limit { entries.removeFirst() }
            entries.append(entry)
        }
    }

    /// The kept tokens of `text`, taken out (a text is run once after it is found complete).
    static func take(_ text: String) -> Entry? {
        let count = text.utf8.count
        return kept.withLock { entries -> Entry? in
            guard
                let index = entries.lastIndex(where: {
                    $0.bytes.count == count && $0.bytes.elementsEqual(text.utf8)
                })
            else { return nil }
            return entries.remove(at: index)
        }
    }
}
