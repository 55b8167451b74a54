/// JSON as Python's `json` module reads and writes it (what Flask and Flask-RESTful answer):
/// `json.dumps` with its separators (`", "` on one line, `","` when indented), `ensure_ascii`
/// (`\u00ed`), and a reader for the files and answers the applications load.
public enum PythonJSON {
    /// `json.dumps(value, indent=indent)` (ensure_ascii on).
    public static func dumps(_ value: JSONValue, indent: Int? = nil) -> String {
        var out = ""
        write(value, indent: indent, level: 0, into: &out)
        return out
    }

    static func write(_ value: JSONValue, indent: Int?, level: Int, into out: inout String) {
        func newline(_ depth: Int) {
            if let indent { out += "\n" + String(repeating: " ", count: indent * depth) }
        }
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): quote(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                write(item, indent: indent, level: level + 1, into: &out)
            }
            newline(level)
            out += "]"
        case .object(let pairs):
            guard !pairs.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                quote(pair.0, into: &out)
                out += ": "
                write(pair.1, indent: indent, level: level + 1, into: &out)
            }
            newline(level)
            out += "}"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += hex4(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Reads a JSON text; nil when it is not JSON (Python's `json.loads` would raise). A number
    /// with a fraction is kept as its text.
    public static func parse(_ text: String) -> JSONValue? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let value = reader.value() else { return nil }
        reader.skipSpace()
        return reader.index == reader.bytes.count ? value : nil
    }

    struct Reader {
        var bytes: [UInt8]
        var index = 0
        var depth = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
                return nil
            }
            index += utf8.count
            return value
        }

        mutating func value() -> JSONValue? {
            skipSpace()
            guard index < bytes.count, depth < 200 else { return nil }
            switch bytes[index] {
            case 0x6E: return literal("null", .null)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x22: return string().map(JSONValue.string)
            case 0x5B:
                index += 1
                depth += 1
                defer { depth -= 1 }
                var items: [JSONValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x5D {
                    index += 1
                    return .array(items)
                }
                while true {
                    guard let item = value() else { return nil }
                    items.append(item)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == 0x2C {
                        index += 1
                        continue
                    }
                    guard bytes[index] == 0x5D else { return nil }
                    index += 1
                    return .array(items)
                }
            case 0x7B:
                index += 1
                depth += 1
                defer { depth -= 1 }
                var pairs: [(String, JSONValue)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x7D {
                    index += 1
                    return .object(pairs)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x22, let key = string() else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x3A else { return nil }
                    index += 1
                    guard let item = value() else { return nil }
                    if let existing = pairs.firstIndex(where: { $0.0 == key }) {
                        pairs[existing].1 = item
                    } else {
                        pairs.append((key, item))
                    }
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == 0x2C {
                        index += 1
                        continue
                    }
                    guard bytes[index] == 0x7D else { return nil }
                    index += 1
                    return .object(pairs)
                }
            default:
                let start = index
                while index < bytes.count,
                    (0x30...0x39).contains(bytes[index]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(bytes[index])
                {
                    index += 1
                }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                guard !text.isEmpty else { return nil }
                if let number = Int64(text) { return .int(number) }
                return Double(text) != nil ? .string(text) : nil
            }
        }

        mutating func string() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw = []
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x22 {
                    flush()
                    return String(scalars)
                }
                guard byte == 0x5C else {
                    raw.append(byte)
                    continue
                }
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case 0x6E: raw.append(0x0A)
                case 0x74: raw.append(0x09)
                case 0x72: raw.append(0x0D)
                case 0x62: raw.append(0x08)
                case 0x66: raw.append(0x0C)
                case 0x75:
                    guard index + 4 <= bytes.count,
                        var code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { return nil }
                    index += 4
                    if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == 0x5C,
                        bytes[index + 1] == 0x75,
                        let low = UInt32(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    flush()
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: raw.append(escaped)
                }
            }
            return nil
        }
    }
}
