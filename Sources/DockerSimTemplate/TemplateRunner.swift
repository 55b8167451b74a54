import DockerSimCore
import Foundation

struct TemplateRunner {
    let source: [UInt8]
    let options: GoTemplate.Options
    var out = ""
    var variables: [(String, GoValue)]
    var fieldsUsed: Set<String> = []
    /// The node evaluated last (Go's `state.node`): where an error inside `range` is reported.
    var lastNode: (pos: Int, text: String) = (0, "")
    /// Actions and `{{range}}` turns taken so far (``Limits/templateSteps``).
    var steps = 0

    enum Flow { case normal, breakLoop, continueLoop }

    init(source: [UInt8], options: GoTemplate.Options, root: GoValue) {
        self.source = source
        self.options = options
        variables = [("$", root)]
    }

    func location(_ pos: Int) -> String {
        let prefix = source[..<min(pos, source.count)]
        let line = 1 + prefix.filter { $0 == 10 }.count
        let lastNewline = prefix.lastIndex(of: 10)
        let column = lastNewline.map { pos - $0 - 1 } ?? pos
        return ":\(line):\(column)"
    }

    func fail(_ message: String, at pos: Int, context: String) -> TemplateError {
        TemplateError(message: "template: \(location(pos)): executing \"\" at <\(context)>: \(message)")
    }

    /// Counts a step and checks the caps: a template that loops (`{{range 1000000000}}`), prints
    /// or builds values past the output cap (`{{json (json (json …))}}` doubles each time), or is
    /// interrupted (Ctrl-C) stops with dockersim's note instead of taking the machine.
    mutating func step(_ value: GoValue? = nil) throws(TemplateError) {
        steps += 1
        let limits = Limits.standard
        var tooLarge = steps > limits.templateSteps || out.utf8.count > limits.outputBytes
        if case .string(let text)? = value, text.utf8.count > limits.outputBytes { tooLarge = true }
        if tooLarge { throw TemplateError(message: limits.templateTooLargeInBoth) }
        if Interrupt.terminal.isRequested { throw TemplateError(message: "^C") }
    }

    @discardableResult
    mutating func run(_ nodes: [TemplateNode], dot: GoValue) throws(TemplateError) -> Flow {
        for node in nodes {
            try step()
            switch node {
            case .text(let text):
                out += text
            case .action(let pipe):
                let value = try evalPipeline(pipe, dot: dot)
                if pipe.decls.isEmpty { out += Self.printed(value) }
            case .breakNode:
                return .breakLoop
            case .continueNode:
                return .continueLoop
            case .ifNode(let pipe, let body, let elseList):
                let mark = variables.count
                let value = try evalPipeline(pipe, dot: dot)
                let flow = try run(Self.truth(value) ? body : (elseList ?? []), dot: dot)
                variables.removeSubrange(mark...)
                if flow != .normal { return flow }
            case .withNode(let pipe, let body, let elseList):
                let mark = variables.count
                let value = try evalPipeline(pipe, dot: dot)
                let flow = Self.truth(value) ? try run(body, dot: value) : try run(elseList ?? [], dot: dot)
                variables.removeSubrange(mark...)
                if flow != .normal { return flow }
            case .rangeNode(let pipe, let body, let elseList):
                let mark = variables.count
                var declaredPipe = pipe
                declaredPipe.decls = []
                let value = try evalPipeline(declaredPipe, dot: dot)
                // The elements, made one at a time (`{{range 1000000000000}}` allocates nothing).
                let count: Int
                let elementAt: (Int) -> (GoValue, GoValue)
                switch value {
                case .list(let items):
                    count = items.count
                    elementAt = { (.int(Int64($0)), items[$0]) }
                case .dict(let pairs, _):
                    let sorted = pairs.sorted { $0.0 < $1.0 }
                    count = sorted.count
                    elementAt = { (.string(sorted[$0].0), sorted[$0].1) }
                case .int(let n):
                    count = Int(clamping: max(0, n))
                    elementAt = { (.int(Int64($0)), .int(Int64($0))) }
                case .null, .invalid:
                    count = 0
                    elementAt = { _ in (.invalid, .invalid) }
                default:
                    throw fail(
                        "range can't iterate over \(Self.printed(value))", at: lastNode.pos, context: lastNode.text)
                }
                if count == 0 {
                    try run(elseList ?? [], dot: dot)
                } else {
                    for index in 0..<count {
                        try step()
                        let (key, element) = elementAt(index)
                        let inner = variables.count
                        if pipe.decls.count == 1 { variables.append((pipe.decls[0], element)) }
                        if pipe.decls.count == 2 {
                            variables.append((pipe.decls[0], key))
                            variables.append((pipe.decls[1], element))
                        }
                        let flow = try run(body, dot: element)
                        variables.removeSubrange(inner...)
                        if flow == .breakLoop { break }
                    }
                }
                variables.removeSubrange(mark...)
            }
        }
        return .normal
    }

