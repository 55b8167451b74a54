import DockerSimCore
import Foundation

extension TemplateRunner {
    /// `fmt.Sprint` of one value, as an action prints it.
    static func printed(_ value: GoValue) -> String {
        switch value {
        case .invalid: return "<no value>"
        case .null(.slice): return "[]"
        case .null(.map): return "map[]"
        case .null(.pointer): return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .list(let items): return "[" + items.map { nested($0) }.joined(separator: " ") + "]"
        case .dict(let pairs, let isMap):
            if isMap {
                return "map[" + pairs.sorted { $0.0 < $1.0 }.map { $0.0 + ":" + nested($0.1) }.joined(separator: " ")
                    + "]"
            }
            return "{" + pairs.map { nested($0.1) }.joined(separator: " ") + "}"
        case .context(let context):
            return "&{" + context.fields.keys.sorted().compactMap { context.fields[$0] }.joined(separator: " ") + "}"
        case .header(let map):
            return "map[" + map.keys.sorted().map { $0 + ":" + (map[$0] ?? "") }.joined(separator: " ") + "]"
        }
    }

    /// A value inside a slice or map (`%v`: a nil pointer is `<nil>`).
    static func nested(_ value: GoValue) -> String {
        if case .invalid = value { return "<nil>" }
        return printed(value)
    }

    static func sprint(_ args: [GoValue]) -> String {
        var out = ""
        for (i, arg) in args.enumerated() {
            if i > 0 {
                let isString: (GoValue) -> Bool = { if case .string = $0 { return true } else { return false } }
                if !isString(arg) && !isString(args[i - 1]) { out += " " }
            }
            out += printed(arg)
        }
        return out
    }

    static func sprintf(_ format: String, _ args: [GoValue]) -> String {
        var out = ""
        var argIndex = 0
        var chars = Array(format)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "%" else {
                out.append(c)
                continue
            }
            var flags = ""
            while let f = chars.first, "-+# 0".contains(f) {
                flags.append(f)
                chars = chars.dropFirst()
            }
            var width = ""
            while let d = chars.first, d.isNumber {
                width.append(d)
                chars = chars.dropFirst()
            }
            guard let verb = chars.first else {
                out += "%!(NOVERB)"
                break
            }
            chars = chars.dropFirst()
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let arg = args[argIndex]
            argIndex += 1
            var text: String
            switch verb {
            case "q":
                if case .string(let s) = arg { text = goQuote(s) } else { text = "%!q(\(printed(arg)))" }
            case "d":
                if case .int(let i) = arg { text = String(i) } else { text = "%!d(\(typeName(arg))=\(printed(arg)))" }
            case "x":
                switch arg {
                case .int(let i): text = String(i, radix: 16)
                case .string(let s): text = s.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
                default: text = printed(arg)
                }
            default:
                text = printed(arg)
            }
            // A width past the output cap is cut to just past it (the runner then stops the template).
            if let w = Int(width).map({ min($0, Limits.standard.outputBytes + 1) }), text.count < w {
                let padding = String(
                    repeating: flags.contains("0") && !flags.contains("-") ? "0" : " ", count: w - text.count)
                text = flags.contains("-") ? text + padding : padding + text
            }
            out += text
        }
        if argIndex < args.count {
            out +=
                "%!(EXTRA " + args[argIndex...].map { typeName($0) + "=" + printed($0) }.joined(separator: ", ") + ")"
        }
        return out
    }

    /// Go's truth: false, 0, nil and empty strings, slices and maps are false.
    static func truth(_ value: GoValue) -> Bool {
        switch value {
        case .invalid, .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s): return !s.isEmpty
        case .list(let items): return !items.isEmpty
        case .dict(let pairs, let isMap): return !isMap || !pairs.isEmpty
        case .context, .header: return true
        }
    }

    /// Whether two values print the same (to find which argument a type error is about).
    static func same(_ a: GoValue, _ b: GoValue) -> Bool { printed(a) == printed(b) && typeName(a) == typeName(b) }

    static func typeName(_ value: GoValue) -> String {
        switch value {
        case .invalid: return "<nil>"
        case .null(.slice): return "[]string"
        case .null(.map): return "map[string]string"
        case .null(.pointer): return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .dict: return "map[string]interface {}"
        case .context(let context): return context.typeName
        case .header: return "formatter.SubHeaderContext"
        }
    }
}
