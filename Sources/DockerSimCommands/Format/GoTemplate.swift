import DockerSimCore
import Foundation

/// An error from parsing or running a Go template, worded as Go's `text/template` words it
/// (`template: :1: function "foo" not defined`,
/// `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type …`).
public struct TemplateError: Error, Sendable, Equatable {
    public var message: String
}

/// What kind of Go nil a JSON `null` stands for: how it prints (`[]`, `map[]`, `<nil>`).
public enum GoNilKind: Sendable, Equatable {
    case slice, map, pointer
}

/// A value as a Go template sees it: the JSON of `inspect`, or a row of a docker formatter.
public indirect enum GoValue: Sendable {
    /// No value at all (a missing map key): prints `<no value>`.
    case invalid
    case null(GoNilKind)
    case bool(Bool)
    case int(Int64)
    case string(String)
    case list([GoValue])
    /// A Go map (`isMap`: missing keys give `<no value>`) or a struct (missing fields are errors).
    case dict([(String, GoValue)], isMap: Bool)
    /// A formatter row (`*formatter.ContainerContext`…): string methods, maybe `Label`.
    case context(TemplateContext)
    /// A table header (`formatter.SubHeaderContext`): column names by field, and `Label`.
    case header([String: String])

    /// The JSON `inspect` prints, as the CLI's typed structs (`typed`) or as the raw map it
    /// falls back to: typed, a `null` slice prints `[]` and a map `map[]`; raw, all is a map.
    public static func from(json: JSONValue, typed: Bool, key: String = "") -> GoValue {
        switch json {
        case .null:
            guard typed else { return .invalid }
            if Self.sliceKeys.contains(key) { return .null(.slice) }
            if Self.mapKeys.contains(key) { return .null(.map) }
            return .null(.pointer)
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map { from(json: $0, typed: typed) })
        case .object(let pairs):
            let isMap = !typed || Self.mapKeys.contains(key)
            // A map's values are named after the map (`Ports.*`: the bindings of a port).
            return .dict(pairs.map { ($0.0, from(json: $0.1, typed: typed, key: isMap ? key + ".*" : $0.0)) }, isMap: isMap)
        }
    }

    /// Fields of docker's inspect types that are Go slices and maps (how their nil prints).
    static let sliceKeys: Set<String> = ["Cmd", "Entrypoint", "ExecIDs", "OnBuild", "Shell", "Args", "Env", "RepoTags",
                                         "RepoDigests", "Layers", "Mounts", "Links", "Aliases", "DNSNames",
                                         "SecondaryIPAddresses", "SecondaryIPv6Addresses", "Ports.*"]
    static let mapKeys: Set<String> = ["Labels", "Ports", "ExposedPorts", "Volumes", "Networks", "Data", "DriverOpts", "Options"]
}

/// One row of a docker formatter (`ContainerContext`, `imageContext`…): what its methods return.
public struct TemplateContext: Sendable {
    /// The Go type, for error messages: `*formatter.ContainerContext`.
    public var typeName: String
    /// Each method without arguments and its result.
    public var fields: [String: String]
    /// The labels `{{.Label "k"}}` reads, for contexts that have that method.
    public var labels: [String: String]?
    /// Methods that return a nil pointer (`Platform` without an image descriptor): `<nil>`, JSON `null`.
    public var nils: Set<String>

    public init(typeName: String, fields: [String: String], labels: [String: String]? = nil, nils: Set<String> = []) {
        self.typeName = typeName
        self.fields = fields
        self.labels = labels
        self.nils = nils
    }

    /// `{{json .}}`: every method as a key, sorted, through `json.Marshal` (HTML-escaped).
    var json: String {
        let keys = Set(fields.keys).union(nils).sorted()
        return GoJSON.encode(.dict(keys.map { ($0, fields[$0].map(GoValue.string) ?? .null(.pointer)) }, isMap: true), escapeHTML: true)
    }
}

// MARK: - Syntax tree

struct TemplateCommand: Sendable {
    var args: [TemplateOperand]
    var pos: Int
    var text: String
}

struct TemplatePipeline: Sendable {
    var decls: [String]
    var isAssign: Bool
    var commands: [TemplateCommand]
    var pos: Int
}

struct TemplateOperand: Sendable {
    indirect enum Kind: Sendable {
        case dot
        case field([String])
        case variable(String, [String])
        case function(String)
        case string(String)
        case number(Int64)
        case bool(Bool)
        case nilLiteral
        case pipe(TemplatePipeline, [String])
    }

    var kind: Kind
    var pos: Int
    var text: String
}

indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    case ifNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case rangeNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case withNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case breakNode
    case continueNode
}

// MARK: - Template

/// A parsed Go `text/template`, with docker's functions (`json`, `join`, `split`, `upper`,
/// `lower`, `title`, `pad`, `truncate`) and Go's builtins (`println`, `index`, `len`, `eq`…).
public struct GoTemplate: Sendable {
    let nodes: [TemplateNode]
    let source: [UInt8]

    /// Parses `text`; errors are Go's (`template: :1: unclosed action`).
    public init(_ text: String) throws(TemplateError) {
        var parser = TemplateParser(Array(text.utf8))
        nodes = try parser.parseAll()
        source = parser.bytes
    }

    /// How a template runs: docker's functions or the header ones, missing map keys.
    public struct Options: Sendable {
        /// `missingkey=error` (inspect's raw fallback).
        public var missingKeyError = false
        /// `templates.HeaderFunctions`: json/split/join/lower/upper/title/truncate give their argument.
        public var headerFunctions = false

        public init(missingKeyError: Bool = false, headerFunctions: Bool = false) {
            self.missingKeyError = missingKeyError
            self.headerFunctions = headerFunctions
        }
    }

    /// Runs the template against `data`; what it wrote, or Go's execution error.
    public func execute(_ data: GoValue, options: Options = Options()) throws(TemplateError) -> String {
        var runner = TemplateRunner(source: source, options: options, root: data)
        try runner.run(nodes, dot: data)
        return runner.out
    }

    /// Runs the template and returns what it wrote, even when it stopped on an error
    /// (a table header is written that way), and the methods of contexts it called.
    func executeCollecting(_ data: GoValue, options: Options = Options()) -> (output: String, error: TemplateError?, fieldsUsed: Set<String>) {
        var runner = TemplateRunner(source: source, options: options, root: data)
        do {
            try runner.run(nodes, dot: data)
            return (runner.out, nil, runner.fieldsUsed)
        } catch {
            return (runner.out, error, runner.fieldsUsed)
        }
    }
}

// MARK: - Lexer and parser

struct TemplateParser {
    let bytes: [UInt8]
    var index = 0
    var variables: [[String]] = [["$"]]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func line(at pos: Int) -> Int { 1 + bytes[..<min(pos, bytes.count)].filter { $0 == 10 }.count }

    func error(_ message: String, at pos: Int) -> TemplateError {
        TemplateError(message: "template: :\(line(at: pos)): \(message)")
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 0x80
    }

    func hasPrefix(_ s: String, at i: Int) -> Bool {
        let p = Array(s.utf8)
        guard i + p.count <= bytes.count else { return false }
        return Array(bytes[i..<(i + p.count)]) == p
    }

    // MARK: Items

    enum Item {
        case text(String)
        case action(start: Int, tokens: [Token], end: Int)
    }

    enum TokenKind: Equatable {
        case field([String])
        case variable(String, [String])
        case ident(String)
        case string(String)
        case number(Int64)
        case pipe, lparen, rparen, comma, declare, assign
        case chain([String])
    }

    struct Token {
        var kind: TokenKind
        var pos: Int
        var end: Int
        var spaceBefore: Bool
    }

