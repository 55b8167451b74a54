/// The part of Jinja2 (2.11, as Flask 1.1 configures it: autoescape for `.html`, no
/// `trim_blocks`, the template's last newline dropped) that the course's Flask applications'
/// templates use: `{{ expression }}`, `{% if %}`/`{% elif %}`/`{% else %}`/`{% endif %}`,
/// `{% for x in list %}`/`{% endfor %}`, `{# comments #}` and the `-` that trims whitespace.
/// Expressions: names, `a.b`, `a['b']`, string and number literals, `not`, `==`, `!=`, `and`,
/// `or`, the filters `e`, `safe`, `length`, `upper`, `lower`, `title`, and `url_for('static',
/// filename='…')`. Values are JSON values (what the application's steps produce).
public enum Jinja {
    /// A template that could not be rendered (Jinja's `TemplateSyntaxError` text).
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
    }

    /// Renders `template` with `variables`.
    /// - Parameter staticURL: what `url_for('static', filename=F)` gives.
    public static func render(
        _ template: String, variables: [String: JSONValue], autoescape: Bool = true, escaping: Escaping = .markupSafe,
        staticURL: (String) -> String = { "/static/" + $0 }
    ) throws(Failure) -> String {
        var source = template
        if source.hasSuffix("\n") && escaping == .markupSafe { source.removeLast() }
        let nodes = try parse(tokenize(source))
        var out = ""
        var scope = variables
        try run(nodes, &scope, &out, autoescape: autoescape, escaping: escaping, staticURL: staticURL)
        return out
    }

    /// How `{{ value }}` is escaped: MarkupSafe's (Jinja) or PHP's `htmlspecialchars` with
    /// ENT_QUOTES (MediaWiki's LightnCandy templates).
    public enum Escaping: Sendable {
        case markupSafe, php
    }

    /// A Mustache template (MediaWiki's, as LightnCandy compiles them without the spec's
    /// standalone-line rule: a section tag's line keeps its spaces and newline) in this
    /// renderer's terms: `{{#x}}` and `{{^x}}` are conditions on `x`, `{{/x}}` ends them,
    /// `{{{x}}}` is not escaped, `{{! comment}}` says nothing.
    public static func fromMustache(_ template: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            guard let close = rest[open.upperBound...].range(of: closer) else {
                out += rest[open.lowerBound...]
                return out
            }
            var inner = rest[open.upperBound..<close.lowerBound]
            if triple { inner = inner.dropFirst() }
            let name = inner.dropFirst().trimmingSpaces
            switch inner.first {
            case "#": out += "{% if \(name) %}"
            case "^": out += "{% if not \(name) %}"
            case "/": out += "{% endif %}"
            case "!": break
            default: out += triple ? "{{ \(inner.trimmingSpaces)|safe }}" : "{{ \(inner.trimmingSpaces) }}"
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    // MARK: - Tokens

    enum Token {
        case text(String)
        case output(String)
        case tag(String)
    }

    static func tokenize(_ source: String) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(source)
        var trimNextLeading = false
        while !rest.isEmpty {
            guard let open = rest.range(of: "{") else {
                tokens.append(.text(String(trimNextLeading ? rest.drop(while: \.isWhitespace) : rest)))
                break
            }
            let after = rest[open.upperBound...]
            guard let kind = after.first, kind == "{" || kind == "%" || kind == "#" else {
                var text = String(rest[..<open.upperBound])
                if trimNextLeading {
                    text = String(text.drop(while: \.isWhitespace))
                    trimNextLeading = false
                }
                tokens.append(.text(text))
                rest = after
                continue
            }
            var text = String(rest[..<open.lowerBound])
            if trimNextLeading { text = String(text.drop(while: \.isWhitespace)) }
            var inner = after.dropFirst()
            let close = kind == "{" ? "}}" : kind == "%" ? "%}" : "#}"
            guard let end = inner.range(of: close) else {
                throw Failure(message: kind == "#" ? "Missing end of comment tag" : "unexpected end of template")
            }
            var body = inner[..<end.lowerBound]
            rest = inner[end.upperBound...]
            inner = body
            if inner.hasPrefix("-") {
                text = String(text.reversed().drop(while: \.isWhitespace).reversed())
                body = body.dropFirst()
            }
            trimNextLeading = false
            if body.hasSuffix("-") {
                trimNextLeading = true
                body = body.dropLast()
            }
            if !text.isEmpty { tokens.append(.text(text)) }
            switch kind {
            case "{": tokens.append(.output(body.trimmingSpaces))
            case "%": tokens.append(.tag(body.trimmingSpaces))
            default: break
            }
        }
        return tokens
    }

    // MARK: - Nodes

    indirect enum Node {
        case text(String)
        case output(String)
        case branch([(condition: String?, body: [Node])])
        case loop(variable: String, list: String, body: [Node], otherwise: [Node])
    }

    static func parse(_ tokens: [Token]) throws(Failure) -> [Node] {
        var index = 0
        let nodes = try parseBlock(tokens, &index, until: [])
        return nodes.nodes
    }

    static func parseBlock(
        _ tokens: [Token], _ index: inout Int, until ends: Set<String>
    ) throws(Failure) -> (nodes: [Node], end: String?) {
        var nodes: [Node] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let text): nodes.append(.text(text))
            case .output(let expression): nodes.append(.output(expression))
            case .tag(let tag):
                let word = String(tag.prefix { !$0.isWhitespace })
                let rest = tag.dropFirst(word.count).trimmingSpaces
                if ends.contains(word) { return (nodes, tag) }
                switch word {
                case "if":
                    var branches: [(condition: String?, body: [Node])] = []
                    var condition: String? = rest
                    while true {
                        let (body, end) = try parseBlock(tokens, &index, until: ["elif", "else", "endif"])
                        branches.append((condition, body))
                        guard let end else {
                            throw Failure(
                                message:
                                    "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."
                            )
                        }
                        if end.hasPrefix("endif") { break }
                        condition = end.hasPrefix("elif") ? String(end.dropFirst(4)).trimmingSpaces : nil
                    }
                    nodes.append(.branch(branches))
                case "for":
                    let parts = rest.components(separatedBy: " in ")
                    guard parts.count == 2 else { throw Failure(message: "expected token 'in'") }
                    let (body, end) = try parseBlock(tokens, &index, until: ["else", "endfor"])
                    guard let end else {
                        throw Failure(
                            message:
                                "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."
                        )
                    }
                    var otherwise: [Node] = []
                    if end.hasPrefix("else") {
                        let (more, last) = try parseBlock(tokens, &index, until: ["endfor"])
                        guard last != nil else {
                            throw Failure(
                                message:
                                    "Unexpected end of template. Jinja was looking for the following tags: 'endfor'. The innermost block that needs to be closed is 'for'."
                            )
                        }
                        otherwise = more
                    }
                    nodes.append(
                        .loop(
                            variable: parts[0].trimmingSpaces, list: parts[1].trimmingSpaces, body: body,
                            otherwise: otherwise))
                default:
                    throw Failure(message: "Encountered unknown tag '\(word)'.")
                }
            }
        }
        if !ends.isEmpty { return (nodes, nil) }
        return (nodes, nil)
    }

    // MARK: - Running

    static func run(
        _ nodes: [Node], _ scope: inout [String: JSONValue], _ out: inout String, autoescape: Bool,
        escaping: Escaping = .markupSafe, staticURL: (String) -> String
    ) throws(Failure) {
        for node in nodes {
            switch node {
            case .text(let text): out += text
            case .output(let expression):
                let (value, safe) = try evaluate(expression, scope, staticURL: staticURL)
                let text = pythonString(value)
                out += autoescape && !safe ? (escaping == .php ? phpEscape(text) : escape(text)) : text
            case .branch(let branches):
                for branch in branches {
                    if let condition = branch.condition,
                        !truthy(try evaluate(condition, scope, staticURL: staticURL).value)
                    {
                        continue
                    }
                    try run(branch.body, &scope, &out, autoescape: autoescape, escaping: escaping, staticURL: staticURL)
                    break
                }
            case .loop(let variable, let list, let body, let otherwise):
                let items: [JSONValue]
                switch try evaluate(list, scope, staticURL: staticURL).value {
                case .array(let values): items = values
                case .object(let pairs): items = pairs.map { .string($0.0) }
                case .string(let text): items = text.map { .string(String($0)) }
                default: items = []
                }
                if items.isEmpty {
                    try run(otherwise, &scope, &out, autoescape: autoescape, escaping: escaping, staticURL: staticURL)
                }
                let saved = scope[variable]
                for item in items {
                    scope[variable] = item
                    try run(body, &scope, &out, autoescape: autoescape, escaping: escaping, staticURL: staticURL)
                }
                scope[variable] = saved
            }
        }
    }

    /// Python's truth of a value (Jinja's `if`).
    public static func truthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case .string(let s)?: return !s.isEmpty
        case .array(let a)?: return !a.isEmpty
        case .object(let o)?: return !o.isEmpty
        }
    }

    /// How Python's `str()` writes a value (an undefined one is empty).
    public static func pythonString(_ value: JSONValue?) -> String {
        switch value {
        case nil: return ""
        case .null?: return "None"
        case .bool(let b)?: return b ? "True" : "False"
        case .int(let i)?: return String(i)
        case .string(let s)?: return s
        case .array(let items)?: return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let pairs)?:
            return "{" + pairs.map { pythonRepr(.string($0.0)) + ": " + pythonRepr($0.1) }.joined(separator: ", ") + "}"
        }
    }

    static func pythonRepr(_ value: JSONValue) -> String {
        if case .string(let s) = value {
            let quote = s.contains("'") && !s.contains("\"") ? "\"" : "'"
            return quote + s.replacingOccurrences(of: "\\", with: "\\\\") + quote
        }
        return pythonString(value)
    }

    /// MarkupSafe's escape.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// PHP's `htmlspecialchars($text, ENT_QUOTES)`.
    public static func phpEscape(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "&#34;", with: "&quot;").replacingOccurrences(of: "&#39;", with: "&#039;")
    }

    // MARK: - Expressions

    /// The value of an expression, and whether it is already safe (not escaped again).
    static func evaluate(
        _ expression: String, _ scope: [String: JSONValue], staticURL: (String) -> String
    ) throws(Failure) -> (value: JSONValue?, safe: Bool) {
        let text = expression.trimmingSpaces
        for (word, join) in [(" or ", false), (" and ", true)] {
            if let range = text.range(of: word) {
                let left = truthy(try evaluate(String(text[..<range.lowerBound]), scope, staticURL: staticURL).value)
                if left != join { return (.bool(left), false) }
                let right = try evaluate(String(text[range.upperBound...]), scope, staticURL: staticURL).value
                return (.bool(truthy(right)), false)
            }
        }
        if text.hasPrefix("not ") {
            return (.bool(!truthy(try evaluate(String(text.dropFirst(4)), scope, staticURL: staticURL).value)), false)
        }
        for op in ["==", "!="] {
            if let range = text.range(of: " \(op) ") {
                let left = try evaluate(String(text[..<range.lowerBound]), scope, staticURL: staticURL).value
                let right = try evaluate(String(text[range.upperBound...]), scope, staticURL: staticURL).value
                let same = (left ?? .null) == (right ?? .null)
                return (.bool(op == "==" ? same : !same), false)
            }
        }
        var parts = text.split(separator: "|").map { String($0).trimmingSpaces }
        let base = parts.removeFirst()
        var value: JSONValue?
        var safe = false
        if base.hasPrefix("url_for(") {
            let inside = base.dropFirst(8).dropLast()
            let file = inside.components(separatedBy: "filename=").last.map { $0.trimmingSpaces } ?? ""
            value = .string(staticURL(String(file.dropFirst().dropLast())))
        } else {
            value = try term(base, scope)
        }
        for filter in parts {
            switch filter {
            case "e", "escape":
                if !safe { value = .string(escape(pythonString(value))) }
                safe = true
            case "safe": safe = true
            case "length", "count":
                switch value {
                case .array(let a)?: value = .int(Int64(a.count))
                case .object(let o)?: value = .int(Int64(o.count))
                default: value = .int(Int64(pythonString(value).count))
                }
            case "upper": value = .string(pythonString(value).uppercased())
            case "lower": value = .string(pythonString(value).lowercased())
            case "title": value = .string(pythonTitle(pythonString(value)))
            default: throw Failure(message: "no filter named '\(filter)'")
            }
        }
        return (value, safe)
    }

    static func term(_ text: String, _ scope: [String: JSONValue]) throws(Failure) -> JSONValue? {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let number = Int64(text) { return .int(number) }
        switch text {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "none", "None": return .null
        default: break
        }
        // name, name.attr, name['key'], name[0]
        var path: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "." {
                path.append(current)
                current = ""
            } else if character == "[" {
                path.append(current)
                current = ""
                guard let close = text[index...].firstIndex(of: "]") else {
                    throw Failure(message: "unexpected end of template, expected ']'.")
                }
                var key = String(text[text.index(after: index)..<close]).trimmingSpaces
                if key.count >= 2, key.first == "'" || key.first == "\"" { key = String(key.dropFirst().dropLast()) }
                path.append(key)
                index = close
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        if !current.isEmpty || path.isEmpty { path.append(current) }
        path = path.filter { !$0.isEmpty }
        guard let name = path.first else { return nil }
        var value = scope[name]
        for key in path.dropFirst() {
            switch value {
            case .object(let pairs)?: value = pairs.last { $0.0 == key }?.1
            case .array(let items)?:
                guard let i = Int(key), i >= -items.count, i < items.count else { return nil }
                value = items[i < 0 ? items.count + i : i]
            default: return nil
            }
        }
        return value
    }

    /// Python's `str.title()`: a letter after a non-letter is upper case, the rest lower case.
    public static func pythonTitle(_ text: String) -> String {
        var out = ""
        var previousIsLetter = false
        for character in text {
            out += previousIsLetter ? character.lowercased() : character.uppercased()
            previousIsLetter = character.isLetter
        }
        return out
    }
}

extension StringProtocol {
    /// The text without whitespace characters at either end (cut by index: no copy of the
    /// characters one by one).
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
