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

    static func write(_ value: GoValue, escapeHTML: Bool, into out: inout String) {
        switch value {
        case .invalid, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): quote(s, escapeHTML: escapeHTML, into: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, escapeHTML: escapeHTML, into: &out)
            }
            out += "]"
        case .dict(let pairs, let isMap):
            out += "{"
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
            for (i, (key, item)) in ordered.enumerated() {
                if i > 0 { out += "," }
                quote(key, escapeHTML: escapeHTML, into: &out)
                out += ":"
                write(item, escapeHTML: escapeHTML, into: &out)
            }
            out += "}"
        case .context(let context):
            out += context.json
        case .header(let map):
            write(
                .dict(map.map { ($0.key, GoValue.string($0.value)) }, isMap: true), escapeHTML: escapeHTML, into: &out)
        }
    }

    static func quote(_ s: String, escapeHTML: Bool, into out: inout String) {
        JSONValue.quote(s, escapeHTML: escapeHTML, into: &out)
    }
}
