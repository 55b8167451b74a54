// Sources: go.yaml.in/yaml/v3 v3.0.4 (the YAML library compose-go v2.9.0 decodes with):
// decode.go `parser.fail` (how a libyaml error becomes "yaml: line N: problem"), resolve.go (which
// plain scalars are null, booleans, integers and floats when decoding into `interface{}`), and
// decode.go's "mapping key %#v already defined at line %d".

import Synchronization
import Yams

/// A YAML value as compose-go sees it after go-yaml has decoded it into Go's `interface{}`:
/// scalars already resolved to null, booleans, numbers or strings, mappings with string keys in
/// file order.
public indirect enum YAMLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A float, with the text it was written as.
    case float(Double, text: String)
    case string(String)
    case sequence([YAMLValue])
    case mapping([YAMLPair])

    /// The value of `key` in a mapping.
    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.last { $0.key == key }?.value
    }

    /// The string of a string scalar.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The pairs of a mapping (nil for anything else).
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = self { return pairs }
        return nil
    }

    /// The items of a sequence (nil for anything else).
    public var items: [YAMLValue]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// A scalar as Go's `fmt.Sprint` prints it (what compose-go does with a number where it wants
    /// a string, such as an environment value); nil for collections.
    public var scalarText: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .float(_, let text): return text
        case .string(let text): return text
        case .sequence, .mapping: return nil
        }
    }

    /// The JSON schema's name for this value's type (`string`, `number`, `object`…).
    public var schemaType: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "number"
        case .string: "string"
        case .sequence: "array"
        case .mapping: "object"
        }
    }
}

/// One entry of a mapping.
public struct YAMLPair: Sendable, Equatable {
    public var key: String
    public var value: YAMLValue

    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}

/// Reads YAML text the way go-yaml v3 does for compose-go, with go-yaml's error texts.
public enum YAMLReader {
    /// Parses one document. An empty document is nil (go-yaml's `io.EOF`).
    /// - Throws: the text go-yaml would give, without compose's `failed to parse FILE: ` prefix
    ///   (`yaml: line 3: mapping values are not allowed in this context`).
    public static func parse(_ text: String) throws(YAMLFailure) -> YAMLValue? {
        // Every `docker compose` command reads its files again, and each transcript or lesson
        // of a process reads the same few: a text parsed once is answered from the cache.
        let cacheable = text.utf8.count <= Self.cachedTextLimit
        if cacheable, let known = parsed.withLock({ $0[text] }) { return try known.get() }
        let result = Result { () throws(YAMLFailure) -> YAMLValue? in try parseText(text) }
        if cacheable {
            parsed.withLock { cache in
                if cache.count >= Self.cachedTexts { cache.removeAll() }
                cache[text] = result
            }
        }
        return try result.get()
    }

    /// The results of ``parse(_:)`` by text (a pure function of it), for this process.
    private static let parsed = Mutex<[String: Result<YAMLValue?, YAMLFailure>]>([:])
    /// How many texts the cache keeps (emptied when full) and the longest text it keeps.
    private static let cachedTexts = 64
    private static let cachedTextLimit = 65_536

    /// ``parse(_:)`` without the cache.
    static func parseText(_ text: String) throws(YAMLFailure) -> YAMLValue? {
        let node: Node?
        do {
            // UTF-8 named here: Yams' default encoding reads the whole environment at every
            // parse (a variable of its own may choose another, and it then prints so).
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw failure(error, text: text)
        } catch {
            throw YAMLFailure(message: "yaml: \(error)")
        }
        guard let node else { return nil }
        return try convert(node)
    }

