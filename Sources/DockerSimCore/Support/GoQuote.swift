/// Go's `strconv.Quote` (`%q` of a string): the text in double quotes, with `"` and `\` escaped, the
/// control characters Go names written `\a \b \f \n \r \t \v`, other ASCII controls `\xNN`, and
/// other characters that `unicode.IsPrint` rejects `\uNNNN` or `\UNNNNNNNN`. The one quoting used
/// wherever docker, compose or logrus print a Go-quoted string (COMMAND columns, error messages,
/// `level=warning msg=…`, templates' `printf "%q"`).
public func goQuote(_ s: String) -> String {
    // Printable ASCII without `"` or `\` (most commands) is quoted as it is.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + hexDigits(scalar.value, width: 2)
            } else if isGoPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x10000 {
                out += "\\u" + hexDigits(scalar.value, width: 4)
            } else {
                out += "\\U" + hexDigits(scalar.value, width: 8)
            }
        }
    }
    return out + "\""
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
private func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark,
        .decimalNumber, .letterNumber, .otherNumber,
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
        .initialPunctuation, .finalPunctuation, .otherPunctuation,
        .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
        return true
    default:
        return false
    }
}

/// `value` in lowercase hex, zero-padded to `width` digits.
private func hexDigits(_ value: UInt32, width: Int) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - hex.count)) + hex
}
