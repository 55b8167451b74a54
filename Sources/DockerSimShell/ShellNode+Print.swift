/// bash 5.2's printer of commands (`print_cmd.c`): what `type NAME` shows of a function (and
/// `declare -f NAME` would), rebuilt from the parsed ``ShellNode``.
///
/// The nodes do not keep everything bash's printer reads, so some text is reconstructed (each
/// choice below says so): a word's quoting (`'a'` and `"a"` are both one quoted part: a quoted
/// text without expansions is printed in single quotes, in double quotes when it holds a `'`, a
/// one-character quoted text next to other parts as `\c`), `${x}` (printed `$x`), backquotes
/// (printed `$( )`), a here-document's delimiter (printed `EOF`), `&` (read as `;`), a group
/// `{ …; }` of one command (printed without its braces) and `( )` inside `[[ ]]` (printed
/// only where the operators' precedence needs them).
extension ShellNode {
    /// The function `name` with this node as its body, as bash prints it (`type`, `declare -f`):
    /// `name () `, then the body between `{ ` and `}`, four spaces a level, without a final newline.
    public func functionText(name: String) -> String {
        var printer = ShellPrinter()
        printer.function(name: name, body: self, nested: false)
        return printer.out
    }

    /// This command on its own, as bash prints a command outside a function (`$( )`'s text):
    /// lists on one line, compound commands over several.
    public var printedText: String {
        var printer = ShellPrinter()
        printer.command(self)
        return printer.out
    }
}

/// The state of bash's `make_command_string` (`indentation`, `skip_this_indent`,
/// `inside_function_def`, `was_heredoc`), with its output.
struct ShellPrinter {
    var out = ""
    var indentation = 0
    var skipThisIndent = 0
    var insideFunctionDef = 0
    var wasHeredoc = false
    static let indentationAmount = 4

    // MARK: - Commands

    /// bash's `make_command_string_internal`: the indentation (unless skipped), then the command.
    mutating func command(_ node: ShellNode?) {
        guard let node else { return }
        startCommand()
        switch node {
        case .list(let items):
            // A list inside a list, a pipeline or `!` is a group's body (the parser keeps no
            // group node): see ``element(_:)``.
            connection(items)
        case .pipeline(let commands):
            pipeline(commands.map { ShellNode.simple($0) })
        case .compoundPipeline(let elements):
            pipeline(elements)
        case .simple(let simple):
            simpleCommand(simple)
        case .loop(let condition, let body, let until):
            out += until ? "until " : "while "
            skipThisIndent += 1
            command(condition)
            semicolon()
            out += " do\n"
            indentation += Self.indentationAmount
            command(body)
            indentation -= Self.indentationAmount
            semicolon()
            newline("done")
        case .forLoop(let name, let words, let body, _):
            // `for x; do` and `for x in; do` are the same node: bash prints the first as `in "$@"`.
            let list = words.isEmpty ? "\"$@\"" : words.map(Self.word).joined(separator: " ")
            out += "for \(name) in \(list);"
            newline("do\n")
            indentation += Self.indentationAmount
            command(body)
            semicolon()
            indentation -= Self.indentationAmount
            newline("done")
        case .conditional(let branches, let otherwise):
            ifCommand(branches[...], otherwise: otherwise)
        case .not(let inner):
            // bash keeps `!` as a flag that a second `!` turns off.
            if case .not(let twice) = inner {
                skipThisIndent += 1
                element(twice)
            } else {
                out += "! "
                skipThisIndent += 1
                element(inner)
            }
        case .subshell(let body):
            out += "( "
            skipThisIndent += 1
            command(body)
            out += " )"
        case .redirected(let inner, let redirections):
            if Self.isCompound(inner) {
                skipThisIndent += 1
                command(inner)
            } else {
                group(inner)
            }
            redirectionList(redirections)
        case .test(let expression):
            out += "[[ " + Self.condition(expression, parent: nil) + " ]]"
        case .caseClause(let subject, let items, _):
            caseCommand(subject, items)
        case .function(let name, let body):
            function(name: name, body: body, nested: true)
        case .syntaxError:
            break  // never in a function's body: only where a script stops
        }
    }

    /// A command inside a list, a pipeline or `!`: a list there is a group `{ …; }`.
    mutating func element(_ node: ShellNode) {
        if case .list = node {
            startCommand()
            group(node)
        } else {
            command(node)
        }
    }

