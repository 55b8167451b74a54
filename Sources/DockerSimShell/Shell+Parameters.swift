import DockerSimCore

/// An expansion that failed in a command's words: the command does not run (bash's
/// `expand_wdesc_error` and `expand_wdesc_fatal`, and `set -u`'s unset variable).
enum ExpansionError: Sendable, Equatable {
    /// `set -u` and an unset variable: its name.
    case unbound(String)
    /// An error after which bash drops the rest of the line (`${a b}: bad substitution`): the
    /// message after the error start.
    case discard(String)
    /// An error that ends a script (`${x:?oops}`), the message after the error start; an
    /// interactive shell drops the rest of the line.
    case fatal(String)
}

extension Shell {
    /// Whether the text of `${…}` is a parameter alone: a name (`${HOME}`), a positional
    /// parameter (`${10}`) or a special one (`${?}`, `${#}`).
    static func isParameterName(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first else { return false }
        if bytes.count == 1 {
            // `$?`, `$#`, `$@`… and a digit or a one-letter name.
            return "?$#@*!-_".utf8.contains(first) || (0x30...0x39).contains(first)
                || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A)
        }
        if (0x30...0x39).contains(first) { return bytes.allSatisfy { (0x30...0x39).contains($0) } }
        return isIdentifier(text)
    }

    /// `${…}` with an operator, as bash 5 expands it: `${#NAME}`, `${!NAME}`, the defaults
    /// (`:-` `-` `:=` `=` `:?` `?` `:+` `+`), pattern removal (`#` `##` `%` `%%`), replacement
    /// (`/` `//` `/#` `/%`), substrings (`:OFFSET:LENGTH`) and case (`^` `^^` `,` `,,`). A text
    /// bash cannot read is `bad substitution`, noted in ``expansionError`` with what the
    /// defaults' `?` reports; dash knows only POSIX's operators.
    mutating func expandParameter(
        _ text: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        let characters = Array(text)
        if characters.count > 1, characters[0] == "#" {
            let name = String(characters[1...])
            guard Self.isParameterName(name) else { return badSubstitution(text) }
            if name == "@" || name == "*" { return String(positional.count) }
            if options.nounset { noteUnset(name) }
            return String(variable(name).count)
        }
        if characters.count > 1, characters[0] == "!", flavor == .bash {
            return indirect(String(characters[1...]), text: text)
        }
        // The parameter's name: digits, an identifier, or one special character.
        var end = 0
        if let first = characters.first, first.isASCII, first.isNumber {
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        } else if let first = characters.first, first == "_" || (first.isASCII && first.isLetter) {
            while end < characters.count,
                characters[end] == "_"
                    || (characters[end].isASCII && (characters[end].isLetter || characters[end].isNumber))
            {
                end += 1
            }
        } else if let first = characters.first, "?$#@*!-".contains(first) {
            end = 1
        }
        guard end > 0, end < characters.count else { return badSubstitution(text) }
        let name = String(characters[..<end])
        let rest = characters[end...]
        guard let op = rest.first else { return badSubstitution(text) }
        let second = rest.dropFirst().first
        let isBash = flavor == .bash
        let posix = flavor.isDash
        switch op {
        case ":" where second.map({ "-=?+".contains($0) }) == true:
            return defaulted(
                name, String(second!), null: true, word: String(rest.dropFirst(2)), engine: &engine, provider: provider)
        case "-", "=", "?", "+":
            return defaulted(
                name, String(op), null: false, word: String(rest.dropFirst()), engine: &engine, provider: provider)
        case "#", "%":
            let longest = second == op
            let pattern = String(rest.dropFirst(longest ? 2 : 1))
            if options.nounset { noteUnset(name) }
            return removing(
                pattern, from: variable(name), suffix: op == "%", longest: longest, engine: &engine, provider: provider)
        case "/" where !posix:
            if options.nounset { noteUnset(name) }
            return replacing(String(rest.dropFirst()), in: variable(name), engine: &engine, provider: provider)
        case ":" where !posix:
            if options.nounset { noteUnset(name) }
            return substring(name, String(rest.dropFirst()), text: text, engine: &engine, provider: provider)
        case "^", ",":
            guard isBash else { return badSubstitution(text) }
            let all = second == op
            let pattern = String(rest.dropFirst(all ? 2 : 1))
            if options.nounset { noteUnset(name) }
            return changingCase(
                variable(name), upper: op == "^", all: all, pattern: pattern, engine: &engine, provider: provider)
        default:
            return badSubstitution(text)
        }
    }

    /// Notes an error for the command whose words are being expanded (the first one wins).
    mutating func noteExpansionError(_ error: ExpansionError) {
        if expansionError == nil { expansionError = error }
    }

    private mutating func badSubstitution(_ text: String) -> String {
        switch flavor {
        case .bash: noteExpansionError(.discard("${\(text)}: bad substitution"))
        // dash 0.5.12 when it expands the word: the script ends.
        case .dash: noteExpansionError(.fatal("Bad substitution"))
        // BusyBox finds it when it parses: the script ends.
        case .ash: noteExpansionError(.fatal("syntax error: bad substitution"))
        }
        return ""
    }

    /// `${!NAME}`: the variable whose name NAME holds; `${!PREFIX*}`, `${!PREFIX@}`: the names
    /// of the variables that start with PREFIX.
    private mutating func indirect(_ name: String, text: String) -> String {
        if let last = name.last, last == "*" || last == "@", Self.isIdentifier(Substring(name.dropLast())) {
            let prefix = name.dropLast()
            return env.keys.filter { $0.hasPrefix(prefix) }.sorted().joined(separator: " ")
        }
        guard Self.isParameterName(name) else { return badSubstitution(text) }
        if options.nounset { noteUnset(name) }
        let target = variable(name)
        guard !target.isEmpty else {
            noteExpansionError(.discard("\(name): invalid indirect expansion"))
            return ""
        }
        guard Self.isParameterName(target) else {
            noteExpansionError(.discard("\(target): invalid variable name"))
            return ""
        }
        if options.nounset { noteUnset(target) }
        return variable(target)
    }

    /// `${NAME:-WORD}` and the other defaults (`op` is `-`, `=`, `?` or `+`; `null`: with a
    /// colon, an empty value counts as unset).
    private mutating func defaulted(
        _ name: String, _ op: String, null: Bool, word: String, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) -> String {
        let value = variable(name)
        let missing = isUnset(name) || (null && value.isEmpty)
        switch op {
        case "-": return missing ? expandParameterWord(word, engine: &engine, provider: provider) : value
        case "+": return missing ? "" : expandParameterWord(word, engine: &engine, provider: provider)
        case "=":
            guard missing else { return value }
            guard Self.isIdentifier(name) else {
                switch flavor {
                case .bash:
                    let shown = name.first?.isNumber == true ? "$" + name : name
                    noteExpansionError(.discard("\(shown): cannot assign in this way"))
                case .dash, .ash: noteExpansionError(.fatal("\(name): bad variable name"))
                }
                return ""
            }
            let assigned = expandParameterWord(word, engine: &engine, provider: provider)
            env[name] = assigned
            return assigned
        default:  // "?"
            guard missing else { return value }
            let message = expandParameterWord(word, engine: &engine, provider: provider)
            let told: String
            if !message.isEmpty {
                told = message
            } else if flavor == .bash {
                told = null ? "parameter null or not set" : "parameter not set"
            } else {
                told = null ? "parameter not set or null" : "parameter not set"
            }
            noteExpansionError(.fatal("\(name): \(told)"))
            return ""
        }
    }

    /// The WORD of `${NAME:-WORD}`: its quotes removed, its expansions made (not split).
    private mutating func expandParameterWord(
        _ word: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        guard !word.isEmpty else { return "" }
        return expand(ShellLexer.expandableParts(word, quotes: true), engine: &engine, provider: provider)
    }

    /// `${NAME#PATTERN}` (shortest prefix), `##` (longest), `%` and `%%` (suffixes).
    private mutating func removing(
        _ patternWord: String, from value: String, suffix: Bool, longest: Bool, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) -> String {
        let pattern = ShellPattern(
            patternText(ShellLexer.expandableParts(patternWord, quotes: true), engine: &engine, provider: provider))
        let characters = Array(value)
        // A suffix is a prefix of the reversed text, read by the reversed pattern.
        let text = suffix ? characters.reversed() : characters
        guard let length = (suffix ? pattern.reversed() : pattern).prefixLength(of: text[...], longest: longest) else {
            return value
        }
        return suffix ? String(characters.dropLast(length)) : String(characters.dropFirst(length))
    }

    /// `${NAME/PATTERN/STRING}` (the first longest match), `//` (every one), `/#` (at the start),
    /// `/%` (at the end).
    private mutating func replacing(
        _ spec: String, in value: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        var spec = Substring(spec)
        // `o`: the first match; `g`: every one (`//`); `#`, `%`: anchored.
        var mode: Character = "o"
        if let first = spec.first, first == "/" || first == "#" || first == "%" {
            mode = first == "/" ? "g" : first
            spec = spec.dropFirst()
        }
        // The pattern ends at the first `/` outside quotes and not escaped.
        var split: Substring.Index?
        var quote: Character?
        var index = spec.startIndex
        while index < spec.endIndex {
            let c = spec[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\\" {
                index = spec.index(after: index)
                if index == spec.endIndex { break }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "/" {
                split = index
                break
            }
            index = spec.index(after: index)
        }
        let patternWord = String(split.map { spec[..<$0] } ?? spec)
        let replacementWord = split.map { String(spec[spec.index(after: $0)...]) } ?? ""
        let pattern = ShellPattern(
            patternText(ShellLexer.expandableParts(patternWord, quotes: true), engine: &engine, provider: provider))
        if pattern.isEmpty && mode != "#" && mode != "%" { return value }
        let replacement = expandParameterWord(replacementWord, engine: &engine, provider: provider)
        let characters = Array(value)
        let count = characters.count
        switch mode {
        case "#":
            guard let end = pattern.prefixLength(of: characters[...], longest: true) else { return value }
            return replacement + String(characters[end...])
        case "%":
            // The longest suffix that matches: the first place a match to the end starts.
            let reversed = Array(characters.reversed())
            guard let length = pattern.reversed().prefixLength(of: reversed[...], longest: true) else { return value }
            return String(characters.dropLast(length)) + replacement
        default:
            var out = ""
            var position = 0
            // Where a match can start, found in one pass: the others are not tried.
            let starts = pattern.matchStarts(characters)
            while position < count {
                guard starts[position] else {
                    out.append(characters[position])
                    position += 1
                    continue
                }
                let length = pattern.prefixLength(of: characters[position...], longest: true)
                if let length, length > 0 {
                    out += replacement
                    position += length
                    if mode == "g" { continue }
                    return out + String(characters[position...])
                }
                out.append(characters[position])
                position += 1
            }
            return out
        }
    }

    /// `${NAME:OFFSET}` and `${NAME:OFFSET:LENGTH}` (arithmetic; a negative offset counts from
    /// the end, a negative length ends that far from the end). `${@:…}` slices `$0 $1 …`.
    private mutating func substring(
        _ name: String, _ spec: String, text: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        let separator = name == "@" || name == "*" ? " " : ""
        return slice(name, spec, text: text, engine: &engine, provider: provider).joined(separator: separator)
    }

    /// The items `${NAME:OFFSET:LENGTH}` keeps: characters of a value, or `$0 $1 …` for `@`
    /// and `*` (`"${@:2}"` makes a word of each).
    mutating func slice(
        _ name: String, _ spec: String, text: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> ArraySlice<String> {
        // OFFSET ends at the first `:` outside a `${ }`, `$( )` or `( )` of its own.
        var depth = 0
        var colon: String.Index?
        for index in spec.indices {
            switch spec[index] {
            case "{", "(": depth += 1
            case "}", ")": depth -= 1
            case ":" where depth == 0: colon = index
            default: break
            }
            if colon != nil { break }
        }
        let offsetText = String(colon.map { spec[..<$0] } ?? Substring(spec))
        // `${x:}` is refused; `${x::2}` starts at 0.
        guard !spec.isEmpty else {
            _ = badSubstitution(text)
            return []
        }
        // Each is expanded (`${x:${#y}}`, `$(…)`), then read as arithmetic.
        func evaluate(_ expression: String, engine: inout Engine) -> Int {
            let expanded = expand(ShellLexer.expandableParts(expression), engine: &engine, provider: provider)
            var evaluator = Arithmetic(expanded, variables: env)
            return Int(evaluator.evaluate())
        }
        let offset = evaluate(offsetText, engine: &engine)
        var length: Int?
        let lengthText = colon.map { String(spec[spec.index(after: $0)...]) }
        if let lengthText { length = evaluate(lengthText, engine: &engine) }
        let items: [String] =
            name == "@" || name == "*" ? [commandName ?? "bash"] + positional : variable(name).map { String($0) }
        let count = items.count
        var start = offset < 0 ? count + offset : offset
        if offset < 0, start < 0 { return [] }
        start = min(start, count)
        var end = count
        if let length {
            if length < 0 {
                end = count + length
                guard end >= start else {
                    noteExpansionError(.discard("\(lengthText ?? ""): substring expression < 0"))
                    return []
                }
            } else {
                end = min(count, start + length)
            }
        }
        return items[start..<max(start, end)]
    }

    /// `${NAME^}`, `${NAME^^}`, `${NAME,}`, `${NAME,,}`: the first character or all of them
    /// (those the pattern matches, when there is one) in upper or lower case.
    private mutating func changingCase(
        _ value: String, upper: Bool, all: Bool, pattern patternWord: String, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) -> String {
        let pattern =
            patternWord.isEmpty
            ? nil
            : ShellPattern(
                patternText(ShellLexer.expandableParts(patternWord, quotes: true), engine: &engine, provider: provider))
        var out = ""
        for (index, character) in value.enumerated() {
            let wanted = pattern.map { $0.prefixLength(of: [character][...], longest: true) == 1 } ?? true
            if (all || index == 0) && wanted {
                out += upper ? character.uppercased() : character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// A shell pattern (`*`, `?`, `[…]`, `\c`, as ``Glob`` reads them, `*` matching `/` too) read
/// as a small automaton: all the prefixes of a text it matches are found in one pass, in time
/// proportional to the text's length times the pattern's, as `${x%%*/}` on a long value needs.
struct ShellPattern {
    enum Unit {
        case star
        case any
        case character(Character)
        /// `[…]`: its single characters and ranges, and whether it is negated (`[!…]`, `[^…]`).
        case set([ClosedRange<Character>], negated: Bool)

        func matches(_ c: Character) -> Bool {
            switch self {
            case .star, .any: true
            case .character(let wanted): c == wanted
            case .set(let ranges, let negated): ranges.contains { $0.contains(c) } != negated
            }
        }
    }

    private(set) var units: [Unit] = []

    /// The pattern of `text` (a pattern's text: quoted characters escaped with `\`).
    init(_ text: String) {
        let p = Array(text)
        var i = 0
        while i < p.count {
            switch p[i] {
            case "*":
                if case .star? = units.last {} else { units.append(.star) }
            case "?": units.append(.any)
            case "\\" where i + 1 < p.count:
                i += 1
                units.append(.character(p[i]))
            case "[":
                guard let close = p[(i + 1)...].firstIndex(of: "]") else {
                    units.append(.character("["))
                    break
                }
                var items = Array(p[(i + 1)..<close])
                var negated = false
                if let first = items.first, first == "!" || first == "^" {
                    negated = true
                    items.removeFirst()
                }
                var ranges: [ClosedRange<Character>] = []
                var k = 0
                while k < items.count {
                    if k + 2 < items.count, items[k + 1] == "-" {
                        if items[k] <= items[k + 2] { ranges.append(items[k]...items[k + 2]) }
                        k += 3
                    } else {
                        ranges.append(items[k]...items[k])
                        k += 1
                    }
                }
                units.append(.set(ranges, negated: negated))
                i = close
            default: units.append(.character(p[i]))
            }
            i += 1
        }
    }

    private init(units: [Unit]) { self.units = units }

    var isEmpty: Bool { units.isEmpty }

    /// The same pattern read backwards: it matches the reversed texts this one matches.
    func reversed() -> ShellPattern { ShellPattern(units: units.reversed()) }

    /// The length of the shortest (or longest) prefix of `text` the whole pattern matches;
    /// nil when none does. Stops as soon as no prefix can match any more.
    func prefixLength(of text: ArraySlice<Character>, longest: Bool) -> Int? {
        let m = units.count
        var states = [Bool](repeating: false, count: m + 1)
        var next = states
        states[0] = true
        close(&states)
        var found: Int? = states[m] ? 0 : nil
        if found != nil && !longest { return 0 }
        var length = 0
        for c in text {
            for index in next.indices { next[index] = false }
            var alive = false
            for state in 0..<m where states[state] && units[state].matches(c) {
                // A star stays where it is; any other unit moves on.
                if case .star = units[state] { next[state] = true } else { next[state + 1] = true }
                alive = true
            }
            guard alive else { break }
            close(&next)
            swap(&states, &next)
            length += 1
            if states[m] {
                found = length
                if !longest { return length }
            }
        }
        return found
    }

    /// For each position of `text` (and its end), whether a match of the pattern starts there:
    /// the reversed pattern, after a star, read once over the reversed text.
    func matchStarts(_ text: [Character]) -> [Bool] {
        let finder = ShellPattern(units: [.star] + units.reversed())
        let m = finder.units.count
        var starts = [Bool](repeating: false, count: text.count + 1)
        var states = [Bool](repeating: false, count: m + 1)
        var next = states
        states[0] = true
        finder.close(&states)
        starts[text.count] = states[m]
        var position = text.count
        for c in text.reversed() {
            for index in next.indices { next[index] = false }
            for state in 0..<m where states[state] && finder.units[state].matches(c) {
                if case .star = finder.units[state] { next[state] = true } else { next[state + 1] = true }
            }
            finder.close(&next)
            swap(&states, &next)
            position -= 1
            starts[position] = states[m]
        }
        return starts
    }

    /// Adds the states a star reaches by matching nothing.
    private func close(_ states: inout [Bool]) {
        for state in 0..<units.count where states[state] {
            if case .star = units[state] { states[state + 1] = true }
        }
    }
}
