/// One token of a PHP file, as Zend's scanner splits it (zend_language_scanner.l), for the
/// subset dockersim runs.
enum PHPToken: Equatable {
    /// Text outside `<?php … ?>` (T_INLINE_HTML): echoed as it is.
    case inlineHTML(String)
    /// `<?=`: an `echo` of the expressions up to `?>`.
    case openEcho
    /// `?>` (T_CLOSE_TAG): an implicit `;`.
    case closeTag
    /// `$name` (T_VARIABLE).
    case variable(String)
    /// A name (T_STRING) or a keyword (`echo`, `if`…), as written.
    case identifier(String)
    /// An integer literal (T_LNUMBER).
    case integer(Int)
    /// A floating-point literal (T_DNUMBER).
    case float(Double)
    /// A string without variables in it (T_CONSTANT_ENCAPSED_STRING), already unescaped.
    case string(String)
    /// A double-quoted string or heredoc with variables in it.
    case template([PHPTemplatePart])
    /// An operator or punctuation: `;`, `.=`, `===`, `=>`…
    case symbol(String)
    /// The end of the file.
    case end
}

/// A piece of a double-quoted string: text, or a variable (with `[key]` or `->name`), or the
/// source of a `{$…}` expression.
enum PHPTemplatePart: Equatable {
    case text(String)
    case variable(String, PHPTemplateAccess?)
    /// The PHP code between `{` and `}` (it starts with `$`), parsed when the parser meets it.
    case code(String, line: Int)
}

/// What follows a variable in the simple syntax of a string: `$a[0]`, `$a[key]`, `$a[$i]`, `$o->p`.
enum PHPTemplateAccess: Equatable {
    case key(PHPArrayKey)
    case variableKey(String)
    case property(String)
}

/// A token with the line it starts on and its source text (for parse errors).
struct PHPLexeme {
    var token: PHPToken
    var line: Int
    var text: String
}

/// A file the scanner could not split (an unterminated comment or string): PHP's parse error.
struct PHPScanError: Error {
    var message: String
    var line: Int
}

/// Zend's scanner, for the subset dockersim runs: inline HTML, `<?php`, `<?=`, `<?` (short tags
/// are on without a php.ini), `?>` (it eats one newline after it), comments, variables, names,
/// numbers, single- and double-quoted strings with PHP's escapes and variables, heredocs and
/// nowdocs, and the operators.
struct PHPLexer {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var inPHP = false
    let dialect: PHPDialect

    init(_ source: [UInt8], dialect: PHPDialect) {
        self.bytes = source
        self.dialect = dialect
    }