    /// Whether `node` is a compound command bash keeps as such (not a group's body).
    static func isCompound(_ node: ShellNode) -> Bool {
        switch node {
        case .loop, .forLoop, .conditional, .subshell, .test, .caseClause, .redirected, .function: true
        case .list, .pipeline, .compoundPipeline, .simple, .not, .syntaxError: false
        }
    }

    /// The indentation at the start of a command, unless the command goes on a line already
    /// started (`skip_this_indent`).
    mutating func startCommand() {
        if skipThisIndent > 0 {
            skipThisIndent -= 1
        } else {
            indent(indentation)
        }
    }

    mutating func indent(_ amount: Int) {
        if amount > 0 { out += String(repeating: " ", count: amount) }
    }

    /// bash's `newline`: a new line, the indentation and `text`.
    mutating func newline(_ text: String) {
        out += "\n"
        indent(indentation)
        out += text
    }

    /// bash's `semicolon`: a `;` unless the text ends a line or in `&`.
    mutating func semicolon() {
        if let last = out.utf8.last, last == UInt8(ascii: "&") || last == UInt8(ascii: "\n") { return }
        out += ";"
    }

    /// `a; b && c || d`: bash's connections, one after the other.
    mutating func connection(_ items: [ShellNode.ListItem]) {
        for (index, item) in items.enumerated() {
            if index == 0 {
                skipThisIndent += 1
            } else {
                switch item.connector {
                case .and:
                    out += " && "
                    skipThisIndent += 1
                case .or:
                    out += " || "
                    skipThisIndent += 1
                case .sequence:
                    if wasHeredoc { wasHeredoc = false } else { out += ";" }
                    if insideFunctionDef > 0 {
                        out += "\n"
                    } else {
                        out += " "
                        skipThisIndent += 1
                    }
                }
            }
            element(item.node)
        }
    }

    /// `a | b | c`.
    mutating func pipeline(_ elements: [ShellNode]) {
        for (index, element) in elements.enumerated() {
            if index > 0 { out += " | " }
            skipThisIndent += 1
            self.element(element)
        }
    }

    /// `{ LIST; }`: over several lines inside a function, on one line outside.
    mutating func group(_ body: ShellNode) {
        out += "{ "
        if insideFunctionDef == 0 {
            skipThisIndent += 1
        } else {
            out += "\n"
            indentation += Self.indentationAmount
        }
        command(body)
        if insideFunctionDef > 0 {
            out += "\n"
            indentation -= Self.indentationAmount
            indent(indentation)
        } else {
            semicolon()
            out += " "
        }
        out += "}"
    }

    /// `if C; then A; else B; fi`: an `elif` is an `if` inside the `else`, as bash keeps it.
    mutating func ifCommand(_ branches: ArraySlice<ShellNode.Branch>, otherwise: ShellNode?) {
        guard let first = branches.first else { return }
        out += "if "
        skipThisIndent += 1
        command(first.condition)
        semicolon()
        out += " then\n"
        indentation += Self.indentationAmount
        command(first.body)
        indentation -= Self.indentationAmount
        if branches.count > 1 || otherwise != nil {
            semicolon()
            newline("else\n")
            indentation += Self.indentationAmount
            if branches.count > 1 {
                startCommand()
                ifCommand(branches.dropFirst(), otherwise: otherwise)
            } else {
                command(otherwise)
            }
            indentation -= Self.indentationAmount
        }
        semicolon()
        newline("fi")
    }

    /// `case WORD in PATTERN) LIST ;; … esac`.
    mutating func caseCommand(_ subject: [ShellScript.WordPart], _ items: [ShellNode.CaseItem]) {
        out += "case \(Self.word(subject)) in "
        indentation += Self.indentationAmount
        for item in items {
            newline("")
            out += item.patterns.map(Self.word).joined(separator: " | ") + ")\n"
            indentation += Self.indentationAmount
            command(item.body)
            indentation -= Self.indentationAmount
            switch item.terminator {
            case .end: newline(";;")
            case .fallThrough: newline(";&")
            case .testNext: newline(";;&")
            }
        }
        indentation -= Self.indentationAmount
        newline("esac")
    }

