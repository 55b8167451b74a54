import DockerSimCore
import Foundation

extension TemplateParser {
    static let functions: Set<String> = [
        "json", "split", "join", "title", "lower", "upper", "pad", "truncate",
        "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
        "slice", "html", "js", "urlquery", "call",
    ]

    mutating func parseAll() throws(TemplateError) -> [TemplateNode] {
        let all = try items()
        var position = 0
        let (nodes, terminator) = try parseList(all, &position, inRange: false)
        if let terminator {
            let word = terminator.word == "else" ? "{{else}}" : "{{end}}"
            throw error("unexpected \(word)", at: terminator.pos)
        }
        return nodes
    }

    struct Terminator {
        var word: String
        var tokens: ArraySlice<Token>
        var pos: Int
    }

    /// Parses nodes until `{{end}}` or `{{else…}}` (returned) or the end of input.
    mutating func parseList(
        _ all: [Item], _ position: inout Int, inRange: Bool
    ) throws(TemplateError) -> ([TemplateNode], Terminator?) {
        var nodes: [TemplateNode] = []
        while position < all.count {
            let item = all[position]
            position += 1
            switch item {
            case .text(let text):
                nodes.append(.text(text))
            case .action(let start, let tokens, _):
                guard let first = tokens.first else { throw error("missing value for command", at: start) }
                if case .ident(let word) = first.kind {
                    switch word {
                    case "end", "else":
                        return (nodes, Terminator(word: word, tokens: tokens.dropFirst(), pos: first.pos))
                    case "if", "range", "with":
                        nodes.append(
                            try parseControl(
                                word, Array(tokens.dropFirst()), keyword: first, all, &position, inRange: inRange))
                        continue
                    case "break", "continue":
                        guard inRange else { throw error("{{\(word)}} outside {{range}}", at: first.pos) }
                        nodes.append(word == "break" ? .breakNode : .continueNode)
                        continue
                    case "define", "template", "block":
                        throw error("dockersim: {{\(word)}} is not simulated", at: first.pos)
                    default:
                        break
                    }
                }
                nodes.append(.action(try parsePipeline(tokens, context: "command", at: start)))
            }
        }
        return (nodes, nil)
    }

    mutating func parseControl(
        _ word: String, _ tokens: [Token], keyword: Token, _ all: [Item], _ position: inout Int,
        inRange: Bool
    ) throws(TemplateError) -> TemplateNode {
        guard !tokens.isEmpty else { throw error("missing value for \(word)", at: keyword.pos) }
        try enter(at: keyword.pos)
        defer { depth -= 1 }
        variables.append([])
        let pipe = try parsePipeline(tokens, context: word, at: keyword.pos)
        let bodyInRange = inRange || word == "range"
        defer { variables.removeLast() }
        let (body, terminator) = try parseList(all, &position, inRange: bodyInRange)
        guard let end = terminator else { throw error("unexpected EOF", at: bytes.count) }
        var elseList: [TemplateNode]?
        if end.word == "else" {
            if let next = end.tokens.first, case .ident(let nested) = next.kind, nested == word, word != "range" {
                // {{else if …}}: the rest is an if nested in the else branch, sharing the {{end}}.
                let nestedNode = try parseControl(
                    word, Array(end.tokens.dropFirst()), keyword: next, all, &position, inRange: inRange)
                return make(word, pipe, body, [nestedNode])
            }
            guard end.tokens.isEmpty else {
                throw error("unexpected \(describe(end.tokens.first)) in else", at: end.pos)
            }
            let (elseBody, elseEnd) = try parseList(all, &position, inRange: inRange)
            guard let close = elseEnd else { throw error("unexpected EOF", at: bytes.count) }
            guard close.word == "end" else { throw error("expected end; found {{else}}", at: close.pos) }
            elseList = elseBody
        } else if !end.tokens.isEmpty {
            throw error("unexpected \(describe(end.tokens.first)) in end", at: end.pos)
        }
        return make(word, pipe, body, elseList)
    }

    func make(
        _ word: String, _ pipe: TemplatePipeline, _ body: [TemplateNode], _ elseList: [TemplateNode]?
    ) -> TemplateNode {
        switch word {
        case "if": return .ifNode(pipe, body, elseList)
        case "range": return .rangeNode(pipe, body, elseList)
        default: return .withNode(pipe, body, elseList)
        }
    }

    func describe(_ token: Token?) -> String {
        guard let token else { return "EOF" }
        return "\"" + String(decoding: bytes[token.pos..<token.end], as: UTF8.self) + "\""
    }