    /// Every token of the file, ending with `.end`.
    static func tokens(_ source: [UInt8], dialect: PHPDialect) throws(PHPScanError) -> [PHPLexeme] {
        var lexer = PHPLexer(source, dialect: dialect)
        var result: [PHPLexeme] = []
        while true {
            let lexeme = try lexer.next()
            result.append(lexeme)
            if lexeme.token == .end { return result }
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private func starts(with literal: String, caseInsensitive: Bool = false) -> Bool {
        var index = position
        for byte in literal.utf8 {
            guard index < bytes.count else { return false }
            let have = caseInsensitive ? lower(bytes[index]) : bytes[index]
            guard have == byte else { return false }
            index += 1
        }
        return true
    }

    private func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (65...90).contains(byte) || byte == 95 || byte >= 0x80
    }

    static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || (48...57).contains(byte) }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where position < bytes.count {
            if bytes[position] == 10 { line += 1 }
            position += 1
        }
    }

    mutating func next() throws(PHPScanError) -> PHPLexeme {
        if !inPHP, let html = htmlToken() { return html }
        skipSpaceAndComments()
        if case .some(let error) = pendingError { throw error }
        let start = position
        let startLine = line
        guard let byte = peek() else { return PHPLexeme(token: .end, line: line, text: "") }
        func make(_ token: PHPToken) -> PHPLexeme {
            PHPLexeme(token: token, line: startLine, text: text(start..<position))
        }
        if byte == 0x3F, peek(1) == 0x3E {  // ?>
            advance(2)
            if peek() == 10 {
                advance()
            } else if peek() == 13, peek(1) == 10 {
                advance(2)
            }
            inPHP = false
            return PHPLexeme(token: .closeTag, line: startLine, text: "?>")
        }
        if byte == 0x24, let next = peek(1), Self.isNameStart(next) {  // $name
            advance()
            while let b = peek(), Self.isNameByte(b) { advance() }
            return make(.variable(text(start + 1..<position)))
        }
        if Self.isNameStart(byte) || byte == 0x5C {
            while let b = peek(), Self.isNameByte(b) || b == 0x5C { advance() }
            return make(.identifier(text(start..<position)))
        }
        if (48...57).contains(byte) || (byte == 0x2E && peek(1).map { (48...57).contains($0) } == true) {
            return make(number())
        }
        if byte == 0x27 { return make(.string(try singleQuoted())) }
        if byte == 0x22 {
            advance()
            let parts = try interpolated(until: 0x22)
            return make(Self.collapse(parts))
        }
        if starts(with: "<<<") { return make(try heredoc()) }
        for symbol in Self.symbols where starts(with: symbol) {
            advance(symbol.utf8.count)
            return make(.symbol(symbol))
        }
        advance()
        return make(.symbol(text(start..<position)))
    }

    /// Operators, longest first.
    static let symbols = [
        "===", "!==", "<=>", "**=", "...", "<<=", ">>=", "??=",
        "==", "!=", "<>", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", ".=", "%=", "&=", "|=",
        "^=", "->", "=>", "::", "<<", ">>", "??", "**",
    ]

    private var pendingError: PHPScanError?

    private mutating func skipSpaceAndComments() {
        while let byte = peek() {
            if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                advance()
            } else if byte == 0x23 || (byte == 0x2F && peek(1) == 0x2F) {
                // A line comment ends at the line's end or before `?>`.
                while let b = peek(), b != 10 {
                    if b == 0x3F, peek(1) == 0x3E { return }
                    advance()
                }
            } else if byte == 0x2F, peek(1) == 0x2A {
                let startLine = line
                advance(2)
                while position < bytes.count, !(peek() == 0x2A && peek(1) == 0x2F) { advance() }
                if position >= bytes.count {
                    pendingError = PHPScanError(message: dialect.unterminatedComment, line: startLine)
                    return
                }
                advance(2)
            } else {
                return
            }
        }
    }

    /// Text up to the next open tag (`<?php` followed by a space or the end, `<?=`, `<?`); nil
    /// when the file goes on with PHP code at once.
    private mutating func htmlToken() -> PHPLexeme? {
        let start = position
        let startLine = line
        while position < bytes.count {
            if bytes[position] == 0x3C, peek(1) == 0x3F {
                let before = text(start..<position)
                let tagLine = line
                if starts(with: "<?php", caseInsensitive: true),
                    peek(5).map({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) ?? true
                {
                    advance(5)
                    if peek() == 13, peek(1) == 10 { advance(2) } else if peek() != nil { advance() }
                    inPHP = true
                    if !before.isEmpty { return PHPLexeme(token: .inlineHTML(before), line: startLine, text: before) }
                    return nil
                }
                if peek(2) == 0x3D {
                    advance(3)
                    inPHP = true
                    if !before.isEmpty {
                        position -= 3
                        inPHP = false
                        return PHPLexeme(token: .inlineHTML(before), line: startLine, text: before)
                    }
                    return PHPLexeme(token: .openEcho, line: tagLine, text: "<?=")
                }
                advance(2)
                inPHP = true
                if !before.isEmpty { return PHPLexeme(token: .inlineHTML(before), line: startLine, text: before) }
                return nil
            }
            advance()
        }
        let rest = text(start..<position)
        if rest.isEmpty { return PHPLexeme(token: .end, line: line, text: "") }
        return PHPLexeme(token: .inlineHTML(rest), line: startLine, text: rest)
    }

    private mutating func number() -> PHPToken {
        let start = position
        if peek() == 0x30, let x = peek(1), x == 0x78 || x == 0x58 {
            advance(2)
            let digits = position
            while let b = peek(), b.isHexDigit || b == 0x5F { advance() }
            let value = text(digits..<position).filter { $0 != "_" }
            return Int(value, radix: 16).map(PHPToken.integer) ?? .float(Double(UInt64(value, radix: 16) ?? 0))
        }
        var isFloat = false
        while let b = peek(), (48...57).contains(b) || b == 0x5F { advance() }
        if peek() == 0x2E, peek(1).map({ (48...57).contains($0) }) ?? true {
            isFloat = true
            advance()
            while let b = peek(), (48...57).contains(b) { advance() }
        }
        if let e = peek(), e == 0x65 || e == 0x45 {
            let sign = peek(1) == 0x2B || peek(1) == 0x2D ? 1 : 0
            if let d = peek(1 + sign), (48...57).contains(d) {
                isFloat = true
                advance(1 + sign)
                while let b = peek(), (48...57).contains(b) { advance() }
            }
        }
        let literal = text(start..<position).filter { $0 != "_" }
        if !isFloat {
            if literal.count > 1, literal.hasPrefix("0"), let octal = Int(literal.dropFirst(), radix: 8) {
                return .integer(octal)
            }
            if let value = Int(literal) { return .integer(value) }
        }
        return .float(Double(literal) ?? 0)
    }

    private mutating func singleQuoted() throws(PHPScanError) -> String {
        let startLine = line
        advance()
        var out: [UInt8] = []
        while let byte = peek() {
            if byte == 0x27 {
                advance()
                return String(decoding: out, as: UTF8.self)
            }
            if byte == 0x5C, let next = peek(1), next == 0x27 || next == 0x5C {
                out.append(next)
                advance(2)
                continue
            }
            out.append(byte)
            advance()
        }
        throw PHPScanError(message: dialect.unterminatedString(startLine), line: startLine)
    }

    /// The parts of a double-quoted string (or a heredoc's body when `terminator` is nil and
    /// `end` marks where it stops), with escapes resolved and variables found.
    private mutating func interpolated(
        until terminator: UInt8?, end: Int? = nil
    ) throws(PHPScanError)
        -> [PHPTemplatePart]
    {
        let startLine = line
        var parts: [PHPTemplatePart] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { parts.append(.text(String(decoding: literal, as: UTF8.self))) }
            literal = []
        }
        while true {
            if let end, position >= end { break }
            guard let byte = peek() else {
                if terminator == nil { break }
                throw PHPScanError(message: dialect.unterminatedString(startLine), line: startLine)
            }
            if let terminator, byte == terminator {
                advance()
                break
            }
            if byte == 0x5C, let next = peek(1) {
                advance(2)
                switch next {
                case 0x6E: literal.append(10)
                case 0x74: literal.append(9)
                case 0x72: literal.append(13)
                case 0x76: literal.append(11)
                case 0x65: literal.append(27)
                case 0x66: literal.append(12)
                case 0x5C: literal.append(0x5C)
                case 0x24: literal.append(0x24)
                case 0x22 where terminator == 0x22: literal.append(0x22)
                case 0x78 where peek()?.isHexDigit == true:
                    var value = 0
                    for _ in 0..<2 {
                        guard let digit = peek(), digit.isHexDigit else { break }
                        value = value * 16 + digit.hexValue
                        advance()
                    }
                    literal.append(UInt8(value & 0xFF))
                case 0x30...0x37:
                    var value = Int(next - 0x30)
                    for _ in 0..<2 {
                        guard let digit = peek(), (0x30...0x37).contains(digit) else { break }
                        value = value * 8 + Int(digit - 0x30)
                        advance()
                    }
                    literal.append(UInt8(value & 0xFF))
                case 0x75 where dialect.major >= 7 && peek() == 0x7B:
                    advance()
                    var value = 0
                    while let digit = peek(), digit.isHexDigit {
                        value = value * 16 + digit.hexValue
                        advance()
                    }
                    if peek() == 0x7D { advance() }
                    literal += Array(String(Unicode.Scalar(UInt32(value)).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    literal.append(0x5C)
                    literal.append(next)
                }
                continue
            }
            if byte == 0x24, let next = peek(1), Self.isNameStart(next) {
                flush()
                advance()
                let nameStart = position
                while let b = peek(), Self.isNameByte(b) { advance() }
                let name = text(nameStart..<position)
                parts.append(.variable(name, simpleAccess()))
                continue
            }
            if byte == 0x7B, peek(1) == 0x24 {  // {$…}
                flush()
                let codeLine = line
                advance()
                let codeStart = position
                var depth = 1
                while let b = peek() {
                    if b == 0x7B { depth += 1 }
                    if b == 0x7D {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    advance()
                }
                let code = text(codeStart..<position)
                if peek() == 0x7D { advance() }
                parts.append(.code(code, line: codeLine))
                continue
            }
            if byte == 0x24, peek(1) == 0x7B {  // ${name}
                var index = position + 2
                while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == 0x7D, index > position + 2 {
                    flush()
                    parts.append(.variable(text(position + 2..<index), nil))
                    advance(index + 1 - position)
                    continue
                }
            }
            literal.append(byte)
            advance()
        }
        flush()
        return parts
    }

    /// `[0]`, `[key]`, `[$i]`, `[-1]` or `->name` right after a variable in a string.
    private mutating func simpleAccess() -> PHPTemplateAccess? {
        if peek() == 0x2D, peek(1) == 0x3E, let start = peek(2), Self.isNameStart(start) {
            advance(2)
            let nameStart = position
            while let b = peek(), Self.isNameByte(b) { advance() }
            return .property(text(nameStart..<position))
        }
        guard peek() == 0x5B else { return nil }
        var index = position + 1
        let keyStart = index
        if index < bytes.count, bytes[index] == 0x24 {
            index += 1
            let nameStart = index
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == 0x5D, index > nameStart else { return nil }
            let name = text(nameStart..<index)
            advance(index + 1 - position)
            return .variableKey(name)
        }
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == 0x5D, index > keyStart else { return nil }
        let key = text(keyStart..<index)
        advance(index + 1 - position)
        if let number = Int(key), String(number) == key { return .key(.int(number)) }
        return .key(.string(key))
    }

    /// `<<<NAME` … `NAME` (a heredoc, with variables) or `<<<'NAME'` (a nowdoc, as written).
    private mutating func heredoc() throws(PHPScanError) -> PHPToken {
        let startLine = line
        advance(3)
        while peek() == 32 || peek() == 9 { advance() }
        var quote: UInt8?
        if let q = peek(), q == 0x27 || q == 0x22 {
            quote = q
            advance()
        }
        let nameStart = position
        while let b = peek(), Self.isNameByte(b) { advance() }
        let name = text(nameStart..<position)
        if let quote, peek() == quote { advance() }
        guard !name.isEmpty, peek() == 10 || (peek() == 13 && peek(1) == 10) else {
            throw PHPScanError(message: dialect.unexpected("<<<"), line: startLine)
        }
        advance(peek() == 13 ? 2 : 1)
        // Find the closing line: the name alone (PHP 7.3+: indented, and followed by anything
        // but a name byte).
        var lineStart = position
        while lineStart <= bytes.count {
            var index = lineStart
            var indent = 0
            if dialect.flexibleHeredoc {
                while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 {
                    index += 1
                    indent += 1
                }
            }
            let matches =
                index + name.utf8.count <= bytes.count
                && Array(bytes[index..<index + name.utf8.count]) == Array(name.utf8)
            let after = index + name.utf8.count
            let ends =
                matches
                && (dialect.flexibleHeredoc
                    ? (after >= bytes.count || !Self.isNameByte(bytes[after]))
                    : (after >= bytes.count || bytes[after] == 10 || bytes[after] == 13 || bytes[after] == 0x3B))
            if ends {
                var bodyEnd = lineStart > position ? lineStart - 1 : position
                if bodyEnd > position, bytes[bodyEnd - 1] == 13 { bodyEnd -= 1 }
                let body: PHPToken
                if quote == 0x27 {
                    body = .string(Self.dedent(text(position..<bodyEnd), indent))
                    advance(after - position)
                } else {
                    let parts = try interpolated(until: nil, end: bodyEnd)
                    advance(after - position)
                    body = Self.collapse(Self.dedent(parts, indent))
                }
                return body
            }
            guard let newline = bytes[lineStart...].firstIndex(of: 10) else { break }
            lineStart = newline + 1
        }
        throw PHPScanError(message: dialect.unexpectedEnd, line: line)
    }

    private static func dedent(_ text: String, _ indent: Int) -> String {
        guard indent > 0 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.dropFirst(indent)) }
            .joined(separator: "\n")
    }

    private static func dedent(_ parts: [PHPTemplatePart], _ indent: Int) -> [PHPTemplatePart] {
        guard indent > 0 else { return parts }
        var atLineStart = true
        return parts.map { part in
            guard case .text(let text) = part else {
                atLineStart = false
                return part
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for index in lines.indices where index > 0 || atLineStart {
                lines[index] = String(lines[index].dropFirst(indent))
            }
            atLineStart = text.hasSuffix("\n")
            return .text(lines.joined(separator: "\n"))
        }
    }

    /// A template without variables is a plain string.
    private static func collapse(_ parts: [PHPTemplatePart]) -> PHPToken {
        if parts.isEmpty { return .string("") }
        if parts.count == 1, case .text(let text) = parts[0] { return .string(text) }
        return .template(parts)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self)
    }

    fileprivate var hexValue: Int {
        switch self {
        case 48...57: Int(self - 48)
        case 65...70: Int(self - 55)
        default: Int(self - 87)
        }
    }
}
