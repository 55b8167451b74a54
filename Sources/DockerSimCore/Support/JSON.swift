/// A JSON value with ordered object keys, written the way Go's encoder writes it: docker's
/// `inspect` output (4-space indent) and the canonical config bytes an image ID is hashed from.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.compact == rhs.compact }
    public func hash(into hasher: inout Hasher) { hasher.combine(compact) }

    /// An object with sorted keys (Go marshals maps that way).
    public static func sortedObject(_ map: [String: JSONValue]) -> JSONValue {
        .object(map.keys.sorted().map { ($0, map[$0] ?? .null) })
    }

    /// `[String]?` as an array, or null.
    public static func strings(_ values: [String]?) -> JSONValue {
        values.map { .array($0.map(JSONValue.string)) } ?? .null
    }

    /// The value on one line, as `json.Marshal` writes it.
    public var compact: String {
        var out = ""
        write(&out, indent: nil, level: 0)
        return out
    }

    /// The value indented with `indent` per level, as `json.MarshalIndent` / `json.Indent` write it.
    public func indented(_ indent: String = "    ") -> String {
        var out = ""
        write(&out, indent: indent, level: 0)
        return out
    }

    /// Writes the value without recursion (an explicit stack): however deeply a value nests,
    /// writing it never runs out of stack.
    private func write(_ out: inout String, indent: String?, level: Int) {
        enum Work {
            case value(JSONValue, level: Int)
            case text(String)
            case newline(level: Int)
            case key(String)
        }
        var stack: [Work] = [.value(self, level: level)]
        while let work = stack.popLast() {
            switch work {
            case .text(let text): out += text
            case .newline(let level): newline(&out, indent, level)
            case .key(let key):
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
            case .value(let value, let level):
                switch value {
                case .null: out += "null"
                case .bool(let b): out += b ? "true" : "false"
                case .int(let i): out += String(i)
                case .string(let s): Self.quote(s, into: &out)
                case .array(let items):
                    if items.isEmpty {
                        out += "[]"
                        continue
                    }
                    out += "["
                    stack.append(.text("]"))
                    stack.append(.newline(level: level))
                    for (i, item) in items.enumerated().reversed() {
                        stack.append(.value(item, level: level + 1))
                        stack.append(.newline(level: level + 1))
                        if i > 0 { stack.append(.text(",")) }
                    }
                case .object(let pairs):
                    if pairs.isEmpty {
                        out += "{}"
                        continue
                    }
                    out += "{"
                    stack.append(.text("}"))
                    stack.append(.newline(level: level))
                    for (i, (key, item)) in pairs.enumerated().reversed() {
                        stack.append(.value(item, level: level + 1))
                        stack.append(.key(key))
                        stack.append(.newline(level: level + 1))
                        if i > 0 { stack.append(.text(",")) }
                    }
                }
            }
        }
    }

    private func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// Go's string escaping (`encoding/json`; with HTML escaping, as docker's encoder uses, unless
    /// `escapeHTML` is false, as for docker/cli's `json` template function).
    public static func quote(_ s: String, escapeHTML: Bool = true, into out: inout String) {
        out += "\""
        // Most strings need no escape: printable ASCII without `"`, `\` (or `<`, `>`, `&`) is
        // appended whole instead of scalar by scalar.
        let plain = s.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C
                && !(escapeHTML && (byte == 0x3C || byte == 0x3E || byte == 0x26))
        }
        if plain {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapeHTML: out += "\\u003c"
            case ">" where escapeHTML: out += "\\u003e"
            case "&" where escapeHTML: out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
