// Source: compose-spec/compose-go v2.9.0 template/template.go (the `$`-pattern, the
// substitution functions and their errors) and interpolation/interpolation.go (the paths in
// errors, "invalid interpolation format").

/// Compose's variable substitution in the compose file's string values: `$VAR`, `${VAR}`,
/// `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
/// `${VAR+alt}`, and `$$` for a literal `$`.
///
/// ```swift
/// var interpolator = Interpolator { ["PUERTO": "8080"][$0] }
/// try interpolator.substitute("${PUERTO}:80", path: "services.web.ports.[]")  // "8080:80"
/// interpolator.unsetVariables  // names used but not set: compose warns about each one
/// ```
public struct Interpolator {
    /// Looks a variable up (nil: unset).
    public var lookup: (String) -> String?
    /// The unset variables that defaulted to a blank string, in the order met (repeats kept:
    /// compose warns once per occurrence).
    public private(set) var unsetVariables: [String] = []

    public init(lookup: @escaping (String) -> String?) { self.lookup = lookup }

    /// Substitutes every string value of a YAML tree (not keys). `path` is the tree path of
    /// `value` as compose-go prints it in errors (`services.web.image`).
    public mutating func interpolate(_ value: YAMLValue, path: [String] = []) throws(ComposeError) -> YAMLValue {
        switch value {
        case .string(let text):
            return .string(try substitute(text, path: path.joined(separator: ".")))
        case .sequence(let items):
            var result: [YAMLValue] = []
            for item in items { result.append(try interpolate(item, path: path + ["[]"])) }
            return .sequence(result)
        case .mapping(let pairs):
            var result: [YAMLPair] = []
            for pair in pairs {
                result.append(YAMLPair(pair.key, try interpolate(pair.value, path: path + [pair.key])))
            }
            return .mapping(result)
        default:
            return value
        }
    }

    /// Substitutes one string; `path` names it in errors.
    public mutating func substitute(_ text: String, path: String) throws(ComposeError) -> String {
        do {
            return try substituteTemplate(text)
        } catch {
            switch error {
            case .invalid:
                throw ComposeError(
                    "invalid interpolation format for \(path).\nYou may need to escape any $ with another $.\n\(text)")
            case .missing(let variable, let reason):
                let detail =
                    reason.isEmpty
                    ? "required variable \(variable) is missing a value"
                    : "required variable \(variable) is missing a value: \(reason)"
                throw ComposeError("error while interpolating \(path): \(detail)")
            }
        }
    }

    enum Failure: Error {
        case invalid
        case missing(variable: String, reason: String)
    }

    /// template.Substitute: scans left to right; `$$` is `$`, `$name`, `${…}` are replaced, and a
    /// `$` followed by anything else stays as it is.
    mutating func substituteTemplate(_ text: String) throws(Failure) -> String {
        let chars = Array(text)
        var result = ""
        var index = 0
        var firstError: Failure?
        while index < chars.count {
            let char = chars[index]
            guard char == "$", index + 1 < chars.count else {
                result.append(char)
                index += 1
                continue
            }
            let next = chars[index + 1]
            if next == "$" {
                result.append("$")
                index += 2
            } else if Self.isNameStart(next) {
                var end = index + 1
                while end < chars.count && Self.isNameChar(chars[end]) { end += 1 }
                let name = String(chars[(index + 1)..<end])
                result += value(of: name)
                index = end
            } else if next == "{" {
                // The first closing brace that balances the opening one (nested `${…}` count).
                var depth = 0
                var close: Int?
                var scan = index + 1
                while scan < chars.count {
                    if chars[scan] == "}" {
                        depth -= 1
                        if depth == 0 {
                            close = scan
                            break
                        }
                    }
                    if chars[scan] == "{" {
                        depth += 1
                        scan += 1
                    }
                    scan += 1
                }
                guard let close else {
                    // No closing brace: the pattern does not match at all; compose-go reports it
                    // as an invalid template.
                    if firstError == nil { firstError = .invalid }
                    index += 2
                    continue
                }
                let body = String(chars[(index + 2)..<close])
                do {
                    result += try braced(body)
                } catch {
                    if firstError == nil { firstError = error }
                }
                index = close + 1
            } else {
                result.append(char)
                index += 1
            }
        }
        if let firstError { throw firstError }
        return result
    }

    /// The inside of `${…}`: a name, then optionally one of `:?`, `?`, `:-`, `-`, `:+`, `+`
    /// (whichever comes first) and its argument, itself substituted.
    mutating func braced(_ body: String) throws(Failure) -> String {
        let chars = Array(body)
        guard let first = chars.first, Self.isNameStart(first) else { throw .invalid }
        var end = 1
        while end < chars.count && Self.isNameChar(chars[end]) { end += 1 }
        let name = String(chars[0..<end])
        if end == chars.count { return value(of: name) }
        var opEnd = end
        if chars[opEnd] == ":" { opEnd += 1 }
        guard opEnd < chars.count, "-+?".contains(chars[opEnd]) else { throw .invalid }
        let op = String(chars[end...opEnd])
        let argument = try substituteTemplate(String(chars[(opEnd + 1)...]))
        let current = lookup(name)
        switch op {
        case ":-": return current.flatMap { $0.isEmpty ? nil : $0 } ?? argument
        case "-": return current ?? argument
        case ":+": return current.map { $0.isEmpty ? "" : argument } ?? ""
        case "+": return current == nil ? "" : argument
        case ":?":
            guard let current, !current.isEmpty else { throw .missing(variable: name, reason: argument) }
            return current
        default:  // "?"
            guard let current else { throw .missing(variable: name, reason: argument) }
            return current
        }
    }

    private mutating func value(of name: String) -> String {
        if let value = lookup(name) { return value }
        unsetVariables.append(name)
        return ""
    }

    static func isNameStart(_ char: Character) -> Bool {
        char == "_" || (char.isASCII && char.isLetter)
    }

    static func isNameChar(_ char: Character) -> Bool {
        char == "_" || (char.isASCII && (char.isLetter || char.isNumber))
    }
}