    /// A function: `name () ` and its body in braces (bash's `named_function_string`), or, when
    /// `nested` (a definition inside a function), `function name () ` (`print_function_def`).
    /// Redirections after a group body are the function's: they follow its `}`.
    mutating func function(name: String, body: ShellNode, nested: Bool) {
        var body = body
        var redirections: [ShellScript.Redirection] = []
        if case .redirected(let inner, let list) = body, !Self.isCompound(inner) {
            body = inner
            redirections = list
        }
        if nested {
            out += "function \(name) () \n"
            indent(indentation)
            out += "{ \n"
        } else {
            out += "\(name) () \n{ \n"
        }
        let saved = indentation
        insideFunctionDef += 1
        indentation += Self.indentationAmount
        command(body)
        indentation = saved
        insideFunctionDef -= 1
        if redirections.isEmpty {
            newline("}")
        } else {
            newline("} ")
            redirectionList(redirections, leadingSpace: false)
        }
    }

    // MARK: - Simple commands and redirections

    mutating func simpleCommand(_ simple: ShellScript.SimpleCommand) {
        var words = simple.assignments.map { $0.0 + "=" + Self.word($0.1) }
        words += simple.words.map(Self.word)
        out += words.joined(separator: " ")
        // `> file` alone has no space before it.
        if !simple.redirections.isEmpty { redirectionList(simple.redirections, leadingSpace: !words.isEmpty) }
    }

    /// The redirections after a command, here-documents last (each with its body and delimiter).
    mutating func redirectionList(_ redirections: [ShellScript.Redirection], leadingSpace: Bool = true) {
        wasHeredoc = false
        var first = true
        var heredocs: [[ShellScript.WordPart]] = []
        for redirection in redirections {
            if redirection.kind == .heredoc {
                heredocs.append(redirection.target)
                continue
            }
            if leadingSpace || !first { out += " " }
            first = false
            out += Self.redirection(redirection)
        }
        for body in heredocs {
            if leadingSpace || !first { out += " " }
            first = false
            // The delimiter is not kept: `EOF`, quoted when the body's text could not have
            // been written unquoted.
            let (text, quoted) = Self.heredocBody(body)
            out += (quoted ? "<<'EOF'" : "<<EOF") + "\n" + text + "EOF\n"
            wasHeredoc = true
        }
    }

    static func redirection(_ redirection: ShellScript.Redirection) -> String {
        let target = word(redirection.target)
        switch redirection.kind {
        case .write: return "> " + target
        case .append: return ">> " + target
        case .read: return "< " + target
        case .writeError: return "2> " + target
        case .appendError: return "2>> " + target
        case .errorToOutput: return "2>&1"
        case .outputToError: return "1>&2"
        case .hereString: return "<<< " + target
        case .writeBoth: return "&> " + target
        case .heredoc: return "<<EOF"
        }
    }

    /// A here-document's body as written, and whether its delimiter was quoted.
    static func heredocBody(_ parts: [ShellScript.WordPart]) -> (String, Bool) {
        if parts.count == 1, case .quoted(let text) = parts[0] {
            let special = text.contains { $0 == "$" || $0 == "`" || $0 == "\\" }
            return (text, special)
        }
        var text = ""
        for part in parts {
            switch part {
            case .quoted(let t), .literal(let t):
                for c in t {
                    if c == "$" || c == "`" || c == "\\" { text.append("\\") }
                    text.append(c)
                }
            default: text += expansion(part, reprint: false)
            }
        }
        return (text, false)
    }

    // MARK: - Words

    /// A word as written, rebuilt from its parts.
    static func word(_ parts: [ShellScript.WordPart]) -> String {
        var text = ""
        var index = 0
        while index < parts.count {
            let part = parts[index]
            index += 1
            switch part {
            case .literal(let literal):
                text += literal
            case .splitting(let inner):
                text += expansion(inner, before: index < parts.count ? firstCharacter(parts[index]) : nil)
            case .variable, .command, .arithmetic:
                // An expansion inside quotes whose quoted text was not kept before it.
                text += "\"" + expansion(part) + "\""
            case .quoted(let quoted):
                // `"…$x…"`: the lexer keeps the quoted texts around each expansion in it.
                var expansions: [String] = []
                var texts = [quoted]
                while index < parts.count, isQuotedExpansion(parts[index]) {
                    let part = parts[index]
                    index += 1
                    let next = index < parts.count ? firstCharacter(parts[index]) : nil
                    expansions.append(expansion(part, before: next))
                    if index < parts.count, case .quoted(let next) = parts[index] {
                        texts.append(next)
                        index += 1
                    } else {
                        texts.append("")
                    }
                }
                if expansions.isEmpty {
                    text += quote(quoted, alone: parts.count == 1)
                } else {
                    var inner = doubleQuoted(texts[0])
                    for (expansion, next) in zip(expansions, texts.dropFirst()) {
                        inner += expansion + doubleQuoted(next)
                    }
                    text += "\"" + inner + "\""
                }
            }
        }
        return text
    }

