/// What differs between the PHP versions an image runs (5.6, 7.x, 8.x), taken from the version
/// the image's catalog entry names (`php PHP/7.4.33`): the order `list()` assigns in, the
/// precedence of `.`, the texts of parse errors and uncaught errors, which notices show, and
/// loose comparison of strings with numbers. Each rule names the PHP change it follows.
public struct PHPDialect: Sendable, Equatable {
    /// `7.4.33`.
    public var version: String
    public var major: Int
    public var minor: Int

    /// `PHP/7.4.33` (a catalog's `php` value) or `7.4.33`.
    public init?(_ text: String) {
        let version = text.hasPrefix("PHP/") ? String(text.dropFirst(4)) : text
        let parts = version.split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.version = version
        self.major = major
        self.minor = minor
    }

    /// PHP 5 assigns `list()`'s variables from the rightmost; PHP 7 from the leftmost
    /// (php.net/manual/en/migration70.incompatible.php, "list() no longer assigns variables in
    /// reverse order").
    var listAssignsRightToLeft: Bool { major < 7 }

    /// PHP 8 gives `.` a lower precedence than `+` and `-` (RFC concatenation_precedence).
    var concatenationBelowArithmetic: Bool { major >= 8 }

    /// PHP 7.3's flexible heredoc: the closing marker may be indented.
    var flexibleHeredoc: Bool { major > 7 || (major == 7 && minor >= 3) }

    /// PHP 7 turns most fatal errors into `Error` exceptions ("Uncaught Error: …" with a trace).
    var uncaughtErrors: Bool { major >= 7 }

    /// With no php.ini, error_reporting is `E_ALL & ~E_NOTICE & ~E_STRICT & ~E_DEPRECATED` before
    /// PHP 8 and `E_ALL` from 8 on, where an undefined variable or key is a warning.
    var showsUndefinedWarnings: Bool { major >= 8 }

    /// PHP 8's "saner string to number comparisons": `0 == "a"` is false.
    var saneStringNumberComparison: Bool { major >= 8 }

    /// PHP 5 warns on the first date function when date.timezone is not set (no php.ini).
    var warnsWithoutTimezone: Bool { major < 7 }

    // MARK: - Parse errors

    /// `syntax error, unexpected …` for a token.
    func unexpected(_ lexeme: PHPLexeme) -> String {
        "syntax error, unexpected " + describe(lexeme)
    }

    /// `syntax error, unexpected …` for a symbol's text.
    func unexpected(_ symbol: String) -> String {
        "syntax error, unexpected " + describe(PHPLexeme(token: .symbol(symbol), line: 0, text: symbol))
    }

    var unexpectedEnd: String { "syntax error, unexpected end of file" }

    var unterminatedComment: String { "syntax error, unexpected end of file" }

    func unterminatedString(_ line: Int) -> String { "syntax error, unexpected end of file" }

    /// How the parser names a token: `'foo' (T_STRING)` before PHP 8, `identifier "foo"` from 8.
    func describe(_ lexeme: PHPLexeme) -> String {
        let text = lexeme.text
        switch lexeme.token {
        case .end: return "end of file"
        case .variable:
            return major >= 8 ? "variable \"\(text)\"" : "'\(text)' (T_VARIABLE)"
        case .identifier(let name):
            if let keyword = Self.keywords[name.lowercased()] {
                return major >= 8 ? "token \"\(name)\"" : "'\(name)' (\(keyword))"
            }
            return major >= 8 ? "identifier \"\(name)\"" : "'\(name)' (T_STRING)"
        case .integer:
            return major >= 8 ? "integer \"\(text)\"" : "'\(text)' (T_LNUMBER)"
        case .float:
            return major >= 8 ? "floating-point number \"\(text)\"" : "'\(text)' (T_DNUMBER)"
        case .string(let value):
            if major >= 8 {
                return text.hasPrefix("'") ? "single-quoted string \"\(value)\"" : "double-quoted string \"\(value)\""
            }
            return "'\(text)' (T_CONSTANT_ENCAPSED_STRING)"
        case .template: return major >= 8 ? "token \"\"\"" : "'\"'"
        case .inlineHTML: return major >= 8 ? "inline html \"\(text)\"" : "'\(text)' (T_INLINE_HTML)"
        case .openEcho: return major >= 8 ? "token \"<?=\"" : "'<?=' (T_OPEN_TAG_WITH_ECHO)"
        case .closeTag: return major >= 8 ? "token \";\"" : "';'"
        case .symbol(let symbol):
            if major >= 8 { return "token \"\(symbol)\"" }
            if let name = Self.symbolNames[symbol] { return "'\(symbol)' (\(name))" }
            return "'\(symbol)'"
        }
    }

