import DockerSimCore
import Foundation

/// Go's `encoding/json` for template values: compact, map keys sorted, HTML escaping optional
/// (docker's `json` function turns it off; `json.Marshal` in the formatters keeps it).
enum GoJSON {
    static func encode(_ value: GoValue, escapeHTML: Bool) -> String {
        var out = ""
        write(value, escapeHTML: escapeHTML, into: &out)
        return out
    }

    /// Writes `value` without recursion (an explicit stack): however deeply it nests, writing it
    /// never runs out of stack.
    static func write(_ value: GoValue, escapeHTML: Bool, into out: inout String) {
        enum Work {
            case value(GoValue)
            case text(String)
            case key(String)
        }
        var stack: [Work] = [.value(value)]
        while let work = stack.popLast() {
            switch work {
            case .text(let text): out += text
            case .key(let key):
                quote(key, escapeHTML: escapeHTML, into: &out)
                out += ":"
            case .value(let value):
                switch value {
                case .invalid, .null: out += "null"
                case .bool(let b): out += b ? "true" : "false"
                case .int(let i): out += String(i)
                case .string(let s): quote(s, escapeHTML: escapeHTML, into: &out)
                case .list(let items):
                    out += "["
                    stack.append(.text("]"))
                    for (i, item) in items.enumerated().reversed() {
                        stack.append(.value(item))
                        if i > 0 { stack.append(.text(",")) }
                    }
                case .dict(let pairs, let isMap):
                    out += "{"
                    stack.append(.text("}"))
                    var ordered = isMap ? pairs.sorted { $0.0 < $1.0 } : pairs
                    if !isMap {
                        // A struct's empty `omitempty` fields stay out (`GoValue.omitEmptyNames`).
                        ordered.removeAll { pair in
                            switch pair.1 {
                            case .null, .string(""): return GoValue.omitEmptyNames.contains(pair.0)
                            default: return false
                            }
                        }
                    }
                    for (i, (key, item)) in ordered.enumerated().reversed() {
                        stack.append(.value(item))
                        stack.append(.key(key))
                        if i > 0 { stack.append(.text(",")) }
                    }
                case .context(let context):
                    out += context.json
                case .header(let map):
                    stack.append(.value(.dict(map.map { ($0.key, GoValue.string($0.value)) }, isMap: true)))
                }
            }
        }
    }

    static func quote(_ s: String, escapeHTML: Bool, into out: inout String) {
        JSONValue.quote(s, escapeHTML: escapeHTML, into: &out)
    }
}