    mutating func evalPipeline(_ pipe: TemplatePipeline, dot: GoValue) throws(TemplateError) -> GoValue {
        var value: GoValue?
        for command in pipe.commands {
            value = try evalCommand(command, dot: dot, final: value)
            try step(value)
        }
        let result = value ?? .invalid
        for name in pipe.decls {
            if pipe.isAssign, let index = variables.lastIndex(where: { $0.0 == name }) {
                variables[index].1 = result
            } else {
                variables.append((name, result))
            }
        }
        return result
    }

    mutating func evalCommand(
        _ command: TemplateCommand, dot: GoValue, final: GoValue?
    ) throws(TemplateError) -> GoValue {
        guard let first = command.args.first else { return .invalid }
        let rest = Array(command.args.dropFirst())
        switch first.kind {
        case .function(let name):
            var args: [GoValue] = []
            if name == "and" || name == "or" {
                // Short-circuit: stops at the first falsy (and) / truthy (or) argument.
                var last: GoValue = .invalid
                for operand in rest {
                    last = try evalOperand(operand, dot: dot)
                    if Self.truth(last) == (name == "or") { return last }
                }
                if let final { return final }
                guard !rest.isEmpty else {
                    throw fail(
                        "wrong number of args for \(name): want at least 1 got 0", at: command.pos,
                        context: command.text)
                }
                return last
            }
            var nodes: [TemplateOperand?] = []
            for operand in rest {
                args.append(try evalOperand(operand, dot: dot))
                nodes.append(operand)
            }
            if let final {
                args.append(final)
                nodes.append(nil)
            }
            return try call(name, args, nodes: nodes, ident: first, command: command)
        case .field(let names):
            if !rest.isEmpty || final != nil {
                var args: [GoValue] = []
                for operand in rest { args.append(try evalOperand(operand, dot: dot)) }
                if let final { args.append(final) }
                return try evalChain(dot, names, operand: first, args: args)
            }
            return try evalChain(dot, names, operand: first, args: nil)
        case .variable(let name, let names):
            let base = variables.last { $0.0 == name }?.1 ?? .invalid
            if names.isEmpty, !rest.isEmpty || final != nil {
                throw fail("can't give argument to non-function \(first.text)", at: first.pos, context: first.text)
            }
            var args: [GoValue]?
            if !rest.isEmpty || final != nil {
                var list: [GoValue] = []
                for operand in rest { list.append(try evalOperand(operand, dot: dot)) }
                if let final { list.append(final) }
                args = list
            }
            return try evalChain(base, names, operand: first, args: args)
        default:
            if !rest.isEmpty || final != nil {
                throw fail("can't give argument to non-function \(first.text)", at: first.pos, context: first.text)
            }
            return try evalOperand(first, dot: dot)
        }
    }