    /// The scanner's token names of PHP's keywords (Zend/zend_language_scanner.l).
    static let keywords: [String: String] = [
        "echo": "T_ECHO", "print": "T_PRINT", "if": "T_IF", "else": "T_ELSE", "elseif": "T_ELSEIF",
        "endif": "T_ENDIF", "while": "T_WHILE", "endwhile": "T_ENDWHILE", "do": "T_DO", "for": "T_FOR",
        "endfor": "T_ENDFOR", "foreach": "T_FOREACH", "endforeach": "T_ENDFOREACH", "as": "T_AS",
        "function": "T_FUNCTION", "return": "T_RETURN", "class": "T_CLASS", "new": "T_NEW", "array": "T_ARRAY",
        "list": "T_LIST", "isset": "T_ISSET", "empty": "T_EMPTY", "include": "T_INCLUDE",
        "include_once": "T_INCLUDE_ONCE", "require": "T_REQUIRE", "require_once": "T_REQUIRE_ONCE",
        "break": "T_BREAK", "continue": "T_CONTINUE", "switch": "T_SWITCH", "endswitch": "T_ENDSWITCH",
        "case": "T_CASE", "default": "T_DEFAULT", "global": "T_GLOBAL", "static": "T_STATIC", "exit": "T_EXIT",
        "die": "T_EXIT", "and": "T_LOGICAL_AND", "or": "T_LOGICAL_OR", "xor": "T_LOGICAL_XOR", "try": "T_TRY",
        "catch": "T_CATCH", "finally": "T_FINALLY", "throw": "T_THROW", "public": "T_PUBLIC",
        "private": "T_PRIVATE", "protected": "T_PROTECTED", "const": "T_CONST", "unset": "T_UNSET",
        "instanceof": "T_INSTANCEOF", "clone": "T_CLONE", "namespace": "T_NAMESPACE", "use": "T_USE",
        "interface": "T_INTERFACE", "trait": "T_TRAIT", "abstract": "T_ABSTRACT", "final": "T_FINAL",
        "var": "T_VAR", "goto": "T_GOTO", "extends": "T_EXTENDS", "implements": "T_IMPLEMENTS",
        "declare": "T_DECLARE", "yield": "T_YIELD", "eval": "T_EVAL",
    ]

    /// The scanner's token names of PHP's operators.
    static let symbolNames: [String: String] = [
        "=>": "T_DOUBLE_ARROW", "->": "T_OBJECT_OPERATOR", "==": "T_IS_EQUAL", "===": "T_IS_IDENTICAL",
        "!=": "T_IS_NOT_EQUAL", "<>": "T_IS_NOT_EQUAL", "!==": "T_IS_NOT_IDENTICAL", "<=": "T_IS_SMALLER_OR_EQUAL",
        ">=": "T_IS_GREATER_OR_EQUAL", "&&": "T_BOOLEAN_AND", "||": "T_BOOLEAN_OR", ".=": "T_CONCAT_EQUAL",
        "+=": "T_PLUS_EQUAL", "-=": "T_MINUS_EQUAL", "*=": "T_MUL_EQUAL", "/=": "T_DIV_EQUAL", "%=": "T_MOD_EQUAL",
        "++": "T_INC", "--": "T_DEC", "::": "T_PAAMAYIM_NEKUDOTAYIM", "??": "T_COALESCE", "<<": "T_SL",
        ">>": "T_SR", "**": "T_POW", "<=>": "T_SPACESHIP", "...": "T_ELLIPSIS",
    ]
}