    static func isQuotedExpansion(_ part: ShellScript.WordPart) -> Bool {
        switch part {
        case .variable, .command, .arithmetic: true
        default: false
        }
    }

    /// A quoted text without expansions: `\c` for one character next to other parts (a
    /// backslash's), else in single quotes (what the course's lines use four times in five for
    /// a text without expansions: `--format '{{.Names}}'`), in double quotes when it holds a `'`.
    static func quote(_ text: String, alone: Bool) -> String {
        if !alone, text.count == 1, let c = text.first, !c.isLetter, !c.isNumber { return "\\" + text }
        if !text.contains("'") { return "'" + text + "'" }
        return "\"" + doubleQuoted(text) + "\""
    }

    /// `text` inside double quotes: a backslash before `$`, `` ` ``, `"` and a backslash that
    /// would otherwise escape what follows it.
    static func doubleQuoted(_ text: String) -> String {
        var result = ""
        let chars = Array(text)
        for (index, c) in chars.enumerated() {
            switch c {
            case "$", "`", "\"":
                result.append("\\")
            case "\\":
                let next = index + 1 < chars.count ? chars[index + 1] : nil
                if next.map({ "$`\"\\\n".contains($0) }) ?? true { result.append("\\") }
            default: break
            }
            result.append(c)
        }
        return result
    }

    /// The first character a part prints, when it is a literal's or a quoted text's.
    static func firstCharacter(_ part: ShellScript.WordPart) -> Character? {
        switch part {
        case .literal(let text), .quoted(let text): text.first
        default: nil
        }
    }

    /// `$x` (`${x}` when `before` would join the name), `${…}`, `$( … )` (its command as bash 5.2
    /// prints it again, or as written when `reprint` is false) or `$(( … ))`.
    static func expansion(_ part: ShellScript.WordPart, before: Character? = nil, reprint: Bool = true) -> String {
        switch part {
        case .variable(let name):
            let joins = before.map { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) } ?? false
            // `$?`, `$#`, `$1`… (`${1}0`: a digit after a positional parameter would join it).
            if name.count == 1, let c = name.first, !c.isLetter, c != "_" {
                return c.isNumber && before?.isNumber == true ? "${" + name + "}" : "$" + name
            }
            if Shell.isIdentifier(Substring(name)), !joins { return "$" + name }
            return "${" + name + "}"
        case .command(let text):
            // bash 5.2 parses a command substitution and prints it again (`print_comsub`).
            guard reprint, let node = try? ShellParser.parse(text) else { return "$(" + text + ")" }
            if case .list(let items) = node, items.isEmpty { return "$(" + text + ")" }
            // A `(` first gets a space before it, so that `$( (` is not read as `$((` again.
            let printed = node.printedText
            return (printed.hasPrefix("(") ? "$( " : "$(") + printed + ")"
        case .arithmetic(let expression):
            return "$((" + expression + "))"
        case .splitting(let inner):
            return expansion(inner, before: before, reprint: reprint)
        case .literal(let text), .quoted(let text):
            return text
        }
    }

    // MARK: - [[ ]]

    /// A `[[ ]]` expression (bash's `print_cond_node`). `( )` is not kept: it is printed around
    /// an `||` inside an `&&` or a `!`, and around an `&&`/`||` inside a `!`.
    static func condition(_ expression: ConditionalExpression, parent: ConditionalExpression?) -> String {
        switch expression {
        case .word(let parts):
            return word(parts)
        case .unary(let op, let operand):
            return op + " " + word(operand)
        case .binary(let op, let left, let right):
            return word(left) + " " + op + " " + word(right)
        case .regex(let left, let right):
            return word(left) + " =~ " + word(right)
        case .not(let inner):
            return "! " + condition(inner, parent: expression)
        case .and(let left, let right):
            let text = condition(left, parent: expression) + " && " + condition(right, parent: expression)
            if case .not? = parent { return "( " + text + " )" }
            return text
        case .or(let left, let right):
            let text = condition(left, parent: expression) + " || " + condition(right, parent: expression)
            switch parent {
            case .not?, .and?: return "( " + text + " )"
            default: return text
            }
        }
    }
}