    /// Splits the source into text and actions (with Go's `{{-`/`-}}` trimming and comments).
    mutating func items() throws(TemplateError) -> [Item] {
        var result: [Item] = []
        var textStart = 0
        var trimNextText = false
        while true {
            var open = index
            while open < bytes.count && !hasPrefix("{{", at: open) { open += 1 }
            var textEnd = open
            let trimLeft = open < bytes.count && hasPrefix("{{- ", at: open) || hasPrefix("{{-\t", at: open)
                || hasPrefix("{{-\n", at: open) || hasPrefix("{{-\r", at: open)
            if trimLeft { while textEnd > textStart && Self.isSpace(bytes[textEnd - 1]) { textEnd -= 1 } }
            var textBegin = textStart
            if trimNextText { while textBegin < textEnd && Self.isSpace(bytes[textBegin]) { textBegin += 1 } }
            if textBegin < textEnd { result.append(.text(String(decoding: bytes[textBegin..<textEnd], as: UTF8.self))) }
            if open >= bytes.count { break }
            index = open + 2
            if trimLeft { index += 2 }
            let actionStart = open
            // Comments.
            var probe = index
            while probe < bytes.count && Self.isSpace(bytes[probe]) && trimLeft { probe += 1 }
            if hasPrefix("/*", at: index) || (trimLeft && hasPrefix("/*", at: probe)) {
                let commentStart = hasPrefix("/*", at: index) ? index : probe
                var close = commentStart + 2
                while close < bytes.count && !hasPrefix("*/", at: close) { close += 1 }
                guard close < bytes.count else { throw error("unclosed comment", at: actionStart) }
                index = close + 2
                var trimRight = false
                if hasPrefix(" -}}", at: index) {
                    trimRight = true
                    index += 4
                } else if hasPrefix("}}", at: index) {
                    index += 2
                } else {
                    throw error("comment ends before closing delimiter", at: actionStart)
                }
                trimNextText = trimRight
                textStart = index
                continue
            }
            var tokens: [Token] = []
            var trimRight = false
            var sawSpace = true
            var parens = 0
            while true {
                guard index < bytes.count else { throw error("unclosed action", at: actionStart) }
                let b = bytes[index]
                if Self.isSpace(b) {
                    var after = index
                    while after < bytes.count && Self.isSpace(bytes[after]) { after += 1 }
                    if hasPrefix("-}}", at: after) {
                        trimRight = true
                        index = after + 3
                        break
                    }
                    index = after
                    sawSpace = true
                    continue
                }
                if hasPrefix("}}", at: index) {
                    index += 2
                    break
                }
                let start = index
                let kind = try lexToken(actionStart: actionStart)
                if kind == .lparen { parens += 1 }
                if kind == .rparen { parens -= 1 }
                tokens.append(Token(kind: kind, pos: start, end: index, spaceBefore: sawSpace))
                sawSpace = false
            }
            result.append(.action(start: actionStart, tokens: tokens, end: index))
            trimNextText = trimRight
            textStart = index
        }
        return result
    }

