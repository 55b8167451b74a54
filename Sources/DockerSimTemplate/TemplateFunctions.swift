import DockerSimCore
import Foundation

extension TemplateRunner {
    mutating func call(
        _ name: String, _ args: [GoValue], nodes: [TemplateOperand?], ident: TemplateOperand,
        command: TemplateCommand
    ) throws(TemplateError) -> GoValue {
        lastNode = (command.pos, command.text)
        func error(_ message: String) -> TemplateError { fail(message, at: command.pos, context: command.text) }
        /// A type error is reported at the argument (Go's `evalArg`).
        func typeError(_ value: GoValue, _ expected: String) -> TemplateError {
            let message = "wrong type for value; expected \(expected); got \(Self.typeName(value))"
            for (index, arg) in args.enumerated() where index < nodes.count {
                if case .some(let node) = nodes[index], Self.same(arg, value) {
                    return fail(message, at: node.pos, context: node.text)
                }
            }
            return error(message)
        }
        func want(_ n: Int) throws(TemplateError) {
            guard args.count == n else {
                throw fail(
                    "wrong number of args for \(name): want \(n) got \(args.count)", at: ident.pos, context: ident.text)
            }
        }
        func string(_ value: GoValue) throws(TemplateError) -> String {
            guard case .string(let s) = value else { throw typeError(value, "string") }
            return s
        }
        func int(_ value: GoValue) throws(TemplateError) -> Int {
            guard case .int(let n) = value else { throw typeError(value, "int") }
            return Int(n)
        }
        if options.headerFunctions, ["json", "split", "join", "title", "lower", "upper", "truncate"].contains(name) {
            try want(["split", "join", "truncate"].contains(name) ? 2 : 1)
            return .string(try string(args[0]))
        }
        switch name {
        case "json":
            try want(1)
            if case .context(let context) = args[0] { return .string(context.json) }
            return .string(GoJSON.encode(args[0], escapeHTML: false))
        case "split":
            try want(2)
            let s = try string(args[0])
            let sep = try string(args[1])
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: sep).map(GoValue.string))
        case "join":
            try want(2)
            guard case .list(let items) = args[0] else {
                if case .null(.slice) = args[0] { return .string("") }
                throw typeError(args[0], "[]string")
            }
            var parts: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw error("wrong type for value; expected []string; got []interface {}")
                }
                parts.append(s)
            }
            return .string(parts.joined(separator: try string(args[1])))
        case "title":
            try want(1)
            var result = ""
            var previous: Character = " "
            for c in try string(args[0]) {
                let startsWord = !(previous.isLetter || previous.isNumber || previous == "_")
                result += startsWord ? c.uppercased() : String(c)
                previous = c
            }
            return .string(result)
        case "lower":
            try want(1)
            return .string(try string(args[0]).lowercased())
        case "upper":
            try want(1)
            return .string(try string(args[0]).uppercased())
        case "pad":
            try want(3)
            let s = try string(args[0])
            if s.isEmpty { return .string(s) }
            let (left, right) = (max(0, try int(args[1])), max(0, try int(args[2])))
            // Padding past the output cap is never built (`{{pad .ID 1000000000000 0}}`).
            guard left <= Limits.standard.outputBytes, right <= Limits.standard.outputBytes - left else {
                throw TemplateError(message: Limits.standard.templateTooLargeInBoth)
            }
            return .string(String(repeating: " ", count: left) + s + String(repeating: " ", count: right))
        case "truncate":
            try want(2)
            let s = try string(args[0])
            let n = try int(args[1])
            let bytes = Array(s.utf8)
            if bytes.count < n { return .string(s) }
            return .string(String(decoding: bytes[..<max(0, n)], as: UTF8.self))
        case "not":
            try want(1)
            return .bool(!Self.truth(args[0]))
        case "len":
            try want(1)
            switch args[0] {
            case .string(let s): return .int(Int64(s.utf8.count))
            case .list(let items): return .int(Int64(items.count))
            case .dict(let pairs, true): return .int(Int64(pairs.count))
            case .null(.slice), .null(.map): return .int(0)
            default: throw error("error calling len: len of type \(Self.typeName(args[0]))")
            }
        case "index":
            guard !args.isEmpty else { throw error("wrong number of args for index: want at least 1 got 0") }
            var item = args[0]
            for key in args.dropFirst() {
                switch (item, key) {
                case (.list(let items), .int(let i)):
                    guard i >= 0, Int(i) < items.count else {
                        throw error("error calling index: index out of range: \(i)")
                    }
                    item = items[Int(i)]
                case (.dict(let pairs, _), .string(let k)):
                    if let found = pairs.first(where: { $0.0 == k }) {
                        item = found.1
                    } else if options.missingKeyError {
                        item = .invalid  // raw JSON map: the zero interface value
                    } else {
                        // A typed map gives its element's zero value: "" for map[string]string.
                        let strings = pairs.allSatisfy { if case .string = $0.1 { return true } else { return false } }
                        item = strings ? .string("") : .null(.pointer)
                    }
                case (.null(.map), _), (.invalid, _):
                    item = .invalid
                case (.string(let s), .int(let i)):
                    let bytes = Array(s.utf8)
                    guard i >= 0, Int(i) < bytes.count else {
                        throw error("error calling index: index out of range: \(i)")
                    }
                    item = .int(Int64(bytes[Int(i)]))
                default:
                    throw error("error calling index: cannot index slice/array with type \(Self.typeName(key))")
                }
            }
            return item
        case "slice":
            guard let first = args.first else { throw error("wrong number of args for slice: want at least 1 got 0") }
            var bounds: [Int] = []
            for arg in args.dropFirst() { bounds.append(try int(arg)) }
            switch first {
            case .string(let s):
                let bytes = Array(s.utf8)
                let lo = bounds.first ?? 0
                let hi = bounds.count > 1 ? bounds[1] : bytes.count
                guard lo >= 0, lo <= hi, hi <= bytes.count else {
                    throw error("error calling slice: index out of range: \(hi)")
                }
                return .string(String(decoding: bytes[lo..<hi], as: UTF8.self))
            case .list(let items):
                let lo = bounds.first ?? 0
                let hi = bounds.count > 1 ? bounds[1] : items.count
                guard lo >= 0, lo <= hi, hi <= items.count else {
                    throw error("error calling slice: index out of range: \(hi)")
                }
                return .list(Array(items[lo..<hi]))
            default:
                throw error("error calling slice: can't slice item of type \(Self.typeName(first))")
            }
        case "print":
            return .string(Self.sprint(args))
        case "println":
            return .string(args.map { Self.printed($0) }.joined(separator: " ") + "\n")
        case "printf":
            guard let format = args.first else { throw error("wrong number of args for printf: want at least 1 got 0") }
            return .string(Self.sprintf(try string(format), Array(args.dropFirst())))
        case "eq", "ne", "lt", "le", "gt", "ge":
            guard args.count >= 2 || (name == "eq" && args.count >= 1) else {
                throw error("wrong number of args for \(name): want 2 got \(args.count)")
            }
            if name == "eq" {
                if args.count < 2 { throw error("error calling eq: missing argument for comparison") }
                for other in args.dropFirst() {
                    if try compare(args[0], other, command: command) == 0 { return .bool(true) }
                }
                return .bool(false)
            }
            try want(2)
            let order = try compare(args[0], args[1], command: command, ordered: name != "ne")
            switch name {
            case "ne": return .bool(order != 0)
            case "lt": return .bool(order < 0)
            case "le": return .bool(order <= 0)
            case "gt": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "html", "js", "urlquery":
            return .string(Self.sprint(args))
        default:
            throw error("\(name) is not a defined function")
        }
    }

    func compare(
        _ a: GoValue, _ b: GoValue, command: TemplateCommand, ordered: Bool = false
    ) throws(TemplateError) -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)):
            if ordered && x != y {
                throw fail(
                    "error calling \(command.args.first?.text ?? ""): invalid type for comparison", at: command.pos,
                    context: command.text)
            }
            return x == y ? 0 : 1
        default:
            throw fail(
                "error calling \(command.args.first?.text ?? ""): incompatible types for comparison", at: command.pos,
                context: command.text)
        }
    }
}
