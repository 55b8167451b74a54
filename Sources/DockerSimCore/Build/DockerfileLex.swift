// Source: moby/buildkit v0.25.1 frontend/dockerfile/shell/lex.go: how BuildKit expands
// `$VAR`, `${VAR}`, `${VAR:-default}`… in a Dockerfile's words, with quotes and escapes.

/// BuildKit's word processor (`shell.Lex`): variables expanded from the build's environment,
/// quotes removed (or kept with ``rawQuotes``), the escape token honoured.
public struct DockerfileLex: Sendable {
    public var escapeToken: Character = "\\"
    /// Keep the quotes in the result (step names keep them).
    public var rawQuotes = false
    /// Leave `$NAME` as written when NAME is not set (step names of RUN do).
    public var skipUnsetEnv = false

    public init(escapeToken: Character = "\\") { self.escapeToken = escapeToken }

    /// Why a word could not be processed (`failed to process "…": …`).
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
    }

    /// Expands `word` with `env` (looked up by name; the last definition wins).
    /// - Returns: the result, and the names it used that were not set.
    public func process(_ word: String, env: [String: String]) throws(Failure) -> (String, Set<String>) {
        var scanner = Scanner(chars: Array(word)[...])
        var unmatched: Set<String> = []
        do {
            let result = try processStopOn(nil, &scanner, env: env, unmatched: &unmatched)
            return (result, unmatched)
        } catch {
            throw Failure(message: "failed to process \"\(word)\": \(error.message)")
        }
    }

    /// Expands a word, ignoring errors (the text as written then).
    public func expand(_ word: String, env: [String: String]) -> String {
        (try? process(word, env: env).0) ?? word
    }

    struct Scanner {
        var chars: ArraySlice<Character>
        var peek: Character? { chars.first }
        mutating func next() -> Character? { chars.popFirst() }
    }

    struct LexError: Error { var message: String }

    private func processStopOn(
        _ stop: Character?, _ s: inout Scanner, env: [String: String], unmatched: inout Set<String>,
        rawEscapes: Bool = false
    ) throws(LexError) -> String {
        var result = ""
        while let ch = s.peek {
            if let stop, ch == stop {
                _ = s.next()
                return result
            }
            switch ch {
            case "$":
                result += try processDollar(&s, env: env, unmatched: &unmatched)
            case "'":
                result += try singleQuote(&s)
            case "\"":
                result += try doubleQuote(&s, env: env, unmatched: &unmatched)
            default:
                _ = s.next()
                if ch == escapeToken {
                    if rawEscapes { result.append(ch) }
                    guard let escaped = s.next() else { break }
                    result.append(escaped)
                } else {
                    result.append(ch)
                }
            }
        }
        if let stop { throw LexError(message: "unexpected end of statement while looking for matching \(stop)") }
        return result
    }

    private func singleQuote(_ s: inout Scanner) throws(LexError) -> String {
        var result = ""
        let open = s.next()
        if rawQuotes, let open { result.append(open) }
        while true {
            guard let ch = s.next() else {
                throw LexError(message: "unexpected end of statement while looking for matching single-quote")
            }
            if ch == "'" {
                if rawQuotes { result.append(ch) }
                return result
            }
            result.append(ch)
        }
    }

    private func doubleQuote(
        _ s: inout Scanner, env: [String: String], unmatched: inout Set<String>
    ) throws(LexError) -> String {
        var result = ""
        let open = s.next()
        if rawQuotes, let open { result.append(open) }
        while true {
            guard let peek = s.peek else {
                throw LexError(message: "unexpected end of statement while looking for matching double-quote")
            }
            switch peek {
            case "\"":
                _ = s.next()
                if rawQuotes { result.append("\"") }
                return result
            case "$":
                result += try processDollar(&s, env: env, unmatched: &unmatched)
            default:
                guard var ch = s.next() else { continue }
                if ch == escapeToken {
                    guard let following = s.peek else { continue }
                    if following == "\"" || following == "$" || following == escapeToken {
                        ch = following
                        _ = s.next()
                    }
                }
                result.append(ch)
            }
        }
    }

    private func processDollar(
        _ s: inout Scanner, env: [String: String], unmatched: inout Set<String>
    ) throws(LexError) -> String {
        _ = s.next()
        guard s.peek == "{" else {
            let name = processName(&s)
            if name.isEmpty { return "$" }
            guard let value = env[name] else {
                unmatched.insert(name)
                return skipUnsetEnv ? "$" + name : ""
            }
            return value
        }
        _ = s.next()
        switch s.peek {
        case nil: throw LexError(message: "syntax error: missing '}'")
        case "{", "}", ":": throw LexError(message: "syntax error: bad substitution")
        default: break
        }
        let name = processName(&s)
        guard var ch = s.next() else { throw LexError(message: "syntax error: missing '}'") }
        var modifier = String(ch)
        var nullIsUnset = false
        switch ch {
        case "}":
            guard let value = env[name] else {
                unmatched.insert(name)
                return skipUnsetEnv ? "${\(name)}" : ""
            }
            return value
        case ":", "+", "-", "?":
            if ch == ":" {
                nullIsUnset = true
                guard let next = s.next() else { throw LexError(message: "syntax error: missing '}'") }
                ch = next
                modifier.append(next)
            }
            guard "+-?".contains(ch) else {
                throw LexError(message: "unsupported modifier (\(modifier)) in substitution")
            }
            let word: String
            do {
                word = try processStopOn("}", &s, env: env, unmatched: &unmatched)
            } catch {
                if s.peek == nil { throw LexError(message: "syntax error: missing '}'") }
                throw error
            }
            let value = env[name]
            if value == nil { unmatched.insert(name) }
            if skipUnsetEnv && value == nil { return "${\(name)\(modifier)\(word)}" }
            let empty = value == nil || (nullIsUnset && value == "")
            switch ch {
            case "-": return empty ? word : (value ?? "")
            case "+": return empty ? "" : word
            default:
                if value == nil {
                    throw LexError(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
                }
                if nullIsUnset && value == "" {
                    throw LexError(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
                }
                return value ?? ""
            }
        case "#", "%":
            var word = try processStopOn("}", &s, env: env, unmatched: &unmatched, rawEscapes: true)
            guard let value = env[name] else {
                unmatched.insert(name)
                return skipUnsetEnv ? "${\(name)\(modifier)\(word)}" : ""
            }
            var greedy = false
            if word.first == ch {
                greedy = true
                word.removeFirst()
            }
            return Self.trim(value, pattern: word, suffix: ch == "%", greedy: greedy)
        default:
            throw LexError(message: "unsupported modifier (\(modifier)) in substitution")
        }
    }

    private func processName(_ s: inout Scanner) -> String {
        var name = ""
        while let ch = s.peek {
            if name.isEmpty && ch.isNumber {
                while let digit = s.peek, digit.isNumber {
                    name.append(digit)
                    _ = s.next()
                }
                return name
            }
            if name.isEmpty && "@*#?-$!0".contains(ch) {
                _ = s.next()
                return String(ch)
            }
            guard ch.isLetter || ch.isNumber || ch == "_" else { break }
            name.append(ch)
            _ = s.next()
        }
        return name
    }

    /// `${VAR%pattern}`, `${VAR#pattern}` with a literal pattern and `*` wildcards.
    static func trim(_ value: String, pattern: String, suffix: Bool, greedy: Bool) -> String {
        let chars = Array(value)
        let candidates = suffix ? Array((0...chars.count).reversed()) : Array(0...chars.count)
        var best: String?
        for cut in candidates {
            let piece = suffix ? String(chars[cut...]) : String(chars[..<cut])
            if Glob.matches(pattern, piece) {
                best = suffix ? String(chars[..<cut]) : String(chars[cut...])
                if !greedy { break }
            }
        }
        return best ?? value
    }
}

/// Shell-style patterns (`*`, `?`, `[abc]`) as Go's `filepath.Match` reads them.
public enum Glob {
    /// Whether `name` matches `pattern` whole (`*` does not cross `/` when `slashes` is false).
    public static func matches(_ pattern: String, _ name: String, slashes: Bool = true) -> Bool {
        match(Array(pattern)[...], Array(name)[...], slashes: slashes)
    }

    /// Whether `name` matches `pattern` whole, `*` crossing `/` (the shell's `${x#pattern}`,
    /// read on characters already split).
    public static func matches(_ pattern: [Character], _ name: ArraySlice<Character>) -> Bool {
        match(pattern[...], name, slashes: true)
    }

    private static func match(_ p: ArraySlice<Character>, _ n: ArraySlice<Character>, slashes: Bool) -> Bool {
        guard let first = p.first else { return n.isEmpty }
        switch first {
        case "*":
            var rest = n
            while true {
                if match(p.dropFirst(), rest, slashes: slashes) { return true }
                guard let c = rest.first, slashes || c != "/" else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            guard let c = n.first, slashes || c != "/" else { return false }
            return match(p.dropFirst(), n.dropFirst(), slashes: slashes)
        case "[":
            guard let c = n.first, let close = p.dropFirst().firstIndex(of: "]") else {
                return n.first == "[" && match(p.dropFirst(), n.dropFirst(), slashes: slashes)
            }
            var set = p[p.index(after: p.startIndex)..<close]
            var negate = false
            if set.first == "^" || set.first == "!" {
                negate = true
                set = set.dropFirst()
            }
            var found = false
            var items = Array(set)
            while !items.isEmpty {
                if items.count >= 3, items[1] == "-" {
                    if items[0] <= c && c <= items[2] { found = true }
                    items.removeFirst(3)
                } else {
                    if items[0] == c { found = true }
                    items.removeFirst()
                }
            }
            guard found != negate else { return false }
            return match(p[p.index(after: close)...], n.dropFirst(), slashes: slashes)
        case "\\":
            let rest = p.dropFirst()
            guard let literal = rest.first, n.first == literal else { return false }
            return match(rest.dropFirst(), n.dropFirst(), slashes: slashes)
        default:
            guard n.first == first else { return false }
            return match(p.dropFirst(), n.dropFirst(), slashes: slashes)
        }
    }

    /// Whether the text has any pattern character.
    public static func hasMeta(_ text: String) -> Bool { text.contains { "*?[\\".contains($0) } }
}
