// Source: compose-spec/compose-go v2.9.0 dotenv/parser.go (the grammar and its error texts) and
// dotenv/env.go ("failed to read FILE: …", "couldn't find env file: …").

import DockerSimCore

/// Reads `.env` files (and `env_file:` files) the way compose-go does: `KEY=VALUE` or `KEY: VALUE`,
/// an optional `export `, `#` comments (inline only after a space on unquoted values), single
/// quotes taken literally, double quotes with escapes, and `${VAR}` substituted in unquoted and
/// double-quoted values from the variables read so far, then `lookup`.
public enum DotEnv {
    /// The variables of `text`, in file order (a later line replaces an earlier one's value).
    /// - Throws: compose-go's text without the file name (`line 3: unterminated quoted value "a`).
    public static func parse(
        _ text: String, lookup: (String) -> String? = { _ in nil }
    ) throws(ComposeError) -> [(
        String, String
    )] {
        var result: [(String, String)] = []
        var values: [String: String] = [:]
        func set(_ key: String, _ value: String) {
            if let index = result.firstIndex(where: { $0.0 == key }) {
                result[index].1 = value
            } else {
                result.append((key, value))
            }
            values[key] = value
        }
        let chars = Array(text.replacingAll("\r", with: ""))
        var index = 0
        var line = 1
        func skipBlank() {
            while index < chars.count {
                if chars[index] == "\n" {
                    line += 1
                    index += 1
                } else if chars[index].isWhitespace {
                    index += 1
                } else if chars[index] == "#" {
                    while index < chars.count && chars[index] != "\n" { index += 1 }
                } else {
                    return
                }
            }
        }
        while true {
            skipBlank()
            guard index < chars.count else { break }
            // `export KEY=…`
            if String(chars[index..<min(chars.count, index + 7)]).hasPrefix("export"),
                index + 6 < chars.count, chars[index + 6] == " " || chars[index + 6] == "\t"
            {
                index += 6
                while index < chars.count && (chars[index] == " " || chars[index] == "\t") { index += 1 }
            }
            let start = index
            var key = ""
            var inherited = false
            var found = false
            while index < chars.count {
                let char = chars[index]
                if char == " " || char == "\t" {
                    index += 1
                    continue
                }
                if char == "=" || char == ":" || char == "\n" {
                    key = String(chars[start..<index])
                    inherited = char == "\n"
                    index += 1
                    found = true
                    break
                }
                if char == "_" || char == "." || char == "-" || char == "[" || char == "]" || char.isLetter
                    || char.isNumber
                {
                    index += 1
                    continue
                }
                let firstLine = String(chars[start...].prefix { $0 != "\n" })
                throw ComposeError(
                    "line \(line): unexpected character \(goQuote(String(char))) in variable name \(goQuote(firstLine))"
                )
            }
            if !found {
                key = String(chars[start..<index])
                inherited = true
            }
            if inherited && !key.contains(" ") { line += 1 }
            key = String(key.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            if key.contains(" ") { throw ComposeError("line \(line): key cannot contain a space") }
            if inherited {
                if let value = lookup(key) { set(key, value) }
                continue
            }
            while index < chars.count && (chars[index] == " " || chars[index] == "\t") { index += 1 }
            let quote = index < chars.count && (chars[index] == "\"" || chars[index] == "'") ? chars[index] : nil
            guard let quote else {
                var end = index
                while end < chars.count && chars[end] != "\n" { end += 1 }
                var value = String(chars[index..<end])
                index = min(end + 1, chars.count)
                line += 1
                if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
                value = String(value.reversed().drop(while: \.isWhitespace).reversed())
                set(key, try expand(value, values, lookup))
                continue
            }
            var body: [Character] = []
            var escaped = false
            var closed = false
            var scan = index + 1
            while scan < chars.count {
                let char = chars[scan]
                if char == "\n" { line += 1 }
                if char != quote {
                    if !escaped && char == "\\" {
                        escaped = true
                    } else {
                        if escaped {
                            escaped = false
                            body.append("\\")
                        }
                        body.append(char)
                    }
                    scan += 1
                    continue
                }
                if escaped {
                    escaped = false
                    body.append(char)
                    scan += 1
                    continue
                }
                closed = true
                break
            }
            guard closed else {
                let shown = String(chars[index...].prefix { $0 != "\n" })
                throw ComposeError("line \(line): unterminated quoted value \(shown)")
            }
            var value = String(body)
            if quote == "\"" { value = try expand(unescape(value), values, lookup) }
            set(key, value)
            index = scan + 1
        }
        return result
    }

    private static func expand(
        _ value: String, _ values: [String: String], _ lookup: (String) -> String?
    ) throws(ComposeError) -> String {
        try withoutActuallyEscaping(lookup) { (lookup) throws(ComposeError) -> String in
            var interpolator = Interpolator { values[$0] ?? lookup($0) }
            return try interpolator.substitute(value, path: "")
        }
    }

    /// The escapes a double-quoted value knows: `\n`, `\t`, `\\`, `\"`, `\$` (kept as `$$`)…
    static func unescape(_ text: String) -> String {
        var result = ""
        var chars = text.makeIterator()
        while let char = chars.next() {
            guard char == "\\" else {
                result.append(char)
                continue
            }
            guard let next = chars.next() else {
                result.append("\\")
                break
            }
            switch next {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "a": result.append("\u{07}")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "v": result.append("\u{0B}")
            case "\\": result.append("\\")
            case "\"": result.append("\"")
            case "$": result += "$$"
            default:
                result.append("\\")
                result.append(next)
            }
        }
        return result
    }
}