    /// go-yaml's `parser.fail`: the line is the context mark's when there is one, else the
    /// problem mark's — both 0-based, plus one for scanner errors only (so a parser error names
    /// the line before the one at fault, as compose users see it).
    static func failure(_ error: YamlError, text: String) -> YAMLFailure {
        func message(context: YamlError.Context?, problem: String, mark: Mark, scanner: Bool) -> YAMLFailure {
            var line = 0
            if let context, context.mark.line - 1 != 0 {
                line = context.mark.line - 1
            } else if mark.line - 1 != 0 {
                line = mark.line - 1
            }
            if line != 0 && scanner { line += 1 }
            let problem = problem.isEmpty ? "unknown problem parsing YAML content" : problem
            return YAMLFailure(message: line != 0 ? "yaml: line \(line): \(problem)" : "yaml: \(problem)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _):
            return message(context: context, problem: problem, mark: mark, scanner: true)
        case .parser(let context, let problem, let mark, _):
            return message(context: context, problem: problem, mark: mark, scanner: false)
        case .composer(_, let problem, _, _):
            return YAMLFailure(message: "yaml: \(problem)")
        case .reader(let problem, _, _, _):
            return YAMLFailure(message: "yaml: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeys(duplicates, firstMark: context.mark, text: text)
        default:
            return YAMLFailure(message: "yaml: \(error)")
        }
    }

    /// go-yaml's "mapping key already defined": libyaml (under Yams) only says which key came
    /// twice and where it first was; the second one is the next line at the same indentation
    /// that starts with that key.
    static func duplicateKeys(_ keys: [String], firstMark: Mark, text: String) -> YAMLFailure {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let key = keys.first ?? ""
        var again = firstMark.line
        let indent = firstMark.column - 1
        var index = firstMark.line  // 0-based index of the line after the first occurrence
        while index < lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(leading)
            if leading == indent,
                rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':")
            {
                again = index + 1
                break
            }
            index += 1
        }
        return YAMLFailure(
            message:
                "yaml: unmarshal errors:\n  line \(again): mapping key \"\(key)\" already defined at line \(firstMark.line)"
        )
    }

    static func convert(_ node: Node) throws(YAMLFailure) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            return resolve(scalar)
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .sequence(items)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            for (key, value) in mapping {
                // Merge keys (`<<: *anchor`) bring the anchored mapping's entries in.
                if case .scalar(let keyScalar) = key, keyScalar.string == "<<", keyScalar.style == .plain {
                    for merged in try mergeSources(value) where !pairs.contains(where: { $0.key == merged.key }) {
                        pairs.append(merged)
                    }
                    continue
                }
                let converted = try convert(key)
                let name: String
                switch converted {
                case .sequence, .mapping:
                    throw YAMLFailure(message: "yaml: invalid map key: \(converted)")
                case .null: name = "null"
                default: name = converted.scalarText ?? ""
                }
                if let existing = pairs.firstIndex(where: { $0.key == name }) {
                    pairs[existing].value = try convert(value)
                } else {
                    pairs.append(YAMLPair(name, try convert(value)))
                }
            }
            return .mapping(pairs)
        case .alias(let alias):
            throw YAMLFailure(message: "yaml: unknown anchor '\(alias.anchor.rawValue)' referenced")
        }
    }

    private static func mergeSources(_ node: Node) throws(YAMLFailure) -> [YAMLPair] {
        switch try convert(node) {
        case .mapping(let pairs): return pairs
        case .sequence(let items):
            var all: [YAMLPair] = []
            for case .mapping(let pairs) in items {
                for pair in pairs where !all.contains(where: { $0.key == pair.key }) { all.append(pair) }
            }
            return all
        default:
            throw YAMLFailure(message: "yaml: map merge requires map or sequence of maps as the value")
        }
    }

    /// go-yaml v3's `resolve` for an untyped target: only plain scalars are resolved; quoted,
    /// literal and folded ones are strings. An explicit tag (`!!str`) wins.
    static func resolve(_ scalar: Node.Scalar) -> YAMLValue {
        let text = scalar.string
        switch scalar.tag.rawValue {
        case "tag:yaml.org,2002:str": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        default: break
        }
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity, text: "+Inf")
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity, text: "-Inf")
        case ".nan", ".NaN", ".NAN": return .float(.nan, text: "NaN")
        default: break
        }
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else {
            return .string(text)
        }
        let plain = text.replacingAll("_", with: "")
        if let value = goParseInt(plain) { return .int(value) }
        if isYAMLFloat(plain), let value = Double(plain) { return .float(value, text: goFloatText(value)) }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then decimal, `0x`, `0o`, `0b` or a
    /// leading `0` for octal.
    static func goParseInt(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            body = body.dropFirst(2)
        } else if body.count > 1 && body.first == "0" {
            radix = 8
            body = body.dropFirst()
        }
        guard !body.isEmpty, let magnitude = Int(body, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ text: String) -> Bool {
        var chars = Array(text)[...]
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let digits = chars.prefix { $0.isASCII && $0.isNumber }
        chars = chars.dropFirst(digits.count)
        if digits.isEmpty {
            guard chars.first == "." else { return false }
            chars = chars.dropFirst()
            let fraction = chars.prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            chars = chars.dropFirst(fraction.count)
        } else if chars.first == "." {
            chars = chars.dropFirst()
            chars = chars.dropFirst(chars.prefix { $0.isASCII && $0.isNumber }.count)
        }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let exponent = chars.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }

    /// A float as Go's `%v` prints a float64 (`2.5`, `1e+21`).
    static func goFloatText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return String(Int64(value)) }
        return String(value)
    }
}

/// A YAML document go-yaml could not read: its text as go-yaml words it.
public struct YAMLFailure: Error, Sendable, Equatable {
    public var message: String
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
