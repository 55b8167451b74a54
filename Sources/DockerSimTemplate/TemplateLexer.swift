import Foundation

struct TemplateParser {
    let bytes: [UInt8]
    var index = 0
    var variables: [[String]] = [["$"]]
    /// Parentheses and `{{if}}`/`{{range}}`/`{{with}}` open around the current token: past
    /// ``Limits/templateNesting`` the parse stops with Go's "max expression depth exceeded".
    var depth = 0

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
            let trimLeft =
                open < bytes.count && hasPrefix("{{- ", at: open) || hasPrefix("{{-\t", at: open)
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
                guard index < bytes.count, bytes[index] != 10 else {
                    throw error("unterminated quoted string", at: actionStart)
                }
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
            if (b >= 48 && b <= 57)
                || ((b == 45 || b == 43) && index + 1 < bytes.count && bytes[index + 1] >= 48 && bytes[index + 1] <= 57)
            {
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
            throw error(
                "bad character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) '\(scalar)'", at: index)
        }
    }
}