    mutating func parsePipeline(
        _ tokens: [Token], context: String, at start: Int
    ) throws(TemplateError) -> TemplatePipeline {
        var rest = tokens[...]
        var decls: [String] = []
        var isAssign = false
        // Declarations: $x := …, $i, $v := …
        if let first = rest.first, case .variable(let name, let chain) = first.kind, chain.isEmpty {
            var probe = rest.dropFirst()
            var names = [name]
            if context == "range", let comma = probe.first, comma.kind == .comma,
                let second = probe.dropFirst().first, case .variable(let name2, let chain2) = second.kind,
                chain2.isEmpty
            {
                names.append(name2)
                probe = probe.dropFirst(2)
            }
            if let op = probe.first, op.kind == .declare || op.kind == .assign {
                if op.kind == .assign {
                    isAssign = true
                    for name in names where !isDefined(name) {
                        throw error("undefined variable \"\(name)\"", at: first.pos)
                    }
                }
                decls = names
                rest = probe.dropFirst()
            }
        }
        var commands: [TemplateCommand] = []
        var current: [TemplateOperand] = []
        var commandStart = rest.first?.pos ?? start
        var commandEnd = commandStart
        func finish() throws(TemplateError) {
            guard !current.isEmpty else { throw error("missing value for \(context)", at: commandStart) }
            commands.append(
                TemplateCommand(
                    args: current, pos: commandStart,
                    text: String(decoding: bytes[commandStart..<max(commandStart, commandEnd)], as: UTF8.self)))
            current = []
        }
        while let token = rest.first {
            rest = rest.dropFirst()
            if token.kind == .pipe {
                try finish()
                commandStart = rest.first?.pos ?? token.end
                commandEnd = commandStart
                continue
            }
            if !current.isEmpty && !token.spaceBefore {
                throw error("unexpected \(describe(token)) in operand", at: token.pos)
            }
            var operand = try parseOperand(token, &rest, context: context)
            // (pipeline).Field
            if case .pipe(let inner, let chain) = operand.kind, chain.isEmpty, let next = rest.first, !next.spaceBefore,
                case .field(let names) = next.kind, !names.isEmpty
            {
                rest = rest.dropFirst()
                operand.kind = .pipe(inner, names)
            }
            current.append(operand)
            commandEnd = max(commandEnd, operand.pos + operand.text.utf8.count)
        }
        try finish()
        for name in decls where !isAssign {
            variables[variables.count - 1].append(name)
        }
        return TemplatePipeline(decls: decls, isAssign: isAssign, commands: commands, pos: commands.first?.pos ?? start)
    }

    func isDefined(_ name: String) -> Bool { variables.contains { $0.contains(name) } }

    /// One more level of nesting (Go's `maxStackDepth` check, at dockersim's lower limit).
    mutating func enter(at pos: Int) throws(TemplateError) {
        guard depth < Limits.standard.templateNesting else { throw error("max expression depth exceeded", at: pos) }
        depth += 1
    }

    mutating func parseOperand(
        _ token: Token, _ rest: inout ArraySlice<Token>, context: String
    ) throws(TemplateError) -> TemplateOperand {
        let text = String(decoding: bytes[token.pos..<token.end], as: UTF8.self)
        switch token.kind {
        case .field(let names):
            return TemplateOperand(kind: names.isEmpty ? .dot : .field(names), pos: token.pos, text: text)
        case .variable(let name, let chain):
            guard isDefined(name) else { throw error("undefined variable \"\(name)\"", at: token.pos) }
            return TemplateOperand(kind: .variable(name, chain), pos: token.pos, text: text)
        case .string(let s):
            return TemplateOperand(kind: .string(s), pos: token.pos, text: text)
        case .number(let n):
            return TemplateOperand(kind: .number(n), pos: token.pos, text: text)
        case .ident(let word):
            switch word {
            case "true", "false": return TemplateOperand(kind: .bool(word == "true"), pos: token.pos, text: text)
            case "nil": return TemplateOperand(kind: .nilLiteral, pos: token.pos, text: text)
            default:
                guard Self.functions.contains(word) else {
                    throw error("function \"\(word)\" not defined", at: token.pos)
                }
                return TemplateOperand(kind: .function(word), pos: token.pos, text: text)
            }
        case .lparen:
            var depth = 1
            var inner: [Token] = []
            var closeEnd = token.end
            while let next = rest.first {
                rest = rest.dropFirst()
                if next.kind == .lparen { depth += 1 }
                if next.kind == .rparen {
                    depth -= 1
                    if depth == 0 {
                        closeEnd = next.end
                        break
                    }
                }
                inner.append(next)
            }
            guard depth == 0 else { throw error("unclosed left paren", at: token.pos) }
            try enter(at: token.pos)
            defer { self.depth -= 1 }
            let pipe = try parsePipeline(inner, context: "parenthesized pipeline", at: token.pos)
            return TemplateOperand(
                kind: .pipe(pipe, []), pos: token.pos,
                text: String(decoding: bytes[token.pos..<closeEnd], as: UTF8.self))
        case .rparen:
            throw error("unexpected right paren", at: token.pos)
        default:
            throw error("unexpected \(describe(token)) in \(context)", at: token.pos)
        }
    }
}
