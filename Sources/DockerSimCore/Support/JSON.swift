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
    /// writing it never runs out of stack. It writes UTF-8 bytes, made a string once at the end.
    private func write(_ text: inout String, indent: String?, level: Int) {
        enum Work {
            case value(JSONValue, level: Int)
            case text(StaticString)
            case newline(level: Int)
            case key(String)
        }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var stack: [Work] = [.value(self, level: level)]
        while let work = stack.popLast() {
            switch work {
            case .text(let literal): Self.append(literal, to: &out)
            case .newline(let level): newline(&out, indent, level)
            case .key(let key):
                Self.quote(key, into: &out)
                Self.append(indent == nil ? ":" : ": ", to: &out)
            case .value(let value, let level):
                switch value {
                case .null: Self.append("null", to: &out)
                case .bool(let b): Self.append(b ? "true" : "false", to: &out)
                case .int(let i): out.append(contentsOf: String(i).utf8)
                case .string(let s): Self.quote(s, into: &out)
                case .array(let items):
                    if items.isEmpty {
                        Self.append("[]", to: &out)
                        continue
                    }
                    out.append(UInt8(ascii: "["))
                    stack.append(.text("]"))
                    stack.append(.newline(level: level))
                    for (i, item) in items.enumerated().reversed() {
                        stack.append(.value(item, level: level + 1))
                        stack.append(.newline(level: level + 1))
                        if i > 0 { stack.append(.text(",")) }
                    }
                case .object(let pairs):
                    if pairs.isEmpty {
                        Self.append("{}", to: &out)
                        continue
                    }
                    out.append(UInt8(ascii: "{"))
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
        text += String(decoding: out, as: UTF8.self)
    }

    private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private func newline(_ out: inout [UInt8], _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<level { out.append(contentsOf: indent.utf8) }
    }

    /// Go's string escaping (`encoding/json`; with HTML escaping, as docker's encoder uses, unless
    /// `escapeHTML` is false, as for docker/cli's `json` template function).
    public static func quote(_ s: String, escapeHTML: Bool = true, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, escapeHTML: escapeHTML, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// ``quote(_:escapeHTML:into:)`` appending UTF-8 bytes: runs that need no escape are copied
    /// whole, the rest byte by byte (U+2028 and U+2029 are the UTF-8 sequences E2 80 A8 / A9).
    static func quote(_ s: String, escapeHTML: Bool = true, into out: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789abcdef"
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var index = 0
            var runStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                var escape: StaticString?
                var length = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C where escapeHTML: escape = "\\u003c"
                case 0x3E where escapeHTML: escape = "\\u003e"
                case 0x26 where escapeHTML: escape = "\\u0026"
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA8:
                    escape = "\\u2028"
                    length = 3
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA9:
                    escape = "\\u2029"
                    length = 3
                default: break
                }
                if escape == nil && byte >= 0x20 {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                if let escape {
                    append(escape, to: &out)
                } else {  // another control character: \u00XX
                    append("\\u00", to: &out)
                    out.append(hexDigits.utf8Start[Int(byte >> 4)])
                    out.append(hexDigits.utf8Start[Int(byte & 0xF)])
                }
                index += length
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