    mutating func lexIdentifier() -> String {
        let start = index
        while index < bytes.count && Self.isAlnum(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func lexChain() -> [String] {
        var names: [String] = []
        while index < bytes.count && bytes[index] == 46, index + 1 < bytes.count, Self.isAlnum(bytes[index + 1]) {
            index += 1
            names.append(lexIdentifier())
        }
        return names
    }

    mutating func lexToken(actionStart: Int) throws(TemplateError) -> TokenKind {
        let b = bytes[index]
        switch b {
        case 124:
            index += 1
            return .pipe
        case 40:
            index += 1
            return .lparen
        case 41:
            index += 1
            return .rparen
        case 44:
            index += 1
            return .comma
        case 58:
            guard index + 1 < bytes.count, bytes[index + 1] == 61 else { throw error("expected :=", at: index) }
            index += 2
            return .declare
        case 61:
            index += 1
            return .assign
        case 46:
            if index + 1 < bytes.count, Self.isAlnum(bytes[index + 1]) {
                return .field(lexChain())
            }
            index += 1
            return .field([])
        case 36:
            index += 1
            let name = "$" + lexIdentifier()
            return .variable(name, lexChain())
        case 34:
            index += 1
            var value: [UInt8] = []
            while true {
                guard index < bytes.count, bytes[index] != 10 else { throw error("unterminated quoted string", at: actionStart) }
                let c = bytes[index]
                index += 1
                if c == 34 { break }
                if c == 92 {
                    guard index < bytes.count else { throw error("unterminated quoted string", at: actionStart) }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case 110: value.append(10)
                    case 116: value.append(9)
                    case 114: value.append(13)
                    case 92: value.append(92)
                    case 34: value.append(34)
                    case 39: value.append(39)
                    default: throw error("invalid syntax", at: actionStart)
                    }
                } else {
                    value.append(c)
                }
            }
            return .string(String(decoding: value, as: UTF8.self))
        case 96:
            index += 1
            let start = index
            while index < bytes.count && bytes[index] != 96 { index += 1 }
            guard index < bytes.count else { throw error("unterminated raw quoted string", at: actionStart) }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            return .string(text)
        default:
            if (b >= 48 && b <= 57) || ((b == 45 || b == 43) && index + 1 < bytes.count && bytes[index + 1] >= 48 && bytes[index + 1] <= 57) {
                let start = index
                index += 1
                while index < bytes.count && Self.isAlnum(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                guard let value = Int64(text) else { throw error("bad number syntax: \"\(text)\"", at: start) }
                return .number(value)
            }
            if Self.isAlnum(b) { return .ident(lexIdentifier()) }
            let scalar = String(decoding: bytes[index..<(index + 1)], as: UTF8.self)
            let hex = String(b, radix: 16, uppercase: true)
            throw error("bad character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) '\(scalar)'", at: index)
        }
    }

    // MARK: Tree

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
    mutating func parseList(_ all: [Item], _ position: inout Int, inRange: Bool) throws(TemplateError) -> ([TemplateNode], Terminator?) {
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
                        nodes.append(try parseControl(word, Array(tokens.dropFirst()), keyword: first, all, &position, inRange: inRange))
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

    mutating func parseControl(_ word: String, _ tokens: [Token], keyword: Token, _ all: [Item], _ position: inout Int,
                               inRange: Bool) throws(TemplateError) -> TemplateNode {
        guard !tokens.isEmpty else { throw error("missing value for \(word)", at: keyword.pos) }
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
                let nestedNode = try parseControl(word, Array(end.tokens.dropFirst()), keyword: next, all, &position, inRange: inRange)
                return make(word, pipe, body, [nestedNode])
            }
            guard end.tokens.isEmpty else { throw error("unexpected \(describe(end.tokens.first)) in else", at: end.pos) }
            let (elseBody, elseEnd) = try parseList(all, &position, inRange: inRange)
            guard let close = elseEnd else { throw error("unexpected EOF", at: bytes.count) }
            guard close.word == "end" else { throw error("expected end; found {{else}}", at: close.pos) }
            elseList = elseBody
        } else if !end.tokens.isEmpty {
            throw error("unexpected \(describe(end.tokens.first)) in end", at: end.pos)
        }
        return make(word, pipe, body, elseList)
    }

    func make(_ word: String, _ pipe: TemplatePipeline, _ body: [TemplateNode], _ elseList: [TemplateNode]?) -> TemplateNode {
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

    mutating func parsePipeline(_ tokens: [Token], context: String, at start: Int) throws(TemplateError) -> TemplatePipeline {
        var rest = tokens[...]
        var decls: [String] = []
        var isAssign = false
        // Declarations: $x := …, $i, $v := …
        if let first = rest.first, case .variable(let name, let chain) = first.kind, chain.isEmpty {
            var probe = rest.dropFirst()
            var names = [name]
            if context == "range", let comma = probe.first, comma.kind == .comma,
               let second = probe.dropFirst().first, case .variable(let name2, let chain2) = second.kind, chain2.isEmpty {
                names.append(name2)
                probe = probe.dropFirst(2)
            }
            if let op = probe.first, op.kind == .declare || op.kind == .assign {
                if op.kind == .assign {
                    isAssign = true
                    for name in names where !isDefined(name) { throw error("undefined variable \"\(name)\"", at: first.pos) }
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
            commands.append(TemplateCommand(args: current, pos: commandStart,
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
               case .field(let names) = next.kind, !names.isEmpty {
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

    mutating func parseOperand(_ token: Token, _ rest: inout ArraySlice<Token>, context: String) throws(TemplateError) -> TemplateOperand {
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
                guard Self.functions.contains(word) else { throw error("function \"\(word)\" not defined", at: token.pos) }
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
            let pipe = try parsePipeline(inner, context: "parenthesized pipeline", at: token.pos)
            return TemplateOperand(kind: .pipe(pipe, []), pos: token.pos,
                                   text: String(decoding: bytes[token.pos..<closeEnd], as: UTF8.self))
        case .rparen:
            throw error("unexpected right paren", at: token.pos)
        default:
            throw error("unexpected \(describe(token)) in \(context)", at: token.pos)
        }
    }
}

// MARK: - Execution

struct TemplateRunner {
    let source: [UInt8]
    let options: GoTemplate.Options
    var out = ""
    var variables: [(String, GoValue)]
    var fieldsUsed: Set<String> = []
    /// The node evaluated last (Go's `state.node`): where an error inside `range` is reported.
    var lastNode: (pos: Int, text: String) = (0, "")

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

    @discardableResult
    mutating func run(_ nodes: [TemplateNode], dot: GoValue) throws(TemplateError) -> Flow {
        for node in nodes {
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
                var elements: [(GoValue, GoValue)] = []
                switch value {
                case .list(let items): elements = items.enumerated().map { (.int(Int64($0.offset)), $0.element) }
                case .dict(let pairs, _): elements = pairs.sorted { $0.0 < $1.0 }.map { (.string($0.0), $0.1) }
                case .int(let n): elements = (0..<max(0, n)).map { (.int($0), .int($0)) }
                case .null, .invalid: elements = []
                default:
                    throw fail("range can't iterate over \(Self.printed(value))", at: lastNode.pos, context: lastNode.text)
                }
                if elements.isEmpty {
                    try run(elseList ?? [], dot: dot)
                } else {
                    for (key, element) in elements {
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

    mutating func evalCommand(_ command: TemplateCommand, dot: GoValue, final: GoValue?) throws(TemplateError) -> GoValue {
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
                guard !rest.isEmpty else { throw fail("wrong number of args for \(name): want at least 1 got 0", at: command.pos, context: command.text) }
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
            return try call(name, [], nodes: [], ident: operand, command: TemplateCommand(args: [operand], pos: operand.pos, text: operand.text))
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
    mutating func evalChain(_ base: GoValue, _ names: [String], operand: TemplateOperand, args: [GoValue]?) throws(TemplateError) -> GoValue {
        lastNode = (operand.pos, operand.text)
        var value = base
        for (index, name) in names.enumerated() {
            let isLast = index == names.count - 1
            let callArgs = isLast ? args : nil
            value = try field(value, name, args: callArgs, operand: operand)
        }
        return value
    }

    mutating func field(_ receiver: GoValue, _ name: String, args: [GoValue]?, operand: TemplateOperand) throws(TemplateError) -> GoValue {
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

    // MARK: Functions

    mutating func call(_ name: String, _ args: [GoValue], nodes: [TemplateOperand?], ident: TemplateOperand,
                       command: TemplateCommand) throws(TemplateError) -> GoValue {
        lastNode = (command.pos, command.text)
        func error(_ message: String) -> TemplateError { fail(message, at: command.pos, context: command.text) }
        /// A type error is reported at the argument (Go's `evalArg`).
        func typeError(_ value: GoValue, _ expected: String) -> TemplateError {
            let message = "wrong type for value; expected \(expected); got \(Self.typeName(value))"
            for (index, arg) in args.enumerated() where index < nodes.count {
                if case .some(let node) = nodes[index], Self.same(arg, value) { return fail(message, at: node.pos, context: node.text) }
            }
            return error(message)
        }
        func want(_ n: Int) throws(TemplateError) {
            guard args.count == n else {
                throw fail("wrong number of args for \(name): want \(n) got \(args.count)", at: ident.pos, context: ident.text)
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
                guard case .string(let s) = item else { throw error("wrong type for value; expected []string; got []interface {}") }
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
            return .string(String(repeating: " ", count: max(0, try int(args[1]))) + s + String(repeating: " ", count: max(0, try int(args[2]))))
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
                    guard i >= 0, Int(i) < items.count else { throw error("error calling index: index out of range: \(i)") }
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
                    guard i >= 0, Int(i) < bytes.count else { throw error("error calling index: index out of range: \(i)") }
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
                guard lo >= 0, lo <= hi, hi <= bytes.count else { throw error("error calling slice: index out of range: \(hi)") }
                return .string(String(decoding: bytes[lo..<hi], as: UTF8.self))
            case .list(let items):
                let lo = bounds.first ?? 0
                let hi = bounds.count > 1 ? bounds[1] : items.count
                guard lo >= 0, lo <= hi, hi <= items.count else { throw error("error calling slice: index out of range: \(hi)") }
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

    func compare(_ a: GoValue, _ b: GoValue, command: TemplateCommand, ordered: Bool = false) throws(TemplateError) -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)):
            if ordered && x != y { throw fail("error calling \(command.args.first?.text ?? ""): invalid type for comparison", at: command.pos, context: command.text) }
            return x == y ? 0 : 1
        default:
            throw fail("error calling \(command.args.first?.text ?? ""): incompatible types for comparison", at: command.pos, context: command.text)
        }
    }

    // MARK: Printing

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
                return "map[" + pairs.sorted { $0.0 < $1.0 }.map { $0.0 + ":" + nested($0.1) }.joined(separator: " ") + "]"
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
            if let w = Int(width), text.count < w {
                let padding = String(repeating: flags.contains("0") && !flags.contains("-") ? "0" : " ", count: w - text.count)
                text = flags.contains("-") ? text + padding : padding + text
            }
            out += text
        }
        if argIndex < args.count {
            out += "%!(EXTRA " + args[argIndex...].map { typeName($0) + "=" + printed($0) }.joined(separator: ", ") + ")"
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

// MARK: - JSON

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
            let ordered = isMap ? pairs.sorted { $0.0 < $1.0 } : pairs
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
            write(.dict(map.map { ($0.key, GoValue.string($0.value)) }, isMap: true), escapeHTML: escapeHTML, into: &out)
        }
    }

    static func quote(_ s: String, escapeHTML: Bool, into out: inout String) {
        JSONValue.quote(s, escapeHTML: escapeHTML, into: &out)
    }
}