    mutating func evalOperand(_ operand: TemplateOperand, dot: GoValue) throws(TemplateError) -> GoValue {
        switch operand.kind {
        case .dot: return dot
        case .field(let names): return try evalChain(dot, names, operand: operand, args: nil)
        case .variable(let name, let names):
            let base = variables.last { $0.0 == name }?.1 ?? .invalid
            return try evalChain(base, names, operand: operand, args: nil)
        case .function(let name):
            return try call(
                name, [], nodes: [], ident: operand,
                command: TemplateCommand(args: [operand], pos: operand.pos, text: operand.text))
        case .string(let s): return .string(s)
        case .number(let n): return .int(n)
        case .bool(let b): return .bool(b)
        case .nilLiteral: throw fail("nil is not a command", at: operand.pos, context: operand.text)
        case .pipe(let pipe, let names):
            let mark = variables.count
            let value = try evalPipeline(pipe, dot: dot)
            variables.removeSubrange(mark...)
            return try evalChain(value, names, operand: operand, args: nil)
        }
    }

    /// `.A.B.C` on `base`; `args` go to the last name (a method such as `Label`).
    mutating func evalChain(
        _ base: GoValue, _ names: [String], operand: TemplateOperand, args: [GoValue]?
    ) throws(TemplateError) -> GoValue {
        lastNode = (operand.pos, operand.text)
        var value = base
        for (index, name) in names.enumerated() {
            let isLast = index == names.count - 1
            let callArgs = isLast ? args : nil
            value = try field(value, name, args: callArgs, operand: operand)
        }
        return value
    }

    mutating func field(
        _ receiver: GoValue, _ name: String, args: [GoValue]?, operand: TemplateOperand
    ) throws(TemplateError) -> GoValue {
        func error(_ message: String) -> TemplateError { fail(message, at: operand.pos, context: operand.text) }
        switch receiver {
        case .context(let context):
            if name == "Label", context.labels != nil {
                fieldsUsed.insert(name)
                guard let args, args.count == 1 else {
                    throw error("wrong number of args for Label: want 1 got \(args?.count ?? 0)")
                }
                guard case .string(let key) = args[0] else {
                    throw error("wrong type for value; expected string; got \(Self.typeName(args[0]))")
                }
                return .string(context.labels?[key] ?? "")
            }
            if let text = context.fields[name] {
                fieldsUsed.insert(name)
                if let args, !args.isEmpty { throw error("wrong number of args for \(name): want 0 got \(args.count)") }
                return .string(text)
            }
            if let value = context.values[name] {
                fieldsUsed.insert(name)
                if let args, !args.isEmpty { throw error("wrong number of args for \(name): want 0 got \(args.count)") }
                return value
            }
            if context.nils.contains(name) {
                if let args, !args.isEmpty { throw error("wrong number of args for \(name): want 0 got \(args.count)") }
                return .null(.pointer)
            }
            throw error("can't evaluate field \(name) in type \(context.typeName)")
        case .header(let map):
            if name == "Label" {
                guard let args, args.count == 1, case .string(let key) = args[0] else {
                    throw error("wrong number of args for Label: want 1 got \(args?.count ?? 0)")
                }
                let last = key.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? key
                return .string(String(last.map { $0 == "-" || $0 == "_" ? " " : $0 }))
            }
            if args != nil { throw error("\(name) is not a method but has arguments") }
            return map[name].map(GoValue.string) ?? .invalid
        case .dict(let pairs, let isMap):
            if args != nil { throw error("\(name) is not a method but has arguments") }
            if let found = pairs.first(where: { $0.0 == name }) { return found.1 }
            if isMap {
                if options.missingKeyError { throw error("map has no entry for key \"\(name)\"") }
                return .invalid
            }
            throw error("can't evaluate field \(name) in type struct")
        case .null:
            throw error("nil pointer evaluating interface {}.\(name)")
        case .invalid:
            throw error("nil data; no entry for key \"\(name)\"")
        default:
            throw error("can't evaluate field \(name) in type \(Self.typeName(receiver))")
        }
    }
}
